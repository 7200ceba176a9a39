"""💡 Sentiment Top watch: leaders that gapped up on earnings and stalled, and what came next."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from newsletter.analysis.conditions import leader_gap_and_fade
from newsletter.analysis.earnings import GapFade, gap_and_fade
from newsletter.analysis.event_study import HorizonResult, event_study
from newsletter.analysis.history import NotEnoughData
from newsletter.model import Section
from newsletter.sections.base import Built, Context, Signal

KEY, EMOJI, TITLE = "sentiment", "💡", "Sentiment Top?"
NUMBERED = True
RECENT_SESSIONS = 15
INDEX = "QQQ"
HORIZON = 10


@dataclass(frozen=True)
class Stall:
    ticker: str
    gap: GapFade
    index: str
    history: HorizonResult | None
    """What the index did over the next HORIZON sessions after this name's past stalls."""
    followers: tuple[str, ...]


@dataclass(frozen=True)
class SentimentData:
    stalls: tuple[Stall, ...]

    @property
    def count(self) -> int:
        return len(self.stalls)


def _recent(gap: GapFade, bars_index, asof: dt.date) -> bool:
    sessions = bars_index[bars_index > str(gap.date)]
    return len(sessions) <= RECENT_SESSIONS and gap.date <= asof


def build(ctx: Context) -> Built | None:
    index = INDEX if ctx.snapshot.has(INDEX) else "SPY"
    stalls = []
    for ticker in ctx.available(ctx.config.watchlists.sentiment):
        if ctx.notes.hidden(KEY, ticker):
            continue
        dates = ctx.snapshot.earnings.get(ticker, ())
        if not dates:
            continue
        bars = ctx.bars(ticker)
        try:
            gap = gap_and_fade(bars, dates)
        except NotEnoughData:
            continue
        if gap is None or gap.from_high_pct >= 0 or not _recent(gap, bars.index, ctx.snapshot.asof):
            continue
        history = None
        if ctx.snapshot.has(index):
            past = [d for d in dates if d < gap.earnings_date]
            condition = leader_gap_and_fade(bars, past)
            try:
                study = event_study(condition, ctx.bars(index)["Close"], horizons=(HORIZON,),
                                    counting="episodes")
                history = study.at(HORIZON)
            except NotEnoughData:
                history = None
        # the other leaders the author watches: a fading leader tends to drag its peers
        followers = tuple(t for t in ctx.available(ctx.config.watchlists.sentiment) if t != ticker)[:2]
        stalls.append(Stall(ticker, gap, index, history, followers))
    if not stalls:
        return None
    stalls.sort(key=lambda s: s.gap.from_high_pct)
    stalls = stalls[:2]
    top = stalls[0]
    signals = (Signal(1.5 + abs(top.gap.from_high_pct) / 4.0, f"${top.ticker} Stalls After Earnings",
                      f"${top.ticker} blew out earnings and then stalled."),)
    section = Section(key=KEY, emoji=EMOJI, title=TITLE, data=SentimentData(tuple(stalls)),
                      commentary=ctx.notes.commentary.get(KEY, ""))
    return Built(section=section, signals=signals)
