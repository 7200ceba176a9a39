"""Dealer gamma exposure by strike, the flip level and the regime it implies.

Convention (the usual one, and an assumption about who holds what): dealers
are long the calls and short the puts the public holds. A contract's gamma
exposure in dollars per 1 % move of the underlying is

    GEX = gamma × open interest × 100 × spot² × 0.01

counted positive for calls and negative for puts, with Black-Scholes gamma at
the contract's implied volatility (:func:`volatility.chain_ivs`: the chain's
own IV, else solved from its mid price). Every live expiry counts.

The flip level is the strike at which the cumulative net exposure, summed
from the lowest strike up, changes sign (the strike whose exposure tips the
sum); with several sign changes, the one nearest the spot. The regime is the
sign of the total: positive gamma means dealers hedge against the move (they
sell rallies and buy dips), so pullbacks tend to be absorbed; negative gamma
means they hedge with it, so moves tend to extend.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from newsletter.analysis.black_scholes import bs_gamma
from newsletter.analysis.history import NotEnoughData
from newsletter.analysis.volatility import RISK_FREE_RATE, chain_ivs

CONVENTION = ("dealers long calls, short puts: GEX = gamma × OI × 100 × spot² × 0.01 "
              "per 1% move, calls positive, puts negative")
REGIME_TEXT = {
    "positive": "positive gamma: pullbacks tend to be absorbed",
    "negative": "negative gamma: moves tend to extend",
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
    """None when the cumulative exposure never changes sign."""
    regime: Literal["positive", "negative"]
    convention: str = CONVENTION

    @property
    def regime_text(self) -> str:
        return REGIME_TEXT[self.regime]


def flip_level(strikes: np.ndarray, net: np.ndarray, spot: float) -> float | None:
    """The strike at which the cumulative ``net`` (ascending strike) changes sign, nearest ``spot``.

    A zero cumulative sum carries the sign before it; None when the sign never changes.
    """
    order = np.argsort(strikes)
    strikes = np.asarray(strikes, dtype=np.float64)[order]
    cum = np.cumsum(np.asarray(net, dtype=np.float64)[order])
    signs = np.sign(cum)
    for i in range(1, len(signs)):
        if signs[i] == 0:
            signs[i] = signs[i - 1]
    flips = [strikes[i] for i in range(1, len(signs)) if signs[i - 1] != 0
             and signs[i] != signs[i - 1]]
    if not flips:
        return None
    return float(min(flips, key=lambda k: (abs(k - spot), k)))


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
    net = (grouped["calls"] + grouped["puts"]).to_numpy()
    total = float(net.sum())
    flip = flip_level(grouped.index.to_numpy(np.float64), net, spot)
    return GammaExposure(asof, float(spot), by_strike, total, flip,
                         "positive" if total > 0 else "negative")
