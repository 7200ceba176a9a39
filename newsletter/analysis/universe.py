"""A universe of tickers as wide frames (sessions x tickers), and indicators over them.

The wide path gives, ticker by ticker, exactly what the one-ticker functions
give: TA-Lib runs on each column's own bars (a NaN cell is a session that
ticker did not trade; it is skipped, not fed to TA-Lib), and "the previous
bar" means that ticker's previous bar. Comparisons are then done for all
tickers at once. TA-Lib on a NumPy column costs microseconds, so looping over
columns is faster here than pandas' own rolling windows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd
import talib

Kernel = Callable[[np.ndarray], np.ndarray]


def wide(bars_by_ticker: Mapping[str, pd.DataFrame], column: str = "Close") -> pd.DataFrame:
    """One column of every ticker's bars side by side: sessions x tickers, NaN where absent."""
    frame = pd.concat({t: b[column] for t, b in bars_by_ticker.items()}, axis=1).sort_index()
    frame.index.name = "Date"
    return frame.astype(np.float64)


def valid_bars(*frames: pd.DataFrame) -> np.ndarray:
    """Sessions x tickers mask of usable bars: every given frame has a value there."""
    mask = np.ones(frames[0].shape, dtype=bool)
    for f in frames:
        mask &= f.notna().to_numpy()
    return mask


def per_ticker(frame: pd.DataFrame, kernel: Kernel, need: int,
               mask: np.ndarray | None = None) -> pd.DataFrame:
    """Run a 1-D ``kernel`` on each column's own bars; NaN where absent or too short.

    ``mask`` (default: the frame's non-NaN cells) says which cells are bars. A
    column with fewer than ``need`` bars is all NaN. Columns are laid out
    contiguously first (Fortran order), so each ticker is one cache-friendly run.
    """
    values = np.asfortranarray(frame.to_numpy(dtype=np.float64))
    mask = ~np.isnan(values) if mask is None else mask
    out = np.full(values.shape, np.nan, order="F")
    counts = mask.sum(axis=0)
    full = len(values)
    for j in np.flatnonzero(counts >= need):
        if counts[j] == full:
            out[:, j] = kernel(values[:, j])
        else:
            rows = mask[:, j]
            out[rows, j] = kernel(np.ascontiguousarray(values[rows, j]))
    return pd.DataFrame(out, index=frame.index, columns=frame.columns)


def previous_bar(frame: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    """Each ticker's value on its previous bar, placed on its current bar (NaN elsewhere)."""
    values = frame.to_numpy(dtype=np.float64)
    out = np.full(values.shape, np.nan)
    out[1:] = values[:-1]
    counts = mask.sum(axis=0)
    first = np.argmax(mask, axis=0)
    last = len(mask) - 1 - np.argmax(mask[::-1], axis=0)
    holed = (counts > 0) & (counts != last - first + 1)
    for j in np.flatnonzero(holed):
        rows = np.flatnonzero(mask[:, j])
        out[:, j] = np.nan
        out[rows[1:], j] = values[rows[:-1], j]
    out[~mask] = np.nan
    out[first, np.arange(values.shape[1])] = np.nan
    return pd.DataFrame(out, index=frame.index, columns=frame.columns)


def sma_wide(close: pd.DataFrame, length: int, mask: np.ndarray | None = None) -> pd.DataFrame:
    """TA-Lib SMA per ticker over its own bars."""
    return per_ticker(close, lambda x: talib.SMA(x, timeperiod=length), length, mask)


def max_wide(close: pd.DataFrame, length: int, mask: np.ndarray | None = None) -> pd.DataFrame:
    """Highest value of the last ``length`` bars (today included), per ticker."""
    return per_ticker(close, lambda x: talib.MAX(x, timeperiod=length), length, mask)


def min_wide(close: pd.DataFrame, length: int, mask: np.ndarray | None = None) -> pd.DataFrame:
    """Lowest value of the last ``length`` bars (today included), per ticker."""
    return per_ticker(close, lambda x: talib.MIN(x, timeperiod=length), length, mask)


def rsi_wide(close: pd.DataFrame, length: int = 14, mask: np.ndarray | None = None) -> pd.DataFrame:
    """Wilder RSI per ticker, as :func:`newsletter.analysis.indicators.rsi` gives it
    (50 for a ticker that has never moved)."""
    out = per_ticker(close, lambda x: talib.RSI(x, timeperiod=length), length + 1, mask)
    values = close.to_numpy(dtype=np.float64)
    if mask is not None:
        values = np.where(mask, values, np.nan)
    first = values[np.argmax(~np.isnan(values), axis=0), np.arange(values.shape[1])]
    with np.errstate(invalid="ignore"):
        moved = np.fmax.accumulate(np.abs(values - first), axis=0)
    never_moved = (moved == 0.0) & out.notna().to_numpy()
    return out.mask(never_moved, 50.0)
