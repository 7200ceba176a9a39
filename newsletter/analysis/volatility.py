"""Implied and realised volatility from an option chain and bars: ATM IV, term, skew, IV rank.

Units: every volatility in the dataclasses here is annualised and in percent
(18.2 = 18.2 %); the Black-Scholes functions in :mod:`black_scholes` take σ as
a decimal. Time to expiry is calendar days from ``asof`` over 365. A chain's
implied volatilities (column ``implied_volatility``, a decimal) are used where
present (1 % or more); otherwise the IV is solved from the mid of ``bid`` and
``ask`` with Black-Scholes at :data:`RISK_FREE_RATE` and no dividends.

- At the money: the IV interpolated linearly in strike at the spot, each
  strike's IV the mean of its call's and its put's.
- Skew: the 5 %-out-of-the-money put's IV (strike 0.95 × spot) minus the
  5 %-out-of-the-money call's (1.05 × spot), both interpolated in strike, on
  the same expiry as the ATM IV; positive when puts are bid up.
- Realised: the sample standard deviation (ddof 1) of the last 20
  close-to-close log returns, times √252.
- IV rank and percentile: over the last 252 observations of an ATM-IV
  history; rank = (today - low) / (high - low), percentile = share of the
  earlier observations below today; fewer than 60 observations give None.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from newsletter.analysis.black_scholes import implied_vols
from newsletter.analysis.history import NotEnoughData, close_series, require
from newsletter.analysis.options_positioning import is_monthly_expiry
from newsletter.rounding import shown_difference

RISK_FREE_RATE = 0.04
"""Continuously compounded, flat: what the IV is solved with when the chain has none."""
YEAR_DAYS = 365.0
MIN_LISTED_IV = 0.01
"""A listed IV under 1 % is a placeholder (Yahoo lists 0.00001 for a contract with no
quote): it is solved from the mid price instead."""
SKEW_MONEYNESS = 0.05
IV_RANK_MIN_OBSERVATIONS = 60
IV_RANK_WINDOW = 252
FLAT_TERM = 0.5
"""Vol points between the front and the back expiry (as printed, one decimal) under which the
term structure is flat."""


def chain_ivs(chain: pd.DataFrame, spot: float, asof: dt.date,
              rate: float = RISK_FREE_RATE) -> pd.DataFrame:
    """The chain's live contracts (expiry after ``asof``) with ``years``, ``iv`` (decimal), ``iv_source``.

    ``iv_source`` is ``chain`` or ``mid``; contracts with neither a listed IV of 1 % or more
    nor a two-sided quote whose mid some σ reaches are dropped.
    """
    frame = chain.assign(expiry=pd.to_datetime(chain["expiry"]).dt.date)
    frame = frame[frame["expiry"] > asof].reset_index(drop=True)
    days = np.array([(e - asof).days for e in frame["expiry"]], dtype=np.float64)
    frame = frame.assign(years=days / YEAR_DAYS)
    listed = (frame["implied_volatility"].astype(np.float64).to_numpy()
              if "implied_volatility" in frame else np.full(len(frame), np.nan))
    listed = np.where(listed >= MIN_LISTED_IV, listed, np.nan)
    solved = np.full(len(frame), np.nan)
    if {"bid", "ask"} <= set(frame.columns):
        bid = frame["bid"].astype(np.float64).to_numpy()
        ask = frame["ask"].astype(np.float64).to_numpy()
        need = np.isnan(listed) & (ask > 0) & (bid >= 0)
        if need.any():
            sub = frame[need]
            solved[need] = implied_vols(0.5 * (bid[need] + ask[need]), spot,
                                        sub["strike"].to_numpy(np.float64),
                                        sub["years"].to_numpy(), rate, sub["kind"].to_numpy())
    iv = np.where(np.isnan(listed), solved, listed)
    source = np.where(np.isnan(listed), "mid", "chain")
    frame = frame.assign(iv=iv, iv_source=source)
    return frame[~np.isnan(iv)].reset_index(drop=True)


def _iv_at(rows: pd.DataFrame, x: float, what: str) -> float:
    """The IV (decimal) interpolated linearly in strike at ``x``; strike IVs averaged over kinds."""
    by_strike = rows.groupby("strike")["iv"].mean().sort_index()
    strikes = by_strike.index.to_numpy(np.float64)
    if len(strikes) < 2 or not strikes[0] <= x <= strikes[-1]:
        raise NotEnoughData(what, 2, int((strikes <= x).sum() > 0) + int((strikes >= x).sum() > 0),
                            f"strikes with an IV around {x:.2f}")
    return float(np.interp(x, strikes, by_strike.to_numpy(np.float64)))


def _nearest_monthly(expiries: list[dt.date]) -> tuple[dt.date, bool]:
    monthly = [e for e in expiries if is_monthly_expiry(e, set(expiries))]
    return (monthly[0], True) if monthly else (expiries[0], False)


@dataclass(frozen=True)
class AtmVol:
    """The at-the-money IV of one expiry."""

    asof: dt.date
    expiry: dt.date
    days: int
    iv: float
    """Percent."""
    monthly: bool
    """False when the chain lists no monthly expiry and the nearest expiry stands in."""
    source: Literal["chain", "mid", "chain and mid"]
    """Where the IVs came from: the chain's own, solved from mid prices, or both."""


@dataclass(frozen=True)
class Skew:
    """Put IV minus call IV, each 5 % out of the money, on ``expiry``; percent and vol points (the
    skew as the two IVs print: :func:`shown_gap`)."""

    expiry: dt.date
    put_iv: float
    call_iv: float
    skew: float
    moneyness: float = SKEW_MONEYNESS


@dataclass(frozen=True)
class TermStructure:
    """ATM IV by expiry, nearest first, and its shape (back minus front)."""

    points: tuple[tuple[dt.date, int, float], ...]
    """(expiry, calendar days, ATM IV in percent)."""
    shape: Literal["upward", "inverted", "flat"]
    spread: float
    """Back minus front ATM IV, vol points."""


def _live(chain: pd.DataFrame, spot: float, asof: dt.date, rate: float) -> pd.DataFrame:
    rows = chain_ivs(chain, spot, asof, rate)
    if rows.empty:
        raise NotEnoughData("implied volatility", 1, 0, "contracts with an IV or a quote")
    return rows


def _source(rows: pd.DataFrame) -> Literal["chain", "mid", "chain and mid"]:
    kinds = set(rows["iv_source"])
    return "chain and mid" if len(kinds) == 2 else "chain" if kinds == {"chain"} else "mid"


def atm_iv(chain: pd.DataFrame, spot: float, asof: dt.date, expiry: dt.date | None = None,
           rate: float = RISK_FREE_RATE) -> AtmVol:
    """The ATM IV of ``expiry`` (default: the nearest monthly expiry after ``asof``)."""
    rows = _live(chain, spot, asof, rate)
    expiries = sorted(set(rows["expiry"]))
    monthly = True
    if expiry is None:
        expiry, monthly = _nearest_monthly(expiries)
    one = rows[rows["expiry"] == expiry]
    if one.empty:
        raise NotEnoughData(f"ATM IV on {expiry}", 1, 0, "contracts")
    iv = _iv_at(one, spot, f"ATM IV on {expiry}")
    return AtmVol(asof, expiry, (expiry - asof).days, 100.0 * iv, monthly, _source(one))


def skew(chain: pd.DataFrame, spot: float, asof: dt.date, expiry: dt.date | None = None,
         rate: float = RISK_FREE_RATE) -> Skew:
    """The 5 %-OTM put IV minus the 5 %-OTM call IV (default expiry: the nearest monthly)."""
    rows = _live(chain, spot, asof, rate)
    if expiry is None:
        expiry, _ = _nearest_monthly(sorted(set(rows["expiry"])))
    one = rows[rows["expiry"] == expiry]
    put = _iv_at(one[one["kind"] == "put"], spot * (1 - SKEW_MONEYNESS), "5%-OTM put IV")
    call = _iv_at(one[one["kind"] == "call"], spot * (1 + SKEW_MONEYNESS), "5%-OTM call IV")
    return Skew(expiry, 100.0 * put, 100.0 * call, shown_gap(100.0 * put, 100.0 * call))


def shown_gap(first: float, second: float) -> float:
    """``first`` minus ``second`` (vols in percent) as the issue prints them, one decimal each:
    "puts 26.1% vs calls 17.9%" is 8.2 points, whatever the decimals behind."""
    return shown_difference(first, second, 1)


def term_structure(chain: pd.DataFrame, spot: float, asof: dt.date,
                   rate: float = RISK_FREE_RATE) -> TermStructure:
    """The ATM IV of every expiry whose strikes bracket the spot; needs two such expiries."""
    rows = _live(chain, spot, asof, rate)
    points = []
    for expiry, one in rows.groupby("expiry", sort=True):
        try:
            points.append((expiry, (expiry - asof).days, 100.0 * _iv_at(one, spot, "ATM IV")))
        except NotEnoughData:
            continue
    require(len(points), 2, "IV term structure", "expiries")
    spread = shown_gap(points[-1][2], points[0][2])
    shape = "flat" if abs(spread) < FLAT_TERM else "upward" if spread > 0 else "inverted"
    return TermStructure(tuple(points), shape, spread)


def realised_vol(close: pd.Series, sessions: int = 20) -> float:
    """Annualised realised volatility in percent over the last ``sessions`` close-to-close log returns.

    Sample standard deviation (ddof 1) times √252; NaN closes are dropped first.
    """
    closes = close_series(close)
    require(len(closes) - 1, sessions, f"{sessions}-session realised volatility", "returns")
    returns = np.diff(np.log(closes.to_numpy()[-(sessions + 1):]))
    return float(np.std(returns, ddof=1) * math.sqrt(252.0) * 100.0)


@dataclass(frozen=True)
class IvRank:
    """Where today's ATM IV sits in its history; rank and percentile None under 60 observations."""

    current: float
    observations: int
    """How many days of ATM-IV history (today included) back the figures."""
    rank: float | None
    """0-100: (today - low) / (high - low) over the window."""
    percentile: float | None
    """0-100: share of the window's earlier days with a lower ATM IV than today."""
    low: float | None
    high: float | None


def iv_rank(history: pd.Series, window: int = IV_RANK_WINDOW,
            need: int = IV_RANK_MIN_OBSERVATIONS) -> IvRank:
    """IV rank and percentile of the last value of ``history`` (ATM IV in percent, by date).

    NaN days are dropped; the last ``window`` observations count. With fewer
    than ``need`` the rank and percentile are None and ``observations`` says how many.
    """
    values = history.astype(np.float64).dropna().to_numpy()[-window:]
    if len(values) == 0:
        raise NotEnoughData("IV rank", 1, 0, "days of ATM-IV history")
    current = float(values[-1])
    if len(values) < need:
        return IvRank(current, len(values), None, None, None, None)
    low, high = float(values.min()), float(values.max())
    rank = 100.0 * (current - low) / (high - low) if high > low else 50.0
    percentile = 100.0 * float((values[:-1] < current).mean())
    return IvRank(current, len(values), rank, percentile, low, high)
