"""Calendar years of a close series: each year's move, and the year a week ends (by the NYSE
calendar), for the recap's year line (sections/recap.py).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from newsletter.analysis.history import as_date
from newsletter.analysis.periods import week_start
from newsletter.sessions import sessions_between


def year_moves(close: pd.Series) -> pd.Series:
    """Each calendar year's move in percent, by year: its last close against the last close of the
    year before (the data's first year, with no close before it, is left out)."""
    c = close.dropna()
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
