"""What must hold before an issue is published. A failed check keeps the issue a draft.

Each check says what it looked at in one line, so a held issue's log (and the
author's email) says exactly why.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newsletter.calls import CALLS_FILE, load_calls
from newsletter.errors import NewsletterError
from newsletter.inbox import PREHEADER_SHOWN
from newsletter.presend import CheckItem
from newsletter.sessions import last_completed_session, last_completed_session_now
from newsletter.workspace import Workspace

if TYPE_CHECKING:
    from newsletter.presend.links import Probe
    from newsletter.presend.spam import Scorer

KEY_TICKER = "SPY"


@dataclass(frozen=True)
class CheckReport:
    items: tuple[CheckItem, ...]

    @property
    def ok(self) -> bool:
        return all(i.ok for i in self.items)

    @property
    def reasons(self) -> list[str]:
        return [f"{i.name}: {i.detail}" for i in self.items if not i.ok]

    def summary(self) -> str:
        if self.ok:
            return f"all {len(self.items)} checks passed"
        return "held: " + "; ".join(self.reasons)


def expected_asof(issue_date: dt.date, now: dt.datetime | None = None,
                  extra_closures: tuple[dt.date, ...] = ()) -> dt.date:
    """The last completed session an issue dated ``issue_date`` must have data for at ``now``."""
    return min(last_completed_session(issue_date, extra_closures),
               last_completed_session_now(now, extra_closures))


STALE_NOTE = re.compile(r"^stale: last bar (\d{4}-\d{2}-\d{2})\b")


def stale_tickers(last_bars: Mapping[str, dt.date], session: dt.date) -> dict[str, dt.date]:
    """THE definition of stale data, used by the build, the checks and the publish safety rule.

    A ticker is stale when its last bar is before ``session``: the as-of session when an
    issue is built, the last completed session (:func:`expected_asof`) when it is published.
    Returns the stale tickers with their last bar.
    """
    return {t: last for t, last in last_bars.items() if last < session}


def stale_note(last: dt.date, session: dt.date, behind: int) -> str:
    """How a stale ticker is recorded in ``Snapshot.failed`` (read back by :func:`stale_since`)."""
    sessions = "session" if behind == 1 else "sessions"
    return f"stale: last bar {last}, {behind} {sessions} before the as-of session {session}"


def stale_since(reason: str) -> dt.date | None:
    """The last bar of a ticker left out as stale, from its ``Snapshot.failed`` reason, or None."""
    match = STALE_NOTE.match(reason or "")
    return dt.date.fromisoformat(match.group(1)) if match else None


def last_bars(snapshot, tickers: Sequence[str] | None = None) -> dict[str, dt.date]:
    """The last bar of each ticker (default: every one): from its bars, or, for a ticker the
    validation left out as stale, from the note that says so."""
    names = list(tickers) if tickers is not None else [*snapshot.bars, *snapshot.failed]
    out: dict[str, dt.date] = {}
    for ticker in dict.fromkeys(names):
        frame = snapshot.bars.get(ticker)
        if frame is not None and not frame.empty:
            out[ticker] = frame.index[-1].date()
        elif (since := stale_since(snapshot.failed.get(ticker, ""))) is not None:
            out[ticker] = since
    return out


def key_last_bar(snapshot, keys: Sequence[str] = (KEY_TICKER,)) -> dt.date | None:
    """The oldest last bar among the key tickers (every ticker when none of them is there)."""
    last = last_bars(snapshot, keys) or last_bars(snapshot)
    return min(last.values()) if last else None


def stale_reason(snapshot, issue_date: dt.date, now: dt.datetime | None = None,
                 extra_closures: tuple[dt.date, ...] = (),
                 keys: Sequence[str] = (KEY_TICKER,)) -> str | None:
    """Why the data is stale (a key ticker's last bar is older than the last completed
    session), or None. Every ticker is judged when the snapshot has none of the keys."""
    last = last_bars(snapshot, keys) or last_bars(snapshot)
    if not last:
        return "the snapshot holds no bars"
    expected = expected_asof(issue_date, now, extra_closures)
    stale = stale_tickers(last, expected)
    if not stale:
        return None
    if len(stale) == len(last) and len(set(stale.values())) == 1:
        return f"the last bar is {next(iter(stale.values()))}, the last completed session is {expected}"
    listed = ", ".join(f"{t} {d}" for t, d in sorted(stale.items()))
    return f"the last bars are {listed}; the last completed session is {expected}"


def _fresh(result, ws: Workspace, now: dt.datetime | None) -> CheckItem:
    keys = ws.config.key_tickers()
    reason = stale_reason(result.snapshot, result.issue.date, now, tuple(ws.config.data.extra_closures),
                          keys=keys)
    if reason:
        return CheckItem("fresh data", False, f"stale: {reason}")
    return CheckItem("fresh data", True, f"last bar {key_last_bar(result.snapshot, keys)}")


def _validation(result, ws: Workspace) -> CheckItem:
    """No key ticker has a bar the validation stage dropped, cut, left out or found suspect."""
    validation = getattr(result, "validation", None)
    if validation is None:
        from newsletter.validate import validate_snapshot

        _, validation = validate_snapshot(result.snapshot, ws.config)
    holding = validation.holding(ws.config.key_tickers())
    if holding:
        shown = "; ".join(f.line() for f in holding[:3])
        more = f" (and {len(holding) - 3} more)" if len(holding) > 3 else ""
        return CheckItem("data validation", False, shown + more)
    count = len(validation.findings)
    return CheckItem("data validation", True,
                     f"{count} finding{'s' if count != 1 else ''}, none holding a key ticker"
                     if count else "every bar passed")


def _charts(folder: Path) -> CheckItem:
    """Every output shows the same charts, and every chart it shows is on disk."""
    refs: dict[str, set[str]] = {}
    patterns = {"issue.md": r"charts/([\w.\-]+)\.png", "index.html": r"charts/([\w.\-]+)\.png",
                "email.html": r"cid:([\w.\-]+)"}
    for name, pattern in patterns.items():
        path = folder / name
        if not path.is_file():
            return CheckItem("charts", False, f"{name} missing")
        refs[name] = set(re.findall(pattern, path.read_text(encoding="utf-8")))
    shown = refs["issue.md"]
    for name in ("index.html", "email.html"):
        if refs[name] != shown:
            odd = sorted(shown ^ refs[name])
            return CheckItem("charts", False, f"{name} does not show the same charts ({', '.join(odd)})")
    missing = sorted(c for c in shown if not (folder / "charts" / f"{c}.png").is_file())
    if missing:
        return CheckItem("charts", False, "missing " + ", ".join(f"charts/{c}.png" for c in missing))
    return CheckItem("charts", True, f"{len(shown)} charts in every output")


_PADDING = re.compile(r"[\u034f\u00a0\u200b-\u200d\u2060\ufeff\u00ad]+")
_URL_ATTR = re.compile(r"""\b(href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_GOOD_URL = {"href": re.compile(r"^(https?://[^/\s\"'<>]+[^\s\"'<>]*|mailto:[^\s@]+@[^\s@]+)$"),
             "src": re.compile(r"^(https://[^/\s\"'<>]+[^\s\"'<>]*|cid:[\w.\-]+)$")}


def _preheader(folder: Path) -> CheckItem:
    """The inbox preview text: present, and short enough to be read whole."""
    try:
        text = json.loads((folder / "meta.json").read_text(encoding="utf-8")).get("preheader", "")
        if not isinstance(text, str):
            raise TypeError("the preheader is not text")
    except (OSError, ValueError, AttributeError, TypeError) as exc:
        return CheckItem("preheader", False, f"meta.json unreadable ({exc})")
    shown = " ".join(_PADDING.sub(" ", text).split())
    low, high = PREHEADER_SHOWN
    if not shown:
        return CheckItem("preheader", False, "empty: the inbox would show the body's first words")
    if len(shown) > high:
        return CheckItem("preheader", False, f"{len(shown)} characters; the inbox cuts it after "
                                             f"about {high}")
    short = f" (under {low}: the padding keeps the body out of the preview)" if len(shown) < low else ""
    return CheckItem("preheader", True, f"{len(shown)} characters shown{short}")


def _email_links(folder: Path) -> CheckItem:
    """Every link of the email absolute http(s) or mailto, every image https or an attached cid."""
    path = folder / "email.html"
    if not path.is_file():
        return CheckItem("email links", False, "email.html missing")
    html = path.read_text(encoding="utf-8")
    bad = sorted({f"{attr.lower()}={(a or b)!r}" for attr, a, b in _URL_ATTR.findall(html)
                  if not _GOOD_URL[attr.lower()].match((a or b).strip())})
    count = len(_URL_ATTR.findall(html))
    if bad:
        return CheckItem("email links", False, f"{len(bad)} not well-formed: {', '.join(bad[:5])}")
    return CheckItem("email links", True, f"{count} links and images well-formed")


GMAIL_CLIP_KB = 102
"""Gmail clips a message whose HTML is over this (KB): readers see "[Message clipped]"."""


def _email_size(folder: Path, limit: int) -> CheckItem:
    """The HTML at most ``limit`` KB (1 KB = 1,024 bytes; the limit itself passes), under the clip."""
    email = folder / "email.html"
    if not email.is_file():
        return CheckItem("email size", False, "email.html missing")
    kb = email.stat().st_size / 1024
    detail = f"email.html {kb:.1f} KB (limit {limit} KB; Gmail clips over {GMAIL_CLIP_KB} KB)"
    if kb > GMAIL_CLIP_KB:
        detail += ": Gmail would clip it"
    if kb > limit:
        from newsletter.email_html import html_size_report

        detail += "; biggest: " + html_size_report(email.read_text(encoding="utf-8")).explain()
    return CheckItem("email size", kb <= limit, detail)


DEFAULT = "default"
"""``run_checks``' probe and scorer: the real ones (each skipped with a note when unavailable)."""


def before_send(ws: Workspace, folder: Path, *, probe: Probe | None | str = DEFAULT,
                scorer: Scorer | None | str = DEFAULT) -> list[CheckItem]:
    """The inbox checks of :mod:`newsletter.presend`: links reachable (``probe``), image weight,
    spam score (``scorer``), CSS support. ``None`` skips the probe or the scorer with a note."""
    from newsletter.presend import css_support, links, spam, weight

    config = ws.config.email
    path = folder / "email.html"
    if not path.is_file():
        return [CheckItem("links reachable", False, "email.html missing")]
    html = path.read_text(encoding="utf-8")
    return [
        links.reachability(links.web_urls(html),
                           links.default_probe() if isinstance(probe, str) else probe,
                           archive_url=ws.config.base_url),
        weight.image_weight(folder, html, max_image_kb=config.max_image_kb,
                            max_total_kb=config.max_images_kb),
        spam.spam_score(folder, *(spam.default_scorer() if isinstance(scorer, str)
                                  else (scorer, "no scorer")),
                        threshold=config.spam_threshold),
        css_support.css_support(html, config.css_clients, hold=config.css_unsupported == "hold"),
    ]


def run_checks(ws: Workspace, result, now: dt.datetime | None = None, *,
               probe: Probe | None | str = DEFAULT, scorer: Scorer | None | str = DEFAULT) -> CheckReport:
    """Check a built issue (a :class:`~newsletter.build.BuildResult`) against the publishing rules.

    ``probe`` (a URL → status) and ``scorer`` (a message → spam score) replace the network
    HEAD requests and SpamAssassin (tests); ``None`` skips either with a note.
    """
    folder: Path = result.folder
    issue = result.issue
    items = [
        CheckItem("real data", not issue.sample,
                  "built on the SAMPLE market" if issue.sample else f"source {issue.source}"),
        _fresh(result, ws, now),
        _validation(result, ws),
    ]
    failures = list(result.composed.failures)
    items.append(CheckItem("sections", not failures,
                           "; ".join(failures) if failures else
                           f"{len(issue.sections)} sections built or skipped with a note"))
    items += [_email_size(folder, ws.config.email.max_html_kb), _charts(folder),
              _preheader(folder), _email_links(folder)]
    items += before_send(ws, folder, probe=probe, scorer=scorer)
    try:  # every entry a call the next issue can grade
        if not (folder / CALLS_FILE).is_file():
            raise NewsletterError("missing", file=CALLS_FILE)
        count = len(load_calls(folder))
        items.append(CheckItem("calls file", True, f"{count} calls stored"))
    except NewsletterError as exc:
        where = exc.one_line().removeprefix(f"{folder}{os.sep}")  # the folder is the issue's own
        items.append(CheckItem("calls file", False, f"calls.json unreadable ({where})"))
    missing_index = [t for t in ws.config.watchlists.indices if t in result.snapshot.failed]
    items.append(CheckItem("index data", not missing_index,
                           f"no data for {', '.join(missing_index)}" if missing_index else
                           "every index delivered"))
    return CheckReport(tuple(items))
