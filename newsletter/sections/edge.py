"""📈 The Historical Edge: event studies on the whole history in the snapshot (seed 004).

Every figure carries its sample size; a study with too few events says so
rather than quoting a mean of three numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from newsletter.analysis.conditions import within_pct_of_milestone
from newsletter.analysis.event_study import (
    MIN_INDEPENDENT,
    EventStudy,
    HorizonResult,
    event_study,
    interval_verdict,
)
from newsletter.analysis.history import NotEnoughData
from newsletter.analysis.levels import round_milestone
from newsletter.analysis.periods import week_start
from newsletter.analysis.relative_strength import (
    daily_edges,
    streaks_of,
    trailing_run,
)
from newsletter.display import (
    a_or_an,
    cardinal,
    label,
    level,
    name,
    name_start,
    plain,
    signed_percent,
)
from newsletter.model import Section
from newsletter.replay.stats import wilson
from newsletter.sections.base import (
    Built,
    ChartRequest,
    Context,
    NothingQualified,
    Signal,
    missing_data,
)

KEY, EMOJI, TITLE = "edge", "📈", "The Historical Edge"
HORIZONS = (5, 21, 126)
MIN_EVENTS = 5
MIN_STREAK = 3
MIN_STUDY_EPISODES = 20
"""A streak threshold is studied only with this many earlier episodes at a month: below it a
month-ahead mean swings by a point or more on one case (on real bars, 2008-06-06: 7+ has n = 7,
6+ n = 16, 5+ n = 33), so the study steps down to a threshold that has them."""
MAIN_HORIZON = 21
"""The horizon the text leads with (a month) and whose n decides the streak threshold."""
MILESTONES = (("^GSPC", 1000.0), ("SPY", 100.0))


def interval_reading(h: HorizonResult) -> str:
    """:func:`interval_verdict` in words, with the interval and the all-days mean as printed; too
    few cases for an interval said as such (a bold mean beside the all-days one, unread, reads as
    an edge); empty without a case."""
    verdict = interval_verdict(h)
    if h.events.n and h.ci_low is None and h.independent < MIN_INDEPENDENT:
        return (f"Too few separate cases for an interval ({h.independent} whose windows do not "
                f"overlap; an interval needs {MIN_INDEPENDENT}): no edge to read.")
    if verdict is None or h.ci_low is None or h.ci_high is None or h.baseline.mean is None:
        return ""
    span = f"90% interval ({signed_percent(h.ci_low, 2)} to {signed_percent(h.ci_high, 2)})"
    all_days = f"the all-days {signed_percent(h.baseline.mean, 2)}"
    if verdict == "edge":
        return f"An edge: the whole {span} is over {all_days}."
    if verdict == "drag":
        return f"A drag: the whole {span} is under {all_days}."
    return f"No edge to bank on: the {span} takes in {all_days}."


def counted_words(h: HorizonResult, too_few: bool = True) -> str:
    """What a mean stands on: "n = 157, 72 without overlapping windows, 90% interval +0.52% to
    +2.31%"; ", too few for an interval" when it has none (left out with ``too_few`` False, where
    the sentence says so itself)."""
    words = f"n = {h.events.n}"
    if h.independent and h.independent < h.events.n:
        words += f", {h.independent} without overlapping windows"
    if h.ci_low is not None and h.ci_high is not None:
        words += f", 90% interval {signed_percent(h.ci_low, 2)} to {signed_percent(h.ci_high, 2)}"
    elif h.events.n and too_few:
        words += ", too few for an interval"
    return words


def share_interval(pct: float, windows: int) -> tuple[float, float] | None:
    """The 90% Wilson interval of a share of ``pct`` percent over ``windows``, in percent; None
    without any. The windows are those that do not overlap (the study's blocks), not every
    episode: runs days apart share their month, and counting them twice would claim too much.
    None too under :data:`MIN_INDEPENDENT` windows, the mean's rule: the replay's 2001-01-14 Edge
    said "(n = 7, 5 without overlapping windows, too few for an interval) ... beating $SPY 29% of
    the time (90% interval 4.6% to 56.5%)" in one bullet, and the Rotation Play the same."""
    if windows < max(1, MIN_INDEPENDENT):
        return None
    low, high = wilson(round(pct / 100.0 * windows), windows)
    return round(low * 100.0, 6), round(high * 100.0, 6)


def share_interval_words(interval: tuple[float, float]) -> str:
    """"90% interval 44.8% to 57.7%": one decimal, so that one clearing a whole-percent
    all-days share ("50.1% to 55.3%" against "50%") is seen to."""
    return f"90% interval {interval[0]:.1f}% to {interval[1]:.1f}%"


def streak_phrase(h: HorizonResult, who: str) -> str | None:
    """The headline phrase of ``who``'s active streak, only where :func:`interval_verdict` finds
    an edge or a drag: a mean over zero inside the noise is no reason to follow."""
    verdict = interval_verdict(h)
    if verdict == "edge":
        return f"History Says Follow {who}'s Streak"
    if verdict == "drag":
        return f"History Warns on {who}'s Streak"
    return None


@dataclass(frozen=True)
class Study:
    kind: str
    """``streak`` or ``milestone``."""
    subject: str
    target: str
    condition: str
    """In words, e.g. "IWM beat SPY 5+ sessions in a row"."""
    result: EventStudy
    """The target's own forward returns after the condition, against all days."""
    relative: EventStudy | None
    """The subject against the target over the same horizons (streak studies only)."""
    active: bool
    """The condition holds on the as-of session."""
    detail: dict[str, float]
    thinner: tuple[tuple[int, int], ...] = ()
    """Streak studies: the thresholds above the one studied, each with its n at a month
    (fewer than ``MIN_STUDY_EPISODES`` earlier episodes: why a lower threshold was picked)."""

    def reading(self, horizon: int) -> str:
        """:func:`interval_reading` of the study at ``horizon`` sessions."""
        return interval_reading(self.result.at(horizon))

    def beating_interval(self, horizon: int) -> str:
        """The subject's share of windows beating the target at ``horizon``, its
        :func:`share_interval` in words; empty without a relative study or a window."""
        if self.relative is None:
            return ""
        h = self.relative.at(horizon)
        if h.events.pct_beating is None:
            return ""
        interval = share_interval(h.events.pct_beating, h.windows)
        return share_interval_words(interval) if interval else ""


@dataclass(frozen=True)
class EdgeData:
    studies: tuple[Study, ...]
    history_years: float
    min_events: int = MIN_EVENTS
    min_study: int = MIN_STUDY_EPISODES
    main_horizon: int = MAIN_HORIZON
    min_independent: int = MIN_INDEPENDENT
    """Windows that do not overlap an interval needs (event_study.MIN_INDEPENDENT)."""

    @staticmethod
    def counted(h: HorizonResult) -> str:
        """:func:`counted_words`, for the template."""
        return counted_words(h)


def _streak_at(streaks: pd.Series, second: pd.Series, n: int,
               horizons: tuple[int, ...] = HORIZONS) -> tuple[EventStudy, pd.Series]:
    """The study of ``n``+ sessions in a row (``streaks``: :func:`outperformance_streaks`, read
    once for every threshold tried), as :func:`outperformance_streak_at_least` states it."""
    condition = (streaks >= n).rename(f"streak>={n}")
    return event_study(condition, second, horizons=horizons, counting="episodes"), condition


def streak_study(ctx: Context, lead: str, lag: str) -> Study:
    """The active streak condition at the largest threshold with ``MIN_STUDY_EPISODES`` episodes.

    A 13-session record has, by definition, no earlier 13+ case: the study steps down
    (13+, 12+, ...) to the first threshold whose month-ahead n reaches ``MIN_STUDY_EPISODES``,
    and keeps the thinner thresholds above it to say why.
    """
    first, second = ctx.bars(lead)["Close"], ctx.bars(lag)["Close"]
    daily = daily_edges(first, second)["edge_bp"]
    edges = daily.to_numpy()
    current, behind = trailing_run(edges > 0), trailing_run(edges < 0)  # runs ahead, the other way
    streaks = streaks_of(daily)
    thinner: list[tuple[int, int]] = []
    n = max(current, MIN_STREAK)
    result, condition = _streak_at(streaks, second, n)
    while n > MIN_STREAK and result.at(MAIN_HORIZON).events.n < MIN_STUDY_EPISODES:
        thinner.append((n, result.at(MAIN_HORIZON).events.n))
        n -= 1
        # stepping down needs only the month's n; the threshold kept gets every horizon below
        result, condition = _streak_at(streaks, second, n, (MAIN_HORIZON,))
    if len(result.horizons) < len(HORIZONS):  # each horizon's interval is seeded by the horizon:
        result = event_study(condition, second, horizons=HORIZONS, counting="episodes")  # the same
    # the lead's own month, printed only while the streak is in force
    relative = (event_study(condition, first, horizons=(MAIN_HORIZON,), benchmark=second,
                            counting="episodes") if current >= n else None)
    return Study("streak", lead, lag, f"{plain(lead)} beat {plain(lag)} {n}+ sessions in a row", result,
                 relative, current >= n,
                 {"streak": float(n), "current": float(current), "behind": float(behind)},
                 tuple(thinner))


def _milestone_study(ctx: Context, ticker: str, step: float) -> Study | None:
    """The milestone study while the condition is in force; None (no study run) when it is not:
    only a milestone in force reaches the section."""
    close = ctx.bars(ticker)["Close"]
    milestone = round_milestone(float(close.iloc[-1]), step)
    condition = within_pct_of_milestone(close, step, 1.0)
    if not bool(condition.iloc[-1]):
        return None
    result = event_study(condition, close, horizons=(10, 21, 126), counting="episodes")
    return Study("milestone", ticker, ticker,
                 f"{name(ticker, ctx.config.names)} trades within 1% of {a_or_an(f'{step:,.0f}-point milestone')}",
                 result, None, True,
                 {"milestone": milestone.nearest, "distance_pct": milestone.distance_pct,
                  "step": step})


AVERAGE_LENGTHS = (20.0, 50.0, 100.0, 200.0)
"""Round numbers that are also a moving average's length: "$SPY Back Over 200" read as its
200-day (the real bars' 2015-10-11)."""


def milestone_words(milestone: float) -> str:
    """The milestone as a headline says it: "4,000"; "the 200 Mark" for one that reads as an
    average (:data:`AVERAGE_LENGTHS`)."""
    return f"the {level(milestone)} Mark" if milestone in AVERAGE_LENGTHS else level(milestone)


def milestone_move(close: pd.Series, milestone: float, within_pct: float = 1.0) -> str | None:
    """What the close did about a round ``milestone`` this week, as the headline's verb: "Tops"
    (crossed it going up, the first close over it in the data; a close at the number is over
    it), "Back Over" (crossed it going up again: "$SPY Tops 300" was said four times in 2019),
    "Slips Under" (crossed it going down), "Knocking on" or "Pulls Back to" (came within
    ``within_pct`` % of it from under or over); None while it only hovers, in reach since the
    week's base close (:func:`~newsletter.analysis.periods.week_start`): the replay's 2019 issues
    said "$SPY Knocking on 300" six weeks running."""
    base = week_start(close.index)
    if base is None:
        return None
    before, last = float(close.iloc[base]), float(close.iloc[-1])
    over = (close.iloc[:base + 1] >= milestone).to_numpy()
    ever = bool(over[:-1].any())
    if ever and _crossed_lately(over):
        return None  # chop: crossed in the sessions to the base (a first crossing is news)
    if (before >= milestone) != (last >= milestone):
        if last < milestone:
            return "Slips Under"
        return "Back Over" if ever else "Tops"
    if round(abs(before / milestone - 1.0) * 100.0, 6) <= within_pct:  # levels.near_milestone's
        return None
    return "Knocking on" if last < milestone else "Pulls Back to"


MILESTONE_CHOP_SESSIONS = 20
"""A milestone the close crossed (either way) in this many sessions to the week's base is chop,
no headline: the replay's 2003 issues said "$SPY Back Over the 100 Mark", "Slips Under", "Back
Over" and "Knocking on" in 4 of 6 weeks, $SPY on alternate sides of 100 eleven times from Jun 11
to Aug 18."""


def _crossed_lately(over: np.ndarray) -> bool:
    """Whether the sides in ``over`` (a close at or over the milestone, to the week's base) changed
    in the last :data:`MILESTONE_CHOP_SESSIONS` sessions."""
    changes = np.flatnonzero(over[1:] != over[:-1]) + 1
    return bool(changes.size) and len(over) - 1 - int(changes[-1]) < MILESTONE_CHOP_SESSIONS


def milestone_hook(study: Study, names: Mapping[str, str] | None = None) -> str:
    """"The S&P 500 closed 0.2% under 4,000." (at the one decimal printed: "right at"); "the 200
    mark" for a milestone that reads as an average (:func:`milestone_words`): the replay's
    2014-08-24 led "$SPY closed 0.4% under 200." above a scoreboard's "6.3% over the 200-day"."""
    distance = study.detail["distance_pct"]
    where = ("right at" if round(abs(distance), 1) == 0
             else f"{abs(distance):.1f}% {'over' if distance > 0 else 'under'}")
    milestone = study.detail["milestone"]
    said = f"the {level(milestone)} mark" if milestone in AVERAGE_LENGTHS else level(milestone)
    return f"{name_start(study.subject, names)} closed {where} {said}."


def quiet_line(study: Study, names: Mapping[str, str] | None = None) -> str:
    """The section in one line when its streak condition is not in force: how far the run is
    from it, and what history said when it held (the whole study is for a week it is on)."""
    n, current = int(study.detail["streak"]), int(study.detail["current"])
    lead, lag = name_start(study.subject, names), name(study.target, names)
    if current >= 1:
        short = n - current
        beaten = (f"beat {lag} on the last session" if current == 1
                  else f"has beaten {lag} {current} sessions running")
        run = (f"{lead} {beaten}, {cardinal(short)} short of the {n}+ run "
               "studied.")
    else:
        behind = int(study.detail.get("behind", 1))
        run = (f"{lead} has trailed {lag} {behind} sessions running" if behind > 1
               else f"{lead} lagged {lag} on the last session" if behind
               else f"{lead} and {lag} tied on the last session") + (
            # whose run: "has trailed $SPY 4 sessions running, so no 3+ run is on" read as a
            # 4-session run that was on (the real bars, 45 weeks of 2010-2017)
            f", so no {n}+ run of {name(study.subject, names)} beating {lag} is on.")
    h = study.result.at(MAIN_HORIZON)
    verdict = {"edge": "history favours it if the run gets there",
               "drag": "history warns against it if the run gets there",
               "none": "no edge to bank on even then",
               None: "too few cases for an interval"}[interval_verdict(h)]
    return (f"📈 No edge in force this week: {run} When a {n}+ run held, {name(study.target, names)}'s "
            f"next month averaged {signed_percent(h.events.mean or 0.0, 2)} "
            f"({counted_words(h, too_few=False)}) against "
            f"{signed_percent(h.baseline.mean or 0.0, 2)} on all days (n = {h.baseline.n}): {verdict}.")


def build(ctx: Context) -> Built | None:
    studies: list[Study] = []
    pair = next((p for p in ctx.config.rotation if ctx.snapshot.has(p.lead) and ctx.snapshot.has(p.lag)),
                None)
    if pair is not None:
        try:
            studies.append(streak_study(ctx, pair.lead, pair.lag))
        except NotEnoughData:
            pass
    milestone_tickers = [t for t, _ in MILESTONES]
    for ticker, step in MILESTONES:
        if ctx.snapshot.has(ticker):
            try:
                study = _milestone_study(ctx, ticker, step)
            except NotEnoughData:
                break
            if study is not None:
                studies.append(study)
            break
    if pair is None and not ctx.available(milestone_tickers):
        tickers = list(dict.fromkeys([*(t for p in ctx.config.rotation for t in (p.lead, p.lag)),
                                      *milestone_tickers]))
        raise missing_data(ctx.snapshot, tickers, "the rotation pair or the S&P 500")
    studies = [s for s in studies if any(h.events.n >= MIN_EVENTS for h in s.result.horizons)]
    if not studies:
        raise NothingQualified(f"📈 No condition in force this week has {MIN_EVENTS} or more earlier "
                               "cases in the history to study")
    if not any(s.active for s in studies):
        raise NothingQualified(quiet_line(studies[0], ctx.config.names))
    studies = [s for s in studies if s.active]  # the section is about what is in force
    closes = ctx.bars(studies[0].target).index
    years = (closes[-1] - closes[0]).days / 365.25
    charts = []
    main = studies[0]
    charts.append(ChartRequest(
        name=f"edge_{main.kind}", kind="event_study",
        inputs={"study": main.result, "title": main.condition, "target": main.target}))
    signals = []
    for study in studies:
        if study.kind == "milestone" and study.active and (verb := milestone_move(
                ctx.bars(study.subject)["Close"], study.detail["milestone"])):
            signals.append(Signal(0.9, f"{label(study.subject, ctx.config.names)} {verb} "
                                       f"{milestone_words(study.detail['milestone'])}",
                                  milestone_hook(study, ctx.config.names)))
    if main.kind == "streak" and main.active:
        h21 = main.result.at(MAIN_HORIZON)
        who = label(main.subject, ctx.config.names)
        if h21.events.n >= MIN_EVENTS and (phrase := streak_phrase(h21, who)):
            hook = (f"After runs like this one, {name(main.target, ctx.config.names)}'s next month "
                    f"averaged {signed_percent(h21.events.mean or 0.0, 2)} (n = {h21.events.n}) "
                    f"against {signed_percent(h21.baseline.mean or 0.0, 2)} on all days "
                    f"(n = {h21.baseline.n}).")
            signals.append(Signal(0.8, phrase, hook, subject=who))
    section = Section(key=KEY, emoji=EMOJI, title=TITLE, data=EdgeData(tuple(studies), years),
                      commentary=ctx.notes.commentary.get(KEY, ""))
    return Built(section=section, charts=tuple(charts), signals=tuple(signals))
