"""📌 Breakdown Watch: watchlist names rejected at or broken below the 200-day or support.

Each pick carries the options walls around the price, the level that cracks
the setup and the target below it, and makes a short Call for the ledger.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from newsletter.analysis.breakdown import (
    MomentumCrack,
    Rejection,
    SupportBreak,
    broke_support,
    momentum_cracks,
    rejected_at_200d,
)
from newsletter.analysis.history import NotEnoughData
from newsletter.analysis.indicators import atr, rsi, sma
from newsletter.analysis.levels import support_resistance
from newsletter.analysis.options_positioning import OptionsPositioning, options_positioning
from newsletter.model import Call, Section
from newsletter.sections.base import Built, ChartRequest, Context, Signal

KEY, EMOJI, TITLE = "breakdown", "📌", "Breakdown Watch"
NUMBERED = True
MAX_PICKS = 2
HORIZON_DAYS = 26  # four weeks after the Sunday issue, a Friday


@dataclass(frozen=True)
class Pick:
    ticker: str
    close: float
    sma50: float
    sma200: float
    below_200d_pct: float
    rsi14: float
    rejection: Rejection | None
    support_break: SupportBreak | None
    cracks: tuple[MomentumCrack, ...]
    support: float | None
    options: OptionsPositioning | None
    trigger: float
    target: float
    target_source: str
    stop: float
    score: float
    call: Call


@dataclass(frozen=True)
class BreakdownData:
    picks: tuple[Pick, ...]
    skipped: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.picks)


def _levels(close: float, support: float | None, options: OptionsPositioning | None,
            atr14: float) -> tuple[float, float, str] | None:
    """Trigger (the crack level) and target under the price, or None when no level qualifies."""
    if options is not None and options.crack_level is not None and options.target is not None:
        if options.target < options.crack_level < close:
            return options.crack_level, options.target, f"the next {options.target_source}"
    if support is not None and support < close:
        return support, support - 2.0 * atr14, "two ATRs under support"
    return None


def setup_label(rejections, breaks) -> str:
    """The setup a pick stands on, strongest first: what the replay's record is kept by."""
    return ("rejection at the 200-day" if rejections else "support break" if breaks
            else "momentum crack")


def _pick(ctx: Context, ticker: str) -> Pick | None:
    bars = ctx.bars(ticker)
    close_s = bars["Close"]
    rejections = rejected_at_200d(bars, within=5)
    breaks = broke_support(bars, within=5)
    latest = {c.kind: c for c in momentum_cracks(close_s, within=5)}
    cracks = tuple(sorted(latest.values(), key=lambda c: c.date))
    close = float(close_s.iloc[-1])
    sma200 = float(sma(close_s, 200).iloc[-1])
    sma50 = float(sma(close_s, 50).iloc[-1])
    below = (close / sma200 - 1.0) * 100.0
    # a support break only matters when the trend is already weak: under the 50-day or cracking
    breaks = breaks if (close < sma50 or cracks) else ()
    score = 3.0 * bool(rejections) + 2.0 * bool(breaks) + 1.0 * (close < sma200) + 0.5 * len(cracks)
    if not (rejections or breaks or (close < sma200 and cracks)):
        return None
    sr = support_resistance(bars)
    chain = ctx.snapshot.options.get(ticker)
    options = None
    if chain is not None:
        try:
            supports = [s for s in (sr.support,) if s is not None]
            options = options_positioning(chain, close, ctx.snapshot.asof, supports=supports)
        except NotEnoughData:
            options = None
    atr14 = float(atr(bars).iloc[-1])
    levels = _levels(close, sr.support, options, atr14)
    if levels is None:
        return None
    trigger, target, source = levels
    stop = max(sma200, rejections[-1].high if rejections else sma200)
    if stop <= close:
        stop = close + 2.0 * atr14
    horizon = ctx.issue_date + dt.timedelta(days=HORIZON_DAYS)
    call = Call(id=f"{ctx.issue_date.isoformat()}-{KEY}-{ticker}", ticker=ticker, direction="short",
                trigger=round(trigger, 2), target=round(target, 2), stop=round(stop, 2),
                horizon=horizon, origin=KEY, made_on=ctx.issue_date,
                text=f"closes below {trigger:,.2f}, target {target:,.2f}, stop {stop:,.2f}",
                setup=setup_label(rejections, breaks))
    return Pick(ticker, close, sma50, sma200, below, float(rsi(close_s).iloc[-1]),
                rejections[-1] if rejections else None, breaks[-1] if breaks else None, cracks,
                sr.support, options, trigger, target, source, stop, score, call)


def build(ctx: Context) -> Built | None:
    names = [t for t in dict.fromkeys([*ctx.config.watchlists.breakdown, *ctx.notes.watch])
             if not ctx.notes.hidden(KEY, t)]
    picks, skipped = [], []
    for ticker in names:
        if not ctx.snapshot.has(ticker):
            skipped.append(f"{ticker} (no data)")
            continue
        try:
            pick = _pick(ctx, ticker)
        except NotEnoughData as exc:
            skipped.append(f"{ticker} ({exc})")
            continue
        if pick is not None:
            picks.append(pick)
    picks.sort(key=lambda p: (-p.score, p.below_200d_pct))
    picks = picks[:MAX_PICKS]
    if not picks:
        return None
    charts = []
    for p in picks:
        levels = [("trigger", p.trigger), ("target", p.target), ("stop", p.stop)]
        if p.options is not None:
            levels += [("put wall", p.options.put_wall), ("call wall", p.options.call_wall)]
        charts.append(ChartRequest(
            name=f"breakdown_{p.ticker.lower()}", kind="candles",
            inputs={"ticker": p.ticker, "levels": [(k, v) for k, v in levels if v is not None]}))
        if p.options is not None:
            charts.append(ChartRequest(
                name=f"options_{p.ticker.lower()}", kind="open_interest",
                inputs={"ticker": p.ticker, "price": p.close,
                        "put_wall": p.options.put_wall, "call_wall": p.options.call_wall}))
    top = picks[0]
    what = "Rejected at the 200-Day" if top.rejection else "Cracking Support"
    signals = (Signal(2.0 + top.score / 2.0, f"${top.ticker} {what}",
                      f"${top.ticker} looks ready to break."),)
    data = BreakdownData(tuple(picks), tuple(skipped))
    section = Section(key=KEY, emoji=EMOJI, title=TITLE, data=data,
                      commentary=ctx.notes.commentary.get(KEY, ""))
    return Built(section=section, calls=tuple(p.call for p in picks), charts=tuple(charts),
                 signals=signals)
