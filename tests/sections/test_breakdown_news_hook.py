"""The lead paragraph tells why a pick is no trade in a trader's words, not the rule's.

The replays' leads pasted the plan's rule: "$DIA closed under its 347.88 support; no trade at these
levels: R/R 1.50 under 2." (95 of 100 such leads), "$AAPL closed under its 213.63 support; no trade
at these levels: played out, with a trade at or below the target 193.98 on May 7, after the setup
formed; R/R 0.45 under 2." (seed 41, 2026-05-10). The lead gives the first reason, plainly; the
section below still lists every rule.
"""

from __future__ import annotations

import datetime as dt

import pytest

from newsletter.config import CallsConfig
from newsletter.sections import breakdown
from newsletter.trade_plan import plain_failure, plan

HORIZON = dt.date(2026, 6, 12)


def _hook(**kw) -> str:
    checked = plan("DIA", "short", kw.pop("trigger", 346.0), kw.pop("stop", 350.0),
                   kw.pop("target", 338.0), HORIZON, kw.pop("close", 347.0), kw.pop("atr", 3.0),
                   CallsConfig(), setup="support break", **kw)
    assert not checked.ok
    return breakdown.news_words("DIA", "break", checked.failures, 347.88, "")[1]


@pytest.mark.parametrize(("target", "said"), [
    (338.04, "at these levels the trade pays 1.99 to 1, under the 2 to 1 a call needs"),
    (338.00, None),  # 2.00: a trade
    (337.96, None),  # 2.01
])
def test_a_reward_under_twice_the_risk_is_said_as_odds(target: float, said: str | None) -> None:
    checked = plan("DIA", "short", 346.0, 350.0, target, HORIZON, 347.0, 3.0, CallsConfig())
    if said is None:
        assert checked.ok
        return
    hook = breakdown.news_words("DIA", "break", checked.failures, 347.88, "")[1]
    assert hook == f"$DIA closed under its 347.88 support, but {said}."


def test_a_played_out_move_is_said_done() -> None:
    hook = _hook(target_traded_on=dt.date(2026, 5, 7), target=340.0)
    assert hook == ("$DIA closed under its 347.88 support, but it already traded at the 340.00 "
                    "target on May 7: the move is done.")


def test_a_stop_traded_since_the_setup_is_said_plainly() -> None:
    hook = _hook(stop_traded_on=dt.date(2026, 5, 7))
    assert hook == ("$DIA closed under its 347.88 support, but it already traded back at the 350.00 "
                    "stop on May 7: the setup is dead.")


def test_a_close_through_the_stop_is_said_plainly() -> None:
    hook = _hook(close=351.0)
    assert hook == ("$DIA closed under its 347.88 support, but the last close, 351.00, is already "
                    "above the 350.00 stop: the setup is dead.")


def test_a_far_trigger_and_a_wide_stop_are_said_in_atrs() -> None:
    far = _hook(trigger=330.0, stop=350.0, target=270.0, close=347.0, atr=3.0)
    assert far == ("$DIA closed under its 347.88 support, but the trigger sits 5.7 ATRs from the "
                   "close: no trade at these levels.")
    wide = _hook(trigger=346.0, stop=356.0, target=300.0, close=347.0, atr=3.0)
    assert wide == ("$DIA closed under its 347.88 support, but the stop sits 3.3 ATRs from the "
                    "entry: no trade at these levels.")


def test_a_rule_without_plain_words_is_told_as_the_rule() -> None:
    assert plain_failure("no ATR to measure the trigger's distance") == (
        "no trade at these levels: no ATR to measure the trigger's distance")


def test_a_setup_held_back_by_its_record_keeps_its_words() -> None:
    why = "this setup lost 9 of its 12 replayed calls"
    hook = breakdown.news_words("DIA", "break", (why,), 347.88, "", held_back_only=True)[1]
    assert hook == f"$DIA closed under its 347.88 support; no trade: {why}."


@pytest.mark.parametrize(("above", "phrase"), [
    (-9.4, "$QQQ Rolls Over Under Its 200-Day"),      # 9% as printed: still near it
    (-9.6, "$QQQ Loses Momentum 10% Under Its 200-Day"),
    (-33.3, "$QQQ Loses Momentum 33% Under Its 200-Day")])
def test_a_crack_far_under_the_200_day_does_not_roll_over_under_it(above: float, phrase: str) -> None:
    """"$QQQ Rolls Over Under Its 200-Day" was said 33.3% under it (the real bars, 2000-12-31)."""
    got, hook = breakdown.news_words("QQQ", "crack", ("R/R 1.50 under 2",), None, "", above_200d_pct=above)
    assert got == phrase
    if "Loses" in phrase:
        assert hook.startswith(f"$QQQ's momentum cracked {-above:.1f}% under its 200-day, but ")
    assert breakdown.signal_words("QQQ", "crack", 80.0, 70.0, "R/R 2.5 to 1", None, "",
                                  above_200d_pct=above)[0] == phrase
