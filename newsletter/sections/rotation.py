"""📊 Rotation Play: small caps against large caps, the streak, the edge, who caught bids.

The words follow the size of the move (:func:`tone`): a 1-bp edge is not "keeps
beating", a bounce inside a month where both fell hard is not "the rotation is
getting louder", and a streak against a month that still favours the other side
says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from newsletter.analysis.close_records import whole_years
from newsletter.analysis.history import NotEnoughData, as_date
from newsletter.analysis.levels import AllTimeHigh, all_time_high
from newsletter.analysis.periods import week_start
from newsletter.analysis.relative_strength import (
    RelativeStrength,
    daily_edges,
    outperformance_streaks,
    relative_strength,
    window_returns,
)
from newsletter.display import label, name, name_start, signed_percent
from newsletter.model import Section
from newsletter.sections.base import (
    Built,
    ChartRequest,
    Context,
    SectionDataMissing,
    Signal,
    missing_data,
    why_missing,
)
from newsletter.sections.edge import (
    MAIN_HORIZON,
    share_interval,
    share_interval_words,
    streak_study,
)
from newsletter.sections.recap_records import RECORD_YEARS

KEY, EMOJI, TITLE = "rotation", "📊", "Rotation Play"
NUMBERED = True
MIN_STREAK = 3
"""Sessions in a row before a streak is a trend worth a headline."""
MIN_EDGE_BP = 5.0
"""Average daily edge, basis points, under which a streak is a coin flip ("edged out")."""
STRONG_RUN_BP = 50.0
"""What a streak must add up to (sessions x average daily edge, basis points) for the strong
words and the headline: 3 sessions at 10 bp is a flat week, not small caps heating up."""
FALL_PCT = -10.0
"""Month returns at or under this for both sides: a falling market, not a rotation into the lead."""

SHOWN_WINDOWS = ("1d", "1w", "1m")
"""The relative returns the section prints: the last session, the week and the month."""

Tone = Literal["lagged", "start", "marginal", "falling", "against", "building", "strong"]


def streak_hook(rs: RelativeStrength, lead: str, lag: str, names: Mapping[str, str]) -> str:
    """"$IWM just beat $SPY 4 sessions straight."; in a week the lead fell (as
    :func:`streak_phrase` reads it), how much less it fell."""
    said = f"{name_start(lead, names)} just beat {name(lag, names)} {rs.streak_length} sessions straight"
    week_lead, week_lag = rs.first_returns.get("1w", 0.0), rs.second_returns.get("1w", 0.0)
    fell = _fell_on_the_week(rs)
    # a record in the headline ("a Record 13 Sessions in a Row") is measured over the data here
    record = (f" That beats the longest run since {rs.history_start.year}, {rs.previous_longest} "
              "sessions." if rs.beats_record
              else f" That matches the longest run since {rs.history_start.year}."
              if rs.matches_record else "")
    if fell == "less":
        return (f"{said}, falling less: {signed_percent(week_lead)} on the week against "
                f"{signed_percent(week_lag)}.{record}")
    if fell == "more" and round(week_lead, 1) == round(week_lag, 1):  # a tie as printed
        return (f"{said}, though it fell {abs(week_lead):.1f}% on the week, as much as "
                f"{name(lag, names)}.{record}")
    if fell == "more":
        return (f"{said}, though it fell {abs(week_lead):.1f}% on the week, "
                f"{name(lag, names)} {signed_percent(week_lag)}.{record}")
    if _behind_on_the_week(rs) and round(week_lead, 1) == round(week_lag, 1):  # level as printed
        return (f"{said}, level with it on the week: {signed_percent(week_lead)} each.{record}")
    if _behind_on_the_week(rs):
        return (f"{said}, though not on the week: {signed_percent(week_lead)} against "
                f"{signed_percent(week_lag)}.{record}")
    return f"{said}.{record}"


def streak_phrase(rs: RelativeStrength, lead: str, lag: str, names: Mapping[str, str]) -> str:
    """The headline phrase of a strong streak: "Small Caps Are Heating Up"; in a week the lead
    fell, "Small Caps Hold Up Better" (the replay said "Heating Up" of IWM's -3.9% week,
    2008-06-29); a record run says so in words ("Small Caps Beat $SPY a Record 9 Sessions in a
    Row"), a tie as a tie ("..., Tying the Record"). Tickers are cashtags, as in every other phrase (READER.md): the replay's headlines said
    "Small Caps Beat SPY" beside "$SPY Cracking Support"."""
    small = lead in ("IWM", "^RUT")
    if rs.matches_record:
        who = "Small Caps Beat" if small else f"{label(lead, names)} Beats"
        if rs.previous_longest and not rs.beats_record:  # a tie: the hook says it "matches"
            return f"{who} {label(lag, names)} {rs.streak_length} Sessions in a Row, Tying the Record"
        if whole_years(rs.history_start, rs.asof) < RECORD_YEARS:
            # "a Record" reads as all-time: the replay's 2003-06-01 said it of 3 years of data,
            # as a close is a record only from 10 years (recap_records.RECORD_YEARS)
            return (f"{who} {label(lag, names)} {rs.streak_length} Sessions in a Row, the Longest "
                    f"Since {rs.history_start.year}")
        return f"{who} {label(lag, names)} a Record {rs.streak_length} Sessions in a Row"
    fell = _fell_on_the_week(rs)
    if fell == "less":
        return ("Small Caps Hold Up Better" if small
                else f"{label(lead, names)} Holds Up Better Than {label(lag, names)}")
    if fell == "more" or _behind_on_the_week(rs):  # ahead only since mid-week: the run, no more
        who = "Small Caps Beat" if small else f"{label(lead, names)} Beats"
        return f"{who} {label(lag, names)} {rs.streak_length} Sessions Running"
    return "Small Caps Are Heating Up" if small else f"{label(lead, names)} Is Beating {label(lag, names)}"


def _behind_on_the_week(rs: RelativeStrength) -> bool:
    """The lead rose no more than the lag on the week, as both print: a run since mid-week, not
    small caps heating up (the real bars' 2022-03-20, $IWM +5.4% against $SPY +5.8%)."""
    week_lead, week_lag = rs.first_returns.get("1w", 0.0), rs.second_returns.get("1w", 0.0)
    return round(week_lead, 1) >= 0 and round(week_lead, 1) <= round(week_lag, 1)


def _fell_on_the_week(rs: RelativeStrength) -> Literal["", "less", "more"]:
    """"" when the lead did not fall on the week (as printed, at one decimal); "less" when it fell
    by less than the lag; "more" when it fell as much or more: the 2008-06-29 replay issue had IWM
    3 sessions ahead of SPY but -3.9% on the week against -3.1%."""
    week_lead, week_lag = rs.first_returns.get("1w", 0.0), rs.second_returns.get("1w", 0.0)
    if round(week_lead, 1) >= 0:
        return ""
    return "less" if round(week_lead, 1) > round(week_lag, 1) else "more"  # as printed


def tone(rs: RelativeStrength) -> Tone:
    """How strongly the lead is beating the lag, from the size of the move.

    - ``lagged``: it lagged on the last session; ``start``: one session ahead;
    - ``marginal``: a run of two or more by under :data:`MIN_EDGE_BP` a day;
    - ``falling``: both fell :data:`FALL_PCT` or more over the month (a bounce in a slide);
    - ``against``: the month spread still favours the lag;
    - ``strong``: :data:`MIN_STREAK`+ sessions, a real edge adding up to :data:`STRONG_RUN_BP`,
      the month agreeing;
    - ``building``: a real edge and the month agreeing, but a shorter or smaller run.
    """
    streak = rs.streak_length
    if streak == 0:
        return "lagged"
    if streak == 1:
        return "start"
    if _coin_flip(rs.streak_avg_edge_bp):
        return "marginal"
    month_lead, month_lag = rs.first_returns.get("1m"), rs.second_returns.get("1m")
    if month_lead is not None and month_lag is not None and month_lead <= FALL_PCT \
            and month_lag <= FALL_PCT:
        return "falling"
    if behind_on_the_month(rs):
        return "against"
    return "strong" if _strong_run(streak, rs.streak_avg_edge_bp) else "building"


def behind_on_the_month(rs: RelativeStrength) -> bool:
    """The lead trails the lag over the month as printed, at one decimal: "still 0.0% behind"
    (a spread of -0.01, the replay printed it) is not behind."""
    return round(rs.spreads.get("1m", 0.0), 1) < 0


def _coin_flip(edge_bp: float | None) -> bool:
    """A run's average daily edge under :data:`MIN_EDGE_BP`, read as printed (5 bp computed off
    prices is 4.99999999999945)."""
    return round(edge_bp or 0.0, 6) < MIN_EDGE_BP


def run_strength(run: int) -> float:
    """A strong run's headline weight: a notable week's (1.0, the S&P's 2% week) at
    :data:`MIN_STREAK` sessions, a third more a session. At ``1 + run / 3`` the shortest run
    weighed 2.0, a 4% S&P week: the replay's 2011-11-06 led "Small Caps Hold Up Better" (3
    sessions, $IWM -1.9% on the week) over "$SPY Slides 2.4%" (7 of 78 headlines of 2011-2012
    were such runs)."""
    return 1.0 + (run - MIN_STREAK) / 3.0


def _strong_run(run: int, edge_bp: float | None) -> bool:
    """:data:`MIN_STREAK` or more sessions adding up to :data:`STRONG_RUN_BP`."""
    return run >= MIN_STREAK and round(run * (edge_bp or 0.0), 6) >= STRONG_RUN_BP


Behind = Literal["ahead", "tied", "lagged", "marginal", "building", "strong"]


def behind(rs: RelativeStrength) -> Behind:
    """How strongly the lag is beating the lead when the lead did not win the last session:
    the run the other way, read with the same thresholds as a run ahead (:func:`tone`).

    - ``ahead``: the lead won the last session (nothing to say here);
    - ``tied``: neither won it; ``lagged``: the lag won it, not the one before;
    - ``marginal``: a run of two or more by under :data:`MIN_EDGE_BP` a day;
    - ``strong``: :data:`MIN_STREAK`+ sessions adding up to :data:`STRONG_RUN_BP`;
    - ``building``: a real edge on a shorter or smaller run.
    """
    if rs.streak_length:
        return "ahead"
    run = rs.behind_streak_length
    if run == 0:
        return "tied"
    if run == 1:
        return "lagged"
    if _coin_flip(rs.behind_streak_avg_edge_bp):
        return "marginal"
    return "strong" if _strong_run(run, rs.behind_streak_avg_edge_bp) else "building"


@dataclass(frozen=True)
class EndedRun:
    """A run of the lead beating the lag that ended this week (:func:`ended_run`)."""

    sessions: int
    start: dt.date
    end: dt.date
    avg_edge_bp: float
    broken: dt.date
    """The session the lead did not beat the lag."""
    told: bool = True
    """The run was :data:`MIN_STREAK` sessions long by the week's base close: the last issue could
    tell it. A run that began and ended between two issues gets no 🏁 line of its own (the
    replay's 2022 review: 7 of 14 🏁 lines closed runs no issue had reported)."""


def ended_run(lead: pd.Series, lag: pd.Series) -> EndedRun | None:
    """The latest run of :data:`MIN_STREAK` sessions or more of the lead beating the lag that a
    session of this week broke (after the week's base close, up to the last); None without one,
    or when that run was a coin flip (under :data:`MIN_EDGE_BP` a day, as printed).
    The replay's 2001-06-17 followed "Small Caps Beat $SPY 6 Sessions in a Row, Tying the Record"
    with "$IWM beat $SPY on the last session, by 73 bp: one session, not a streak yet"; 2001-12-02
    said "no streak to ride yet" of a week whose 7-session run, a record, ended on its Friday."""
    # read on the last year (the replay asks every week); a run as long as the window is read
    # again on the whole history
    for window in (ENDED_RUN_WINDOW, None):
        a, b = (lead, lag) if window is None else (lead.iloc[-window:], lag.iloc[-window:])
        streak = outperformance_streaks(a, b)
        base = week_start(streak.index)
        if base is None:
            return None
        runs = streak.to_numpy()
        for at in range(len(runs) - 1, base, -1):  # the breaking session, latest first
            if runs[at] == 0 and runs[at - 1] >= MIN_STREAK:
                n = int(runs[at - 1])
                if window is not None and n >= at:
                    break  # it may start before the window: read the whole history
                edges = daily_edges(a, b)["edge_bp"].to_numpy()[at - n: at]
                if _coin_flip(float(edges.mean())):
                    return None  # a coin flip was no run to end (the replay's 2017-10-29: 4 bp)
                return EndedRun(n, as_date(streak.index[at - n]), as_date(streak.index[at - 1]),
                                float(edges.mean()), as_date(streak.index[at]),
                                base - (at - n) + 1 >= MIN_STREAK)
        else:
            return None
    return None


ENDED_RUN_WINDOW = 260
"""Sessions :func:`ended_run` reads first (about a year)."""


@dataclass(frozen=True)
class PairRead:
    lead: str
    lag: str
    rs: RelativeStrength
    tone: Tone
    behind: Behind = "ahead"
    """The run the other way, when the lead did not win the last session (:func:`behind`)."""
    ended: EndedRun | None = None
    """The lead's run that a session of this week broke (:func:`ended_run`)."""

    @property
    def fell(self) -> Literal["", "less", "more"]:
        """Whether the lead fell on the week, and by less than the lag (:func:`_fell_on_the_week`)."""
        return _fell_on_the_week(self.rs)

    @property
    def week_behind(self) -> Literal["", "trails", "level"]:
        """A lead that did not fall on the week but rose no more than the lag, as both print:
        "trails" or "level" ("" otherwise): the run is younger than the week (the real bars'
        2011-04-24, "$IWM is starting to pull ahead" at +1.1% against +1.3%)."""
        if not _behind_on_the_week(self.rs):
            return ""
        lead, lag = (round(r.get("1w", 0.0), 1) for r in (self.rs.first_returns, self.rs.second_returns))
        return "level" if lead == lag else "trails"

    @property
    def month_behind(self) -> bool:
        """:func:`behind_on_the_month`."""
        return behind_on_the_month(self.rs)


@dataclass(frozen=True)
class RunRecord:
    """What the lead did after its earlier runs as long as the one in force (the 📈 Historical
    Edge's streak study, :func:`~newsletter.sections.edge.streak_study`)."""

    streak: int
    """The run length studied ("4+"): the one in force, stepped down to enough cases."""
    n: int
    """Earlier runs with a month after them (episodes)."""
    beating_pct: float
    """How often the lead beat the lag over the month after one, percent."""
    all_days_pct: float
    """How often it did over any month of the history (the baseline), percent."""
    windows: int
    """The month-long windows after those runs that do not overlap: the interval's n."""

    @property
    def backed(self) -> bool:
        """More often than over any month (:func:`beats_all_days`)."""
        return beats_all_days(self.beating_pct, self.windows, self.all_days_pct)

    @property
    def faded(self) -> bool:
        """Less often than over any month (:func:`trails_all_days`): past runs like this one faded."""
        return trails_all_days(self.beating_pct, self.windows, self.all_days_pct)

    @property
    def interval(self) -> tuple[float, float] | None:
        """The 90% interval of :attr:`beating_pct` that :attr:`backed` and :attr:`faded` read."""
        return share_interval(self.beating_pct, self.windows)

    @property
    def counted(self) -> str:
        """:func:`run_count_words`."""
        return run_count_words(self)


def run_count_words(rec: RunRecord) -> str:
    """"n = 322, 95 without overlapping months, 90% interval 44.2% to 60.3%": what the closer's
    share stands on, as the 📈 Historical Edge writes its own. The interval has one decimal so that
    one clearing the whole-percent all-days share ("50.1% to 55.3%" against "50%") is seen to."""
    words = f"n = {rec.n}"
    if 0 < rec.windows < rec.n:
        words += f", {rec.windows} without overlapping months"
    if rec.interval:
        return f"{words}, {share_interval_words(rec.interval)}"
    return f"{words}, too few for an interval" if rec.windows > 0 else words


def beats_all_days(beating_pct: float, windows: int, all_days_pct: float) -> bool:
    """The 90% Wilson interval of ``beating_pct`` over ``windows`` lies wholly over the all-days
    share (the whole history, not a sample), compared at the whole percent printed. The windows
    are the month-long windows that do not overlap (the edge study's blocks), not every
    episode: runs days apart share their month, and counting them twice would claim too much."""
    interval = share_interval(beating_pct, windows)
    return interval is not None and interval[0] > round(all_days_pct)


def trails_all_days(beating_pct: float, windows: int, all_days_pct: float) -> bool:
    """The mirror of :func:`beats_all_days`: the 90% Wilson interval lies wholly under the
    all-days share. On the real bars to 2008-05-23 $IWM beat $SPY the month after a 4+ run 47%
    of the time (n = 81) against 59% of all months, and the section called it "a run to watch"."""
    interval = share_interval(beating_pct, windows)
    return interval is not None and interval[1] < round(all_days_pct)


def run_record(ctx: Context, lead: str, lag: str) -> RunRecord | None:
    """The record of runs like the one in force; None when no run of the studied length is on
    (two sessions is no run yet) or the history has none."""
    try:
        study = streak_study(ctx, lead, lag)
    except NotEnoughData:
        return None
    if study.relative is None:
        return None
    h = study.relative.at(MAIN_HORIZON)
    beating, all_days = h.events.pct_beating, h.baseline.pct_beating
    if not h.events.n or beating is None or all_days is None:
        return None
    return RunRecord(int(study.detail["streak"]), h.events.n, beating, all_days,
                     h.windows)


@dataclass(frozen=True)
class RotationData:
    main: PairRead
    others: tuple[PairRead, ...]
    lead_ath: AllTimeHigh | None
    bids: tuple[tuple[str, float], ...]
    """Sectors that beat the lagging index on the week: (ticker, spread in points)."""
    leading: bool
    """True when the lead is ahead on a streak worth a paragraph, with the week and month agreeing."""
    count: int = 1
    missing: tuple[str, ...] = ()
    """Configured pairs without figures this week, in words ("$QQQ against $SPY: no figures this
    week, $QQQ stale: last bar Nov 10"): a pair never drops out of the section silently."""
    run_record: RunRecord | None = None
    """When ``leading``: what the lead did after earlier runs like this one, which the section
    closes on (a boast only when they beat the all-days share: on the real bars 2000-2022 $IWM
    beat $SPY the month after a 3+ run 47% of the time, and the replay had closed 134 issues on
    "Rotation is real. Don't sleep on this." beside a Historical Edge that said "No edge")."""


def _read(ctx: Context, lead: str, lag: str) -> PairRead:
    # the windows the section prints: a year-to-date return it never showed kept the whole
    # section off through the first calendar year of data (the sample, seed 29)
    rs = relative_strength(ctx.bars(lead)["Close"], ctx.bars(lag)["Close"], windows=SHOWN_WINDOWS)
    # a run that ended this week is old news beside a new run of the lead the same way: the
    # replay's 2022-06-05 said "$IWM just beat $SPY 3 sessions straight" over "🏁 $IWM's run of
    # 3 sessions beating $SPY (May 25 to May 27) ended on Tuesday"
    ended = (ended_run(ctx.bars(lead)["Close"], ctx.bars(lag)["Close"])
             if rs.streak_length < MIN_STREAK else None)
    return PairRead(lead, lag, rs, tone(rs), behind(rs), ended)


def _missing_pair(ctx: Context, lead: str, lag: str) -> str:
    """"$QQQ against $SPY: no figures this week ($QQQ stale: last bar Nov 10)"."""
    names = ctx.config.names
    why = "; ".join(f"{label(t, names)} {why_missing(ctx.snapshot, t)}"
                    for t in (lead, lag) if not ctx.snapshot.has(t))
    return f"{name_start(lead, names)} against {name(lag, names)}: no figures this week ({why})"


def build(ctx: Context) -> Built | None:
    pairs = [p for p in ctx.config.rotation if ctx.snapshot.has(p.lead) and ctx.snapshot.has(p.lag)]
    if not pairs:
        tickers = list(dict.fromkeys(t for p in ctx.config.rotation for t in (p.lead, p.lag)))
        raise missing_data(ctx.snapshot, tickers, "the rotation pairs")
    reads, short = [], []
    for pair in pairs:
        try:
            reads.append(_read(ctx, pair.lead, pair.lag))
        except NotEnoughData as exc:
            short.append(f"{pair.lead}/{pair.lag}: {exc}")
    if not reads:
        raise SectionDataMissing("; ".join(short))
    main = reads[0]
    rs = main.rs
    leading = main.tone == "strong" or (main.tone == "building" and rs.spreads.get("1w", 0.0) > 0.5)
    try:
        ath = all_time_high(ctx.bars(main.lead)["Close"])
    except NotEnoughData:
        ath = None
    bids = []
    week_lag = rs.second_returns.get("1w", 0.0)
    for ticker in ctx.available(ctx.config.watchlists.sectors):
        try:
            sector = window_returns(ctx.bars(ticker)["Close"], ctx.bars(main.lag)["Close"],
                                    windows=("1w",))
        except NotEnoughData:
            continue
        week = sector.first_returns["1w"]
        # rising as the scoreboard prints it: "catching bids" was said of $XLF at +0.02%, ⚪ 0.0%
        if week > week_lag and round(week, 1) > 0 and round(sector.spreads["1w"], 1) > 0:
            bids.append((ticker, sector.spreads["1w"]))
    bids.sort(key=lambda b: -b[1])
    missing = tuple(_missing_pair(ctx, p.lead, p.lag) for p in ctx.config.rotation if p not in pairs)
    data = RotationData(main, tuple(reads[1:]), ath, tuple(bids[:3]), leading,
                        run_record=run_record(ctx, main.lead, main.lag) if leading else None,
                        missing=missing)
    signals = []
    names = ctx.config.names
    if main.tone == "strong":
        # the hook is the aside too: a bigger story about the lead (its week) keeps the run in the
        # lead (the replay's 2021-03-14 led "$IWM Leads the Rally, +7.3%", and the 6-session run
        # of small caps over $SPY, the seed's story, was told only in this section)
        hook = streak_hook(rs, main.lead, main.lag, names)
        signals.append(Signal(run_strength(rs.streak_length),
                              streak_phrase(rs, main.lead, main.lag, names), hook, aside=hook,
                              subject=label(main.lead, names)))
    # another pair's record run is news too: the replay's 2017-07-23 gave $QQQ's 13 sessions ahead
    # of $SPY, the longest in the data, one bullet
    for other in reads[1:]:
        if other.tone == "strong" and other.rs.beats_record:
            signals.append(Signal(run_strength(other.rs.streak_length),
                                  streak_phrase(other.rs, other.lead, other.lag, names),
                                  streak_hook(other.rs, other.lead, other.lag, names),
                                  subject=label(other.lead, names)))
    chart = ChartRequest(
        name=f"rotation_{main.lead.lower().lstrip('^')}_{main.lag.lower().lstrip('^')}", kind="ratio",
        inputs={"lead": main.lead, "lag": main.lag, "streak": rs.streak_length or None})
    section = Section(key=KEY, emoji=EMOJI, title=TITLE, data=data,
                      commentary=ctx.notes.commentary.get(KEY, ""))
    return Built(section=section, charts=(chart,), signals=tuple(signals))
