"""📈 The Historical Edge: event studies on the whole history in the snapshot (seed 004).

Every figure carries its sample size; a study with too few events says so
rather than quoting a mean of three numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsletter.analysis.conditions import outperformance_streak_at_least, within_pct_of_milestone
from newsletter.analysis.event_study import EventStudy, event_study
from newsletter.analysis.history import NotEnoughData
from newsletter.analysis.levels import round_milestone
from newsletter.analysis.relative_strength import outperformance_streaks
from newsletter.model import Section
from newsletter.sections.base import Built, ChartRequest, Context, Signal

KEY, EMOJI, TITLE = "edge", "📈", "The Historical Edge"
HORIZONS = (5, 21, 126)
MIN_EVENTS = 5
MIN_STREAK = 3


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


@dataclass(frozen=True)
class EdgeData:
    studies: tuple[Study, ...]
    history_years: float
    min_events: int = MIN_EVENTS


def _streak_study(ctx: Context, lead: str, lag: str) -> Study | None:
    first, second = ctx.bars(lead)["Close"], ctx.bars(lag)["Close"]
    streaks = outperformance_streaks(first, second)
    current = int(streaks.iloc[-1]) if len(streaks) else 0
    n = max(current, MIN_STREAK)
    condition = outperformance_streak_at_least(first, second, n)
    result = event_study(condition, second, horizons=HORIZONS, counting="episodes")
    relative = event_study(condition, first, horizons=HORIZONS, benchmark=second, counting="episodes")
    return Study("streak", lead, lag, f"{lead} beat {lag} {n}+ sessions in a row", result, relative,
                 current >= n, {"streak": float(n), "current": float(current)})


def _milestone_study(ctx: Context, ticker: str, step: float) -> Study | None:
    close = ctx.bars(ticker)["Close"]
    milestone = round_milestone(float(close.iloc[-1]), step)
    condition = within_pct_of_milestone(close, step, 1.0)
    result = event_study(condition, close, horizons=(10, 21, 126), counting="episodes")
    return Study("milestone", ticker, ticker, f"${ticker.lstrip('^')} trades within 1% of a {step:,.0f}-point milestone",
                 result, None, bool(condition.iloc[-1]),
                 {"milestone": milestone.nearest, "distance_pct": milestone.distance_pct})


def build(ctx: Context) -> Built | None:
    studies: list[Study] = []
    pair = next((p for p in ctx.config.rotation if ctx.snapshot.has(p.lead) and ctx.snapshot.has(p.lag)),
                None)
    if pair is not None:
        try:
            study = _streak_study(ctx, pair.lead, pair.lag)
            if study is not None:
                studies.append(study)
        except NotEnoughData:
            pass
    for ticker, step in (("^GSPC", 1000.0), ("SPY", 100.0)):
        if ctx.snapshot.has(ticker):
            try:
                study = _milestone_study(ctx, ticker, step)
            except NotEnoughData:
                break
            if study.active:
                studies.append(study)
            break
    studies = [s for s in studies if any(h.events.n >= MIN_EVENTS for h in s.result.horizons)]
    if not studies:
        return None
    closes = ctx.bars(studies[0].target).index
    years = (closes[-1] - closes[0]).days / 365.25
    charts = []
    main = studies[0]
    charts.append(ChartRequest(
        name=f"edge_{main.kind}", kind="event_study",
        inputs={"study": main.result, "title": main.condition, "target": main.target}))
    signals = []
    for study in studies:
        if study.kind == "milestone" and study.active:
            signals.append(Signal(0.9, f"${study.subject.lstrip('^')} Knocking on "
                                       f"{study.detail['milestone']:,.0f}"))
    if main.active:
        h21 = main.result.at(21)
        if h21.events.n >= MIN_EVENTS and h21.events.mean is not None:
            signals.append(Signal(0.8, "History Says Follow the Streak" if h21.events.mean > 0
                                  else "History Warns on the Streak"))
    section = Section(key=KEY, emoji=EMOJI, title=TITLE, data=EdgeData(tuple(studies), years),
                      commentary=ctx.notes.commentary.get(KEY, ""))
    return Built(section=section, charts=tuple(charts), signals=tuple(signals))
