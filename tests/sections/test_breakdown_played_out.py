"""📌 A setup whose target already traded after it formed has played out before the issue goes out.

The real bars' 2022-02-27 issue led "$DIA closed under its 341.86 support: short under 340.46,
target 332.96, R/R 2.5 to 1": DIA broke support on Feb 22, traded down to 322.69 on Feb 24, past
the target, and closed back at 340.54 by the Friday. The move the call expects had happened and
been bought back (8 of 67 short calls of 2018-2022 had already traded at their target). The
issue's own rule that a call's setup is still alive: a plan whose target traded since the setup
formed is no trade, as its stop trading is (tests/sections/test_breakdown_dead_stop.py).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from newsletter.config import CallsConfig
from newsletter.sections import breakdown
from newsletter.trade_plan import plan

DAYS = pd.DatetimeIndex(["2022-02-18", "2022-02-22", "2022-02-23", "2022-02-24", "2022-02-25"])


def _bars(lows: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"Low": lows}, index=DAYS)


@pytest.mark.parametrize(("low", "reached"), [
    (332.97, None),                    # a cent over the target: not reached
    (332.965, None),                   # half a cent over: the grader's test is a low at the cent
    (332.96, dt.date(2022, 2, 24)),    # at it: a low at the target reaches it, as graded
    (322.69, dt.date(2022, 2, 24))])
def test_the_first_trade_at_or_under_the_target_after_the_break(low: float, reached) -> None:
    bars = _bars([342.0, 330.0, 336.0, low, 338.0])  # the break session's own low does not count
    assert breakdown.target_traded_on(bars, dt.date(2022, 2, 22), 332.96) == reached
    assert breakdown.target_traded_on(bars, None, 332.96) is None


@pytest.mark.parametrize(("reached", "ok"), [(None, True), (dt.date(2022, 2, 24), False)])
def test_a_target_traded_since_the_setup_is_a_played_out_plan(reached, ok: bool) -> None:
    checked = plan("DIA", "short", 340.46, 343.40, 332.96, dt.date(2022, 3, 25), 340.54, 5.0,
                   CallsConfig(), setup="support break", target_traded_on=reached)
    assert checked.ok is ok
    if not ok:
        assert checked.failures == ("played out, with a trade at or below the target 332.96 on "
                                    "Feb 24, after the setup formed",)


@pytest.mark.parametrize(("stop_on", "target_on", "first"), [
    (dt.date(2025, 9, 5), dt.date(2025, 9, 2), "played out"),   # the target traded first
    (dt.date(2025, 9, 2), dt.date(2025, 9, 5), "dead since"),
    (dt.date(2025, 9, 2), dt.date(2025, 9, 2), "dead since")])  # the same day: the stop, as graded
def test_what_happened_first_is_said_first(stop_on, target_on, first: str) -> None:
    """The sample (seed 41) of 2025-09-07: $META's plan opened "dead since it traded at or above the
    stop 524.99 on Sep 5" when its Sep 2 low had reached the 489.49 target first: the short had won."""
    checked = plan("META", "short", 500.0, 524.99, 489.49, dt.date(2025, 10, 3), 505.0, 10.0,
                   CallsConfig(), setup="support break", stop_traded_on=stop_on,
                   target_traded_on=target_on)
    assert checked.failures[0].startswith(first)
