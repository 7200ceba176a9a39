"""A seeded synthetic market that behaves like a real one (the ``sample`` source).

The market is a factor model on the NYSE session grid from a fixed epoch
(2016-01-04): a market factor whose volatility is driven by a VIX-like level
(down days lift the VIX, a high VIX widens the next days' moves), a size factor
with rotation bursts, sector, theme and macro factors (rates, oil, dollar,
bitcoin), and per-ticker idiosyncratic noise with stochastic volatility, fat
tails, overnight gaps, earnings gaps that fade or run, and slowly switching
drift regimes (trend up, trend down, neutral, quiet base ending in a breakout on
volume). A ticker's idiosyncratic path is pulled gently back to a course
through its steered levels (SPY near 520-600 in mid-2026, NVDA near 120-190...),
so ten years of noise never wander into absurd prices; any other plausible
symbol gets a profile derived from a stable hash of its name.

Determinism: every random stream is keyed by (seed, ticker, purpose) through
``numpy.random.SeedSequence`` and a BLAKE2 hash of the names, never Python's
salted ``hash()``. Each ticker's whole path (epoch to 2030) is generated once per
instance and sliced, so a bar never depends on the requested window or on which
other tickers were asked for. The only loops in Python are a scalar recursion
for the market/VIX pair, the regime segments and AR(1) block carries; the rest
is vectorised, so 60 tickers over ten years take a small fraction of a second.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np
import pandas as pd

from newsletter.data.base import Fetched, empty_chain
from newsletter.model import BAR_COLUMNS, OPTION_COLUMNS
from newsletter.sessions import sessions_between

EPOCH = dt.date(2016, 1, 4)
"""The first session of the sample market."""
HORIZON = dt.date(2030, 12, 31)
"""The last date the sample market serves bars for."""
ANCHOR = dt.date(2026, 6, 30)
"""Known tickers are steered to a plausible level (their ``band``) on this date."""
_GRID_END = dt.date(2031, 6, 30)
"""Paths are generated a little past HORIZON so that the earnings schedule runs on."""

TICKER_RE = re.compile(r"^[\^A-Z0-9][A-Z0-9.=\-^]{0,14}$")
_SQ252 = math.sqrt(252.0)
_VIX_MEAN = 17.5


# --------------------------------------------------------------------------- hashing, rngs


def stable_hash(text: str) -> int:
    """A 64-bit hash of ``text`` that is the same in every process (unlike ``hash()``)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


def _rng(seed: int, *keys: str | int) -> np.random.Generator:
    words = [seed % (1 << 64)]
    words += [k % (1 << 64) if isinstance(k, int) else stable_hash(k) for k in keys]
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(words)))


def _student(rng: np.random.Generator, n: int, df: float, clip: float = 8.0) -> np.ndarray:
    """Student-t draws scaled to unit variance, clipped to keep the tails sane."""
    z = rng.standard_t(df, n) / math.sqrt(df / (df - 2.0))
    return np.clip(z, -clip, clip)


def _ar1(e: np.ndarray, phi: float, x0: float = 0.0) -> np.ndarray:
    """``x[t] = phi * x[t-1] + e[t]`` with ``x[-1] = x0``, vectorised in blocks of 32."""
    n = len(e)
    if n == 0:
        return np.zeros(0)
    if phi == 0.0:
        return e.astype(float).copy()
    width = 32
    blocks = -(-n // width)
    padded = np.zeros(blocks * width)
    padded[:n] = e
    grid = padded.reshape(blocks, width)
    j = np.arange(width)
    up = phi ** j
    inner = np.cumsum(grid / up, axis=1) * up
    tail = phi ** (j + 1)
    carry = x0
    phi_w = phi ** width
    carries = np.empty(blocks)
    for b in range(blocks):
        carries[b] = carry
        carry = inner[b, -1] + phi_w * carry
    out = inner + carries[:, None] * tail[None, :]
    return out.reshape(-1)[:n]


# --------------------------------------------------------------------------- session grid


@lru_cache(maxsize=1)
def _grid() -> tuple[dt.date, ...]:
    """NYSE sessions from EPOCH to _GRID_END, the same whatever day it is run.

    The shared calendar of :mod:`newsletter.sessions` ends about a year after
    today; beyond it the same exchange-calendars rules are asked directly.
    """
    days = sessions_between(EPOCH, _GRID_END)
    if days and days[-1] < _GRID_END:
        import exchange_calendars as xcals

        first = days[-1] + dt.timedelta(days=1)
        cal = xcals.get_calendar("XNYS", start=first.isoformat(), end=_GRID_END.isoformat())
        days = days + [d.date() for d in cal.sessions_in_range(first.isoformat(),
                                                               _GRID_END.isoformat())]
    return tuple(days)


@lru_cache(maxsize=1)
def _grid_index() -> pd.DatetimeIndex:
    return pd.DatetimeIndex([pd.Timestamp(d) for d in _grid()], name="Date")


def _served() -> int:
    """How many grid sessions are served as bars (those up to HORIZON)."""
    return int(_grid_index().searchsorted(pd.Timestamp(HORIZON), side="right"))


def _as_date(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return pd.Timestamp(value).date()


# --------------------------------------------------------------------------- profiles


@dataclass(frozen=True)
class Profile:
    """How one ticker behaves in the sample market."""

    kind: str
    """``stock``, ``etf``, ``index``, ``vix``, ``yield``, ``fx``, ``commodity``, ``crypto``."""
    s0: float
    """Price on the epoch (split-adjusted, like Yahoo's history)."""
    band: tuple[float, float] | None = None
    """The level on ANCHOR is drawn log-uniformly from this band."""
    beta: float = 1.0
    loads: dict[str, float] = field(default_factory=dict)
    """Loadings on the shared factors (sectors, ``size``, ``rates`` in pct points, ``oil``, ``crypto``)."""
    idio: float = 0.25
    """Annualised idiosyncratic volatility."""
    regime: float = 0.0
    """Strength of the per-ticker drift regimes (0 none, 1 a typical stock, 1.5 a story stock)."""
    volume: float = 1e6
    """Typical daily volume at the ANCHOR price level (shares; USD for crypto; 0 for levels)."""
    sector: str = ""
    jumps: float = 2.0
    """News gaps per year outside earnings."""
    drift: float = 0.07
    """Annual drift after the anchor date."""
    derive: tuple[str, float] | None = None
    """An index that is ``ratio`` times an ETF (``^GSPC`` from ``SPY``)."""
    offset: int | None = None
    """Days after each calendar quarter's start on which it reports earnings."""
    waypoints: tuple[tuple[dt.date, float, float], ...] = ()
    """Earlier (date, low, high) bands the path is steered through, ascending."""

    @property
    def has_earnings(self) -> bool:
        return self.kind == "stock"

    @property
    def has_options(self) -> bool:
        return self.kind in ("stock", "etf")


def _etf(s0, band, beta, loads, idio=0.04, volume=5e6, sector="", regime=0.3):
    return Profile("etf", s0, band, beta, loads, idio, regime, volume, sector, jumps=0.6)


def _stock(s0, band, beta, loads, idio, regime, volume, sector, offset, jumps=3.0):
    return Profile("stock", s0, band, beta, loads, idio, regime, volume, sector, jumps=jumps,
                   drift=0.09, offset=offset)


PROFILES: dict[str, Profile] = {
    # broad ETFs and indices
    "SPY": replace(_etf(201.0, (520, 600), 1.0, {}, idio=0.01, volume=70e6, sector="broad",
                        regime=0.0),
                   waypoints=((dt.date(2019, 1, 2), 230, 270), (dt.date(2022, 1, 3), 380, 440),
                              (dt.date(2024, 1, 2), 430, 490))),
    "QQQ": _etf(107.0, (440, 540), 1.12,
                {"tech": 0.45, "semis": 0.2, "ai": 0.1, "comms": 0.2, "discretionary": 0.1,
                 "size": -0.15}, idio=0.02, volume=45e6, sector="broad", regime=0.0),
    "IWM": _etf(110.0, (195, 245), 1.05,
                {"size": 1.0, "regional": 0.15, "biotech": 0.1, "industrials": 0.1},
                idio=0.02, volume=30e6, sector="broad", regime=0.0),
    "DIA": _etf(172.0, (400, 460), 0.92,
                {"industrials": 0.2, "financials": 0.15, "health": 0.1, "tech": -0.1},
                idio=0.025, volume=4e6, sector="broad", regime=0.0),
    "^GSPC": Profile("index", 2010.0, derive=("SPY", 10.0), volume=4.5e9, sector="broad"),
    "^RUT": Profile("index", 1100.0, derive=("IWM", 10.0), volume=1.2e9, sector="broad"),
    "^DJI": Profile("index", 17200.0, derive=("DIA", 100.0), volume=3.5e8, sector="broad"),
    "^IXIC": Profile("index", 4900.0, (17000, 21500), 1.1,
                     {"tech": 0.4, "semis": 0.2, "ai": 0.1, "comms": 0.15, "discretionary": 0.1,
                      "size": 0.1, "biotech": 0.05}, idio=0.03, volume=6e9, sector="broad",
                     jumps=0.3),
    # levels and macro
    "^VIX": Profile("vix", 20.7, volume=0.0, sector="volatility"),
    "^TNX": Profile("yield", 2.24, volume=0.0, sector="rates"),
    "CL=F": Profile("commodity", 37.0, volume=350e3, sector="energy"),
    "DX-Y.NYB": Profile("fx", 98.7, volume=0.0, sector="currency"),
    "BTC-USD": Profile("crypto", 430.0, (60000, 110000), 1.2, {"crypto": 1.0}, idio=0.1,
                       regime=0.0, volume=3.5e10, sector="crypto", jumps=0.5, drift=0.15,
                       waypoints=((dt.date(2019, 1, 2), 3000, 6000),
                                  (dt.date(2022, 1, 3), 30000, 50000))),
    # sector and industry ETFs
    "XLK": _etf(42.0, (210, 260), 1.1, {"tech": 0.8, "semis": 0.3, "ai": 0.1}, volume=8e6,
                sector="tech"),
    "XLF": _etf(19.5, (45, 54), 1.05, {"financials": 0.9, "rates": 0.05}, volume=40e6,
                sector="financials"),
    "XLE": _etf(60.0, (75, 95), 0.9, {"energy": 0.9, "oil": 0.45}, volume=15e6, sector="energy"),
    "XLI": _etf(52.0, (125, 150), 1.0, {"industrials": 0.9}, volume=9e6, sector="industrials"),
    "XLV": _etf(71.0, (130, 155), 0.75, {"health": 0.9}, volume=9e6, sector="health"),
    "XLY": _etf(77.0, (190, 230), 1.1, {"discretionary": 0.9}, volume=4e6, sector="consumer"),
    "XLP": _etf(50.0, (75, 85), 0.6, {"staples": 0.9}, volume=10e6, sector="staples"),
    "XLU": _etf(43.0, (70, 85), 0.5, {"utilities": 0.9, "rates": -0.08}, volume=12e6,
                sector="utilities"),
    "XLB": _etf(42.0, (82, 95), 1.0, {"materials": 0.9}, volume=6e6, sector="materials"),
    "XLRE": _etf(31.0, (38, 45), 0.85, {"realestate": 0.9, "rates": -0.1}, volume=7e6,
                 sector="real estate"),
    "XLC": _etf(40.0, (90, 110), 1.0, {"comms": 0.9}, volume=5e6, sector="comms"),
    "KRE": _etf(42.0, (50, 65), 1.15,
                {"financials": 0.6, "regional": 1.0, "size": 0.4, "rates": 0.1},
                idio=0.05, volume=12e6, sector="regional banks"),
    "SMH": _etf(26.0, (220, 290), 1.35, {"semis": 1.0, "ai": 0.5, "tech": 0.2}, volume=7e6,
                sector="semis"),
    "SOXX": _etf(29.0, (190, 250), 1.35,
                 {"semis": 1.0, "ai": 0.35, "analog": 0.2, "tech": 0.2}, volume=4e6,
                 sector="semis"),
    "XBI": _etf(62.0, (80, 100), 1.1, {"biotech": 1.0, "health": 0.3, "size": 0.5},
                idio=0.06, volume=9e6, sector="biotech"),
    "ITB": _etf(27.0, (90, 115), 1.15, {"homebuilders": 1.0, "discretionary": 0.2, "rates": -0.12},
                idio=0.05, volume=2e6, sector="homebuilders"),
    # single stocks
    "TSLA": _stock(15.0, (250, 420), 1.6, {"discretionary": 0.7, "tech": 0.3}, 0.45, 1.2, 95e6,
                   "consumer", 22),
    "AVGO": _stock(14.0, (220, 320), 1.3, {"semis": 0.9, "ai": 0.8}, 0.28, 0.8, 22e6, "semis", 70),
    "NVDA": _stock(0.8, (120, 190), 1.6, {"semis": 1.0, "ai": 1.1}, 0.35, 1.0, 220e6, "semis", 52),
    "HOOD": _stock(10.0, (60, 130), 1.7, {"financials": 0.5, "crypto": 0.35, "size": 0.6}, 0.6,
                   1.4, 40e6, "financials", 30, jumps=4.0),
    "HIMS": _stock(8.0, (30, 65), 1.4, {"health": 0.4, "discretionary": 0.3, "size": 0.7}, 0.7,
                   1.5, 25e6, "health", 35, jumps=5.0),
    "RKLB": _stock(4.0, (20, 55), 1.5, {"industrials": 0.6, "size": 0.8}, 0.7, 1.5, 20e6,
                   "industrials", 40, jumps=5.0),
    "AAPL": _stock(26.0, (200, 260), 1.1, {"tech": 0.8}, 0.2, 0.6, 55e6, "tech", 30),
    "MSFT": _stock(55.0, (420, 520), 1.0, {"tech": 0.8, "software": 0.4}, 0.18, 0.5, 22e6,
                   "tech", 25),
    "AMZN": _stock(32.0, (190, 240), 1.15, {"discretionary": 0.6, "tech": 0.4}, 0.24, 0.7, 45e6,
                   "consumer", 30),
    "META": _stock(102.0, (550, 750), 1.2, {"comms": 0.9}, 0.3, 0.8, 15e6, "comms", 29),
    "GOOGL": _stock(38.0, (160, 220), 1.05, {"comms": 0.8, "tech": 0.2}, 0.22, 0.6, 30e6,
                    "comms", 28),
    "AMD": _stock(2.8, (110, 180), 1.6, {"semis": 1.0, "ai": 0.8}, 0.45, 1.0, 50e6, "semis", 30),
    "PLTR": _stock(6.0, (90, 170), 1.5, {"tech": 0.5, "software": 0.9, "size": 0.3}, 0.55, 1.3,
                   70e6, "tech", 35, jumps=4.0),
    "COIN": _stock(40.0, (180, 350), 1.4, {"financials": 0.3, "crypto": 0.6, "size": 0.3}, 0.55,
                   1.2, 10e6, "financials", 37, jumps=4.0),
    "MU": _stock(14.0, (80, 130), 1.45, {"semis": 1.0, "ai": 0.5}, 0.35, 0.9, 20e6, "semis", 82),
    "TXN": _stock(95.0, (160, 210), 1.0, {"semis": 0.7, "analog": 1.0}, 0.15, 0.5, 6e6, "semis",
                  22),
    "ADI": _stock(55.0, (200, 250), 1.05, {"semis": 0.7, "analog": 1.0}, 0.16, 0.5, 3.5e6, "semis",
                  50),
    "MCHP": _stock(22.0, (45, 75), 1.2, {"semis": 0.8, "analog": 1.0}, 0.28, 0.7, 7e6, "semis", 40),
    "ON": _stock(9.5, (40, 65), 1.4, {"semis": 0.8, "analog": 0.9, "size": 0.3}, 0.38, 0.9, 8e6,
                 "semis", 33),
    "NXPI": _stock(80.0, (180, 240), 1.2, {"semis": 0.8, "analog": 1.0}, 0.25, 0.6, 2.5e6,
                   "semis", 27),
}

# sector and theme factors: annualised volatility of each factor's residual return
_SECTORS: dict[str, float] = {
    "tech": 0.09, "software": 0.12, "semis": 0.14, "ai": 0.12, "analog": 0.12, "comms": 0.10,
    "discretionary": 0.09, "staples": 0.08, "health": 0.08, "biotech": 0.16, "financials": 0.08,
    "regional": 0.12, "energy": 0.12, "industrials": 0.07, "materials": 0.09, "utilities": 0.09,
    "realestate": 0.09, "homebuilders": 0.13,
}
_GENERIC_SECTORS = ("tech", "software", "semis", "comms", "discretionary", "staples", "health",
                    "biotech", "financials", "regional", "energy", "industrials", "materials",
                    "utilities", "realestate", "homebuilders")
_SECTOR_LABEL = {"discretionary": "consumer", "regional": "regional banks",
                 "realestate": "real estate", "software": "tech"}


def valid_ticker(ticker: str) -> bool:
    return isinstance(ticker, str) and TICKER_RE.fullmatch(ticker) is not None


def profile_for(ticker: str) -> Profile:
    """The profile of a known ticker, or a generic one derived from the name's hash."""
    if ticker in PROFILES:
        return PROFILES[ticker]
    r = _rng(0, "profile", ticker)
    u = r.random(12)
    if ticker.startswith("^"):
        sector = _GENERIC_SECTORS[int(u[0] * len(_GENERIC_SECTORS))]
        s0 = math.exp(math.log(300) + u[1] * math.log(20000 / 300))
        return Profile("index", s0, (s0 * math.exp(0.2 + 0.8 * u[2]),) * 2, 0.8 + 0.4 * u[3],
                       {sector: 0.5 + 0.4 * u[4]}, idio=0.05, volume=0.0,
                       sector=_SECTOR_LABEL.get(sector, sector), jumps=0.3)
    if ticker.endswith("=F"):
        s0 = math.exp(math.log(5) + u[1] * math.log(2000 / 5))
        return Profile("commodity", s0, (s0 * math.exp(-0.3 + 0.8 * u[2]),) * 2, 0.2 + 0.4 * u[3],
                       {"oil": 0.3 * u[4]}, idio=0.2 + 0.15 * u[5], volume=1e5 + 5e5 * u[6],
                       sector="commodity", jumps=1.0, drift=0.02)
    if ticker.endswith("-USD"):
        s0 = math.exp(math.log(0.1) + u[1] * math.log(500 / 0.1))
        return Profile("crypto", s0, (s0 * math.exp(1.0 + 3.0 * u[2]),) * 2, 0.8,
                       {"crypto": 1.0}, idio=0.5 + 0.3 * u[3], regime=1.0,
                       volume=1e8 * math.exp(5 * u[4]), sector="crypto", jumps=3.0, drift=0.1)
    sector = _GENERIC_SECTORS[int(u[0] * len(_GENERIC_SECTORS))]
    s0 = math.exp(math.log(8) + u[1] * math.log(250 / 8))
    end = s0 * math.exp(-0.3 + 1.8 * u[2])
    return Profile(
        "stock", s0, (end * 0.9, end * 1.1), 0.7 + 1.0 * u[3],
        {sector: 0.6 + 0.4 * u[4], "size": 0.8 * u[5]}, idio=0.22 + 0.43 * u[6],
        regime=0.5 + 0.8 * u[7], volume=1e6 * math.exp(math.log(40) * u[8]),
        sector=_SECTOR_LABEL.get(sector, sector), jumps=2.0 + 3.0 * u[9],
        drift=-0.05 + 0.25 * u[10], offset=14 + int(u[11] * 62),
    )


# --------------------------------------------------------------------------- the shared market


@dataclass
class _Market:
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


@lru_cache(maxsize=1)
def _ordinals() -> np.ndarray:
    return np.asarray([d.toordinal() for d in _grid()], dtype=np.int64)


def _index_of(day: dt.date) -> int:
    """The index of the last session on or before ``day`` (-1 when before the grid)."""
    return int(np.searchsorted(_ordinals(), day.toordinal(), side="right")) - 1


def _pick(rng: np.random.Generator, probs: Sequence[float]) -> int:
    """An index drawn with the given (unnormalised) weights."""
    weights = [float(p) for p in probs]
    x = rng.random() * sum(weights)
    for i, w in enumerate(weights):
        x -= w
        if x < 0 and w > 0:
            return i
    return max(i for i, w in enumerate(weights) if w > 0)


def _semi_markov(rng: np.random.Generator, n: int, table: dict[int, tuple]) -> np.ndarray:
    """Regime labels from a semi-Markov chain: table[s] = (min_dur, max_dur, next_probs)."""
    states = np.empty(n, dtype=np.int8)
    state = int(rng.integers(len(table)))
    t = 0
    while t < n:
        lo, hi, probs = table[state]
        dur = int(rng.integers(lo, hi + 1))
        states[t:t + dur] = state
        t += dur
        state = _pick(rng, probs)
    return states


def _hold_per_segment(states: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Hold ``values`` at its first value over each run of equal ``states``."""
    starts = np.flatnonzero(np.concatenate([[True], states[1:] != states[:-1]]))
    lengths = np.diff(np.concatenate([starts, [len(states)]]))
    return np.repeat(values[starts], lengths)


def _targets(seed: int, ticker: str, profile: Profile, n: int) -> tuple[list[int], list[float]]:
    """Session indices and log-levels (relative to s0) the path is steered through."""
    idx, tgt = [0], [0.0]
    if profile.band is None:
        return idx, tgt
    rng = _rng(seed, ticker, "anchor")
    for day, lo, hi in (*profile.waypoints, (ANCHOR, *profile.band)):
        i = min(_index_of(day), n - 1)
        level = rng.uniform(math.log(lo), math.log(hi))
        if i > idx[-1]:
            idx.append(i)
            tgt.append(level - math.log(profile.s0))
    return idx, tgt


def _steer(ret: np.ndarray, idx: list[int], tgt: list[float], after: float) -> np.ndarray:
    """A piecewise-constant drift that takes ``cumsum(ret)`` through every target exactly."""
    adj = np.zeros(len(ret))
    for k in range(1, len(idx)):
        a, b = idx[k - 1], idx[k]
        adj[a + 1:b + 1] = (tgt[k] - tgt[k - 1] - float(np.sum(ret[a + 1:b + 1]))) / (b - a)
    adj[idx[-1] + 1:] = after
    return adj


def _build_market(seed: int, n: int) -> _Market:
    def rng(key: str) -> np.random.Generator:
        return _rng(seed, "market", key)

    # Market factor and VIX: an EGARCH-like pair. Shocks move the VIX against the
    # market; the VIX sets the next session's volatility (clustering, leverage effect).
    # A slow component moves the VIX's resting level: calm years and nervous years.
    # Fat tails come mostly from that volatility mixing, so the shocks are only mildly fat.
    zm = _student(rng("zm"), n, 10.0)
    zm[0] = 0.0
    noise = _student(rng("vix"), n, 5.0)
    mu = 0.00035 + _ar1(rng("mdrift").standard_normal(n) * 0.00005, 1 - 1 / 60)
    kappa, b, c_noise = 0.012, 0.10, 0.02
    rest = math.log(6.5) + _ar1(rng("vix-rest").standard_normal(n) * 0.05, 1 - 1 / 250)
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
    vix_a = np.asarray(vix)
    volscale = np.concatenate([[vix_a[0]], vix_a[:-1]]) / _VIX_MEAN
    # The quoted VIX also carries its own day-to-day noise (term structure, demand for puts).
    quote = _ar1(rng("vix-quote").standard_normal(n) * 0.06, 0.5)
    quote[0] = 0.0
    vix_quoted = 9.0 + (vix_a - 9.0) * np.exp(quote)

    # Steer the market through SPY's waypoints (a small constant drift per stretch).
    mkt_a = np.asarray(mkt)
    idx, tgt = _targets(seed, "SPY", PROFILES["SPY"], n)
    mkt_a += _steer(mkt_a, idx, tgt, 0.0)

    factors: dict[str, np.ndarray] = {}
    sigmas: dict[str, np.ndarray] = {}
    for name, vol in _SECTORS.items():
        r = rng(f"sector:{name}")
        z = _student(r, n, 5.0)
        h = _ar1(r.standard_normal(n) * 0.08, 0.97)
        drift = _ar1(r.standard_normal(n) * 0.00006, 1 - 1 / 50)
        s_k = vol / _SQ252 * volscale ** 0.6 * np.exp(h - 0.05)
        factors[name] = drift + s_k * z
        sigmas[name] = s_k

    # Size: small minus large, with rotation bursts (small caps grinding ahead day
    # after day), spells of large-cap leadership and neutral stretches.
    r = rng("size")
    states = _semi_markov(r, n, {0: (15, 50, (0.0, 0.45, 0.55)),
                                 1: (8, 25, (0.7, 0.0, 0.3)),
                                 2: (10, 30, (0.7, 0.3, 0.0))})
    seg = r.random(n)
    drift = np.where(states == 1, 0.002 + 0.0015 * seg,
                     np.where(states == 2, -0.0012 - 0.0013 * seg, 0.0))
    drift = _hold_per_segment(states, drift)
    quiet = np.where(states == 1, 0.6, np.where(states == 2, 0.8, 1.0))
    h = _ar1(r.standard_normal(n) * 0.06, 0.97)
    s_size = 0.006 * volscale ** 0.5 * np.exp(h) * quiet
    factors["size"] = drift + s_size * _student(r, n, 5.0)
    sigmas["size"] = s_size

    # Rates: the 10-year yield in percent, a bounded mean-reverting process.
    r = rng("tnx")
    e = 0.065 * (0.3 * zm + math.sqrt(1 - 0.09) * r.standard_normal(n))
    u0 = math.log((2.24 - 1.5) / 3.5 / (1 - (2.24 - 1.5) / 3.5))
    u = _ar1(e, 1 - 1 / 250, x0=u0)
    u[0] = u0
    tnx = 1.5 + 3.5 / (1 + np.exp(-u))
    factors["rates"] = np.concatenate([[0.0], np.diff(tnx)])
    sigmas["rates"] = np.full(n, 0.05)

    # Oil: log price mean-reverting around 68.
    r = rng("oil")
    e = 0.021 * volscale ** 0.5 * (0.3 * zm + 0.954 * _student(r, n, 4.0))
    x = _ar1(e, 1 - 1 / 350, x0=math.log(37.0 / 68.0))
    x[0] = math.log(37.0 / 68.0)
    oil = 68.0 * np.exp(x)
    factors["oil"] = np.concatenate([[0.0], np.diff(x)])
    sigmas["oil"] = 0.021 * volscale ** 0.5

    # Dollar index: bounded and mean-reverting around 100 (mostly 90-110), a little
    # against risk.
    r = rng("dxy")
    e = 0.057 * (-0.2 * zm + 0.98 * r.standard_normal(n))
    u0 = math.log((98.7 - 86.0) / (114.0 - 98.7))
    u = _ar1(e, 1 - 1 / 250, x0=u0)
    u[0] = u0
    dxy = 86.0 + 28.0 / (1 + np.exp(-u))
    factors["dollar"] = np.concatenate([[0.0], np.diff(np.log(dxy))])
    sigmas["dollar"] = np.full(n, 0.004)

    # Bitcoin: high beta to the market, its own fat tails and long bull/bear cycles.
    r = rng("btc")
    states = _semi_markov(r, n, {0: (60, 200, (0.0, 0.5, 0.5)),
                                 1: (80, 260, (0.6, 0.0, 0.4)),
                                 2: (60, 200, (0.6, 0.4, 0.0))})
    seg = r.random(n)
    cdrift = _hold_per_segment(states, np.where(states == 1, 0.0015 + 0.0015 * seg,
                                                np.where(states == 2, -0.0015 - 0.0015 * seg,
                                                         0.0)))
    h = _ar1(r.standard_normal(n) * 0.07, 0.98)
    s_b = 0.032 * volscale ** 0.3 * np.exp(h - 0.06)
    resid = cdrift + s_b * _student(r, n, 3.5)
    resid[0] = 0.0
    # Steer the crypto factor through bitcoin's waypoints, as the market through SPY's.
    idx, tgt = _targets(seed, "BTC-USD", PROFILES["BTC-USD"], n)
    cum_m = np.cumsum(mkt_a)
    tgt = [t - 1.2 * cum_m[i] for i, t in zip(idx, tgt, strict=True)]
    resid += _steer(resid, idx, tgt, 0.0)
    factors["crypto"] = resid
    sigmas["crypto"] = s_b

    return _Market(mkt_a, zm, np.asarray(sig), vix_quoted, volscale, factors, sigmas, tnx, oil, dxy)


# --------------------------------------------------------------------------- per ticker


@dataclass
class _Path:
    """A ticker's full generated history (epoch to _GRID_END), before rounding."""

    close: np.ndarray
    overnight: np.ndarray
    sigma: np.ndarray
    volume: np.ndarray


# state: (min duration, max duration, next-state probabilities over neutral, up, down, base)
_REGIMES = {0: (25, 90, (0.0, 0.35, 0.35, 0.3)),
            1: (20, 70, (0.5, 0.0, 0.35, 0.15)),
            2: (15, 60, (0.35, 0.2, 0.0, 0.45)),
            3: (30, 90, (0.0, 0.65, 0.35, 0.0))}


def _regimes(rng: np.random.Generator, n: int, strength: float, sig_d: float,
             dev: np.ndarray, pull: float):
    """Per-ticker drift regimes: neutral, trend up, trend down, quiet base.

    Returns (drift, vol multiplier, jumps at regime changes, volume multiplier).
    A base that ends in an up-trend breaks out with a gap and heavy volume; a
    base or up-trend that rolls over may break down the same way. ``dev`` is how
    far the path without regimes runs from its course: the further above
    (below), the likelier the next regime is a down (up) trend.
    """
    drift = np.zeros(n)
    volm = np.ones(n)
    jump = np.zeros(n)
    vmul = np.ones(n)
    if strength <= 0:
        return drift, volm, jump, vmul
    allow_base = strength >= 0.6
    state = _pick(rng, (1, 1, 1))
    t = 0
    prev = -1
    mine = 0.0  # the regimes' own contribution to the deviation, decaying with the pull
    keep = 1.0 - pull
    while t < n:
        lo, hi, _ = _REGIMES[state]
        dur = int(rng.integers(lo, hi + 1))
        u = rng.random(3)
        end = min(n, t + dur)
        if state == 1:
            d = (0.05 + 0.09 * u[0]) * sig_d * strength
            volm[t:end] = 1.05
        elif state == 2:
            d = -(0.05 + 0.09 * u[0]) * sig_d * strength
            volm[t:end] = 1.15
        elif state == 3:
            d = 0.0
            volm[t:end] = 0.5
        else:
            d = 0.01 * sig_d * (u[0] - 0.5)
        drift[t:end] = d
        if t > 0 and prev == 3 and state == 1:  # breakout from a base, on volume
            jump[t] = (1.5 + 2.0 * u[1]) * sig_d
            k = min(5, n - t)
            vmul[t:t + k] *= np.array([3.0 + 2.0 * u[2], 2.2, 1.7, 1.4, 1.2])[:k]
        elif t > 0 and state == 2 and prev in (1, 3) and u[1] < 0.5:  # breakdown
            jump[t] = -(1.0 + 1.5 * u[2]) * sig_d
            k = min(3, n - t)
            vmul[t:t + k] *= np.array([2.5, 1.6, 1.2])[:k]
        span = end - t
        decay = keep ** span
        mine = mine * decay + jump[t] * decay + (d * (1 - decay) / pull if pull > 0 else d * span)
        prev = state
        t = end
        probs = np.asarray(_REGIMES[state][2], dtype=float)
        if not allow_base:
            probs[3] = 0.0
            if probs.sum() == 0:
                probs = np.array([0.4, 0.3, 0.3, 0.0])
        if t < n:
            tilt = min(max(3.0 * (dev[t] + mine), -2.5), 2.5)
            probs[1] *= math.exp(-tilt)
            probs[2] *= math.exp(tilt)
        probs[state] = 0.0
        state = _pick(rng, probs)
    return drift, volm, jump, vmul


def _earnings_indices(seed: int, ticker: str, profile: Profile) -> np.ndarray:
    """Session indices of each earnings gap (the session after an after-close report)."""
    if not profile.has_earnings:
        return np.zeros(0, dtype=int)
    ords = _ordinals()
    offset = profile.offset if profile.offset is not None else 14 + stable_hash(ticker) % 62
    rng = _rng(seed, ticker, "earnings")
    out = []
    for year in range(EPOCH.year, _GRID_END.year + 1):
        for month in (1, 4, 7, 10):
            jitter = int(rng.integers(-3, 4))
            day = dt.date(year, month, 1) + dt.timedelta(days=offset + jitter)
            report = int(np.searchsorted(ords, day.toordinal(), side="left"))
            if report + 1 < len(ords):
                out.append(report + 1)
    return np.asarray(sorted(set(out)), dtype=int)


def _level_path(seed: int, ticker: str, profile: Profile, market: _Market) -> _Path:
    """VIX, the 10-year yield, the dollar and oil: levels the market model made."""
    n = len(market.mkt)
    level = {"vix": market.vix, "yield": market.tnx, "fx": market.dxy,
             "commodity": market.oil}[profile.kind]
    r = np.concatenate([[0.0], np.diff(np.log(level))])
    sd = {"vix": 0.06, "yield": 0.02, "fx": 0.004, "commodity": 0.02}[profile.kind]
    sigma = np.full(n, sd) * (market.volscale ** 0.5 if profile.kind != "fx" else 1.0)
    share = 0.5 + 0.2 * _rng(seed, ticker, "split").standard_normal(n)
    overnight = r * np.clip(share, 0.1, 0.9)
    if profile.volume > 0:
        noise = _ar1(_rng(seed, ticker, "volume").standard_normal(n) * 0.2, 0.6)
        vol = profile.volume * np.exp(noise + 0.6 * np.abs(r) / sigma)
    else:
        vol = np.zeros(n)
    return _Path(level.copy(), overnight, sigma, vol)


_PULL = {"stock": 1 / 250, "crypto": 1 / 250, "commodity": 1 / 300, "etf": 1 / 400,
         "index": 1 / 400}
"""Daily pull of a ticker's idiosyncratic path back to its course (a valuation anchor)."""


def _generate(seed: int, ticker: str, profile: Profile, market: _Market,
              base: _Path | None = None) -> _Path:
    """The factor model for stocks, ETFs, indices, crypto and generic commodities.

    log return = systematic (beta x market + loadings x factors) + idiosyncratic,
    where the idiosyncratic part (noise with stochastic volatility, news gaps,
    earnings gaps and drifts, regimes) is pulled gently back to a course that
    passes through the ticker's steered levels.
    """
    n = len(market.mkt)

    def rng(key: str) -> np.random.Generator:
        return _rng(seed, ticker, key)

    if profile.derive is not None and base is not None:
        _, ratio = profile.derive
        noise = np.exp(_ar1(rng("track").standard_normal(n) * 0.0002, 0.9))
        vol = base.volume * (profile.volume / PROFILES[profile.derive[0]].volume)
        vol = vol * np.exp(rng("volume").standard_normal(n) * 0.08)
        return _Path(base.close * ratio * noise, base.overnight, base.sigma, vol)
    if profile.kind in ("vix", "yield", "fx") or (profile.kind == "commodity"
                                                   and ticker == "CL=F"):
        return _level_path(seed, ticker, profile, market)

    sys_ret = profile.beta * market.mkt
    sys_var = (profile.beta * market.sig_m) ** 2
    for name, load in profile.loads.items():
        sys_ret = sys_ret + load * market.factors[name]
        sys_var = sys_var + (load * market.sigmas[name]) ** 2
    sys_ret[0] = 0.0

    sig_d = profile.idio / _SQ252
    r_idio = rng("idio")
    h = _ar1(r_idio.standard_normal(n) * 0.09, 0.97)
    s_i = sig_d * market.volscale ** 0.5 * np.exp(h - 0.07)
    z_i = _student(r_idio, n, 3.5 if profile.kind in ("stock", "crypto") else 5.0)
    total_sd = np.sqrt(sys_var + s_i ** 2)

    # News gaps.
    r_j = rng("jumps")
    hit = r_j.random(n) < profile.jumps / 252.0
    news = np.where(hit, r_j.standard_normal(n) * 3.0 * sig_d, 0.0)
    vmul = np.where(hit, 1.8 + 0.7 * r_j.random(n), 1.0)
    extra_on = 0.85 * news
    extra_in = 0.15 * news

    # Earnings: a gap, then either a stall and fade or a run with drift.
    events = _earnings_indices(seed, ticker, profile)
    gap_size = np.zeros(n)
    if len(events):
        post = np.zeros(n + 12)
        r_e = rng("earnings-move")
        for idx in events.tolist():
            u = r_e.random(5)
            sign = 1.0 if u[0] < 0.56 else -1.0
            gap = sign * sig_d * (1.5 + 3.0 * u[1]) * (0.7 + 0.6 * u[4])
            gap_size[idx] = abs(gap)
            extra_on[idx] += gap
            if u[2] < 0.5:  # the gap stalls the same day and fades over two weeks
                extra_in[idx] -= (0.2 + 0.5 * u[3]) * gap
                post[idx + 1:idx + 11] -= (0.2 + 0.4 * u[3]) * gap / 10.0
            else:  # gap and go: a little follow-through
                extra_in[idx] += 0.25 * u[3] * gap
                post[idx + 1:idx + 11] += 0.2 * u[3] * gap / 10.0
            k = min(3, n - idx)
            vmul[idx:idx + k] *= np.array([2.5 + 2.5 * u[3], 1.7, 1.3])[:k]
        extra_in += post[:n]

    # The course: systematic path plus a residual drift through the steered levels.
    idx, tgt = _targets(seed, ticker, profile, n)
    system = np.cumsum(sys_ret)
    resid = [t - system[i] for i, t in zip(idx, tgt, strict=True)]
    course = np.interp(np.arange(n), idx, resid)
    alpha = profile.drift / 252.0 - profile.beta * 0.00035
    if len(idx) == 1:
        course = alpha * np.arange(n)
    elif idx[-1] + 1 < n:
        course[idx[-1] + 1:] = resid[-1] + min(max(alpha, -0.0002), 0.0004) * np.arange(
            1, n - idx[-1])
    step = np.concatenate([[0.0], np.diff(course)])
    pull = 0.0 if ticker == "SPY" else _PULL.get(profile.kind, 1 / 300)

    # Regimes, steered by how far the idiosyncratic path has strayed from the course.
    noise_i = s_i * z_i
    noise_i[0] = 0.0
    dev = _ar1(noise_i + extra_on + extra_in, 1.0 - pull)
    drift, volm, rjump, rvol = _regimes(rng("regime"), n, profile.regime, sig_d, dev, pull)
    vmul *= rvol

    e = 0.25 * total_sd * rng("split").standard_normal(n)
    idio_on = 0.35 * (drift + noise_i * volm) + extra_on + 0.4 * rjump
    idio_in = 0.65 * (drift + noise_i * volm) + extra_in + 0.6 * rjump
    idio_on[0] = idio_in[0] = 0.0
    gone = _ar1(idio_on + idio_in, 1.0 - pull)  # deviation from the course
    back = step - pull * np.concatenate([[0.0], gone[:-1]])
    overnight = 0.35 * (sys_ret + back) + e + idio_on
    intraday = 0.65 * (sys_ret + back) - e + idio_in
    overnight[0] = intraday[0] = 0.0
    adj = _steer(overnight + intraday, idx, tgt, 0.0)
    adj[idx[-1] + 1:] = 0.0
    overnight += 0.35 * adj
    intraday += 0.65 * adj
    ret = overnight + intraday

    close = profile.s0 * np.exp(np.cumsum(ret))
    sigma = total_sd + 0.3 * gap_size + 0.3 * np.abs(news) + 0.3 * np.abs(rjump)

    # Volume: persistent noise, spikes on big moves and events, fewer shares at higher prices.
    a = min(_index_of(ANCHOR), n - 1)
    scale = profile.volume * (close / close[a]) ** (0.8 if profile.kind == "crypto" else -0.3)
    surprise = np.maximum(np.abs(ret) / total_sd - 1.0, 0.0)
    noise = _ar1(rng("volume").standard_normal(n) * 0.17, 0.7)
    vol = scale * np.exp(noise - 0.05) * (1.0 + 0.45 * surprise) * vmul
    return _Path(close, overnight, sigma, vol)


def _frame(path: _Path, seed: int, ticker: str, profile: Profile) -> pd.DataFrame:
    """Round a path into a bars frame (OHLC consistent by construction), up to HORIZON.

    Built to the BAR_COLUMNS contract directly (``normalise_bars`` is idempotent on it).
    """
    m = _served()
    close = path.close[:m]
    prev = np.concatenate([[close[0] * math.exp(-path.overnight[0])], close[:-1]])
    open_ = prev * np.exp(path.overnight[:m])
    rng = _rng(seed, ticker, "range")
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
                        index=_grid_index()[:m])


# --------------------------------------------------------------------------- options


def strike_step(price: float) -> float:
    """The strike spacing listed around ``price``."""
    for limit, step in ((5, 0.5), (25, 1.0), (100, 2.5), (600, 5.0), (2000, 10.0)):
        if price < limit:
            return step
    return 50.0


def _third_friday(year: int, month: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(4 - first.weekday()) % 7 + 14)


def option_expiries(asof: dt.date) -> list[dt.date]:
    """The next two weekly Fridays and the next two monthly (third-Friday) expiries after ``asof``.

    A Friday holiday moves the expiry to the session before (Good Friday, New
    Year's Day); one that lands on ``asof`` itself has expired. Three or four dates.
    """
    sessions = set(_grid())
    last = _grid()[-1]

    def settle(day: dt.date) -> dt.date:
        while day <= last and day not in sessions:
            day -= dt.timedelta(days=1)
        return day

    ahead = (4 - asof.weekday()) % 7 or 7
    fridays = (settle(asof + dt.timedelta(days=ahead + 7 * k)) for k in range(4))
    weekly = [d for d in fridays if d > asof][:2]
    monthly: list[dt.date] = []
    year, month = asof.year, asof.month
    while len(monthly) < 2:
        day = settle(_third_friday(year, month))
        if day > asof:
            monthly.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return sorted(set(weekly + monthly))


# --------------------------------------------------------------------------- the source


class SampleSource:
    """The synthetic market: deterministic in ``seed``, labelled ``sample`` everywhere."""

    name = "sample"
    sample = True

    def __init__(self, seed: int = 7) -> None:
        self.seed = int(seed)
        self._market: _Market | None = None
        self._paths: dict[str, _Path] = {}
        self._frames: dict[str, pd.DataFrame] = {}

    # ---- internals

    def _mkt(self) -> _Market:
        if self._market is None:
            self._market = _build_market(self.seed, len(_grid()))
        return self._market

    def _path(self, ticker: str) -> _Path:
        if ticker not in self._paths:
            profile = profile_for(ticker)
            base = self._path(profile.derive[0]) if profile.derive else None
            self._paths[ticker] = _generate(self.seed, ticker, profile, self._mkt(), base)
        return self._paths[ticker]

    def history(self, ticker: str) -> pd.DataFrame:
        """The ticker's whole bars frame, EPOCH to HORIZON (cached; do not mutate)."""
        if ticker not in self._frames:
            if not valid_ticker(ticker):
                raise ValueError(f"not a plausible ticker symbol: {ticker!r}")
            self._frames[ticker] = _frame(self._path(ticker), self.seed, ticker,
                                          profile_for(ticker))
        return self._frames[ticker]

    # ---- the Source protocol

    def bars(self, tickers: Sequence[str], start: dt.date, end: dt.date) -> Fetched:
        if isinstance(tickers, str):
            tickers = [tickers]
        start, end = _as_date(start), _as_date(end)
        out = Fetched()
        for ticker in dict.fromkeys(tickers):
            if not valid_ticker(ticker):
                out.failed[ticker] = (f"not a plausible ticker symbol: {ticker!r} "
                                      f"(expected something like SPY, ^VIX, CL=F, BTC-USD)")
                continue
            lo, hi = max(start, EPOCH), min(end, HORIZON)
            if start > end:
                out.failed[ticker] = f"the window starts ({start}) after it ends ({end})"
                continue
            if lo > hi:
                out.failed[ticker] = (f"no sample bars between {start} and {end}: the sample "
                                      f"market runs from {EPOCH} to {HORIZON}")
                continue
            frame = self.history(ticker)
            a = frame.index.searchsorted(pd.Timestamp(lo), side="left")
            b = frame.index.searchsorted(pd.Timestamp(hi), side="right")
            if a >= b:
                out.failed[ticker] = f"no NYSE session between {start} and {end}"
                continue
            out.bars[ticker] = frame.iloc[a:b].copy()
        return out

    def earnings(self, ticker: str) -> tuple[dt.date, ...]:
        """Report dates (after the close; the gap is on the next session), epoch to mid-2031."""
        if not valid_ticker(ticker):
            return ()
        profile = profile_for(ticker)
        if not profile.has_earnings:
            return ()
        grid = _grid()
        return tuple(grid[i - 1] for i in _earnings_indices(self.seed, ticker, profile).tolist())

    def options(self, ticker: str, asof: dt.date) -> pd.DataFrame | None:
        """A chain as of ``asof``'s close: 3-4 expiries, OI on round strikes, puts below."""
        if not valid_ticker(ticker):
            return None
        profile = profile_for(ticker)
        if not profile.has_options:
            return None
        asof = _as_date(asof)
        if asof < EPOCH or asof > HORIZON:
            return None
        frame = self.history(ticker)
        i = int(frame.index.searchsorted(pd.Timestamp(asof), side="right")) - 1
        if i < 0:
            return None
        closes = frame["Close"].to_numpy()
        price = float(closes[i])
        window = closes[max(0, i - 20):i + 1]
        rets = np.diff(np.log(window))
        ann = float(np.std(rets) * _SQ252) if len(rets) > 2 else 0.3
        ann = min(max(ann, 0.08), 1.5)
        liquidity = float(frame["Volume"].to_numpy()[max(0, i - 19):i + 1].mean()) * 0.0003
        step = strike_step(price)
        session = frame.index[i].date()  # a weekend asof sees Friday's chain
        rng = _rng(self.seed, ticker, "options", session.toordinal())
        expiries = option_expiries(session)
        monthlies = {_third_friday(d.year, d.month) for d in expiries}
        rows: list[tuple] = []
        for k, expiry in enumerate(expiries):
            days = max((expiry - session).days, 1)
            monthly = any(abs((expiry - m).days) <= 1 for m in monthlies)
            reach = 0.25 if monthly else 0.15
            lo = min(price * (1 - reach), price - 8 * step)
            hi = max(price * (1 + reach), price + 8 * step)
            strikes = np.arange(math.ceil(lo / step) * step, hi + step / 2, step)
            strikes = np.round(strikes[strikes > 0], 2)
            width = 0.03 + 1.2 * ann * math.sqrt(days / 365.0)
            m = np.log(strikes / price)
            core = np.exp(-np.abs(m) / width)
            units = np.round(strikes / step).astype(np.int64)
            roundness = (1.0 + 2.5 * (units % 10 == 0) + 1.0 * (units % 5 == 0)
                         + 0.4 * (units % 2 == 0))
            scale = liquidity * (1.0 if monthly else 0.4) * (1.3 if k == 0 else 1.0)
            # Walls: one heavy put strike below the price, one heavy call strike above.
            round_units = units % 2 == 0
            below = np.flatnonzero(round_units & (strikes < price * 0.97) & (strikes > price * 0.85))
            above = np.flatnonzero(round_units & (strikes > price * 1.03) & (strikes < price * 1.15))
            put_wall = np.ones(len(strikes))
            call_wall = np.ones(len(strikes))
            u = rng.random(4)
            if len(below):
                put_wall[below[int(u[0] * len(below))]] = 3.0 + 3.0 * u[1]
            if len(above):
                call_wall[above[int(u[2] * len(above))]] = 2.0 + 2.0 * u[3]
            for kind, side, wall in (("put", np.where(strikes < price, 1.7, 0.35), put_wall),
                                     ("call", np.where(strikes > price, 1.3, 0.35), call_wall)):
                noise = np.exp(rng.standard_normal(len(strikes)) * 0.35)
                oi = np.round(scale * core * side * roundness * wall * noise)
                act = rng.uniform(0.03, 0.35, len(strikes)) * (1.6 if k == 0 else 1.0)
                vol = np.round(oi * act * np.exp(-np.abs(m) / (2 * width)))
                rows.extend(zip([expiry] * len(strikes), [kind] * len(strikes),
                                strikes.tolist(), oi.tolist(), vol.tolist(), strict=True))
        if not rows:
            return empty_chain()
        chain = pd.DataFrame(rows, columns=list(OPTION_COLUMNS))
        chain["strike"] = chain["strike"].astype(float)
        chain["open_interest"] = chain["open_interest"].astype(float)
        chain["volume"] = chain["volume"].astype(float)
        return chain.sort_values(["expiry", "kind", "strike"], kind="stable").reset_index(drop=True)
