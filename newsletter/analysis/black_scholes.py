"""Black-Scholes for European options on a non-dividend stock: price, gamma, vega, IV.

Units: ``spot`` and ``strike`` in price units, ``years`` to expiry (calendar
days / 365), ``rate`` the continuously compounded risk-free rate as a decimal
(0.05 = 5 %), ``sigma`` the annualised volatility as a decimal (0.2 = 20 %).
Every function takes scalars or numpy arrays (broadcast) and returns the same.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np

Kind = Literal["call", "put"]

_erf = np.vectorize(math.erf, otypes=[np.float64])

IV_LOW = 1e-4
"""The bounds the implied-volatility search brackets: 0.01 % to 500 % a year."""
IV_HIGH = 5.0


def norm_cdf(x: np.ndarray | float) -> np.ndarray | float:
    """The standard normal cumulative distribution."""
    out = 0.5 * (1.0 + _erf(np.asarray(x, dtype=np.float64) / math.sqrt(2.0)))
    return float(out) if np.ndim(out) == 0 else out


def norm_pdf(x: np.ndarray | float) -> np.ndarray | float:
    """The standard normal density."""
    return np.exp(-0.5 * np.square(x)) / math.sqrt(2.0 * math.pi)


def _d1_d2(spot, strike, years, rate, sigma):
    root = sigma * np.sqrt(years)
    d1 = (np.log(np.divide(spot, strike)) + (rate + 0.5 * np.square(sigma)) * years) / root
    return d1, d1 - root


def bs_price(spot: float | np.ndarray, strike: float | np.ndarray, years: float | np.ndarray,
             rate: float, sigma: float | np.ndarray, kind: Kind | np.ndarray) -> float | np.ndarray:
    """The Black-Scholes value of a call or put (``kind`` may be an array of "call"/"put")."""
    d1, d2 = _d1_d2(spot, strike, years, rate, sigma)
    disc = np.multiply(strike, np.exp(-rate * np.asarray(years, dtype=np.float64)))
    call = np.multiply(spot, norm_cdf(d1)) - disc * norm_cdf(d2)
    put = disc * norm_cdf(-d2) - np.multiply(spot, norm_cdf(-d1))
    out = np.where(np.asarray(kind) == "call", call, put)
    return float(out) if np.ndim(out) == 0 else out


def bs_gamma(spot, strike, years, rate: float, sigma):
    """d²Price/dSpot², the same for a call and a put: n(d1) / (S σ √T)."""
    d1, _ = _d1_d2(spot, strike, years, rate, sigma)
    out = norm_pdf(d1) / (np.multiply(spot, sigma) * np.sqrt(years))
    return float(out) if np.ndim(out) == 0 else out


def bs_vega(spot, strike, years, rate: float, sigma):
    """dPrice/dσ per unit of σ (per 100 vol points), the same for a call and a put: S n(d1) √T."""
    d1, _ = _d1_d2(spot, strike, years, rate, sigma)
    out = np.multiply(spot, norm_pdf(d1)) * np.sqrt(years)
    return float(out) if np.ndim(out) == 0 else out


def implied_vols(prices: np.ndarray, spot: float | np.ndarray, strikes: np.ndarray,
                 years: np.ndarray, rate: float, kinds: np.ndarray,
                 tol: float = 1e-10) -> np.ndarray:
    """The σ at which :func:`bs_price` equals each price; NaN marks a price no σ reaches.

    Bisection by hand (scipy is not a dependency and analysis/ imports only
    pandas and numpy): the price rises monotonically in σ, so halving the
    bracket [IV_LOW, IV_HIGH] always converges, even far out of the money
    where Newton's vega step overshoots. A price at or outside the bracket's
    values (below intrinsic value, above the spot for a call), a zero price or
    zero time give NaN; callers drop those contracts and say so.
    """
    prices = np.asarray(prices, dtype=np.float64)
    shape = np.broadcast(prices, spot, strikes, years, kinds).shape
    prices, spot, strikes, years, kinds = (np.broadcast_to(a, shape) for a in (
        prices, np.asarray(spot, dtype=np.float64), np.asarray(strikes, dtype=np.float64),
        np.asarray(years, dtype=np.float64), np.asarray(kinds)))
    ok = (years > 0) & (spot > 0) & (strikes > 0) & (prices > 0)
    safe_years = np.where(ok, years, 1.0)
    lo = np.full(shape, IV_LOW)
    hi = np.full(shape, IV_HIGH)
    ok &= (bs_price(spot, strikes, safe_years, rate, lo, kinds) < prices) & (
        prices < bs_price(spot, strikes, safe_years, rate, hi, kinds))
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        below = bs_price(spot, strikes, safe_years, rate, mid, kinds) < prices
        lo = np.where(below, mid, lo)
        hi = np.where(below, hi, mid)
        if float(np.max(hi - lo, initial=0.0)) < tol:
            break
    return np.where(ok, 0.5 * (lo + hi), np.nan)


def implied_vol(price: float, spot: float, strike: float, years: float, rate: float,
                kind: Kind) -> float | None:
    """The σ at which :func:`bs_price` equals ``price``, or None when no σ in 0.01 %-500 % does."""
    out = float(implied_vols(np.array([price]), spot, np.array([strike]), np.array([years]),
                             rate, np.array([kind]))[0])
    return None if math.isnan(out) else out
