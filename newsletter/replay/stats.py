"""The replay's figures: outcomes, R per call, hit rates with Wilson intervals, baselines, calibration.

R is measured at the prices a reader could have traded (:func:`calls.r_multiple`): in at the
close that triggered the call, out at the target or the stop (or the open, when the price gapped
past either), or at the horizon close; one R is the distance from that entry to the stop. A
call never triggered is 0R and counted apart.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from newsletter.calls import OUTCOMES, grade_call, outcome, r_multiple
from newsletter.model import GradedCall

R_DEFINITION = (
    "R is counted where a reader could have traded. A call is entered at the close that "
    "triggered it (its trigger is a close through a level, so that close, not the level, is the "
    "price); one R is the distance from that entry to the stop. A hit earns the distance from the "
    "entry to the target, in R, or to the day's open when the price gapped past the target; a stop "
    "loses 1R, or more when the price gapped through the stop and the open was the first price to "
    "get out at; a call triggered but undecided at its horizon earns its mark-to-market at the "
    "horizon close, in R. A call never triggered (its horizon passed first, or its stop traded "
    "before its trigger and killed the setup, as its plan says) or never entered (the close that "
    "triggered it was already at or past its target: nothing was left to make) is 0R and counted "
    "apart; a call "
    "whose horizon is past the data is still open and not counted. A day that trades through "
    "both the stop and the target counts as stopped, unless it opened at or past the target, "
    "which then filled first. Hit rate is hits over triggered calls that are decided (hit, "
    "stopped or expired)."
)
R_COUNTED = "at fills"
"""How this version counts R (:data:`R_DEFINITION`), written into every report: a report without it
counted R from the trigger level, and an issue does not quote its R (record.quotable_report)."""
Z90 = 1.6448536269514722
"""The standard normal quantile for a two-sided 90% interval."""
SEED = 20031  # the baseline's random weeks: fixed, so the report is the same bytes every run

def wilson(hits: int, n: int, z: float = Z90) -> tuple[float, float]:
    """The Wilson score interval for ``hits`` of ``n`` (0 to 1 when n is 0)."""
    if n == 0:
        return 0.0, 1.0
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Record:
    """The figures of a group of graded calls."""

    made: int
    triggered: int
    hit: int
    stopped: int
    expired: int
    not_triggered: int
    open: int
    hit_rate: float | None
    interval: tuple[float, float]
    r_total: float
    expectancy: float | None
    """Mean R per triggered, decided call."""
    worst_run: int
    """The longest run of losing calls in a row, in the order they were made."""
    worst_run_r: float

    def as_dict(self) -> dict:
        return {
            "made": self.made, "triggered": self.triggered, "hit": self.hit, "stopped": self.stopped,
            "expired": self.expired, "failed": self.stopped + self.expired,
            "not_triggered": self.not_triggered, "open": self.open,
            "hit_rate": rounded(self.hit_rate), "interval_90": [rounded(x) for x in self.interval],
            "r_total": rounded(self.r_total), "expectancy_r": rounded(self.expectancy),
            "worst_run": self.worst_run, "worst_run_r": rounded(self.worst_run_r),
        }


def pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.0f}%"


def rounded(x: float | None, digits: int = 6) -> float | None:
    return None if x is None else round(float(x), digits) + 0.0


def record(graded: Sequence[GradedCall]) -> Record:
    """Counts, hit rate with its 90% Wilson interval, R and the worst losing run."""
    ordered = sorted(graded, key=lambda g: (g.call.made_on, g.call.id))
    kinds = [outcome(g) for g in ordered]
    count = {k: kinds.count(k) for k in OUTCOMES}
    decided = count["hit"] + count["stopped"] + count["expired"]
    rs = [r for r in (r_multiple(g) for g in ordered) if r is not None]
    run = worst = 0
    run_r = worst_r = 0.0
    for r in rs:
        if r < 0:
            run, run_r = run + 1, run_r + r
            if run > worst or (run == worst and run_r < worst_r):
                worst, worst_r = run, run_r
        else:
            run, run_r = 0, 0.0
    return Record(
        made=len(ordered), triggered=decided + sum(1 for g in ordered if outcome(g) == "open"
                                                   and g.reason.startswith("triggered")),
        hit=count["hit"], stopped=count["stopped"], expired=count["expired"],
        not_triggered=count["not triggered"], open=count["open"],
        hit_rate=count["hit"] / decided if decided else None,
        interval=wilson(count["hit"], decided), r_total=sum(rs),
        expectancy=sum(rs) / len(rs) if rs else None, worst_run=worst, worst_run_r=worst_r)


def by(graded: Iterable[GradedCall], key) -> dict[str, Record]:
    groups: dict[str, list[GradedCall]] = {}
    for g in graded:
        groups.setdefault(str(key(g)), []).append(g)
    return {k: record(v) for k, v in sorted(groups.items())}


def close_on_or_before(frame: pd.DataFrame, day: dt.date) -> tuple[dt.date, float] | None:
    pos = frame.index.searchsorted(pd.Timestamp(day), side="right") - 1
    if pos < 0:
        return None
    return frame.index[pos].date(), float(frame["Close"].iloc[pos])


def baseline_id(index: int, source: str) -> str:
    """The id of the random-week copy number ``index`` of the call ``source``."""
    return f"baseline-{index}-{source}"


def baseline_source(call_id: str) -> str:
    """The id of the real call a random-week copy (:func:`baseline_id`) copies."""
    prefix, _, rest = call_id.partition("-")
    if prefix != "baseline" or "-" not in rest:
        raise ValueError(f"not a baseline call id: {call_id!r}")
    return rest.split("-", 1)[1]


def baseline(graded: Sequence[GradedCall], weeks: Sequence[tuple[dt.date, dt.date]],
             bars: dict[str, pd.DataFrame], data_end: dt.date, seed: int = SEED) -> list[GradedCall]:
    """A sceptic's calls: one per real call, same ticker, direction, horizon and % geometry,
    made on a random replayed week (seeded) with the trigger at that week's close."""
    rng = random.Random(seed)
    out = []
    ordered = sorted(graded, key=lambda g: (g.call.made_on, g.call.id))
    for i, g in enumerate(ordered):
        c = g.call
        frame = bars.get(c.ticker)
        issue_date, asof = weeks[rng.randrange(len(weeks))]
        if frame is None or c.trigger <= 0:
            continue
        found = close_on_or_before(frame, asof)
        if found is None:
            continue
        close = found[1]
        call = replace(c, id=baseline_id(i, c.id), made_on=issue_date,
                       horizon=issue_date + (c.horizon - c.made_on), trigger=round(close, 4),
                       target=round(close * c.target / c.trigger, 4),
                       stop=round(close * c.stop / c.trigger, 4), text="random week")
        out.append(grade_call(call, frame, data_end))
    return out


def buy_and_hold(graded: Sequence[GradedCall], bars: dict[str, pd.DataFrame],
                 asofs: dict[dt.date, dt.date], data_end: dt.date) -> dict:
    """Holding each call's instrument from its as-of close to its horizon close (decided calls)."""
    returns = []
    for g in graded:
        c = g.call
        frame = bars.get(c.ticker)
        if frame is None or c.horizon > data_end or c.made_on not in asofs:
            continue
        start = close_on_or_before(frame, asofs[c.made_on])
        stop = close_on_or_before(frame, c.horizon)
        if start and stop and start[1] > 0:
            returns.append(stop[1] / start[1] - 1.0)
    n = len(returns)
    return {"n": n, "mean_return": rounded(sum(returns) / n) if n else None,
            "positive_share": rounded(sum(r > 0 for r in returns) / n) if n else None}


@dataclass(frozen=True)
class Calibrated:
    low: float
    high: float
    n: int
    stated: float
    realised: float


def calibration(points: Sequence[tuple[float, bool]], edges: Sequence[float] = (
        0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0001)) -> list[Calibrated]:
    """Stated confidence against the share that came true, in bins (empty bins left out)."""
    out = []
    for low, high in zip(edges, edges[1:], strict=False):
        inside = [(s, ok) for s, ok in points if low <= s < high]
        if inside:
            out.append(Calibrated(low, min(high, 1.0), len(inside),
                                  sum(s for s, _ in inside) / len(inside),
                                  sum(ok for _, ok in inside) / len(inside)))
    return out


def regime_reads(weeks, bars: dict[str, pd.DataFrame], data_end: dt.date,
                 horizon_days: int) -> list[tuple[float, bool]]:
    """Each week's regime read (risk-on or risk-off) with its stated confidence, and whether SPY
    then moved the way it said from the as-of close to the close on the read's horizon."""
    spy = bars.get("SPY")
    points = []
    if spy is None:
        return points
    for w in weeks:
        for s in w.sections:
            data = s.data
            if s.key != "regime" or data is None or getattr(data, "label", "mixed") == "mixed":
                continue
            horizon = w.issue_date + dt.timedelta(days=horizon_days)
            if horizon > data_end:
                continue
            start, end = close_on_or_before(spy, w.asof), close_on_or_before(spy, horizon)
            if start and end:
                up = end[1] > start[1]
                points.append((float(data.confidence), up == (data.label == "risk-on")))
    return points
