"""💡 Sentiment Top watch: leaders that gapped up on earnings and stalled, and what came next."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from newsletter.analysis.close_records import CloseRecord, close_record
from newsletter.analysis.conditions import leader_gap_and_fade
from newsletter.analysis.earnings import GapFade, earnings_gaps, gap_and_fade
from newsletter.analysis.event_study import (
    MIN_INDEPENDENT,
    HorizonResult,
    event_study,
    interval_verdict,
)
from newsletter.analysis.history import NotEnoughData, as_date
from newsletter.analysis.peers import tracking, tracking_peers
from newsletter.analysis.periods import SESSIONS_PER_MONTH, week_base_date
from newsletter.display import name, price
from newsletter.model import Section
from newsletter.rounding import as_printed
from newsletter.sections.base import (
    Built,
    Context,
    NothingQualified,
    SectionDataMissing,
    Signal,
    missing_data,
)
from newsletter.sections.recap import PLUNGE_PCT, record_tail

KEY, EMOJI, TITLE = "sentiment", "💡", "Sentiment Top?"
NUMBERED = True
RECENT_SESSIONS = SESSIONS_PER_MONTH
"""A stall counts while its reaction session is at most a month (21 sessions) old."""
INDEX = "QQQ"
HORIZON = 10


def history_reading(history: HorizonResult, index: str,
                    names: Mapping[str, str] | None = None) -> str:
    """Whether the index's record after the earlier stalls backs a top, read from its interval
    against the all-days figure (as printed, two decimals): the section is titled "Sentiment
    Top?", so history that says the opposite must say so. Without an interval (too few stalls
    whose windows do not overlap) it is not read either way."""
    who = name(index, names)
    # the interval (printed beside the mean) decides, as in the Historical Edge
    verdict = interval_verdict(history)
    if verdict == "edge":
        return (f"History does not back a top: {who} did better than usual after them, the "
                "whole interval over the all-days figure.")
    if verdict == "drag":
        return (f"History backs the worry: {who} did worse than usual after them, the whole "
                "interval under the all-days figure.")
    if verdict == "none":
        return "History is no guide either way: the interval takes in the all-days figure."
    # no interval: too few stalls whose windows do not overlap for one to mean its 90%
    # (event_study.MIN_INDEPENDENT); a mean from a handful of cases is not read either way
    return (f"Too few separate cases to read either way ({_count_words(history.independent)} "
            f"that do not overlap; an interval needs {MIN_INDEPENDENT}).")


def _count_words(independent: int) -> str:
    return "none" if independent == 0 else f"only {independent}"


FADE_PCT = 10.0
"""From this far under the reaction high (as printed, one decimal) a stall is a fade."""


def stall_kind(gap: GapFade) -> Literal["filled", "fade", "stall"]:
    """What followed the gap, by size: a filled gap was given back, a fall of :data:`FADE_PCT`
    or more from the reaction high (as printed) is a fade, anything less a stall. The headline
    and the section's own sentence both read it, so they say the same thing. A gap is given back
    while the last close is at or under the pre-gap close: one filled and then won back is a
    stall or a fade by its distance from the high (the sample's 2025-07-20 issue said "$PLTR ...
    gave the whole gap back" of a close 18% over the pre-gap close)."""
    if gap.gap_filled and gap.last_close <= gap.prev_close:
        return "filled"
    return "fade" if round(abs(gap.from_high_pct), 1) >= FADE_PCT else "stall"


def stall_words(who: str, gap: GapFade) -> tuple[str, str]:
    """The headline phrase and hook for a gap-and-stall, the size of what followed
    (:func:`stall_kind`)."""
    fall = round(abs(gap.from_high_pct), 1)
    kind = stall_kind(gap)
    if kind == "filled":
        return (f"{who} Gives Back Its Earnings Gap",
                f"{who} blew out earnings, then gave the whole gap back.")
    if kind == "fade":
        return (f"{who} Fades {fall:.0f}% After Earnings",
                f"{who} blew out earnings, then fell {fall:.1f}% from the reaction high.")
    return f"{who} Stalls After Earnings", f"{who} blew out earnings and then stalled."


def stall_lean(gap: GapFade) -> str:
    """Why the section leans short a stalled leader, in a few words sized as :func:`stall_words`
    sizes the headline ("it gave back its earnings gap"): what the issue's tension line says
    when another section leans long the same name."""
    kind = stall_kind(gap)
    if kind == "filled":
        return "it gave back its earnings gap"
    if kind == "fade":
        return f"it fell {round(abs(gap.from_high_pct), 1):.1f}% from its reaction high after earnings"
    return "it stalled under its reaction high after earnings"


@dataclass(frozen=True)
class Stall:
    ticker: str
    gap: GapFade
    index: str
    history: HorizonResult | None
    """What the index did over the next HORIZON sessions after this name's past stalls."""
    followers: tuple[tuple[str, float], ...]
    """The other names on the watchlist whose daily returns tracked this one's over three months
    (:func:`~newsletter.analysis.peers.tracking_peers`), with the correlation."""
    reading: str = ""
    """:func:`history_reading` of ``history``; empty without one."""

    @property
    def kind(self) -> Literal["filled", "fade", "stall"]:
        """:func:`stall_kind` of the gap."""
        return stall_kind(self.gap)


@dataclass(frozen=True)
class SentimentData:
    stalls: tuple[Stall, ...]
    ended: tuple[str, ...] = ()
    """Stalls a close over the reaction high ended this week, each as words (:func:`ended_words`)."""

    @property
    def count(self) -> int:
        return len(self.stalls)


@dataclass(frozen=True)
class StallNews:
    """What happened to a stall in the issue's week (:func:`stall_news`)."""

    kind: Literal["gap", "confirmed", "filled", "new low"]
    low: float = 0.0
    """For a new low: the as-of close, the lowest since the gap."""
    week_pct: float = 0.0
    """For a new low: the week's move to it from the week's base close, percent (negative)."""
    record: CloseRecord | None = None
    """For a new low that runs back past the pre-gap close: its close record over the sessions since
    the gap (:func:`~newsletter.analysis.close_records.close_record`: since when, or the data's lowest);
    None when the pre-gap close is the last close as low ("its lowest since the gap")."""


def stall_news(bars, gap: GapFade) -> StallNews | None:
    """What happened to the stall in the issue's week (after the week's base close,
    :func:`~newsletter.analysis.periods.week_base_date`): the gap itself, the stall confirmed, the gap
    filled (its first close at or under the pre-gap close), or the week's close under every close
    since the reaction; None when nothing did. The section keeps a stall for a month; the headline only
    in such a week (the sample's "$AMD Gives Back Its Earnings Gap" had headlined three issues for
    one fill)."""
    close = bars["Close"]
    since = week_base_date(close.index)
    if since is None or gap.date > since:
        return StallNews("gap")
    if gap.confirmed_on is not None and gap.confirmed_on > since:
        return StallNews("confirmed")
    after = close[close.index > str(gap.date)]
    filled = after[after <= gap.prev_close]
    if len(filled) and filled.index[0].date() > since and float(after.iloc[-1]) <= gap.prev_close:
        return StallNews("filled")  # and still given back at the week's close: won back is no fill
    before, week = after[after.index <= str(since)], after[after.index > str(since)]
    # the week closed at its lowest since the gap, the gap day's own close counted (the sample,
    # seed 13, 2026-10-11: "122.34, its lowest since the gap" over a gap day that closed 121.68):
    # a low on Wednesday the week closed well off is no fade that keeps going (2026-02-15)
    since_gap = close[close.index >= str(gap.date)]
    if len(week) and len(before) and float(week.iloc[-1]) < float(since_gap.iloc[:-1].min()):
        last = float(week.iloc[-1])
        record = close_record(close, sessions=len(since_gap))
        pre_gap = close.index[close.index < str(gap.date)]
        if record is not None and len(pre_gap) and record.since == pre_gap[-1].date():
            record = None  # the pre-gap close is the last as low: its lowest since the gap, exactly
        return StallNews("new low", last, (last / float(close.loc[:str(since)].iloc[-1]) - 1.0) * 100.0,
                         record)
    return None


def news_words(who: str, gap: GapFade, news: StallNews) -> tuple[str, str]:
    """The headline phrase and hook for a stall with ``news`` this week: a new low after an
    earlier fill or fade is said as that, not as the fill again."""
    if news.kind == "new low":
        under = abs(news.low / gap.high - 1.0) * 100.0
        fell = round(-news.week_pct, 1)  # a week's fall of 10% or more is a plunge, as printed
        rec = news.record
        if rec is None:
            to, since = "Its Lowest Since Earnings", "its lowest since the gap"
        elif rec.since is None:
            to, since = "Its Lowest in the Data Here", f"its {record_tail(rec)}"
        else:
            day = f"{rec.since:%b} {rec.since.day}"
            to = f"Its Lowest Since {day}" + ("" if rec.since.year == gap.date.year
                                              else f", {rec.since.year}")
            since = f"its {record_tail(rec)}"
        return (f"{who} Plunges {fell:.1f}% to {to}" if fell >= PLUNGE_PCT
                else f"{who} Keeps Fading After Earnings",
                f"{who} blew out earnings, and this week closed at {price(news.low)}, {since}, "
                f"{under:.1f}% under the reaction high.")
    return stall_words(who, gap)


def ended_on(bars, gap: GapFade) -> tuple[dt.date, float] | None:
    """The first close over the reaction high (in cents, as printed) since the gap, and that close:
    what the issue's own tension line says ends the stall (the sample, seed 13, 2026-10-11, kept
    "$MU Keeps Fading" after seven closes over its 129.82 reaction high); None while it holds."""
    close = bars["Close"]
    after = close[close.index > str(gap.date)]
    for day, shown in zip(after.index, as_printed(after), strict=True):
        if shown > round(gap.high, 2):
            return as_date(day), float(shown)
    return None


def ended_words(who: str, gap: GapFade, day: dt.date, close: float) -> str:
    """"$AVGO's stall ended on Jun 26: a close at 284.01 over its 278.64 reaction high"."""
    return (f"{who}'s stall ended on {day:%b} {day.day}: a close at {price(close)} over its "
            f"{price(gap.high)} reaction high")


def _recent(gap: GapFade, bars_index, asof: dt.date) -> bool:
    sessions = bars_index[bars_index > str(gap.date)]
    return len(sessions) <= RECENT_SESSIONS and gap.date <= asof


def _no_earnings(ctx: Context, tickers: list[str]) -> SectionDataMissing:
    source = ctx.snapshot.source
    how = (f"add {source[4:].rstrip('/')}/earnings.csv with ticker,date,time (time bmo or amc)"
           if source.startswith("csv:") else "")
    return SectionDataMissing(f"no earnings dates for {', '.join(tickers)}", fix=how)


def _closest(ctx: Context, names: list[str]) -> str:
    """The latest recent earnings gap up that has not (yet) stalled, in words, or ""."""
    latest: tuple[GapFade, str] | None = None
    for ticker in names:
        try:
            gaps = earnings_gaps(ctx.bars(ticker), ctx.snapshot.earnings[ticker])
        except NotEnoughData:
            continue
        for gap in gaps:
            if gap.date <= ctx.snapshot.asof and (latest is None or gap.date > latest[0].date):
                latest = (gap, ticker)
    if latest is None:
        return ""
    gap, ticker = latest
    return (f"; the latest earnings gap up: {name(ticker, ctx.config.names)} "
            f"+{gap.gap_pct:.1f}% on {gap.date:%b} {gap.date.day}")


def build(ctx: Context) -> Built | None:
    index = INDEX if ctx.snapshot.has(INDEX) else "SPY"
    watch = [t for t in ctx.config.watchlists.sentiment if not ctx.notes.hidden(KEY, t)]
    if not watch:
        return None  # the author emptied the watchlist (or hid every name): the section is off
    names = ctx.available(watch)
    if not names:
        raise missing_data(ctx.snapshot, watch, "the sentiment watchlist")
    dated = [t for t in names if ctx.snapshot.earnings.get(t)]
    if not dated:
        raise _no_earnings(ctx, names)
    stalls, ended = [], []
    for ticker in dated:
        dates = ctx.snapshot.earnings[ticker]
        bars = ctx.bars(ticker)
        try:
            gap = gap_and_fade(bars, dates, window=RECENT_SESSIONS)
        except NotEnoughData:
            continue
        if gap is None or not _recent(gap, bars.index, ctx.snapshot.asof):
            continue
        if (over := ended_on(bars, gap)) is not None:
            base = week_base_date(bars["Close"].index)
            if base is not None and over[0] > base:  # ended this week: said, not dropped
                ended.append(ended_words(name(ticker, ctx.config.names), gap, *over))
            continue
        if gap.from_high_pct >= 0:
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
        # the other names the author watches that have moved with it: what a fade could drag
        followers = tracking_peers(tracking(bars, {t: ctx.bars(t) for t in names if t != ticker}))
        reading = (history_reading(history, index, ctx.config.names)
                   if history is not None and history.events.n else "")
        stalls.append(Stall(ticker, gap, index, history, followers, reading))
    if not stalls and ended:
        raise NothingQualified(f"💡 No leader on the watchlist is stalling after earnings: "
                               f"{'; '.join(ended)}")
    if not stalls:
        raise NothingQualified(f"💡 No leader on the watchlist gapped up on earnings and stalled in the "
                               f"last {RECENT_SESSIONS} sessions{_closest(ctx, dated)}")
    stalls.sort(key=lambda s: s.gap.from_high_pct)
    stalls = stalls[:2]
    signals: tuple[Signal, ...] = ()
    with_news = [(st, news) for st in stalls if (news := stall_news(ctx.bars(st.ticker), st.gap))]
    if with_news:
        top, news = with_news[0]
        phrase, hook = news_words(name(top.ticker, ctx.config.names), top.gap, news)
        # what happened to the stall this week weighs 1.5 and a quarter of the fall from the
        # reaction high; a fade that only keeps going weighs the week's move, as a mover's does
        strength = (abs(news.week_pct) / 3.0 if news.kind == "new low"
                    else 1.5 + abs(top.gap.from_high_pct) / 4.0)
        signals = (Signal(strength, phrase, hook),)
    section = Section(key=KEY, emoji=EMOJI, title=TITLE, data=SentimentData(tuple(stalls), tuple(ended)),
                      commentary=ctx.notes.commentary.get(KEY, ""))
    return Built(section=section, signals=signals)
