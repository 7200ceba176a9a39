"""The core values that move between stages: Snapshot, Section, Call, Issue.

They are plain frozen dataclasses. Templates only ever see an :class:`Issue`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import pandas as pd

if TYPE_CHECKING:
    from newsletter.replay.record import SetupRecord

BAR_COLUMNS = ("Open", "High", "Low", "Close", "Adj Close", "Volume")
"""Every bars frame has exactly these columns, a naive DatetimeIndex named ``Date``
of session dates (midnight), sorted ascending, no duplicate dates. ``Close`` is
split-adjusted (what charts show); ``Adj Close`` also adjusts for dividends.
Sources deliver what they got (a date twice, a bad price); :mod:`newsletter.validate`
makes every frame hold to this before any section sees it."""

OPTION_COLUMNS = ("expiry", "kind", "strike", "open_interest", "volume")
"""An option chain frame: one row per contract; ``kind`` is ``"call"`` or ``"put"``;
``expiry`` is a ``datetime.date``."""

OPTION_QUOTE_COLUMNS = ("bid", "ask", "implied_volatility")
"""Columns a chain may carry after :data:`OPTION_COLUMNS`, in this order: the quote in
price units and the implied volatility as an annualised decimal (0.2 = 20 %)."""


def chain_columns(chain: pd.DataFrame) -> list[str]:
    """The columns of ``chain`` to keep, in order: OPTION_COLUMNS and the quote columns it has."""
    return [*OPTION_COLUMNS, *(c for c in OPTION_QUOTE_COLUMNS if c in chain.columns)]


@dataclass(frozen=True)
class Snapshot:
    """Everything one issue is built from, saved with the issue."""

    source: str
    asof: dt.date
    bars: dict[str, pd.DataFrame]
    options: dict[str, pd.DataFrame] = field(default_factory=dict)
    earnings: dict[str, tuple[dt.date, ...]] = field(default_factory=dict)
    sample: bool = False
    adjusted: str = "Close split-adjusted; Adj Close dividend-adjusted"
    calendar: str = ""
    failed: dict[str, str] = field(default_factory=dict)
    """Tickers the source could not deliver, with the reason."""
    iv_history: dict[str, pd.Series] = field(default_factory=dict)
    """ATM IV (percent) by session up to the as-of, for the tickers whose history the source keeps."""
    splits: dict[str, tuple[tuple[dt.date, float], ...]] = field(default_factory=dict)
    """The source's split record by ticker: (ex-date, new shares per old share: 4.0 for a
    4:1 split, 0.1 for a 1:10 reverse split), oldest first. A ticker with a record and no
    split has ``()``; a ticker absent here has no record (:mod:`newsletter.validate`)."""

    def close(self, ticker: str) -> pd.Series:
        return self.bars[ticker]["Close"]

    def has(self, ticker: str) -> bool:
        frame = self.bars.get(ticker)
        return frame is not None and not frame.empty


Direction = Literal["long", "short"]
Grade = Literal["hit", "failed", "open"]


@dataclass(frozen=True)
class Call:
    """A falsifiable call: if ``trigger`` happens, price reaches ``target`` before ``stop``."""

    id: str
    ticker: str
    direction: Direction
    trigger: float
    target: float
    stop: float
    horizon: dt.date
    origin: str
    """The section key that made it (``breakdown``, ``regime``) or ``notes``."""
    made_on: dt.date
    text: str = ""
    setup: str = ""
    """The kind of setup ("rejection at the 200-day", "support break", "regime"), for hit rates."""


@dataclass(frozen=True)
class GradedCall:
    call: Call
    grade: Grade
    date: dt.date | None = None
    price: float | None = None
    """The evidence of ``date``: the day's low or high that hit the target or the stop, or the
    last close of a call still open or past its horizon."""
    reason: str = ""
    entry: float | None = None
    """Where a reader got in: the close that triggered the call (None while it has not)."""
    fill: float | None = None
    """Where a reader got out: the target or the stop, or the day's open when it gapped past
    either; the horizon close of a call that expired (None while the trade is on or never was)."""


@dataclass(frozen=True)
class Item:
    """One bullet or numbered watch item of a section."""

    text: str
    """Markdown, already worded; author text is sanitised at render time."""
    marker: str = ""
    ticker: str | None = None
    title: str = ""
    body: tuple[str, ...] = ()
    chart: str | None = None
    call: Call | None = None
    origin: Literal["computed", "notes"] = "computed"


@dataclass(frozen=True)
class Chart:
    """A chart the issue shows: ``name`` is the PNG file stem under ``charts/``."""

    name: str
    alt: str
    width: int
    height: int
    kind: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    emoji: str
    title: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[Item, ...] = ()
    charts: tuple[Chart, ...] = ()
    note: str = ""
    """A one-line note shown instead of content: nothing qualified, data missing, or a bug."""
    data_missing: bool = False
    """The note says the section's data is missing (not that nothing met its bar this week)."""
    commentary: str = ""
    """The author's Markdown for this section, from the notes."""
    data: object = None
    """The section's own frozen dataclass of values; its template words them."""
    number: int | None = None
    """Watch items are numbered across the issue ("📌 1. $TSLA"); this is the first."""

    @property
    def empty(self) -> bool:
        return not (self.paragraphs or self.items or self.charts or self.note or self.commentary
                    or self.data is not None)


@dataclass(frozen=True)
class Issue:
    date: dt.date
    asof: dt.date
    title: str
    headline: str
    hook: str
    sections: tuple[Section, ...]
    calls: tuple[Call, ...] = ()
    graded: tuple[GradedCall, ...] = ()
    source: str = ""
    sample: bool = False
    replayed: str = ""
    """Set by ``newsletter replay --render``: the version whose rules rebuilt this issue after the
    fact; every replayed page says it is hypothetical (PRODUCT: wherever the replay appears)."""
    go_deeper: str | None = None
    web_url: str | None = None
    disclaimer: str = ""
    provenance: dict[str, str] = field(default_factory=dict)
    my_calls: tuple = ()
    """The author's notes calls with their checked plans (sections.note_calls.NoteCallPlan)."""
    tensions: tuple = ()
    """Tickers two sections point opposite ways on (story.Tension): one sentence each."""
    names: dict[str, str] = field(default_factory=dict)
    """The config's display names of symbols (see :mod:`newsletter.display`)."""
    replay: dict[str, SetupRecord] = field(default_factory=dict)
    """Call id → the replay's hypothetical record of that call's setup (empty without a replay)."""
    standing: dict[str, GradedCall] = field(default_factory=dict)
    """Call id of a section's call that was not made → the earlier open call on the same ticker
    and direction that stands in its place (:func:`newsletter.calls.standing_call`)."""
    repeats: dict[str, Call] = field(default_factory=dict)
    """Call id of a section's call that was not made → the call an earlier section of this
    issue made on the same ticker and direction (:func:`newsletter.calls.repeated_in_issue`)."""

    @property
    def charts(self) -> tuple[Chart, ...]:
        return tuple(c for s in self.sections for c in s.charts)

    def section(self, key: str) -> Section | None:
        """The issue's section with this key (a call's ``origin``), or None."""
        return next((s for s in self.sections if s.key == key), None)
