"""A session that fell hard inside the day and took most of it back by the close: what no close
shows (sections/recap.py words it).

The replay's 2010-05-09: May 6, 2010 (the flash crash) was "Thursday's 3.3% drop" and nothing
more, while $SPY had traded at 105.00, 10.1% under Wednesday's close, and closed 7.6% off that
low; the recap ranks sessions close to close only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from newsletter.analysis.history import as_date
from newsletter.analysis.periods import week_start

DROP_PCT = 5.0
"""A session's low this far (percent, as printed) under the close before it is news..."""
TAKEN_BACK = 0.5
"""...when its close took back at least this share of the fall: a close near the low is the
close-to-close story the big-day lines tell already."""


@dataclass(frozen=True)
class IntradayDrop:
    """The week's session with the deepest low against the close before (:func:`intraday_drop`)."""

    day: dt.date
    low: float
    low_pct: float
    """The low against the close before, percent (negative)."""
    close_pct: float
    """The close against the close before, percent."""
    since: dt.date | None
    """The last earlier session whose low fell as far under its close before; None: none in the
    data."""
    first: dt.date
    """The data's first session."""


def intraday_drop(bars: pd.DataFrame) -> IntradayDrop | None:
    """The session of the week (after its base close) whose low fell furthest under the close
    before it, when that is :data:`DROP_PCT` or more as printed and the close took back
    :data:`TAKEN_BACK` of it or more; else None."""
    if not {"Low", "Close"} <= set(bars.columns):
        return None
    frame = bars[["Low", "Close"]].dropna()
    base = week_start(frame.index)
    if base is None or len(frame) < 2:
        return None
    low = frame["Low"].to_numpy(dtype=float)
    close = frame["Close"].to_numpy(dtype=float)
    falls = np.r_[np.nan, (low[1:] / close[:-1] - 1.0) * 100.0]
    week = falls[base + 1:]
    if not np.isfinite(week).any():
        return None
    at = base + 1 + int(np.nanargmin(week))
    low_pct = float(falls[at])
    close_pct = (close[at] / close[at - 1] - 1.0) * 100.0
    if round(-low_pct, 1) < DROP_PCT or round(close_pct - low_pct, 6) < round(TAKEN_BACK * -low_pct, 6):
        return None
    deeper = np.flatnonzero(falls[:at] <= low_pct)
    since = as_date(frame.index[int(deeper[-1])]) if deeper.size else None
    return IntradayDrop(as_date(frame.index[at]), float(low[at]), low_pct, close_pct, since,
                        as_date(frame.index[0]))
