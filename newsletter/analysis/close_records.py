"""Close records: the last close as the highest (or lowest) for at least 52 weeks, and whether it
is the first of a run (news) or one more in it (background)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from newsletter.analysis.history import as_date, close_series
from newsletter.analysis.levels import WEEKS_52
from newsletter.analysis.periods import week_start


def record_step(ticker: str) -> float:
    """How far past its run a record of ``ticker`` is news again: :data:`VIX_STEP_PCT` for a
    volatility index (a ``^VIX`` symbol), :data:`FRESH_STEP_PCT` otherwise."""
    return VIX_STEP_PCT if ticker.upper().lstrip("^").startswith("VIX") else FRESH_STEP_PCT


@dataclass(frozen=True)
class CloseRecord:
    """The last close as the highest (or lowest) close for at least 52 weeks."""

    kind: Literal["high", "low"]
    years: int
    """Whole calendar years it is the highest (lowest) close of, at least 1: since ``since``,
    or over the whole history when nothing earlier was as high (low)."""
    since: dt.date | None
    """The latest earlier close at least as high (as low): a tie counts. None: none in the data."""
    first: dt.date
    """The first session of the history."""
    fresh: bool = True
    """No record of the same kind and as long-lived closed in the ``RECORD_RUN`` sessions to the
    week's base close: the first high of a run, not the tenth. This week's own earlier records do
    not count (the week's news is its record: 2020-08-23's Friday record, the first since the
    Covid crash, read as a run for Tuesday's), nor shorter-lived ones (the VIX's highest close
    since 2011, 2020-03-06, read as a run for a 52-week high five sessions before)."""
    peak: dt.date | None = None
    """For a record of the data (``since`` None): the session of the data's highest (lowest) close
    before its last correction, the old top it clears ("Over Its Jan 2000 Peak": :func:`_old_peak`);
    None otherwise."""


RECORD_RUN = 20
"""Sessions back that a same-kind record makes the last one part of a run (about a month)."""


PEAK_SWING_PCT = 10.0
"""How far (percent) a close must have stood under the best close before it (over the lowest)
for that best close to be an old peak (bottom) a record clears: a correction's size."""


def _old_peak(values: np.ndarray, kind: str) -> int | None:
    """The position of the old top a record of the data clears (a bottom, for a low): the data's
    highest (lowest) close before the last close that stood :data:`PEAK_SWING_PCT` under (over)
    the best close so far, the top before the last correction; None without such a swing, or
    when that top is the data's first close (an edge of the data, not a top). A slide from
    Jan 2000 is no "Mar 2000 bottom" of a record low in 2001; $DIA's records of Oct 2007 clear
    its Jan 2000 peak, not their own run's highs of a year before."""
    earlier = values[:-1]
    best = np.maximum.accumulate(earlier) if kind == "high" else np.minimum.accumulate(earlier)
    swing = (1.0 - earlier / best if kind == "high" else earlier / best - 1.0) * 100.0
    swung = np.flatnonzero(np.round(swing, 6) >= PEAK_SWING_PCT)
    if not swung.size:
        return None
    before = earlier[: swung[-1]]
    at = int(np.argmax(before) if kind == "high" else np.argmin(before))
    return at if at > 0 else None


def _is_record(values: np.ndarray, at: int, sessions: int, kind: str) -> bool:
    """Whether ``values[at]`` was strictly over (under) every close of the 52 weeks to it."""
    window = values[at - sessions + 1: at]
    return bool(values[at] > window.max()) if kind == "high" else bool(values[at] < window.min())


def whole_years(start: dt.date, end: dt.date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def close_record(bars: pd.DataFrame | pd.Series, sessions: int = WEEKS_52,
                 step_pct: float | None = None) -> CloseRecord | None:
    """The last close when it is the highest or the lowest of at least the last ``sessions``
    sessions (52 weeks), None otherwise or with less history than that. ``step_pct``: how far
    past its run a record is news again (:data:`FRESH_STEP_PCT` by default; the VIX's is
    :data:`VIX_STEP_PCT`).

    Strict: a close equal to one inside the window is no record; equal to one before it, the
    record runs since that one ("highest close since ...")."""
    c = close_series(bars)
    if len(c) < sessions:
        return None
    values = c.to_numpy(dtype=float)
    now, earlier = values[-1], values[:-1]
    asof = as_date(c.index[-1])
    for kind, as_far in (("high", earlier >= now), ("low", earlier <= now)):
        hits = np.flatnonzero(as_far)
        if hits.size and hits[-1] >= len(values) - sessions:
            continue  # a close as high (low) inside the 52 weeks
        since = as_date(c.index[hits[-1]]) if hits.size else None
        start = since if since is not None else as_date(c.index[0])
        base = week_start(c.index)
        years = max(1, whole_years(start, asof))
        fresh = (not _in_a_run(values, c.index, int(hits[-1]) if hits.size else -1, base,
                               sessions, kind, years)
                 or _past_the_run(values, base, kind,
                                  FRESH_STEP_PCT if step_pct is None else step_pct))
        at = _old_peak(values, kind) if since is None else None
        return CloseRecord(kind, years, since, as_date(c.index[0]), fresh,
                           as_date(c.index[at]) if at is not None else None)
    return None


FRESH_STEP_PCT = 5.0
"""A record this far (percent, as printed) past every close of the run's :data:`RECORD_RUN`
sessions to the week's base close is news again: the replay's 2008-10-26 left the VIX's record
79.13, 12.5% over the 70.33 of the week before, in no line, one more record of a run."""


VIX_STEP_PCT = 12.0
"""The VIX's :data:`FRESH_STEP_PCT`: its news-sized week (the same rarity as the S&P's 2% week),
as 5% is for a stock index. At 5% the replay led "VIX Closes at a 52-Week Low" in 6 issues of
the spring of 2021, each "lowest since Feb 21, 2020", the VIX 8% under the low of two weeks
before (17.33 against 18.86 on Apr 1); its 79.13 of Oct 24, 2008 was 12.5% over the run's."""


def _past_the_run(values: np.ndarray, base: int | None, kind: str,
                  step_pct: float = FRESH_STEP_PCT) -> bool:
    """Whether the last close is ``step_pct`` past the most extreme close of the
    :data:`RECORD_RUN` sessions to the week's base close."""
    last = len(values) - 1
    end = min(last - 1 if base is None else base, last - 1)
    window = values[max(0, end - RECORD_RUN + 1): end + 1]
    if not window.size:
        return False
    edge = float(window.max() if kind == "high" else window.min())
    step = (values[-1] / edge - 1.0) * 100.0 if kind == "high" else (1.0 - values[-1] / edge) * 100.0
    return bool(round(float(step), 1) >= step_pct)


def _in_a_run(values: np.ndarray, dates: pd.Index, since_at: int, base: int | None,
              sessions: int, kind: str, years: int) -> bool:
    """Whether a close in the :data:`RECORD_RUN` sessions to the week's base close (position
    ``base``; the session before the last without one) was a record of ``kind`` as long-lived as
    the last close's: reaching as far back (beyond every close after ``since_at``, the latest
    earlier close as high, or as low), or spanning as many whole ``years``. The second counts a
    climb back through a falling past: $QQQ's highs of 2013-2014 each reached a few days further
    into the slide of late 2000 ("since Sep 5, 2000", then "since Sep 1, 2000"), and the replay
    led "$QQQ Closes at a 13-Year High" in 14 of 104 issues, 10 weighed as fresh.

    A record of the data (``since_at`` -1) is in a run only of records of the data: the first
    close over the data's old top is its own news, not one more of the run of dated highs that
    climbed to it ($DIA's first closes over its Jan 14, 2000 peak, Oct 2006, were 6-year highs
    as Sep 27's "highest close since Jan 14, 2000" was, and had no line in any issue)."""
    last = len(values) - 1
    end = min(last - 1 if base is None else base, last - 1)
    for at in range(max(sessions - 1, end - RECORD_RUN + 1, since_at + 1), end + 1):
        if not _is_record(values, at, sessions, kind):
            continue
        between = values[since_at + 1: at]
        if not between.size or (values[at] > between.max() if kind == "high"
                                else values[at] < between.min()):
            return True
        before = values[:at]
        hits = np.flatnonzero(before >= values[at] if kind == "high" else before <= values[at])
        reach = as_date(dates[int(hits[-1])]) if hits.size else as_date(dates[0])
        if since_at >= 0 and max(1, whole_years(reach, as_date(dates[at]))) >= years:
            return True
    return False
