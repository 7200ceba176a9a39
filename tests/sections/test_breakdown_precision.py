"""A call's levels print in cents wherever the call is printed.

The sample (seed 63), 2025-11-23, $META over 1,000: the hook said "short under 1,000.00, target
920.18" while the section said "If **1,000.0** ... A trade above **1,037.1** ... risk 37.08 to
make 79.82": a reader subtracting the printed levels got 37.1, not the printed risk (3 issues).
The ledger records the call in cents; the section prints what it records.
"""

from __future__ import annotations

import re

import pytest

from newsletter.config import CallsConfig
from newsletter.sections import breakdown
from tests.sections.factories import context, crash_to_new_lows, render
from tests.sections.small_frames import LOOSE


@pytest.mark.parametrize("rules", [CallsConfig(), CallsConfig(min_reward_risk=0.1, **LOOSE, max_trigger_atrs=20.0,
                                                             max_stop_atrs=20.0)])
def test_a_call_over_1000_prints_its_levels_in_cents(rules: CallsConfig) -> None:
    bars = crash_to_new_lows()
    bars = bars.assign(**{c: bars[c] * 15.0 for c in ("Open", "High", "Low", "Close", "Adj Close")})
    ctx = context({"IWM": bars}, breakdown=["IWM"], calls=rules)
    built = breakdown.build(ctx)
    (pick,) = built.section.data.picks
    assert pick.trigger > 1_000.0
    text = render(ctx, built.section)
    for level in (pick.trigger, pick.target, pick.stop):
        assert f"{level:,.2f}" in text, (level, text)
    assert pick.plan.ok is (rules.min_reward_risk < 1)
    if pick.plan.ok:
        assert f"risk {pick.plan.risk:,.2f} to make {pick.plan.reward:,.2f}" in text
    # no price in the section at one decimal over 1,000
    assert not re.search(r"\d,\d{3}\.\d(?!\d)", text), text
