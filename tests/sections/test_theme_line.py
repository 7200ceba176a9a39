"""🧠 Macro + Theme Watch: a theme's figures say which basket they belong to."""

from __future__ import annotations

import pytest

from newsletter.analysis.relative_strength import RelativeStrength
from newsletter.model import Section
from newsletter.sections.macro import MacroData, ThemeRead
from tests.analysis.factories import make_bars
from tests.sections.factories import context, render


def _theme(month: float, week: float) -> Section:
    rs = RelativeStrength.__new__(RelativeStrength)
    object.__setattr__(rs, "spreads", {"1d": 0.1, "1w": week, "1m": month})
    theme = ThemeRead("AI semis vs analog semis", "AI semis", "analog semis",
                      ("NVDA", "AVGO", "AMD"), ("TXN", "ADI", "MCHP"), rs, 2)
    return Section("macro", "🧠", "Macro + Theme Watch", data=MacroData((theme,), ()))


# The sample issue (2026-11-22, the demo): "🔁 **AI semis vs analog semis**: level: neither side
# leads by a point over a month." and under it "$TXN $ADI $MCHP vs $NVDA $AVGO $AMD: +0.5% over a
# month, -2.0% on the week, ahead 2 sessions in a row.": the baskets in the other order from the
# title, unnamed, so "+0.5%" read as the AI semis' lead. Each side now carries its label.

@pytest.mark.parametrize(("month", "week", "line"), [
    (-0.5, 2.0, "Analog semis ($TXN $ADI $MCHP) vs AI semis ($NVDA $AVGO $AMD): +0.5 points over "
                "a month, -2.0 on the week, ahead 2 sessions in a row."),
    (5.2, 1.0, "AI semis ($NVDA $AVGO $AMD) > analog semis ($TXN $ADI $MCHP): +5.2 points over a "
               "month, +1.0 on the week, ahead 2 sessions in a row."),
])
def test_each_basket_of_a_theme_is_named_with_its_figures(month: float, week: float,
                                                          line: str) -> None:
    ctx = context({"SPY": make_bars([100.0] * 30)})
    text = render(ctx, _theme(month, week))
    assert line in text, text


def test_a_basket_without_a_label_is_named_by_its_tickers_once() -> None:
    """A theme with no ``lead_label``/``lag_label`` is labelled "NVDA + AVGO + AMD" by the section;
    the line then names the tickers once, not "NVDA + AVGO + AMD ($NVDA $AVGO $AMD)"."""
    from dataclasses import replace

    section = _theme(5.2, 1.0)
    (theme,) = section.data.themes
    unlabelled = replace(theme, lead_label="NVDA + AVGO + AMD", lag_label="TXN + ADI + MCHP")
    section = replace(section, data=MacroData((unlabelled,), ()))
    text = render(context({"SPY": make_bars([100.0] * 30)}), section)
    assert "$NVDA $AVGO $AMD > $TXN $ADI $MCHP: +5.2 points over a month" in text, text
