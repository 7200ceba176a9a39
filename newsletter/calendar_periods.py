"""Calendar years and months of a close series: each one's move, and the year or month a week
ends (by the NYSE calendar), for the recap's year and month lines (sections/recap.py). A calendar
month is named as such ("October"); "a month" elsewhere is 21 sessions (analysis/periods.py).

Not in ``analysis/`` (pure): the year's and the month's last sessions come from the NYSE
calendar (newsletter/sessions.py).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from newsletter.analysis.history import as_date, close_series
from newsletter.analysis.periods import week_start
from newsletter.sessions import sessions_between


def year_moves(close: pd.Series) -> pd.Series:
    """Each calendar year's move in percent, by year: its last close against the last close of the
    year before (the data's first year, with no close before it, is left out)."""
    c = close_series(close)
    last = c.groupby(c.index.year).last()
    return (last.pct_change() * 100.0).iloc[1:]


def ended_year(close: pd.Series, asof: dt.date) -> int | None:
    """The calendar year whose last session falls in the week to ``asof`` (after the week's base
    close), by the NYSE calendar; None in any other week."""
    base = week_start(close.index)
    if base is None:
        return None
    since = as_date(close.index[base])
    for year in sorted({since.year, asof.year}):
        left = sessions_between(dt.date(year, 1, 1), dt.date(year, 12, 31))
        if left and since < left[-1] <= asof:
            return year
    return None


def month_moves(close: pd.Series) -> pd.Series:
    """Each calendar month's move in percent, indexed by its ``Period`` ("2011-10"): its last close
    against the last close of the month before (the data's first month is left out)."""
    c = close_series(close)
    if c.empty:
        return pd.Series(dtype=float)
    index = c.index.tz_localize(None) if getattr(c.index, "tz", None) is not None else c.index
    months = index.to_numpy(dtype="datetime64[M]").astype(np.int64)
    last = np.flatnonzero(np.r_[months[1:] != months[:-1], True])  # each month's last session
    values = c.to_numpy(dtype=float)[last]
    # numpy, not a groupby over periods: 1.8 ms a call, four a month-end week
    return pd.Series((values[1:] / values[:-1] - 1.0) * 100.0,
                     index=index[last][1:].to_period("M"), name=close.name)


def ended_month(close: pd.Series, asof: dt.date) -> pd.Period | None:
    """The calendar month whose last session falls in the week to ``asof`` (after the week's base
    close), by the NYSE calendar; None in any other week."""
    base = week_start(close.index)
    if base is None:
        return None
    since = as_date(close.index[base])
    months = sorted({pd.Period(since, "M"), pd.Period(asof, "M")})
    for month in months:
        left = sessions_between(month.start_time.date(), month.end_time.date())
        if left and since < left[-1] <= asof:
            return month
    return None
