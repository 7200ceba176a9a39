"""🧭 Regime read (seed 003): which independent signals agree, how sure that makes us, one call.

Each component votes risk-on, risk-off or neutral on its figure as printed beside
its dot, against the bar 🧩 Three Minds reads the same figure by (one definition:
"IWM vs SPY +1.0 points over a month" is no lean in either section, where this one
had voted it risk-on from 0.4 points): breadth over 60% / under 40% of the names
above their 200-day, the VIX under 0.85x / over 1.2x its 1-year median, size and
defensives past 2 points in a month (the rotation bar), credit past 1 point (the
credit bar). Each is also scaled to [-1, 1] (positive = risk-on) for the average
shown beside the read, which never decides (one clipped +1 cannot outvote two
reds). The label is the side a strict majority of all the signals votes for,
else "mixed". The
confidence is the agreement, not a size: ``(agreeing + 1) / (signals + 2)``
(Laplace's rule of succession), so three of three agreeing reads 0.80, never
1.00, however far past the clip each score is. The call, when the agreement is
enough, is a trade plan on SPY checked like every other (newsletter/trade_plan.py), and its
text states the confidence (``confidence_text``) for the replay's calibration.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from newsletter.analysis.agreement import agreement
from newsletter.analysis.breadth import breadth
from newsletter.analysis.history import NotEnoughData
from newsletter.analysis.indicators import atr
from newsletter.analysis.lenses import (
    BREADTH_DOWN,
    BREADTH_UP,
    CREDIT_POINTS,
    ROTATION_POINTS,
    bar_vote,
)
from newsletter.analysis.relative_strength import window_returns
from newsletter.analysis.universe import wide
from newsletter.analysis.vix_level import vix_level
from newsletter.display import signed
from newsletter.model import Call, Section
from newsletter.sections.base import Built, Context, SectionDataMissing
from newsletter.sections.breadth import members_present
from newsletter.trade_plan import TradePlan, confidence_text, plan

KEY, EMOJI, TITLE = "regime", "🧭", "Regime Read"
MIN_CONFIDENCE = 0.6
"""Two of three signals, three of four, three of five: the least agreement that makes a call."""
HORIZON_DAYS = 12
TRIGGER_ATRS, STOP_ATRS, TARGET_ATRS = 0.25, 1.0, 3.0
"""The call's measured levels from the last close, in 14-day ATRs."""
SETUP = "regime"
LABELS = {"up": "risk-on", "down": "risk-off", "flat": "mixed"}


TICKERS = ("SPY", "^VIX", "IWM", "HYG", "IEF", "XLU", "XLP")
"""Every ticker the regime read's components use (credit HYG/IEF, size IWM/SPY, defensives XLU and
XLP against SPY, volatility ^VIX), whatever the watchlists: fetched when the section is on."""


@dataclass(frozen=True)
class Component:
    name: str
    score: float
    """Scaled to [-1, 1] for the average shown beside the read; it never votes."""
    reading: str
    """What was measured, with its number, e.g. "62% of 40 names above their 200-day"."""
    vote: int
    """+1 risk-on, -1 risk-off, 0 neutral: the reading as printed against its bar."""


@dataclass(frozen=True)
class Read:
    """The vote of the components: the label, who agrees with it, who does not."""

    label: str
    confidence: float
    """``(agreeing + 1) / (signals + 2)``; for "mixed", of the larger side."""
    agree: tuple[str, ...]
    disagree: tuple[str, ...]
    """Components voting the other way."""
    neutral: tuple[str, ...]


@dataclass(frozen=True)
class RegimeData:
    label: str
    score: float
    """The components' mean, shown for context; the label comes from the vote."""
    confidence: float
    read: Read
    components: tuple[Component, ...]
    plan: TradePlan | None
    call: Call | None

    @property
    def agreeing(self) -> int:
        return len(self.read.agree)

    @property
    def measured_levels(self) -> str:
        """The rule the call's levels were measured by, in ATRs from the last close: "trigger
        0.25, stop 1, target 3". The levels' own distances are rounded to the cent, so their ratio
        to the ATR would print float noise ("1.25004 ATR of risk")."""
        return f"trigger {TRIGGER_ATRS:g}, stop {STOP_ATRS:g}, target {TARGET_ATRS:g}"


def read_components(components: list[Component] | tuple[Component, ...]) -> Read:
    """The label a strict majority of the components votes for, and its agreement
    (the shared rule of :func:`newsletter.analysis.agreement.agreement`)."""
    a = agreement([(c.name, c.vote) for c in components])
    return Read(LABELS[a.direction], a.confidence, a.agree, a.disagree, a.neutral)


def _clip(x: float) -> float:
    return float(np.clip(x, -1.0, 1.0))


def _spread_component(name: str, spread: float, reading: str, bar: float, sign: float) -> Component:
    """A one-month spread (in points, as printed) past ``bar`` votes ``sign`` × its own sign."""
    return Component(name, _clip(sign * spread / 4.0), reading,
                     int(sign) * bar_vote(spread, up_over=bar, down_under=-bar, shown=1))


def _components(ctx: Context) -> list[Component]:
    out: list[Component] = []
    universe, members = members_present(ctx)
    if len(members) >= 5:
        try:
            b = breadth(wide({t: ctx.snapshot.bars[t] for t in members}))
            pct = round(b.pct_above_200d, 0)  # every signal reads the figure it prints
            out.append(Component("breadth", _clip((pct - 50.0) / 30.0),
                                 f"{pct:.0f}% of {universe.name} above their 200-day",
                                 bar_vote(pct, up_over=BREADTH_UP, down_under=BREADTH_DOWN)))
        except NotEnoughData:
            pass
    if ctx.snapshot.has("^VIX"):
        level = vix_level(ctx.bars("^VIX")["Close"])  # Three Minds' reading and bar, one definition
        out.append(Component("volatility", _clip(-(level.last / level.median - 1.0) / 0.4),
                             level.reading, level.vote))
    for name, first, second, bar in (("credit", "HYG", "IEF", CREDIT_POINTS),
                                     ("size", "IWM", "SPY", ROTATION_POINTS)):
        if ctx.snapshot.has(first) and ctx.snapshot.has(second):
            try:
                spread = window_returns(ctx.bars(first)["Close"], ctx.bars(second)["Close"],
                                        windows=("1m",)).spreads["1m"]
            except NotEnoughData:
                continue
            out.append(_spread_component(name, spread, f"{first} vs {second} {signed(spread)} points "
                                                       "over a month", bar, 1.0))
    defensive = ctx.available(["XLU", "XLP"])
    if defensive and ctx.snapshot.has("SPY"):
        closes = pd.concat([ctx.bars(t)["Close"] for t in defensive], axis=1).dropna()
        basket = closes.div(closes.iloc[0]).mean(axis=1)
        try:
            spread = window_returns(basket, ctx.bars("SPY")["Close"], windows=("1m",)).spreads["1m"]
            out.append(_spread_component("defensives", spread, f"{'+'.join(defensive)} vs SPY "
                                         f"{signed(spread)} points over a month", ROTATION_POINTS, -1.0))
        except NotEnoughData:
            pass
    return out


def measured_plan(ctx: Context, long: bool, setup: str, ticker: str = "SPY",
                  origin: str = KEY) -> TradePlan | None:
    """A plan on ``ticker`` measured from its last close in 14-day ATRs (TRIGGER_ATRS, STOP_ATRS,
    TARGET_ATRS), HORIZON_DAYS after the issue, checked by :func:`plan` and against the setup's
    replayed record (:meth:`Context.record_checked`, for the section ``origin``); None without
    the data."""
    if not ctx.snapshot.has(ticker):
        return None
    bars = ctx.bars(ticker)
    try:
        a = float(atr(bars).iloc[-1])
    except NotEnoughData:
        return None
    close = float(bars["Close"].iloc[-1])
    sign = 1.0 if long else -1.0
    return ctx.record_checked(plan(ticker, "long" if long else "short",
                                   close + sign * TRIGGER_ATRS * a, close - sign * STOP_ATRS * a,
                                   close + sign * TARGET_ATRS * a,
                                   ctx.issue_date + dt.timedelta(days=HORIZON_DAYS), close, a,
                                   ctx.config.calls, setup=setup), origin)


MIN_SIGNALS = 3
"""Fewer signals than this make no read: two cannot out-vote each other meaningfully."""
NEEDS = {"breadth": "breadth needs 5 or more of its member stocks", "volatility": "volatility needs ^VIX",
         "credit": "credit needs HYG and IEF", "size": "size needs IWM and SPY",
         "defensives": "defensives need SPY and one of XLU and XLP"}
"""What each signal needs from the data, for the one line that says why there is no read."""


def build(ctx: Context) -> Built | None:
    components = _components(ctx)
    if len(components) < MIN_SIGNALS:
        have = [c.name for c in components]
        missing = [why for name, why in NEEDS.items() if name not in have]
        raise SectionDataMissing(
            f"it reads at least {MIN_SIGNALS} signals and the data gives {len(have)}"
            f"{' (' + ', '.join(have) + ')' if have else ''}; {', '.join(missing)}")
    score = float(np.mean([c.score for c in components]))
    read = read_components(components)
    checked = (measured_plan(ctx, read.label == "risk-on", SETUP) if read.label != "mixed" and read.confidence >= MIN_CONFIDENCE
               else None)
    call = None
    if checked is not None and checked.ok:
        verb = "over" if checked.direction == "long" else "under"
        call = checked.call(f"{ctx.issue_date.isoformat()}-{KEY}-SPY", KEY, ctx.issue_date,
                            f"regime {read.label}, {confidence_text(read.confidence)}: a close "
                            f"{verb} {checked.trigger:,.2f} opens {checked.target:,.2f}")
    data = RegimeData(read.label, score, read.confidence, read, tuple(components), checked, call)
    section = Section(key=KEY, emoji=EMOJI, title=TITLE, data=data,
                      commentary=ctx.notes.commentary.get(KEY, ""))
    return Built(section=section, calls=(call,) if call else ())
