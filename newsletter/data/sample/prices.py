"""Per-ticker price paths on the shared market, and the OHLCV bars rounded from them.

log return = systematic (beta x market + loadings x factors) + idiosyncratic,
where the idiosyncratic part (noise with stochastic volatility and fat tails,
news gaps, earnings gaps that fade or run, slowly switching drift regimes) is
pulled gently back to a course through the ticker's steered levels. Each path
runs over the whole grid, so a bar never depends on the window asked for.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from newsletter.data.sample.earnings import with_earnings_moves
from newsletter.data.sample.factors import VIX_MEAN, Market
from newsletter.data.sample.grid import ANCHOR, SQRT_252, grid_index, served_sessions, session_index
from newsletter.data.sample.profiles import PROFILES, Profile
from newsletter.data.sample.regimes import drift_regimes
from newsletter.data.sample.steering import steer, steering_targets
from newsletter.data.sample.streams import ar1, stream, student_t
from newsletter.model import BAR_COLUMNS

PULL = {"stock": 1 / 250, "crypto": 1 / 250, "commodity": 1 / 300, "etf": 1 / 400,
        "index": 1 / 400}
"""Daily pull of a ticker's idiosyncratic path back to its course (a valuation anchor)."""


@dataclass
class TickerPath:
    """A ticker's full generated history (epoch to GRID_END), before rounding."""

    close: np.ndarray
    overnight: np.ndarray
    sigma: np.ndarray
    volume: np.ndarray


def ticker_path(seed: int, ticker: str, profile: Profile, market: Market,
                base: TickerPath | None = None) -> TickerPath:
    """The ticker's path: derived from ``base`` (an index on its ETF), a level, or the factor model."""
    if profile.derive is not None and base is not None:
        return _derived_path(seed, ticker, profile, base, len(market.mkt))
    if profile.kind in ("vix", "vix3m", "yield", "fx") or (profile.kind == "commodity"
                                                            and ticker == "CL=F"):
        return _level_path(seed, ticker, profile, market)
    return _factor_path(seed, ticker, profile, market)


def _derived_path(seed: int, ticker: str, profile: Profile, base: TickerPath,
                  n: int) -> TickerPath:
    """An index that is ``ratio`` times an ETF, with a hair of tracking noise."""
    _, ratio = profile.derive
    noise = np.exp(ar1(stream(seed, ticker, "track").standard_normal(n) * 0.0002, 0.9))
    vol = base.volume * (profile.volume / PROFILES[profile.derive[0]].volume)
    vol = vol * np.exp(stream(seed, ticker, "volume").standard_normal(n) * 0.08)
    return TickerPath(base.close * ratio * noise, base.overnight, base.sigma, vol)


def _level_path(seed: int, ticker: str, profile: Profile, market: Market) -> TickerPath:
    """VIX, the 10-year yield, the dollar and oil: levels the market model made."""
    n = len(market.mkt)
    level = {"vix": market.vix, "yield": market.tnx, "fx": market.dxy,
             "commodity": market.oil, "vix3m": _vix3m(market.vix)}[profile.kind]
    r = np.concatenate([[0.0], np.diff(np.log(level))])
    sd = {"vix": 0.06, "vix3m": 0.04, "yield": 0.02, "fx": 0.004, "commodity": 0.02}[profile.kind]
    sigma = np.full(n, sd) * (market.volscale ** 0.5 if profile.kind != "fx" else 1.0)
    share = 0.5 + 0.2 * stream(seed, ticker, "split").standard_normal(n)
    overnight = r * np.clip(share, 0.1, 0.9)
    if profile.volume > 0:
        noise = ar1(stream(seed, ticker, "volume").standard_normal(n) * 0.2, 0.6)
        vol = profile.volume * np.exp(noise + 0.6 * np.abs(r) / sigma)
    else:
        vol = np.zeros(n)
    return TickerPath(level.copy(), overnight, sigma, vol)


def _vix3m(vix: np.ndarray) -> np.ndarray:
    """The 3-month VIX from the VIX: pulled toward its long-run level, so over the VIX when the VIX
    is low (contango, VIX/VIX3M about 0.8 at 12) and under it in a panic (about 1.2 at 40). The
    sample had no profile for ^VIX3M and drew it as a random index: "VIX/VIX3M 0.01 (contango)"
    in every issue of the seed-41 review, a vote in Three Minds and the Regime Read."""
    return VIX_MEAN + 1.5 + 0.62 * (vix - VIX_MEAN)


def _factor_path(seed: int, ticker: str, profile: Profile, market: Market) -> TickerPath:
    """The factor model for stocks, ETFs, indices, crypto and generic commodities."""
    n = len(market.mkt)

    def rng(key: str) -> np.random.Generator:
        return stream(seed, ticker, key)

    sys_ret, sys_var = _systematic(profile, market)
    sig_d = profile.idio / SQRT_252
    r_idio = rng("idio")
    h = ar1(r_idio.standard_normal(n) * 0.09, 0.97)
    s_i = sig_d * market.volscale ** 0.5 * np.exp(h - 0.07)
    z_i = student_t(r_idio, n, 3.5 if profile.kind in ("stock", "crypto") else 5.0)
    total_sd = np.sqrt(sys_var + s_i ** 2)

    news, vmul = _news_gaps(rng("jumps"), n, profile.jumps, sig_d)
    extra_on, extra_in, vmul, gap_size = with_earnings_moves(
        seed, ticker, profile, sig_d, 0.85 * news, 0.15 * news, vmul)

    idx, tgt = steering_targets(seed, ticker, profile, n)
    step = _course_steps(profile, idx, tgt, sys_ret)
    pull = 0.0 if ticker == "SPY" else PULL.get(profile.kind, 1 / 300)

    # Regimes, steered by how far the idiosyncratic path has strayed from the course.
    noise_i = s_i * z_i
    noise_i[0] = 0.0
    dev = ar1(noise_i + extra_on + extra_in, 1.0 - pull)
    drift, volm, rjump, rvol = drift_regimes(rng("regime"), n, profile.regime, sig_d, dev, pull)
    vmul *= rvol

    e = 0.25 * total_sd * rng("split").standard_normal(n)
    idio_on = 0.35 * (drift + noise_i * volm) + extra_on + 0.4 * rjump
    idio_in = 0.65 * (drift + noise_i * volm) + extra_in + 0.6 * rjump
    idio_on[0] = idio_in[0] = 0.0
    gone = ar1(idio_on + idio_in, 1.0 - pull)  # deviation from the course
    back = step - pull * np.concatenate([[0.0], gone[:-1]])
    overnight = 0.35 * (sys_ret + back) + e + idio_on
    intraday = 0.65 * (sys_ret + back) - e + idio_in
    overnight[0] = intraday[0] = 0.0
    adj = steer(overnight + intraday, idx, tgt, 0.0)
    adj[idx[-1] + 1:] = 0.0
    overnight += 0.35 * adj
    intraday += 0.65 * adj
    ret = overnight + intraday

    close = profile.s0 * np.exp(np.cumsum(ret))
    sigma = total_sd + 0.3 * gap_size + 0.3 * np.abs(news) + 0.3 * np.abs(rjump)
    noise = ar1(rng("volume").standard_normal(n) * 0.17, 0.7)
    vol = _volume(profile, close, ret, total_sd, noise, vmul)
    return TickerPath(close, overnight, sigma, vol)


def _systematic(profile: Profile, market: Market) -> tuple[np.ndarray, np.ndarray]:
    """The ticker's systematic log returns (beta x market + loadings x factors) and variance."""
    sys_ret = profile.beta * market.mkt
    sys_var = (profile.beta * market.sig_m) ** 2
    for name, load in profile.loads.items():
        sys_ret = sys_ret + load * market.factors[name]
        sys_var = sys_var + (load * market.sigmas[name]) ** 2
    sys_ret[0] = 0.0
    return sys_ret, sys_var


def _news_gaps(r_j: np.random.Generator, n: int, per_year: float,
               sig_d: float) -> tuple[np.ndarray, np.ndarray]:
    """News gaps outside earnings (``per_year`` of them): the moves and volume multipliers."""
    hit = r_j.random(n) < per_year / 252.0
    news = np.where(hit, r_j.standard_normal(n) * 3.0 * sig_d, 0.0)
    vmul = np.where(hit, 1.8 + 0.7 * r_j.random(n), 1.0)
    return news, vmul


def _course_steps(profile: Profile, idx: list[int], tgt: list[float],
                  sys_ret: np.ndarray) -> np.ndarray:
    """Daily steps of the course: the residual drift that, on top of the systematic path,
    passes through the steered levels, then runs on at the profile's drift."""
    n = len(sys_ret)
    system = np.cumsum(sys_ret)
    resid = [t - system[i] for i, t in zip(idx, tgt, strict=True)]
    course = np.interp(np.arange(n), idx, resid)
    alpha = profile.drift / 252.0 - profile.beta * 0.00035
    if len(idx) == 1:
        course = alpha * np.arange(n)
    elif idx[-1] + 1 < n:
        course[idx[-1] + 1:] = resid[-1] + min(max(alpha, -0.0002), 0.0004) * np.arange(
            1, n - idx[-1])
    return np.concatenate([[0.0], np.diff(course)])


def _volume(profile: Profile, close: np.ndarray, ret: np.ndarray, total_sd: np.ndarray,
            noise: np.ndarray, vmul: np.ndarray) -> np.ndarray:
    """Daily volume: persistent ``noise``, spikes on big moves and events (``vmul``),
    fewer shares at higher prices."""
    a = min(session_index(ANCHOR), len(close) - 1)
    scale = profile.volume * (close / close[a]) ** (0.8 if profile.kind == "crypto" else -0.3)
    surprise = np.maximum(np.abs(ret) / total_sd - 1.0, 0.0)
    return scale * np.exp(noise - 0.05) * (1.0 + 0.45 * surprise) * vmul


def to_bars(path: TickerPath, seed: int, ticker: str, profile: Profile) -> pd.DataFrame:
    """Round a path into a bars frame (OHLC consistent by construction), up to HORIZON.

    Built to the BAR_COLUMNS contract directly (``normalise_bars`` is idempotent on it).
    """
    m = served_sessions()
    close = path.close[:m]
    prev = np.concatenate([[close[0] * math.exp(-path.overnight[0])], close[:-1]])
    open_ = prev * np.exp(path.overnight[:m])
    rng = stream(seed, ticker, "range")
    sig = path.sigma[:m]
    up = np.abs(rng.standard_normal(m)) * 0.45 * sig
    down = np.abs(rng.standard_normal(m)) * 0.45 * sig
    high = np.maximum(open_, close) * np.exp(up)
    low = np.minimum(open_, close) * np.exp(-down)
    if profile.kind in ("yield", "fx"):
        dec = 3
    elif float(np.min(low)) < 10.0:
        dec = 4
    else:
        dec = 2
    o, h, lo, c = (np.round(x, dec) for x in (open_, high, low, close))
    h = np.maximum(h, np.maximum(o, c))
    lo = np.maximum(np.minimum(lo, np.minimum(o, c)), 10.0 ** -dec)
    lo = np.minimum(lo, np.minimum(o, c))
    data = {"Open": o, "High": h, "Low": lo, "Close": c, "Adj Close": c.copy(),
            "Volume": np.round(path.volume[:m])}
    return pd.DataFrame({k: np.asarray(data[k], dtype=np.float64) for k in BAR_COLUMNS},
                        index=grid_index()[:m])
