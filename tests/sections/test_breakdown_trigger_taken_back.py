"""📌 A trigger the setup's own session closed under says so beside the call.

The real bars (the README's replay config), 2021-12-19: "$IWM closed under support on Dec 16:
**213.18** against the **217.19** pivot" and, below it, "👉 If **215.00** (the support pivot from
Jan 22, 2021) cracks on a close": the break's own close was already under 215.00, and the price
had taken it back (215.14). A reader saw a trigger that had cracked and was told it had not.

The session the setup formed on stays out of "fired already" (:func:`trigger_closed_on`): the
replay chose that on 2000-2012 (counting it: 183 calls, 36% of 85 decided, -0.24R; not: 194,
38% of 90, -0.23R). So the call stands, and says what happened: the level is a retest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from newsletter.analysis.breakdown import Rejection, SupportBreak
from newsletter.config import CallsConfig
from newsletter.sections import breakdown
from newsletter.trade_plan import plan
from tests.sections.factories import context, crash_to_new_lows, render

BREAK_DAY = dt.date(2021, 12, 16)
TRIGGER = 215.00


def _pick(formed_close: float, kind: str = "break", trigger_from: str = "pivot",
          trigger_date: dt.date = dt.date(2021, 1, 22)) -> tuple[object, breakdown.Pick]:
    ctx = context({"IWM": crash_to_new_lows()}, breakdown=["IWM"])
    built = breakdown.build(ctx)
    (pick,) = built.section.data.picks
    close = 215.14
    checked = plan("IWM", "short", TRIGGER, 218.59, 205.56, pick.plan.horizon, close, 6.0,
                   CallsConfig(), setup=breakdown.SETUPS[kind])
    assert checked.ok, checked.failures
    brk = SupportBreak(BREAK_DAY, formed_close, 217.19, dt.date(2021, 9, 20), 218.0, 1)
    rej = Rejection(BREAK_DAY, 225.0, formed_close, 224.5, 1)
    pick = replace(pick, close=close, trigger=TRIGGER, target=205.56, stop=218.59, plan=checked,
                   kind=kind, support_break=brk if kind == "break" else None,
                   rejection=rej if kind == "rejection" else None,
                   trigger_from=trigger_from, trigger_date=trigger_date)
    section = replace(built.section, data=replace(built.section.data, picks=(pick,)))
    return render(ctx, section), pick


@pytest.mark.parametrize(("formed_close", "said"), [
    (213.18, True),     # the real week's break close
    (214.995, True),    # half a cent under as printed: a close under it, as the grader reads one
    (215.00, False),    # at the trigger: not through it
    (215.01, False)])
def test_the_break_s_close_under_the_trigger_is_said_at_each_edge(formed_close: float,
                                                                  said: bool) -> None:
    text, pick = _pick(formed_close)
    words = "the break closed under it on Dec 16 and the price took it back"
    assert (pick.trigger_taken_back == BREAK_DAY) is said
    assert ("**215.00** (the support pivot from Jan 22, 2021; " + words + ") cracks on a close"
            in text) is said, text


def test_a_rejection_s_close_under_the_trigger_is_said_too() -> None:
    text, _ = _pick(213.18, kind="rejection")
    assert "; the rejection closed under it on Dec 16 and the price took it back)" in text, text


def test_a_trigger_at_a_later_session_s_low_was_no_level_on_the_break_day() -> None:
    text, pick = _pick(213.18, trigger_from="low", trigger_date=dt.date(2021, 12, 17))
    assert pick.trigger_taken_back is None
    assert "took it back" not in text
