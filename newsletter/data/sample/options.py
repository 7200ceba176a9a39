"""Option chains in the sample market: expiries, listed strikes, open interest and volume.

A chain as of a session's close has 3-4 expiries (two weeklies, two monthlies),
open interest heaped on round strikes near the money, puts heavier below the
price, and one put wall below and one call wall above.

Every contract is quoted: an implied volatility (a smile around an at-the-money
level a little above the month's realised volatility, skewed to the puts, its
term structure upward in calm markets and inverted in wild ones) from which
the bid and ask are priced with Black-Scholes at :data:`RATE`, a cent-rounded
spread around the model price. The IVs come from their own random stream, so
open interest and volume are the same draws as before quotes existed.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from newsletter.data.base import empty_chain
from newsletter.data.sample.grid import SQRT_252, grid
from newsletter.data.sample.streams import stream
from newsletter.model import OPTION_COLUMNS, OPTION_QUOTE_COLUMNS

RATE = 0.04
"""The risk-free rate the quotes are priced at: the one analysis.volatility assumes."""


def strike_step(price: float) -> float:
    """The strike spacing listed around ``price``."""
    for limit, step in ((5, 0.5), (25, 1.0), (100, 2.5), (600, 5.0), (2000, 10.0)):
        if price < limit:
            return step
    return 50.0


def third_friday(year: int, month: int) -> dt.date:
    """The month's third Friday, the standard monthly expiry."""
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(4 - first.weekday()) % 7 + 14)


@lru_cache(maxsize=1)
def _grid_set() -> frozenset[dt.date]:
    return frozenset(grid())


def option_expiries(asof: dt.date) -> list[dt.date]:
    """The next two weekly Fridays and the next two monthly (third-Friday) expiries after ``asof``.

    A Friday holiday moves the expiry to the session before (Good Friday, New
    Year's Day); one that lands on ``asof`` itself has expired. Three or four dates.
    """
    sessions = _grid_set()
    last = grid()[-1]

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
        day = settle(third_friday(year, month))
        if day > asof:
            monthly.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return sorted(set(weekly + monthly))


@dataclass(frozen=True)
class Underlying:
    """What a chain is listed around: the session's close and how the stock trades."""

    session: dt.date
    price: float
    step: float
    """Strike spacing."""
    vol: float
    """Annualised realised volatility over the last month, kept within 8%-150%."""
    liquidity: float
    """Open interest scale: a small share of the month's average volume."""


def _underlying(closes: np.ndarray, volumes: np.ndarray, index: pd.DatetimeIndex,
                i: int) -> Underlying:
    """What the chain of session ``i`` is listed around: its close and last month's volatility."""
    price = float(closes[i])
    window = closes[max(0, i - 20):i + 1]
    rets = np.diff(np.log(window))
    ann = float(np.std(rets) * SQRT_252) if len(rets) > 2 else 0.3
    ann = min(max(ann, 0.08), 1.5)
    liquidity = float(volumes[max(0, i - 19):i + 1].mean()) * 0.0003
    return Underlying(index[i].date(), price, strike_step(price), ann, liquidity)


def _expiries(session: dt.date) -> list[tuple[dt.date, bool]]:
    """The expiries listed after ``session``, each with whether it is a monthly."""
    expiries = option_expiries(session)
    monthlies = {third_friday(d.year, d.month) for d in expiries}
    return [(e, any(abs((e - m).days) <= 1 for m in monthlies)) for e in expiries]


def option_chain(seed: int, ticker: str, frame: pd.DataFrame,
                 asof: dt.date) -> pd.DataFrame | None:
    """The chain as of the close of the last session in ``frame`` on or before ``asof``.

    None when ``asof`` is before the first bar. A weekend ``asof`` sees Friday's chain.
    """
    i = int(frame.index.searchsorted(pd.Timestamp(asof), side="right")) - 1
    if i < 0:
        return None
    under = _underlying(frame["Close"].to_numpy(), frame["Volume"].to_numpy(), frame.index, i)
    rng = stream(seed, ticker, "options", under.session.toordinal())
    rows: list[tuple] = []
    for k, (expiry, monthly) in enumerate(_expiries(under.session)):
        rows.extend(_expiry_rows(rng, under, expiry, monthly, front=k == 0))
    if not rows:
        return empty_chain()
    chain = pd.DataFrame(rows, columns=list(OPTION_COLUMNS))
    chain["strike"] = chain["strike"].astype(float)
    chain["open_interest"] = chain["open_interest"].astype(float)
    chain["volume"] = chain["volume"].astype(float)
    chain = chain.sort_values(["expiry", "kind", "strike"], kind="stable").reset_index(drop=True)
    return _quote(chain, under, stream(seed, ticker, "implied vol", under.session.toordinal()))


def _quote(chain: pd.DataFrame, under: Underlying, rng: np.random.Generator) -> pd.DataFrame:
    """The chain with bid, ask and implied volatility (a decimal, 4 places) on every contract."""
    days = np.array([max((e - under.session).days, 1) for e in chain["expiry"]], dtype=np.float64)
    years = days / 365.0
    premium = 1.0 + 0.25 * float(rng.random())  # IV over realised vol at the money, 1 month out
    iv = _smile(under, days, chain["strike"].to_numpy(), premium)
    calls = (chain["kind"] == "call").to_numpy()
    mid = np.array([_black_scholes(under.price, k, t, v, c) for k, t, v, c in zip(
        chain["strike"].to_numpy(), years, iv, calls, strict=True)])
    half = np.maximum(0.005, 0.02 * mid)
    bid = np.round(np.maximum(mid - half, 0.0), 2)
    ask = np.maximum(np.round(mid + half, 2), 0.01)
    quotes = pd.DataFrame({"bid": bid, "ask": ask, "implied_volatility": iv})
    return pd.concat([chain, quotes[list(OPTION_QUOTE_COLUMNS)]], axis=1)


def _smile(under: Underlying, days: np.ndarray, strikes: np.ndarray, premium: float) -> np.ndarray:
    """The listed IV (a decimal, 4 places) of each strike, ``days`` calendar days to its expiry."""
    years = days / 365.0
    slope = 0.1 * math.tanh((0.3 - under.vol) / 0.1)  # calm: upward; wild: inverted
    atm = under.vol * premium * (1.0 + slope * (np.sqrt(days / 30.0) - 1.0))
    x = np.log(strikes / under.price) / np.sqrt(np.maximum(years, 1 / 52))
    return np.round(np.clip(atm * (1.0 - 0.35 * x + 0.5 * x * x), 0.03, 3.0), 4)


def _black_scholes(spot: float, strike: float, years: float, sigma: float, call: bool) -> float:
    """The Black-Scholes value at :data:`RATE`, no dividends (priced here: data/ imports no analysis)."""
    root = sigma * math.sqrt(years)
    d1 = (math.log(spot / strike) + (RATE + 0.5 * sigma * sigma) * years) / root
    d2 = d1 - root

    def cdf(z: float) -> float:
        return 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))

    disc = strike * math.exp(-RATE * years)
    if call:
        return spot * cdf(d1) - disc * cdf(d2)
    return disc * cdf(-d2) - spot * cdf(-d1)


def _listed_strikes(under: Underlying, monthly: bool) -> np.ndarray:
    """The strikes listed on one expiry: 25 % either side for a monthly, 15 % for a weekly."""
    price, step = under.price, under.step
    reach = 0.25 if monthly else 0.15
    lo = min(price * (1 - reach), price - 8 * step)
    hi = max(price * (1 + reach), price + 8 * step)
    strikes = np.arange(math.ceil(lo / step) * step, hi + step / 2, step)
    return np.round(strikes[strikes > 0], 2)


def _expiry_rows(rng: np.random.Generator, under: Underlying, expiry: dt.date, monthly: bool,
                 front: bool) -> list[tuple]:
    """(expiry, kind, strike, open interest, volume) for every strike listed on one expiry."""
    price, step = under.price, under.step
    days = max((expiry - under.session).days, 1)
    strikes = _listed_strikes(under, monthly)
    width = 0.03 + 1.2 * under.vol * math.sqrt(days / 365.0)
    m = np.log(strikes / price)
    core = np.exp(-np.abs(m) / width)
    units = np.round(strikes / step).astype(np.int64)
    roundness = (1.0 + 2.5 * (units % 10 == 0) + 1.0 * (units % 5 == 0)
                 + 0.4 * (units % 2 == 0))
    scale = under.liquidity * (1.0 if monthly else 0.4) * (1.3 if front else 1.0)
    put_wall, call_wall = _walls(rng, strikes, units, price)
    rows: list[tuple] = []
    for kind, side, wall in (("put", np.where(strikes < price, 1.7, 0.35), put_wall),
                             ("call", np.where(strikes > price, 1.3, 0.35), call_wall)):
        noise = np.exp(rng.standard_normal(len(strikes)) * 0.35)
        oi = np.round(scale * core * side * roundness * wall * noise)
        act = rng.uniform(0.03, 0.35, len(strikes)) * (1.6 if front else 1.0)
        vol = np.round(oi * act * np.exp(-np.abs(m) / (2 * width)))
        rows.extend(zip([expiry] * len(strikes), [kind] * len(strikes),
                        strikes.tolist(), oi.tolist(), vol.tolist(), strict=True))
    return rows


def _walls(rng: np.random.Generator, strikes: np.ndarray, units: np.ndarray,
           price: float) -> tuple[np.ndarray, np.ndarray]:
    """Open-interest multipliers: one heavy put strike below the price, one heavy call strike above."""
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
    return put_wall, call_wall


def atm_iv_history(seed: int, ticker: str, frame: pd.DataFrame, asof: dt.date,
                   sessions: int) -> pd.Series:
    """The ATM IV (percent) of each of the last ``sessions`` sessions on or before ``asof``.

    Each value is what :func:`newsletter.analysis.volatility.atm_iv` reads off that
    session's own chain (the nearest monthly expiry's listed IVs, averaged over puts
    and calls by strike, interpolated linearly at the close), computed from the
    quote model directly: a chain per session would cost 14 ms each. The sample
    market's stand-in for the history a live cache records day by day; a test holds
    the two equal.
    """
    from newsletter.analysis.options_positioning import is_monthly_expiry

    end = int(frame.index.searchsorted(pd.Timestamp(asof), side="right"))
    closes, volumes = frame["Close"].to_numpy(), frame["Volume"].to_numpy()
    dates, values = [], []
    for i in range(max(0, end - sessions), end):
        under = _underlying(closes, volumes, frame.index, i)
        listed = _expiries(under.session)
        expiries = [e for e, _ in listed]
        monthly = [e for e in expiries if is_monthly_expiry(e, set(expiries))]
        expiry = monthly[0] if monthly else expiries[0]
        strikes = _listed_strikes(under, dict(listed)[expiry])
        if len(strikes) < 2 or not strikes[0] <= under.price <= strikes[-1]:
            continue
        premium = 1.0 + 0.25 * float(stream(seed, ticker, "implied vol",
                                            under.session.toordinal()).random())
        days = np.full(len(strikes), float(max((expiry - under.session).days, 1)))
        iv = _smile(under, days, strikes, premium)
        dates.append(pd.Timestamp(under.session))
        values.append(100.0 * float(np.interp(under.price, strikes, iv)))
    return pd.Series(values, index=pd.DatetimeIndex(dates, name="Date"), name="atm_iv",
                     dtype=np.float64)
