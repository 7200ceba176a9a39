"""📌 A call whose trigger already fired after the setup formed is no fresh call.

The sample (seed 71), 2026-09-06, led "$COIN closed under its 151.73 support: short under 146.88,
target 130.00, R/R 2.2 to 1" and "👉 If **146.88** ... cracks on a close": COIN had closed under
146.88 on Sep 1 (140.53), Sep 2 and Sep 3 and come back over it (13 of 50 calls of that sample,
6 of them the headline's). The trade the call waits for was entered on Sep 1, as the grader
enters a short (a close under the trigger), and the issue said nothing of it.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from newsletter.config import CallsConfig
from newsletter.sections import breakdown
from newsletter.trade_plan import plain_failure, plan

DAYS = pd.DatetimeIndex(["2026-08-28", "2026-08-31", "2026-09-01", "2026-09-02", "2026-09-03",
                         "2026-09-04"])


@pytest.mark.parametrize(("close", "fired"), [
    (146.88, None),                   # at the trigger: not through it (the grader's close < trigger)
    (146.875, dt.date(2026, 9, 1)),   # under it by half a cent: through, as the grader reads a close
    (146.87, dt.date(2026, 9, 1)),    # a cent under: fired
    (140.53, dt.date(2026, 9, 1))])
def test_the_first_close_through_the_trigger_after_the_break(close: float, fired) -> None:
    bars = pd.DataFrame({"Close": [150.0, 146.0, close, 147.5, 148.0, 148.5]}, index=DAYS)
    # the break session's own close (Aug 31, 146.00) does not count: the setup formed on it
    assert breakdown.trigger_closed_on(bars, dt.date(2026, 8, 31), 146.88) == fired
    assert breakdown.trigger_closed_on(bars, None, 146.88) is None


def test_a_fired_trigger_is_no_call_and_says_when() -> None:
    checked = plan("COIN", "short", 146.88, 154.0, 130.0, dt.date(2026, 10, 2), 148.5, 5.0,
                   CallsConfig(), setup="support break", trigger_closed_on=dt.date(2026, 9, 1))
    assert not checked.ok
    assert checked.failures[0] == ("fired already, with a close under the trigger 146.88 on Sep 1, "
                                   "after the setup formed")
    assert plain_failure(checked.failures[0]) == (
        "it already closed under the 146.88 trigger on Sep 1 and came back: no fresh call")
    fresh = plan("COIN", "short", 146.88, 154.0, 130.0, dt.date(2026, 10, 2), 148.5, 5.0,
                 CallsConfig(), setup="support break")
    assert fresh.ok


def test_what_happened_first_is_said_first() -> None:
    """A trigger that fired on Sep 1 and a stop that traded on Sep 3: the fire first."""
    checked = plan("COIN", "short", 146.88, 154.0, 130.0, dt.date(2026, 10, 2), 148.5, 5.0,
                   CallsConfig(), setup="support break", trigger_closed_on=dt.date(2026, 9, 1),
                   stop_traded_on=dt.date(2026, 9, 3))
    assert checked.failures[0].startswith("fired already")
    assert checked.failures[1].startswith("dead since")


def test_a_trigger_at_a_later_session_s_low_fires_only_after_that_session() -> None:
    """The real bars' 2018-06-03: "$DIA closed under its 247.00 support, but it already closed under
    the 245.65 trigger on May 31 and came back: no fresh call", a trigger that is the Jun 1 low,
    against May 31's close of 244.18: the level did not exist until Jun 1 gapped up."""
    days = pd.DatetimeIndex(["2018-05-29", "2018-05-30", "2018-05-31", "2018-06-01"])
    bars = pd.DataFrame({"Close": [246.0, 246.5, 244.18, 246.9]}, index=days)
    formed, low_day = dt.date(2018, 5, 29), dt.date(2018, 6, 1)
    assert breakdown.trigger_closed_on(bars, formed, 245.65) == dt.date(2018, 5, 31)  # a pivot's
    assert breakdown.trigger_closed_on(bars, formed, 245.65, trigger_date=low_day) is None
    # the session before the trigger's own: too early by a day; a close after it counts
    assert breakdown.trigger_closed_on(bars, formed, 245.65, trigger_date=dt.date(2018, 5, 31)) is None
    later = pd.concat([bars, pd.DataFrame({"Close": [245.64]}, index=pd.DatetimeIndex(["2018-06-04"]))])
    assert breakdown.trigger_closed_on(later, formed, 245.65, trigger_date=low_day) == dt.date(2018, 6, 4)
