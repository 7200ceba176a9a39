"""📌 A breakdown's headline is the size of the week's fall (READER.md: "Is the wording the size of
the move?")."""

from __future__ import annotations

import pytest

from newsletter.sections import breakdown
from newsletter.sections.recap import weekly_move
from tests.sections.factories import context

# The sample (seed 5, every section on) of 2026-11-08 led "🚨 $TSLA Cracking Support" in the week
# TSLA fell 24.9%, to its lowest close in over a year: the phrase of a support break a cent deep.
# A pick that fell 10% or more on the week (as printed) now says so.


@pytest.mark.parametrize(("week", "phrase"), [
    (-24.9, "$TSLA Plunges 24.9% Through Support"),
    (-10.0, "$TSLA Plunges 10.0% Through Support"),
    (-9.96, "$TSLA Plunges 10.0% Through Support"),   # prints as 10.0
    (-9.94, "$TSLA Cracking Support"),                 # prints as 9.9
    (3.0, "$TSLA Cracking Support"),
    (None, "$TSLA Cracking Support"),
])
def test_a_call_s_headline_says_a_plunge(week: float | None, phrase: str) -> None:
    said, hook = breakdown.signal_words("TSLA", "break", 240.0, 210.0, "R/R 2.3 to 1", 245.0,
                                        "52-week low", week_pct=week)
    assert said == phrase
    assert hook == "$TSLA closed under its 245.00 support: short under 240.00, target 210.00, R/R 2.3 to 1."


@pytest.mark.parametrize(("kind", "phrase"), [
    ("rejection", "$TSLA Plunges 12.0% From the 200-Day"),
    ("break", "$TSLA Plunges 12.0% Through Support"),
    ("crack", "$TSLA Plunges 12.0% Under Its 200-Day"),
    ("low", "$TSLA Plunges 12.0% to a 52-Week Low"),
])
def test_each_kind_of_breakdown_says_its_plunge(kind: str, phrase: str) -> None:
    assert breakdown.signal_words("TSLA", kind, 240.0, 210.0, "R/R 2.3 to 1", 245.0,
                                  "52-week low", week_pct=-12.0)[0] == phrase
    news, _ = breakdown.news_words("TSLA", kind, ("R/R 1.50 under 2",), 245.0, "52-week low",
                                   week_pct=-12.0)
    assert news == phrase


def test_the_section_s_signal_carries_the_week_s_fall() -> None:
    """A slide to new lows whose last week fell 15% (the crash frame's last three closes lower)."""
    import numpy as np

    from tests.analysis.factories import make_bars

    bars = make_bars(list(np.linspace(100, 80, 280)) + [80, 81, 82, 83, 84, 85, 86, 85, 80, 74, 69.7])
    ctx = context({"IWM": bars}, breakdown=["IWM"])
    move = weekly_move(bars, ctx.snapshot.asof, "IWM")
    assert move is not None and move.change_pct <= -10.0
    (signal,) = breakdown.build(ctx).signals
    assert signal.phrase.startswith(f"$IWM Plunges {abs(move.change_pct):.1f}% ")
