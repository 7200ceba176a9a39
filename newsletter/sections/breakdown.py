"""📌 Breakdown Watch: watchlist names rejected at or broken below the 200-day or support.

Each pick carries the options walls around the price and a short trade plan
(newsletter/trade_plan.py): the trigger at the nearest level under the close,
the stop just past the structure that kills the setup (the rejection's high,
the broken support, the week's high), the target at the next structural level
(a pivot, a put wall) or, under a 52-week low where none exists, a measured
move. A plan that passes the rules makes a short Call for the ledger; one that
fails is shown as "no trade". Names that did not break are still reported: the
author's ``watch:`` names each get a line, and a quiet week names the closest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from newsletter.analysis.breakdown import (
    MomentumCrack,
    Rejection,
    SupportBreak,
    broke_support,
    momentum_cracks,
    rejected_at_200d,
    still_broken,
    still_rejected,
)
from newsletter.analysis.close_records import CloseRecord, close_record
from newsletter.analysis.history import NotEnoughData, as_date
from newsletter.analysis.indicators import atr, rsi, sma
from newsletter.analysis.levels import (
    WEEKS_52,
    SupportResistance,
    measured_level,
    pivot_levels,
    range_52w,
    support_resistance,
)
from newsletter.analysis.options_positioning import OptionsPositioning, options_positioning
from newsletter.analysis.periods import week_base_date
from newsletter.calls import failed_before, open_section_call, standing_call
from newsletter.display import a_or_an, gap, gap_pct, label, quote, short_date
from newsletter.model import Call, GradedCall, Section
from newsletter.sections.base import Built, ChartRequest, Context, Signal, why_missing
from newsletter.sections.recap import PLUNGE_PCT, record_tail, weekly_move
from newsletter.sections.recap_records import BACKGROUND_STRENGTH
from newsletter.trade_plan import TradePlan, plain_failure, plan

KEY, EMOJI, TITLE = "breakdown", "📌", "Breakdown Watch"
NUMBERED = True
MAX_PICKS = 2
HORIZON_DAYS = 26  # four weeks after the Sunday issue, a Friday


STOP_BUFFER_ATRS = 0.25
"""The stop sits this far past the structure that invalidates the setup."""
MIN_TARGET_ATRS = 1.0
"""A level closer than this under the trigger is noise, not a target."""
NEXT_PIVOT = "the next support pivot"
"""A target's source when it is a support pivot (:func:`_target`)."""
MEASURED_ATRS = 3.0
"""With no level under the trigger (a 52-week low), the target is this many ATRs under it."""
MAX_TARGET_ATRS = 5.0
"""A level further than this under the trigger (in ATRs, as printed) is out of reach by a call's horizon: the target
is then the measured move. The replay's 2019-06-02 aimed $IWM at its Dec 2018 crash low, 13.4%
and 7.6 ATRs under the trigger in four weeks ("R/R 15.2 to 1"), and 2019-08-25's call stood only
on such a target (R/R 2.8; 1.2 to a measured move)."""
SETUPS = {"rejection": "rejection at the 200-day", "break": "support break",
          "crack": "momentum crack", "low": "52-week low"}


@dataclass(frozen=True)
class Pick:
    ticker: str
    close: float
    sma50: float
    sma200: float
    below_200d_pct: float
    rsi14: float
    at_52w_low: bool
    """The last close is the lowest of the last 52 weeks (no pivot lies under it)."""
    rejection: Rejection | None
    support_break: SupportBreak | None
    cracks: tuple[MomentumCrack, ...]
    support: float | None
    options: OptionsPositioning | None
    trigger: float
    target: float
    target_source: str
    stop: float
    stop_source: str
    score: float
    plan: TradePlan
    call: Call | None
    """The ledger call; None when the plan fails a rule (shown as "no trade")."""
    kind: str = "low"
    """The key of :data:`SETUPS` the pick was made on."""
    record: CloseRecord | None = None
    """At a 52-week closing low: the low as a record, in whole years and since when (the
    headline's and the recap's one definition, :func:`newsletter.analysis.close_records.close_record`)."""
    trigger_from: str = "half an ATR"
    """What the trigger is (:data:`TRIGGER_FROM`); the template words it beside the level."""
    trigger_date: dt.date | None = None
    """The trigger pivot's date, or the session whose low it is."""
    lowest_since: tuple[float, dt.date] | None = None
    """The lowest low after the session the setup formed (the break's or the rejection's) and its
    date, the test the plan's target uses too (:func:`target_traded_on`); None when it formed on
    the last session."""

    @property
    def setup(self) -> str:
        return self.plan.setup

    @property
    def broken_support(self) -> float | None:
        """The support level the break went under (None without a break)."""
        return self.support_break.support if self.support_break is not None else None

    @property
    def since_break(self) -> str:
        """The close against a support broken sessions ago (:func:`since_break`)."""
        if self.support_break is None:
            return ""
        return since_break(self.support_break, self.close,
                           self.lowest_since if self.kind == "break" else None)

    @property
    def trigger_taken_back(self) -> dt.date | None:
        """The session the setup formed on (the break's or the rejection's) when its own close was
        already under the trigger (in cents, as the grader reads a close) and the price has taken
        the trigger back since: the call is a retest, and says so. The real bars' 2021-12-19 printed
        "If **215.00** ... cracks on a close" under "closed under support on Dec 16: **213.18**".
        That session stays out of "fired already" (:func:`trigger_closed_on`): counting it cost
        2000-2012 11 calls, 3 of them hits of 5 decided, and the rate fell from 38% to 36%. A
        trigger that is a later session's low was no level on that session."""
        formed = (self.support_break if self.kind == "break"
                  else self.rejection if self.kind == "rejection" else None)
        if formed is None or self.close < round(self.trigger, 2):
            return None
        if self.trigger_from == "low" and self.trigger_date is not None \
                and self.trigger_date > formed.date:
            return None
        return formed.date if formed.close < round(self.trigger, 2) else None

    @property
    def rejection_phrases(self) -> tuple[str, ...]:
        """:func:`rejection_phrases` of the rejection (empty without one)."""
        return rejection_phrases(self.rejection) if self.rejection else ()

    @property
    def rejection_day(self) -> str:
        """:func:`rejection_day_words` of the rejection ("" without one)."""
        return rejection_day_words(self.rejection) if self.rejection else ""

    @property
    def since_rejection(self) -> str:
        """The close against the 200-day sessions after a rejection (:func:`since_rejection`)."""
        if self.rejection is None:
            return ""
        return since_rejection(self.rejection, self.close, self.sma200,
                               self.lowest_since if self.kind == "rejection" else None)

    @property
    def low_words(self) -> str:
        """"52-week low", "5-year low": the record's span ("52-week" for a plain 52-week low)."""
        years = self.record.years if self.record is not None else 1
        return "52-week low" if years == 1 else f"{years}-year low"

    @property
    def low_since(self) -> str:
        """"lowest close since Apr 16, 2003" (empty without a record: a tie inside the 52 weeks)."""
        return record_tail(self.record) if self.record is not None else ""


HARD_REJECTION_PCT = 1.0
"""A rejection whose close finished this far (percent) under the 200-day is said as a hard one."""


def rejection_phrases(rejection: Rejection) -> tuple[str, ...]:
    """The opening sentences for a rejection at the 200-day (one is picked per issue), the size of
    how far the close finished under the line: "rejected hard" and "slapped back" only from
    :data:`HARD_REJECTION_PCT` under it (the 2009-07-12 issue said "rejected hard" of a close
    0.2% under), and never of a session that closed up (:func:`rejection_day_words`)."""
    under = (1.0 - rejection.close / rejection.sma200) * 100.0
    if round(under, 6) >= HARD_REJECTION_PCT and round(rejection.day_pct, 1) <= 0:
        return ("%s was rejected hard at the 200-day moving average.",
                "%s ran into the 200-day and got slapped back.")
    return ("The 200-day held as resistance for %s.",
            "%s tested the 200-day and closed just under it.")


def rejection_day_words(rejection: Rejection) -> str:
    """", up 1.8% on the day" for a rejection on a session that closed up (as printed), else "":
    the replay's 2007-08-19 said "$IWM was rejected hard at the 200-day" of a session that closed
    up 2.0%, beside the Rotation Play's "1 day: $IWM +2.00%"."""
    shown = round(rejection.day_pct, 1)
    return f", up {shown:.1f}% on the day" if shown > 0 else ""


def _since(sessions_ago: int, event: str, event_close: float, close: float, level: float,
           level_words: str, low_since: tuple[float, dt.date] | None = None) -> str:
    """Where the last close stands against ``level``, sessions after the ``event`` that closed at
    ``event_close`` ("" when it was the last session): how far from the level, and, when the close
    has climbed back over the event's own close, whether the event followed through first (a
    trade under its own close, in cents: ``low_since``, the lowest low since and its date) and was
    bought back, or has not followed through yet. The real bars' 2022-02-27 said "no
    follow-through yet" of $DIA after closes at 336.01 and 331.52 under its 337.08 break."""
    if sessions_ago == 0:
        return ""
    words = f"The last close, **{quote(close)}**, is {gap(close, level)} {level_words}"
    if round(close, 2) > round(event_close, 2):
        if low_since is not None and round(low_since[0], 2) < round(event_close, 2):
            return (f"{words}, back above the {event}'s close after trading as low as "
                    f"**{quote(low_since[0])}** on {short_date(low_since[1])}.")
        return f"{words}, above the {event}'s close: no follow-through yet."
    return f"{words}."


def since_break(brk: SupportBreak, close: float,
                low_since: tuple[float, dt.date] | None = None) -> str:
    """The last close against a support broken sessions ago (:func:`_since`)."""
    return _since(brk.sessions_ago, "break", brk.close, close, brk.support, "it", low_since)


def since_rejection(rejection: Rejection, close: float, sma200: float,
                    low_since: tuple[float, dt.date] | None = None) -> str:
    """The last close against the 200-day, sessions after a rejection at it (:func:`_since`)."""
    return _since(rejection.sessions_ago, "rejection", rejection.close, close, sma200,
                  "the 200-day", low_since)


PLUNGE_PHRASES = {"rejection": "From the 200-Day", "break": "Through Support",
                  "crack": "Under Its 200-Day"}


def _plunge(kind: str, low_words: str, week_pct: float | None) -> str | None:
    """"Plunges 24.9% Through Support" for a week's fall of :data:`PLUNGE_PCT` or more, as printed,
    else None: "Cracking Support" headed TSLA's 24.9% week (the sample, seed 5, 2026-11-08)."""
    if week_pct is None or round(-week_pct, 1) < PLUNGE_PCT:
        return None
    where = PLUNGE_PHRASES.get(kind, f"to {a_or_an(low_words.title())}")
    return f"Plunges {abs(week_pct):.1f}% {where}"


FAR_UNDER_PCT = 10.0
"""A momentum crack this far (percent, as the phrase prints it) under the 200-day does not "roll
over" under it: "$QQQ Rolls Over Under Its 200-Day" was said 33% under it (the real bars,
2000-12-31) and "$NVDA" 47.5% under (the sample, seed 71)."""


def _happened(t: str, kind: str, support: float | None, low_words: str,
              above_200d_pct: float | None = None) -> tuple[str, str]:
    """The headline phrase of a pick by its kind, and the sentence of what happened."""
    if (kind == "crack" and above_200d_pct is not None
            and round(-above_200d_pct) >= FAR_UNDER_PCT):
        under = -above_200d_pct
        return (f"Loses Momentum {under:.0f}% Under Its 200-Day",
                f"{t}'s momentum cracked {under:.1f}% under its 200-day")
    return {
        "rejection": ("Rejected at the 200-Day", f"{t} was rejected at its 200-day"),
        "break": ("Cracking Support", f"{t} closed under its {support:,.2f} support" if support
                  else f"{t} closed under support"),
        "crack": ("Rolls Over Under Its 200-Day", f"{t}'s momentum cracked under its 200-day"),
    }.get(kind, (f"Breaks to {a_or_an(low_words.title())}", f"{t} closed at {a_or_an(low_words)}"))


NEWS_STRENGTH = 0.9
"""A pick whose plan fails the rules is news, not a call (:func:`news_words`): it weighs under a
2% S&P week or a 2% mover (1.0) and over a standing state (0.7), so it leads a quiet week and
never a week with a sized move (weighed by its score, it took 216 of 1,037 replayed headlines,
"The S&P Slides 2.6%" among them); a call weighs 2 plus half its score."""


RISING_WEEK_CALL_STRENGTH = NEWS_STRENGTH
"""A call on a support break in a week its name rose (as printed) weighs as breakdown news, under
a notable week (1.0), not 2 plus half its score: the replay's 2011-10-09 led "$SPY Cracking Support" alone in the week $SPY
rose 2.3% off its 2011 low ("$SPY Rips 2.3%" left out for the same name), 2021-11-21 in a week of
two $SPY record closes (5 of 22 call headlines of 2011-2012 were of weeks the name rose or
bounced); at 1.0 it still led 2021-11-21 over $IWM's -2.8% (0.94). Said "Dips Under Support",
with the trade as the aside of the name's story when that leads. The call itself stands: a rule dropping such calls, measured on 2000-2012 (161 calls, 36%
of 77 decided, -0.25R a decided call, against 189, 38% of 88, -0.24R), was not taken."""


def news_pick(picks: Sequence[Pick], held: Mapping[str, Call],
              week_change: Mapping[str, float]) -> Pick | None:
    """The pick whose news may lead the headline when no pick is a call: the first (by score) with
    no standing call that did not rise on the week (``week_change``, percent): "$IWM Rolls Over
    Under Its 200-Day" read wrong over IWM's 3.5% rally (2022-10-23); and not a break that failed,
    its stop traded or its trigger closed through and came back (:data:`FAILED_BREAK`)."""
    for p in picks:
        change = week_change.get(p.ticker)
        failed = p.plan.dead or any(f.startswith(FAILED_BREAK) for f in p.plan.failures)
        if p.ticker not in held and change is not None and round(change, 6) <= 0.0 and not failed:
            return p
    return None


def _earlier_week(pick: Pick, ctx: Context) -> bool:
    """Whether the pick's break or rejection closed before the week's first session: last week's
    issue had it (:func:`~newsletter.analysis.periods.week_base_date`)."""
    formed = (pick.support_break.date if pick.kind == "break" and pick.support_break is not None
              else pick.rejection.date if pick.kind == "rejection" and pick.rejection is not None
              else None)
    base = week_base_date(ctx.bars(pick.ticker)["Close"].loc[: pd.Timestamp(ctx.snapshot.asof)].index)
    return formed is not None and base is not None and formed <= base


FAILED_BREAK = ("dead", "fired already", "played out")
"""The plan failures (:func:`~newsletter.trade_plan.plan`'s words) of a break that failed, or whose
move is done: the real bars' 2008-08-24 whole headline "$IWM Breaks Support" stood over "it already
closed under the 73.10 trigger on Aug 20 and came back", 2007-11-25's over a setup dead since its
stop traded, 2015-01-18's ("VIX Jumps 19% & $IWM Breaks Support") over "it already traded at the
114.29 target on Jan 16: the move is done", $IWM back 2.2% over that low at the close."""


def news_words(ticker: str, kind: str, failures: tuple[str, ...], support: float | None,
               low_words: str, held_back_only: bool = False,
               week_pct: float | None = None,
               above_200d_pct: float | None = None) -> tuple[str, str]:
    """The headline phrase and hook of a pick that is news, not a call: what happened and the
    first reason there is no trade, plainly ("$QQQ closed under its 314.56 support, but at these
    levels the trade pays 1.68 to 1, under the 2 to 1 a call needs.", :func:`plain_failure`).
    A break is "Breaks Support": "Cracking Support" is the call's phrase. A plan held back only
    by its setup's replayed record (:attr:`TradePlan.held_back_only`) is "no trade: this setup
    lost ...": nothing is wrong with its levels."""
    t = f"${ticker}"
    phrase, happened = _happened(t, kind, support, low_words, above_200d_pct)
    if kind == "break":
        phrase = "Breaks Support"
    phrase = _plunge(kind, low_words, week_pct) or phrase
    if held_back_only or not failures:
        return f"{t} {phrase}", f"{happened}; no trade: {'; '.join(failures)}."
    return f"{t} {phrase}", f"{happened}, but {plain_failure(failures[0])}."


def signal_words(ticker: str, kind: str, trigger: float, target: float, rr_text: str,
                 support: float | None, low_words: str,
                 standing: Call | None = None, week_pct: float | None = None,
                 above_200d_pct: float | None = None) -> tuple[str, str]:
    """The headline phrase of a traded pick, by the kind of breakdown it is, and the hook's
    sentence: what happened and the trade ("$NVDA closed under its 303.79 support: short under
    300.00, target 280.44, R/R 2.9 to 1."); with an earlier call still open on the same trade
    (:func:`newsletter.calls.standing_call`), that call, as the section prints it."""
    t = f"${ticker}"
    phrase, happened = _happened(t, kind, support, low_words, above_200d_pct)
    phrase = _plunge(kind, low_words, week_pct) or phrase  # the size of a week's fall of 10% or more
    if standing is not None:
        return (f"{t} {phrase}",
                f"{happened}: the same trade as the call from {standing.made_on:%b} "
                f"{standing.made_on.day}, short under {standing.trigger:,.2f}, which stands.")
    return (f"{t} {phrase}",
            f"{happened}: short under {trigger:,.2f}, target {target:,.2f}, {rr_text}.")


def also_phrase(kind: str, above_200d_pct: float, record: CloseRecord | None) -> str:
    """How a name that did not make the cut broke down, in a few words, with its 200-day:
    "under support, 1.0% over its 200-day", "a 5-year low, 32.7% under its 200-day"."""
    where = gap_pct(above_200d_pct)
    if kind == "rejection":
        return f"rejected at the 200-day, {where} it"
    what = {"break": "under support", "crack": "momentum cracking"}.get(kind)
    if what is None:
        years = record.years if record is not None else 1
        what = "a 52-week low" if years == 1 else a_or_an(f"{years}-year low")
    return f"{what}, {where} its 200-day"


@dataclass(frozen=True)
class WatchLine:
    """A name on watch that did not break: where it sits against its 200-day."""

    ticker: str
    close: float
    sma200: float
    above_200d_pct: float
    """``(close / sma200 - 1) * 100``: positive above the 200-day."""
    support: float | None = None
    """The nearest support pivot under the close (the Technical Setup's), None with none."""

    @property
    def support_gap_pct(self) -> float | None:
        """``(close / support - 1) * 100``; None without a support."""
        return (self.close / self.support - 1.0) * 100.0 if self.support is not None else None

    @property
    def support_nearer(self) -> bool:
        """Over its 200-day, with a support pivot strictly nearer under the close than the
        average: a close under that pivot is the nearer break (the 2013-08-25 issue named $DIA
        "4.3% above its 200-day", 0.3% over its support)."""
        gap = self.support_gap_pct
        return (gap is not None and self.above_200d_pct > 0
                and round(gap, 6) < round(self.above_200d_pct, 6))

    @property
    def support_words(self) -> str:
        """"0.3% above its **149.31** support"; "a hair above" when that prints as 0.0% (the
        2012-08-19 issue: $DIA at 132.42 over a 132.41 pivot)."""
        gap = self.support_gap_pct
        if self.support is None or gap is None:
            return ""
        return f"{gap_pct(gap, over='above')} its **{quote(self.support)}** support"

    @property
    def average_words(self) -> str:
        """"4.3% above its 200-day", "2.1% under its 200-day"; "a hair above" when that prints as
        0.0% (the 2019-02-17 issue: "closest: $QQQ, 0.0% above its 200-day")."""
        return f"{gap_pct(self.above_200d_pct, over='above')} its 200-day"

    @property
    def place_words(self) -> str:
        """Where it sits, nearer setup first: "0.3% above its **149.31** support, 4.3% above its
        200-day" when the support is nearer, else :attr:`average_words` alone."""
        return (f"{self.support_words}, {self.average_words}" if self.support_nearer
                else self.average_words)

    @property
    def distance_pct(self) -> float:
        """How far the close is from the nearer level a setup would start at, percent."""
        gap = self.support_gap_pct
        return gap if self.support_nearer and gap is not None else abs(self.above_200d_pct)


@dataclass(frozen=True)
class BreakdownData:
    picks: tuple[Pick, ...]
    skipped: tuple[str, ...]
    watching: tuple[WatchLine, ...] = ()
    """The author's ``watch:`` names that did not break this week."""
    closest: WatchLine | None = None
    """When nothing broke: the scanned name nearest to a setup (:attr:`WatchLine.distance_pct`:
    its support pivot or its 200-day, whichever is nearer)."""
    also: tuple[str, ...] = ()
    """Names that also broke down but did not make the cut of MAX_PICKS."""
    also_words: tuple[str, ...] = ()
    """How each of ``also`` broke down (:func:`also_phrase`), in the same order."""
    quiet_count: int = 0
    """How many scanned names did not break this week."""
    all_under: bool = False
    """Every one of them already sits under its 200-day: old breakdowns, no fresh one (a bear
    market's quiet week), so the closest is the nearest to a rally into the average, not a break."""
    any_under: bool = False
    """At least one of them already sits under its 200-day: the quiet week says "nothing new
    broke down", not "nothing broke down" of names long broken."""
    open_calls: Mapping[str, GradedCall] = field(default_factory=dict)
    """Ticker to an earlier call still open on it, for each pick whose plan is no trade this week:
    the replay's 2014-03-30 printed "🚫 No trade: R/R 1.34" for $QQQ while its recap graded the
    open short from two weeks before "+0.7R so far", and no line told a holder it stood."""
    retries: Mapping[str, GradedCall] = field(default_factory=dict)
    """Each call's ticker → the earlier call on the same level that failed in the last four
    weeks (:func:`~newsletter.calls.failed_before`): the call is a second try, and says so."""

    @property
    def count(self) -> int:
        return len(self.picks)


TRIGGER_FROM = ("pivot", "put wall", "low", "half an ATR")
"""What a trigger is, in the order a tie is broken: the support pivot, the options crack level
(the put wall), the last session's low, or half an ATR under the close when none is under it."""


def _trigger(bars: pd.DataFrame, close: float, sr: SupportResistance,
             options: OptionsPositioning | None, atr14: float) -> tuple[float, str, dt.date | None]:
    """The nearest level under the close, what it is (:data:`TRIGGER_FROM`) and its date (a
    pivot's, the low's session): "If 84.00 cracks" read as a number from nowhere beside a target
    and a stop that each said what they were (replay config, 2008-10-26)."""
    crack = options.crack_level if options is not None else None
    found = [(sr.support, "pivot", sr.support_date), (crack, "put wall", None),
             (float(bars["Low"].iloc[-1]), "low", as_date(bars.index[-1]))]
    below = [(x, what, when) for x, what, when in found if x is not None and x < close]
    if not below:
        return close - 0.5 * atr14, "half an ATR", None
    level = max(x for x, _, _ in below)
    return next(item for item in below if item[0] == level)


def _target(bars: pd.DataFrame, trigger: float, options: OptionsPositioning | None,
            atr14: float) -> tuple[float, str]:
    """The first structural level at least an ATR and at most :data:`MAX_TARGET_ATRS` under the
    trigger, else a measured move."""
    floor = trigger - MIN_TARGET_ATRS * atr14
    pivots = list(pivot_levels(bars, trigger, "below"))
    found: list[tuple[float, str]] = [(p, NEXT_PIVOT) for p in pivots]
    if options is not None:
        # options.target is the next wall under the put wall (or a support under it)
        beyond = (f"the next put wall under the one at {options.put_wall:,.2f}"
                  if options.target_source == "put wall" else f"the {options.target_source}")
        found += [(x, why) for x, why in ((options.put_wall, "the put wall"),
                                          (options.target, beyond)) if x is not None]
    def atrs(x: float) -> float:  # how far under the trigger, in ATRs as printed
        return round((trigger - x) / atr14, 1)

    within = [(x, why) for x, why in found if x <= floor and atrs(x) <= MAX_TARGET_ATRS]
    if within:
        target, why = max(within, key=lambda f: f[0])
        return target, why + _passed(why == NEXT_PIVOT, [p for p in pivots if target < p < trigger])
    # a pivot too close to aim at is still a level the trader meets first: name it
    close_by = [p for p in pivots if floor < p < trigger]
    far = [p for p in pivots if atrs(p) > MAX_TARGET_ATRS]
    why = (f"the support pivot at {max(close_by):,.2f} is within an ATR of it" if close_by
           else f"the next support pivot, {max(far):,.2f}, is {atrs(max(far)):.1f} ATRs under it, "
                "out of reach by the horizon" if far
           else "no support pivot under it")
    return (measured_level(trigger, atr14, "below", MEASURED_ATRS),
            f"a measured move, {MEASURED_ATRS:g} ATRs under the trigger: {why}")


def _passed(pivot: bool, pivots: Sequence[float]) -> str:
    """The support pivots a target lies past, which the trader meets first (nearest first), as
    words to follow the target's source (``pivot``: the target is itself a pivot,
    :data:`NEXT_PIVOT`): " an ATR or more under the trigger, past the one at 97.00"; "" when
    there are none."""
    if not pivots:
        return ""
    prices = [f"{p:,.2f}" for p in sorted(pivots, reverse=True)]
    if len(prices) > 2:  # 2010-05-09 listed four: the count and the span say as much
        span = f"{len(prices)} {'others' if pivot else 'support pivots'}, {prices[0]} to {prices[-1]}"
        return f" an ATR or more under the trigger, past {span}" if pivot else f", past {span}"
    listed = " and ".join(prices)
    if pivot:
        return (" an ATR or more under the trigger, past "
                + (f"the one at {listed}" if len(prices) == 1 else f"those at {listed}"))
    return f", past the support pivot{'s' if len(prices) > 1 else ''} at {listed}"


def _stop(bars: pd.DataFrame, kind: str, rejection: Rejection | None, support_break: SupportBreak | None,
          atr14: float) -> tuple[float, float, str]:
    """The structure that kills the setup, the stop just past it, and what the structure is."""
    if kind == "rejection" and rejection is not None:
        structure, why = rejection.high, "over the rejection's high"
    elif kind == "break" and support_break is not None:
        structure, why = support_break.support, "over the broken support"
    else:
        structure, why = float(bars["High"].iloc[-5:].max()), "over the week's high"
    return structure, structure + STOP_BUFFER_ATRS * atr14, why


def _after(bars: pd.DataFrame, column: str, since: dt.date | None) -> pd.Series:
    """``column`` over the sessions after ``since``, the session the setup formed (empty without
    one): what the stop, the target and the follow-through line are each read on."""
    values = bars[column]
    return values[values.index > pd.Timestamp(since)] if since is not None else values.iloc[:0]


def stop_traded_on(bars: pd.DataFrame, since: dt.date | None, stop: float) -> dt.date | None:
    """The first session after ``since`` (the rejection's or the break's) whose high traded at or
    over ``stop`` (in cents, as the call records it), the test :func:`newsletter.calls.grade_calls`
    applies to a stop (a high at or past it): the setup its own line calls killed. The sample
    (seed 13) made "$META ... A trade above **499.99** kills the setup" on 2026-05-17 after trades
    at 503.91 and 503.79 that week (12 of 64 calls)."""
    highs = _after(bars, "High", since)
    hit = highs[highs >= round(stop, 2)]
    return as_date(hit.index[0]) if len(hit) else None


def trigger_closed_on(bars: pd.DataFrame, since: dt.date | None, trigger: float,
                      trigger_date: dt.date | None = None) -> dt.date | None:
    """The first session after ``since`` whose close was under ``trigger`` (in cents): the grader's
    entry for a short (:func:`newsletter.calls.grade_calls`). The trade the call waits for has been
    entered already: the sample (seed 71) printed "👉 If **146.88** ... cracks on a close" after
    $COIN had closed at 140.53 under it and come back (13 of 50 calls).

    A trigger that is a session's low (``trigger_date``) is no level before that session: only
    closes after it count (the real bars' 2018-06-03 said $DIA "already closed under the 245.65
    trigger on May 31", the Jun 1 low, of May 31's close)."""
    if since is not None and trigger_date is not None and trigger_date > since:
        since = trigger_date
    closes = _after(bars, "Close", since)
    hit = closes[closes < round(trigger, 2)]
    return as_date(hit.index[0]) if len(hit) else None


def target_traded_on(bars: pd.DataFrame, since: dt.date | None, target: float) -> dt.date | None:
    """The first session after ``since`` whose low traded at or under ``target`` (in cents, the
    grader's test of a short's target): the move the setup expects has already happened. The real
    bars' 2022-02-27 shorted $DIA for 332.96 after a Feb 24 low of 322.69, two sessions after its
    break (8 of 67 short calls of 2018-2022)."""
    lows = _after(bars, "Low", since)
    hit = lows[lows <= round(target, 2)]
    return as_date(hit.index[0]) if len(hit) else None


def _pick(ctx: Context, ticker: str) -> Pick | WatchLine:
    bars = ctx.bars(ticker)
    close_s = bars["Close"]
    close = float(close_s.iloc[-1])
    sma200 = float(sma(close_s, 200).iloc[-1])
    sma50 = float(sma(close_s, 50).iloc[-1])
    # a rejection the price closed back through, or a support it reclaimed, is not live
    rejections = still_rejected(bars, rejected_at_200d(bars, within=5))
    breaks = still_broken(bars, broke_support(bars, within=5))
    # a crack the indicator has since undone (RSI back over 50) is not cracking any more
    latest = {c.kind: c for c in momentum_cracks(close_s, within=5) if c.holds}
    cracks = tuple(sorted(latest.values(), key=lambda c: c.date))
    below = (close / sma200 - 1.0) * 100.0
    # a support break only matters when the trend is already weak: under the 50-day or cracking
    breaks = breaks if (close < sma50 or cracks) else ()
    at_low = len(close_s) >= WEEKS_52 and range_52w(close_s).pct_above_low <= 0.0
    score = (3.0 * bool(rejections) + 2.0 * bool(breaks) + 1.0 * (close < sma200)
             + 0.5 * len(cracks) + 0.5 * at_low)
    # a close at a 52-week low under the 200-day is a crash leg: no pivot under it, still news
    sr = support_resistance(bars)
    if not (rejections or breaks or (close < sma200 and (cracks or at_low))):
        return WatchLine(ticker, close, sma200, below, sr.support)
    kind = "rejection" if rejections else "break" if breaks else "crack" if cracks else "low"
    chain = ctx.snapshot.options.get(ticker)
    options = None
    if chain is not None:
        try:
            supports = [s for s in (sr.support,) if s is not None]
            options = options_positioning(chain, close, ctx.snapshot.asof, supports=supports)
        except NotEnoughData:
            options = None
    atr14 = float(atr(bars).iloc[-1])
    rejection = rejections[-1] if rejections else None
    support_break = breaks[-1] if breaks else None
    trigger, trigger_from, trigger_date = _trigger(bars, close, sr, options, atr14)
    target, source = _target(bars, trigger, options, atr14)
    structure, stop, stop_source = _stop(bars, kind, rejection, support_break, atr14)
    horizon = ctx.issue_date + dt.timedelta(days=HORIZON_DAYS)
    formed = (rejection.date if kind == "rejection" and rejection is not None
              else support_break.date if kind == "break" and support_break is not None else None)
    checked = ctx.record_checked(plan(ticker, "short", trigger, stop, target, horizon, close,
                                      atr14, ctx.config.calls, setup=SETUPS[kind],
                                      structure=structure,
                                      stop_traded_on=stop_traded_on(bars, formed, stop),
                                      trigger_closed_on=trigger_closed_on(
                                          bars, formed, trigger,
                                          trigger_date if trigger_from == "low" else None),
                                      target_traded_on=target_traded_on(bars, formed, target),
                                      from_200d_pct=below), KEY)
    call = checked.call(f"{ctx.issue_date.isoformat()}-{KEY}-{ticker}", KEY, ctx.issue_date,
                        f"closes below {trigger:,.2f}, target {target:,.2f}, stop {stop:,.2f}"
                        ) if checked.ok else None
    record = close_record(close_s) if at_low else None
    # the lows, as the target's test reads them: "no follow-through yet" beside "played out, with a
    # trade at or below the target" read as a contradiction (the sample, seed 41, 2026-04-26)
    after = _after(bars, "Low", formed)
    lowest = (float(after.min()), as_date(after.idxmin())) if len(after) else None
    return Pick(ticker, close, sma50, sma200, below, float(rsi(close_s).iloc[-1]), at_low,
                rejection, support_break, cracks, sr.support, options, trigger, target, source,
                stop, stop_source, score, checked, call, kind,
                record if record is not None and record.kind == "low" else None,
                trigger_from, trigger_date, lowest)


def one_short_a_week(picks: Sequence[Pick], weeks: Mapping[str, float],
                     names: Mapping[str, str] | None = None) -> list[Pick]:
    """``picks`` with at most one call: when several plans pass, the call goes to the name that did
    worst on the week (``weeks``, percent, as printed; a tie to the first in ``picks``), and each
    other plan fails one rule, naming it. Index shorts move together: the replay's 2022-09-25
    shorted $DIA and $QQQ, stopped the same day, one bet counted twice (7 issues of 2022 made
    two calls, each pair ending alike). Chosen on 2000-2012 (189 calls, 38% of 88 decided,
    -0.24R a decided call, to 149, 42% of 67, -0.17R); out of sample 2013-2022: 106 calls, 43% of
    44, -0.18R, to 86, 43% of 35, -0.16R."""
    traded = [p for p in picks if p.plan.ok and p.ticker in weeks]
    if len(traded) < 2:
        return list(picks)
    weakest = min(traded, key=lambda p: round(weeks[p.ticker], 1))  # the first of a tie
    low = weeks[weakest.ticker]
    why = (f"one short a week, on the weakest: {label(weakest.ticker, names or {})}'s week was "
           f"{low:+.1f}%, against its {{0:+.1f}}%")
    others = {id(p) for p in traded if p is not weakest}
    return [replace(p, call=None, plan=replace(p.plan, failures=(
                *p.plan.failures, why.format(weeks[p.ticker]))))
            if id(p) in others else p for p in picks]


def pick_order(picks: Sequence[Pick]) -> list[Pick]:
    """The picks in the order the section shows them (the first :data:`MAX_PICKS`): a plan that
    passes the rules leads; then a plan held back only by its setup's replayed record
    (``calls.losing_setups: news``), a trade but for that record, before plans whose levels fail;
    by score within each. The 2013-04-21 issue built with the rule on showed two plans failing
    on R/R and left $DIA, held back only by its record, to "Also breaking down"."""
    return sorted(picks, key=lambda p: (not p.plan.ok, not p.plan.held_back_only, -p.score,
                                        p.below_200d_pct))


def _week_changes(ctx: Context, picks: Sequence[Pick]) -> dict[str, float]:
    """Each pick's move on the week, percent (:func:`~newsletter.sections.recap.weekly_move`)."""
    moves = {p.ticker: weekly_move(ctx.bars(p.ticker), ctx.snapshot.asof, p.ticker) for p in picks}
    return {t: m.change_pct for t, m in moves.items() if m is not None}


def build(ctx: Context) -> Built | None:
    names = [t for t in dict.fromkeys([*ctx.config.watchlists.breakdown, *ctx.notes.watch])
             if not ctx.notes.hidden(KEY, t)]
    picks: list[Pick] = []
    quiet: list[WatchLine] = []
    skipped: list[str] = []
    for ticker in names:
        if not ctx.snapshot.has(ticker):
            skipped.append(f"{label(ticker, ctx.config.names)} ({why_missing(ctx.snapshot, ticker)})")
            continue
        try:
            found = _pick(ctx, ticker)
        except NotEnoughData as exc:
            skipped.append(f"{label(ticker, ctx.config.names)} ({exc})")
            continue
        (picks if isinstance(found, Pick) else quiet).append(found)
    picks = pick_order(picks)
    if sum(p.plan.ok for p in picks) > 1:
        weeks = _week_changes(ctx, [p for p in picks if p.plan.ok])
        picks = pick_order(one_short_a_week(picks, weeks, ctx.config.names))
    shown = picks[:MAX_PICKS]
    shown += [p for p in picks[MAX_PICKS:] if p.ticker in ctx.notes.watch]
    also = tuple(p.ticker for p in picks if p not in shown)
    also_words = tuple(also_phrase(p.kind, p.below_200d_pct, p.record)
                       for p in picks if p not in shown)
    picks = shown
    watched = set(ctx.notes.watch)
    watching = tuple(w for w in quiet if w.ticker in watched)
    closest = None
    if not picks and quiet:
        closest = min(quiet, key=lambda w: w.distance_pct)
    if not (picks or quiet or skipped):
        return None
    # an earlier call still open on the same trade stands in for this week's plan (compose holds
    # the new one back): the chart and the headline say the trade the text stands by
    held = {p.ticker: g.call for p in picks
            if p.call is not None and (g := standing_call(p.call, ctx.graded)) is not None}
    charts = []
    for p in picks:
        trade = held.get(p.ticker) or p.call or p
        levels = [("trigger", trade.trigger), ("target", trade.target), ("stop", trade.stop)]
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
    signals: tuple[Signal, ...] = ()
    traded = [p for p in picks if p.plan.ok]
    if traded:
        top = traded[0]
        week = _week_changes(ctx, [top]).get(top.ticker)
        phrase, hook = signal_words(top.ticker, top.kind, top.trigger, top.target,
                                    top.plan.rr_text, top.broken_support, top.low_words,
                                    held.get(top.ticker), week, top.below_200d_pct)
        rising = top.kind == "break" and week is not None and round(week, 1) > 0
        if rising or top.ticker in held:
            # a dip under a level the week's own rally climbed over: said so, and the week's
            # story may lead with the trade told beside it (:data:`RISING_WEEK_CALL_STRENGTH`);
            # so may a call made in an earlier issue that stands, last week's news (the
            # replay's 2022-03-13 led "$DIA Cracking Support", "the same trade as the call from
            # Mar 6 ... which stands", over $DIA's correction and $SPY's worst day since 2020)
            if rising:
                phrase = phrase.replace(" Cracking Support", " Dips Under Support")
            signals = (Signal(RISING_WEEK_CALL_STRENGTH, phrase, hook, aside=hook, lean=-1,
                              call=True),)
        else:
            signals = (Signal(2.0 + top.score / 2.0, phrase, hook, lean=-1, call=True),)
    elif (top := news_pick(picks, held, weeks := _week_changes(ctx, picks))) is not None:
        # news, not a call: a quieter week's lead
        phrase, hook = news_words(top.ticker, top.kind, top.plan.failures, top.broken_support,
                                  top.low_words, top.plan.held_back_only, weeks.get(top.ticker),
                                  top.below_200d_pct)
        if _earlier_week(top, ctx):
            # a break of last week (the Breakdown Watch reads breaks of the last 5 sessions) that
            # the last issue could tell already: a standing state, not this week's news; a new
            # break of a lower support this week is news again
            signals = (Signal(BACKGROUND_STRENGTH, phrase.replace(" Breaks Support",
                                                                  " Stays Under Support"),
                              hook, lean=-1, background=True),)
        else:
            signals = (Signal(NEWS_STRENGTH, phrase, hook, lean=-1),)
    data = BreakdownData(tuple(picks), tuple(skipped), watching, closest, also, also_words,
                         len(quiet), bool(quiet) and all(w.above_200d_pct < 0 for w in quiet),
                         any(w.above_200d_pct < 0 for w in quiet),
                         {p.ticker: g for p in picks if not p.plan.ok
                          and (g := open_section_call(p.ticker, "short", ctx.graded,
                                                      ctx.issue_date)) is not None},
                         {p.ticker: g for p in picks if p.call is not None
                          and p.ticker not in held
                          and (g := failed_before(p.ticker, "short", p.call.trigger,
                                                  p.plan.atr14, ctx.ledger,
                                                  ctx.issue_date)) is not None})
    section = Section(key=KEY, emoji=EMOJI, title=TITLE, data=data,
                      commentary=ctx.notes.commentary.get(KEY, ""))
    return Built(section=section, calls=tuple(p.call for p in picks if p.call is not None),
                 charts=tuple(charts),
                 signals=signals)
