"""The session grid of the sample market: NYSE sessions from a fixed epoch.

Every path is generated on this grid, whatever day it is run, and sliced later;
a bar's position on the grid is its session index.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache

import numpy as np
import pandas as pd

from newsletter.sessions import sessions_between

EPOCH = dt.date(2016, 1, 4)
"""The first session of the sample market."""
HORIZON = dt.date(2030, 12, 31)
"""The last date the sample market serves bars for."""
ANCHOR = dt.date(2026, 6, 30)
"""Known tickers are steered to a plausible level (their ``band``) on this date."""
GRID_END = dt.date(2031, 6, 30)
"""Paths are generated a little past HORIZON so that the earnings schedule runs on."""
SQRT_252 = math.sqrt(252.0)
"""Turns an annualised volatility into a daily one (252 sessions a year)."""


@lru_cache(maxsize=1)
def grid() -> tuple[dt.date, ...]:
    """NYSE sessions from EPOCH to GRID_END, the same whatever day it is run.

    The shared calendar of :mod:`newsletter.sessions` ends about a year after
    today; beyond it the same exchange-calendars rules are asked directly.
    """
    days = sessions_between(EPOCH, GRID_END)
    if days and days[-1] < GRID_END:
        import exchange_calendars as xcals

        first = days[-1] + dt.timedelta(days=1)
        cal = xcals.get_calendar("XNYS", start=first.isoformat(), end=GRID_END.isoformat())
        days = days + [d.date() for d in cal.sessions_in_range(first.isoformat(),
                                                               GRID_END.isoformat())]
    return tuple(days)


@lru_cache(maxsize=1)
def grid_index() -> pd.DatetimeIndex:
    """The grid as the ``Date`` index of a bars frame."""
    return pd.DatetimeIndex([pd.Timestamp(d) for d in grid()], name="Date")


@lru_cache(maxsize=1)
def grid_ordinals() -> np.ndarray:
    """The grid as date ordinals, to search quickly."""
    return np.asarray([d.toordinal() for d in grid()], dtype=np.int64)


def served_sessions() -> int:
    """How many grid sessions are served as bars (those up to HORIZON)."""
    return int(grid_index().searchsorted(pd.Timestamp(HORIZON), side="right"))


def session_index(day: dt.date) -> int:
    """The index of the last session on or before ``day`` (-1 when before the grid)."""
    return int(np.searchsorted(grid_ordinals(), day.toordinal(), side="right")) - 1


def as_date(value: dt.date | str) -> dt.date:
    """A date from a date, a datetime or an ISO string."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return pd.Timestamp(value).date()
