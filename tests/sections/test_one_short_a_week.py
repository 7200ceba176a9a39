"""📌 At most one short call a week: when several plans pass, the weakest name's week takes it.

The replay's 2022 issues made two index shorts in 7 weeks (2022-09-25: $DIA and $QQQ, both
stopped on Oct 4), one bet counted twice; 2005-10-23 shorted $QQQ in the one week it alone rose.
Chosen on 2000-2012 and reported on 2013-2022 (breakdown.one_short_a_week).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from newsletter.sections import breakdown
from newsletter.trade_plan import plain_failure
from tests.sections.factories import context, crash_to_new_lows, render
from tests.sections.test_losing_setups import NEWS, _picked


def _two(first: float, second: float):
    _, _, pick = _picked(None)
    a, b = replace(pick, ticker="IWM"), replace(pick, ticker="QQQ")
    return breakdown.one_short_a_week([a, b], {"IWM": first, "QQQ": second})


@pytest.mark.parametrize(("first", "second", "kept"), [
    (-3.04, -2.96, "IWM"),   # both print -3.0%: a tie goes to the first (the pick order)
    (-2.96, -3.04, "IWM"),
    (-2.96, -3.06, "QQQ"),   # -3.1% against -3.0%: the weaker as printed
    (-3.06, -2.96, "IWM"),
    (1.2, 0.4, "QQQ"),       # a rising week: the one that rose least
])
def test_the_weakest_week_as_printed_keeps_the_call(first: float, second: float, kept: str) -> None:
    picks = _two(first, second)
    (called,) = [p for p in picks if p.call is not None]
    assert called.ticker == kept and called.plan.ok
    (other,) = [p for p in picks if p.call is None]
    low, own = (first, second) if kept == "IWM" else (second, first)
    assert other.plan.failures == (
        f"one short a week, on the weakest: ${kept}'s week was {low:+.1f}%, against its "
        f"{own:+.1f}%",)


def test_one_passing_plan_is_left_alone() -> None:
    _, _, pick = _picked(None)
    failed = replace(pick, ticker="QQQ", call=None,
                     plan=replace(pick.plan, failures=("R/R 0.91 under 2",)))
    assert breakdown.one_short_a_week([pick, failed], {"IWM": -1.0, "QQQ": -5.0}) == [pick, failed]


def test_the_lead_says_it_plainly() -> None:
    assert plain_failure("one short a week, on the weakest: $IWM's week was -3.1%, against its "
                         "-3.0%") == ("the week's one short goes to the weakest, $IWM (-3.1% on "
                                      "the week, against its -3.0%)")


def test_two_breaking_names_make_one_call_and_say_why_of_the_other() -> None:
    crash = crash_to_new_lows()
    twice = crash * 2.0  # the same fall in percent: a tie, kept by the pick order
    twice["Volume"] = crash["Volume"]
    ctx = context({"IWM": crash, "QQQ": twice}, breakdown=["IWM", "QQQ"], calls=NEWS)
    built = breakdown.build(ctx)
    assert len(built.section.data.picks) == 2 and len(built.calls) == 1
    text = render(ctx, built.section)
    assert text.count("👉") == 1
    assert "🚫 **No trade**: one short a week, on the weakest: $" in text
