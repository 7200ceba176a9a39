"""The replay's record reaches the issue: each call quotes how its setup did in a replay.

The workspace config's ``replay_report`` names a replay's ``report.json``; a
call whose setup (or section) has decided calls there gets one line, e.g.
"this setup: 14 of 31 since 2003 hit the target, +0.4R a call (replay)". The
track-record page shows the same report apart from the live record, never mixed.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace
from pathlib import Path

from newsletter.display import r_words
from newsletter.errors import NewsletterError
from newsletter.model import Call, Issue
from newsletter.replay.stats import R_COUNTED, wilson


def load_report(workspace: Path, name: str) -> dict | None:
    """The replay report the config names (None when it names none); unreadable is a user error."""
    if not name:
        return None
    path = Path(name) if Path(name).is_absolute() else workspace / name
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
        report["by_setup"], report["weeks"]["first"]  # noqa: B018  (the keys this module reads)
    except FileNotFoundError:
        raise NewsletterError("no replay report here: run `newsletter replay` or clear replay_report",
                              file=path, key="replay_report") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise NewsletterError(f"not a replay report.json ({type(exc).__name__}: {exc})", file=path,
                              key="replay_report") from None
    return report


def quotable_report(report: dict | None) -> tuple[dict | None, str | None]:
    """The report when its R is counted as this version counts it (at the fills), else None and
    the warning that says why. A replay written before counted R from the trigger level, about
    0.8R a call better than a reader could get on the real bars: quoted beside a new call it is a
    wrong number. A report that states no definition at all (made by hand) is taken as it is."""
    if not report or "r_definition" not in report or report.get("r_counted") == R_COUNTED:
        return report, None
    return None, ("replay_report: the replay counted R from the trigger level, as replays did "
                  "before R was counted at the fills; run `newsletter replay` again: until then "
                  "its record is not quoted")


def matching_report(report: dict | None, sample: bool) -> tuple[dict | None, str | None]:
    """The report when it can be quoted (:func:`quotable_report`) and was replayed on the same kind
    of market as the build (the sample market for a sample build, real bars for a real one), else
    None and the warning that says why: a record of another market beside a call is a wrong
    number with a true-looking n. A report that names no source is taken as it is."""
    report, stale = quotable_report(report)
    if stale:
        return None, stale
    if not report or "source" not in report:
        return report, None
    replayed_sample = report["source"] == "sample"
    if replayed_sample == sample:
        return report, None
    ran = "the sample market" if replayed_sample else report["source"]
    this = "the sample market" if sample else "real data"
    return None, (f"replay_report: the replay ran on {ran}, not {this}: its record is not quoted "
                  "beside this issue's calls")


@dataclass(frozen=True)
class SetupRecord:
    """What the replay says of one call's setup, as of the issue: the calls of that setup on every
    name replayed, pooled (the figure with the n worth quoting), and how many of them were on the
    call's own ticker. ``names`` is None when the report does not say which names it pooled."""

    label: str
    """"This setup (support break)", or "This section's calls" for a call without a setup."""
    since: str
    hits: int
    decided: int
    expectancy: float
    names: int | None = None
    own_hits: int = 0
    own_decided: int = 0
    own_expectancy: float | None = None
    baseline_decided: int = 0
    """The random-week sceptic's copies of these calls decided by the as-of (the report's
    ``baseline.decided``; 0 in a report without them)."""
    baseline_expectancy: float | None = None

    def words(self, ticker: str) -> str:
        """The line under the call, ``ticker`` as the issue prints it ("$IWM"). Found on the real
        bars: "$IWM, this setup (support break): 19 of 52" and "$SPY, this setup (support
        break): 19 of 52" in the same issue, a record of four names read as each one's own."""
        low, high = wilson(self.hits, self.decided)
        own = ""
        if self.names is None:
            scope = "across the names replayed"
        elif self.own_decided == self.decided:  # every call pooled was on this ticker
            scope = f"on {ticker}"
        else:
            scope = ("on the one name replayed" if self.names == 1
                     else f"on the {self.names} names replayed")
            own = (f"; {ticker} alone {self.own_hits} of {self.own_decided}, "
                   f"{r_words(self.own_expectancy)}" if self.own_decided and
                   self.own_expectancy is not None else f"; none of them on {ticker}")
        base = (f", against {r_words(self.baseline_expectancy)} for the same plans on random weeks "
                f"(n = {self.baseline_decided})"
                if self.baseline_decided and self.baseline_expectancy is not None else "")
        return (f"{self.label} {scope} since {self.since}: {self.hits} of {self.decided} hit the "
                f"target (90% interval {100 * low:.0f}% to {100 * high:.0f}%), "
                f"{r_words(self.expectancy)} a call{base}{own} (replay, hypothetical)")


def setup_record(report: dict, call: Call, asof: dt.date | None = None) -> SetupRecord | None:
    """What the replay says of ``call``'s setup, or None when it has no decided call of it.

    With ``asof``, only calls decided by then count: a rebuilt 2020 issue must not quote calls
    the replay decided in 2022. A report without decision dates (``decided``) whose data runs past
    ``asof`` cannot be cut, so it is not quoted at all. Rows that name their ticker (reports since
    the line said whose record it is) give the names pooled and the call's own ticker's share."""
    key = call.setup or call.origin
    rows = report.get("decided")
    names: int | None = None
    own_hits = own_decided = 0
    own_expectancy = None
    if rows is not None:
        mine = [(outcome, r, rest[0] if rest else None) for day, setup, outcome, r, *rest in rows
                if setup == key and (asof is None or dt.date.fromisoformat(day) <= asof)]
        hits, decided = sum(outcome == "hit" for outcome, _, _ in mine), len(mine)
        expectancy = _mean([r for _, r, _ in mine])
        tickers = {ticker for _, _, ticker in mine}
        if mine and None not in tickers:
            names = len(tickers)
            own = [(outcome, r) for outcome, r, ticker in mine if ticker == call.ticker]
            own_hits, own_decided = sum(outcome == "hit" for outcome, _ in own), len(own)
            own_expectancy = _mean([r for _, r in own])
    else:
        end = report.get("data_end")
        if asof is not None and end is not None and dt.date.fromisoformat(end) > asof:
            return None
        record = report["by_setup"].get(key)
        if not record:
            return None
        hits = record["hit"]
        decided = record["hit"] + record["stopped"] + record["expired"]
        expectancy = record.get("expectancy_r")
    if not decided or expectancy is None:
        return None
    label = f"This setup ({call.setup})" if call.setup else "This section's calls"
    base = [r for day, setup, outcome, r, *_ in report.get("baseline", {}).get("decided", [])
            if setup == key and (asof is None or dt.date.fromisoformat(day) <= asof)]
    return SetupRecord(label, report["weeks"]["first"][:4], hits, decided, expectancy, names,
                       own_hits, own_decided, own_expectancy, len(base), _mean(base))


def _mean(values: list[float | None]) -> float | None:
    rs = [r for r in values if r is not None]
    return sum(rs) / len(rs) if rs else None


def with_record(issue: Issue, report: dict | None, asof: dt.date | None = None) -> Issue:
    """The issue with each call's replayed record attached (unchanged without a report): the
    calls it makes and the earlier ones it restates as standing, counting only what the replay
    had decided by ``asof`` (:func:`setup_record`)."""
    if not report:
        return issue
    calls = [*issue.calls, *(g.call for g in issue.standing.values())]
    lines = {c.id: line for c in calls if (line := setup_record(report, c, asof))}
    return replace(issue, replay=lines) if lines else issue
