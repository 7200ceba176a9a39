"""Breakdowns and rejections: the 200-day rejection, a broken support, momentum cracking.

Each finder looks at the last ``within`` sessions and returns a tuple of
results, oldest first (empty when nothing happened); each result carries the
session date, the price and the level involved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from newsletter.analysis.dividends import ex_dividends
from newsletter.analysis.history import as_date, clean_bars, close_series, require
from newsletter.analysis.indicators import macd, rsi, sma
from newsletter.analysis.levels import WEEKS_52, support_resistance
from newsletter.rounding import as_printed


@dataclass(frozen=True)
class Rejection:
    """The session's high reached the 200-day SMA from below and the close finished under it."""

    date: dt.date
    high: float
    close: float
    sma200: float
    sessions_ago: int
    """0 for the last session."""
    day_pct: float = 0.0
    """The session's close against the close before, percent: a rejection can come on a session
    that closed up (the replay's 2007-08-17, +2.0% for $IWM)."""


def rejected_at_200d(bars: pd.DataFrame, within: int = 10) -> tuple[Rejection, ...]:
    """Rejections at the 200-day SMA within the last ``within`` sessions.

    "From below" means the previous close was under the previous session's
    200-day SMA; the session's High then reached the SMA (``High >= SMA``) and
    its Close finished under it. "Under" is in cents, as both print: a close level with the
    average as printed is no rejection (the replay's 2003-03-23 said "$SPY tested the 200-day
    and closed just under it" of a close at 89.67 against a 200-day at 89.67). Needs 201
    sessions.
    """
    b = clean_bars(bars)
    require(len(b), 201, "200-day rejection")
    if within < 1:
        return ()
    closes, highs = b["Close"].to_numpy(dtype=float), b["High"].to_numpy(dtype=float)
    avg = sma(b["Close"], 200).to_numpy()
    read = slice(len(b) - (within + 1), len(b))  # the sessions read, and the one before the first
    close = np.array(as_printed(closes[read], 2))
    level = np.array(as_printed(avg[read], 2))  # NaN in the warm-up compares False, as below
    hit = (highs[read] >= avg[read]) & (close < level) & (
        np.r_[np.nan, close[:-1]] < np.r_[np.nan, level[:-1]])
    out = []
    for at in np.flatnonzero(hit[-within:]) + len(b) - within:  # arrays: the replay reads every
        at = int(at)  # index every week, and the Series arithmetic took 1.7 ms a call
        out.append(Rejection(as_date(b.index[at]), float(highs[at]), float(closes[at]),
                             float(avg[at]), len(b) - 1 - at,
                             (float(closes[at]) / float(closes[at - 1]) - 1.0) * 100.0))
    return tuple(out)


@dataclass(frozen=True)
class SupportBreak:
    """A close under the nearest support known the session before."""

    date: dt.date
    close: float
    support: float
    support_date: dt.date
    """The pivot that made the support."""
    prev_close: float
    sessions_ago: int


def broke_support(bars: pd.DataFrame | pd.Series, within: int = 5, lookback: int = WEEKS_52,
                  left: int = 5, right: int = 5) -> tuple[SupportBreak, ...]:
    """Sessions in the last ``within`` whose close fell under the nearest support.

    The support for session t is computed from the history up to t - 1 (pivots
    already confirmed then), below the close of t - 1: no look-ahead.
    """
    c = close_series(bars)
    require(len(c), left + right + 2, f"support break ({left}/{right} pivots)")
    first = max(left + right + 1, len(c) - within)
    adjusted = bars["Adj Close"] if isinstance(bars, pd.DataFrame) and "Adj Close" in bars.columns else None
    paid = ex_dividends(c, adjusted, since=first)
    out = []
    for pos in range(first, len(c)):
        level = support_resistance(c.iloc[:pos], lookback, left, right)
        # a close under it only by the dividend that went ex that day broke nothing (the replay's
        # 2010-06-20 shorted $SPY on its ex-date close, 111.73 against 111.87; 112.26 with it)
        if (level.support is not None and c.iloc[pos] < level.support
                and round(float(c.iloc[pos]) + float(paid[pos]), 2) < round(level.support, 2)):
            out.append(SupportBreak(as_date(c.index[pos]), float(c.iloc[pos]), level.support,
                                    level.support_date, float(c.iloc[pos - 1]), len(c) - 1 - pos))
    return tuple(out)


@dataclass(frozen=True)
class MomentumCrack:
    """RSI falling through 50, or MACD crossing under its signal line."""

    date: dt.date
    close: float
    kind: Literal["rsi_below_50", "macd_under_signal"]
    value: float
    """RSI or MACD on the session."""
    level: float
    """50, or the MACD signal on the session."""
    previous: float
    """RSI or MACD the session before (at or above its level)."""
    sessions_ago: int
    holds: bool = True
    """The indicator is still under its level on the last session: a crack it has since undone
    (RSI back at 50 or over, the MACD back at its signal or over) is no crack now."""


def _crossed_under(close: pd.Series, value: pd.Series, level: pd.Series, kind: str,
                   within: int) -> list[MomentumCrack]:
    """Sessions of the last ``within`` where ``value`` went from at or above ``level`` the
    session before to under it (both days known). ``value`` and ``level`` are on ``close``'s
    index. Read as arrays, session by session: the same answer as the Series arithmetic it
    replaced (tests/analysis/test_crossed_under.py), a tenth of the time (it runs for every
    breakdown candidate of every replayed week)."""
    v, lv = value.to_numpy(dtype=float), level.to_numpy(dtype=float)
    n = len(v)
    out = []
    holds = bool(n and v[-1] < lv[-1])
    for pos in range(max(1, n - within), n):
        before, now, was, is_ = v[pos - 1], v[pos], lv[pos - 1], lv[pos]
        if np.isnan(before) or np.isnan(now) or np.isnan(was) or np.isnan(is_):
            continue
        if before >= was and now < is_:
            out.append(MomentumCrack(as_date(close.index[pos]), float(close.iloc[pos]), kind,
                                     float(now), float(is_), float(before), len(close) - 1 - pos,
                                     holds))
    return out


def rsi_below_50(close: pd.Series | pd.DataFrame, within: int = 5,
                 length: int = 14) -> tuple[MomentumCrack, ...]:
    """Sessions where RSI fell from 50 or above to under 50 (needs ``length + 2`` sessions), read on
    the RSI as the issue prints it, one decimal: 49.96 prints 50.0 and is not under 50."""
    c = close_series(close)
    require(len(c), length + 2, f"RSI-{length} cross")
    r = rsi(c, length).round(1)
    return tuple(_crossed_under(c, r, pd.Series(50.0, index=c.index), "rsi_below_50", within))


def macd_under_signal(close: pd.Series | pd.DataFrame, within: int = 5) -> tuple[MomentumCrack, ...]:
    """Sessions where the MACD 12/26/9 line crossed under its signal (needs 35 sessions)."""
    c = close_series(close)
    require(len(c), 35, "MACD signal cross")
    m = macd(c)
    return tuple(_crossed_under(c, m["macd"], m["signal"], "macd_under_signal", within))


def momentum_cracks(close: pd.Series | pd.DataFrame, within: int = 5) -> tuple[MomentumCrack, ...]:
    """Both momentum cracks of the last ``within`` sessions, oldest first."""
    found = rsi_below_50(close, within) + macd_under_signal(close, within)
    return tuple(sorted(found, key=lambda m: (m.date, m.kind)))


def still_rejected(bars: pd.DataFrame | pd.Series,
                   rejections: tuple[Rejection, ...]) -> tuple[Rejection, ...]:
    """The rejections no close has broken since: every close after the rejection stayed under
    that day's 200-day SMA (and so under the rejection's high). A rejection the price closed
    through, even for one day before falling back, did not hold."""
    c = close_series(bars)
    avg = sma(c, 200)
    out = []
    for r in rejections:
        after = c.index > pd.Timestamp(r.date)
        if not (c[after] >= avg[after]).any():
            out.append(r)
    return tuple(out)


def still_broken(bars: pd.DataFrame | pd.Series,
                 breaks: tuple[SupportBreak, ...]) -> tuple[SupportBreak, ...]:
    """The support breaks no close has reclaimed since: every close after the break stayed
    under the broken level."""
    c = close_series(bars)
    return tuple(b for b in breaks if not (c[c.index > pd.Timestamp(b.date)] >= b.support).any())
