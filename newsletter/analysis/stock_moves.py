"""A watchlist stock's week when it is news: a week of 20% or a session of 15%, as printed
(sections/recap.py words it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from newsletter.analysis.history import as_date
from newsletter.analysis.periods import week_start

STOCK_WEEK_PCT = 20.0


STOCK_DAY_PCT = 15.0
"""A watchlist stock's week is news from 20% (as printed), its day from 15%: the sample (seed 97)
left 62 such name-weeks in 49 of 101 issues unsaid ($RKLB -48.9%, 2026-02-22; $META +37.0%)."""


@dataclass(frozen=True)
class StockMove:
    """A watchlist stock's week when it is news (:func:`stock_move`)."""

    ticker: str
    week_pct: float
    day: dt.date
    day_pct: float
    """The week's biggest close-to-close move and its session."""

    @property
    def by_week(self) -> bool:
        """Told as the week's move (20% or more), else as its day's."""
        return round(abs(self.week_pct), 1) >= STOCK_WEEK_PCT


def stock_move(ticker: str, closes: pd.Series) -> StockMove | None:
    """The week of ``closes`` (to the as-of) when it moved :data:`STOCK_WEEK_PCT` or a session
    of it :data:`STOCK_DAY_PCT` or more, as printed; else None."""
    c = closes.dropna()
    base = week_start(c.index)
    if base is None or base >= len(c) - 1:
        return None
    values = c.to_numpy(dtype=float)
    days = (values[base + 1:] / values[base:-1] - 1.0) * 100.0
    at = int(np.argmax(np.abs(days)))
    found = StockMove(ticker, (values[-1] / values[base] - 1.0) * 100.0,
                      as_date(c.index[base + 1 + at]), float(days[at]))
    if found.by_week or round(abs(found.day_pct), 1) >= STOCK_DAY_PCT:
        return found
    return None
