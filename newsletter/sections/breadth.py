"""🌊 Breadth: how many names of a universe take part in the move, and where that is heading.

The universe is ``breadth.universe`` (:mod:`newsletter.universes`): the
members the source has are measured (:func:`~newsletter.analysis.breadth.breadth_trend`),
and the section says how many of how many, and the list's date, because past
sessions are measured over today's members (survivorship).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from newsletter.analysis.breadth import BreadthTrend, breadth_history, breadth_trend
from newsletter.analysis.history import NotEnoughData
from newsletter.analysis.universe import wide
from newsletter.model import Section
from newsletter.rounding import shown_difference
from newsletter.sections.base import Built, ChartRequest, Context, Signal
from newsletter.universes import Universe, load_universe

KEY, EMOJI, TITLE = "breadth", "🌊", "Breadth"
STEADY_POINTS = 5.0
"""A change of % above an average within this many points over four weeks reads as steady."""
CHART_SESSIONS = 126
"""About six months of breadth on the chart."""
THRUST_POINTS = 20.0
"""A four-week change of % above the 200-day this large is a headline candidate."""
NAMED_MISSING = 5
"""Members without data named in the issue; the rest are counted."""


@dataclass(frozen=True)
class BreadthData:
    universe: str
    """How the issue names the universe: "the Dow 30", "the members in members.csv", "your list"."""
    list_date: dt.date | None
    """The date the membership is true on (None: the list does not say)."""
    shipped: bool
    members: int
    """Members in the configured list."""
    present: int
    """Members the source had bars for."""
    missing: tuple[str, ...]
    """Up to NAMED_MISSING members without data, for the issue to name."""
    trend: BreadthTrend
    direction_200d: str
    """"rising", "falling" or "steady": the change of % above the 200-day over four weeks."""
    direction_50d: str
    path_200d: tuple[float, ...]
    """% above the 200-day 20, 15, 10 and 5 sessions ago and now, oldest first."""
    week_50d: float = 0.0
    """The change of % above the 50-day over the last 5 sessions, as printed (whole points): the
    shorter trend is "turning up" or "fading" over four weeks only if this week went that way too
    (the sample, seed 13, 2026-09-20: "37% are above their 50-day (27% then), so the shorter trend
    is turning up" in a -5% week that took it from 60%)."""


def directions(trend: BreadthTrend) -> tuple[str, str]:
    """How the shares above the 200-day and the 50-day moved over four weeks, as printed (whole
    percents: "53% against 48% four weeks ago" is 5 points, whatever the decimals behind each)."""
    now, then = trend.now, trend.oldest
    return (direction(shown_difference(now.pct_above_200d, then.pct_above_200d, 0)),
            direction(shown_difference(now.pct_above_50d, then.pct_above_50d, 0)))


def direction(change: float) -> str:
    """How a change in points of % above an average reads over four weeks."""
    if change >= STEADY_POINTS:
        return "rising"
    if change <= -STEADY_POINTS:
        return "falling"
    return "steady"


def needs_universe(universe: Universe) -> str:
    """The one line shown when the data has none of the universe's members."""
    return (f"Breadth needs a universe of stocks, and this data has none of {universe.name} "
            f"({len(universe.tickers)} tickers).")


UNIVERSE_FIX = ("🌊 Breadth is skipped: set breadth.universe in newsletter.yaml to a list of tickers, "
                "or to a CSV file of members, that your data source has")
"""The author's warning beside :func:`needs_universe` (never in the issue)."""


def members_present(ctx: Context) -> tuple[Universe, list[str]]:
    """The configured breadth universe and its members the snapshot has: the one population every
    breadth figure in an issue is measured over (this section, the 🧭 Regime Read, the 🧩 flow
    lens). The sample's issue said "83% of the Dow 30" here and "86% of 57 names" in the Regime
    Read, which counted every stock and ETF in the snapshot."""
    universe = load_universe(ctx.config.breadth.universe)
    return universe, [t for t in universe.tickers if ctx.snapshot.has(t)]


def build(ctx: Context) -> Built | None:
    universe, present = members_present(ctx)
    if not present:
        return Built(section=Section(key=KEY, emoji=EMOJI, title=TITLE, note=needs_universe(universe),
                                     data_missing=True), warnings=(UNIVERSE_FIX,))
    closes = wide({t: ctx.snapshot.bars[t] for t in present})
    history = breadth_history(closes)
    try:
        trend = breadth_trend(closes, history=history)
    except NotEnoughData as exc:
        note = f"Breadth over {universe.name} needs more history this week ({exc})."
        return Built(section=Section(key=KEY, emoji=EMOJI, title=TITLE, note=note, data_missing=True))
    missing = tuple(t for t in universe.tickers if t not in present)
    path = (*(p.pct_above_200d for p in reversed(trend.then)), trend.now.pct_above_200d)
    week_50d = (shown_difference(trend.now.pct_above_50d, trend.then[0].pct_above_50d, 0)
                if trend.then else 0.0)
    data = BreadthData(universe.name, universe.asof, universe.shipped, len(universe.tickers),
                       len(present), missing[:NAMED_MISSING], trend, *directions(trend), path,
                       week_50d)
    tail = history.iloc[-CHART_SESSIONS:]
    chart = ChartRequest(name="breadth", kind="breadth",
                         inputs={"pct_above_200d": tail["pct_above_200d"],
                                 "ad_line": tail["ad_line"] - tail["ad_line"].iloc[0],
                                 "universe": universe.name, "members": len(present)})
    section = Section(key=KEY, emoji=EMOJI, title=TITLE, data=data,
                      commentary=ctx.notes.commentary.get(KEY, ""))
    return Built(section=section, charts=(chart,), signals=_signals(universe, trend))


def _signals(universe: Universe, trend: BreadthTrend) -> tuple[Signal, ...]:
    """A headline candidate when participation moved THRUST_POINTS or more in four weeks, as printed
    in its hook, and this week carried it on (moved the same way, as printed); its strength grows
    with the change itself.

    A thrust made in the weeks before is not this week's news: "$TSLA Cracking Support & Breadth
    Cracks" led the sample issue (seed 11) of 2025-11-09, a week the S&P rose 3.9% and the share
    above the 200-day rose from 23% to 27%, after falling from 60% the weeks before."""
    change = trend.change_200d
    if abs(shown_difference(trend.now.pct_above_200d, trend.oldest.pct_above_200d, 0)) < THRUST_POINTS:
        return ()
    this_week = shown_difference(trend.now.pct_above_200d, trend.then[0].pct_above_200d, 0)
    if this_week == 0 or (this_week > 0) != (change > 0):
        return ()
    hook = (f"{trend.now.pct_above_200d:.0f}% of {universe.name} trade above their 200-day, "
            f"from {trend.oldest.pct_above_200d:.0f}% four weeks ago.")
    return (Signal(1.0 + (abs(change) - THRUST_POINTS) / 10.0,
                   "Breadth Broadens" if change > 0 else "Breadth Cracks", hook),)
