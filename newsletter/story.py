"""One story across sections: where two sections point opposite ways on the same ticker.

A section that shorts a ticker (a Breakdown Watch pick, a short call) and one
that is bullish on it (the Rotation Play's leader, a long call) are both
printed; the issue then says so once ("the tape disagrees with itself") rather
than letting both read as certainties. This module finds the pairs; the
template words them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from newsletter.analysis.lenses import LensRead
from newsletter.display import short_date
from newsletter.model import Call, Section
from newsletter.sections.breakdown import FAILED_BREAK, BreakdownData
from newsletter.sections.lenses import INDEX as LENS_INDEX
from newsletter.sections.lenses import LensesData
from newsletter.sections.macro import MacroData
from newsletter.sections.rotation import RotationData
from newsletter.sections.sentiment import SentimentData, stall_lean
from newsletter.sections.technical import TechnicalData


@dataclass(frozen=True)
class View:
    """One section's lean on one ticker."""

    ticker: str
    bullish: bool
    section: str
    """The section's emoji and title ("📌 Breakdown Watch"), or "🎯 My Calls"."""
    level: float | None = None
    """The call's trigger, when the view is a call."""
    against: str | None = None
    """What the ticker is measured against (the rotation's laggard)."""
    spread_1w: float | None = None
    """The week's lead over ``against``, percentage points."""
    spread_1m: float | None = None
    """A theme basket's month lead over ``against_basket``, percentage points: what makes it lead
    (:attr:`~newsletter.sections.macro.ThemeRead.leader_month`), so what its lean quotes."""
    stop: float | None = None
    """The call's stop: a trade through it kills the setup (what settles a tension)."""
    traded: bool = True
    """A call, or a pick whose plan passed the rules; a "no trade" pick is a lean, not a short."""
    basket: str | None = None
    """The theme basket the ticker leads with ("AI semis"), measured against ``against_basket``."""
    against_basket: str | None = None
    stop_label: str = ""
    """What the stop is, when the view has no trigger ("the reaction high" of a stalled leader)."""
    stop_ends: str = ""
    """What a close through that stop ends ("the stall")."""
    why: str = ""
    """The lean in a few words, when it has no level or spread ("its 50-day crossed over its
    200-day this week")."""


@dataclass(frozen=True)
class Tension:
    ticker: str
    bull: View
    bear: View
    also: tuple[Tension, ...] = ()
    """The same two sections on other members of the same theme basket: one sentence for all."""


def _title(sections: dict[str, Section], origin: str) -> str:
    s = sections.get(origin)
    return f"{s.emoji} {s.title}" if s is not None else "🎯 My Calls"


def views(sections: tuple[Section, ...] | list[Section], calls: tuple[Call, ...] | list[Call]) -> list[View]:
    """Every lean the issue prints: each call, each Breakdown Watch pick, the rotation's leader
    (when it did not fall on the week: :attr:`~newsletter.sections.rotation.PairRead.fell`),
    each leader that stalled after earnings (short, with the reaction high as what ends it), each
    member of a theme basket that leads (long), each story stock's breakout while it holds (long),
    each 50/200-day cross made this week that the price has not left behind (long for a golden
    cross, short for a death cross), each Three Minds lens that states a way (:func:`lens_lean`)."""
    by_key = {s.key: s for s in sections}
    out = [View(c.ticker, c.direction == "long", _title(by_key, c.origin), c.trigger, stop=c.stop)
           for c in calls]
    called = {(v.ticker, v.section) for v in out}
    for s in sections:
        d = s.data
        if isinstance(d, BreakdownData):
            out += [View(p.ticker, False, f"{s.emoji} {s.title}", p.trigger, stop=p.stop,
                         traded=p.plan.ok)
                    for p in d.picks if (p.ticker, f"{s.emoji} {s.title}") not in called
                    # a setup its own stop killed leans nowhere, nor a break that fired and came
                    # back: the replay's 2021-09-19 said "what settles it: a close under 222.13"
                    # of a trigger $IWM had closed under on Sep 15 and taken back
                    and not any(f.startswith(FAILED_BREAK) for f in p.plan.failures)]
        elif isinstance(d, RotationData) and d.leading and not d.main.fell:
            # a leader that fell on the week is holding up, not rallying: a lean against its lag,
            # not a long, and no contradiction of a short on it (both can be right)
            out.append(View(d.main.lead, True, f"{s.emoji} {s.title}", against=d.main.lag,
                            spread_1w=d.main.rs.spreads.get("1w")))
        elif isinstance(d, SentimentData):
            out += [View(st.ticker, False, f"{s.emoji} {s.title}", stop=st.gap.high, traded=False,
                         stop_label="the reaction high", stop_ends="the stall",
                         why=stall_lean(st.gap))
                    for st in d.stalls]
        elif isinstance(d, MacroData):
            out += [View(t, True, f"{s.emoji} {s.title}", spread_1w=theme.leader_week,
                         spread_1m=theme.leader_month, basket=theme.leader_label,
                         against_basket=theme.trailer_label)
                    for theme in d.themes if not theme.level for t in theme.leader]
            out += [View(st.ticker, True, f"{s.emoji} {s.title}",
                         why=(f"it broke out over its 50-day high on volume on "
                              f"{short_date(b.date)}"))
                    for st in d.stories if (b := st.live_breakout) is not None]
        elif isinstance(d, TechnicalData):  # a 50/200-day cross made this week leans its way
            out += [View(st.ticker, st.cross.last_cross == "golden", f"{s.emoji} {s.title}",
                         why=(f"its 50-day crossed {'over' if st.cross.last_cross == 'golden' else 'under'}"
                              " its 200-day this week"))
                    for st in d.setups if st.crossed_this_week and st.cross.last_cross is not None
                    and st.lagging is None]  # a cross the price already left leans nowhere
        elif isinstance(d, LensesData):  # each lens that states a way leans the index that way
            title = f"{s.emoji} {s.title}"
            out += [View(LENS_INDEX, r.direction == "up", title, traded=False, why=lens_lean(r))
                    for r in d.reads if r.direction in ("up", "down")
                    and (LENS_INDEX, title) not in called]
    return out


def lens_lean(read: LensRead) -> str:
    """"its contrarian lens reads down: $SPY RSI(14) 72.8; VIX 13.0 at 4.8% of its 1-year range":
    the lens and the (at most two) readings that voted its way. The sample (seed 97) read the same
    VIX 13.0 as a reason to sell in Three Minds and to buy in the Regime Read's call beside it."""
    agreeing = read.reasons[:min(len(read.agree), 2)]
    return f"its {read.name} lens reads {read.direction}" + (f": {'; '.join(agreeing)}" if agreeing else "")


def tensions(sections: tuple[Section, ...] | list[Section],
             calls: tuple[Call, ...] | list[Call]) -> tuple[Tension, ...]:
    """Tickers one section is bullish on and another bearish on, one Tension each."""
    seen = views(sections, calls)
    out: list[Tension] = []
    for ticker in dict.fromkeys(v.ticker for v in seen):
        bulls = [v for v in seen if v.ticker == ticker and v.bullish]
        bears = [v for v in seen if v.ticker == ticker and not v.bullish]
        pairs = [(b, s) for b in bulls for s in bears if b.section != s.section]
        if pairs:
            out.append(Tension(ticker, *pairs[0]))
    return _one_sentence_a_basket(out)


def _one_sentence_a_basket(found: list[Tension]) -> tuple[Tension, ...]:
    """Fold the tensions between a theme basket and stalled leaders in it into the first one's
    ``also``: the sample issue said "leans long $AVGO (with AI semis ...)" and then the same
    sentence again for $NVDA."""
    out: list[Tension] = []
    for t in found:
        key = (t.bull.section, t.bull.basket, t.bear.section)
        first = next((i for i, m in enumerate(out) if t.bull.basket and t.bear.stop_label
                      and (m.bull.section, m.bull.basket, m.bear.section) == key), None)
        if first is None:
            out.append(t)
        else:
            out[first] = replace(out[first], also=(*out[first].also, t))
    return tuple(out)
