"""📌 A call says when it ends.

The replay's 2000-2003 review: none of 67 Breakdown Watch call lines gave a date, yet each is
graded on a clock (:data:`~newsletter.sections.breakdown.HORIZON_DAYS` after the issue: a call
not decided by then is graded ⌛ or never triggered). The Regime Read and Three Minds calls say
"by <date>"; the breakdown's now does too.
"""

from __future__ import annotations

import datetime as dt

from newsletter.config import CallsConfig
from newsletter.sections import breakdown
from tests.sections.factories import context, crash_to_new_lows, render
from tests.sections.small_frames import LOOSE


def test_the_call_line_says_its_horizon() -> None:
    ctx = context({"IWM": crash_to_new_lows()}, breakdown=["IWM"],
                  calls=CallsConfig(min_reward_risk=1.0, **LOOSE))  # the factory's plan is 1.17 to 1
    built = breakdown.build(ctx)
    (pick,) = built.section.data.picks
    assert pick.plan.ok, pick.plan.failures
    horizon = ctx.issue_date + dt.timedelta(days=breakdown.HORIZON_DAYS)
    assert built.calls[0].horizon == horizon
    text = render(ctx, built.section)
    line = next(line for line in text.splitlines() if line.startswith("👉"))
    assert f"by **{horizon:%b} {horizon.day}**." in line, line
