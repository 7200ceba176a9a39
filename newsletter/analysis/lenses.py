"""Three minds that read the same market differently (seed 003): macro, flow, contrarian.

Each lens is a function of its own inputs. Every input it can read casts one
vote (+1 up, -1 down, 0 neither) with the reading that decided it; the lens's
direction and confidence are the agreement of those votes
(:func:`newsletter.analysis.agreement.agreement`), never a clipped score. An
input that is absent or too short to read is named in ``inputs_missing`` and
lowers the count. A threshold votes only when strictly passed by the reading as printed.

Windows: a month is 21 sessions, a week 5, a year 252.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from newsletter.analysis.agreement import Direction, agreement
from newsletter.analysis.breadth import breadth
from newsletter.analysis.gamma import GammaExposure
from newsletter.analysis.history import NotEnoughData
from newsletter.analysis.indicators import rsi
from newsletter.analysis.periods import week_start
from newsletter.analysis.relative_strength import window_returns
from newsletter.analysis.vix_level import vix_level
from newsletter.rounding import signed, signed_percent

MONTH, WEEK, YEAR = 21, 5, 252
RATES_BP = 25
"""The 10-year yield (^TNX) moving more than this many basis points in a month, as printed, votes:
rising down, falling up. Basis points, as the recap says the yield's week."""
DOLLAR_PCT = 2.0
"""The dollar index moving more than this % in a month votes: rising down, falling up."""
OIL_PCT = 10.0
"""Crude moving more than this % in a month votes: a spike down, a slide up."""
VIX_WEEK_PCT = 20.0
"""The VIX rising more than this % in a week votes down; falling more than this % up."""
BACKWARDATION, CONTANGO = 1.0, 0.9
"""VIX / VIX3M over 1.0 (backwardation) votes down, under 0.9 (steep contango) up; as printed."""
CREDIT_POINTS = 1.0
"""HYG beating LQD by more than this many points in a month votes up, lagging down."""
BREADTH_UP, BREADTH_DOWN = 60.0, 40.0
"""% of the watchlist above its 200-day: over 60 up, under 40 down."""
MIN_BREADTH_NAMES = 5
ROTATION_POINTS = 2.0
"""IWM vs SPY, offensive vs defensive sectors: a one-month spread past ±2 points votes."""
RSI_HIGH, RSI_LOW = 70.0, 30.0
"""The index's 14-day RSI over 70 (crowded long) votes down, under 30 (capitulation) up."""
VIX_RANGE_LOW, VIX_RANGE_HIGH = 10.0, 90.0
"""% of its 1-year range: the VIX in the bottom 10 (complacency) votes down, the top 10 (fear) up."""
STRETCH_HIGH, STRETCH_LOW = 95.0, 5.0
"""The index's distance from its 200-day over the 95th percentile of its own history votes down,
under the 5th up."""
MIN_STRETCH_HISTORY = YEAR


@dataclass(frozen=True)
class Signal:
    """One input's vote and the reading that decided it."""

    name: str
    vote: int
    reading: str


@dataclass(frozen=True)
class LensRead:
    name: str
    direction: Direction
    confidence: float
    """The agreement of the inputs read: ``(agreeing + 1) / (inputs + 2)``."""
    reasons: tuple[str, ...]
    """Each input's reading, the ones agreeing with the direction first."""
    inputs_used: tuple[str, ...]
    inputs_missing: tuple[str, ...]
    signals: tuple[Signal, ...] = ()
    agree: tuple[str, ...] = ()
    """The inputs voting the direction (for "flat", the larger side)."""

    @property
    def ups(self) -> int:
        return sum(s.vote > 0 for s in self.signals)

    @property
    def downs(self) -> int:
        return sum(s.vote < 0 for s in self.signals)

    @property
    def neither(self) -> int:
        return sum(s.vote == 0 for s in self.signals)


def bar_vote(value: float, up_over: float | None = None, down_over: float | None = None,
             up_under: float | None = None, down_under: float | None = None,
             shown: int | None = None) -> int:
    value = value if shown is None else round(value, shown)
    if (up_over is not None and value > up_over) or (up_under is not None and value < up_under):
        return 1
    if (down_over is not None and value > down_over) or (down_under is not None and value < down_under):
        return -1
    return 0


def _last(series: pd.Series | None, need: int) -> pd.Series | None:
    if series is None:
        return None
    s = series.dropna()
    return s if len(s) >= need else None


def read_lens(name: str, readers: Sequence[tuple[str, Callable[[], Signal | None]]]) -> LensRead:
    """Run each named reader; those returning None are missing. The lens is their agreement."""
    signals, missing = [], []
    for input_name, reader in readers:
        signal = reader()
        if signal is None:
            missing.append(input_name)
        else:
            signals.append(signal)
    a = agreement([(s.name, s.vote) for s in signals])
    first = [s for s in signals if s.name in a.agree]
    reasons = tuple(s.reading for s in first + [s for s in signals if s not in first])
    return LensRead(name, a.direction, a.confidence, reasons, tuple(s.name for s in signals),
                    tuple(missing), tuple(signals), a.agree)


def _rates(tnx: pd.Series | None) -> Signal | None:
    s = _last(tnx, MONTH + 1)
    if s is None:
        return None
    change_bp = float(s.iloc[-1] - s.iloc[-1 - MONTH]) * 100.0
    return Signal("rates", bar_vote(change_bp, up_under=-RATES_BP, down_over=RATES_BP, shown=0),
                  f"10-year yield {s.iloc[-1]:.2f}%, {signed(change_bp, 0)} bp in a month")


def _monthly_move(name: str, label: str, threshold: float) -> Callable[[pd.Series | None], Signal | None]:
    def read(series: pd.Series | None) -> Signal | None:
        s = _last(series, MONTH + 1)
        if s is None:
            return None
        move = float((s.iloc[-1] / s.iloc[-1 - MONTH] - 1.0) * 100.0)
        return Signal(name, bar_vote(move, up_under=-threshold, down_over=threshold, shown=1),
                      f"{label} {signed_percent(move)} in a month")
    return read


def _vix_level(vix: pd.Series | None) -> Signal | None:
    s = _last(vix, MONTH)
    if s is None:
        return None
    level = vix_level(s)
    return Signal("VIX level", level.vote, level.reading)


def _vix_change(vix: pd.Series | None) -> Signal | None:
    """The VIX on the issue's week, as the recap measures it (five sessions back read "VIX -7%
    in a week" beside the recap's -17.3%, the holiday week to 2016-01-22)."""
    s = _last(vix, WEEK + 1)
    base = week_start(s.index) if s is not None else None
    if s is None or base is None:
        return None
    move = float((s.iloc[-1] / s.iloc[base] - 1.0) * 100.0)
    return Signal("VIX change", bar_vote(move, up_under=-VIX_WEEK_PCT, down_over=VIX_WEEK_PCT, shown=1),
                  f"VIX {signed_percent(move)} in a week")


def _term(vix: pd.Series | None, vix3m: pd.Series | None) -> Signal | None:
    a, b = _last(vix, 1), _last(vix3m, 1)
    if a is None or b is None:
        return None
    ratio = float(a.iloc[-1] / b.iloc[-1])
    shape = "backwardation" if round(ratio, 2) > 1 else "contango" if round(ratio, 2) < 1 else "flat"
    return Signal("VIX term structure", bar_vote(ratio, up_under=CONTANGO, down_over=BACKWARDATION, shown=2),
                  f"VIX/VIX3M {ratio:.2f} ({shape})")


def _spread(name: str, first_label: str, second_label: str, threshold: float
            ) -> Callable[[pd.Series | None, pd.Series | None], Signal | None]:
    def read(first: pd.Series | None, second: pd.Series | None) -> Signal | None:
        if first is None or second is None:
            return None
        try:  # the month and the spread as printed, as the Rotation Play and the Regime Read read them
            spread = window_returns(first, second, ("1m",), MONTH + 1).spreads["1m"]
        except NotEnoughData:
            return None
        return Signal(name, bar_vote(spread, up_over=threshold, down_under=-threshold, shown=1),
                      f"{first_label} vs {second_label} {signed(spread)} points over a month")
    return read


def macro_lens(tnx: pd.Series | None = None, dollar: pd.Series | None = None,
               oil: pd.Series | None = None, vix: pd.Series | None = None,
               vix3m: pd.Series | None = None, hyg: pd.Series | None = None,
               lqd: pd.Series | None = None) -> LensRead:
    """Rates, the dollar, oil, the VIX's level, change and term structure, credit (daily closes)."""
    return read_lens("macro", [
        ("rates (^TNX)", lambda: _rates(tnx)),
        ("dollar (DX-Y.NYB)", lambda: _monthly_move("dollar", "dollar index", DOLLAR_PCT)(dollar)),
        ("oil (CL=F)", lambda: _monthly_move("oil", "crude", OIL_PCT)(oil)),
        ("VIX level (^VIX)", lambda: _vix_level(vix)),
        ("VIX change (^VIX)", lambda: _vix_change(vix)),
        ("VIX term structure (^VIX3M)", lambda: _term(vix, vix3m)),
        ("credit (HYG/LQD)", lambda: _spread("credit", "HYG", "LQD", CREDIT_POINTS)(hyg, lqd)),
    ])


def _breadth(universe: pd.DataFrame | None, name: str | None = None) -> Signal | None:
    if universe is None:
        return None
    try:
        b = breadth(universe)
    except NotEnoughData:
        return None
    if b.n_200d < MIN_BREADTH_NAMES:
        return None
    pct = b.pct_above_200d
    who = name or f"{b.n_200d} names"
    return Signal("breadth", bar_vote(pct, up_over=BREADTH_UP, down_under=BREADTH_DOWN, shown=0),
                  f"{pct:.0f}% of {who} above their 200-day")


def _gamma(gamma: GammaExposure | None) -> Signal | None:
    if gamma is None:
        return None
    return Signal("dealer gamma", 1 if gamma.regime == "positive" else -1, gamma.regime_text)


BREADTH_INPUT = "breadth (the breadth universe)"
"""The flow lens's breadth input: the members of ``breadth.universe`` the data has, the one
population every breadth figure in an issue is measured over."""


def flow_lens(universe: pd.DataFrame | None = None, iwm: pd.Series | None = None,
              spy: pd.Series | None = None, offense: pd.Series | None = None,
              defense: pd.Series | None = None, gamma: GammaExposure | None = None,
              universe_name: str | None = None) -> LensRead:
    """Breadth (a wide frame of the breadth universe's closes, ``universe_name`` as the Breadth
    section names it), size rotation (IWM vs SPY), sector rotation (an offensive basket vs a
    defensive one) and dealer gamma when a chain was read."""
    return read_lens("flow", [
        (BREADTH_INPUT, lambda: _breadth(universe, universe_name)),
        ("size rotation (IWM/SPY)", lambda: _spread("size", "IWM", "SPY", ROTATION_POINTS)(iwm, spy)),
        ("sector rotation (offense/defense)",
         lambda: _spread("sectors", "offensive sectors", "defensive sectors", ROTATION_POINTS)(
             offense, defense)),
        ("dealer gamma (option chain)", lambda: _gamma(gamma)),
    ])


def _rsi(index: pd.Series | None, label: str) -> Signal | None:
    s = _last(index, 15)
    if s is None:
        return None
    value = float(rsi(s).iloc[-1])
    if not np.isfinite(value):
        return None
    return Signal("RSI", bar_vote(value, up_under=RSI_LOW, down_over=RSI_HIGH, shown=1), f"{label} RSI(14) {value:.1f}")


def _vix_range(vix: pd.Series | None) -> Signal | None:
    s = _last(vix, MONTH)
    if s is None:
        return None
    s = s.iloc[-YEAR:]
    low, high, last = float(s.min()), float(s.max()), float(s.iloc[-1])
    if high <= low:
        return None
    where = (last - low) / (high - low) * 100
    return Signal("VIX extreme", bar_vote(where, up_over=VIX_RANGE_HIGH, down_under=VIX_RANGE_LOW, shown=1),
                  f"VIX {last:.1f} at {where:.1f}% of its 1-year range, {low:.1f} to {high:.1f}")


def _stretch(index: pd.Series | None, label: str) -> Signal | None:
    s = _last(index, 200 + MIN_STRETCH_HISTORY)
    if s is None:
        return None
    distance = (s / s.rolling(200).mean() - 1.0).dropna()
    last = float(distance.iloc[-1])
    rank = float((distance < last).mean() * 100.0)
    return Signal("stretch", bar_vote(rank, up_under=STRETCH_LOW, down_over=STRETCH_HIGH, shown=1),
                  f"{label} {signed_percent(last * 100)} from its 200-day, "
                  f"percentile {rank:.1f} of {len(distance)} sessions")


def contrarian_lens(index: pd.Series | None = None, vix: pd.Series | None = None,
                    label: str = "the index") -> LensRead:
    """Crowding and extremes on the index (daily closes): RSI, the VIX within its 1-year range,
    the distance from the 200-day against its own history. Extremes vote against the crowd."""
    return read_lens("contrarian", [
        ("RSI (index)", lambda: _rsi(index, label)),
        ("VIX extreme (^VIX)", lambda: _vix_range(vix)),
        ("stretch from the 200-day (index)", lambda: _stretch(index, label)),
    ])
