"""📰 Indices that cross their 200-day the same way in one week are one phrase, $SPY's first.

The replay's 2009-06-07 led "Small Caps Are Heating Up & $DIA Takes Back Its 200-Day": $DIA's cross
(1.52, 262 sessions under) edged $SPY's own first close over its 200-day in 259 sessions (1.51),
the market's story, told as one story with it, so $SPY's and $IWM's crosses were ⚡ lines only.
"""

from __future__ import annotations

from newsletter.sections.base import Signal
from newsletter.sections.recap_crosses import CROSS_STORIES, crosses_together


def _cross(who: str, strength: float, up: bool = True, market: bool = False) -> Signal:
    verb = "Takes Back" if up else "Loses"
    return Signal(strength, f"{who} {verb} Its 200-Day", f"{who} closed {'over' if up else 'under'} it.",
                  market=market, lean=1 if up else -1, story=CROSS_STORIES[up])


def test_crosses_of_one_side_are_one_phrase_the_sp500_first() -> None:
    (one,) = crosses_together([("IWM", _cross("$IWM", 1.3)), ("DIA", _cross("$DIA", 1.52)),
                               ("SPY", _cross("$SPY", 1.51, market=True))], {})
    assert one.phrase == "$SPY, $IWM and $DIA Take Back Their 200-Days"
    assert one.strength == 1.52 and one.market and one.story == CROSS_STORIES[True]
    assert one.hook == "$SPY closed over it. $IWM closed over it. $DIA closed over it."
    assert dict(one.without) == {"$SPY": "$IWM and $DIA Take Back Their 200-Days",
                                 "$IWM": "$SPY and $DIA Take Back Their 200-Days",
                                 "$DIA": "$SPY and $IWM Take Back Their 200-Days"}


def test_two_lose_theirs_and_one_alone_stays_as_it_is() -> None:
    down = [("SPY", _cross("$SPY", 1.4, up=False, market=True)), ("QQQ", _cross("$QQQ", 1.2, up=False))]
    alone = _cross("$IWM", 1.1)
    out = crosses_together([*down, ("IWM", alone)], {})
    assert [s.phrase for s in out] == ["$IWM Takes Back Its 200-Day", "$SPY and $QQQ Lose Their 200-Days"]
    assert out[0] is alone
    assert dict(out[1].without)["$SPY"] == "$QQQ Loses Its 200-Day"


def test_a_second_phrase_about_the_first_name_of_three_is_left_out() -> None:
    """The replay's 2012-11-09 read "$SPY, $IWM and $DIA Lose Their 200-Days" as about "$SPY," and
    took "$SPY Slides 2.4%" beside it, then left $SPY out of the crosses."""
    from newsletter.sections.headline import make_headline
    from tests.sections.test_headline import _ctx, _week

    (group,) = crosses_together([("SPY", _cross("$SPY", 1.8, up=False, market=True)),
                                 ("IWM", _cross("$IWM", 1.5, up=False)),
                                 ("DIA", _cross("$DIA", 1.4, up=False))], {})
    week = Signal(1.2, "$SPY Slides 2.4%", "$SPY fell 2.4%.")
    run = Signal(1.0, "$QQQ Falls 5 Weeks in a Row", "$QQQ fell for a fifth straight week.")
    headline = make_headline(_ctx(SPY=_week(-2.4)), [group, week, run])[0]
    assert headline == "$SPY, $IWM and $DIA Lose Their 200-Days & $QQQ Falls 5 Weeks in a Row"
