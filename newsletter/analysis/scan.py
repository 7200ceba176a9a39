"""One pass over a whole universe: 200-day rejections, breakouts, RSI and breadth.

The wide counterpart of :func:`~newsletter.analysis.breakdown.rejected_at_200d`,
:func:`~newsletter.analysis.breakouts.breakouts`,
:func:`~newsletter.analysis.indicators.rsi` and
:func:`~newsletter.analysis.breadth.breadth`, with the same definitions and the
same numbers ticker by ticker. A bar is usable when its Close, High and Volume
are all present; ``within`` counts the last rows (sessions) of the frame.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from newsletter.analysis.breadth import Breadth, breadth
from newsletter.analysis.history import as_date, require
from newsletter.analysis.universe import (
    max_wide,
    previous_bar,
    rsi_wide,
    sma_wide,
    valid_bars,
)


@dataclass(frozen=True)
class UniverseScan:
    """What the scan found on the last ``within`` sessions of the universe."""

    date: dt.date
    within: int
    rejections: pd.DataFrame
    """One row per ticker (its latest rejection): ``date``, ``high``, ``close``, ``sma200``."""
    breakouts: pd.DataFrame
    """One row per ticker (its latest breakout): ``date``, ``close``, ``prior_high``,
    ``volume``, ``avg_volume_50d``, ``volume_ratio``."""
    rsi14: pd.Series
    """RSI-14 on the last session, for tickers with a bar then and 15 bars of history."""
    breadth: Breadth


def _latest_hits(hit: np.ndarray, within: int, index: pd.DatetimeIndex, columns: pd.Index,
                 fields: dict[str, np.ndarray]) -> pd.DataFrame:
    """For each ticker with a hit in the last ``within`` rows, the values on its latest hit."""
    tail = hit[-within:]
    any_hit = tail.any(axis=0)
    cols = np.flatnonzero(any_hit)
    rows = len(hit) - 1 - np.argmax(tail[::-1, cols], axis=0)
    data = {"date": [as_date(index[r]) for r in rows]}
    for name, values in fields.items():
        data[name] = values[rows, cols]
    out = pd.DataFrame(data, index=pd.Index(columns[cols], name="ticker"))
    return out


def scan_universe(close: pd.DataFrame, high: pd.DataFrame, volume: pd.DataFrame,
                  within: int = 5, lookback: int = 50, volume_mult: float = 1.5) -> UniverseScan:
    """Scan wide frames (sessions x tickers, same shape and labels) for the week's setups."""
    if not (close.index.equals(high.index) and close.index.equals(volume.index)
            and close.columns.equals(high.columns) and close.columns.equals(volume.columns)):
        raise ValueError("close, high and volume must share their index and columns")
    require(len(close), 201, "universe scan (200-day rejection)")
    mask = valid_bars(close, high, volume)
    close = close.where(mask)
    c, h, v = close.to_numpy(np.float64), high.to_numpy(np.float64), volume.to_numpy(np.float64)

    sma = sma_wide(close, 200, mask)
    prev_close = previous_bar(close, mask).to_numpy()
    prev_sma = previous_bar(sma, mask).to_numpy()
    s = sma.to_numpy()
    prior_high = previous_bar(max_wide(close, lookback - 1, mask), mask).to_numpy()
    avg_vol = previous_bar(sma_wide(volume, lookback, mask), mask).to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        rejected = (h >= s) & (c < s) & (prev_close < prev_sma)
        broke_out = (c > prior_high) & (avg_vol > 0) & (v >= volume_mult * avg_vol)
        ratio = v / avg_vol

    rejections = _latest_hits(rejected, within, close.index, close.columns,
                              {"high": h, "close": c, "sma200": s})
    outs = _latest_hits(broke_out, within, close.index, close.columns,
                        {"close": c, "prior_high": prior_high, "volume": v,
                         "avg_volume_50d": avg_vol, "volume_ratio": ratio})
    rsi_last = rsi_wide(close, 14, mask).iloc[-1].dropna().rename("rsi14")
    return UniverseScan(as_date(close.index[-1]), within, rejections, outs, rsi_last, breadth(close))
