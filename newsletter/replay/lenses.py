"""The lenses' and the synthesis's record in the replay: every week's reads graded, weights fitted in sample.

Each replayed week whose Three Minds section was built gives four reads: macro,
flow and contrarian as the section read them, and the synthesis. Each is graded
on what the lenses section's one call is graded on: SPY (``sections.lenses.INDEX``)
from its close at the as-of session to its close on or before the issue date plus
``sections.regime.HORIZON_DAYS`` days (the call's horizon). The market's side is
:func:`newsletter.analysis.synthesis.realised_direction`; a "flat" read states
nothing and is not graded (it is counted among the reads).

The split: weights are fitted (:func:`fit_lens_weights`) on the reads *graded* on
or before ``SPLIT`` (2012-12-31), so no outcome after it reaches the fit; the
synthesis is then re-evaluated with those weights on the reads *made* after it
(2013 on), out of sample. A read made on or before the split but graded after it
(the last Sundays of 2012) is in neither period and is named in the report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from newsletter.analysis.agreement import Direction
from newsletter.analysis.lenses import LensRead, contrarian_lens, flow_lens, macro_lens
from newsletter.analysis.synthesis import (
    LENSES,
    MIN_FIT_N,
    fit_lens_weights,
    lens_skills,
    realised_direction,
    synthesize,
)
from newsletter.replay import stats
from newsletter.sections import lenses as lenses_section
from newsletter.sections import regime as regime_section

SPLIT = dt.date(2012, 12, 31)
"""The last day of the in-sample period: fit on reads graded by it, test on reads made after it."""
INSTRUMENT = lenses_section.INDEX
HORIZON_DAYS = regime_section.HORIZON_DAYS
CONFIDENCE_EDGES = (*(round(0.05 * i, 2) for i in range(20)), 1.0001)
"""Calibration bins 0.05 wide: the lenses' confidences are few (0.60, 0.67, 0.75, 0.80) and must
not share a bin."""
SYNTHESIS, SYNTHESIS_EQUAL = "synthesis", "synthesis (equal weights)"
ROWS = (*LENSES, SYNTHESIS, SYNTHESIS_EQUAL)
PERIODS = ("in_sample", "out_of_sample")


@dataclass(frozen=True)
class LensWeek:
    """One replayed week's lens reads and what the market did over the lens horizon."""

    issue_date: dt.date
    asof: dt.date
    horizon: dt.date
    reads: tuple[LensRead, ...]
    start: float | None
    """SPY's close at the as-of session."""
    end: float | None
    """SPY's close on or before the horizon; None while the horizon is past the data."""
    issued: tuple[str, float] = ("", 0.0)
    """The synthesis as the issue stated it (direction, confidence), with the config's weights."""

    @property
    def realised(self) -> Direction | None:
        if self.start is None or self.end is None:
            return None
        return realised_direction(self.start, self.end)


def period(made: dt.date, graded_by: dt.date, split: dt.date | None = None) -> str:
    """"in_sample" (graded on or before ``split``), "out_of_sample" (made after it), else "between"."""
    split = split or SPLIT
    if graded_by <= split:
        return "in_sample"
    if made > split:
        return "out_of_sample"
    return "between"


def lens_weeks(weeks: Iterable, bars: Mapping[str, pd.DataFrame], data_end: dt.date,
               horizon_days: int = HORIZON_DAYS) -> list[LensWeek]:
    """Every replayed week whose lenses section was built, with its reads and SPY's move."""
    spy = bars.get(INSTRUMENT)
    out = []
    for w in weeks:
        data = next((s.data for s in w.sections if s.key == lenses_section.KEY
                     and isinstance(s.data, lenses_section.LensesData)), None)
        if data is None:
            continue
        horizon = w.issue_date + dt.timedelta(days=horizon_days)
        start = end = None
        if spy is not None:
            first = stats.close_on_or_before(spy, w.asof)
            last = stats.close_on_or_before(spy, horizon) if horizon <= data_end else None
            start, end = (first[1] if first else None), (last[1] if last and first else None)
        out.append(LensWeek(w.issue_date, w.asof, horizon, tuple(data.reads), start, end,
                            (data.synthesis.direction, data.synthesis.confidence)))
    return out


def graded_reads(week: LensWeek, weights: Mapping[str, float] | None) -> dict[str, tuple[str, float]]:
    """Each row's (stated direction, confidence) this week: the lenses, the synthesis with
    ``weights`` and with equal weights."""
    out = {r.name: (r.direction, r.confidence) for r in week.reads}
    fitted, equal = synthesize(week.reads, weights), synthesize(week.reads)
    out[SYNTHESIS] = (fitted.direction, fitted.confidence)
    out[SYNTHESIS_EQUAL] = (equal.direction, equal.confidence)
    return out


def in_sample_records(weeks: Sequence[LensWeek], split: dt.date | None = None) -> list[tuple]:
    """The (date, lens, stated, realised) records of the reads graded on or before ``split``."""
    return [(w.issue_date, r.name, r.direction, w.realised) for w in weeks
            if w.realised is not None and period(w.issue_date, w.horizon, split) == "in_sample"
            for r in w.reads]


def fit_in_sample(weeks: Sequence[LensWeek], split: dt.date | None = None) -> dict[str, float]:
    """:func:`fit_lens_weights` on the in-sample records only."""
    return fit_lens_weights(in_sample_records(weeks, split))


def summarise(points: Sequence[tuple[str, float, str]]) -> dict:
    """Reads, hit rate with its 90% Wilson interval and calibration, from (stated, confidence,
    realised) points; flat reads are counted and not graded."""
    stated = [(conf, d == realised) for d, conf, realised in points if d in ("up", "down")]
    right = sum(ok for _, ok in stated)
    n = len(stated)
    return {
        "reads": len(points), "flat": len(points) - n, "stated": n, "right": right,
        "hit_rate": stats.rounded(right / n) if n else None,
        "interval_90": [stats.rounded(x) for x in stats.wilson(right, n)],
        "calibration": [{"low": b.low, "high": round(b.high, 4), "n": b.n,
                         "stated": stats.rounded(b.stated), "realised": stats.rounded(b.realised)}
                        for b in stats.calibration(stated, CONFIDENCE_EDGES)],
    }


def lacks(weeks: Sequence[LensWeek]) -> dict[str, dict[str, list[str]]]:
    """Per lens, the inputs it read in some week and those it read in none (each input named as
    the lens names it, e.g. "size rotation (IWM/SPY)")."""
    everything = {r.name: r.inputs_missing for r in (macro_lens(), flow_lens(), contrarian_lens())}
    out: dict[str, dict[str, list[str]]] = {}
    for name in LENSES:
        reads = [r for w in weeks for r in w.reads if r.name == name]
        never = [i for i in everything[name] if reads and all(i in r.inputs_missing for r in reads)]
        out[name] = {"read": [i for i in everything[name] if i not in never], "never_read": never}
    return out


def lacks_line(inputs: Mapping[str, Mapping[str, list[str]]]) -> str:
    """One line: what each lens never read on this data, and what it read instead."""
    parts = [f"the {name} lens never read {', '.join(i['never_read'])}, so it read only "
             f"{', '.join(i['read']) or 'nothing'}" for name, i in inputs.items() if i["never_read"]]
    return ("What this data lacks: " + "; ".join(parts) + ".") if parts else ""


def lens_report(weeks: Sequence[LensWeek], split: dt.date | None = None) -> dict:
    """The "lenses" part of report.json: both periods per lens and synthesis, the fitted weights."""
    split = split or SPLIT
    # rounded as lens_weights.json holds them, so the out-of-sample figures are the file's
    weights = {n: float(stats.rounded(w)) for n, w in fit_in_sample(weeks, split).items()}
    skills = lens_skills(in_sample_records(weeks, split))
    points: dict[str, dict[str, list]] = {row: {p: [] for p in PERIODS} for row in ROWS}
    spans: dict[str, list[dt.date]] = {p: [] for p in PERIODS}
    between, still_open = [], 0
    for w in weeks:
        if w.realised is None:
            still_open += 1
            continue
        where = period(w.issue_date, w.horizon, split)
        if where == "between":
            between.append(w.issue_date.isoformat())
            continue
        spans[where].append(w.issue_date)
        for row, (direction, confidence) in graded_reads(w, weights).items():
            points[row][where].append((direction, confidence, w.realised))
    return {
        "what": (f"each lens's and the synthesis's direction against {INSTRUMENT}'s close "
                 f"{HORIZON_DAYS} days after the issue date, from the as-of close (the horizon and "
                 "instrument of the section's one call); flat reads state nothing and are not graded"),
        "instrument": INSTRUMENT, "horizon_days": HORIZON_DAYS, "split": split.isoformat(),
        "periods": {p: {"from": min(d).isoformat() if d else None,
                        "to": max(d).isoformat() if d else None, "weeks": len(d)}
                    for p, d in spans.items()},
        "between": between, "open": still_open,
        "weights": {n: weights[n] for n in LENSES},
        "fitted": (all(s.n >= MIN_FIT_N for s in skills.values())
                   and sum(s.skill for s in skills.values()) > 0),
        "min_fit_n": MIN_FIT_N,
        "too_short": [n for n, s in skills.items() if s.n < MIN_FIT_N],
        "skill_in_sample": {n: {"n": s.n, "hit_rate": stats.rounded(s.hit_rate),
                                "chance": stats.rounded(s.chance), "skill": stats.rounded(s.skill)}
                            for n, s in skills.items()},
        "rows": {row: {p: summarise(points[row][p]) for p in PERIODS} for row in ROWS},
        "inputs": lacks(weeks),
    }


def csv_rows(weeks: Sequence[LensWeek], weights: Mapping[str, float], split: dt.date | None = None
             ) -> list[list]:
    """lenses.csv: one row a week, each read's direction and confidence, the market's side."""
    header = ["issue_date", "asof", "horizon", "period", "spy_start", "spy_end", "realised",
              "synthesis as issued direction", "synthesis as issued confidence"]
    for row in ROWS:
        header += [f"{row} direction", f"{row} confidence"]
    out: list[list] = [header]
    for w in weeks:
        reads = graded_reads(w, weights)
        where = period(w.issue_date, w.horizon, split) if w.realised is not None else "open"
        line = [w.issue_date, w.asof, w.horizon, where,
                "" if w.start is None else round(w.start, 4), "" if w.end is None else round(w.end, 4),
                w.realised or "", w.issued[0], f"{w.issued[1]:.4f}" if w.issued[0] else ""]
        for row in ROWS:
            direction, confidence = reads.get(row, ("", None))
            line += [direction, "" if confidence is None else f"{confidence:.4f}"]
        out.append(line)
    return out
