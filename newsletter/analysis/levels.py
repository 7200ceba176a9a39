"""Price levels: swing pivots, nearest support and resistance, round numbers, highs.

Levels are quoted on ``Close`` (the contract of the bars frame): a swing high is
a close higher than the ``left`` closes before it and at least as high as the
``right`` closes after it. A pivot is only known ``right`` sessions after it
happened, so nothing here looks ahead. "All-time" means in the history given.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view

from newsletter.analysis.history import as_date, clean_bars, close_series, require

WEEKS_52 = 252
"""Sessions in 52 weeks: the 52-week window counts sessions, not calendar days."""


def swing_points(bars: pd.DataFrame | pd.Series, left: int = 5, right: int = 5,
                 source: Literal["close", "high_low"] = "close") -> pd.DataFrame:
    """Confirmed swing highs and lows: a frame indexed by ``Date`` with ``kind`` and ``price``.

    ``source="close"`` pivots on closes; ``"high_low"`` uses High for swing
    highs and Low for swing lows. Of equal highs in one window the first counts.
    """
    if source == "close":
        highs = lows = close_series(bars)
    else:
        b = clean_bars(bars)
        highs, lows = b["High"].astype(float), b["Low"].astype(float)
    require(len(highs), left + right + 1, f"swing points ({left}/{right})")
    if source == "close":
        return _pivot_frame(highs, *_close_pivot_arrays(highs, left, right))
    rows = []
    for kind, s, sign in (("high", highs, 1.0), ("low", lows, -1.0)):
        hit = pivot_flags(s.to_numpy(dtype=float) * sign, left, right)
        rows.append(pd.DataFrame({"kind": kind, "price": s[hit]}))
    out = pd.concat(rows).sort_index(kind="stable")
    out.index.name = "Date"
    return out


def pivot_flags(x: np.ndarray, left: int, right: int) -> np.ndarray:
    """True where ``x[i]`` is higher than each of the ``left`` values before it and at least as
    high as each of the ``right`` after it (a swing high; pass ``-x`` for swing lows). False
    within ``left`` of the start and ``right`` of the end, where a neighbourhood is cut short,
    and wherever a NaN is in the neighbourhood. The one definition of a pivot: the replay's
    whole-history memo reads the same flags.

    Numpy, not rolling windows: an issue asks for some 50 windows of pivots (a sample build's
    breakdown section spent 0.1 s in pandas' Series overhead on them, measured 2026-12-07)."""
    n = len(x)
    found = np.zeros(n, dtype=bool)
    if min(left, right) < 1 or n <= left + right:  # no value has both neighbourhoods
        return found
    with np.errstate(invalid="ignore"):
        before = sliding_window_view(x, left).max(axis=1)[:n - left]  # x[i-left:i] for i >= left
        after = sliding_window_view(x, right).max(axis=1)[1:]  # x[i+1:i+1+right]
        middle = x[left:n - right]
        found[left:n - right] = (middle > before[:n - left - right]) & (
            middle >= after[left:left + n - left - right])
    return found


def _close_pivot_arrays(closes: pd.Series, left: int, right: int) -> tuple[np.ndarray, np.ndarray]:
    """Prices and positions of the swing pivots of ``closes``: the replay's whole-history pivots
    when they apply (:mod:`newsletter.analysis.memo`), else found here."""
    if left >= 1:
        from newsletter.analysis.memo import close_pivots

        known = close_pivots(closes, left, right)
        if known is not None:
            return known
    return _close_pivots(closes, left, right)


def close_swings(closes: pd.Series, left: int = 5, right: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """The prices of the swing highs and of the swing lows of ``closes`` (float64, NaN-free), oldest
    first: :func:`swing_points` on closes as two arrays, without building its frame (the trend
    channel reads every index's every week in the replay)."""
    require(len(closes), left + right + 1, f"swing points ({left}/{right})")
    prices, positions = _close_pivot_arrays(closes, left, right)
    values = closes.to_numpy(dtype=float)
    high = values[positions] > values[positions - 1]  # as _pivot_frame tells them apart
    return prices[high].astype(float), prices[~high].astype(float)


def _close_pivots(closes: pd.Series, left: int, right: int) -> tuple[np.ndarray, np.ndarray]:
    """Prices and positions of the swing highs and lows of ``closes``."""
    values = closes.to_numpy(dtype=np.float64)
    positions = np.flatnonzero(pivot_flags(values, left, right) | pivot_flags(-values, left, right))
    return values[positions], positions


def _pivot_frame(closes: pd.Series, prices: np.ndarray, positions: np.ndarray) -> pd.DataFrame:
    """:func:`swing_points` on closes from pivot prices and positions. A swing high is above
    the close before it (it beats the ``left`` closes before it) and a swing low below it, so
    the close before tells the two apart."""
    values = closes.to_numpy(dtype=float)
    kinds = np.where(values[positions] > values[positions - 1], "high", "low").astype(object)
    mask = np.zeros(len(values), dtype=bool)
    mask[positions] = True  # a mask, as the rolling path selects (same index, freq and all)
    out = pd.DataFrame({"kind": kinds, "price": prices.astype(float)}, index=closes.index[mask])
    out.index.name = "Date"
    return out


@dataclass(frozen=True)
class SupportResistance:
    """The nearest pivot below the last close (support) and above it (resistance)."""

    date: dt.date
    close: float
    support: float | None
    support_date: dt.date | None
    resistance: float | None
    """None when the close is above every pivot in the lookback (see :func:`all_time_high`)."""
    resistance_date: dt.date | None


def support_resistance(bars: pd.DataFrame | pd.Series, lookback: int = WEEKS_52, left: int = 5,
                       right: int = 5,
                       source: Literal["close", "high_low"] = "close") -> SupportResistance:
    """Nearest support and resistance from pivots of the last ``lookback`` sessions.

    Both kinds of pivot count on both sides (an old swing high below the price
    is support). When several pivots share a price, the most recent is dated.
    """
    c = close_series(bars)
    require(len(c), left + right + 1, f"support/resistance ({left}/{right} pivots)")
    price = float(c.iloc[-1])
    if source == "close":  # the replay's whole-history pivots, when this window is a stretch of one
        from newsletter.analysis.memo import close_pivots

        closes = c.iloc[max(0, len(c) - lookback):]
        known = close_pivots(closes, left, right)
        require(len(closes), left + right + 1, f"swing points ({left}/{right})")
        return _nearest(closes, price, *(known if known is not None
                                         else _close_pivots(closes, left, right)))
    window = bars.loc[c.index[max(0, len(c) - lookback)]:]
    pivots = swing_points(window, left, right, source)
    below = pivots[pivots["price"] < price]
    above = pivots[pivots["price"] > price]
    sup = res = sup_date = res_date = None
    if len(below):
        sup = float(below["price"].max())
        sup_date = as_date(below.index[below["price"] == sup][-1])
    if len(above):
        res = float(above["price"].min())
        res_date = as_date(above.index[above["price"] == res][-1])
    return SupportResistance(as_date(c.index[-1]), price, sup, sup_date, res, res_date)


def _nearest(closes: pd.Series, price: float, prices: np.ndarray,
             positions: np.ndarray) -> SupportResistance:
    """:func:`support_resistance` from pivot prices and positions (same ties: the latest dated)."""
    sup = res = sup_date = res_date = None
    below, above = prices < price, prices > price
    if below.any():
        sup = float(prices[below].max())
        sup_date = as_date(closes.index[positions[prices == sup].max()])
    if above.any():
        res = float(prices[above].min())
        res_date = as_date(closes.index[positions[prices == res].max()])
    return SupportResistance(as_date(closes.index[-1]), price, sup, sup_date, res, res_date)


@dataclass(frozen=True)
class Milestone:
    """Where a price sits between round numbers (SPX 7,000, Dow 48,000)."""

    price: float
    step: float
    below: float
    """The round number at or below the price."""
    above: float
    """The round number strictly above the price."""
    nearest: float
    distance_pct: float
    """``(price / nearest - 1) * 100``: positive when the price is above the milestone."""


def round_milestone(price: float, step: float = 1000.0) -> Milestone:
    """The round-number milestones around ``price`` every ``step`` points."""
    if not (step > 0 and price > 0 and math.isfinite(price)):
        raise ValueError(f"round_milestone needs a positive price and step, got {price}, {step}")
    below = math.floor(price / step) * step
    above = below + step
    nearest = below if (price - below) <= (above - price) and below > 0 else above
    return Milestone(price, step, below, above, nearest, (price / nearest - 1.0) * 100.0)


def near_milestone(close: pd.Series | pd.DataFrame, step: float = 1000.0,
                   within_pct: float = 1.0) -> pd.Series:
    """True on sessions whose close is within ``within_pct`` % of a multiple of ``step``."""
    c = close_series(close)
    nearest = (c / step).round() * step
    nearest = nearest.where(nearest > 0, step)
    # rounded: 198 is 1.0% from 200, though the division leaves 1.0000000000000009
    return ((c / nearest - 1.0).abs().mul(100.0).round(6) <= within_pct).rename("near_milestone")


@dataclass(frozen=True)
class AllTimeHigh:
    """The highest close in the history given, and how far the last close is from it."""

    date: dt.date
    """The session that first set the high."""
    high: float
    asof: dt.date
    close: float
    distance_pct: float
    """``(close / high - 1) * 100``, zero or negative."""
    sessions_since: int
    at_high: bool
    history_start: dt.date


def all_time_high(bars: pd.DataFrame | pd.Series) -> AllTimeHigh:
    """The record close and the distance to it (needs one session)."""
    c = close_series(bars)
    require(len(c), 1, "all-time high")
    pos = int(np.argmax(c.to_numpy()))
    high, last = float(c.iloc[pos]), float(c.iloc[-1])
    return AllTimeHigh(as_date(c.index[pos]), high, as_date(c.index[-1]), last,
                       (last / high - 1.0) * 100.0, len(c) - 1 - pos, last >= high,
                       as_date(c.index[0]))


@dataclass(frozen=True)
class Range52w:
    """The 52-week (252-session) closing range and where the last close sits in it."""

    asof: dt.date
    close: float
    high: float
    high_date: dt.date
    low: float
    low_date: dt.date
    pct_below_high: float
    """``(close / high - 1) * 100``, zero or negative."""
    pct_above_low: float
    position: float | None
    """0 at the low, 1 at the high; None when the range is flat."""


def range_52w(bars: pd.DataFrame | pd.Series, sessions: int = WEEKS_52) -> Range52w:
    """52-week high and low of closes (the last ``sessions`` sessions, today included)."""
    c = close_series(bars)
    require(len(c), sessions, "52-week range")
    w = c.iloc[-sessions:]
    hi_pos, lo_pos = int(np.argmax(w.to_numpy())), int(np.argmin(w.to_numpy()))
    hi, lo, last = float(w.iloc[hi_pos]), float(w.iloc[lo_pos]), float(w.iloc[-1])
    position = (last - lo) / (hi - lo) if hi > lo else None
    return Range52w(as_date(w.index[-1]), last, hi, as_date(w.index[hi_pos]), lo,
                    as_date(w.index[lo_pos]), (last / hi - 1.0) * 100.0,
                    (last / lo - 1.0) * 100.0, position)


def pivot_levels(bars: pd.DataFrame | pd.Series, price: float, side: Literal["below", "above"],
                 lookback: int = WEEKS_52, left: int = 5, right: int = 5) -> tuple[float, ...]:
    """Every distinct pivot price strictly below (or above) ``price``, nearest first.

    Both kinds of pivot count on both sides, as in :func:`support_resistance`;
    empty at a 52-week closing low (below) or high (above): no pivot lies beyond it.
    """
    c = close_series(bars)
    require(len(c), left + right + 1, f"pivot levels ({left}/{right} pivots)")
    window = bars.loc[c.index[max(0, len(c) - lookback)]:]
    prices = swing_points(window, left, right)["price"].to_numpy(dtype=float)
    if side == "below":
        return tuple(sorted({p for p in prices if p < price}, reverse=True))
    return tuple(sorted({p for p in prices if p > price}))


def measured_level(level: float, atr14: float, side: Literal["below", "above"],
                   atrs: float = 3.0) -> float:
    """A measured level ``atrs`` ATRs beyond ``level``: where to aim when no pivot lies beyond
    the price (a 52-week low in a crash, a high in a melt-up)."""
    return level - atrs * atr14 if side == "below" else level + atrs * atr14
