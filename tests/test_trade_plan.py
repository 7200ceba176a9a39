"""Every call is a checked trade plan: each rule at its threshold (equal passes, just past fails)."""

from __future__ import annotations

import datetime as dt

import pytest

from newsletter.config import CallsConfig
from newsletter.trade_plan import plan

RULES = CallsConfig()
HORIZON = dt.date(2026, 12, 18)


def _short(trigger=100.0, stop=105.0, target=90.0, close=100.5, atr14=2.0, **kw):
    return plan("X", "short", trigger, stop, target, HORIZON, close, atr14, RULES, **kw)


def test_golden_breakdown_is_no_trade() -> None:
    """The golden issue's "350 cracks → 330, a close above 406.35 kills it" with TSLA at 401."""
    p = plan("TSLA", "short", 350.0, 406.35, 330.0, HORIZON, 401.16, 15.0, RULES)
    assert not p.ok
    assert "R/R 0.35 under 2" in p.failures
    assert p.verdict.startswith("no trade: ")


def test_seed_001_short_is_a_trade() -> None:
    """Seed 001: a $188 short, $212 stop, $130 target: "almost 7 to 1" is 2.4 from the trigger."""
    p = plan("IWM", "short", 188.0, 212.0, 130.0, HORIZON, 190.0, 8.0, RULES)
    assert p.ok and p.rr_text == "R/R 2.4 to 1"


@pytest.mark.parametrize(("target", "ok"), [(90.0, True), (90.05, False), (89.95, True)])
def test_reward_risk_threshold(target: float, ok: bool) -> None:
    p = _short(target=target)  # risk 5 from the 100 trigger: reward 10 is exactly 2
    assert p.ok is ok, p.failures
    assert (p.reward_risk >= 2.0) is ok


@pytest.mark.parametrize(("close", "ok"), [(106.0, True), (106.02, False), (105.98, True)])
def test_trigger_distance_in_atrs(close: float, ok: bool) -> None:
    wide = CallsConfig(max_stop_atrs=10)
    p = plan("X", "short", 100.0, 107.0, 80.0, HORIZON, close, 2.0, wide)  # 3 ATRs at 106
    assert p.ok is ok, p.failures
    assert p.trigger_atrs == pytest.approx((close - 100.0) / 2.0)


@pytest.mark.parametrize(("stop", "ok"), [(106.0, True), (106.02, False), (105.98, True)])
def test_stop_distance_in_atrs(stop: float, ok: bool) -> None:
    p = _short(stop=stop, target=80.0)  # exactly 3 ATRs past the trigger at 106
    assert p.ok is ok, p.failures


@pytest.mark.parametrize(("close", "ok"), [(105.0, True), (105.01, False)])
def test_close_through_the_stop_is_a_dead_setup(close: float, ok: bool) -> None:
    """ "A close back above 74.95 kills the setup" when the close was 76.20: a dead setup."""
    p = _short(stop=105.0, target=80.0, close=close)
    assert p.ok is ok, p.failures
    assert any(f.startswith("dead") for f in p.failures) is not ok


def test_iwm_dead_setup() -> None:
    p = plan("IWM", "short", 72.0, 74.95, 66.0, HORIZON, 76.20, 1.5, RULES)
    assert not p.ok and any(f.startswith("dead, with the last close 76.20") for f in p.failures)


@pytest.mark.parametrize(("stop", "ok"), [(100.0, False), (100.01, True)])
def test_stop_must_be_above_a_short_trigger(stop: float, ok: bool) -> None:
    p = _short(stop=stop, target=99.97, close=100.0)
    assert any("not above the trigger" in f for f in p.failures) is not ok


@pytest.mark.parametrize(("target", "ok"), [(100.0, False), (99.99, True)])
def test_target_must_be_below_a_short_trigger(target: float, ok: bool) -> None:
    p = _short(target=target)
    assert any("not below the trigger" in f for f in p.failures) is not ok


@pytest.mark.parametrize(("stop", "ok"), [(105.0, True), (104.99, False)])
def test_stop_beyond_the_structure(stop: float, ok: bool) -> None:
    p = _short(stop=stop, target=80.0, structure=105.0)
    assert any("inside the structure" in f for f in p.failures) is not ok


def test_long_mirrors_short() -> None:
    p = plan("X", "long", 100.0, 95.0, 110.0, HORIZON, 99.5, 2.0, RULES)
    assert p.ok and p.reward_risk == pytest.approx(2.0)
    assert not plan("X", "long", 100.0, 95.0, 109.9, HORIZON, 99.5, 2.0, RULES).ok
    assert not plan("X", "long", 100.0, 95.0, 110.0, HORIZON, 94.9, 2.0, RULES).ok  # dead


def test_entry_is_the_close_once_the_trigger_has_fired() -> None:
    """A short whose close is already under the trigger: R/R from where a reader gets in."""
    p = _short(close=97.0, stop=105.0, target=85.0)
    assert p.entry == 97.0 and p.reward_risk == pytest.approx(12.0 / 8.0)
    assert not p.ok


def test_target_already_passed() -> None:
    p = plan("NVDA", "long", 190.0, 175.0, 215.0, HORIZON, 358.35, 15.0, RULES)
    assert not p.ok and p.reward_risk is None and p.rr_text == "R/R n/a"
    assert any("already passed" in f for f in p.failures)


def test_rules_come_from_the_config() -> None:
    loose = CallsConfig(min_reward_risk=0.3, max_trigger_atrs=10, max_stop_atrs=10)
    assert plan("TSLA", "short", 350.0, 406.35, 330.0, HORIZON, 401.16, 15.0, loose).ok


def test_the_call_carries_the_setup() -> None:
    call = _short(setup="support break").call("id", "breakdown", dt.date(2026, 11, 22))
    assert call.setup == "support break" and call.trigger == 100.0


@pytest.mark.parametrize(("confidence", "text"), [(0.6, "confidence 0.60"), (0.8, "confidence 0.80"),
                                                  (2 / 3, "confidence 0.67"), (1.0, "confidence 1.00")])
def test_the_stated_confidence_reads_back(confidence: float, text: str) -> None:
    from newsletter.trade_plan import confidence_text, stated_confidence
    assert confidence_text(confidence) == text
    assert stated_confidence(f"synthesis up, {text}: a close over 101.00 opens 106.00") == round(confidence, 2)


@pytest.mark.parametrize("text", ["", "a close over 101 opens 106", "confidence high", "confidence 7.5"])
def test_a_call_stating_no_confidence_reads_none(text: str) -> None:
    from newsletter.trade_plan import stated_confidence
    assert stated_confidence(text) is None


@pytest.mark.parametrize(("close", "text"), [
    (100.0, "under 0.1 ATR"), (100.04, "under 0.1 ATR"), (100.06, "0.1 ATRs"),
    (100.6, "0.6 ATRs"), (101.0, "1 ATR"), (101.9, "1.9 ATRs")])
def test_the_trigger_distance_reads_in_atrs_never_0_0(close: float, text: str) -> None:
    """29 of the replay config's weeks printed "the trigger is 0.1% under the close (0.0 ATRs)"."""
    p = plan("X", "short", 100.0, 101.0 + 4.0, 90.0, HORIZON, close, 1.0, RULES)
    assert p.trigger_atrs_text == text


@pytest.mark.parametrize(("direction", "close", "over"), [
    ("long", 214.99, False), ("long", 215.0, True), ("long", 215.01, True),
    ("long", 175.01, False), ("long", 175.0, False), ("long", 174.99, True),
    ("short", 245.01, False), ("short", 245.0, True), ("short", 244.99, True),
    ("short", 289.99, False), ("short", 290.0, False), ("short", 290.01, True)])
def test_a_plan_has_played_out_at_the_target_or_through_the_stop(direction: str, close: float,
                                                                  over: bool) -> None:
    levels = ((190.0, 175.0, 215.0) if direction == "long" else (275.0, 290.0, 245.0))
    p = plan("X", direction, *levels, HORIZON, close, 5.0, RULES)
    assert p.played_out is over


# A stop inside a day's range of the close. The replay's 2003-2022 breakdown calls: 128 of 339
# were killed on the Monday after the issue (the stop traded before the trigger), 181 by the
# Tuesday; of the 2000-2012 calls whose stop sat within one ATR of the close, more than half
# were dead by the Tuesday. The plan says so where it names the stop.

@pytest.mark.parametrize(("stop", "text"), [
    (102.0, ""),                                  # exactly one ATR over the close: not inside
    (102.02, ""),                                 # just over
    (101.98, ", just under 1 ATR over the close: an average day's range reaches it"),
    (100.6, ", 0.3 ATRs over the close: an average day's range reaches it"),
    (100.05, ", under 0.1 ATR over the close: an average day's range reaches it"),
])
def test_a_stop_within_an_atr_of_the_close_says_a_normal_day_reaches_it(stop: float, text: str) -> None:
    p = plan("X", "short", 99.5, stop, 80.0, HORIZON, 100.0, 2.0, RULES)
    assert p.stop_room_text == text


def test_a_long_stop_within_an_atr_under_the_close_reads_under() -> None:
    p = plan("X", "long", 100.5, 99.4, 120.0, HORIZON, 100.0, 2.0, RULES)
    assert p.stop_room_text == ", 0.3 ATRs under the close: an average day's range reaches it"


def test_without_an_atr_the_stop_room_says_nothing() -> None:
    assert plan("X", "short", 99.5, 100.6, 80.0, HORIZON, 100.0, float("nan"), RULES).stop_room_text == ""


# The sample with an author's weak short in the notes: "⚠️ Breaks the house rules: R/R 0.50 under
# 2 (R/R 0.5 to 1)", the same figure twice at two precisions. The R/R is added only when it is
# not among the broken rules.

def test_the_broken_rules_say_the_reward_risk_once() -> None:
    weak = _short(target=97.5)  # reward 2.5 on risk 5
    assert weak.rules_text == "R/R 0.50 under 2"
    far = _short(close=110.0, stop=115.0, target=80.0)  # 5 ATRs from the trigger, R/R 1.33
    assert far.rules_text.startswith("trigger ") and "R/R 1.33 under 2" in far.rules_text
    assert "to 1)" not in far.rules_text
    far_but_rewarding = _short(close=110.0, stop=111.0, target=60.0)
    assert far_but_rewarding.rules_text.endswith(f"({far_but_rewarding.rr_text})")
    assert "under 2" not in far_but_rewarding.rules_text


def test_an_author_call_breaking_only_the_reward_rule_reads_it_once(tmp_path) -> None:
    from newsletter.cli import main
    from tests.test_notes_in_issue import CONFIG, DATE

    (tmp_path / "newsletter.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / f"{DATE}.yaml").write_text(
        "calls:\n  - {ticker: SPY, direction: short, trigger: 722, target: 718, stop: 730, "
        "horizon: 2026-12-18}\n", encoding="utf-8")
    out = tmp_path / "issues"
    assert main(["-C", str(tmp_path), "build", "--source", "sample", "--date", DATE,
                 "--out", str(out)]) == 0
    issue = (out / DATE / "issue.md").read_text(encoding="utf-8")
    line = next(x for x in issue.splitlines() if x.startswith("- $SPY **short**"))
    assert "⚠️ Breaks the house rules: R/R " in line and line.count("R/R") == 1, line


# Found in the real-data replay's Breakdown Watch: "**R/R 2.7 to 1** at the trigger: risk 2.10 to
# make 5.56" (5.56 / 2.10 is 2.6) and "R/R 12.1 ... risk 0.96 to make 11.71" (12.2): 23 of 296
# such lines did not add up as printed, because the plan measured unrounded levels while the issue
# prints, and the ledger records and grades, the levels in cents. A plan now measures the levels
# as the call records them, and the reward rule reads the R/R as its verdict prints it.

def test_a_plan_measures_the_levels_in_cents_as_the_call_records_them() -> None:
    p = _short(trigger=99.996, stop=105.004, target=89.996)   # prints 100.00, 105.00, 90.00
    assert (p.risk, p.reward) == (5.0, 10.0) and p.reward_risk == 2.0 and p.ok, p.failures
    call = p.call("id", "breakdown", HORIZON, "")
    assert (call.trigger, call.stop, call.target) == (p.trigger, p.stop, p.target) == (100.0, 105.0, 90.0)


@pytest.mark.parametrize(("target", "ok", "failure"), [
    (90.02, True, None),                  # 9.98 / 5 = 1.996: prints R/R 2.00, not under 2
    (90.03, False, "R/R 1.99 under 2"),   # 1.994
    (90.05, False, "R/R 1.99 under 2")])
def test_the_reward_rule_reads_the_ratio_as_printed(target: float, ok: bool, failure: str | None) -> None:
    p = _short(target=target)
    assert p.ok is ok and (failure in p.failures if failure else not p.failures), p.failures


@pytest.mark.parametrize(("target", "ok"), [
    (80.0, True),      # risk 5, reward 20: exactly 4 to 1
    (79.98, True),     # 4.004 prints 4.00
    (79.97, False),    # 4.006 prints 4.01
    (79.0, False)])    # 4.2
def test_reward_risk_over_4_is_no_trade(target: float, ok: bool) -> None:
    """The replay of 2000-2012: plans over 4 to 1 hit 2 of 14 decided (README, "The record")."""
    p = _short(target=target)
    assert p.ok is ok, p.failures
    if not ok:
        (rule,) = p.failures
        assert rule.startswith(f"R/R {p.reward_risk:.2f} over 4: ")


@pytest.mark.parametrize(("from_200d", "ok"), [
    (-9.9, True),
    (-9.94, True),     # prints 9.9
    (-9.96, False),    # prints 10.0
    (-10.0, False),
    (-10.1, False),
    (15.0, True),      # a short over its 200-day is not stretched the short's way
    (None, True)])     # a section that gives no 200-day
def test_a_short_10_percent_under_its_200_day_is_too_stretched(from_200d: float | None,
                                                              ok: bool) -> None:
    p = _short(from_200d_pct=from_200d)
    assert p.ok is ok, p.failures
    if not ok:
        assert p.failures == (f"{abs(from_200d):.1f}% under its 200-day: too stretched to short "
                              "(10% or more)",)


@pytest.mark.parametrize(("from_200d", "ok"), [(9.9, True), (10.0, False), (-12.0, True)])
def test_a_long_10_percent_over_its_200_day_is_too_stretched(from_200d: float, ok: bool) -> None:
    p = plan("X", "long", 100.0, 95.0, 110.0, HORIZON, 99.5, 2.0, RULES, from_200d_pct=from_200d)
    assert p.ok is ok, p.failures


def test_the_stretch_and_the_cap_come_from_the_config() -> None:
    loose = CallsConfig(max_reward_risk=10, max_stretch_pct=20)
    assert plan("X", "short", 100.0, 105.0, 70.0, HORIZON, 100.5, 2.0, loose,
                from_200d_pct=-15.0).ok
