"""🌡️ Volatility + Gamma: the index's implied against realised volatility, and where dealers stand.

For $SPY (the ticker the snapshot always carries a chain for): the ATM IV of
the nearest monthly expiry beside the 20-session realised volatility, the term
structure across the listed expiries, the 5 %-OTM put/call skew, the IV rank
when there are 60 days of ATM-IV history (the count otherwise), and dealer
gamma by strike under the convention in :mod:`newsletter.analysis.gamma`.
Without a chain (index-only data) the VIX, when the data has its as-of close, is
the implied read (the S&P 500's 30-day implied volatility) against the realised,
with its rank over its last year of closes; without either, the section says what
it lacks in one line and keeps the realised volatility.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

from newsletter.analysis.gamma import CONVENTION, GammaExposure, gamma_exposure
from newsletter.analysis.history import NotEnoughData, close_series
from newsletter.analysis.volatility import (
    IV_RANK_MIN_OBSERVATIONS,
    AtmVol,
    IvRank,
    Skew,
    TermStructure,
    atm_iv,
    iv_rank,
    realised_vol,
    shown_gap,
    skew,
    term_structure,
)
from newsletter.collect import IV_TICKER as TICKER
from newsletter.model import Section
from newsletter.rounding import shown_difference
from newsletter.sections.base import Built, ChartRequest, Context, SectionDataMissing, missing_data

KEY, EMOJI, TITLE = "volatility", "🌡️", "Volatility + Gamma"
LACKS = "no option chain in this data: implied volatility, skew and dealer gamma need one"
VIX = "^VIX"
"""The S&P 500's 30-day implied volatility: the implied read on data without a chain."""


@dataclass(frozen=True)
class VixRead:
    """The VIX at the as-of close, and where it sits in its last year of closes."""

    close: float
    rank: IvRank


@dataclass(frozen=True)
class VolatilityRead:
    ticker: str
    price: float
    realised: float
    """20-session realised volatility, annualised percent."""
    atm: AtmVol | None
    term: TermStructure | None
    skew: Skew | None
    rank: IvRank | None
    gamma: GammaExposure | None
    lacks: str = ""
    """What the data lacks, one line; empty when the chain was there."""
    vix: VixRead | None = None
    """Without a chain: the VIX, when the data has its as-of close (the headline's "VIX Jumps
    32%" then has its section)."""
    rank_needs: int = IV_RANK_MIN_OBSERVATIONS
    convention: str = CONVENTION

    @property
    def premium(self) -> float | None:
        """ATM IV minus realised volatility, vol points, as both print (one decimal each)."""
        return None if self.atm is None else shown_gap(self.atm.iv, self.realised)

    @property
    def vix_premium(self) -> float | None:
        """The VIX (printed to two decimals) minus realised volatility (one), vol points: "VIX
        31.51 vs ... realised 22.5%" is 9.01 points, 9.0 as the gap prints."""
        return None if self.vix is None else shown_difference(self.vix.close, self.realised, 2, 1)

    @property
    def iv_source(self) -> str:
        """Where the ATM IV's inputs came from, in words."""
        return {"chain": "the chain's own IVs", "mid": "IVs solved from mid prices",
                "chain and mid": "the chain's IVs, the rest solved from mid prices"}[
            self.atm.source] if self.atm else ""

    @property
    def flip_side(self) -> Literal["above", "below"] | None:
        """Where the price sits against the flip, when it sits on the side the regime implies."""
        g = self.gamma
        if g is None or g.flip is None:
            return None
        side = "above" if self.price > g.flip else "below"
        return side if (side == "above") == (g.regime == "positive") else None


def _try(function, *args):
    try:
        return function(*args)
    except NotEnoughData:
        return None


def _history(recorded: pd.Series | None, session: pd.Timestamp, today: float) -> pd.Series:
    """The recorded ATM IVs before the as-of session, then today's as this chain reads it."""
    earlier = recorded[recorded.index < session] if recorded is not None else recorded
    days = [*(earlier.index if earlier is not None else ()), session]
    values = [*(earlier.astype(float).tolist() if earlier is not None else ()), today]
    return pd.Series(values, index=pd.DatetimeIndex(days), dtype=float)


def _vix(ctx: Context) -> VixRead | None:
    """The VIX read, or None when the data has no VIX close on the as-of session (a VIX that
    stopped early is not today's implied volatility)."""
    if not ctx.snapshot.has(VIX):
        return None
    closes = close_series(ctx.bars(VIX)["Close"].loc[: pd.Timestamp(ctx.snapshot.asof)])
    if closes.empty or closes.index[-1].date() != ctx.snapshot.asof:
        return None
    return VixRead(float(closes.iloc[-1]), iv_rank(closes))


def build(ctx: Context) -> Built | None:
    if not ctx.snapshot.has(TICKER):
        raise missing_data(ctx.snapshot, [TICKER], "the volatility read")
    close = ctx.bars(TICKER)["Close"]
    realised = _try(realised_vol, close)
    if realised is None:
        raise SectionDataMissing(f"too little {TICKER} history for a 20-day realised volatility "
                                 f"({len(close.dropna())} sessions)")
    price, asof = float(close.iloc[-1]), ctx.snapshot.asof
    chain = ctx.snapshot.options.get(TICKER)
    atm = None if chain is None else _try(atm_iv, chain, price, asof)
    if atm is None:
        read = VolatilityRead(TICKER, price, realised, None, None, None, None, None, LACKS,
                              vix=_vix(ctx))
        return Built(section=Section(key=KEY, emoji=EMOJI, title=TITLE, data=read,
                                     commentary=ctx.notes.commentary.get(KEY, "")))
    history = _history(ctx.snapshot.iv_history.get(TICKER), close.index[-1], atm.iv)
    read = VolatilityRead(TICKER, price, realised, atm, _try(term_structure, chain, price, asof),
                          _try(skew, chain, price, asof), iv_rank(history),
                          _try(gamma_exposure, chain, price, asof))
    charts: tuple[ChartRequest, ...] = ()
    if read.term is not None:
        points = read.term.points
        charts += (ChartRequest(name=f"iv_term_{TICKER.lower()}", kind="iv_term", inputs={
            "ticker": TICKER, "realised": realised, "expiries": tuple(p[0] for p in points),
            "days": tuple(p[1] for p in points), "ivs": tuple(p[2] for p in points)}),)
    if read.gamma is not None:
        g = read.gamma
        charts += (ChartRequest(name=f"gamma_{TICKER.lower()}", kind="gamma", inputs={
            "ticker": TICKER, "price": price, "flip": g.flip, "regime": g.regime,
            "strikes": tuple(s.strike for s in g.by_strike),
            "net": tuple(s.net for s in g.by_strike)}),)
    section = Section(key=KEY, emoji=EMOJI, title=TITLE, data=read,
                      commentary=ctx.notes.commentary.get(KEY, ""))
    return Built(section=section, charts=charts)
