"""What must hold before an issue is published. A failed check keeps the issue a draft.

Each check says what it looked at in one line, so a held issue's log (and the
author's email) says exactly why.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from newsletter.calls import call_from_json
from newsletter.sessions import last_completed_session, last_completed_session_now
from newsletter.workspace import Workspace

KEY_TICKER = "SPY"


@dataclass(frozen=True)
class CheckItem:
    name: str
    ok: bool
    detail: str


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


def key_last_bar(snapshot) -> dt.date | None:
    """The last bar of the key index (SPY), or of any ticker when it is missing."""
    frame = snapshot.bars.get(KEY_TICKER)
    if frame is None or frame.empty:
        frame = next((f for f in snapshot.bars.values() if not f.empty), None)
    return None if frame is None else frame.index[-1].date()


def stale_reason(snapshot, issue_date: dt.date, now: dt.datetime | None = None,
                 extra_closures: tuple[dt.date, ...] = ()) -> str | None:
    """Why the data is stale (the key index's last bar is older than it must be), or None."""
    last = key_last_bar(snapshot)
    if last is None:
        return "the snapshot holds no bars"
    expected = expected_asof(issue_date, now, extra_closures)
    if last < expected:
        return f"the last bar is {last}, the last completed session is {expected}"
    return None


def _fresh(result, ws: Workspace, now: dt.datetime | None) -> CheckItem:
    reason = stale_reason(result.snapshot, result.issue.date, now, tuple(ws.config.data.extra_closures))
    if reason:
        return CheckItem("fresh data", False, f"stale: {reason}")
    return CheckItem("fresh data", True, f"last bar {key_last_bar(result.snapshot)}")


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


def run_checks(ws: Workspace, result, now: dt.datetime | None = None) -> CheckReport:
    """Check a built issue (a :class:`~newsletter.build.BuildResult`) against the publishing rules."""
    folder: Path = result.folder
    issue = result.issue
    items = [
        CheckItem("real data", not issue.sample,
                  "built on the SAMPLE market" if issue.sample else f"source {issue.source}"),
        _fresh(result, ws, now),
    ]
    failures = list(result.composed.failures)
    items.append(CheckItem("sections", not failures,
                           "; ".join(failures) if failures else
                           f"{len(issue.sections)} sections built or skipped with a note"))
    email = folder / "email.html"
    limit = ws.config.email.max_html_kb
    if email.is_file():
        kb = email.stat().st_size / 1024
        detail = f"email.html {kb:.1f} KB (limit {limit} KB)"
        if kb > limit:
            from newsletter.email_html import html_size_report

            detail += "; biggest: " + html_size_report(email.read_text(encoding="utf-8")).explain()
        items.append(CheckItem("email size", kb <= limit, detail))
    else:
        items.append(CheckItem("email size", False, "email.html missing"))
    items.append(_charts(folder))
    calls = folder / "calls.json"
    try:  # every entry a call the next issue can grade
        stored = json.loads(calls.read_text(encoding="utf-8"))
        if not isinstance(stored, list):
            raise ValueError("not a list of calls")
        count = len([call_from_json(entry) for entry in stored])
        items.append(CheckItem("calls file", True, f"{count} calls stored"))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        items.append(CheckItem("calls file", False, f"calls.json unreadable ({exc})"))
    missing_index = [t for t in ws.config.watchlists.indices if t in result.snapshot.failed]
    items.append(CheckItem("index data", not missing_index,
                           f"no data for {', '.join(missing_index)}" if missing_index else
                           "every index delivered"))
    return CheckReport(tuple(items))
