"""Runs of weekly gains or losses: the run the last week ends, when it is long and rare enough to
be news (sections/recap.py words it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from newsletter.analysis.dividends import on_sessions, paid_back
from newsletter.analysis.history import as_date, close_series
from newsletter.analysis.periods import week_start, weekly_moves

STREAK_WEEKS = 5
"""A run of weekly gains or losses (as printed: a 0.0% week ends it) is news from this many weeks,
when no run as long the same way ended in the 52 weeks before it: the real bars' S&P fell 7 weeks
running to May 20, 2022, $DIA 8, the longest in the data, and no issue said so."""


@dataclass(frozen=True)
class WeekStreak:
    """The run of same-way weeks the last week ends (:func:`week_streak`)."""

    weeks: int
    up: bool
    since: dt.date | None
    """The last week of the latest earlier run at least as long the same way; None: none in the
    data."""
    first: dt.date
    """The data's first week."""


def week_streak(close: pd.Series, adjusted: pd.Series | None = None, *,
                moves: pd.Series | None = None) -> WeekStreak | None:
    """The run of weekly moves (:func:`weekly_moves`) the last week ends, when it is
    :data:`STREAK_WEEKS` long or more and no run as long the same way ended in the 52 weeks
    before it began; else None. With ``adjusted`` closes, a week whose fall its dividend paid
    back is flat (:func:`~newsletter.analysis.dividends.paid_back`). ``moves``: :func:`run_moves`
    of the same, read already."""
    return _streak(run_moves(close, adjusted) if moves is None else moves)


def run_moves(close: pd.Series, adjusted: pd.Series | None = None) -> pd.Series:
    """The weekly moves a run is read on: :func:`weekly_moves` of ``close``, with 0.0 for a week
    that fell on the price but not with its dividend (``adjusted``, when it can be read)."""
    c = close_series(close)
    moves = weekly_moves(c)
    adj = on_sessions(c, adjusted)
    if adj is None or moves.empty:
        return moves
    total = weekly_moves(pd.Series(adj, index=c.index))
    return moves.mask(paid_back(moves.to_numpy(), total.to_numpy()), 0.0)


def _streak(moves: pd.Series) -> WeekStreak | None:
    """:func:`week_streak` of weekly moves already found."""
    if moves.empty:
        return None
    signs = np.sign(np.round(moves.to_numpy(dtype=float), 1))
    way = signs[-1]
    if way == 0:
        return None
    other = np.flatnonzero(signs != way)
    start = int(other[-1]) + 1 if other.size else 0
    weeks = len(signs) - start
    if weeks < STREAK_WEEKS:
        return None
    since = None
    run = 0
    for at in range(start - 1, -1, -1):  # the earlier runs, latest first
        run = run + 1 if signs[at] == way else 0
        if run >= weeks:
            end = at + run - 1
            while end + 1 < start and signs[end + 1] == way:
                end += 1
            since = as_date(moves.index[end])
            break
    began = as_date(moves.index[start])
    if since is not None and since > began - dt.timedelta(weeks=52):
        return None
    return WeekStreak(weeks, bool(way > 0), since, as_date(moves.index[0]))


def ended_week_streak(close: pd.Series, adjusted: pd.Series | None = None, *,
                      moves: pd.Series | None = None) -> WeekStreak | None:
    """The run :func:`week_streak` found at the week before's close that the last week did not
    carry on (a week the other way, or flat as printed): the run the last issue told, ended; else
    None. The replay's 2021-01-03: the issue before led "$IWM Rises 8 Weeks in a Row", and no line
    said the run ended when $IWM fell 1.5% the next week."""
    c = close_series(close)
    base = week_start(c.index)
    if base is None:
        return None
    moves = run_moves(c, adjusted) if moves is None else moves
    # the weeks to last week's close are the same weeks less this one (no second pass over them)
    before = _streak(moves.iloc[:-1]) if len(moves) > 1 and moves.index[-1] > c.index[base] else None
    if before is None:
        return None
    if np.sign(round(float(moves.iloc[-1]), 1)) == (1 if before.up else -1):
        return None  # the last week carried it on
    return before
