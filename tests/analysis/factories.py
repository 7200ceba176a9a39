"""Small bars frames made on the spot: hand-computable, random, flat (halted), gapped."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from newsletter.model import BAR_COLUMNS


def sessions(n: int, start: str = "2024-01-02") -> pd.DatetimeIndex:
    """``n`` weekday sessions from ``start``, named ``Date``."""
    return pd.bdate_range(start, periods=n, name="Date")


def make_bars(closes: Sequence[float], start: str = "2024-01-02", spread: float = 0.5,
              volume: float | Sequence[float] = 1_000_000.0, opens: Sequence[float] | None = None,
              highs: Sequence[float] | None = None, lows: Sequence[float] | None = None,
              index: pd.DatetimeIndex | None = None) -> pd.DataFrame:
    """Bars whose Open is the previous close (no gaps) unless given; High/Low = body +/- spread."""
    c = np.asarray(closes, dtype=float)
    o = np.r_[c[0], c[:-1]] if opens is None else np.asarray(opens, float)
    h = np.maximum(o, c) + spread if highs is None else np.asarray(highs, float)
    lo = np.minimum(o, c) - spread if lows is None else np.asarray(lows, float)
    v = np.broadcast_to(np.asarray(volume, float), c.shape).copy()
    idx = sessions(len(c), start) if index is None else index
    frame = pd.DataFrame({"Open": o, "High": h, "Low": lo, "Close": c, "Adj Close": c,
                          "Volume": v}, index=idx)
    return frame[list(BAR_COLUMNS)]


def random_bars(n: int, seed: int = 0, price: float = 100.0, drift: float = 0.0003,
                vol: float = 0.015, start: str = "2015-01-02") -> pd.DataFrame:
    """A seeded random walk with realistic highs, lows and volume."""
    rng = np.random.default_rng(seed)
    closes = price * np.exp(np.cumsum(rng.normal(drift, vol, n)))
    opens = np.r_[price, closes[:-1]] * np.exp(rng.normal(0, vol / 3, n))
    highs = np.maximum(opens, closes) * (1 + np.abs(rng.normal(0, vol / 2, n)))
    lows = np.minimum(opens, closes) * (1 - np.abs(rng.normal(0, vol / 2, n)))
    volume = rng.lognormal(13, 0.4, n)
    return make_bars(closes, start, opens=opens, highs=highs, lows=lows, volume=volume)


def flat_bars(n: int, price: float = 10.0, start: str = "2024-01-02") -> pd.DataFrame:
    """A halted ticker: every bar the same price, no volume."""
    return make_bars([price] * n, start, spread=0.0, volume=0.0)


def with_nan_rows(bars: pd.DataFrame, positions: Sequence[int]) -> pd.DataFrame:
    """The same bars with the rows at ``positions`` blanked to NaN (bad rows from a source)."""
    out = bars.copy()
    out.iloc[list(positions)] = np.nan
    return out


def load_real(folder: Path, ticker: str) -> pd.DataFrame:
    """A real Yahoo-layout CSV as a bars frame."""
    frame = pd.read_csv(folder / f"{ticker}.csv", index_col="Date", parse_dates=True)
    return frame[list(BAR_COLUMNS)].astype(float)
