"""The week's big sessions of a close series: the biggest close-to-close move when it is news,
and the other sessions that rank (the recap's line, the headline's candidate: sections/recap.py).

Not in ``analysis/`` (pure): a session after an unscheduled NYSE closure names it, from the
calendar (newsletter/sessions.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from newsletter.analysis.levels import WEEKS_52
from newsletter.analysis.move_rank import Rank, as_big_lately, move_rank
from newsletter.analysis.periods import week_start
from newsletter.sessions import unscheduled_closures

DAY_MOVE_PCT = 3.0
"""A session this big (percent, close to close) in a week under 2% is the S&P's story: the
2016-06-24 session (the Brexit vote) fell 3.6% in a week that fell 1.6%."""


DAY_RECORD_PCT = 2.0
"""From this size, a session is the story when it is the biggest that way in 52 weeks, or when it
ranks (:func:`~newsletter.analysis.move_rank.move_rank`: among the three biggest that way back a
quarter or more)."""


@dataclass(frozen=True)
class BigDay:
    """The week's biggest session of the S&P, when it is news (:func:`big_day`)."""

    day: dt.date
    pct: float
    rank: Rank | None
    """How rare it is (:func:`~newsletter.analysis.move_rank.move_rank`); None: no news."""
    lately: int | None = None
    """Days as big in the last quarter, this one counted, said when the rank is no news."""
    after_closure: tuple[dt.date, ...] = ()
    """The NYSE's unscheduled closures between the session before and this one
    (:func:`~newsletter.sessions.unscheduled_closures`): the move spans them."""


def big_day(close: pd.Series) -> BigDay | None:
    """The week's biggest close-to-close move, from closes up to the as-of, when it is
    :data:`DAY_MOVE_PCT` or more, or :data:`DAY_RECORD_PCT` or more and the biggest that way in
    52 weeks (:data:`~newsletter.analysis.levels.WEEKS_52` sessions) or ranked; else None."""
    found = _week_moves(close)
    if found is None:
        return None
    moves, start = found
    week = np.abs(moves[start + 1:])
    if not np.isfinite(week).any():
        return None
    return _day_news(close, moves, int(np.nanargmax(week)) + start + 1)


def other_big_days(close: pd.Series) -> list[BigDay]:
    """The week's other sessions that are news as :func:`big_day` reads it and rank
    (:attr:`BigDay.rank`), in date order: the real bars' 2008-10-19 told Oct 13's +14.5% and not
    Oct 15's -9.8%, the worst day in the data; 2020-03-15 told Thursday's -9.6% alone."""
    found, biggest = _week_moves(close), big_day(close)
    if found is None or biggest is None:
        return []
    moves, start = found
    out = []
    for at in range(start + 1, len(moves)):
        day = _day_news(close, moves, at) if np.isfinite(moves[at]) else None
        if day is not None and day.rank is not None and day.day != biggest.day:
            out.append(day)
    return out


def _week_moves(close: pd.Series) -> tuple[np.ndarray, int] | None:
    """Every session's close-to-close move (percent, by position; NaN first) and the position of
    the week's base close; None without a session in the week."""
    start = week_start(close.index)
    if start is None or start >= len(close) - 1:
        return None
    values = close.to_numpy(dtype=float)
    return np.r_[np.nan, (values[1:] / values[:-1] - 1.0) * 100.0], start


def _day_news(close: pd.Series, moves: np.ndarray, at: int) -> BigDay | None:
    """The session at position ``at`` as :func:`big_day` reads it, or None when it is no news."""
    pct = float(moves[at])
    size = round(abs(pct), 6)
    if size < DAY_RECORD_PCT:
        return None
    earlier = moves[1:at]
    as_far = np.flatnonzero((earlier <= pct) if pct < 0 else (earlier >= pct))
    since = int(as_far[-1]) + 1 if len(as_far) else None  # its position in ``close``
    record = since is None or since <= at - WEEKS_52
    # ranked against every other session to the as-of: a bigger one later in the same week
    # counts too (the replay's 2002-07-21 had Thursday's -3.2% and Friday's -3.5% both the
    # "second-worst day since Sep 17, 2001")
    before = pd.Series(np.r_[earlier, moves[at + 1:]],
                       index=close.index[1:at].append(close.index[at + 1:]))
    rank = move_rank(before, pct, close.index[at])
    # a day of 2% to 3% is news as the biggest that way in 52 weeks, or when it ranks (the
    # replay's 2019-08-18: Aug 14's -2.96%, the second-worst day since Dec 2018, had no line)
    if size < DAY_MOVE_PCT and not record and rank is None:
        return None
    day, previous = close.index[at].date(), close.index[at - 1].date()
    shut = (tuple(unscheduled_closures(previous + dt.timedelta(days=1), day - dt.timedelta(days=1)))
            if (day - previous).days > 1 else ())
    return BigDay(day, pct, rank,
                  None if rank is not None else as_big_lately(before, pct, close.index[at]), shut)
