"""``calls.losing_setups: news``: a setup that lost in the replay is news, not a call.

On the real bars (README replay, 2003-2022) the support breaks lost in both halves:
-0.27R a call over the 64 decided by the end of 2012 and -0.26R over the 54 after,
against -0.05R for the same plans on random weeks. Printed as a call beside its own
"-0.26R a call (replay)", that is a plan no trader would take; an author who wants
the newsletter to say so sets ``losing_setups: news``. The record counts only the
calls decided by the issue's as-of, so a rebuilt 2013 issue is held back by what
was known in 2013 (the out-of-sample test the issue asks for).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from newsletter.config import CallsConfig
from newsletter.sections import breakdown, regime
from newsletter.trade_plan import held_back_by_record, losing_record, plan
from tests.sections.factories import context, crash_to_new_lows, render
from tests.sections.small_frames import LOOSE

NEWS = CallsConfig(min_reward_risk=1.0, **LOOSE, losing_setups="news")
"""R/R 1.18 on the crash frame: a rule of 1 lets it be a call (as tests/test_standing_calls.py)."""


@pytest.mark.parametrize(("decided", "expectancy", "held"), [
    (19, -0.5, False), (20, -0.5, True), (21, -0.5, True),          # the count, at min_replayed 20
    (20, -0.049, False), (20, -0.051, True),                         # prints 0.0R / -0.1R
    (20, 0.0, False), (20, 0.049, False), (20, 0.3, False), (20, None, False)])
def test_a_record_holds_a_plan_back_from_enough_calls_that_print_a_loss(
        decided: int, expectancy: float | None, held: bool) -> None:
    assert losing_record(decided, expectancy, NEWS) is held
    keep = NEWS.model_copy(update={"losing_setups": "call"})
    assert losing_record(decided, expectancy, keep) is False


def test_the_count_it_takes_is_the_authors() -> None:
    rules = NEWS.model_copy(update={"min_replayed": 5})
    assert [losing_record(n, -0.2, rules) for n in (4, 5, 6)] == [False, True, True]


def _trade():
    return plan("IWM", "short", 99.0, 101.0, 93.0, dt.date(2025, 3, 14), 100.0, 1.5, NEWS,
                setup="support break")


def test_a_held_back_plan_fails_one_rule_that_says_why() -> None:
    held = held_back_by_record(_trade(), 118, -0.2637, "2003", NEWS)
    assert not held.ok and held.failures == (held.replay_failure,)
    assert held.replay_failure == ("this setup lost -0.3R a call in the replay (hypothetical), "
                                   "118 decided calls since 2003")
    assert held_back_by_record(_trade(), 118, 0.12, "2003", NEWS).ok


def _report(n: int, r: float, setup: str = "support break", day: str = "2024-06-03") -> dict:
    return {"weeks": {"first": "2003-01-05"}, "by_setup": {},
            "decided": [[day, setup, "stopped" if r < 0 else "hit", r, "IWM"] for _ in range(n)]}


def _picked(report: dict | None, calls: CallsConfig = NEWS):
    ctx = replace(context({"IWM": crash_to_new_lows()}, breakdown=["IWM"], calls=calls),
                  replay=report)
    built = breakdown.build(ctx)
    (pick,) = built.section.data.picks
    return ctx, built, pick


def test_without_a_report_the_plan_is_a_call() -> None:
    _, built, pick = _picked(None)
    assert pick.plan.ok and built.calls == (pick.call,)


@pytest.mark.parametrize(("n", "is_call"), [(19, True), (20, False), (21, False)])
def test_a_breakdown_whose_setup_lost_in_the_replay_is_news(n: int, is_call: bool) -> None:
    ctx, built, pick = _picked(_report(n, -0.3))
    assert pick.plan.ok is is_call and bool(built.calls) is is_call
    if is_call:
        return
    text = render(ctx, built.section)
    assert (f"🚫 **No trade**: this setup lost -0.3R a call in the replay (hypothetical), "
            f"{n} decided calls since 2003") in text
    assert "👉" not in text
    (signal,) = built.signals
    assert signal.strength == breakdown.NEWS_STRENGTH
    assert "; no trade: this setup lost -0.3R a call" in signal.hook  # not "at these levels"


def test_a_losing_record_of_another_setup_or_decided_after_the_as_of_holds_nothing() -> None:
    assert _picked(_report(30, -0.3, setup="rejection at the 200-day"))[2].plan.ok
    assert _picked(_report(30, -0.3, day="2030-01-02"))[2].plan.ok  # after the frame's as-of


def test_the_default_keeps_the_call_and_its_record_beside_it() -> None:
    _, built, pick = _picked(_report(30, -0.3), NEWS.model_copy(update={"losing_setups": "call"}))
    assert pick.plan.ok and built.calls == (pick.call,)


def test_the_regime_call_is_held_back_by_its_own_record() -> None:
    from tests.sections.test_regime import _market

    bars = _market(vix_last=40.0, iwm_last=90.0, hyg_last=90.0)
    ctx = context(bars, sections={"regime": True}, calls=CallsConfig(losing_setups="news"))
    assert regime.build(ctx).calls  # a call without a report
    held = regime.build(replace(ctx, replay=_report(25, -0.1, setup="regime")))
    assert held.calls == () and "this setup lost -0.1R" in held.section.data.plan.replay_failure


def test_a_plan_held_back_only_by_its_record_is_shown_before_plans_whose_levels_fail() -> None:
    """The 2013-04-21 issue, built with the rule on, showed $IWM and $SPY failing on R/R and left
    $DIA, a trade but for its record, to "Also breaking down"."""
    _, _, pick = _picked(None)
    trade = pick.plan
    held = replace(pick, ticker="DIA", score=1.0,
                   plan=held_back_by_record(trade, 25, -0.3, "2003", NEWS))
    weak = replace(pick, ticker="IWM", score=5.0,
                   plan=replace(trade, failures=("R/R 0.77 under 2",)))
    both = replace(pick, ticker="SPY", score=6.0,
                   plan=held_back_by_record(replace(trade, failures=("R/R 0.91 under 2",)), 25,
                                            -0.3, "2003", NEWS))
    call = replace(pick, ticker="QQQ", score=0.5)
    assert both.plan.failures == ("R/R 0.91 under 2",)  # held_back_by_record leaves a failed plan
    order = [p.ticker for p in breakdown.pick_order([weak, both, held, call])]
    assert order == ["QQQ", "DIA", "SPY", "IWM"]
    # without the rule nothing changes: plans that fail, by score
    assert [p.ticker for p in breakdown.pick_order([weak, both, call])] == ["QQQ", "SPY", "IWM"]
