"""R is earned where a reader could trade: in at the close that triggered the call, out at the
stop or target, or at the open when the price gapped past it.

On the real bars (2003-2022) the replay printed "+0.57R a call" with one R measured from the
trigger: the close that confirms a "close under X" trigger sat on average one R past X (the
stops are tight, the closes are not), so a "+2.9R" hit was worth +0.9R to a reader who sold at
that close, and a stop that gapped through cost more than the 1R booked. These frames are each
of those cases, small enough to check by hand.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from newsletter.calls import grade_call, r_multiple
from newsletter.model import Call

MADE = dt.date(2026, 1, 2)
ASOF = dt.date(2026, 1, 30)


def _bars(rows: list[tuple[str, float, float, float, float]]) -> pd.DataFrame:
    """Bars from (date, open, high, low, close) rows."""
    idx = pd.DatetimeIndex([r[0] for r in rows], name="Date")
    return pd.DataFrame({"Open": [r[1] for r in rows], "High": [r[2] for r in rows],
                         "Low": [r[3] for r in rows], "Close": [r[4] for r in rows],
                         "Adj Close": [r[4] for r in rows], "Volume": 1.0}, index=idx)


def _call(direction: str = "short") -> Call:
    if direction == "short":
        return Call(id="s", ticker="X", direction="short", trigger=100.0, target=90.0, stop=104.0,
                    horizon=ASOF, origin="breakdown", made_on=MADE)
    return Call(id="l", ticker="X", direction="long", trigger=100.0, target=110.0, stop=96.0,
                horizon=ASOF, origin="breakdown", made_on=MADE)


def test_a_hit_earns_from_the_close_that_triggered_it_not_from_the_trigger() -> None:
    """Triggered by a close at 98 (2 under the 100 trigger): the short is on at 98, 6 from its
    104 stop; the 90 target is 8 away: +1.33R, not the +2.5R measured from the trigger."""
    bars = _bars([("2026-01-05", 101, 102, 97, 98), ("2026-01-06", 97, 97.5, 89, 91)])
    g = grade_call(_call(), bars, ASOF)
    assert (g.grade, g.entry, g.fill) == ("hit", 98.0, 90.0)
    assert r_multiple(g) == pytest.approx(8 / 6)


def test_a_long_hit_earns_from_its_triggering_close() -> None:
    bars = _bars([("2026-01-05", 99, 103, 98.5, 102), ("2026-01-06", 103, 111, 102.5, 110.5)])
    g = grade_call(_call("long"), bars, ASOF)
    assert (g.grade, g.entry, g.fill) == ("hit", 102.0, 110.0)
    assert r_multiple(g) == pytest.approx(8 / 6)


def test_a_stop_gapped_through_loses_what_the_open_cost() -> None:
    """On at 98; the next day opens at 107, over the 104 stop: bought back at 107, -9 on 6 of
    risk, -1.5R, not the -1R a stop 'always' loses."""
    bars = _bars([("2026-01-05", 101, 102, 97, 98), ("2026-01-06", 107, 108, 105, 106)])
    g = grade_call(_call(), bars, ASOF)
    assert (g.grade, g.fill) == ("failed", 107.0)
    assert r_multiple(g) == pytest.approx(-1.5)


@pytest.mark.parametrize(("open_", "fill", "r"), [
    (103.99, 104.0, -1.0),     # opens just under the stop, trades up through it: out at the stop
    (104.0, 104.0, -1.0),      # opens exactly at the stop
    (104.01, 104.01, -6.01 / 6),   # opens just over: out at that open
])
def test_a_stop_fills_at_the_stop_unless_the_open_is_past_it(open_, fill, r) -> None:
    bars = _bars([("2026-01-05", 101, 102, 97, 98), ("2026-01-06", open_, 105, 103, 104.5)])
    g = grade_call(_call(), bars, ASOF)
    assert g.fill == pytest.approx(fill)
    assert r_multiple(g) == pytest.approx(r)


@pytest.mark.parametrize(("open_", "fill"), [
    (90.01, 90.0),    # opens just over the target, trades down to it: out at the target
    (90.0, 90.0),     # exactly at it
    (89.99, 89.99),   # gaps under it: out at the open, the better price
])
def test_a_target_fills_at_the_target_unless_the_open_is_past_it(open_, fill) -> None:
    bars = _bars([("2026-01-05", 101, 102, 97, 98), ("2026-01-06", open_, 91, 89, 89.5)])
    g = grade_call(_call(), bars, ASOF)
    assert (g.grade, g.fill) == ("hit", pytest.approx(fill))
    assert r_multiple(g) == pytest.approx((98 - fill) / 6)


def test_an_expired_call_is_marked_from_its_entry_at_the_horizon_close() -> None:
    bars = _bars([("2026-01-05", 101, 102, 97, 98), ("2026-01-30", 96, 97, 95, 95)])
    g = grade_call(_call(), bars, ASOF)
    assert (g.reason, g.entry, g.fill) == ("horizon passed without the target", 98.0, 95.0)
    assert r_multiple(g) == pytest.approx(0.5)


def test_an_open_call_marks_its_progress_from_the_entry() -> None:
    bars = _bars([("2026-01-05", 101, 102, 97, 98), ("2026-01-06", 97, 97.5, 94, 95)])
    g = grade_call(_call(), bars, dt.date(2026, 1, 6))
    assert g.entry == 98.0 and g.fill is None
    assert g.reason == "triggered Jan 5 at 98.00, last 95.00 (+0.5R so far), horizon Jan 30"


def test_a_call_never_triggered_has_no_entry_and_earns_nothing() -> None:
    bars = _bars([("2026-01-05", 101, 103, 100.5, 101), ("2026-01-30", 101, 102, 100.5, 101)])
    g = grade_call(_call(), bars, ASOF)
    assert (g.entry, g.fill, r_multiple(g)) == (None, None, None)


@pytest.mark.parametrize(("open_", "grade", "fill"), [
    (90.01, "failed", 104.0),   # opens just over the target, trades to both: the stop, as ever
    (90.0, "hit", 90.0),        # opens at the target: the target filled first, at the open
    (89.5, "hit", 89.5),        # gaps under it: filled at that open before any rally to the stop
])
def test_a_day_that_opens_at_or_past_the_target_fills_it_first_even_if_it_then_hits_the_stop(
        open_, grade, fill) -> None:
    """"Stop and target on the same day: graded as stopped" assumes the worst order; when the day
    opens at or past the target, the order is known: the target was the first price traded."""
    bars = _bars([("2026-01-05", 101, 102, 97, 98), ("2026-01-06", open_, 105, 89, 104)])
    g = grade_call(_call(), bars, ASOF)
    assert (g.grade, g.fill) == (grade, pytest.approx(fill))


def test_a_long_that_opens_at_its_target_fills_it_first() -> None:
    bars = _bars([("2026-01-05", 99, 103, 98.5, 102), ("2026-01-06", 110.0, 111, 95, 96)])
    g = grade_call(_call("long"), bars, ASOF)
    assert (g.grade, g.fill) == ("hit", 110.0)
