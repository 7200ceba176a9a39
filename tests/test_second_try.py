"""🔁 A call on a level whose earlier call just failed says it is a second try.

The replay's 2014-07-27 shorted $DIA under 169.09 (stop 169.62) two weeks after the same call
(stop 169.61) was killed on Jul 14, and said nothing of it; it was killed again on Jul 28.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from newsletter.calls import KILLED_BEFORE_TRIGGER, WITHOUT_TRIGGER, failed_before
from newsletter.model import Call, GradedCall
from tests.sections.small_frames import LOOSE

THIS = dt.date(2014, 7, 27)


def _graded(made_on: dt.date = dt.date(2014, 7, 13), trigger: float = 169.09,
            grade: str = "failed", reason: str = KILLED_BEFORE_TRIGGER, origin: str = "breakdown",
            direction: str = "short", ticker: str = "DIA") -> GradedCall:
    call = Call(id=f"{made_on}-{origin}-{ticker}", ticker=ticker, direction=direction,
                trigger=trigger, target=167.87, stop=169.61,
                horizon=made_on + dt.timedelta(days=26), origin=origin, made_on=made_on)
    return GradedCall(call, grade, date=dt.date(2014, 7, 14), price=170.61, reason=reason)


@pytest.mark.parametrize(("earlier", "found"), [
    (_graded(), True),                                            # killed before the trigger
    (_graded(reason="stopped out"), True),                        # stopped
    (_graded(grade="hit", reason="target hit"), False),
    (_graded(grade="open", reason="not triggered yet"), False),   # standing: another rule
    (_graded(reason=WITHOUT_TRIGGER), False),                     # its horizon passed: no failure
    (_graded(origin="notes"), False),                             # the author's own book
    (_graded(direction="long"), False),
    (_graded(ticker="SPY"), False),
    (_graded(made_on=THIS - dt.timedelta(days=28)), True),        # four weeks back
    (_graded(made_on=THIS - dt.timedelta(days=29)), False),
    (_graded(made_on=THIS), False),                               # this issue's own
    (_graded(trigger=169.09 + 0.5 * 1.2), True),                  # 0.5 ATR apart (ATR 1.2)
    (_graded(trigger=169.09 + 0.54 * 1.2), True),                 # 0.54 prints 0.5
    (_graded(trigger=169.09 + 0.56 * 1.2), False),                # 0.56 prints 0.6: another level
])
def test_an_earlier_failed_call_on_the_level(earlier: GradedCall, found: bool) -> None:
    assert (failed_before("DIA", "short", 169.09, 1.2, [earlier], THIS) is earlier) is found


def test_the_latest_failed_call_is_named() -> None:
    older, newer = _graded(made_on=dt.date(2014, 7, 6)), _graded(made_on=dt.date(2014, 7, 13))
    assert failed_before("DIA", "short", 169.09, 1.2, [newer, older], THIS) is newer


def test_the_breakdown_watch_says_it() -> None:
    from newsletter.config import CallsConfig
    from newsletter.sections import breakdown
    from tests.sections.factories import context, crash_to_new_lows, render

    ctx = context({"IWM": crash_to_new_lows()}, breakdown=["IWM"],
                  calls=CallsConfig(min_reward_risk=1.0, **LOOSE))
    (made,) = breakdown.build(ctx).calls
    before = made.made_on - dt.timedelta(days=14)
    earlier = GradedCall(replace(made, id=f"{before}-breakdown-IWM", made_on=before),
                         "failed", date=before + dt.timedelta(days=1), price=made.stop + 0.5,
                         reason=KILLED_BEFORE_TRIGGER)
    text = render(ctx, breakdown.build(replace(ctx, ledger=(earlier,))).section)
    assert (f"🔁 A second try at this level, after the call from {before:%b} {before.day} (short "
            f"under **{made.trigger:,.2f}**, stop {made.stop:,.2f}). Never triggered: the setup "
            "was killed first") in text, text
    assert "🔁" not in render(ctx, breakdown.build(ctx).section)
