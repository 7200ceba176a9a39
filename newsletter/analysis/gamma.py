"""Dealer gamma exposure by strike, the flip level and the regime it implies.

Convention (the usual one, and an assumption about who holds what): dealers
are long the calls and short the puts the public holds. A contract's gamma
exposure in dollars per 1 % move of the underlying is

    GEX = gamma × open interest × 100 × spot² × 0.01

counted positive for calls and negative for puts, with Black-Scholes gamma at
the contract's implied volatility (:func:`volatility.chain_ivs`: the chain's
own IV, else solved from its mid price). Every live expiry counts.

The flip level is where the total exposure, recomputed with the underlying
at other prices (each contract's IV and time held), changes sign: the
zero-gamma level traders quote, searched within 20 % of the spot, the
crossing nearest the spot when there are several. (Summing the exposure by
strike from the bottom up would only ever flip when the total at the spot is
positive, since the puts sit below; it names no flip in the markets where one
matters most.) The regime is the sign of the total at the spot: positive
gamma means dealers hedge against the move (they sell rallies and buy dips),
so pullbacks tend to be absorbed; negative gamma means they hedge with it, so
moves tend to extend. Above the flip is positive gamma, below it negative,
when calls sit above puts as usual.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from newsletter.analysis.black_scholes import bs_gamma
from newsletter.analysis.history import NotEnoughData
from newsletter.analysis.volatility import RISK_FREE_RATE, chain_ivs

CONVENTION = ("dealers long calls, short puts: GEX = gamma × OI × 100 × spot² × 0.01 "
              "per 1% move, calls positive, puts negative")
REGIME_TENDENCY = {
    "positive": "pullbacks tend to be absorbed",
    "negative": "moves tend to extend",
}


@dataclass(frozen=True)
class StrikeGamma:
    """Dollar gamma exposure per 1 % move at one strike, summed over the live expiries."""

    strike: float
    calls: float
    """Positive or zero."""
    puts: float
    """Negative or zero."""

    @property
    def net(self) -> float:
        return self.calls + self.puts


@dataclass(frozen=True)
class GammaExposure:
    """Dealer gamma by strike, the flip level and the regime, under :data:`CONVENTION`."""

    asof: dt.date
    spot: float
    by_strike: tuple[StrikeGamma, ...]
    """Ascending strike."""
    total: float
    """Net dollars per 1 % move."""
    flip: float | None
    """The zero-gamma level nearest the spot; None when none lies within 20 % of it."""
    regime: Literal["positive", "negative"]
    convention: str = CONVENTION

    @property
    def tendency(self) -> str:
        """What the regime implies for the next move ("pullbacks tend to be absorbed")."""
        return REGIME_TENDENCY[self.regime]

    @property
    def regime_text(self) -> str:
        return f"{self.regime} gamma: {self.tendency}"


FLIP_SEARCH = 0.2
"""The flip is searched for within this fraction of the spot on either side."""


def _profile(rows: pd.DataFrame, rate: float) -> Callable[[float], float]:
    strikes = rows["strike"].to_numpy(np.float64)
    years = rows["years"].to_numpy(np.float64)
    ivs = rows["iv"].to_numpy(np.float64)
    weight = np.where(rows["kind"].to_numpy() == "call", 1.0, -1.0) \
        * rows["open_interest"].to_numpy(np.float64) * 100.0 * 0.01

    def total(level: float) -> float:
        gamma = np.asarray(bs_gamma(level, strikes, years, rate, ivs))
        return float((weight * gamma).sum() * level * level)

    return total


def flip_level(total: Callable[[float], float], spot: float, search: float = FLIP_SEARCH, steps: int = 200) -> float | None:
    """The price nearest ``spot`` within ±``search`` at which ``total(price)`` changes sign.

    ``total`` is scanned on ``steps`` equal intervals and each sign change refined
    by bisection to a thousandth of a cent; None when the sign never changes.
    """
    levels = np.linspace(spot * (1 - search), spot * (1 + search), steps + 1)
    values = [total(float(x)) for x in levels]
    found = []
    for a, b, fa, fb in zip(levels[:-1], levels[1:], values[:-1], values[1:], strict=True):
        if fa == 0.0:
            found.append(float(a))
        elif fa * fb < 0:
            lo, hi, flo = float(a), float(b), fa
            while hi - lo > 1e-5:
                mid = 0.5 * (lo + hi)
                fm = total(mid)
                if (fm < 0) == (flo < 0):
                    lo, flo = mid, fm
                else:
                    hi = mid
            found.append(0.5 * (lo + hi))
    if not found:
        return None
    return min(found, key=lambda x: (abs(x - spot), x))


def gamma_exposure(chain: pd.DataFrame, spot: float, asof: dt.date,
                   rate: float = RISK_FREE_RATE) -> GammaExposure:
    """Dealer gamma exposure of ``chain`` at ``spot`` on ``asof`` (see the module's convention)."""
    rows = chain_ivs(chain, spot, asof, rate)
    rows = rows[rows["open_interest"].fillna(0.0) > 0]
    if rows.empty:
        raise NotEnoughData("dealer gamma exposure", 1, 0, "contracts with open interest and an IV")
    gamma = bs_gamma(spot, rows["strike"].to_numpy(np.float64), rows["years"].to_numpy(),
                     rate, rows["iv"].to_numpy())
    sign = np.where(rows["kind"].to_numpy() == "call", 1.0, -1.0)
    gex = sign * np.asarray(gamma) * rows["open_interest"].to_numpy(np.float64) * 100.0 \
        * spot * spot * 0.01
    frame = pd.DataFrame({"strike": rows["strike"].to_numpy(np.float64),
                          "calls": np.where(sign > 0, gex, 0.0),
                          "puts": np.where(sign < 0, gex, 0.0)})
    grouped = frame.groupby("strike", sort=True).sum()
    by_strike = tuple(StrikeGamma(float(k), float(r.calls), float(r.puts))
                      for k, r in grouped.iterrows())
    total = float((grouped["calls"] + grouped["puts"]).sum())
    flip = flip_level(_profile(rows, rate), float(spot))
    return GammaExposure(asof, float(spot), by_strike, total, flip,
                         "positive" if total > 0 else "negative")
