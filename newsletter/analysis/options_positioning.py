"""Options positioning from an open-interest chain: walls, put/call ratio, max pain, the crack.

The put wall is the strike below the price with the most put open interest
(summed over the expiries in scope); the call wall the strike above it with
the most call open interest; ties go to the strike nearest the price. The
crack level is the put wall: the floor the put holders defend. The target is
the first thing below it: the next put wall (the strike under the crack with
the most put open interest) or a support level, whichever is higher.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from newsletter.analysis.history import NotEnoughData


def is_monthly_expiry(day: dt.date, listed: Collection[dt.date] = ()) -> bool:
    """The third Friday of a month, or the Thursday before it when that Friday is a holiday.

    A Thursday counts only when ``listed`` (the chain's expiries) is given and
    lacks the Friday after it: the chain itself says the Friday is closed
    (Good Friday, Juneteenth), with no holiday list here.
    """
    if day.weekday() == 4:
        return 15 <= day.day <= 21
    if day.weekday() == 3 and 14 <= day.day <= 20:
        return bool(listed) and day + dt.timedelta(days=1) not in listed
    return False


@dataclass(frozen=True)
class OptionsPositioning:
    """Where the open interest sits around ``price`` on ``asof``."""

    asof: dt.date
    price: float
    put_wall: float | None
    """None when no put open interest sits below the price."""
    put_wall_oi: float
    call_wall: float | None
    call_wall_oi: float
    pcr: float | None
    """Put over call open interest in scope; None when there is no call open interest."""
    max_pain: float | None
    expiry: dt.date
    """The expiry max pain is computed for: the nearest monthly on or after ``asof``."""
    expiry_is_monthly: bool
    """False when the chain has no monthly expiry and the nearest expiry was used."""
    crack_level: float | None
    target: float | None
    target_source: Literal["put wall", "support"] | None
    scope: str
    """Which expiries the walls and ratio cover: ``all`` or one ISO date."""


def _wall(oi_by_strike: pd.Series, price: float, below: bool) -> tuple[float | None, float]:
    side = oi_by_strike[oi_by_strike.index < price] if below else oi_by_strike[oi_by_strike.index > price]
    side = side[side > 0]
    if side.empty:
        return None, 0.0
    top = side[side == side.max()]
    strike = float(top.index.max() if below else top.index.min())
    return strike, float(side[strike])


def max_pain(chain: pd.DataFrame, expiry: dt.date) -> float | None:
    """The strike at which option holders of ``expiry`` would be paid the least at expiry.

    Ties go to the lowest such strike; None when the expiry has no open interest.
    """
    rows = chain[chain["expiry"] == expiry]
    oi = rows["open_interest"].fillna(0.0).to_numpy(np.float64)
    if oi.sum() <= 0:
        return None
    strikes = rows["strike"].to_numpy(np.float64)
    calls = (rows["kind"] == "call").to_numpy()
    candidates = np.unique(strikes)
    settle = candidates[:, None]
    payout = np.where(calls, np.maximum(settle - strikes, 0.0), np.maximum(strikes - settle, 0.0))
    total = (payout * oi).sum(axis=1)
    return float(candidates[int(np.argmin(total))])


def options_positioning(chain: pd.DataFrame, price: float, asof: dt.date,
                        expiry: dt.date | None = None,
                        supports: Iterable[float] = ()) -> OptionsPositioning:
    """Walls, put/call ratio and max pain of an option chain around ``price``.

    ``expiry`` limits the walls and the ratio to one expiry (default: every
    expiry on or after ``asof``). ``supports`` are price levels (swing lows,
    say) that may stand before the next put wall as the target.
    """
    chain = chain.assign(expiry=pd.to_datetime(chain["expiry"]).dt.date)
    live = chain[chain["expiry"] >= asof]
    if live.empty:
        raise NotEnoughData("options positioning", 1, 0, f"contracts expiring on or after {asof}")
    scope = live if expiry is None else live[live["expiry"] == expiry]
    if scope.empty:
        raise NotEnoughData("options positioning", 1, 0, f"contracts expiring on {expiry}")
    oi = scope.assign(open_interest=scope["open_interest"].fillna(0.0))
    puts = oi[oi["kind"] == "put"].groupby("strike")["open_interest"].sum()
    calls = oi[oi["kind"] == "call"].groupby("strike")["open_interest"].sum()
    put_wall, put_oi = _wall(puts, price, below=True)
    call_wall, call_oi = _wall(calls, price, below=False)
    pcr = float(puts.sum() / calls.sum()) if calls.sum() > 0 else None

    expiries = sorted(set(live["expiry"]))
    monthly = [e for e in expiries if is_monthly_expiry(e, set(expiries))]
    pain_expiry = monthly[0] if monthly else expiries[0]

    target = source = None
    if put_wall is not None:
        next_wall, _ = _wall(puts, put_wall, below=True)
        below = [float(s) for s in supports if s < put_wall]
        candidates = [(next_wall, "put wall")] if next_wall is not None else []
        candidates += [(max(below), "support")] if below else []
        if candidates:
            target, source = max(candidates, key=lambda c: c[0])
    return OptionsPositioning(asof, float(price), put_wall, put_oi, call_wall, call_oi, pcr,
                              max_pain(live, pain_expiry), pain_expiry, bool(monthly), put_wall,
                              target, source, "all" if expiry is None else expiry.isoformat())
