"""🔙 Last Week Recap: the week's scoreboard, last issue's calls graded, the author's macro notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from newsletter.analysis.close_records import VIX_STEP_PCT, CloseRecord, close_record, record_step
from newsletter.analysis.day_streaks import STREAK_SESSIONS as DAY_STREAK_SESSIONS
from newsletter.analysis.day_streaks import DayStreak, day_streak
from newsletter.analysis.dividends import adjusted_ok
from newsletter.analysis.drawdown import BEAR_PCT, CORRECTION_PCT, Drawdown, drawdown
from newsletter.analysis.history import as_date, close_series
from newsletter.analysis.indicators import first_session_under, sma
from newsletter.analysis.intraday_drops import IntradayDrop, intraday_drop
from newsletter.analysis.move_rank import PLACES as RANK_PLACES
from newsletter.analysis.move_rank import Rank, as_big_lately, move_rank
from newsletter.analysis.periods import week_base_date, week_start, weekly_moves
from newsletter.analysis.stock_moves import STOCK_DAY_PCT, STOCK_WEEK_PCT, StockMove, stock_move
from newsletter.analysis.week_streaks import (
    STREAK_WEEKS,
    WeekStreak,
    ended_week_streak,
    run_moves,
    week_streak,
)
from newsletter.big_days import (
    DAY_MOVE_PCT,
    BigDay,
    big_day,
    other_big_days,
)
from newsletter.display import (
    a_or_an,
    and_list,
    day_words,
    label,
    name_start,
    ordinal,
    price,
    signed_percent,
    tradeable,
)
from newsletter.model import Call, GradedCall, Section
from newsletter.notes import RecapNote
from newsletter.rounding import as_printed
from newsletter.sections.base import (
    Built,
    ChartRequest,
    Context,
    Signal,
    how_to_get,
    missing_data,
    why_missing,
)
from newsletter.sections.recap_calendar import (
    calendar_signal,
    month_words,
    year_signal,
    year_words,
)
from newsletter.sections.recap_crosses import (
    CROSS_STORIES,
    _crossed_200d,
    crosses_together,
    failed_cross_words,
)
from newsletter.sections.recap_records import (
    BACKGROUND_STRENGTH,
    MAX_RECORD_LINES,
    RecordLine,
    grouped_week_records,
    record_close_counts,
    record_counts_words,
    record_hook,
    record_story,
    record_strength,
    record_tail,
    record_words,
    since_words,
    week_and_record,
    week_record,
    week_record_close,
    week_record_signal,
)
from newsletter.sessions import early_closes, holiday_name, sessions_between, unscheduled_closures
from newsletter.track_record import LiveRecord

KEY, EMOJI, TITLE = "recap", "🔙", "Last Week Recap"

YIELD_TICKERS = frozenset({"^TNX", "^TYX", "^FVX", "^IRX"})


@dataclass(frozen=True)
class Move:
    ticker: str
    close: float
    previous_close: float
    previous_date: dt.date
    change_pct: float
    change_bp: float | None = None
    """For yields: the change in basis points, which is how yields are quoted."""
    sma200: float | None = None
    vs_200d_pct: float | None = None
    """Close against the 200-day average, percent; None inside the warm-up."""
    total_pct: float | None = None
    """The same week on ``Adj Close`` (dividends reinvested), percent; None without it."""

    @property
    def with_dividend(self) -> float | None:
        """:attr:`total_pct` when it prints apart from :attr:`change_pct` (an ex-dividend week):
        three replay reviews found $SPY's price week 0.4 to 0.7 point under the S&P's in every
        ex-dividend week ("ended the week down 0.6%", -0.12% with the dividend, 2006-06-18), with
        nothing on the page to say why; else None."""
        if self.total_pct is None or f"{self.total_pct:+.1f}" == f"{self.change_pct:+.1f}":
            return None
        return self.total_pct


@dataclass(frozen=True)
class RecapData:
    asof: dt.date
    week_start: dt.date
    indices: tuple[Move, ...]
    macro: tuple[Move, ...]
    sectors: tuple[Move, ...]
    """Sorted best to worst."""
    graded: tuple[GradedCall, ...]
    notes: tuple[RecapNote, ...]
    missing: tuple[str, ...]
    missing_why: tuple[str, ...] = ()
    """Why each of ``missing`` has no figures, in order (:func:`~newsletter.sections.base.why_missing`:
    "stale: last bar Nov 10" or "no data")."""
    how_to_get: str = ""
    """Always empty: how to get the missing tickers is the author's build warning, not a line for
    readers (kept so that a workspace's recap template written against it still renders)."""
    record: LiveRecord | None = None
    """Every earlier call graded at the as-of: how often the newsletter was right (live)."""
    from_issue: Mapping[str, str] = field(default_factory=dict)
    """Call id to " (from the Nov 8 issue)" for each graded call older than last week's issue
    (:func:`from_issue_words`)."""
    big_day: str = ""
    """The S&P's session that made the week, as a sentence (:func:`big_day_words`), or "": the
    2018-02-11 issue's 5.1% week was Monday's 4.1% drop, the worst day since 2011, and no line
    said so."""
    year: str = ""
    """In the week that ends a calendar year, the year's moves (:func:`year_words`)."""
    month: str = ""
    """In the week that ends a calendar month, the month's moves (:func:`month_words`)."""
    streaks: tuple[str, ...] = ()
    """Each index's run of weekly gains or losses that is news (:func:`week_streak_words`)."""
    day_streaks: tuple[str, ...] = ()
    """Each index's run of daily gains or losses that is news (:func:`day_streak_words`)."""
    intraday: str = ""
    """$SPY's session of the week that fell 5% or more inside the day and took half of it back,
    as a sentence (:func:`intraday_words`), or ""."""
    ended_streaks: tuple[str, ...] = ()
    """Each index's weekly run that was news at last week's close and this week ended
    (:func:`ended_streak_words`)."""
    other_days: tuple[str, ...] = ()
    """The week's other sessions that rank (:func:`other_big_days`), as sentences."""
    closed: str = ""
    """The NYSE's unscheduled closures in the issue's week, as a sentence (:func:`closed_words`),
    or ""."""
    week_record: str = ""
    """A close record the S&P set inside the week and gave back by its last close
    (:func:`week_record_close`), or ""."""
    crosses: tuple[str, ...] = ()
    """Each index's first close on the other side of its 200-day after a long run
    (:func:`~newsletter.sections.recap_crosses.cross_200d`), said as its hook."""
    failed_crosses: tuple[str, ...] = ()
    """Each index's 200-day cross of last week that this week undid (:func:`failed_cross_words`)."""
    index_ranks: tuple[RecordLine, ...] = ()
    """The other indices' days and weeks that rank back a year or more (:func:`_index_ranks`)."""
    record_counts: str = ""
    """The indices' record closes this week and this year (:func:`record_counts_words`)."""
    records: tuple[RecordLine, ...] = ()
    """Each other index's (the VIX's too) close record inside the week that its last close gave
    back, and each index's fresh record at its last close (:func:`_index_records`)."""
    week_rank: str = ""
    """How rare the S&P's week of 2% or more was, as a sentence ("The S&P's worst week since the
    week to Jan 8, 2016 (-6.0%)."), or "": the 2018-02-04 issue never said it of a 3.9% week
    when the headline led with other stories."""
    stock_moves: tuple[str, ...] = ()
    """Each watchlist stock's week of 20% or more, or day of 15% or more, as a sentence
    (:func:`stock_move_words`), biggest first."""
    vix_week: str = ""
    """The VIX's week when its size made it a candidate and no rank line says it
    (:func:`vix_week_words`)."""
    short_week: str = ""
    """The week's holidays and early closes, for the scoreboard's heading (:func:`short_week_words`)."""
    vix_day: str = ""
    """The week's session the VIX jumped 20% or more, with $SPY's move that day
    (:func:`vix_day_words`)."""
    off_highs: tuple[str, ...] = ()
    """Each index whose close first reached 10% or 20% under its highest close of 52 weeks this
    week, as a sentence (:func:`crossing_words`); the standing state is no line (see
    :func:`_crossings`)."""


def from_issue_words(call: Call, issue_date: dt.date) -> str:
    """" (from the Nov 8 issue)" for a call made before last week's issue; "" for last week's
    own: after a skipped week, or beside a call still open for weeks, the recap says which issue
    made each call (the 2021-11-28 issue graded a call of Mar 22, 2020 without a word of it)."""
    made = call.made_on
    if made >= issue_date - dt.timedelta(days=7):
        return ""
    return f" (from the {day_words(made, issue_date)} issue)"


def weekly_move(frame: pd.DataFrame, asof: dt.date, ticker: str) -> Move | None:
    """Close at ``asof`` against the week's base close (:func:`~newsletter.analysis.periods.week_start`);
    None when the ticker has no bar this week."""
    monday = asof - dt.timedelta(days=asof.weekday())
    upto = close_series(frame.loc[: pd.Timestamp(asof), "Close"])
    start = week_start(upto.index, asof)
    if upto.empty or start is None or upto.index[-1].date() < monday:
        return None
    before = upto.iloc[: start + 1]
    close, previous = float(upto.iloc[-1]), float(before.iloc[-1])
    bp = (close - previous) * 100.0 if ticker in YIELD_TICKERS else None
    sma200 = vs = None
    if len(upto) >= 200:
        sma200 = float(sma(upto, 200).iloc[-1])
        vs = (close / sma200 - 1.0) * 100.0
    total = None
    if "Adj Close" in frame.columns and bp is None:
        # the week's sessions from the base close, read for dividends only when the factor never
        # steps down (analysis/dividends.py: a step down is a fault in the series)
        span = upto.index[start:]
        end = int(frame.index.searchsorted(span[-1], side="right"))
        beg = end - len(span)
        if beg >= 0 and frame.index[beg:end].equals(span):  # no gap in the closes: read in place
            adj = frame["Adj Close"].to_numpy(dtype=float)[beg:end]
        else:
            adj = frame["Adj Close"].reindex(span).to_numpy(dtype=float)
        if adjusted_ok(upto.to_numpy(dtype=float)[start:], adj):
            total = (float(adj[-1]) / float(adj[0]) - 1.0) * 100.0
    return Move(ticker, close, previous, before.index[-1].date(), (close / previous - 1.0) * 100.0, bp,
                sma200, vs, total)


MOVER_PCT = 1.0
"""The week's largest mover (an index or a sector) is a headline candidate from this size, and
from its own usual week (:func:`usual_week`)."""
USUAL_WEEKS = 52
MIN_USUAL_WEEKS = 13
"""A mover's usual week is read over its last 52 weeks, once it has a quarter of them."""
VIX_JUMP_PCT = 12.0
"""The VIX's week is news from this size, and weighs 1.0 (a notable week) there, its strength
growing with the move: the same rarity as the S&P's 2% week. On the real bars (2000-2022) the
S&P's median week is 1.25% and 2% is 1.6 times it, reached in 30% of weeks; the VIX's median week
is 7.6%, and 1.6 times it is 12%. At 10% (1.3 times its median, 40% of weeks) a quarter of the
replayed headlines carried "VIX Jumps 10%" or "VIX Sinks 11%" beside the week's real news
("VIX Jumps 11% & $SPY Breaks Support", 2010-01-03)."""
VIX_JUMP_POINTS = 3.0
"""...and from this many points, as printed: a percent move off a single-digit VIX is nearly always
12% (the real bars' 2017-11-12 led "VIX Jumps 24%" for 9.14 to 11.29, beside the issue's own "VIX
rank 31 of 100"; 12 of the 2017-2019 replay's VIX headlines moved 1.5 to 2.8 points). 3 points is
a top-quarter week (2000-2022: 75th percentile of the weekly move in points, 2.81); it keeps 236
of the 377 weeks of a 12% move."""
YIELD_MOVE_BP = 10.0

SP500_WORDS = ((10.0, "Soars", "Crashes"), (5.0, "Surges", "Tumbles"), (2.0, "Rips", "Slides"))
"""The S&P's week in a word, by size (%, rising word, falling word): the wording is the size of
the move, so a 19.8% week is not a slide."""
MOVER_WORDS = ((10.0, "Soars", "Plunges"), (5.0, "Surges", "Tumbles"), (2.0, "Jumps", "Drops"),
               (MOVER_PCT, "Gains", "Slips"))
"""The largest mover's week in a word, by the sizes of :data:`SP500_WORDS`: the replay said
"$QQQ Jumps 1.2%" (2013-06-30) in weeks it called the S&P's 1.5% "A Quiet Week"."""
PLUNGE_PCT = MOVER_WORDS[0][0]
"""A week's fall this large (as printed) is a plunge: the largest mover's "Plunges", and the word a
Breakdown Watch pick or a fading earnings leader heads with when it fell that much."""
VIX_LEVELS = ((40.0, "Fear is at panic levels"), (30.0, "Fear is spiking"),
              (20.0, "Volatility is back"), (0.0, "Volatility is waking up"))
"""The hook of a VIX jump, by the level it closed at (as printed, two decimals): a jump to 16
wakes volatility up; a jump to 70 is panic."""


def sized_word(pct: float, words: tuple[tuple[float, str, str], ...]) -> str | None:
    """The word for a ``pct`` move from ``words`` (largest size first), None under the smallest."""
    # the size as printed (one decimal): "$DIA Gains 2.0%" (+1.95%) beside "$IWM Jumps 2.0%"
    # (+2.0007%) gave one printed size two words (the real bars, 2012)
    size = round(abs(pct), 1)
    for floor, rising, falling in words:
        if size >= floor:
            return rising if pct > 0 else falling
    return None


def common_lately(pct: float, lately: int | None) -> str:
    """", its fourth drop this big in 13 weeks" for a move whose rank is no news because moves as
    big were common lately (``lately``: :func:`~newsletter.analysis.move_rank.as_big_lately`, this
    one counted); "" when it is unknown (data shorter than a quarter) or within the places a rank
    names (such a move is ranked instead). Said in weeks: "in a quarter" read as "this quarter"
    (the replay's 2020-04-05 "its fifth drop this big in a quarter", three days into April)."""
    if lately is None or lately <= len(RANK_PLACES):
        return ""
    return f", its {ordinal(lately)} {'rise' if pct > 0 else 'drop'} this big in 13 weeks"


def week_rank(moves: pd.Series) -> str:
    """How rare the last of ``moves`` (weekly moves in %, :func:`weekly_moves`) is
    (:func:`~newsletter.analysis.move_rank.move_rank`): "worst week since the week to Jan 10, 2020
    (-8.0%)", "second-worst week since the week to Oct 10, 2008 (-18.2%)", "best week in the data
    here, back to Jan 2020", or "" when the rank is no news."""
    if len(moves) < 2:
        return ""
    now = float(moves.iloc[-1])
    rank = move_rank(moves.iloc[:-1], now, moves.index[-1])
    if rank is None:
        return ""
    word = f"{rank.place}{'best' if now > 0 else 'worst'} week"
    if rank.since is None or rank.size is None:
        return f"{word} in the data here, back to {rank.first:%b %Y}"
    day = rank.since
    size = signed_percent(rank.size, 1)
    also = "also " if size == signed_percent(now, 1) else ""  # 5.636% and 5.607% print alike
    return f"{word} since the week to {day:%b} {day.day}, {day.year} ({also}{size})"


def week_aside(pct: float, rank: str, rec: CloseRecord | None = None,
               lately: int | None = None) -> str:
    """The S&P's week as a sentence of its own, for a hook led by another story about $SPY (see
    :attr:`~newsletter.sections.base.Signal.aside`): "The S&P fell 4.6%, its worst week since the
    week to Jan 24, 2003 (-4.7%)."; with ``rec``, its close record joined as the hook joins it.
    With no rank and no record, how many weeks as big came ``lately`` (in 13 weeks, this one
    counted: :func:`~newsletter.analysis.move_rank.as_big_lately`) says why: "The S&P rose 2.4% on
    the week, its fourth rise this big in 13 weeks."."""
    did = f"$SPY {'rose' if pct > 0 else 'fell'} {abs(pct):.1f}%"
    if not rank:
        if rec is not None:
            return f"{did} on the week, to its {record_tail(rec)}."
        return f"{did} on the week{common_lately(pct, lately)}."
    own = "$SPY's "
    told = f"{own}{rank}."
    joined = week_and_record(told, rec) if rec is not None else told
    return f"{did}, its {joined.removeprefix(own)}"


CALM_VIX = 20.0
"""Under this close (as printed) the VIX was calm: volatility is "back" only after such closes."""
CALM_SESSIONS = 10
"""The sessions up to the week's base close that must all have been calm for a jump over 20 to be
a return: two weeks. The real bars' 2009-08-02 said "Volatility is back: the VIX closed at
25.92" after a year over 20; the replay's 2022-02-13, "Volatility is back: the VIX closed at
27.36", of a VIX at 31.16 two weeks before (a calm close in the quarter, Jan 3's 16.60, was
the rule then)."""


def vix_hook(close: float, calm_lately: bool = True) -> str:
    """The issue's hook for a week the VIX jumped to ``close``; ``calm_lately``: it closed under
    :data:`CALM_VIX` in each of the :data:`CALM_SESSIONS` to the week (else, at 20 to 30,
    volatility never left and is "rising again")."""
    level = round(close, 2)
    mood = next(mood for floor, mood in VIX_LEVELS if level >= floor)
    if mood == "Volatility is back" and not calm_lately:
        mood = "Volatility is rising again"
    return f"{mood}: the VIX closed at {level:.2f}."


def calm_lately(closes: pd.Series) -> bool:
    """Every VIX close of the :data:`CALM_SESSIONS` sessions up to the week's base close
    (:func:`~newsletter.analysis.periods.week_start`) under :data:`CALM_VIX` (as printed)."""
    base = week_start(closes.index)
    if base is None:
        return True
    window = closes.iloc[max(0, base + 1 - CALM_SESSIONS):base + 1]
    return all(c < CALM_VIX for c in as_printed(window))


LEAD_MARGIN_PCT = 1.0
"""With the S&P's week in the headline, a mover the same way is news only this far ahead of it
(points): then it is who led; under it, the same story told twice."""


def _records(ctx: Context, indices: list[Move]) -> dict[str, CloseRecord]:
    """Each tradeable index whose close is a 52-week (or longer) high or low, from bars to the as-of."""
    asof = pd.Timestamp(ctx.snapshot.asof)
    out = {}
    for m in indices:
        if tradeable(m.ticker) and (rec := close_record(ctx.bars(m.ticker)["Close"].loc[:asof])):
            out[m.ticker] = rec
    return out


ROUND_TRIP_PCT = 3.0
"""A week whose close moved under 2% is still the S&P's story when a close inside it was this far
(percent) from the week's base and the week then took back two-thirds of it or more: the
2015-08-28 week (the flash crash) was down 5.3% at Tuesday's close and ended up 0.7%."""
ROUND_TRIP_TAKEN_BACK = 2.0 / 3.0


@dataclass(frozen=True)
class RoundTrip:
    """How far a close inside the week went from the week's base, and how the week ended."""

    extreme_pct: float
    """The furthest close against the base, percent (-5.3 for a drop)."""
    day: dt.date
    change_pct: float
    """The week's move, percent: the last close against the base."""
    off_pct: float
    """The last close against that extreme close, percent, unsigned."""


def round_trip(close: pd.Series) -> RoundTrip | None:
    """The week's round trip (:data:`ROUND_TRIP_PCT`), from closes up to the as-of; None in a
    week that did not go that far, or kept most of the way it went."""
    start = week_start(close.index)
    if start is None or start >= len(close) - 1:
        return None
    base, week = float(close.iloc[start]), close.to_numpy(dtype=float)[start + 1:]
    if not np.isfinite(week).all():
        return None
    change = (week[-1] / base - 1.0) * 100.0
    low, high = int(week.argmin()), int(week.argmax())  # by position, as the big day is
    down, up = (week[low] / base - 1.0) * 100.0, (week[high] / base - 1.0) * 100.0
    extreme, at = (down, low) if -down >= up else (up, high)
    if not round(abs(extreme), 6) >= ROUND_TRIP_PCT:  # a flat week's extreme is 0
        return None
    kept = change / extreme  # the share of the way out that the week kept (negative: past the base)
    if round(kept, 6) > 1.0 - ROUND_TRIP_TAKEN_BACK:
        return None
    off = abs(week[-1] / week[at] - 1.0) * 100.0
    return RoundTrip(float(extreme), close.index[start + 1 + at].date(), float(change), float(off))


def _ended(week_pct: float) -> str:
    """How the week ended, at the one decimal printed: "up 0.7%", "down 1.6%", "flat"."""
    shown = round(abs(week_pct), 1)
    return "flat" if shown == 0 else f"{'up' if week_pct > 0 else 'down'} {shown:.1f}%"


def _round_trip_signal(trip: RoundTrip) -> Signal:
    """"The S&P Claws Back a 5.3% Drop": weighed as four-fifths of a week that far."""
    drop = trip.extreme_pct < 0
    what = f"{abs(trip.extreme_pct):.1f}% {'Drop' if drop else 'Rally'}"
    # part of it, when the week still ended the move's way as printed: "Claws Back a 6.5% Drop"
    # read as a full recovery of a week that ended down 1.6% (the real bars' 2011-08-14)
    part = round(trip.change_pct, 1) != 0 and (trip.change_pct < 0) == drop
    phrase = (f"$SPY {'Claws Back' if drop else 'Gives Back'} "
              f"{'Most of ' + a_or_an(what) if part else a_or_an(what)}")
    hook = (f"$SPY was {'down' if drop else 'up'} {abs(trip.extreme_pct):.1f}% on the week at "
            f"{trip.day:%A}'s close and ended it {_ended(trip.change_pct)}, {trip.off_pct:.1f}% off that "
            f"{'low' if drop else 'high'}.")
    return Signal(0.8 * abs(trip.extreme_pct) / 2.0, phrase, hook, aside=hook,
                  lean=1 if drop else -1)


DAY_WORDS = ((5.0, "Soars", "Plunges"), (0.0, "Jumps", "Drops"))


def big_day_words(day: BigDay, who: str = "$SPY") -> str:
    """"Friday's 3.6% drop was the S&P's worst day since Aug 24, 2015" (no full stop): the hook of
    a quiet week's big day, and the recap's line under the scoreboard in any week; with no rank
    worth telling, "On Friday the S&P fell 3.6%, its fourth drop this big in 13 weeks"."""
    down = day.pct < 0
    rank = day.rank
    shut = ""
    if day.after_closure:  # "Monday's 4.9% drop, the first session after ..., was ..."
        first, last = day.after_closure[0], day.after_closure[-1]
        span = (f"{first:%b} {first.day}" if first == last
                else f"{first:%b} {first.day} to {last:%b} {last.day}")
        shut = (f", the first session after the NYSE's {len(day.after_closure)}-day closure "
                f"({span}),")
    if rank is None:
        did = f"On {day.day:%A}{shut.rstrip(',')} {who} {'fell' if down else 'rose'} {abs(day.pct):.1f}%"
        return did + common_lately(day.pct, day.lately)
    since = (f"since {rank.since:%b} {rank.since.day}, {rank.since.year}" if rank.since is not None
             else f"in the data here, back to {rank.first:%b %Y}")
    return (f"{day.day:%A}'s {abs(day.pct):.1f}% {'drop' if down else 'gain'}{shut} was {who}'s "
            f"{rank.place}{'worst' if down else 'best'} day {since}")


def _big_day_signal(day: BigDay, week_pct: float, week_told: bool = False) -> Signal:
    """"The S&P Drops 3.6% on Friday": weighed as a week of that size. Beside a week of 2% or more
    (``week_told``: its own sentence is the aside) the hook leaves the week's move to it."""
    word = sized_word(day.pct, DAY_WORDS)
    hook = (f"{big_day_words(day)}." if week_told
            else f"{big_day_words(day)}; it ended the week {_ended(week_pct)}.")
    return Signal(abs(day.pct) / 2.0, f"$SPY {word} {abs(day.pct):.1f}% on {day.day:%A}", hook,
                  aside=hook, story=day_story(day.day), lean=1 if day.pct > 0 else -1)


def _reach(rank: Rank) -> dt.date:
    """How far back a rank reaches: the last move as big, or the data's first session."""
    return rank.since or rank.first


def _index_day_signal(ctx: Context, indices: list[Move], names: Mapping[str, str]) -> Signal | None:
    """Another index's day of the week that ranks back a year or more (:func:`reaches_a_year`) and
    further than $SPY's biggest day of the week, when one is rarer than any of $SPY's: "$QQQ Drops
    4.1% on Thursday", weighed as a day of $SPY's (:func:`_big_day_signal`). The replay's
    2022-02-06 led "VIX Sinks 16% & $SPY Drops 2.4% on Thursday" over $QQQ's -4.1% that day, its
    worst since Sep 8, 2020, told in a ⚡ line only. One day is one story (:func:`day_story`):
    the headline tells it under one name."""
    asof = pd.Timestamp(ctx.snapshot.asof)
    spy = (close_series(ctx.bars("SPY")["Close"].loc[:asof]) if any(m.ticker == "SPY" for m in indices)
           else None)
    spy_day = big_day(spy) if spy is not None else None
    bar = _reach(spy_day.rank) if spy_day is not None and spy_day.rank is not None else None
    found: list[tuple[BigDay, Move]] = []
    for m in indices:
        if m.ticker in ("SPY", "^VIX") or not tradeable(m.ticker):
            continue
        closes = close_series(ctx.bars(m.ticker)["Close"].loc[:asof])
        day = big_day(closes)
        if day is None or day.rank is None or not reaches_a_year(day.rank, day.day):
            continue
        if bar is not None and _reach(day.rank) >= bar:
            continue  # $SPY's own day reaches as far: its line tells the market's day
        if not day_outweighs_week(day.pct, m.change_pct):
            continue  # the day is most of its week: the week's mover and rank lines tell it
        if spy is not None and not apart_from_market(day.pct, session_move(spy, day.day)):
            continue  # it moved with the market: $SPY's day tells that session
        found.append((day, m))
    if not found:
        return None
    day, m = min(found, key=lambda f: (_reach(f[0].rank), -abs(f[0].pct)))  # type: ignore[arg-type]
    word = sized_word(day.pct, DAY_WORDS)
    hook = f"{big_day_words(day, name_start(m.ticker, names))}; it ended the week {_ended(m.change_pct)}."
    return Signal(abs(day.pct) / 2.0, f"{label(m.ticker, names)} {word} {abs(day.pct):.1f}% on "
                  f"{day.day:%A}", hook, aside=hook, story=day_story(day.day),
                  lean=1 if day.pct > 0 else -1)


APART_FROM_MARKET = 1.5
"""Another index's day is its own story from this many times $SPY's move that session (as
printed), or any move the other way: the replay's 2022-02-03, $QQQ -4.2% against $SPY's -2.4%
(Meta's earnings), and 2011-10-04, $IWM +6.2% against +2.3%, are; 2018-12-26, $QQQ +6.2% against
$SPY's +5.1% (its best day since Mar 2009), and 2016-01-29, $IWM +3.3% against +2.4%, are the
market's day, which $SPY's own line tells."""


def session_move(closes: pd.Series, day: dt.date) -> float | None:
    """``closes``' move on ``day`` against the close before, percent; None without that session."""
    at = closes.index.searchsorted(pd.Timestamp(day))
    if at == 0 or at >= len(closes) or as_date(closes.index[at]) != day:
        return None
    return (float(closes.iloc[at]) / float(closes.iloc[at - 1]) - 1.0) * 100.0


def apart_from_market(pct: float, market_pct: float | None) -> bool:
    """Whether a session's move of ``pct`` is :data:`APART_FROM_MARKET` times the market's
    ``market_pct`` that session or more, as printed, or went the other way (None: no such session
    of the market's, nothing to compare)."""
    if market_pct is None or round(market_pct, 1) == 0 or (pct > 0) != (market_pct > 0):
        return True
    return round(abs(pct), 1) >= round(APART_FROM_MARKET * round(abs(market_pct), 1), 6)


def _day_rank_words(day: BigDay, rank: Rank) -> str:
    """"worst day since Dec 4, 2018", "second-best day in the data here, back to Jan 2000"."""
    since = (f"since {rank.since:%b} {rank.since.day}, {rank.since.year}" if rank.since is not None
             else f"in the data here, back to {rank.first:%b %Y}")
    return f"{rank.place}{'worst' if day.pct < 0 else 'best'} day {since}"


def day_story(day: dt.date) -> str:
    """The story of one session's big move (:attr:`Signal.story`): $SPY's and another index's
    day the same session are one story, told once."""
    return f"the session of {day.isoformat()}"


def intraday_words(who: str, drop: IntradayDrop) -> str:
    """"On Thursday $SPY traded as low as 105.00, 10.1% under the close before, and closed down 3.3%:
    its deepest fall inside a session since Oct 10, 2008." (:func:`intraday_drop`)."""
    since = (f"since {drop.since:%b} {drop.since.day}, {drop.since.year}" if drop.since is not None
             else f"in the data here, back to {drop.first:%b %Y}")
    shown = round(abs(drop.close_pct), 1)
    closed = ("closed flat" if shown == 0
              else f"closed {'down' if drop.close_pct < 0 else 'up'} {shown:.1f}%")
    return (f"On {drop.day:%A} {who} traded as low as {price(drop.low)}, {abs(drop.low_pct):.1f}% "
            f"under the close before, and {closed}: its deepest fall inside a session {since}.")


CONFIRMED_SHARE = 0.5
"""An intraday plunge of $SPY's is said only when every other index ETF on the scoreboard traded
at least this share as deep that session: the replay's 2009-01-11 and 2009-02-08 led with $SPY
"6.2%" and "6.7% under the close before" from bad lows in its bars (the others' lows were 1.4% to
4.1% under); on May 6, 2010 they fell 8.9% to 11.5%. With no other index to confirm, none is said:
a bad print is never used in silence (PRODUCT.md)."""


def _confirmed(ctx: Context, indices: list[Move], drop: IntradayDrop) -> bool:
    """Whether every other tradeable scoreboard index's low fell :data:`CONFIRMED_SHARE` as far
    under its close before on ``drop``'s session."""
    day = pd.Timestamp(drop.day)
    others = [m.ticker for m in indices if tradeable(m.ticker) and m.ticker != "SPY"]
    if not others:
        return False
    for ticker in others:
        bars = ctx.bars(ticker).loc[:day]
        if len(bars) < 2 or bars.index[-1] != day or "Low" not in bars.columns:
            return False
        fell = (1.0 - float(bars["Low"].iloc[-1]) / float(bars["Close"].iloc[-2])) * 100.0
        if round(fell, 6) < round(CONFIRMED_SHARE * -drop.low_pct, 6):
            return False
    return True


def _intraday_signal(drop: IntradayDrop, words: str) -> Signal:
    """"$SPY Plunges 10.1% Intraday on Thursday", weighed as a week a third of that fall (a
    crash the close took back is still the week's story: 2010-05-06)."""
    return Signal(abs(drop.low_pct) / 3.0, f"$SPY Plunges {abs(drop.low_pct):.1f}% Intraday on "
                  f"{drop.day:%A}", words, aside=words, lean=-1)


def _bigger_day(ctx: Context, spy: Move, week: tuple[pd.Series, str] | None = None) -> BigDay | None:
    """The week's big day (:func:`big_day`) when it ranks and outweighs the whole week
    (:func:`day_outweighs_week`): the real bars' 2018-12-30 told Dec 26's +5.05%, the best day since Mar 2009, in the
    recap only, under "The S&P Rips 2.9% & $IWM Still 17% Under Its 200-Day". Or when its rank
    reaches back a year or more and further than the week's (``week``: :func:`sp500_week`): the
    replay's 2007-09-23 told the Fed's Tuesday, +2.9%, $SPY's best day since Mar 2003, in the
    recap only, under "$SPY Rips 2.1%", "its second-best week since Apr 20"."""
    day = big_day(close_series(ctx.bars("SPY")["Close"].loc[: pd.Timestamp(ctx.snapshot.asof)]))
    if day is None or day.rank is None:
        return None
    if day_outweighs_week(day.pct, spy.change_pct):
        return day
    moves = week[0] if week is not None else sp500_week(ctx, spy)[0]
    if len(moves) < 2 or not reaches_a_year(day.rank, day.day):
        return None
    rank = move_rank(moves.iloc[:-1], float(moves.iloc[-1]), moves.index[-1])
    if rank is not None and rank.since is None:
        return None  # the week is the data's best (worst) too: the week tells it
    week_reach = rank.since if rank is not None and rank.since else as_date(moves.index[-1])
    return day if (day.rank.since or day.rank.first) < week_reach else None


DAY_OVER_WEEK = 1.5
"""A day leads over its sized week from this many times the week's size, as printed: Dec 26, 2018
(+5.1% in a 2.9% week) and Oct 13, 2008 (+14.5% in 5.3%) do; Mar 12, 2020's -9.6% in a -9.5%
week is the week's story."""


def day_outweighs_week(day_pct: float, week_pct: float) -> bool:
    """Whether a day of ``day_pct`` is :data:`DAY_OVER_WEEK` times a week of ``week_pct`` or more."""
    return round(abs(day_pct), 1) >= round(DAY_OVER_WEEK * round(abs(week_pct), 1), 6)


def day_outsizes_swing(day: BigDay, trip: RoundTrip) -> bool:
    """Whether a day that ranks is the week's story before the round trip that holds it: bigger
    than the swing, as printed (a tie is the swing's: it holds the day). The replay's 2002-07-28 led "$SPY Claws Back a 5.6% Drop"
    over Wednesday's +6.0%, the best day in the data (6 issues of 2000-2003 told a ranked day in
    the recap only); 2015-08-30's 5.3% swing stays the story over its +3.9% day."""
    return round(abs(day.pct), 1) > round(abs(trip.extreme_pct), 1)


def _sp500_signal(ctx: Context, spy: Move, records: dict[str, CloseRecord],
                  week: tuple[pd.Series, str] | None = None) -> tuple[Signal, float | None]:
    """The S&P's week, and the move (percent) its phrase tells, for :func:`mirrors_sp500`: sized
    from 2% (with its record as the hook, and its close record in the same phrase when they
    agree, taken out of ``records``); under 2%, its big day when it ranks and outsizes the round
    trip (:func:`day_outsizes_swing`), a round trip (:func:`round_trip`, which tells no single
    move), its big day, or the quiet-week line (none)."""
    word = sized_word(spy.change_pct, SP500_WORDS)
    upto = ctx.bars("SPY")["Close"].loc[: pd.Timestamp(ctx.snapshot.asof)]
    closes = close_series(upto)
    day = big_day(closes) if not word else None
    trip = round_trip(closes) if not word else None
    if day is not None and day.rank is not None and (trip is None or day_outsizes_swing(day, trip)):
        return _big_day_signal(day, spy.change_pct), day.pct
    if trip is not None:
        return _round_trip_signal(trip), None
    if day is not None:
        return _big_day_signal(day, spy.change_pct), day.pct
    if not word:
        shown = round(abs(spy.change_pct), 1)
        how = "Ends Flat" if shown == 0 else f"Edges {'Up' if spy.change_pct > 0 else 'Down'} {shown:.1f}%"
        did = ("ended the week flat" if shown == 0
               else f"{'rose' if spy.change_pct > 0 else 'fell'} {shown:.1f}% on the week")
        # quiet, and "edges", only under a mover's 1% as printed: "A Quiet Week: The S&P Edges
        # Up 1.7%" (the real bars, 2010-10-10) was over the S&P's median week
        up = spy.change_pct > 0
        sized = ("Gains" if up else "Slips") if shown >= MOVER_PCT else None
        phrase = f"$SPY {sized} {shown:.1f}%" if sized else f"A Quiet Week: $SPY {how}"
        return Signal(0.0, phrase,
                      f"$SPY {did} and nothing else moved enough to lead: the levels below are "
                      "what to watch.", fallback=True), None
    moves, rank = week if week is not None else sp500_week(ctx, spy)
    lately = None if rank or len(moves) < 2 else as_big_lately(moves.iloc[:-1], float(moves.iloc[-1]),
                                                                moves.index[-1])
    phrase, strength = f"$SPY {word} {abs(spy.change_pct):.1f}%", abs(spy.change_pct) / 2.0
    rec = records.get("SPY")
    if rec is not None and (rec.kind == "high") != (spy.change_pct > 0):
        rec = None  # a high in a falling week is its own story (:func:`_record_signal`)
    if rec is not None:
        del records["SPY"]
        phrase = f"{phrase} to {a_or_an(record_words(rec))}"
        strength += record_strength(rec) / 2.0
    # the hook is the aside: a sentence with the week's size, its rank and record ("The S&P fell
    # 4.6%, its worst week since ..."); the bare "The S&P's worst week since ..." had no verb and
    # left the lead without the week's figure (238 of 699 replayed leads)
    told = week_aside(spy.change_pct, rank, rec, lately)
    return Signal(strength, phrase, told, aside=told, market=bool(rank),
                  lean=1 if spy.change_pct > 0 else -1), spy.change_pct


RECORD_STORY = "the S&P's close record"
"""The story of the S&P's week at a record, and of another index's record of the same kind over no
longer a span: the headline tells it once. The replay said "The S&P Tumbles 6.1% to a 52-Week Low
& $DIA Closes at a 52-Week Low" (2022-06-19), "The S&P Rips 3.3% to a 20-Year High & $QQQ Closes
at a 20-Year High" (2020-08-30); a longer span is news of its own ("The S&P Rips 2.7% to a 2-Year
High & $QQQ Closes at a 9-Year High", 2011-02-06: $QQQ's highest since 2001)."""


def _record_signal(records: dict[str, CloseRecord], names: dict[str, str],
                   folded: CloseRecord | None = None) -> Signal:
    """The strongest of the indices' close records (the S&P first on a tie); the S&P's own
    record ``folded`` into its week's phrase makes one of the same kind and no longer span
    that story again (:data:`RECORD_STORY`)."""
    order = {t: i for i, t in enumerate(["SPY", *records])}
    ticker, rec = max(records.items(), key=lambda kv: (record_strength(kv[1]), -order[kv[0]]))
    same = folded is not None and rec.kind == folded.kind and rec.years <= folded.years
    story = RECORD_STORY if same else record_story(rec)
    lean = 1 if rec.kind == "high" else -1
    words = record_words(rec)
    # every index that closed the week at a record of the same words is one story, in one
    # phrase: the replay's 2018-08-26 led "$SPY Closes at a Record High & $IWM Gains 1.9%", $IWM's
    # own record close (its third that week) in a ⚡ line only
    # the strongest first ("$DIA and $IWM": $DIA's first record since 2007 beside $IWM's 22nd
    # of the year, the replay's 2013-03-10), then in scoreboard order
    group = sorted((t for t, r in records.items() if r.kind == rec.kind and record_words(r) == words),
                   key=lambda t: (t != ticker, order[t]))
    # the hook tells every index at a record that way, of other words too: "$SPY and $DIA Close at
    # 5-Year Highs" left $IWM's record closes of the same weeks to the count line (2013-01-20)
    others = [t for t, r in records.items() if r.kind == rec.kind and t not in group]
    said = [(name_start(t, names), record_tail(records[t])) for t in group + others]
    if len(group) > 1:
        def close_at(members: list[str]) -> str:
            if len(members) == 1:
                return f"{label(members[0], names)} Closes at {a_or_an(words)}"
            return f"{and_list([label(t, names) for t in members])} Close at {words}s"
        phrase = close_at(group)
        without = tuple((label(t, names), close_at([o for o in group if o != t]))
                        for t in group)
        hook = _records_hook(said)
        return Signal(max(record_strength(records[t]) for t in group), phrase, hook, aside=hook,
                      story=story, lean=lean, without=without)
    sp500 = ticker == "SPY"
    who = "$SPY" if sp500 else name_start(ticker, names)
    phrase = f"{'$SPY' if sp500 else label(ticker, names)} Closes at {a_or_an(words)}"
    hook = _records_hook(said) if others else record_hook(who, rec)
    return Signal(record_strength(rec), phrase, hook, aside=hook, story=story, lean=lean)


def _records_hook(said: list[tuple[str, str]]) -> str:
    """Several names' close records (each name and its :func:`record_tail`) as one sentence, the
    names of one tail together: "$SPY, $QQQ and $DIA ended the week at their highest closes in the
    data here, back to Jan 2000; $IWM at its highest close in the data here, back to May 2000."
    (the replay's 2020-12-04 said "in the data here, back to Jan 2000" three times)."""
    tails: dict[str, list[str]] = {}
    for who, tail in said:
        tails.setdefault(tail, []).append(who)
    parts = []
    for tail, who in tails.items():
        told = (f"their {tail.replace(' close ', ' closes ', 1)}" if len(who) > 1
                else f"its {tail}")
        parts.append(f"{and_list(who)} {'ended the week at ' if not parts else 'at '}{told}")
    return "; ".join(parts) + "."


def usual_week(close: pd.Series) -> float | None:
    """The mover's usual week: the median size of its last :data:`USUAL_WEEKS` weekly moves
    before this one (%, :func:`~newsletter.analysis.periods.weekly_moves`); None with fewer
    than :data:`MIN_USUAL_WEEKS` of them."""
    earlier = weekly_moves(close).iloc[:-1].tail(USUAL_WEEKS)
    return float(earlier.abs().median()) if len(earlier) >= MIN_USUAL_WEEKS else None


def _mover_signal(top: Move, spy: Move | None, names: dict[str, str],
                  usual: float | None = None, told: float | None = None,
                  among: str = "the indices and sectors", market: bool = False) -> Signal | None:
    """The week's largest mover, sized; with the S&P's own move told in its phrase (``told``: its
    sized week or its big day, :func:`_sp500_signal`) and the mover going the same way as the
    S&P's week, only as the leader (:data:`LEAD_MARGIN_PCT` ahead of that week), else nothing:
    the 2019-01-06 issue said "The S&P Jumps 3.3% on Friday & $IWM Jumps 3.3%", a day and a week
    in the same words. A move under the mover's ``usual`` week (:func:`usual_week`) is no story,
    however it ranks: the real bars' 2018-09-30 issue headlined "$QQQ Jumps 1.1%" in a year of
    bigger QQQ weeks. The leader's phrase tells the S&P's week too ("Leads the Rally"): it is the
    market's story (:attr:`Signal.market`) when that week's is (``market``), and only of an S&P
    week that moved a mover's size (:data:`MOVER_PCT`, as printed): the replay's 2003-08-10 led
    "$QQQ Leads the Drop, -4.4% & $SPY Drops 2.1% on Tuesday" of a week $SPY ended down 0.2%."""
    word = sized_word(top.change_pct, MOVER_WORDS)
    if not word or (usual is not None and round(abs(top.change_pct), 6) < round(usual, 6)
                    and not _split(top, spy)):
        return None
    if spy is not None and told is not None and (top.change_pct > 0) == (spy.change_pct > 0):
        margin = round(abs(top.change_pct) - abs(spy.change_pct), 6)
        if margin < LEAD_MARGIN_PCT:
            return None
        if round(abs(spy.change_pct), 1) >= MOVER_PCT:  # else a flat week: no move to lead
            way = "Rally" if top.change_pct > 0 else "Drop"
            hook = f"{_did(top, names)}, against $SPY's {signed_percent(spy.change_pct, 1)}."
            return Signal(margin / 2.0, f"{label(top.ticker, names)} Leads the {way}, "
                                        f"{signed_percent(top.change_pct, 1)}", hook, aside=hook,
                          lean=1 if top.change_pct > 0 else -1, market=market)
    # chosen among the indices and sectors, the S&P told apart: "the biggest move on the
    # scoreboard" was said over a Bitcoin -17.7% (the sample, 2025-12-21), and of a week the
    # S&P moved more the other way
    if spy is not None and round(abs(top.change_pct), 1) <= round(abs(spy.change_pct), 1):
        if (top.change_pct > 0) == (spy.change_pct > 0):
            # the same way and no bigger, as printed: $SPY's own week is the story (the replay's
            # 2004-11-21 led "$DIA Slips 1.0%" over $SPY's -1.2%)
            return None
        hook = f"{_did(top, names)}, against $SPY's {signed_percent(spy.change_pct, 1)}."
    elif _split(top, spy) or (spy is not None and told is not None):
        # a split tape, or the S&P's day told beside a flat week: the mover against that week
        assert spy is not None
        hook = f"{_did(top, names)}, against $SPY's {signed_percent(spy.change_pct, 1)}."
    else:
        hook = f"{_did(top, names)}, the biggest move among {among}."
    return Signal(abs(top.change_pct) / 3.0, f"{label(top.ticker, names)} {word} {abs(top.change_pct):.1f}%",
                  hook, aside=hook, lean=1 if top.change_pct > 0 else -1)


def _with_record(mover: Signal, rec: CloseRecord | None, week_pct: float) -> Signal:
    """The mover's sized phrase with its own close record the same way, as the S&P's week carries
    its record (:func:`_sp500_signal`): "$QQQ Jumps 2.2% to a Record High" (the replay's
    2019-07-28 led "$QQQ Jumps 2.2% & $SPY Closes at a Record High", $QQQ's record close the same
    day left to the hook). Weighed as the week alone: the record is weighed, and its sentence
    told, by the record's own signal (:func:`_record_signal`), which a name's second story beside
    it would outweigh (the replay's 2020-12-04 put "$QQQ Jumps 2.2% to a Record High" over
    "$IWM Ends November Up 18.2%", its best month in the data)."""
    if (rec is None or (rec.kind == "high") != (week_pct > 0) or not mover.phrase.endswith("%")
            or " Leads the " in mover.phrase):
        return mover
    return replace(mover, phrase=f"{mover.phrase} to {a_or_an(record_words(rec))}")


def _split(top: Move, spy: Move | None) -> bool:
    """``top`` went against a $SPY week of a mover's size (:data:`MOVER_PCT`, as printed): a split
    tape, news whatever the mover's usual week. The replay's 2021-03-28 said "$SPY rose 1.7% on
    the week and nothing else moved enough to lead" the week $IWM fell 2.8%, 0.02 points under
    its usual week: the end of the small-cap rotation."""
    return (spy is not None and round(abs(spy.change_pct), 1) >= MOVER_PCT
            and (top.change_pct > 0) != (spy.change_pct > 0))


RUNNER_UP_PCT = 0.2
"""A runner-up the same way within this many points of the week's biggest mover (as printed) is
named beside it: the replay's 2007-09-16 said "$DIA rose 2.2% on the week, the biggest move
among the indices" of $DIA +2.24%, $QQQ +2.05%, $SPY +1.94%, a broad rally read as a Dow story
(5 of 13 such hooks of 2007 ahead by 0.1 point or less)."""


def _with_runner_up(signal: Signal, top: Move, others: list[Move], names: dict[str, str]) -> Signal:
    """``signal`` (the biggest mover's) with ", just ahead of $QQQ's +2.1%" when the next biggest
    the same way prints within :data:`RUNNER_UP_PCT` of it."""
    same = [m for m in others if (m.change_pct > 0) == (top.change_pct > 0)]
    if not same:
        return signal
    runner = max(same, key=lambda m: abs(m.change_pct))
    gap = round(round(abs(top.change_pct), 1) - round(abs(runner.change_pct), 1), 6)
    if gap > RUNNER_UP_PCT:
        return signal
    # level as printed: "just ahead of $IWM's +2.2%" of $QQQ's +2.2% (the replay's 2019-07-28,
    # +2.24% against +2.20%) read as a lead the figures do not show
    how = "level with" if gap == 0 else "just ahead of"
    hook = (f"{signal.hook.removesuffix('.')}, {how} {name_start(runner.ticker, names)}'s "
            f"{signed_percent(runner.change_pct, 1)}.")
    return replace(signal, hook=hook, aside=hook)


def _did(m: Move, names: dict[str, str]) -> str:
    """"$QQQ fell 2.0% on the week": a week's move in words, as printed on the scoreboard."""
    return (f"{name_start(m.ticker, names)} {'rose' if m.change_pct > 0 else 'fell'} "
            f"{abs(m.change_pct):.1f}% on the week")


VIX_OUTSIZED = 10.0
"""A VIX move against the S&P's week is its own story from this many times the S&P's move: on the
real bars (2000-2022, 332 weeks of an S&P move of 2% or more with the VIX the other way) the VIX
moved a median 4.5 times the S&P's week, 10.8 times at the 90th percentile. The VIX up 76% in the
S&P's 4.4% fall of 2007-03-02 is fear of its own; down 17% in a 4.7% rally is the rally."""


def mirrors_sp500(vix: Move, told: float | None) -> bool:
    """The VIX moved against the S&P move told in its own phrase (``told``, percent: a week of
    :data:`SP500_WORDS` size or its big day, :func:`_sp500_signal`), by less than
    :data:`VIX_OUTSIZED` times it: the same story told twice ("The S&P Rips 4.7% & VIX Sinks 17%",
    2011-08-28; "VIX Jumps 33%" beside Brexit Friday's 3.6% drop, 2016-06-24)."""
    if told is None or vix.change_pct * told >= 0:
        return False
    return round(abs(vix.change_pct) / abs(told), 6) < VIX_OUTSIZED


def _vix_signal(ctx: Context, m: Move, told: float | None = None) -> Signal | None:
    """The VIX's week: a move of :data:`VIX_JUMP_PCT` and :data:`VIX_JUMP_POINTS` or more, and its close at a 52-week or
    longer high or low, as one phrase when they agree ("VIX Jumps 86% to a 2-Year High"); a
    record on a quieter week is its own phrase (a complacent market is news too). A move that
    only mirrors the S&P's week (:func:`mirrors_sp500`) is news only with its record."""
    vix = ctx.bars("^VIX")["Close"].loc[: pd.Timestamp(ctx.snapshot.asof)]
    rec = close_record(vix, step_pct=VIX_STEP_PCT)
    points = m.close - m.close / (1.0 + m.change_pct / 100.0)
    moved = (round(abs(m.change_pct), 6) >= VIX_JUMP_PCT
             and round(abs(points), 2) >= VIX_JUMP_POINTS)
    if moved and mirrors_sp500(m, told) and not (
            rec is not None and (rec.kind == "high") == (m.change_pct > 0)):
        return None
    if moved:
        word = "Jumps" if m.change_pct > 0 else "Sinks"
        phrase, strength = f"VIX {word} {abs(m.change_pct):.0f}%", abs(m.change_pct) / VIX_JUMP_PCT
        hook = (vix_hook(m.close, calm_lately(close_series(vix))) if m.change_pct > 0
                else f"The VIX fell {abs(m.change_pct):.0f}% on the week, to {m.close:.2f}.")
        ranked = _vix_week_rank(close_series(vix))
        folded = rec is not None and (rec.kind == "high") == (m.change_pct > 0)
        if ranked is not None and not folded:
            # the size in words: the replay's 2014-01-26 called the VIX's biggest jump since May
            # 2010 (+45.8%) "Volatility is waking up: the VIX closed at 18.14."
            tail = ranked[1].tail
            hook = (f"{hook.removesuffix('.')}, up {m.change_pct:.0f}% on the week, its {tail}."
                    if m.change_pct > 0 else
                    f"The VIX fell {abs(m.change_pct):.0f}% on the week, to {m.close:.2f}, its {tail}.")
        if folded and rec is not None:
            phrase = f"{phrase} to {a_or_an(record_words(rec))}"
            strength += record_strength(rec) / 2.0
            hook = f"{hook.removesuffix('.')}, its {record_tail(rec)}."  # one sentence
        return Signal(strength, phrase, hook, subject="VIX", lean=-1 if m.change_pct > 0 else 1)
    # a VIX high is fear, a low complacency (calm for stocks); one more record of a run on a quiet
    # VIX week is no story (the replay's 2008-10-19 led "VIX Closes at an 8-Year High" of a +0.5%
    # week, the week after "VIX Jumps 55% to an 8-Year High")
    if rec is not None and rec.fresh:
        return Signal(record_strength(rec), f"VIX Closes at {a_or_an(record_words(rec))}",
                      record_hook("The VIX", rec), subject="VIX",
                      lean=-1 if rec.kind == "high" else 1)
    return None


VIX_TURN_PCT = 5.0
"""A VIX record inside the week is no headline when the VIX's week went this far the other way
(percent, as printed): a move of a few percent is an ordinary VIX day (2004-09-17's low of Monday
in a week up 2.0% stays news)."""


def _vix_week_record_signal(ctx: Context, week_pct: float) -> Signal | None:
    """The VIX's fresh close record inside the week that its last close gave back
    (:func:`week_record`), unless the week went :data:`VIX_TURN_PCT` the other way: "VIX Closed
    at a Record High on Monday", weighed as a record. The
    replay's 2020-03-22: its 82.69 of Monday, the highest close in the data, had no candidate (the
    week's +14% mirrored the S&P's, and Friday's close was no record); 2007-08-19 the same of its
    30.83, the span's peak."""
    vix = close_series(ctx.bars("^VIX")["Close"].loc[: pd.Timestamp(ctx.snapshot.asof)])
    inside = week_record(vix, step_pct=VIX_STEP_PCT)
    if inside is None or not inside[1].fresh:
        return None
    day, rec = inside
    if round(week_pct if rec.kind == "low" else -week_pct, 1) >= VIX_TURN_PCT:  # the scoreboard's week
        # the week turned the other way: the replay's 2009-11-29 led "VIX Closes at a 52-Week Low
        # on Tuesday" the week it rose 11.5% (Friday +20.8%, the Dubai scare); 2009-09-27 the same
        # (+7.1%)
        return None
    return Signal(record_strength(rec), f"VIX Closed at {a_or_an(record_words(rec))} on {day:%A}",
                  # plain: a hook is the lead and the page's description (2014-10-19's read
                  # "**25.27**" in its <meta name="description">)
                  week_record_close(vix, inside, "The VIX", bold=False), subject="VIX",
                  lean=-1 if rec.kind == "high" else 1)


def stretch_record(distance: pd.Series) -> CloseRecord | None:
    """The last value of a close's distance from its 200-day (a fraction, NaN through the warm-up)
    when it is further under than every value of the last 52 weeks (:func:`close_record`'s strict
    rule, as a low); None otherwise: a name as far under as a month ago is no further news."""
    rec = close_record(close_series(distance))
    return rec if rec is not None and rec.kind == "low" and distance.iloc[-1] < 0 else None


def stretch_words(rec: CloseRecord) -> str:
    """"its furthest under it since Mar 9, 2009" or "... in the data here, back to Oct 2000"."""
    return f"its furthest under it {since_words(rec)}"


def _signals(ctx: Context, indices: list[Move], macro: list[Move], sectors: list[Move],
             week: tuple[pd.Series, str] | None = None,
             crossed: list[tuple[str, Drawdown, bool]] | None = None) -> list[Signal]:
    """Headline candidates from the scoreboard: the S&P's week, a 52-week or longer high or low,
    the largest mover, a VIX jump, a yield move, an index under its 200-day. Strengths are
    comparable across sections (about 1 for a notable week, 2 and over for a big one).

    Each says something the others do not: the S&P's week and its high are one phrase ("Rips
    2.5% to a 52-Week High"), and a mover the same way as the S&P is named only as the leader."""
    names = dict(ctx.config.names)
    signals = []
    records = _records(ctx, indices)
    spy = next((m for m in indices if m.ticker == "SPY"), None)
    told: float | None = None
    folded: CloseRecord | None = None  # the S&P's record, when its week's phrase tells it
    ranked = False  # the S&P's week is the market's story (a rank worth telling)
    if spy is not None:
        spy_record = records.get("SPY")
        sp500, told = _sp500_signal(ctx, spy, records, week)
        if spy_record is not None and "SPY" not in records:
            folded = spy_record
            sp500 = replace(sp500, story=RECORD_STORY)
        entered = next((f for t, f, _ in crossed or () if t == "SPY" and f.name == f.crossed), None)
        # a 52-week low is less news than the threshold: "$SPY Tumbles 6.1% Into a Bear Market"
        # over "... to a 52-Week Low" (2022-06-19; its hook still says the low)
        base = sp500.phrase.removesuffix(" to a 52-Week Low")
        if (entered is not None and told == spy.change_pct and spy.change_pct < 0
                and " to " not in base):
            # the S&P's week and the threshold it crossed, one phrase: the replay's 2020-03-15 led
            # "$SPY Tumbles 9.5% & $IWM Leads the Drop, -17.3%", its "$SPY Enters a Bear Market"
            # left out for its subject
            older = next(o for t, _, o in crossed or () if t == "SPY")
            hook = f"{sp500.hook} {crossing_words('$SPY', entered, older)}"
            sp500 = replace(sp500, phrase=f"{base} Into {a_or_an(entered.crossed.title())}",
                            strength=max(sp500.strength, DRAWDOWN_STRENGTH[entered.crossed]) + 0.5,
                            hook=hook, aside=hook, market=True)
            crossed = [c for c in crossed or () if c[0] != "SPY"]
        signals.append(sp500)
        ranked = sp500.market
        if sized_word(spy.change_pct, SP500_WORDS) and (day := _bigger_day(ctx, spy, week)) is not None:
            signals.append(_big_day_signal(day, spy.change_pct, week_told=True))
    weeks = {m.ticker: m.change_pct for m in indices}
    signals += [_drawdown_signal(t, found, names, older, weeks.get(t))
                for t, found, older in crossed or ()]
    if records:
        record = _record_signal(records, names, folded)
        if record.story == RECORD_STORY and signals:  # the lesser telling of the S&P's story never leads it
            record = replace(record, strength=min(record.strength, signals[0].strength))
            if folded is not None and record.hook not in signals[0].hook:
                # ... and the S&P's phrase tells the story, so its hook names the others: the
                # replay's 2013-05-19 "$SPY Rips 2.2% to a Record High" left $IWM's and $DIA's
                # record closes of that Friday to the count line
                lead = f"{signals[0].hook} {record.hook}"
                signals[0] = replace(signals[0], hook=lead, aside=lead)
        signals.append(record)
    movers = [m for m in [*indices, *sectors] if tradeable(m.ticker) and m.ticker != "SPY"]
    top = max(movers, key=lambda m: abs(m.change_pct)) if movers else None
    if top is not None and (mover := _mover_signal(
            top, spy, names, usual_week(ctx.bars(top.ticker)["Close"].loc[:pd.Timestamp(ctx.snapshot.asof)]),
            told, "the indices and sectors" if sectors else "the indices",
            market=ranked)):
        biggest = mover.hook.endswith((" the biggest move among the indices.",
                                       " the biggest move among the indices and sectors."))
        rank = ranked_week(ctx.bars(top.ticker)["Close"].loc[:pd.Timestamp(ctx.snapshot.asof)]
                           .dropna()) if top in indices else None
        if rank is not None and mover.hook.startswith(did := _did(top, names)):
            # the rank is the news, in the lead once: the replay's 2014-03-30 led "$IWM fell 3.6% on
            # the week, the biggest move among the indices." above "⚡ $IWM fell 3.6% on the week,
            # its worst week since the week to May 18, 2012 (-5.3%)."; 2011-09-18 the same of a
            # leader's "$IWM rose 10.3% on the week, against $SPY's +5.4%."
            rest = "." if biggest else mover.hook[len(did):]
            hook = f"{did}, its {rank[2]}{rest}"
            mover = replace(mover, hook=hook, aside=hook)
        if biggest:
            mover = _with_runner_up(mover, top, [m for m in movers if m is not top], names)
        signals.append(_with_record(mover, records.get(top.ticker), top.change_pct))
    if (index_day := _index_day_signal(ctx, indices, names)) is not None:
        signals.append(index_day)
    for m in [*indices, *macro]:
        if m.ticker == "^VIX" and (vix := _vix_signal(ctx, m, told)) is not None:
            signals.append(vix)
        if m.ticker == "^VIX" and (spike := _vix_week_record_signal(ctx, m.change_pct)) is not None:
            signals.append(spike)
        if m.change_bp is not None and round(abs(m.change_bp), 6) >= YIELD_MOVE_BP:
            word = "Up" if m.change_bp > 0 else "Down"
            signals.append(Signal(abs(m.change_bp) / 15.0,
                                  f"{label(m.ticker, names)} {word} {abs(m.change_bp):.0f} bp",
                                  f"{name_start(m.ticker, names)} {'rose' if m.change_bp > 0 else 'fell'} "
                                  f"{abs(m.change_bp):.0f} bp on the week, to {m.close:.2f}%."))
    under = [m for m in indices if m.vs_200d_pct is not None and m.vs_200d_pct < -1.0
             and tradeable(m.ticker)]
    if under:
        worst = min(under, key=lambda m: m.vs_200d_pct)
        far = abs(worst.vs_200d_pct)
        who = name_start(worst.ticker, names)
        closes = ctx.bars(worst.ticker)["Close"].loc[: pd.Timestamp(ctx.snapshot.asof)]
        since = first_session_under(closes, 200)
        base = week_base_date(closes.index)
        # a run that began this week is a fresh slip, not a name stuck under the line
        fresh = since is not None and base is not None and since > base
        # news only when this week took it under, or further under than at any close of the
        # last 52 weeks; "Sinks to" then says the figure is a level, not the week's fall
        stretch = (stretch_record(closes / sma(closes, 200) - 1.0)
                   if not fresh and worst.change_pct < 0 else None)
        news = fresh or stretch is not None
        name = label(worst.ticker, names)
        # the figure as the hook prints it: "Sinks to 12% Under" over "11.6% under" (the replay's
        # 2006-07-23) said a bigger number than the issue's own
        if stretch is not None or (round(far, 1) >= 10.0 and fresh):
            phrase = f"{name} Sinks to {far:.1f}% Under Its 200-Day"
        elif round(far, 1) >= 10.0:
            phrase = f"{name} Still {far:.1f}% Under Its 200-Day"
        else:  # "Stuck" never beside "its furthest under it since" (2020-03-08)
            phrase = f"{name} {'Slips' if fresh else 'Stuck'} Under Its 200-Day"
        if fresh and since is not None:
            hook = f"{who} closed under its 200-day on {since:%b} {since.day} and sits {far:.1f}% under it."
        elif stretch is not None and since is not None:
            hook = (f"{who} sits {far:.1f}% under its 200-day, {stretch_words(stretch)}; it has "
                    f"closed under it {_under_since(closes, since)}.")
        elif since is not None:
            hook = (f"{who} sits {far:.1f}% under its 200-day, where it has closed "
                    f"{_under_since(closes, since)}.")
        else:
            hook = f"{who} sits {far:.1f}% under its 200-day."
        # under for weeks and no further under than in the last 52: background; not of a name
        # that rose a mover's size this week ("$IWM Stuck Under Its 200-Day" the week it led the
        # board, +4.6%: the real bars' 2015-10-11)
        if news or round(worst.change_pct, 1) < MOVER_PCT:
            signals.append(Signal(0.5 + far / 10.0 if news else BACKGROUND_STRENGTH, phrase, hook,
                                  lean=-1, background=not news))
    crosses = [(m.ticker, cross) for m in indices
               if tradeable(m.ticker) and (cross := _crossed_200d(ctx, m.ticker, names)) is not None]
    signals += crosses_together(crosses, names)
    return signals


def _under_since(closes: pd.Series, since: dt.date) -> str:
    """"since Mar 5, 2026"; a run that reaches back to the first session with a 200-day "since its
    200-day began in the data here, on Oct 16, 2000": when it began is not in the data (the real
    bars' 2001 issues dated $QQQ's run from Oct 16, 2000, the 200th session of the data)."""
    day = f"{since:%b} {since.day}, {since.year}"
    first = sma(closes, 200).first_valid_index()
    if first is not None and as_date(first) == since:
        return f"since its 200-day began in the data here, on {day}"
    return f"since {day}"


def _recap_big_day(ctx: Context) -> str:
    """The recap's line for the S&P's big day of the week (:func:`big_day`), "" without one."""
    spy = ctx.snapshot.bars.get("SPY")
    if spy is None or "Close" not in spy:
        return ""
    day = big_day(close_series(spy["Close"].loc[: pd.Timestamp(ctx.snapshot.asof)]))
    return f"{big_day_words(day)}." if day is not None else ""


def _recap_other_days(ctx: Context) -> tuple[str, ...]:
    """The recap's lines for the week's other ranked days (:func:`other_big_days`)."""
    spy = ctx.snapshot.bars.get("SPY")
    if spy is None or "Close" not in spy:
        return ()
    closes = close_series(spy["Close"].loc[: pd.Timestamp(ctx.snapshot.asof)])
    return tuple(f"{big_day_words(day)}." for day in other_big_days(closes))


def _week_records(ctx: Context, indices: list[Move]) -> dict[str, tuple[pd.Timestamp, CloseRecord]]:
    """Each index's (but $SPY's, which has its own) close record inside the week that its last close
    did not hold (:func:`week_record`, at its own step: :func:`record_step`), read once a build for
    its line (:func:`_index_records`) and its headline candidate (:func:`_other_week_record_signals`)."""
    asof = pd.Timestamp(ctx.snapshot.asof)
    found = {}
    for m in indices:
        if m.ticker != "SPY":
            inside = week_record(close_series(ctx.bars(m.ticker)["Close"].loc[:asof]), record_step(m.ticker))
            if inside is not None:
                found[m.ticker] = inside
    return found


def _index_records(ctx: Context, indices: list[Move],
                   insides: Mapping[str, tuple[pd.Timestamp, CloseRecord]]) -> tuple[RecordLine, ...]:
    """The recap's lines for the indices' close records that no other line carries: each index's
    (the VIX's too; $SPY's has its own line) record inside the week that its last close gave back
    (:func:`week_record`), and each index's record at its last close, each when it is fresh
    (:attr:`~newsletter.analysis.close_records.CloseRecord.fresh`: a run of highs is no news).
    The replay's 2010-2012 review: the VIX's 48.00 of Aug 8, 2011, its highest close since
    Mar 2009, was in no line of its issue; nor $IWM's first record since 2007 (Apr 5, 2011), under
    a headline that took another story (47 such records in 30 issues)."""
    asof = pd.Timestamp(ctx.snapshot.asof)
    names = dict(ctx.config.names)
    found: list[tuple[dt.date, RecordLine]] = []  # (how far back the record reaches, its line)
    for m in indices:
        closes = close_series(ctx.bars(m.ticker)["Close"].loc[:asof])
        who = name_start(m.ticker, names)
        last = close_record(closes, step_pct=record_step(m.ticker))
        if last is not None and last.fresh:
            found.append((last.since or last.first,
                          RecordLine(who, record_tail(last), record_hook(who, last))))
        inside = insides.get(m.ticker)
        if inside is not None and inside[1].fresh:
            rec = inside[1]
            found.append((rec.since or rec.first,
                          RecordLine(who, record_tail(rec), week_record_close(closes, inside, who))))
    found.sort(key=lambda f: f[0])  # stable: the scoreboard's order on a tie
    return tuple(line for _, line in found[:MAX_RECORD_LINES])


def short_week_words(monday: dt.date, asof: dt.date) -> str:
    """The week's regular holidays and early closes, for the scoreboard's heading: "4 sessions:
    closed Thursday for Thanksgiving, Friday closed early" ("" in a full week). A holiday after the
    as-of counts when every weekday left in the week is one (an issue as of Thursday before Good
    Friday). The replay's 2021-11-28 ranked Friday's -2.2% "$SPY's worst day since Feb 25" and
    never said it was a half session after a holiday (6 short weeks of 2021, none said)."""
    friday = monday + dt.timedelta(days=4)
    if not monday <= asof <= friday:
        return ""
    held = sessions_between(monday, asof)
    open_days = set(sessions_between(monday, friday))
    days = [monday + dt.timedelta(days=i) for i in range(5)]
    # names only for the weekdays the calendar has no session on: holiday_name loads the exchange
    # calendar (0.4 s a process), which a full week never needs
    names = {day: holiday_name(day) for day in days if day not in open_days}
    later = [day for day in days if day > asof]
    counted = [day for day in days if day <= asof or all(names.get(d) for d in later)]
    parts = [f"closed {day:%A} for {name}" for day in counted
             if (name := names.get(day)) is not None]
    parts += [f"{day:%A} closed early" for day in early_closes(monday, asof)]
    if not parts:
        return ""
    return f"{len(held)} session{'s' if len(held) != 1 else ''}: {', '.join(parts)}"


def closed_words(monday: dt.date, shut: list[dt.date]) -> str:
    """The NYSE's unscheduled closures ``shut`` (:func:`~newsletter.sessions.unscheduled_closures`)
    in the week from ``monday`` to its Friday: "The NYSE was closed from Tuesday, Sep 11 to Friday,
    Sep 14, not for a holiday: the week's figures are its 1 session." ("" without one)."""
    if not shut:
        return ""
    first, last = shut[0], shut[-1]
    when = (f"on {first:%A}, {first:%b} {first.day}" if first == last else
            f"from {first:%A}, {first:%b} {first.day} to {last:%A}, {last:%b} {last.day}")
    n = len(sessions_between(monday, monday + dt.timedelta(days=4)))
    return (f"The NYSE was closed {when}, not for a holiday: the week's figures are its {n} "
            f"session{'s' if n != 1 else ''}.")


CLOSURE_NEWS_DAYS = 2
"""An unscheduled closure is the week's story from this many weekdays (Sep 11-14, 2001; Hurricane
Sandy's two days in 2012); a single day (a state funeral: Dec 5, 2018; Jan 9, 2025) is the recap's
line only: the real bars' 2018-12-09 led "$IWM Cracking Support & The NYSE Stays Shut 1 Day" over
the S&P's worst week since March and its first death cross since 2016."""


def _closed_signal(days: int, words: str) -> Signal | None:
    """The exchange shut ``days`` weekdays of the issue's week, from :data:`CLOSURE_NEWS_DAYS`: the
    market's story, over any single name (the real bars' 2001-09-16 headline was "$IWM Flashes a
    Death Cross", by 0.01 point). Said as done ("Closes for"): "Stays Shut" read on a Sunday as a
    closure still to come."""
    if days < CLOSURE_NEWS_DAYS:
        return None
    return Signal(2.0 + days / 2.0, f"The NYSE Closes for {days} Days", words, aside=words,
                  market=True)


RULE_WORDS = {"correction": f"a correction by the usual {CORRECTION_PCT:g}% rule",
              "bear market": f"a bear market by the usual {BEAR_PCT:g}% rule"}


def _high_words(found: Drawdown, older_higher: bool = False) -> str:
    """"its highest close (293.58 on Sep 20, 2018)"; "its highest close in 52 weeks (121.81 on Apr
    23, 2010)" when an older close in the data was higher (``older_higher``)."""
    day = found.high_date
    reach = f" in {found.weeks} weeks" if older_higher and found.weeks else ""
    return f"its highest close{reach} ({price(found.high)} on {day:%b} {day.day}, {day.year})"


DRAWDOWN_WEEKS = 52
"""A fall is measured from the highest close of this many weeks to the as-of: the replay's May
2010 read "a bear market" against the Oct 2007 close while the 10% fall from the Apr 23, 2010
close, the correction a trader named, went unsaid in 6 issues."""

DRAWDOWN_STRENGTH = {"correction": 2.0, "bear market": 3.5}
"""What the S&P's first close at a threshold since its high weighs: a correction as a 4% week; a
bear market over all but a crash week (its 9.5% week of 2020-03-15 still leads, this as its aside).
Another index's weighs :data:`OTHER_DRAWDOWN_SHARE` of it; a close back over the line by the
week's end, half."""
OTHER_DRAWDOWN_SHARE = 0.75


def crossing(closes: pd.Series, adjusted: pd.Series | None = None) -> Drawdown | None:
    """:func:`~newsletter.analysis.drawdown.drawdown` of ``closes`` (to the as-of) from the highest
    close of :data:`DRAWDOWN_WEEKS`, judged with the dividends (``adjusted``), when a close of this
    week first reached a threshold since that high; else None."""
    base = week_start(closes.index)
    if base is None:
        return None
    found = drawdown(closes, base, adjusted=adjusted, weeks=DRAWDOWN_WEEKS)
    if found is None or not found.crossed or found.crossed_on is None or found.crossed_pct is None:
        return None
    return found


def crossing_words(who: str, found: Drawdown, older_higher: bool = False) -> str:
    """"$SPY's Monday close, 234.34, was 20.2% under its highest close (293.58 on Sep 20, 2018): a
    bear market by the usual 20% rule; it ended the week 15.6% under it." The price's distance is
    printed (what a reader checks against the closes), and the distance with the dividends paid
    since beside it when it prints apart ("10.8% under ..., 10.0% with the dividends paid since"),
    which is what the threshold is judged on."""
    name, day = found.crossed, found.crossed_on
    assert day is not None and found.crossed_pct is not None
    shown = found.crossed_price_pct if found.crossed_price_pct is not None else found.crossed_pct
    words = (f"{who}'s {day:%A} close, {price(found.crossed_close or 0.0)}, was {shown:.1f}% under "
             f"{_high_words(found, older_higher)}")
    if f"{shown:.1f}" != f"{found.crossed_pct:.1f}":
        words += f", {found.crossed_pct:.1f}% with the dividends paid since"
    words += f": {RULE_WORDS[name]}"
    last = found.price_pct if found.price_pct is not None else found.pct
    # a bear market reached this week is the threshold told (THRESHOLDS, deepest first), so a
    # correction told here never ends the week in a bear market
    ended = found.name != name or round(found.pct, 1) != round(found.crossed_pct, 1)
    return words + (f"; it ended the week {last:.1f}% under it." if ended else ".")


def _drawdown_signal(ticker: str, found: Drawdown, names: Mapping[str, str],
                     older_higher: bool = False, week_pct: float | None = None) -> Signal:
    """An index's first close this week at 10% or 20% under its highest close of 52 weeks
    (:func:`crossing`): "$SPY Enters a Bear Market", or, when the week's last close came back over
    the line, "$SPY Dips Into a Bear Market on Monday" (half the weight: the replay's 2018-12-30
    led with it alone over a 2.9% week and the best day since 2009). $SPY's is the market's story;
    another index's is news too (the replay's 2021-03-14 never said $QQQ's first close 10.9% under
    its Feb 12 record). A dip in a week the name rose (``week_pct``, as printed) weighs half that
    again, under the name's own week: the replay's 2022-03-20 led "$SPY Surges 5.8% & $QQQ Dips
    Into a Bear Market on Monday" the week $QQQ rose 8.4%, its best since Nov 2020; the dip is then
    that week's aside."""
    name, day = found.crossed, found.crossed_on
    assert day is not None
    who = "$SPY" if ticker == "SPY" else name_start(ticker, names)
    strength = DRAWDOWN_STRENGTH[name] * (1.0 if ticker == "SPY" else OTHER_DRAWDOWN_SHARE)
    if found.name == name:  # the week ended past the line: it is in one
        phrase = f"{label(ticker, names)} Enters {a_or_an(name.title())}"
    else:  # back over it by the week's last close
        phrase = f"{label(ticker, names)} Dips Into {a_or_an(name.title())} on {day:%A}"
        strength /= 4.0 if week_pct is not None and round(week_pct, 1) > 0 else 2.0
    hook = crossing_words(who, found, older_higher)
    return Signal(strength, phrase, hook, aside=hook, market=ticker == "SPY", lean=-1)


def _crossings(ctx: Context, indices: list[Move]) -> list[tuple[str, Drawdown, bool]]:
    """Each scoreboard index (not the VIX) whose close first reached 10% or 20% under its highest
    close of 52 weeks this week (:func:`crossing`), with whether an older close was higher. Only
    the crossing is news: the replay's 2020-2021 printed the standing state each week (69 📉 lines
    in 25 issues, $DIA's in 22 running), flipping "bear market" and "correction" as $IWM crossed 20%
    back and forth, and "a correction" of $SPY 24.8% over its March low."""
    asof = pd.Timestamp(ctx.snapshot.asof)
    out = []
    for m in indices:
        if not tradeable(m.ticker):
            continue
        bars = ctx.bars(m.ticker).loc[:asof]
        closes = close_series(bars["Close"])
        adjusted = bars["Adj Close"] if "Adj Close" in bars.columns else None
        found = crossing(closes, adjusted)
        if found is not None:
            out.append((m.ticker, found, float(closes.max()) > found.high))
    return out


MAX_STREAK_LINES = 2
"""The recap says the two longest runs (2022-05-20 had four indices down five weeks or more)."""


def week_streak_words(who: str, streak: WeekStreak) -> str:
    """"The S&P fell for a seventh straight week, its longest losing run since the week to Mar 9,
    2001." (or "... in the data here, back to Jan 2000.")."""
    run = "winning" if streak.up else "losing"
    since = (f"since the week to {streak.since:%b} {streak.since.day}, {streak.since.year}"
             if streak.since is not None else f"in the data here, back to {streak.first:%b %Y}")
    return (f"{who} {'rose' if streak.up else 'fell'} for {a_or_an(ordinal(streak.weeks))} straight "
            f"week, its longest {run} run {since}.")


def ended_streak_words(who: str, streak: WeekStreak, week_pct: float,
                       with_dividend: float | None = None) -> str:
    """"$IWM's run of 8 weekly gains, its longest winning run since the week to Jun 6, 2003, ended:
    it fell 1.5% on the week." (:func:`~newsletter.analysis.week_streaks.ended_week_streak`); a
    losing run its dividend ended says so: "ended: it fell 0.4% on the week, +0.1% with its
    dividend." (the replay's 2011-06-19 said "ended: it fell 0.4% on the week." alone)."""
    run = "winning" if streak.up else "losing"
    since = (f"since the week to {streak.since:%b} {streak.since.day}, {streak.since.year}"
             if streak.since is not None else f"in the data here, back to {streak.first:%b %Y}")
    shown = round(abs(week_pct), 1)
    did = ("ended the week flat" if shown == 0
           else f"{'rose' if week_pct > 0 else 'fell'} {shown:.1f}% on the week")
    if (not streak.up and with_dividend is not None and round(week_pct, 1) < 0
            and round(with_dividend, 1) >= 0):
        did += f", {signed_percent(with_dividend, 1)} with its dividend"
    # a flat week ends a run (as printed): "ended: it ended the week flat" said "ended" twice of a
    # one-cent dip (the replay's 2013-04-07)
    end = "ended with a flat week" if shown == 0 else f"ended: it {did}"
    return (f"{who}'s run of {streak.weeks} weekly {'gains' if streak.up else 'losses'}, its "
            f"longest {run} run {since}, {end}.")


def _runs_by_index(ctx: Context, indices: list[Move]
                   ) -> tuple[list[tuple[Move, WeekStreak]], list[tuple[Move, DayStreak]],
                              list[tuple[Move, WeekStreak]]]:
    """For each scoreboard index but the VIX, its weekly run (:func:`week_streak`), its daily run
    (:func:`~newsletter.analysis.day_streaks.day_streak`) and the weekly run this week ended
    (:func:`ended_week_streak`), each list the longest run first ($SPY first on a tie). Each
    index's closes, dividends and weekly moves are read once for the three (the replay reads
    them every week: three passes took 3.3 of a recap's 10.7 s over 2019-2021, profiled)."""
    weekly: list[tuple[Move, WeekStreak]] = []
    daily: list[tuple[Move, DayStreak]] = []
    ended: list[tuple[Move, WeekStreak]] = []
    for m in indices:
        if not tradeable(m.ticker):
            continue
        frame = ctx.bars(m.ticker).loc[: pd.Timestamp(ctx.snapshot.asof)]
        closes = close_series(frame["Close"])
        # with the dividends: a fall the dividend paid back carries no losing run
        adjusted = frame["Adj Close"] if "Adj Close" in frame.columns else None
        moves = run_moves(closes, adjusted)
        if (run := week_streak(closes, moves=moves)) is not None:
            weekly.append((m, run))
        if (day := day_streak(closes, adjusted)) is not None:
            daily.append((m, day))
        if (done := ended_week_streak(closes, moves=moves)) is not None:
            ended.append((m, done))

    def order(f: tuple[Move, WeekStreak | DayStreak]) -> tuple[int, bool]:
        run = f[1]
        return -(run.weeks if isinstance(run, WeekStreak) else run.sessions), f[0].ticker != "SPY"

    return sorted(weekly, key=order), sorted(daily, key=order), sorted(ended, key=order)


def _ended_streak_signal(m: Move, streak: WeekStreak, names: Mapping[str, str]) -> Signal:
    """"$SPY Snaps Its 8-Week Winning Streak": 0.8 at five weeks, a quarter more a week (a run that
    led last week's issue, ended); the S&P's is the market's story."""
    who = "$SPY" if m.ticker == "SPY" else name_start(m.ticker, names)
    words = ended_streak_words(who, streak, m.change_pct, m.with_dividend)
    phrase = (f"{label(m.ticker, names)} Snaps Its {streak.weeks}-Week "
              f"{'Winning' if streak.up else 'Losing'} Streak")
    return Signal(0.8 + (streak.weeks - STREAK_WEEKS) / 4.0, phrase, words, aside=words,
                  market=m.ticker == "SPY", lean=-1 if streak.up else 1)


def _streak_signal(ticker: str, streak: WeekStreak, names: Mapping[str, str]) -> Signal:
    """"The S&P Falls 7 Weeks in a Row": 1.0 at five weeks, a quarter more a week; the S&P's is
    the market's story."""
    sp500 = ticker == "SPY"
    who = "$SPY" if sp500 else name_start(ticker, names)
    words = week_streak_words(who, streak)
    phrase = (f"{'$SPY' if sp500 else label(ticker, names)} {'Rises' if streak.up else 'Falls'} "
              f"{streak.weeks} Weeks in a Row")
    return Signal(1.0 + (streak.weeks - STREAK_WEEKS) / 4.0, phrase, words, aside=words,
                  market=sp500, lean=1 if streak.up else -1, story="a run of weeks")


def day_streak_words(who: str, streak: DayStreak, asof: dt.date) -> str:
    """"$SPY rose 8 sessions in a row, its longest winning run in the data here, back to Jan
    2000." ("... in a row to Tuesday, ..." when the run ended before the as-of session)."""
    run = "winning" if streak.up else "losing"
    since = (f"since {streak.since:%b} {streak.since.day}, {streak.since.year}"
             if streak.since is not None else f"in the data here, back to {streak.first:%b %Y}")
    to = f" to {streak.end:%A}" if streak.end != asof else ""
    after = ""
    if streak.end != asof and streak.after_pct is not None:
        # what followed: the replay's 2016-08-07 said "$DIA fell 7 sessions in a row to Tuesday"
        # of a week $DIA ended up 0.6%
        shown = round(abs(streak.after_pct), 1)
        where = "level with" if shown == 0 else ("under" if streak.after_pct < 0 else "over")
        gap = "" if shown == 0 else f"{shown:.1f}% "
        after = f"; {asof:%A}'s close was {gap}{where} {streak.end:%A}'s"
    return (f"{who} {'rose' if streak.up else 'fell'} {streak.sessions} sessions in a row{to}, "
            f"its longest {run} run {since}{after}.")


def _day_streak_signal(ticker: str, streak: DayStreak, names: Mapping[str, str],
                       asof: dt.date) -> Signal:
    """"$SPY Rises 9 Sessions in a Row": 1.0 at six sessions, half a point more a session (nine
    weigh as a 3% week); the S&P's is the market's story. A run that ended before the last
    session: "$SPY's 9-Session Winning Run Ends", background. The replay's 2004-04-11 led "$DIA
    Cracking Support" (a close 9 cents under it) over $SPY's 9 up sessions, its longest run in the
    data; the sample's 2025-12-21 left $SPY's 10 down sessions, its longest, to a ⚡ line."""
    words = day_streak_words(name_start(ticker, names), streak, asof)
    if streak.end != asof:
        # a run that ended before the last session is said as ended, and fills a quiet week only:
        # the replay's 2017-08-13 led "VIX Jumps 55% & $DIA Rises 10 Sessions in a Row" in a week
        # $DIA fell 0.8%, its run having ended on Monday (6 of 7 run headlines of 2016-2017)
        phrase = (f"{label(ticker, names)}'s {streak.sessions}-Session "
                  f"{'Winning' if streak.up else 'Losing'} Run Ends")
        return Signal(BACKGROUND_STRENGTH, phrase, words, aside=words, background=True,
                      lean=1 if streak.up else -1, story="a run of sessions")
    phrase = (f"{label(ticker, names)} {'Rises' if streak.up else 'Falls'} {streak.sessions} "
              "Sessions in a Row")
    return Signal(1.0 + (streak.sessions - DAY_STREAK_SESSIONS) / 2.0, phrase, words, aside=words,
                  market=ticker == "SPY", lean=1 if streak.up else -1, story="a run of sessions")


MAX_INDEX_RANK_LINES = 3
"""The recap ranks at most this many days and weeks of the other indices."""


def reaches_a_year(rank: Rank, when: dt.date) -> bool:
    """Whether a rank reaches back 52 weeks or more (or to the data's start): the bar for another
    index's day or week, which the S&P's own lines do not already cover."""
    return rank.since is None or rank.since <= when - dt.timedelta(weeks=52)


def _other_week_record_signals(ctx: Context, indices: list[Move],
                               insides: Mapping[str, tuple[pd.Timestamp, CloseRecord]]
                               ) -> list[tuple[str, Signal]]:
    """Each index's (but $SPY's, which has its own, and the VIX's) fresh close record inside the
    week that its last close did not hold (:func:`week_record`), as a headline candidate weighed
    as a record (:func:`week_record_signal`), with its name as the phrase prints it."""
    asof = pd.Timestamp(ctx.snapshot.asof)
    names = dict(ctx.config.names)
    out = []
    for m in indices:
        if m.ticker == "SPY" or not tradeable(m.ticker):
            continue
        inside = insides.get(m.ticker)
        if inside is None or not inside[1].fresh:
            continue
        frame = ctx.bars(m.ticker).loc[:asof]
        closes = close_series(frame["Close"])
        adjusted = frame["Adj Close"].reindex(closes.index) if "Adj Close" in frame.columns else None
        out.append((label(m.ticker, names), week_record_signal(
            closes, inside, adjusted, who=name_start(m.ticker, names),
            phrase_who=label(m.ticker, names))))
    return out


def ranked_week(closes: pd.Series) -> tuple[dt.date, float, str] | None:
    """An index's week of 2% or more (as printed) that ranks back a year or more
    (:func:`reaches_a_year`): how far back, the move, and its rank in words (:func:`week_rank`);
    else None."""
    moves = weekly_moves(closes)
    if len(moves) < 2 or round(abs(float(moves.iloc[-1])), 1) < 2.0:
        return None
    now = float(moves.iloc[-1])
    rank = move_rank(moves.iloc[:-1], now, moves.index[-1])
    if rank is None or not reaches_a_year(rank, as_date(moves.index[-1])):
        return None
    return rank.since or rank.first, now, week_rank(moves)


def _index_ranks(ctx: Context, indices: list[Move]) -> tuple[RecordLine, ...]:
    """The other indices' days and weeks that rank back a year or more (:func:`reaches_a_year`),
    a week from a 2% move (the VIX's from its own 12%, :func:`_vix_week_rank`): the replay's
    2001-01-07 said nothing of $QQQ's +16.8% of Jan 3, 2001, its best day in the data (3.5 times
    $SPY's ranked +4.8% that day), nor 2003-03-23 of $DIA's best week in the data (+7.8%); only
    $SPY's days and weeks were ranked.

    One line a session (and one for the week), its indices biggest move first, the lines reaching
    furthest back first: the replay's 2010-05-09 to 05-23 said one session index by index in up
    to four lines, and the cap, kept by reach, dropped $IWM, the biggest mover each time."""
    asof = ctx.snapshot.asof
    names = dict(ctx.config.names)
    groups: dict[object, list[tuple[dt.date, str, float, str, str]]] = {}
    found: list[tuple[dt.date, RecordLine]] = []  # (how far back the rank reaches, its line)
    for m in indices:
        closes = close_series(ctx.bars(m.ticker)["Close"].loc[: pd.Timestamp(asof)])
        who = name_start(m.ticker, names)
        if m.ticker == "^VIX":
            vix = _vix_week_rank(closes, who)
            if vix is not None:
                found.append(vix)
            continue
        if m.ticker == "SPY" or not tradeable(m.ticker):
            continue
        if (ranked := ranked_week(closes)) is not None:
            reach, now, words = ranked
            groups.setdefault("week", []).append((
                reach, who, now, words,
                f"{who} {'rose' if now > 0 else 'fell'} {abs(now):.1f}% on the week, its {words}."))
        day = big_day(closes)
        if day is not None and day.rank is not None and reaches_a_year(day.rank, day.day):
            words = _day_rank_words(day, day.rank)
            line = f"{big_day_words(day, who)}."
            groups.setdefault(day.day, []).append((_reach(day.rank), who, day.pct, words, line))
        elif day is not None and round(abs(day.pct), 1) >= DAY_MOVE_PCT:
            # a 3% day is never silent: the replay's 2022 had 35 index days of 3% or more in no
            # line (23 of them $QQQ's: Thursday, Feb 3's -4.2%), each ranking under a year back
            # among a year of big days; said with how common such days were lately (big_day
            # counts them for a day without a rank; a ranked day is among the quarter's three
            # biggest, which common_lately leaves unsaid), told last
            # a ranked day says its rank, under a year back too: "⚡ Monday: $QQQ fell 3.5%" beside
            # "$SPY's worst day since Dec 4, 2018" hid that it was $QQQ's too (the replay's
            # 2019-08-11; 6 issues of 2019-2020)
            words = (common_lately(day.pct, day.lately) if day.rank is None
                     else f", its {_day_rank_words(day, day.rank)}")
            line = (f"On {day.day:%A} {who} {'fell' if day.pct < 0 else 'rose'} "
                    f"{abs(day.pct):.1f}%{words}.")
            groups.setdefault(day.day, []).append((day.day, who, day.pct,
                                                   words.removeprefix(", its "), line))
    for key, members in groups.items():
        reach = min(f[0] for f in members)
        if len(members) == 1:
            _, who, _, words, line = members[0]
            found.append((reach, RecordLine(who, words if key == "week" else line, line)))
            continue
        members.sort(key=lambda f: -abs(f[2]))
        head = "On the week" if key == "week" else f"{key:%A}"
        said = "; ".join(f"{who} {'rose' if pct > 0 else 'fell'} {abs(pct):.1f}%"
                         + (f", its {words}" if words else "")
                         for _, who, pct, words, _ in members)
        line = f"{head}: {said}."
        found.append((reach, RecordLine(" ".join(f[1] for f in members), line, line)))
    found.sort(key=lambda f: f[0])  # stable: the week, then the days, on a tie
    return tuple(line for _, line in found[:MAX_INDEX_RANK_LINES])


def _vix_week_rank(closes: pd.Series, who: str = "The VIX",
                   a_year: bool = True) -> tuple[dt.date, RecordLine] | None:
    """The VIX's week from :data:`VIX_JUMP_PCT` (as printed) when it ranks back a year: "The VIX
    fell 39.1% on the week, its biggest weekly drop in the data here, back to Jan 2000." (the
    replay's 2013-01-06 left that record fall to the scoreboard, as a move that mirrors the S&P's
    week is no headline; 2014-01-26 called its biggest jump since May 2010 "waking up"), with how
    far back it reaches; else None."""
    moves = weekly_moves(closes)
    if len(moves) < 2 or round(abs(float(moves.iloc[-1])), 1) < VIX_JUMP_PCT:
        return None
    now = float(moves.iloc[-1])
    rank = move_rank(moves.iloc[:-1], now, moves.index[-1])
    if rank is None or (a_year and not reaches_a_year(rank, as_date(moves.index[-1]))):
        return None
    word = f"{rank.place}biggest weekly {'jump' if now > 0 else 'drop'}"
    if rank.since is None or rank.size is None:
        since = f"in the data here, back to {rank.first:%b %Y}"
    else:
        since = (f"since the week to {rank.since:%b} {rank.since.day}, {rank.since.year} "
                 f"({signed_percent(rank.size, 1)})")
    tail = f"{word} {since}"
    return (rank.since or rank.first, RecordLine(
        who, tail, f"{who} {'rose' if now > 0 else 'fell'} {abs(now):.1f}% on the week, its {tail}."))


def vix_week_words(ctx: Context, vix: Signal | None, m: Move | None) -> str:
    """The VIX's week as a ⚡ line when its size made it a headline candidate (:func:`_vix_signal`'s
    jump or drop) and no rank back a year says it already (:func:`_index_ranks`): "The VIX rose 32%
    on the week, to 20.70, its biggest weekly jump since the week to Jan 29, 2021 (+51.0%)." The
    replay's 2021-06-20 (the Fed's dots) had the VIX's +32% week, a candidate over the S&P's, in the
    scoreboard alone when the headline went to a call and the S&P's week; "" otherwise (the
    template leaves it out when the headline names the VIX)."""
    if vix is None or m is None or not vix.phrase.startswith(("VIX Jumps ", "VIX Sinks ")):
        return ""
    closes = close_series(ctx.bars("^VIX")["Close"].loc[: pd.Timestamp(ctx.snapshot.asof)])
    if _vix_week_rank(closes) is not None:
        return ""
    line = (f"The VIX {'rose' if m.change_pct > 0 else 'fell'} {abs(m.change_pct):.1f}% on the "
            f"week, to {m.close:.2f}")  # as the scoreboard prints it (2020-09-13: "13%" of -12.6%)
    ranked = _vix_week_rank(closes, a_year=False)
    return f"{line}, its {ranked[1].tail}." if ranked is not None else f"{line}."


VIX_DAY_JUMP_PCT = 20.0
"""A session the VIX closed this much (percent, as printed) over the close before is news of its
own: on the real bars 101 sessions of 2000-2022, about five a year."""


def vix_day_words(ctx: Context, said: Sequence[str] = ()) -> str:
    """The week's session the VIX jumped :data:`VIX_DAY_JUMP_PCT` or more, with $SPY's move that day
    and its rank in the week's data (a later, bigger day of the week counts as nearer): "Monday:
    the VIX jumped 23.5% to 25.71, as $SPY fell 1.7%, its worst day since Jun 18, 2021." ("" without
    one). The replays' 2021-09-26 was "VIX Sinks 15%" and nothing more the week of Sep 20
    (Evergrande: every index down 1.7% to 2.4%, the VIX up 23.5% to 25.71); 2021-07-25 the same of
    Jul 19's +22%: a day under 2% is no big day, and the VIX's week hid its day. ``said``: the
    recap's other lines; $SPY's part is left to a line of $SPY's day that tells the same session
    ("Thursday's 3.3% drop was $SPY's ..."), and the whole line to a line of the VIX's close that
    session (2020-03-22: "The VIX's Monday close, 82.69, was its highest close in the data")."""
    asof = pd.Timestamp(ctx.snapshot.asof)
    if not (ctx.snapshot.has("^VIX") and ctx.snapshot.has("SPY")):
        return ""
    vix = close_series(ctx.bars("^VIX")["Close"].loc[:asof])
    base = week_start(vix.index)
    if base is None or len(vix) < 2:
        return ""
    values = vix.to_numpy(dtype=float)
    jumps = (values[base + 1:] / values[base:-1] - 1.0) * 100.0
    if not jumps.size or round(float(jumps.max()), 1) < VIX_DAY_JUMP_PCT:
        return ""
    at = base + 1 + int(np.argmax(jumps))
    day = vix.index[at]
    vix_close = (f"The VIX's {day:%A} close, " if at < len(values) - 1
                 else "The VIX ended the week at its ")
    if any(line.startswith(vix_close) for line in said):
        return ""
    line = f"{day:%A}: the VIX jumped {float(jumps.max()):.1f}% to {values[at]:.2f}"
    spy = close_series(ctx.bars("SPY")["Close"].loc[:asof])
    if day in spy.index and not any(x.startswith(f"{day:%A}'s ") for x in said):
        moves = spy.pct_change().mul(100.0).iloc[1:]
        pct = float(moves.loc[day])
        # ranked against every other session to the as-of: a later day of the week counts
        rank = (move_rank(moves.drop(day), pct, day) if round(pct, 1) != 0 else None)
        line += f", as $SPY {'rose' if pct > 0 else 'fell'} {abs(pct):.1f}%"
        if rank is not None:
            word = f"{rank.place}{'best' if pct > 0 else 'worst'} day"
            line += (f", its {word} since {rank.since:%b} {rank.since.day}, {rank.since.year}"
                     if rank.since is not None
                     else f", its {word} in the data here, back to {rank.first:%b %Y}")
    return line + "."


def sp500_week(ctx: Context, spy: Move) -> tuple[pd.Series, str]:
    """The S&P's weekly moves (:func:`weekly_moves`) and how rare the last was
    (:func:`week_rank`): computed once a build, for the headline's signal and the recap's line."""
    moves = weekly_moves(ctx.bars("SPY")["Close"].loc[: pd.Timestamp(ctx.snapshot.asof)])
    return moves, week_rank(moves)


MAX_STOCK_LINES = 4
"""The recap says at most this many stocks' moves, biggest first (the headline weighs them all)."""


def stock_move_words(m: StockMove) -> str:
    """"$RKLB fell 48.9% on the week, with a 35.3% drop on Wednesday." or "$META rose 27.5% on
    Thursday; it ended the week up 12.0%."."""
    day = f"{abs(m.day_pct):.1f}% {'gain' if m.day_pct > 0 else 'drop'} on {m.day:%A}"
    if m.by_week:
        week = f"${m.ticker} {'rose' if m.week_pct > 0 else 'fell'} {abs(m.week_pct):.1f}% on the week"
        big_day = round(abs(m.day_pct), 1) >= STOCK_DAY_PCT
        return f"{week}, with a {day}." if big_day else f"{week}."
    return (f"${m.ticker} {'rose' if m.day_pct > 0 else 'fell'} {abs(m.day_pct):.1f}% on "
            f"{m.day:%A}; it ended the week {_ended(m.week_pct)}.")


def _stock_signal(m: StockMove, names: Mapping[str, str]) -> Signal:
    """"$RKLB Plunges 48.9%", "$META Soars 27.5% on Thursday": a 20% week weighs 2.0, as a 15%
    day does."""
    pct = m.week_pct if m.by_week else m.day_pct
    word = sized_word(pct, MOVER_WORDS) or ("Soars" if pct > 0 else "Plunges")
    phrase = f"{label(m.ticker, names)} {word} {abs(pct):.1f}%"
    if not m.by_week:
        phrase += f" on {m.day:%A}"
    words = stock_move_words(m)
    strength = abs(pct) / (STOCK_WEEK_PCT / 2.0) if m.by_week else abs(pct) / (STOCK_DAY_PCT / 2.0)
    return Signal(strength, phrase, words, aside=words, lean=1 if pct > 0 else -1)


def watchlist_stocks(ctx: Context) -> list[str]:
    """The single names the issue watches (breakdown, sentiment, story and theme lists), not the
    scoreboard's indices, sectors and macro lines, in order, once each."""
    w = ctx.config.watchlists
    board = {*w.indices, *w.macro, *w.sectors}
    names = [*w.breakdown, *w.sentiment, *w.story,
             *(t for theme in ctx.config.themes for t in (*theme.lead, *theme.lag))]
    return [t for t in dict.fromkeys(names) if t not in board and tradeable(t)]


def _stock_moves(ctx: Context) -> list[StockMove]:
    """:func:`stock_move` of every :func:`watchlist_stocks` name with bars, biggest first."""
    found = []
    for ticker in watchlist_stocks(ctx):
        frame = ctx.snapshot.bars.get(ticker)
        if frame is None or "Close" not in frame:
            continue
        move = stock_move(ticker, frame["Close"].loc[: pd.Timestamp(ctx.snapshot.asof)])
        if move is not None:
            found.append(move)
    return sorted(found, key=lambda m: -max(abs(m.week_pct), abs(m.day_pct)))


def _moves(ctx: Context, tickers: list[str], missing: list[str]) -> list[Move]:
    out = []
    for ticker in tickers:
        frame = ctx.snapshot.bars.get(ticker)
        move = weekly_move(frame, ctx.snapshot.asof, ticker) if frame is not None else None
        if move is None:
            missing.append(ticker)
        else:
            out.append(move)
    return out


def build(ctx: Context) -> Built | None:
    w = ctx.config.watchlists
    missing: list[str] = []
    indices = _moves(ctx, list(w.indices), missing)
    if not indices:
        raise missing_data(ctx.snapshot, list(w.indices), "the scoreboard indices this week")
    macro = _moves(ctx, list(w.macro), missing)
    sectors = sorted(_moves(ctx, list(w.sectors), missing), key=lambda m: -m.change_pct)
    spy = next((m for m in indices if m.ticker == "SPY"), None)
    # the S&P's week of 2% or more, ranked once: the headline's signal and the recap's line
    week = sp500_week(ctx, spy) if spy is not None and sized_word(spy.change_pct, SP500_WORDS) else None
    closes = (close_series(ctx.bars("SPY")["Close"].loc[: pd.Timestamp(ctx.snapshot.asof)])
              if spy is not None else None)
    inside = week_record(closes) if closes is not None else None
    stocks = _stock_moves(ctx)
    streaks, day_runs, ended = _runs_by_index(ctx, indices)
    crossed = _crossings(ctx, indices)
    drop = (intraday_drop(ctx.bars("SPY").loc[: pd.Timestamp(ctx.snapshot.asof)])
            if spy is not None else None)
    if drop is not None and not _confirmed(ctx, indices, drop):
        drop = None
    monday = ctx.snapshot.asof - dt.timedelta(days=ctx.snapshot.asof.weekday())
    shut = unscheduled_closures(monday, monday + dt.timedelta(days=4))  # found once: line and signal
    insides = _week_records(ctx, indices)
    records = _index_records(ctx, indices, insides)
    big_day = _recap_big_day(ctx)
    other_days = _recap_other_days(ctx)
    # one more record of a run has no line of its own, $SPY's as every index's (_index_records):
    # the replay's 2012-03-25, 04-01 and 04-08 each said "$SPY's Monday close ... was its highest
    # close since May 20, 2008" (its headline candidate stays, as background)
    week_record_line = (week_record_close(closes, inside)
                        if closes is not None and inside is not None and inside[1].fresh else "")
    # a week's one record close that a line of its own tells is not counted again: the replay's
    # 2013-04-07 said "⚡ $SPY's Tuesday close, 156.82, was its highest close in the data here"
    # above "⚡ Record closes this week: $SPY on 1 of 5 sessions (2 so far in 2013)" (13 lines of
    # 2013-2014, 7 of 2021)
    alone = {r.who for r in records if r.tail.startswith("highest close in the data here")}
    if week_record_line and " highest close in the data here" in week_record_line:
        alone.add("$SPY")
    counted = []
    for m in indices:
        counts = (record_close_counts(ctx.bars(m.ticker)["Close"].loc[: pd.Timestamp(ctx.snapshot.asof)])
                  if tradeable(m.ticker) else None)
        who = name_start(m.ticker, dict(ctx.config.names))
        if counts is not None and not (counts[0] == 1 and who in alone):
            counted.append((who, counts))
    data = RecapData(
        asof=ctx.snapshot.asof,
        week_start=monday,
        indices=tuple(indices),
        macro=tuple(macro),
        sectors=tuple(sectors),
        graded=ctx.graded,
        from_issue={g.call.id: words for g in ctx.graded
                    if (words := from_issue_words(g.call, ctx.issue_date))},
        notes=tuple(ctx.notes.recap),
        missing=tuple(missing),
        missing_why=tuple(why_missing(ctx.snapshot, t) for t in missing),
        record=ctx.record,
        big_day=big_day,
        other_days=other_days,
        year=year_words(ctx, indices),
        month=month_words(ctx, indices),
        intraday=intraday_words("$SPY", drop) if drop is not None else "",
        ended_streaks=tuple(
            ended_streak_words("$SPY" if m.ticker == "SPY" else name_start(m.ticker, dict(ctx.config.names)),
                               k, m.change_pct, m.with_dividend) for m, k in ended[:MAX_STREAK_LINES]),
        day_streaks=tuple(day_streak_words(name_start(m.ticker, dict(ctx.config.names)), k,
                                           ctx.snapshot.asof) for m, k in day_runs[:MAX_STREAK_LINES]),
        streaks=tuple(week_streak_words("$SPY" if m.ticker == "SPY" else name_start(m.ticker, dict(ctx.config.names)), k)
                      for m, k in streaks[:MAX_STREAK_LINES]),
        # with the week's own move: the replay's 2004-2006 lines quoted only the comparison week's
        # ("$SPY's worst week since the week to Jun 20, 2008 (-3.4%).", 24 of 24)
        week_rank=(f"$SPY {'rose' if spy.change_pct > 0 else 'fell'} {abs(spy.change_pct):.1f}% on "
                   f"the week, its {week[1]}." if spy is not None and week is not None and week[1]
                   else ""),
        week_record=week_record_line,
        records=records,
        record_counts=record_counts_words(counted, ctx.snapshot.asof.year,
                                          done=ctx.issue_date.year != ctx.snapshot.asof.year),
        index_ranks=_index_ranks(ctx, indices),
        failed_crosses=tuple(
            line for m in indices if tradeable(m.ticker)
            and (line := failed_cross_words(
                m.ticker, close_series(ctx.bars(m.ticker)["Close"].loc[: pd.Timestamp(ctx.snapshot.asof)])))),
        closed=closed_words(monday, shut),
        short_week=short_week_words(monday, ctx.snapshot.asof),
        off_highs=tuple(crossing_words("$SPY" if t == "SPY" else name_start(t, dict(ctx.config.names)),
                                       found, older) for t, found, older in crossed),
        stock_moves=tuple(stock_move_words(m) for m in stocks[:MAX_STOCK_LINES]),
        vix_day=(vix_day_words(ctx, [big_day, *other_days, *(r.line for r in records)])
                 if any(m.ticker == "^VIX" for m in indices) else ""),
    )
    signals = _signals(ctx, indices, macro, sectors, week, crossed)
    # every cross has its line, as every record does: a cross was a headline candidate only, and
    # the sample's 2025-06-15 ($SPY losing its 200-day after 165 sessions) and 2025-12-21 ($SPY,
    # $QQQ and $IWM the same week) said none (9 of 10 crosses); the real bars' 2006-06-11 the same
    data = replace(data, crosses=tuple(s.hook for s in signals
                                       if s.story in CROSS_STORIES.values()),
                   # the VIX's record inside the week tells its week better than the week's move:
                   # 2011-08-14 said "The VIX rose 14% on the week, to 36.36" beside Monday's
                   # 48.00, its highest close since 2009, 24% over Friday's
                   vix_week="" if any(r.who == "The VIX" for r in records) else vix_week_words(
                       ctx, next((s for s in signals if s.subject == "VIX"
                                  and s.phrase.startswith(("VIX Jumps ", "VIX Sinks "))), None),
                       next((m for m in [*indices, *macro] if m.ticker == "^VIX"), None)))
    inside_records: list[tuple[str, Signal]] = []
    if closes is not None and inside is not None:
        spy_bars = ctx.bars("SPY").loc[: pd.Timestamp(ctx.snapshot.asof)]
        inside_records.append(("$SPY", week_record_signal(
            closes, inside, spy_bars["Adj Close"].reindex(closes.index)
            if "Adj Close" in spy_bars.columns else None)))
    inside_records += _other_week_record_signals(ctx, indices, insides)
    signals += grouped_week_records(inside_records)
    signals += [_stock_signal(m, dict(ctx.config.names)) for m in stocks]
    if (year := year_signal(ctx)) is not None:
        signals.append(year)
    if (month := calendar_signal(ctx, "month")) is not None:
        signals.append(month)
    signals += [_streak_signal(m.ticker, k, dict(ctx.config.names)) for m, k in streaks[:1]]
    signals += [_ended_streak_signal(m, k, dict(ctx.config.names)) for m, k in ended[:1]]
    if drop is not None:
        signals.append(_intraday_signal(drop, data.intraday))
    signals += [_day_streak_signal(m.ticker, k, dict(ctx.config.names), ctx.snapshot.asof)
                for m, k in day_runs[:1]]
    if shut and (closure := _closed_signal(len(shut), data.closed)) is not None:
        signals.append(closure)
    bars = [*indices, *sectors]
    chart = ChartRequest(
        name="recap_returns",
        kind="returns",
        inputs={"returns": {m.ticker: m.change_pct for m in bars if m.ticker not in YIELD_TICKERS
                            and not m.ticker.startswith("^")},
                "indices": [m.ticker for m in indices if not m.ticker.startswith("^")],
                "title": f"The week to {ctx.snapshot.asof:%b} {ctx.snapshot.asof.day}"},
    )
    section = Section(key=KEY, emoji=EMOJI, title=TITLE, data=data,
                      commentary=ctx.notes.commentary.get(KEY, ""))
    fix = (f"🔙 No data this week for {', '.join(missing)}: {how_to_get(ctx.snapshot)}",) if missing else ()
    return Built(section=section, charts=(chart,), signals=tuple(signals), warnings=fix)
