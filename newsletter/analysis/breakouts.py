"""Story-stock setups: a base (the range contracting) and a breakout (a 50-day high on volume).

A breakout session closes above every one of the previous 49 closes (so it is
the 50-day closing high, strictly: a flat, halted ticker never breaks out) on
volume at least 1.5 x the average volume of the 50 sessions before it. A base
is a closing range over the last N weeks that is shallow and narrower than
the range of the N weeks before it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
import talib

from newsletter.analysis.history import as_date, clean_bars, require


@dataclass(frozen=True)
class Breakout:
    """A close at a new 50-day high on heavy volume."""

    date: dt.date
    close: float
    prior_high: float
    """Highest close of the previous ``lookback - 1`` sessions: the level broken."""
    volume: float
    avg_volume_50d: float
    """Average volume of the ``lookback`` sessions before the breakout session."""
    volume_ratio: float
    sessions_ago: int


def breakouts(bars: pd.DataFrame, within: int = 5, lookback: int = 50,
              volume_mult: float = 1.5) -> tuple[Breakout, ...]:
    """Breakout sessions among the last ``within`` sessions, oldest first.

    Needs ``lookback + 1`` sessions (the volume average excludes the session itself).
    """
    b = clean_bars(bars, ("Close", "Volume"))
    require(len(b), lookback + 1, f"{lookback}-day breakout")
    close = np.ascontiguousarray(b["Close"].to_numpy(np.float64))
    volume = np.ascontiguousarray(b["Volume"].to_numpy(np.float64))
    prior_high = np.r_[np.nan, talib.MAX(close, timeperiod=lookback - 1)[:-1]]
    avg_vol = np.r_[np.nan, talib.SMA(volume, timeperiod=lookback)[:-1]]
    with np.errstate(invalid="ignore"):
        hit = (close > prior_high) & (avg_vol > 0) & (volume >= volume_mult * avg_vol)
    out = []
    for pos in range(max(0, len(b) - within), len(b)):
        if hit[pos]:
            out.append(Breakout(as_date(b.index[pos]), float(close[pos]), float(prior_high[pos]),
                                float(volume[pos]), float(avg_vol[pos]),
                                float(volume[pos] / avg_vol[pos]), len(b) - 1 - pos))
    return tuple(out)


@dataclass(frozen=True)
class Base:
    """The closing range of the last ``weeks`` weeks against the ``weeks`` before."""

    start: dt.date
    end: dt.date
    weeks: int
    high: float
    low: float
    depth_pct: float
    """``(high / low - 1) * 100`` of closes in the base."""
    prior_depth_pct: float
    """The same for the ``weeks`` weeks before the base."""
    contraction: float | None
    """``depth_pct / prior_depth_pct``; None when the prior range is flat."""
    is_base: bool
    """Shallow (``depth_pct <= max_depth_pct``), contracting (``contraction <= max_contraction``)
    and not flat (a halted ticker is not basing)."""


def base(bars: pd.DataFrame | pd.Series, weeks: int = 6, max_depth_pct: float = 15.0,
         max_contraction: float = 0.75) -> Base:
    """Whether the last ``weeks`` weeks (5 sessions each) form a base; needs twice that history."""
    c = clean_bars(bars, ("Close",))["Close"] if isinstance(bars, pd.DataFrame) else bars.dropna()
    n = weeks * 5
    require(len(c), 2 * n, f"{weeks}-week base")
    now, before = c.iloc[-n:], c.iloc[-2 * n:-n]
    hi, lo = float(now.max()), float(now.min())
    depth = (hi / lo - 1.0) * 100.0
    prior = (float(before.max()) / float(before.min()) - 1.0) * 100.0
    contraction = depth / prior if prior > 0 else None
    is_base = (depth > 0 and depth <= max_depth_pct and contraction is not None
               and contraction <= max_contraction)
    return Base(as_date(now.index[0]), as_date(now.index[-1]), weeks, hi, lo, depth, prior,
                contraction, bool(is_base))
