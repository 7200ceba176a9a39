"""The synthesis's weighted agreement, and weights fitted from graded records on hand cases."""

from __future__ import annotations

import datetime as dt

import pytest

from newsletter.analysis.lenses import LensRead
from newsletter.analysis.synthesis import fit_lens_weights, lens_skills, synthesize

DAY = dt.date(2005, 1, 3)


def reads(macro: str, flow: str, contrarian: str) -> list[LensRead]:
    return [LensRead(name, d, 0.6, (), (), ()) for name, d in
            (("macro", macro), ("flow", flow), ("contrarian", contrarian))]


@pytest.mark.parametrize(("dirs", "direction", "confidence", "disagree"), [
    (("up", "up", "up"), "up", 4 / 5, ()),
    (("up", "up", "down"), "up", 3 / 5, ("contrarian",)),
    (("down", "flat", "down"), "down", 3 / 5, ()),
    (("up", "flat", "down"), "flat", 2 / 5, ("contrarian",)),
    (("up", "flat", "flat"), "flat", 2 / 5, ()),  # one of three is no majority
    (("flat", "flat", "flat"), "flat", 1 / 5, ()),
])
def test_equal_weights_are_the_lenses_own_rule(dirs, direction, confidence, disagree) -> None:
    s = synthesize(reads(*dirs))
    assert (s.direction, s.confidence, s.disagree) == (direction, pytest.approx(confidence), disagree)


def test_two_of_three_is_exactly_three_fifths() -> None:
    """The call's minimum (0.6) is met exactly, not by a float's hair, with equal weights."""
    assert synthesize(reads("up", "up", "down")).confidence == 0.6


@pytest.mark.parametrize(("macro_weight", "direction"), [(2.0, "flat"), (3.0, "up")])
def test_a_heavy_lens_needs_a_strict_majority_of_the_weight(macro_weight, direction) -> None:
    """Weight 2 of 4 scaled to 3 lenses is 1.5 of 3: half, not more; 3 of 5 is 1.8."""
    s = synthesize(reads("up", "flat", "flat"), {"macro": macro_weight, "flow": 1, "contrarian": 1})
    assert s.direction == direction
    if direction == "up":
        assert s.confidence == pytest.approx((1.8 + 1) / 5)


def test_weights_are_scaled_so_their_sum_does_not_matter() -> None:
    a = synthesize(reads("up", "up", "down"), {"macro": 1, "flow": 1, "contrarian": 1})
    b = synthesize(reads("up", "up", "down"), {"macro": 5, "flow": 5, "contrarian": 5})
    assert a == b


def graded(lens: str, hits: int, n: int = 100) -> list[tuple]:
    """``n`` reads, half stated up and half down, half the outcomes up: ``hits`` right, split evenly."""
    out = []
    for i in range(n):
        stated = "up" if i < n // 2 else "down"
        right = (i % (n // 2)) < hits // 2
        realised = stated if right else ("down" if stated == "up" else "up")
        out.append((DAY + dt.timedelta(days=i), lens, stated, realised))
    return out


def test_weights_are_proportional_to_skill_over_chance() -> None:
    records = graded("macro", 80) + graded("flow", 60) + graded("contrarian", 50)
    skills = lens_skills(records)
    assert skills["macro"].chance == pytest.approx(0.5) and skills["macro"].hit_rate == 0.8
    assert fit_lens_weights(records) == pytest.approx({"macro": 0.75, "flow": 0.25, "contrarian": 0.0})


def test_always_up_in_a_rising_market_has_no_skill() -> None:
    """60% hits from stating "up" every time when 60% of outcomes are up is chance."""
    up = [(DAY, "macro", "up", "up" if i < 60 else "down") for i in range(100)]
    assert lens_skills(up)["macro"].skill == pytest.approx(0.0)
    records = up + graded("flow", 70) + graded("contrarian", 50)
    assert fit_lens_weights(records) == pytest.approx({"macro": 0.0, "flow": 1.0, "contrarian": 0.0})


@pytest.mark.parametrize(("n", "fitted"), [(30, True), (29, False)])
def test_minimum_record_before_weights_move(n: int, fitted: bool) -> None:
    """One lens with fewer than 30 graded up/down reads: equal weights for all."""
    short = [(DAY, "contrarian", "up" if i % 2 else "down", "up" if i % 2 else "down")
             for i in range(n)]
    flat = [(DAY, "contrarian", "flat", "up")] * 50  # flat reads state nothing: not counted
    weights = fit_lens_weights(graded("macro", 80) + graded("flow", 50) + short + flat)
    equal = {"macro": 1 / 3, "flow": 1 / 3, "contrarian": 1 / 3}
    assert (weights != pytest.approx(equal)) is fitted


def test_no_lens_beating_chance_keeps_equal_weights() -> None:
    records = graded("macro", 50) + graded("flow", 40) + graded("contrarian", 50)
    assert fit_lens_weights(records) == pytest.approx({"macro": 1 / 3, "flow": 1 / 3, "contrarian": 1 / 3})


def test_a_lens_with_no_record_at_all_keeps_equal_weights() -> None:
    assert fit_lens_weights(graded("macro", 80)) == pytest.approx(
        {"macro": 1 / 3, "flow": 1 / 3, "contrarian": 1 / 3})
