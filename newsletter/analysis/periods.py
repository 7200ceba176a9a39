"""The week and the month every figure is measured over: one definition for the whole issue.

- **The week**: from the last close before the Monday of the as-of session's week to the
  as-of close ("on the week": Friday against the Friday before, a holiday week included).
- **The month**: the last :data:`SESSIONS_PER_MONTH` sessions (21, a trading month), the
  span the ratio chart's "in a month" also uses.

Both return a position in an ascending session index, or None when the history does
not reach back that far.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from newsletter.analysis.history import close_series

SESSIONS_PER_MONTH = 21
SESSIONS_PER_WEEK = 5


def week_start(index: pd.DatetimeIndex, asof: dt.date | None = None) -> int | None:
    """Position of the week's base close: the last session before the Monday of ``asof``'s week
    (``asof`` defaults to the last session)."""
    if len(index) == 0:
        return None
    day = index[-1].date() if asof is None else asof
    monday = pd.Timestamp(day - dt.timedelta(days=day.weekday()))
    pos = int(index.searchsorted(monday, side="left")) - 1
    return pos if pos >= 0 else None


def week_base_date(index: pd.DatetimeIndex) -> dt.date | None:
    """The session of the week's base close (:func:`week_start`); a day after it falls in the
    issue's week, the week whose news the headline is. None with no session before the week."""
    base = week_start(index)
    return None if base is None else index[base].date()


def month_start(index: pd.DatetimeIndex) -> int | None:
    """Position of the month's base close: :data:`SESSIONS_PER_MONTH` sessions before the last."""
    pos = len(index) - 1 - SESSIONS_PER_MONTH
    return pos if pos >= 0 else None


def weekly_moves(close: pd.Series) -> pd.Series:
    """Each week's move in percent, indexed by the week's last session: its last close against
    the week's base close (:func:`week_start`: the last close before its Monday). The first
    week, with no base, is left out; a week without sessions has no row."""
    c = close_series(close)
    if c.empty:
        return pd.Series(dtype=float)
    # the Monday-to-Sunday week of each session (1970-01-05 was a Monday), by numpy: a pandas
    # groupby over W-SUN periods took 1.8 ms a call, and the replay makes several a week
    index = c.index.tz_localize(None) if getattr(c.index, "tz", None) is not None else c.index
    days = index.to_numpy(dtype="datetime64[D]").astype(np.int64)
    week = (days - 4) // 7
    last = np.flatnonzero(np.r_[week[1:] != week[:-1], True])
    values = c.to_numpy(dtype=float)[last]
    moves = (values[1:] / values[:-1] - 1.0) * 100.0
    return pd.Series(moves, index=c.index[last][1:], name=close.name)
