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

from newsletter.analysis.dividends import adjusted_ok
from newsletter.analysis.history import as_date, close_series

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
    """How far the last close is under ``high``, percent (0 at a high): with the dividends paid
    since when the adjusted closes were given (what a threshold is judged on)."""
    crossed: str = ""
    """"correction" or "bear market": a threshold a close of this week was the first since the
    high to reach (the deepest such); "" when none."""
    crossed_on: dt.date | None = None
    crossed_close: float | None = None
    crossed_pct: float | None = None
    """That first close at the threshold: its session, price and distance under the high (with
    the dividends, as :attr:`pct`)."""
    price_pct: float | None = None
    crossed_price_pct: float | None = None
    """The last close's and the crossing close's distance on the price alone (what a reader
    checks against the printed closes); None: the same as :attr:`pct` (no adjusted closes)."""
    weeks: int | None = None
    """The high is the highest close of this many weeks to the last close; None: of all the data."""

    @property
    def name(self) -> str:
        """"bear market" or "correction" for the last close's distance (as printed), else ""."""
        return next((n for t, n in THRESHOLDS if round(self.pct, 1) >= t), "")


def drawdown(closes: pd.Series, week_base: int | None = None, *,
             adjusted: pd.Series | None = None, weeks: int | None = None) -> Drawdown | None:
    """The last close of ``closes`` against the highest close up to it; ``week_base`` is the
    position of the week's base close (:func:`~newsletter.analysis.periods.week_start`): a close
    after it that first reached a threshold since the high is this week's news
    (:attr:`Drawdown.crossed`). None for fewer than two closes.

    ``weeks``: the high is the highest close of that many weeks to the last close (the replay's
    May 2010 measured from Oct 2007 and said "a bear market" of a market 60% over its 2009 low,
    while the 10% fall from the Apr 23, 2010 close went unsaid). ``adjusted`` (``Adj Close``, on
    the same sessions): the distances are judged with the dividends paid since the high, the
    price's kept for printing (the replay's 2018-12-30 "$SPY Dips Into a Bear Market" was $SPY's
    price 20.2% under its Sep 20 close; with the two dividends since, 19.4%)."""
    c = close_series(closes)
    if len(c) < 2:
        return None
    values = c.to_numpy(dtype=float)
    judged = values
    adj = adjusted.reindex(c.index).to_numpy(dtype=float) if adjusted is not None else None
    start = 0
    if weeks is not None:
        reach = c.index[-1] - pd.Timedelta(weeks=weeks)
        start = int(np.searchsorted(c.index.to_numpy(), reach.to_datetime64(), side="left"))
    high = float(values[start:].max())
    at = start + int(np.flatnonzero(values[start:] == high)[-1])
    if adj is not None and adjusted_ok(values[at:], adj[at:]):  # a faulty span: the price alone
        judged = adj
    pct = (1.0 - judged[-1] / judged[at]) * 100.0
    price_pct = (1.0 - values[-1] / high) * 100.0 if judged is not values else None
    found = Drawdown(high, as_date(c.index[at]), pct, price_pct=price_pct, weeks=weeks)
    if week_base is None or at >= len(values) - 1:
        return found
    under = np.round((1.0 - judged[at + 1:] / judged[at]) * 100.0, 1)
    for threshold, name in THRESHOLDS:
        reached = np.flatnonzero(under >= threshold)
        if not reached.size:
            continue
        first = at + 1 + int(reached[0])
        if first > week_base:
            return Drawdown(high, found.high_date, pct, name, as_date(c.index[first]),
                            float(values[first]), float((1.0 - judged[first] / judged[at]) * 100.0),
                            price_pct, None if price_pct is None
                            else float((1.0 - values[first] / high) * 100.0), weeks)
    return found
