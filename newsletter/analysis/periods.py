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

import pandas as pd

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


def month_start(index: pd.DatetimeIndex) -> int | None:
    """Position of the month's base close: :data:`SESSIONS_PER_MONTH` sessions before the last."""
    pos = len(index) - 1 - SESSIONS_PER_MONTH
    return pos if pos >= 0 else None
