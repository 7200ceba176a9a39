"""⚖️ A Three Minds lens that reads against the Regime Read's call is a tension the issue says.

The review of the sample (seed 97, both optional sections on): in 10 of the 36 issues with a
Regime Read call a lens read the other way on the same figures (2025-10-12: "🔴 Contrarian: down
... VIX 13.0 at 4.8% of its 1-year range" beside "RISK-ON ... 🟢 Volatility: VIX 13.0 ... 🎯 One
call: $SPY over 488.83"), and no line said so: a lens read was no view.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from newsletter.analysis.lenses import LensRead
from newsletter.analysis.synthesis import Synthesis
from newsletter.model import Call, Section
from newsletter.render import environment
from newsletter.sections.lenses import LensesData
from newsletter.story import tensions, views
from newsletter.workspace import PACKAGE_DIR

CONTRARIAN = LensRead("contrarian", "down", 0.6,
                      ("$SPY RSI(14) 72.8", "VIX 13.0 at 4.8% of its 1-year range, 11.9 to 33.4",
                       "breadth 61% above the 200-day"),
                      ("rsi", "vix", "breadth"), (), (), ("rsi", "vix"))
FLOW = LensRead("flow", "flat", 0.4, ("IWM +0.2 points against SPY over a month",), ("rotation",), ())


def _lenses(*reads: LensRead) -> Section:
    synthesis = Synthesis("flat", 0.4, (), (), tuple(r.name for r in reads), ())
    data = LensesData(reads, synthesis, (), (), 0.6, None, None, "flat")
    return Section("lenses", "🧩", "Three Minds", data=data)


def _regime_call(direction: str = "long") -> Call:
    return Call(id="2025-10-12-regime-SPY", origin="regime", made_on=dt.date(2025, 10, 12),
                ticker="SPY", direction=direction, trigger=488.83, target=502.73, stop=482.0,
                horizon=dt.date(2025, 10, 24), text="")


def test_a_lens_reading_against_the_regime_call_is_a_tension() -> None:
    regime = Section("regime", "🧭", "Regime Read", data=None)
    found = tensions([_lenses(CONTRARIAN, FLOW), regime], [_regime_call()])
    (t,) = found
    assert (t.ticker, t.bull.section, t.bear.section) == ("SPY", "🧭 Regime Read", "🧩 Three Minds")
    assert t.bear.why == ("its contrarian lens reads down: $SPY RSI(14) 72.8; VIX 13.0 at 4.8% of "
                          "its 1-year range, 11.9 to 33.4")
    env = environment([PACKAGE_DIR / "templates"], None)
    text = env.get_template("story.md.j2").render(issue=SimpleNamespace(tensions=found))
    assert ("⚖️ The tape disagrees with itself: 🧭 Regime Read leans long $SPY (over **488.83**), "
            "while 🧩 Three Minds leans short (its contrarian lens reads down: $SPY RSI(14) 72.8; "
            "VIX 13.0 at 4.8% of its 1-year range, 11.9 to 33.4); both cannot be right for long.") in text


def test_a_flat_lens_and_a_lens_the_call_s_way_lean_nowhere_against_it() -> None:
    up = LensRead("flow", "up", 0.6, ("breadth 70%",), ("breadth",), (), (), ("breadth",))
    assert not tensions([_lenses(FLOW, up)], [_regime_call()])
    assert [v.bullish for v in views([_lenses(FLOW, up)], [])] == [True]
