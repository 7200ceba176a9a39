"""🔙 A watchlist stock's huge week or day is said, not left out.

The review of the sample (seed 97) found 62 name-weeks in 49 of 101 issues where a stock on the
issue's own watchlists moved 20% or more in a week, or 15% or more in a day, and no line named it:
$RKLB -48.9% (2026-02-22, -35.3% on Feb 18) under "$AMD Plunges 16.1% ... & $KRE Leads the Drop";
$META +37.0% (2026-09-20, +27.5% on Sep 17) under "Small Caps Hold Up Better & 10Y Yield Up 26 bp".
The week's mover was chosen among the indices and sectors only.
"""

from __future__ import annotations

import pytest

from newsletter.config import Config, Watchlists
from newsletter.sections import recap
from tests.analysis.factories import make_bars
from tests.sections.small_frames import context, render_sections
from tests.sections.test_headline_stories import FLAT, _week


def _stock(week: list[float]) -> list[float]:
    """A year at 20, then the as-of week's closes after its base (FLAT's length in all)."""
    return [20.0] * (len(FLAT) + 1 - len(week)) + week


def _ctx(week: list[float]):
    bars = {"SPY": make_bars(_week(0.3), "2025-01-07"), "RKLB": make_bars(_stock(week), "2025-01-07")}
    cfg = Config(watchlists=Watchlists(indices=["SPY"], macro=[], sectors=[], breakdown=[],
                                       sentiment=[], story=["RKLB"]))
    return context(bars, config=cfg)


def _movers(week: list[float]) -> list[str]:
    return [s.phrase for s in recap.build(_ctx(week)).signals if s.phrase.startswith("$RKLB")]


def test_a_halved_stock_is_the_week_s_story_and_its_line() -> None:
    ctx = _ctx([20.0, 20.0, 19.0, 12.29, 10.0, 10.22])  # Wednesday -35.3%, the week -48.9%
    (signal,) = [s for s in recap.build(ctx).signals if s.phrase.startswith("$RKLB")]
    assert signal.phrase == "$RKLB Plunges 48.9%" and signal.lean == -1
    assert signal.hook == "$RKLB fell 48.9% on the week, with a 35.3% drop on Wednesday."
    assert recap.build(ctx).section.data.stock_moves == (signal.hook,)
    # the lead tells it, so its ⚡ line is not said again (newsletter.sections.told)
    assert render_sections(ctx, recap).count("$RKLB fell 48.9% on the week, with a 35.3% drop") == 1


@pytest.mark.parametrize(("week", "phrase"), [
    ([20.0, 21.5, 23.0, 23.98], None),                     # +19.9%, no day of 15%
    ([20.0, 21.5, 23.0, 24.0], "$RKLB Soars 20.0%"),       # +20.0%
    ([20.0, 21.5, 23.0, 24.02], "$RKLB Soars 20.1%"),
    ([20.0, 20.0, 22.98, 22.98], None),                    # a day of +14.9%
    ([20.0, 20.0, 23.0, 23.0], "$RKLB Soars 15.0% on Thursday"),    # +15.0% in a day
    ([20.0, 20.0, 23.02, 23.02], "$RKLB Soars 15.1% on Thursday"),
])
def test_a_stock_s_move_is_news_from_20_percent_a_week_or_15_a_day(week: list[float],
                                                                    phrase: str | None) -> None:
    assert _movers(week) == ([phrase] if phrase else [])
