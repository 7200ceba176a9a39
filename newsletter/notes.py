"""The author's notes for one issue: ``notes/<issue-date>.yaml``, validated.

Author text is Markdown. It is sanitised here, once, on the way in: HTML tags
are reduced to a small safe set by nh3 and links whose scheme is not http,
https or mailto are turned into plain text, so no output (Markdown included)
can carry a script.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Literal

import nh3
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from newsletter.config import Ticker
from newsletter.validators import check_level, check_url
from newsletter.yamlfile import load_yaml, validate

SECTION_KEYS = ("headline", "recap", "breadth", "breakdown", "rotation", "sentiment", "macro", "edge",
                "regime", "go_deeper", "technical", "volatility", "lenses")
_SAFE_TAGS = {"b", "strong", "i", "em", "code", "br", "a"}
# Possessive and bounded: one pass over the text whatever it holds (no backtracking blow-up).
_MD_LINK = re.compile(r"\]\(\s{0,20}+<?((?:[^()\s>]|\([^()\s]{0,2048}+\)){0,2048}+)>?([^)]{0,300}+)\)")
_SAFE_SCHEME = re.compile(r"^(https?:|mailto:|#|/|\.{0,2}/|[\w\-./]+$)", re.I)
_BARE_SCHEME = re.compile(r"\b(javascript|vbscript|data)(\s*+(?::|&#0*+58;?|&#x0*+3a;?|&colon;))", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
MAX_TEXT = 5000
"""Characters in one notes text (a commentary is a paragraph or three)."""
MAX_WATCH = 20


def sanitise_markdown(text: str) -> str:
    """Author Markdown made safe for every output, keeping what an author means."""
    if _CONTROL.search(text):  # a YAML escape ("\0", "\r\n") can carry what the file scan cannot see
        raise ValueError("control characters (other than a line break or tab) are not allowed")
    cleaned = nh3.clean(text, tags=_SAFE_TAGS, attributes={"a": {"href"}},
                        url_schemes={"http", "https", "mailto"}, link_rel=None)
    cleaned = cleaned.replace("&gt;", ">").replace("&lt;", "&lt;").replace("&amp;", "&")

    def _link(match: re.Match[str]) -> str:
        url = match.group(1)
        return match.group(0) if _SAFE_SCHEME.match(url) else "](#)"

    cleaned = _MD_LINK.sub(_link, cleaned)
    return _BARE_SCHEME.sub(lambda m: m.group(1) + "\u200b" + m.group(2), cleaned).strip()


SafeText = Annotated[str, Field(max_length=MAX_TEXT), AfterValidator(sanitise_markdown)]


def _check_url(value: str) -> str:
    if value and not re.match(r"^https?://[^\s/]+\S*$", value):
        raise ValueError("expected an http(s) URL")
    return check_url(value)


Url = Annotated[str, AfterValidator(_check_url)]
Level = Annotated[float, BeforeValidator(check_level)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RecapNote(_Strict):
    """A line the author adds to Last Week Recap (a jobs report, say)."""

    mark: Literal["✅", "❌", "🟡", "hit", "failed", "open"] = "🟡"
    text: SafeText = Field(min_length=1)
    detail: SafeText = ""

    @property
    def emoji(self) -> str:
        return {"hit": "✅", "failed": "❌", "open": "🟡"}.get(self.mark, self.mark)


class NoteItem(_Strict):
    """An extra bullet in a section."""

    text: SafeText = Field(min_length=1)
    ticker: Ticker | None = None
    detail: SafeText = ""


class NoteCall(_Strict):
    ticker: Ticker
    direction: Literal["long", "short"]
    trigger: Level
    target: Level
    stop: Level
    horizon: dt.date
    text: SafeText = ""

    @model_validator(mode="after")
    def _coherent(self) -> NoteCall:
        if self.direction == "short" and not (self.target < self.trigger < self.stop):
            raise ValueError("a short call needs target < trigger < stop")
        if self.direction == "long" and not (self.stop < self.trigger < self.target):
            raise ValueError("a long call needs stop < trigger < target")
        return self

    @field_validator("horizon")
    @classmethod
    def _future(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        issue_date = (info.context or {}).get("issue_date")
        if issue_date is not None and value <= issue_date:
            raise ValueError(f"horizon must be after the issue date {issue_date}")
        return value


class Notes(_Strict):
    headline: SafeText = ""
    hook: SafeText = ""
    go_deeper: Url = ""
    recap: list[RecapNote] = []
    commentary: dict[Literal[SECTION_KEYS], SafeText] = {}  # type: ignore[valid-type]
    items: dict[Literal[SECTION_KEYS], list[NoteItem]] = {}  # type: ignore[valid-type]
    watch: list[Ticker] = Field(default=[], max_length=MAX_WATCH)
    calls: list[NoteCall] = Field(default=[], max_length=20)
    hide: list[str] = []

    @field_validator("hide")
    @classmethod
    def _hide(cls, values: list[str]) -> list[str]:
        for value in values:
            section = value.split(":", 1)[0]
            if section not in SECTION_KEYS:
                raise ValueError(f"cannot hide {value!r}: expected a section ({', '.join(SECTION_KEYS)}) "
                                 "or section:TICKER")
        return values

    def hidden(self, section: str, ticker: str | None = None) -> bool:
        return section in self.hide or (ticker is not None and f"{section}:{ticker}" in self.hide)


def notes_path(notes_dir: Path, issue_date: dt.date) -> Path:
    return notes_dir / f"{issue_date.isoformat()}.yaml"


def load_notes(notes_dir: Path, issue_date: dt.date, display_root: Path | None = None) -> Notes:
    """The notes for ``issue_date``; no file means no notes (the issue is fully data-driven)."""
    path = notes_path(notes_dir, issue_date)
    if not path.exists():
        return Notes()
    display = str(path.relative_to(display_root)) if display_root and path.is_relative_to(display_root) else str(path)
    loaded = load_yaml(path, display=display)
    if loaded.data is not None and not isinstance(loaded.data, dict):
        from newsletter.errors import NewsletterError

        raise NewsletterError("expected a mapping of keys to values at the top", file=display, line=1)
    return validate(loaded, Notes, context={"issue_date": issue_date})
