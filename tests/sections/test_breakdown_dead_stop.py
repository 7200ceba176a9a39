"""📌 A setup whose own stop traded after it formed is dead before the issue goes out."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from newsletter.config import CallsConfig
from newsletter.sections import breakdown
from newsletter.trade_plan import plan

# The sample (seed 13, every section on) of 2026-05-17 led with "$META ... A trade above **499.99**
# (over the broken support) kills the setup": META broke support on May 12, then traded at 503.91 on
# May 13 and 503.79 on May 15, the issue's own last session (12 of 64 calls on that sample, 8 of
# them the headline's). Its own line said the setup was killed; the issue made the call anyway.

DAYS = pd.DatetimeIndex(["2026-05-11", "2026-05-12", "2026-05-13", "2026-05-14", "2026-05-15"])


def _bars(highs: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"High": highs}, index=DAYS)


@pytest.mark.parametrize(("high", "killed"), [
    (499.98, None),                    # a cent under the stop: alive
    (499.985, None),                   # under it, though it prints 499.99: the grader's test too
    (499.99, dt.date(2026, 5, 13)),    # at it: a trade at the stop kills it, as graded
    (503.91, dt.date(2026, 5, 13))])
def test_the_first_trade_at_or_over_the_stop_after_the_break(high: float, killed) -> None:
    bars = _bars([510.0, 505.0, high, 495.0, 494.0])  # the break session's own high does not count
    assert breakdown.stop_traded_on(bars, dt.date(2026, 5, 12), 499.99) == killed
    assert breakdown.stop_traded_on(bars, None, 499.99) is None


@pytest.mark.parametrize(("killed", "ok"), [(None, True), (dt.date(2026, 5, 13), False)])
def test_a_stop_traded_since_the_setup_is_a_dead_plan(killed, ok: bool) -> None:
    checked = plan("META", "short", 480.0, 499.99, 430.0, dt.date(2026, 6, 12), 490.0, 15.0,
                   CallsConfig(), setup="support break", stop_traded_on=killed)
    assert checked.ok is ok
    if not ok:
        assert checked.failures == ("dead since it traded at or above the stop 499.99 on May 13, after "
                                    "the setup formed",)


def test_a_dead_plan_reads_with_one_colon() -> None:
    """The real bars' 2004-02-22 hook: "$DIA closed under its 107.18 support; no trade at these
    levels: dead: it traded at or above the stop 107.43 on Feb 19, after the setup formed" (16
    issues of 2003-2009, 4 of them in the hook), and "🚫 **No trade**: dead: it traded ...". """
    checked = plan("DIA", "short", 106.01, 107.43, 104.78, dt.date(2004, 3, 19), 106.50, 1.2,
                   CallsConfig(), setup="support break", stop_traded_on=dt.date(2004, 2, 19))
    _, hook = breakdown.news_words("DIA", "break", checked.failures, 107.18, "")
    assert hook.count(":") == 1, hook
    assert hook == ("$DIA closed under its 107.18 support, but it already traded back at the "
                    "107.43 stop on Feb 19: the setup is dead.")
    gone = plan("DIA", "short", 106.01, 107.43, 104.78, dt.date(2004, 3, 19), 107.50, 1.2,
                CallsConfig(), setup="support break")
    assert gone.failures[0] == "dead, with the last close 107.50 already above the stop 107.43"
