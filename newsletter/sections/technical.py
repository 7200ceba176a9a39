"""📐 Technical Setup for the key indices (seed 002): momentum, averages, the cross, the channel,
the levels that matter: two or three sentences per index, every value from ``analysis``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from newsletter.analysis.drawdown import Drawdown, drawdown
from newsletter.analysis.history import NotEnoughData, as_date
from newsletter.analysis.indicators import CrossState, ma_cross, macd, rsi, sma
from newsletter.analysis.levels import WEEKS_52, SupportResistance, support_resistance
from newsletter.analysis.periods import SESSIONS_PER_MONTH, week_base_date
from newsletter.analysis.trend import Channel, trend_channel
from newsletter.display import and_list, gap, label, ordinal, quote, year_date
from newsletter.model import Section
from newsletter.rounding import as_printed
from newsletter.sections.base import (
    Built,
    Context,
    NothingQualified,
    Signal,
    missing_data,
    why_missing,
)

KEY, EMOJI, TITLE = "technical", "📐", "Technical Setup"
MAX_INDICES = 4
OVERBOUGHT, OVERSOLD = 70.0, 30.0
NEAR_ZONE = 2.5
"""An RSI this close inside a zone's edge is "nearly" overbought (oversold): 30.3 is not neutral."""
Zone = Literal["overbought", "nearly overbought", "neutral", "nearly oversold", "oversold"]
AVERAGES = (5, 50, 200)


@dataclass(frozen=True)
class Setup:
    ticker: str
    date: dt.date
    close: float
    rsi14: float
    rsi_zone: Zone
    macd: float
    macd_signal: float
    averages: dict[int, float]
    order: tuple[int, ...]
    """The average lengths from the highest value to the lowest: (5, 50, 200) is stacked bullish."""
    stack: Literal["bullish", "bearish", "mixed"]
    cross: CrossState
    channel: Channel
    levels: SupportResistance
    channel_place: str = ""
    """Where the close sits in its channel, in words (:func:`channel_place`)."""
    averages_words: str = ""
    """The order of the averages and where the close sits against them, in words
    (:func:`averages_reading` and :func:`close_against_averages`)."""
    channel_words: str = ""
    """The channel's slope and its last two swings in words (:func:`channel_trend`)."""
    support_gap: str = ""
    resistance_gap: str = ""
    """How far each level sits from the close, in words (:func:`level_gap`)."""
    crossed_this_week: bool = False
    """The last 50/200-day cross fell in the issue's week (after the week's base close,
    :func:`~newsletter.analysis.periods.week_start`): news for this issue's headline."""
    macd_words: str = ""
    """The MACD against zero and its signal, in words (:func:`macd_words`)."""
    high_to_clear: tuple[float, dt.date, str] | None = None
    """With no pivot overhead, the year's highest close when it is over the last close (a high too
    recent to be a confirmed pivot), its date and its distance in words; None at the year's high.
    "No pivot overhead, it trades above every swing of the past year" was said of $QQQ at 139.98
    two sessions after a 143.57 close (the real bars, 2017-06-11)."""

    earlier_crosses: tuple[dt.date, ...] = ()
    """For a cross made this week, the crosses in the :data:`WHIPSAW_SESSIONS` before it: the
    averages are tangled, and the cross is no fresh signal."""

    @property
    def lagging(self) -> float | None:
        """For a cross made this week with the close already on the other side of both averages
        (a death cross with the close over both, a golden cross under both), how far from the
        nearer of them the close sits, percent; None otherwise. The real bars' 2020-05-03
        headlined "$QQQ Flashes a Death Cross" with $QQQ 8.8% over both averages and 29% off its
        March low: what the crash left in the 50-day, not a signal."""
        c = self.cross
        fast, slow = self.averages.get(50), self.averages.get(200)
        if not self.crossed_this_week or c.last_cross is None or fast is None or slow is None:
            return None
        if c.last_cross == "death" and self.close > max(fast, slow):
            return (self.close / max(fast, slow) - 1.0) * 100.0
        if c.last_cross == "golden" and self.close < min(fast, slow):
            return (1.0 - self.close / min(fast, slow)) * 100.0
        return None

    @property
    def cross_words(self) -> str:
        """The 50-day against the 200-day, after "the 50-day ": "is above the 200-day since the
        golden cross of Jul 15, 2026"; a cross made this week is said as this week's news,
        "crossed below the 200-day on Friday, Aug 28: a fresh death cross" (the 2015-08-30 issue
        said "since the death cross of Aug 28, 2015", the Friday it was as of)."""
        c = self.cross
        side = "above" if c.state == "golden" else "below"
        when = c.last_cross_date
        if when is None or c.last_cross is None:
            return f"is {side} the 200-day"
        if self.crossed_this_week and self.earlier_crosses:
            first, n = self.earlier_crosses[0], len(self.earlier_crosses) + 1
            nth = ordinal(n)
            return (f"crossed {side} the 200-day on {when:%A}, {when:%b} {when.day}, its {nth} "
                    f"cross since {first:%b} {first.day}: the two averages are tangled, not a "
                    f"fresh {c.last_cross} cross")
        if self.crossed_this_week and (lag := self.lagging) is not None:
            where = "over" if c.last_cross == "death" else "under"
            return (f"crossed {side} the 200-day on {when:%A}, {when:%b} {when.day}: a lagging "
                    f"{c.last_cross} cross, with the close {lag:.1f}% {where} both averages (the "
                    f"price turned first)")
        if self.crossed_this_week:
            return (f"crossed {side} the 200-day on {when:%A}, {when:%b} {when.day}: a fresh "
                    f"{c.last_cross} cross")
        return f"is {side} the 200-day since the {c.last_cross} cross of {year_date(when)}"


@dataclass(frozen=True)
class TechnicalData:
    setups: tuple[Setup, ...]
    skipped: tuple[str, ...]
    """Indices left out, with the reason (too little history)."""
    missing: tuple[str, ...] = ()
    """Indices without figures this week, each with why (:func:`why_missing`): "QQQ (stale: last
    bar Nov 10)". A real-data issue with $QQQ's file ended early simply had no $QQQ paragraph."""


def _zone(value: float) -> Zone:
    """The RSI's zone, read on the value as printed (one decimal): 69.96 prints 70.0, overbought."""
    shown = round(value, 1)
    if shown >= OVERBOUGHT:
        return "overbought"
    if shown <= OVERSOLD:
        return "oversold"
    if shown >= OVERBOUGHT - NEAR_ZONE:
        return "nearly overbought"
    if shown <= OVERSOLD + NEAR_ZONE:
        return "nearly oversold"
    return "neutral"


WHIPSAW_SESSIONS = SESSIONS_PER_MONTH
"""A cross with another in this many sessions before it (a month) is the averages tangled, not
news: the real bars' $DIA crossed six times from Feb 13 to Mar 12, 2001, and four issues in four
weeks each called one "a fresh" cross, two in the headline. A quarter was too wide: $IWM's death
cross of Sep 10, 2001 came 61 sessions after its golden cross, a turn, not a tangle."""


def earlier_crosses(close: pd.Series, cross: CrossState) -> tuple[dt.date, ...]:
    """The crosses in the :data:`WHIPSAW_SESSIONS` sessions before the last one (the last
    ``WHIPSAW_SESSIONS`` closes up to it, counted on ``close``'s sessions)."""
    if cross.last_cross_date is None or len(cross.cross_dates) < 2:
        return ()
    at = close.index.get_loc(pd.Timestamp(cross.last_cross_date))
    start = as_date(close.index[max(0, at - WHIPSAW_SESSIONS)])
    return tuple(d for d in cross.cross_dates[:-1] if d >= start)


def cross_signals(setups: list[Setup], names: dict[str, str]) -> list[Signal]:
    """A headline candidate per kind of 50/200-day cross made this week: several indices crossing
    the same way are one phrase ("$SPY and $IWM Flash Golden Crosses"), not two. A cross of an
    earlier week was that week's news (it had been headline news for ten sessions: the 2011-08-28
    issue said $SPY "just crossed" on Aug 12, two issues after it did)."""
    fresh: dict[str, list[str]] = {}
    sp500: set[str] = set()  # the kinds of cross $SPY made: the market's own story
    for s in setups:
        if (s.cross.last_cross is not None and s.crossed_this_week and not s.earlier_crosses
                and s.lagging is None):
            fresh.setdefault(s.cross.last_cross, []).append(label(s.ticker, names))
            if s.ticker == "SPY":
                sp500.add(s.cross.last_cross)
    signals = []
    for kind, who in fresh.items():
        word = "Golden Cross" if kind == "golden" else "Death Cross"
        way = "above" if kind == "golden" else "below"
        market = kind in sp500  # the real bars' 2011-08-14 left out the S&P's first death cross
        # the hook is the aside too, as a 200-day cross's: a bigger story about the same name
        # keeps the cross in the lead (the replay's 2004-11-07 "$SPY Rips 3.6% to a 2-Year High"
        # left $SPY's first golden cross since 2002 to the Technical Setup; 2004-08-22 the same of
        # its first death cross since 2000)
        if len(who) == 1:
            hook = f"{who[0]}'s 50-day just crossed {way} its 200-day."
            signals.append(Signal(1.4, f"{who[0]} Flashes a {word}", hook, aside=hook,
                                  lean=1 if kind == "golden" else -1, market=market))
        else:
            hook = f"The 50-day just crossed {way} the 200-day on {and_list(who)}."
            signals.append(Signal(1.4 + 0.2 * (len(who) - 1), f"{and_list(who)} Flash {word}es",
                                  hook, aside=hook, lean=1 if kind == "golden" else -1,
                                  market=market))
    return signals


READINGS: dict[tuple[int, ...], str] = {
    (5, 50, 200): "stacked bullish",
    (200, 50, 5): "stacked bearish",
    (50, 5, 200): "a pullback in an uptrend (the 5-day under the 50-day, over the 200-day)",
    (50, 200, 5): "the 5-day has broken under both longer averages",
    (200, 5, 50): "a bounce in a downtrend (the 5-day over the 50-day, under the 200-day)",
    (5, 200, 50): "the 5-day has climbed over both longer averages",
}
"""Each order of the 5-, 50- and 200-day averages (highest first) in words. "Mixed" said
nothing: 50 > 200 > 5 is a crash under a standing golden cross, 200 > 5 > 50 a bounce."""


def averages_reading(order: tuple[int, ...]) -> str:
    """The order of the averages, highest first, in words (:data:`READINGS`)."""
    return READINGS[tuple(order)]


def close_side(close: float, averages: dict[int, float]) -> str:
    """"under" (strictly under the lowest average), "over" (strictly over the highest), else ""."""
    if close < min(averages.values()):
        return "under"
    if close > max(averages.values()):
        return "over"
    return ""


def close_against_averages(close: float, averages: dict[int, float]) -> str:
    """", the close under all three", ", the close over all three" (:func:`close_side`), else
    nothing: a close among them is what the order says."""
    side = close_side(close, averages)
    return f", the close {side} all three" if side else ""


_THROUGH_ALL_THREE = {
    ((50, 5, 200), "under"): "the 5-day under the 50-day, over the 200-day: a pullback that has "
                             "taken the close under all three",
    ((200, 5, 50), "over"): "the 5-day over the 50-day, under the 200-day: a bounce that has taken "
                            "the close over all three",
    ((50, 5, 200), "over"): "the 5-day under the 50-day, over the 200-day: a pullback the close has "
                            "already climbed out of, over all three",
    ((200, 5, 50), "under"): "the 5-day over the 50-day, under the 200-day: a bounce the close has "
                             "already given back, under all three",
}
"""A pullback (bounce) reading whose close has gone through every average: through the 200-day
(the 2020-03-01 issue, the S&P 11% down on the week), or back over the 50-day the 5-day still
lags (the 2020-11-08 issue, $DIA up 6.9% on the week)."""


def averages_words(order: tuple[int, ...], close: float, averages: dict[int, float]) -> str:
    """The averages' order and the close against them, in words (:func:`averages_reading`,
    :func:`close_against_averages`, :func:`_through_two`); a pullback or a bounce whose close is past all three is
    said as such (:data:`_THROUGH_ALL_THREE`)."""
    through = _THROUGH_ALL_THREE.get((tuple(order), close_side(close, averages)))
    if through is not None:
        return through
    return averages_reading(order) + (close_against_averages(close, averages)
                                      or _through_two(tuple(order), close, averages))


def correction_words(words: str, fell: Drawdown | None, asof: dt.date | None = None) -> str:
    """``words`` (:func:`averages_words`) with "a pullback" said as what it is when the close is
    10% or more under its highest close (:mod:`~newsletter.analysis.drawdown`): "a correction, 12.0%
    under its highest close, in an uptrend (...)". The real bars' 2020-03-01 read $QQQ "a pullback
    in an uptrend" 13.2% under its record, under "The S&P Crashes 11.2%". A pullback the close has
    already climbed out of keeps its words, and so does one under a high more than 52 weeks before
    ``asof``: the replay's 2014-04-13 read $QQQ at 13-year highs "a bear market, 28.6% under its
    highest close, in an uptrend", its highest close Mar 2000's (11 issues)."""
    if fell is None or not fell.name or "a pullback" not in words or "climbed out" in words:
        return words
    if asof is not None and fell.high_date < asof - dt.timedelta(weeks=52):
        return words
    return words.replace("a pullback", f"a {fell.name}, {fell.pct:.1f}% under its highest close,", 1)


def _through_two(order: tuple[int, ...], close: float, averages: dict[int, float]) -> str:
    """A stacked order whose close has gone through the 5-day and the 50-day but not the 200-day:
    ", the close under the 5-day and the 50-day, over the 200-day" (the 2016-06-26 issue read
    $IWM "stacked bullish" at a close under both after Brexit Friday); else nothing."""
    if order == (5, 50, 200) and close < averages[50]:
        way, beyond = "under", "over"
    elif order == (200, 50, 5) and close > averages[50]:
        way, beyond = "over", "under"
    else:
        return ""
    return (f", the close {way} the 5-day and the 50-day, "
            f"{'at' if close == averages[200] else beyond} the 200-day")


def channel_trend(slope_pct_month: float, structure: str = "mixed",
                  broken: float | None = None) -> str:
    """The channel's slope and its last two swings in words: "rises 2.0% a month with higher
    highs and higher lows", "runs flat" when the slope prints as 0.0%. The swings are the last
    two swing highs and lows, not the channel's: where they go against its slope, the words say
    so ("falls 0.9% a month, but its last two swings made higher highs and higher lows").
    ``broken`` is the swing the close has since broken against the structure
    (:attr:`~newsletter.analysis.trend.Channel.broken_swing`): ", since broken by a close under
    the last low (175.57)"."""
    words = _swings(slope_pct_month, structure)
    if broken is None or structure not in ("higher", "lower"):
        return words
    if structure == "higher":
        return f"{words}, since broken by a close under the last low ({quote(broken)})"
    return f"{words}, since broken by a close over the last high ({quote(broken)})"


def _swings(slope_pct_month: float, structure: str) -> str:
    shown = f"{abs(slope_pct_month):.1f}"
    if float(shown) == 0.0:
        slope, direction = "runs flat", 0
    else:
        slope = f"{'rises' if slope_pct_month > 0 else 'falls'} {shown}% a month"
        direction = 1 if slope_pct_month > 0 else -1
    if structure not in ("higher", "lower"):
        return f"{slope}, the swings mixed"
    swings = f"{structure} highs and {structure} lows"
    against = direction == (-1 if structure == "higher" else 1)
    return f"{slope}, but its last two swings made {swings}" if against else f"{slope} with {swings}"


def level_gap(value: float, close: float) -> str:
    """How far a support or resistance sits from the close: "0.6% under the close", "a hair
    over the close" (:func:`newsletter.display.gap`)."""
    return f"{gap(value, close)} the close"


def channel_place(ch: Channel) -> str:
    """Where the close sits in its channel, in words, with the channel's edges: inside as a
    share of it, outside as how far past the edge it broke."""
    edges = f"({quote(ch.lower)} to {quote(ch.upper)})"
    if ch.close < ch.lower or ch.close > ch.upper:
        under = ch.close < ch.lower
        pct = abs(ch.close / (ch.lower if under else ch.upper) - 1.0) * 100.0
        how = f"{pct:.1f}%" if round(pct, 1) > 0 else "just"
        if under:
            return f"the price has broken under it, {how} below its lower edge {edges}"
        return f"the price has broken out over it, {how} above its upper edge {edges}"
    # the share of the edges as printed, in price: a reader checks "64% of it (105.53 to 177.96)"
    # against the close in dollars, not on the log scale the channel is fitted on
    lower, upper, close = round(ch.lower, 2), round(ch.upper, 2), round(ch.close, 2)
    share = round((close - lower) / (upper - lower) * 100) if upper > lower else 50
    if share == 0:
        return f"the price sits at the very bottom of it {edges}"
    if share == 100:
        return f"the price sits at the very top of it {edges}"
    return f"the price sits at {share}% of it {edges}"


def macd_words(value: float, signal: float) -> str:
    """"the MACD is positive (8.93) and below its signal (10.77)", as printed to two decimals: a
    line that prints as 0.00 is at zero, not negative (-0.00), and one that prints level with its
    signal is on it."""
    shown, against = round(value, 2) + 0.0, round(signal, 2) + 0.0  # + 0.0: no "-0.00"
    side = "at zero" if shown == 0 else "positive" if shown > 0 else "negative"
    place = "on" if shown == against else "above" if shown > against else "below"
    return f"the MACD is {side} ({shown:.2f}) and {place} its signal ({against:.2f})"


def setup(ticker: str, bars) -> Setup:
    """The technical read of one index from its bars (raises NotEnoughData under 200 sessions)."""
    close = bars["Close"]
    averages = {n: float(sma(close, n).iloc[-1]) for n in AVERAGES}
    order = tuple(sorted(AVERAGES, key=lambda n: -averages[n]))
    stack = "bullish" if order == AVERAGES else "bearish" if order == AVERAGES[::-1] else "mixed"
    m = macd(close).iloc[-1]
    value = float(rsi(close).iloc[-1])
    channel = trend_channel(close)
    last = float(close.iloc[-1])
    words = correction_words(averages_words(order, last, averages), drawdown(close),
                             close.index[-1].date())
    cross = ma_cross(close, 50, 200)
    since = week_base_date(close.index)
    this_week = (cross.last_cross_date is not None and since is not None
                 and cross.last_cross_date > since)
    levels = support_resistance(bars)
    return Setup(ticker, close.index[-1].date(), last, value, _zone(value),
                 float(m["macd"]), float(m["signal"]), averages, order, stack, cross,
                 channel, levels, channel_place(channel), words,
                 channel_trend(channel.slope_pct_month, channel.structure,
                               channel.broken_swing),
                 level_gap(levels.support, last) if levels.support is not None else "",
                 level_gap(levels.resistance, last) if levels.resistance is not None else "",
                 this_week, macd_words(float(m["macd"]), float(m["signal"])),
                 _high_to_clear(close, last) if levels.resistance is None else None,
                 earlier_crosses(close, cross) if this_week else ())


def _high_to_clear(close, last: float) -> tuple[float, dt.date, str] | None:
    """The highest close of the last year when it prints over ``last`` (the latest of equals)."""
    year = close.iloc[-WEEKS_52:]
    shown = as_printed(year)
    top = max(shown)
    if top <= round(last, 2):
        return None
    when = year.index[len(shown) - 1 - shown[::-1].index(top)].date()
    return top, when, level_gap(top, last)


def build(ctx: Context) -> Built | None:
    indices = [t for t in ctx.config.watchlists.indices
               if t not in ("^VIX", "^TNX", "^TYX", "^FVX", "^IRX") and not ctx.notes.hidden(KEY, t)]
    if not indices:
        return None  # no price index configured: the section is off
    available = ctx.available(indices)
    if not available:
        raise missing_data(ctx.snapshot, indices, "the key indices")
    setups, skipped = [], []
    missing = tuple(f"{label(t, ctx.config.names)} ({why_missing(ctx.snapshot, t)})" for t in indices[:MAX_INDICES]
                    if t not in available)
    for ticker in available[:MAX_INDICES]:
        try:
            setups.append(setup(ticker, ctx.bars(ticker)))
        except NotEnoughData as exc:
            skipped.append(f"{ticker} ({exc})")
    if not setups:
        raise NothingQualified(f"📐 Too little history for a technical read: {'; '.join(skipped)}")
    signals = cross_signals(setups, ctx.config.names)
    section = Section(key=KEY, emoji=EMOJI, title=TITLE,
                      data=TechnicalData(tuple(setups), tuple(skipped), missing),
                      commentary=ctx.notes.commentary.get(KEY, ""))
    return Built(section=section, signals=tuple(signals))
