"""How far a close sits under the highest close before it: a correction from 10%, a bear market
from 20% (the usual rules, on closes).

The reviews of the real bars found no issue that said it: not on Dec 24, 2018 ($SPY 20.2% under its
Sep 20 close), nor in Mar 2020 (34.1% under its Feb 19 close at the low) or Jun 2022; the only
distance from a high in 543 replayed issues was $IWM's, in a Rotation Play bullet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from newsletter.analysis.history import as_date

CORRECTION_PCT = 10.0
BEAR_PCT = 20.0
THRESHOLDS = ((BEAR_PCT, "bear market"), (CORRECTION_PCT, "correction"))
"""Each threshold (percent under the high, as printed to one decimal) and its name, deepest first."""


@dataclass(frozen=True)
class Drawdown:
    """The last close against the highest close up to it."""

    high: float
    high_date: dt.date
    """The highest close (the latest of equal ones) and its session."""
    pct: float
    """How far the last close is under ``high``, percent (0 at a high)."""
    crossed: str = ""
    """"correction" or "bear market": a threshold a close of this week was the first since the
    high to reach (the deepest such); "" when none."""
    crossed_on: dt.date | None = None
    crossed_close: float | None = None
    crossed_pct: float | None = None
    """That first close at the threshold: its session, price and distance under the high."""

    @property
    def name(self) -> str:
        """"bear market" or "correction" for the last close's distance (as printed), else ""."""
        return next((n for t, n in THRESHOLDS if round(self.pct, 1) >= t), "")


def drawdown(closes: pd.Series, week_base: int | None = None) -> Drawdown | None:
    """The last close of ``closes`` against the highest close up to it; ``week_base`` is the
    position of the week's base close (:func:`~newsletter.analysis.periods.week_start`): a close
    after it that first reached a threshold since the high is this week's news
    (:attr:`Drawdown.crossed`). None for fewer than two closes."""
    c = closes.dropna()
    if len(c) < 2:
        return None
    values = c.to_numpy(dtype=float)
    high = float(values.max())
    at = int(np.flatnonzero(values == high)[-1])
    pct = (1.0 - values[-1] / high) * 100.0
    found = Drawdown(high, as_date(c.index[at]), pct)
    if week_base is None or at >= len(values) - 1:
        return found
    under = np.round((1.0 - values[at + 1:] / high) * 100.0, 1)
    for threshold, name in THRESHOLDS:
        reached = np.flatnonzero(under >= threshold)
        if not reached.size:
            continue
        first = at + 1 + int(reached[0])
        if first > week_base:
            return Drawdown(high, found.high_date, pct, name, as_date(c.index[first]),
                            float(values[first]), float((1.0 - values[first] / high) * 100.0))
    return found
