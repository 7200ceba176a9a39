"""🧠 Story stocks: a breakout is said while it holds, and leans long in the issue's one story."""

from __future__ import annotations

import numpy as np
import pytest

from newsletter.config import Config, Watchlists
from newsletter.model import Section
from newsletter.sections import macro
from newsletter.sections.breakdown import BreakdownData
from newsletter.story import tensions
from tests.analysis.factories import make_bars
from tests.sections.small_frames import context, render_sections

CFG = Config(watchlists=Watchlists(story=["COIN"]), themes=[])


def _broke_out_then(after: list[float]):
    """A steady 100 (its 50-day high 101 from a wobble), a close at 110 on 4x volume, then
    ``after``'s closes on normal volume."""
    closes = np.r_[np.full(60, 100.0), [101.0], np.full(10, 100.0), [110.0], after]
    volume = np.r_[np.full(71, 1e6), [4e6], np.full(len(after), 1e6)]
    return make_bars(closes, "2025-01-02", volume=volume)


# The sample (seed 5, every section on) of 2025-12-07: "$COIN broke out: a close at **270.60** over
# its 50-day high of 242.61 on 4.8× average volume (Dec 2)." with COIN's last close 237.51, back
# under the level it broke (6 of 28 such lines): a dead setup said as a live one, and the headline
# could lead on it. A breakout is said as one while the last close holds over the level broken.

@pytest.mark.parametrize(("last", "live"), [
    (101.01, True),   # a cent over the 101 it broke
    (101.0, False),   # back at the level: no longer over it
    (99.0, False)])
def test_a_breakout_is_live_only_while_the_close_holds_over_the_level(last: float, live: bool) -> None:
    ctx = context({"COIN": _broke_out_then([105.0, last])}, config=CFG)
    built = macro.build(ctx)
    (story,) = built.section.data.stories
    assert story.breakout is not None and story.breakout_failed is not live
    text = render_sections(ctx, macro)
    assert ("$COIN broke out: a close at **110.00** over its 50-day high of 101.00" in text) is live
    phrases = [s.phrase for s in built.signals]
    assert ("$COIN Breaks Out on Volume" in phrases) is live
    if not live:
        assert ("$COIN's breakout failed: a close at **110.00** over its 50-day high of 101.00 on "
                "4.0× average volume (") in text
        assert f"and back under it since, at **{last:,.2f}**." in text, text


# The same sample, 2025-05-18: "$COIN Cracking Support & Story Stocks Break Out", the hook "...short
# under 180.31 ... $COIN and $PLTR just broke out on volume.", and no word that one name was both a
# short and a breakout. A live story breakout now leans long, as a theme leader does.

def test_a_breakout_and_a_short_on_one_name_are_a_tension() -> None:
    from types import SimpleNamespace

    ctx = context({"COIN": _broke_out_then([105.0, 104.0])}, config=CFG)
    story_section = macro.build(ctx).section
    pick = SimpleNamespace(ticker="COIN", trigger=103.0, stop=106.0, plan=SimpleNamespace(ok=True, dead=False,
                                                                                 failures=()))
    shorts = Section("breakdown", "📌", "Breakdown Watch",
                     data=BreakdownData((pick,), (), (), None, (), (), 0, False, False))
    (t,) = tensions([shorts, story_section], [])
    assert (t.ticker, t.bull.section, t.bear.section) == ("COIN", "🧠 Macro + Theme Watch",
                                                          "📌 Breakdown Watch")
    assert "broke out" in t.bull.why
    failed = context({"COIN": _broke_out_then([105.0, 99.0])}, config=CFG)
    assert tensions([shorts, macro.build(failed).section], []) == ()


@pytest.mark.parametrize(("depth", "words"), [(8.6, "6 weeks in an 8.6% range"),
                                              (14.2, "6 weeks in a 14.2% range"),
                                              (11.0, "6 weeks in an 11.0% range")])
def test_a_base_reads_its_article_aloud(depth: float, words: str) -> None:
    """The sample (seed 13): "6 weeks in a 8.6% range" (7 times in 6 weeks)."""
    import datetime as dt

    from newsletter.analysis.breakouts import Base
    from newsletter.sections.macro import MacroData, StoryRead
    from tests.sections.factories import render

    shape = Base(dt.date(2025, 1, 1), dt.date(2025, 2, 12), 6, 108.6, 100.0, depth, 20.0, 0.4, True)
    section = Section("macro", "🧠", "Macro + Theme Watch",
                      data=MacroData((), (StoryRead("PLTR", None, shape, 104.0),)))
    text = render(context({"PLTR": _broke_out_then([100.0])}, config=CFG), section)
    assert f"$PLTR is basing: {words}" in text, text
