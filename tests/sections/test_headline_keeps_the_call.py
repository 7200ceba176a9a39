"""🚨 The issue's trade call keeps its place when the market's story is added.

The real bars' 2014-10-12 "VIX Jumps 46% & The S&P Slides 3.0%" (and 2015-08-23, 2015-12-13)
left the issue's only call, a $SPY short, out of the headline and the hook: the S&P's ranked week
took the second place from "$SPY Cracking Support", a phrase about the same name.
"""

from __future__ import annotations

from newsletter.sections.base import Signal
from newsletter.sections.headline import make_headline
from tests.sections.test_headline_stories import _ctx, _week

WEEK = Signal(1.52, "$SPY Slides 3.0%", "W.", aside="$SPY fell 3.0%, its worst week since X.",
              market=True, lean=-1)
VIX = Signal(3.83, "VIX Jumps 46%", "V.", subject="VIX")


def test_a_call_on_the_market_s_name_tells_the_market_s_story_as_its_aside() -> None:
    ctx = _ctx(SPY=_week(0.3))
    call = Signal(3.5, "$SPY Cracking Support", "C.", lean=-1, call=True)
    headline, hook = make_headline(ctx, [VIX, call, WEEK])
    assert headline == "VIX Jumps 46% & $SPY Cracking Support"
    assert hook.startswith("V. $SPY fell 3.0%, its worst week since X. C.")


def test_a_call_on_another_name_keeps_its_place_over_a_non_call() -> None:
    ctx = _ctx(SPY=_week(0.3))
    call = Signal(3.5, "$IWM Cracking Support", "C.", lean=-1, call=True)
    assert make_headline(ctx, [VIX, call, WEEK])[0] == "$IWM Cracking Support & $SPY Slides 3.0%"
    # news that is no call gives way as before
    news = Signal(3.5, "$IWM Breaks Support", "N.", lean=-1)
    assert make_headline(ctx, [VIX, news, WEEK])[0] == "VIX Jumps 46% & $SPY Slides 3.0%"
