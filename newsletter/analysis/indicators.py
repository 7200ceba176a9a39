"""Indicators computed with TA-Lib: moving averages, RSI, MACD, Bollinger, ATR, Keltner.

Series functions return the full history with NaN inside the warm-up window;
the snapshot and state functions only ever quote values outside it. Each one
raises :class:`~newsletter.analysis.history.NotEnoughData` when the history is
shorter than the indicator's first quotable value needs (RSI-14 needs 15
sessions, MACD 12/26/9 needs 34, ATR-14 needs 15).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import talib

from newsletter.analysis.history import as_date, clean_bars, close_series, require

MA_LENGTHS = (5, 20, 50, 200)


def _values(series: pd.Series) -> np.ndarray:
    return np.ascontiguousarray(series.to_numpy(dtype=np.float64))


def sma(close: pd.Series | pd.DataFrame, length: int) -> pd.Series:
    """Simple moving average of ``Close`` over ``length`` sessions (TA-Lib SMA)."""
    c = close_series(close)
    require(len(c), length, f"{length}-day SMA")
    return pd.Series(talib.SMA(_values(c), timeperiod=length), index=c.index, name=f"sma{length}")


def first_session_under(close: pd.Series | pd.DataFrame, length: int) -> dt.date | None:
    """The first session of the run of closes under their ``length``-day SMA that the last close
    ends; None when the last close is not under it (or the SMA is still warming up)."""
    c = close_series(close)
    if len(c) < length:
        return None
    under = (c < sma(c, length)).to_numpy()  # NaN (warm-up) compares False: it ends a run
    if not under[-1]:
        return None
    over = np.flatnonzero(~under)
    return as_date(c.index[over[-1] + 1 if over.size else 0])


def ema(close: pd.Series | pd.DataFrame, length: int) -> pd.Series:
    """Exponential moving average (TA-Lib EMA, seeded with the SMA of the first ``length``)."""
    c = close_series(close)
    require(len(c), length, f"{length}-day EMA")
    return pd.Series(talib.EMA(_values(c), timeperiod=length), index=c.index, name=f"ema{length}")


def rsi(close: pd.Series | pd.DataFrame, length: int = 14) -> pd.Series:
    """Wilder RSI (TA-Lib); first value after ``length + 1`` sessions.

    A series that has never moved reads 50 (TA-Lib says 0, which would read as
    deeply oversold for a halted ticker).
    """
    c = close_series(close)
    require(len(c), length + 1, f"RSI-{length}")
    values = _values(c)
    out = talib.RSI(values, timeperiod=length)
    moved = np.zeros(len(values), dtype=bool)
    moved[1:] = np.abs(np.diff(values)) > 0  # a missing or undefined move is no move
    never_moved = ~np.logical_or.accumulate(moved)
    out[never_moved & ~np.isnan(out)] = 50.0
    return pd.Series(out, index=c.index, name=f"rsi{length}")


def macd(close: pd.Series | pd.DataFrame, fast: int = 12, slow: int = 26, signal: int = 9) -> pd.DataFrame:
    """MACD line, signal and histogram (TA-Lib); first value after ``slow + signal - 1`` sessions."""
    if signal < 2:
        raise ValueError("a MACD signal period below 2 leaks the future; use 2 or more")
    c = close_series(close)
    require(len(c), slow + signal - 1, f"MACD {fast}/{slow}/{signal}")
    line, sig, hist = talib.MACD(_values(c), fastperiod=fast, slowperiod=slow, signalperiod=signal)
    return pd.DataFrame({"macd": line, "signal": sig, "hist": hist}, index=c.index)


def bollinger(close: pd.Series | pd.DataFrame, length: int = 20, width: float = 2.0) -> pd.DataFrame:
    """Bollinger bands: SMA ``length`` plus/minus ``width`` population standard deviations."""
    c = close_series(close)
    require(len(c), length, f"Bollinger {length}/{width:g}")
    upper, middle, lower = talib.BBANDS(_values(c), timeperiod=length, nbdevup=width,
                                        nbdevdn=width, matype=0)
    return pd.DataFrame({"upper": upper, "middle": middle, "lower": lower}, index=c.index)


def atr(bars: pd.DataFrame, length: int = 14) -> pd.Series:
    """Average true range (Wilder, TA-Lib); the true range includes overnight gaps."""
    b = clean_bars(bars)
    require(len(b), length + 1, f"ATR-{length}")
    out = talib.ATR(_values(b["High"]), _values(b["Low"]), _values(b["Close"]), timeperiod=length)
    return pd.Series(out, index=b.index, name=f"atr{length}")


def keltner(bars: pd.DataFrame, length: int = 20, atr_length: int = 10,
            multiplier: float = 2.0) -> pd.DataFrame:
    """Keltner channels: EMA ``length`` of Close plus/minus ``multiplier`` x ATR ``atr_length``."""
    b = clean_bars(bars)
    require(len(b), max(length, atr_length + 1), f"Keltner {length}/{atr_length}/{multiplier:g}")
    middle = ema(b["Close"], length)
    band = multiplier * atr(b, atr_length)
    return pd.DataFrame({"upper": middle + band, "middle": middle, "lower": middle - band})


@dataclass(frozen=True)
class IndicatorSnapshot:
    """Every standard indicator on the last session, all outside their warm-up windows."""

    date: dt.date
    close: float
    sma: dict[int, float]
    """By length: 5, 20, 50, 200."""
    ema: dict[int, float]
    rsi14: float
    macd: float
    macd_signal: float
    macd_hist: float
    bb_upper: float
    bb_middle: float
    bb_lower: float
    atr14: float
    keltner_upper: float
    keltner_middle: float
    keltner_lower: float


def indicator_snapshot(bars: pd.DataFrame) -> IndicatorSnapshot:
    """All indicators on the last bar; needs 200 sessions (the 200-day averages)."""
    b = clean_bars(bars)
    require(len(b), max(MA_LENGTHS), "indicator snapshot (200-day averages)")
    c = b["Close"]
    m = macd(c).iloc[-1]
    bb = bollinger(c).iloc[-1]
    kc = keltner(b).iloc[-1]
    return IndicatorSnapshot(
        date=as_date(c.index[-1]),
        close=float(c.iloc[-1]),
        sma={n: float(sma(c, n).iloc[-1]) for n in MA_LENGTHS},
        ema={n: float(ema(c, n).iloc[-1]) for n in MA_LENGTHS},
        rsi14=float(rsi(c).iloc[-1]),
        macd=float(m["macd"]), macd_signal=float(m["signal"]), macd_hist=float(m["hist"]),
        bb_upper=float(bb["upper"]), bb_middle=float(bb["middle"]), bb_lower=float(bb["lower"]),
        atr14=float(atr(b).iloc[-1]),
        keltner_upper=float(kc["upper"]), keltner_middle=float(kc["middle"]),
        keltner_lower=float(kc["lower"]),
    )


CrossKind = Literal["golden", "death"]


@dataclass(frozen=True)
class CrossState:
    """Golden (fast above slow) or death (fast below slow), and the last cross."""

    date: dt.date
    state: CrossKind | Literal["flat"]
    """``flat`` only when the two averages have never differed (a halted ticker)."""
    fast_length: int
    slow_length: int
    fast: float
    slow: float
    last_cross: CrossKind | None
    last_cross_date: dt.date | None
    """None when no cross happened since ``quoted_since``."""
    sessions_since_cross: int | None
    quoted_since: dt.date
    """First session both averages were out of their warm-up."""
    cross_dates: tuple[dt.date, ...] = ()
    """Every cross since ``quoted_since``, oldest first (the last is ``last_cross_date``)."""


def _sign_held(diff: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """+1/-1 where the averages differ beyond rounding; ties keep the previous sign (NaN before
    the first difference)."""
    sign = np.where(np.abs(diff) > 1e-9 * np.abs(scale), np.sign(diff), np.nan)
    at = np.where(np.isnan(sign), -1, np.arange(len(sign)))
    np.maximum.accumulate(at, out=at)  # the last session that differed, for each session
    return np.where(at >= 0, sign[np.maximum(at, 0)], np.nan)


def ma_cross(close: pd.Series | pd.DataFrame, fast: int = 50, slow: int = 200,
             average: Literal["sma", "ema"] = "sma") -> CrossState:
    """Golden/death cross state of two moving averages and the date of the last cross."""
    c = close_series(close)
    require(len(c), slow, f"{fast}/{slow}-day cross")
    func = sma if average == "sma" else ema
    f, s = func(c, fast).to_numpy(), func(c, slow).to_numpy()
    valid = ~np.isnan(s)
    f, s, index = f[valid], s[valid], c.index[valid]
    sign = _sign_held(f - s, s)
    before = np.r_[np.nan, sign[:-1]]
    changed = np.flatnonzero(~np.isnan(before) & (sign != before))  # numpy, not pandas: the
    # replay reads every index's cross every week (5 ms a call in pandas)
    last_cross_date = sessions_since = last_cross = None
    if changed.size:
        when = int(changed[-1])
        last_cross_date = as_date(index[when])
        sessions_since = len(sign) - 1 - when
        last_cross = "golden" if sign[when] > 0 else "death"
    now = sign[-1]
    state = "flat" if np.isnan(now) else ("golden" if now > 0 else "death")
    return CrossState(as_date(c.index[-1]), state, fast, slow, float(f[-1]), float(s[-1]),
                      last_cross, last_cross_date, sessions_since, as_date(index[0]),
                      tuple(as_date(d) for d in index[changed]))


@dataclass(frozen=True)
class EmaStack:
    """EMA stacking: bullish when 5 > 20 > 50 > 200, bearish for the reverse, else mixed."""

    date: dt.date
    state: Literal["bullish", "bearish", "mixed"]
    values: dict[int, float]
    since: dt.date
    """First session of the current unbroken run of ``state``."""
    sessions: int
    """Length of that run, today included."""


def ema_stack(close: pd.Series | pd.DataFrame, lengths: tuple[int, ...] = MA_LENGTHS) -> EmaStack:
    """Whether the EMAs are stacked in order (shortest on top or at the bottom)."""
    c = close_series(close)
    lengths = tuple(sorted(lengths))
    require(len(c), lengths[-1], f"EMA stack {'/'.join(map(str, lengths))}")
    frame = pd.concat([ema(c, n) for n in lengths], axis=1).dropna()
    arr = frame.to_numpy()
    bull = np.all(arr[:, :-1] > arr[:, 1:], axis=1)
    bear = np.all(arr[:, :-1] < arr[:, 1:], axis=1)
    state = np.where(bull, 1, np.where(bear, -1, 0))
    run = 1
    while run < len(state) and state[-1 - run] == state[-1]:
        run += 1
    name = {1: "bullish", -1: "bearish", 0: "mixed"}[int(state[-1])]
    return EmaStack(as_date(frame.index[-1]), name,
                    {n: float(v) for n, v in zip(lengths, arr[-1], strict=True)},
                    as_date(frame.index[-run]), run)
