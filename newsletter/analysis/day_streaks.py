"""Runs of daily gains or losses: the longest run that ends inside the issue's week, when it is
long and rare enough to be news (sections/recap.py words it).

A session is up (down) when its close is over (under) the close before by 0.1% or more as printed
(one decimal); a session that prints 0.0% ends a run, as a 0.0% week ends a weekly one (the
replay's 2010-03-21 "$SPY Rises 14 Sessions in a Row" counted three sessions of 1 to 3 cents,
+0.009% to +0.026%). The replay's reviews: $SPY rose 8 sessions in a row to
Mar 21, 2003, its longest run in the data, and fell 7 to Aug 2, 2011, its longest since Oct 2008;
no issue said either.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from newsletter.analysis.dividends import on_sessions, paid_back
from newsletter.analysis.history import as_date, close_series
from newsletter.analysis.periods import week_start

STREAK_SESSIONS = 6
"""A run is news from this many sessions, when no run as long the same way ended in the 52 weeks
before it began (the weekly runs' rule, analysis/week_streaks.py)."""


@dataclass(frozen=True)
class DayStreak:
    """A run of same-way sessions that ends inside the week (:func:`day_streak`)."""

    sessions: int
    up: bool
    start: dt.date
    end: dt.date
    since: dt.date | None
    """The last session of the latest earlier run at least as long the same way; None: none in
    the data."""
    first: dt.date
    """The data's first session."""
    after_pct: float | None = None
    """The last close against the run's last close, percent, when the run ended before the last
    session (what the sessions after it did); None when it runs to the last close."""


def _runs(signs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The runs of equal non-zero signs, by position, oldest first: their starts, ends and signs."""
    if len(signs) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    starts = np.flatnonzero(np.r_[True, signs[1:] != signs[:-1]])
    ends = np.r_[starts[1:] - 1, len(signs) - 1]
    keep = signs[starts] != 0
    return starts[keep], ends[keep], signs[starts][keep].astype(np.int64)


def day_streak(close: pd.Series, adjusted: pd.Series | None = None) -> DayStreak | None:
    """The longest run of up (down) sessions that ends inside the week to the last close (after
    its base close, :func:`~newsletter.analysis.periods.week_start`), the latest on a tie, when
    it is :data:`STREAK_SESSIONS` long or more and no run as long the same way ended in the 52
    weeks before it began; else None. With ``adjusted`` closes, a session whose fall its
    dividend paid back is no move (:func:`~newsletter.analysis.dividends.paid_back`: the replay's
    2011-11-27 "$DIA fell 7 sessions in a row" counted its Nov 18 ex-date)."""
    c = close_series(close)
    base = week_start(c.index)
    if base is None or len(c) < 2:
        return None
    cents = np.round(c.to_numpy(dtype=float), 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.round(np.diff(cents) / cents[:-1] * 100.0, 1)  # as printed: 0.0% is no move
    adj = on_sessions(c, adjusted)
    if adj is not None:
        with np.errstate(divide="ignore", invalid="ignore"):
            pct[paid_back(pct, np.diff(adj) / adj[:-1] * 100.0)] = 0.0
    signs = np.r_[0, np.sign(np.nan_to_num(pct))]  # position 0 has no session before it
    starts, ends, ways = _runs(signs)
    lengths = ends - starts + 1
    ending = np.flatnonzero(ends > base)
    if not ending.size:
        return None
    # the longest, the latest on a tie
    pick = int(ending[np.lexsort((ends[ending], lengths[ending]))[-1]])
    start, end, way, sessions = int(starts[pick]), int(ends[pick]), int(ways[pick]), int(lengths[pick])
    if sessions < STREAK_SESSIONS:
        return None
    began = as_date(c.index[start])
    earlier = np.flatnonzero((ends < start) & (ways == way) & (lengths >= sessions))
    since = as_date(c.index[int(ends[earlier[-1]])]) if earlier.size else None
    if since is not None and since > began - dt.timedelta(weeks=52):
        return None
    after = (None if end == len(c) - 1
             else (float(c.iloc[-1]) / float(c.iloc[end]) - 1.0) * 100.0)
    return DayStreak(sessions, way > 0, began, as_date(c.index[end]), since, as_date(c.index[0]),
                     after)
