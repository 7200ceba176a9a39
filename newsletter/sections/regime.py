"""🧭 Regime read (seed 003): a risk-on / risk-off score, its confidence, at most one call.

Each component is scaled to [-1, 1] (positive = risk-on). The score is their
mean; the confidence is the score's size times the share of components that
agree with its sign, so five weak, split signals never read as conviction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from newsletter.analysis.breadth import breadth
from newsletter.analysis.history import NotEnoughData
from newsletter.analysis.indicators import atr
from newsletter.analysis.relative_strength import relative_strength
from newsletter.analysis.universe import wide
from newsletter.model import Call, Section
from newsletter.sections.base import Built, Context

KEY, EMOJI, TITLE = "regime", "🧭", "Regime Read"
THRESHOLD = 0.15
MIN_CONFIDENCE = 0.25
HORIZON_DAYS = 12


@dataclass(frozen=True)
class Component:
    name: str
    score: float
    reading: str
    """What was measured, with its number, e.g. "62% of 40 names above their 200-day"."""


@dataclass(frozen=True)
class RegimeData:
    label: str
    score: float
    confidence: float
    agreeing: int
    components: tuple[Component, ...]
    call: Call | None


def _clip(x: float) -> float:
    return float(np.clip(x, -1.0, 1.0))


def _components(ctx: Context) -> list[Component]:
    out: list[Component] = []
    universe = [t for t in ctx.snapshot.bars if not t.startswith("^") and "=" not in t and "-" not in t]
    if len(universe) >= 5:
        try:
            b = breadth(wide({t: ctx.snapshot.bars[t] for t in universe}))
            pct = b.pct_above_200d
            out.append(Component("breadth", _clip((pct - 50.0) / 30.0),
                                 f"{pct:.0f}% of {b.n_200d} names above their 200-day"))
        except NotEnoughData:
            pass
    if ctx.snapshot.has("^VIX"):
        vix = ctx.bars("^VIX")["Close"].iloc[-252:]
        median = float(vix.median())
        last = float(vix.iloc[-1])
        out.append(Component("volatility", _clip(-(last / median - 1.0) / 0.4),
                             f"VIX {last:.1f} against a 1-year median of {median:.1f}"))
    for name, first, second, sign in (("credit", "HYG", "IEF", 1.0), ("size", "IWM", "SPY", 1.0)):
        if ctx.snapshot.has(first) and ctx.snapshot.has(second):
            try:
                spread = relative_strength(ctx.bars(first)["Close"], ctx.bars(second)["Close"],
                                           windows=("1m",)).spreads["1m"]
            except NotEnoughData:
                continue
            out.append(Component(name, _clip(sign * spread / 4.0),
                                 f"{first} vs {second} {spread:+.1f} points over a month"))
    defensive = ctx.available(["XLU", "XLP"])
    if defensive and ctx.snapshot.has("SPY"):
        closes = pd.concat([ctx.bars(t)["Close"] for t in defensive], axis=1).dropna()
        basket = closes.div(closes.iloc[0]).mean(axis=1)
        try:
            spread = relative_strength(basket, ctx.bars("SPY")["Close"], windows=("1m",)).spreads["1m"]
            out.append(Component("defensives", _clip(-spread / 4.0),
                                 f"{'+'.join(defensive)} vs SPY {spread:+.1f} points over a month"))
        except NotEnoughData:
            pass
    return out


def _call(ctx: Context, label: str) -> Call | None:
    if not ctx.snapshot.has("SPY"):
        return None
    bars = ctx.bars("SPY")
    close, a = float(bars["Close"].iloc[-1]), float(atr(bars).iloc[-1])
    long = label == "risk-on"
    sign = 1.0 if long else -1.0
    trigger = round(close + sign * 0.25 * a, 2)
    target = round(close + sign * 2.0 * a, 2)
    stop = round(close - sign * 1.5 * a, 2)
    horizon = ctx.issue_date + dt.timedelta(days=HORIZON_DAYS)
    return Call(id=f"{ctx.issue_date.isoformat()}-{KEY}-SPY", ticker="SPY",
                direction="long" if long else "short", trigger=trigger, target=target, stop=stop,
                horizon=horizon, origin=KEY, made_on=ctx.issue_date, setup=f"regime {label}",
                text=f"regime {label}: a close {'over' if long else 'under'} {trigger:,.2f} opens {target:,.2f}")


def build(ctx: Context) -> Built | None:
    components = _components(ctx)
    if len(components) < 3:
        return None
    score = float(np.mean([c.score for c in components]))
    label = "risk-on" if score > THRESHOLD else "risk-off" if score < -THRESHOLD else "mixed"
    agreeing = sum(1 for c in components if np.sign(c.score) == np.sign(score) and c.score != 0)
    confidence = abs(score) * agreeing / len(components)
    call = _call(ctx, label) if label != "mixed" and confidence >= MIN_CONFIDENCE else None
    data = RegimeData(label, score, confidence, agreeing, tuple(components), call)
    section = Section(key=KEY, emoji=EMOJI, title=TITLE, data=data,
                      commentary=ctx.notes.commentary.get(KEY, ""))
    return Built(section=section, calls=(call,) if call else ())
