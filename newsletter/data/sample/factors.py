"""The shared market: factor paths every ticker loads on, and volatility clustering.

A market factor whose volatility is driven by a VIX-like level (down days lift
the VIX, a high VIX widens the next days' moves), a size factor with rotation
bursts, sector and theme factors, and macro factors (rates, oil, dollar,
bitcoin). Each factor draws from its own keyed stream, so adding one never
moves another.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from newsletter.data.sample.grid import SQRT_252
from newsletter.data.sample.profiles import PROFILES
from newsletter.data.sample.regimes import hold_per_segment, semi_markov
from newsletter.data.sample.steering import steer, steering_targets
from newsletter.data.sample.streams import ar1, stream, student_t

VIX_MEAN = 17.5
"""The VIX level at which the market's volatility is at its typical size."""

SECTOR_VOLS: dict[str, float] = {
    "tech": 0.09, "software": 0.12, "semis": 0.14, "ai": 0.12, "analog": 0.12, "comms": 0.10,
    "discretionary": 0.09, "staples": 0.08, "health": 0.08, "biotech": 0.16, "financials": 0.08,
    "regional": 0.12, "energy": 0.12, "industrials": 0.07, "materials": 0.09, "utilities": 0.09,
    "realestate": 0.09, "homebuilders": 0.13,
}
"""Sector and theme factors: annualised volatility of each factor's residual return."""

Streams = Callable[[str], np.random.Generator]
"""The market's random streams, one per purpose."""


@dataclass
class Market:
    """The shared factor paths over the whole session grid."""

    mkt: np.ndarray
    """Market factor log returns (what SPY tracks)."""
    zm: np.ndarray
    sig_m: np.ndarray
    vix: np.ndarray
    volscale: np.ndarray
    """Yesterday's VIX over its mean: the volatility regime every series shares."""
    factors: dict[str, np.ndarray]
    sigmas: dict[str, np.ndarray]
    tnx: np.ndarray
    oil: np.ndarray
    dxy: np.ndarray


def build_market(seed: int, n: int) -> Market:
    """Every shared factor over ``n`` sessions, deterministic in ``seed``."""

    def rng(key: str) -> np.random.Generator:
        return stream(seed, "market", key)

    zm, mkt, sig, vix = _market_and_vix(rng, n)
    volscale = np.concatenate([[vix[0]], vix[:-1]]) / VIX_MEAN
    # The quoted VIX also carries its own day-to-day noise (term structure, demand for puts).
    quote = ar1(rng("vix-quote").standard_normal(n) * 0.06, 0.5)
    quote[0] = 0.0
    vix_quoted = 9.0 + (vix - 9.0) * np.exp(quote)

    # Steer the market through SPY's waypoints (a small constant drift per stretch).
    idx, tgt = steering_targets(seed, "SPY", PROFILES["SPY"], n)
    mkt += steer(mkt, idx, tgt, 0.0)

    factors, sigmas = _sector_factors(rng, n, volscale)
    factors["size"], sigmas["size"] = _size_factor(rng("size"), n, volscale)
    tnx, factors["rates"], sigmas["rates"] = _ten_year_yield(rng("tnx"), n, zm)
    oil, factors["oil"], sigmas["oil"] = _oil(rng("oil"), n, zm, volscale)
    dxy, factors["dollar"], sigmas["dollar"] = _dollar(rng("dxy"), n, zm)
    factors["crypto"], sigmas["crypto"] = _crypto_factor(seed, rng("btc"), n, volscale, mkt)
    return Market(mkt, zm, sig, vix_quoted, volscale, factors, sigmas, tnx, oil, dxy)


def _market_and_vix(rng: Streams, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                   np.ndarray]:
    """The market factor's shocks, log returns and daily sigma, and the VIX behind them.

    An EGARCH-like pair. Shocks move the VIX against the market; the VIX sets the
    next session's volatility (clustering, leverage effect). A slow component
    moves the VIX's resting level: calm years and nervous years. Fat tails come
    mostly from that volatility mixing, so the shocks are only mildly fat.
    """
    zm = student_t(rng("zm"), n, 10.0)
    zm[0] = 0.0
    noise = student_t(rng("vix"), n, 5.0)
    mu = 0.00035 + ar1(rng("mdrift").standard_normal(n) * 0.00005, 1 - 1 / 60)
    kappa, b, c_noise = 0.012, 0.10, 0.02
    rest = math.log(6.5) + ar1(rng("vix-rest").standard_normal(n) * 0.05, 1 - 1 / 250)
    zl, nl, mul, rl = zm.tolist(), noise.tolist(), mu.tolist(), rest.tolist()
    vix = [0.0] * n
    mkt = [0.0] * n
    sig = [0.0] * n
    vix[0] = 20.7
    y = math.log(vix[0] - 9.0)
    y_hi, ymax = math.log(30.0 - 9.0), math.log(80.0 - 9.0)
    for t in range(1, n):
        v = vix[t - 1]  # daily sigma grows like VIX^1.5 up to 28, then in proportion
        s = 0.0087 * (v / 16.0) ** 1.5 if v <= 28.0 else 0.0087 * 1.75 ** 1.5 * v / 28.0
        z = zl[t]
        sig[t] = s
        mkt[t] = mul[t] + s * z
        y += kappa * (rl[t] - y) - b * z + c_noise * nl[t]
        if y > y_hi:  # spikes above ~30 bleed off fast, as real ones do
            y = min(y - 0.1 * (y - y_hi), ymax)
        vix[t] = 9.0 + math.exp(y)
    sig[0] = sig[1] if n > 1 else 0.01
    return zm, np.asarray(mkt), np.asarray(sig), np.asarray(vix)


def _sector_factors(rng: Streams, n: int,
                    volscale: np.ndarray) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Each sector's residual returns and daily sigma: its own slow drift and volatility."""
    factors: dict[str, np.ndarray] = {}
    sigmas: dict[str, np.ndarray] = {}
    for name, vol in SECTOR_VOLS.items():
        r = rng(f"sector:{name}")
        z = student_t(r, n, 5.0)
        h = ar1(r.standard_normal(n) * 0.08, 0.97)
        drift = ar1(r.standard_normal(n) * 0.00006, 1 - 1 / 50)
        s_k = vol / SQRT_252 * volscale ** 0.6 * np.exp(h - 0.05)
        factors[name] = drift + s_k * z
        sigmas[name] = s_k
    return factors, sigmas


def _size_factor(r: np.random.Generator, n: int,
                 volscale: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Small minus large: returns and daily sigma.

    Rotation bursts (small caps grinding ahead day after day), spells of
    large-cap leadership and neutral stretches.
    """
    states = semi_markov(r, n, {0: (15, 50, (0.0, 0.45, 0.55)),
                                1: (8, 25, (0.7, 0.0, 0.3)),
                                2: (10, 30, (0.7, 0.3, 0.0))})
    seg = r.random(n)
    drift = np.where(states == 1, 0.002 + 0.0015 * seg,
                     np.where(states == 2, -0.0012 - 0.0013 * seg, 0.0))
    drift = hold_per_segment(states, drift)
    quiet = np.where(states == 1, 0.6, np.where(states == 2, 0.8, 1.0))
    h = ar1(r.standard_normal(n) * 0.06, 0.97)
    s_size = 0.006 * volscale ** 0.5 * np.exp(h) * quiet
    return drift + s_size * student_t(r, n, 5.0), s_size


def _ten_year_yield(r: np.random.Generator, n: int,
                    zm: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The 10-year yield in percent, a bounded mean-reverting process; its daily change and sigma."""
    e = 0.065 * (0.3 * zm + math.sqrt(1 - 0.09) * r.standard_normal(n))
    u0 = math.log((2.24 - 1.5) / 3.5 / (1 - (2.24 - 1.5) / 3.5))
    u = ar1(e, 1 - 1 / 250, x0=u0)
    u[0] = u0
    tnx = 1.5 + 3.5 / (1 + np.exp(-u))
    return tnx, np.concatenate([[0.0], np.diff(tnx)]), np.full(n, 0.05)


def _oil(r: np.random.Generator, n: int, zm: np.ndarray,
         volscale: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Crude oil, its log price mean-reverting around 68; its log returns and daily sigma."""
    e = 0.021 * volscale ** 0.5 * (0.3 * zm + 0.954 * student_t(r, n, 4.0))
    x = ar1(e, 1 - 1 / 350, x0=math.log(37.0 / 68.0))
    x[0] = math.log(37.0 / 68.0)
    return 68.0 * np.exp(x), np.concatenate([[0.0], np.diff(x)]), 0.021 * volscale ** 0.5


def _dollar(r: np.random.Generator, n: int,
            zm: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The dollar index, bounded and mean-reverting around 100 (mostly 90-110), a little
    against risk; its log returns and daily sigma."""
    e = 0.057 * (-0.2 * zm + 0.98 * r.standard_normal(n))
    u0 = math.log((98.7 - 86.0) / (114.0 - 98.7))
    u = ar1(e, 1 - 1 / 250, x0=u0)
    u[0] = u0
    dxy = 86.0 + 28.0 / (1 + np.exp(-u))
    return dxy, np.concatenate([[0.0], np.diff(np.log(dxy))]), np.full(n, 0.004)


def _crypto_factor(seed: int, r: np.random.Generator, n: int, volscale: np.ndarray,
                   mkt: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Bitcoin's residual returns and daily sigma: high beta to the market, its own fat
    tails and long bull/bear cycles, steered through bitcoin's waypoints."""
    states = semi_markov(r, n, {0: (60, 200, (0.0, 0.5, 0.5)),
                                1: (80, 260, (0.6, 0.0, 0.4)),
                                2: (60, 200, (0.6, 0.4, 0.0))})
    seg = r.random(n)
    cdrift = hold_per_segment(states, np.where(states == 1, 0.0015 + 0.0015 * seg,
                                               np.where(states == 2, -0.0015 - 0.0015 * seg,
                                                        0.0)))
    h = ar1(r.standard_normal(n) * 0.07, 0.98)
    s_b = 0.032 * volscale ** 0.3 * np.exp(h - 0.06)
    resid = cdrift + s_b * student_t(r, n, 3.5)
    resid[0] = 0.0
    # Steer the crypto factor through bitcoin's waypoints, as the market through SPY's.
    idx, tgt = steering_targets(seed, "BTC-USD", PROFILES["BTC-USD"], n)
    cum_m = np.cumsum(mkt)
    tgt = [t - 1.2 * cum_m[i] for i, t in zip(idx, tgt, strict=True)]
    resid += steer(resid, idx, tgt, 0.0)
    return resid, s_b
