"""grade_call at each boundary: the horizon day, a low exactly at the target, a close exactly
at the trigger, a stop touched exactly. Flip any comparison in calls.py and one of these fails."""

from __future__ import annotations

import datetime as dt

from newsletter.calls import call_from_json, call_to_json, grade_call
from tests.test_grading import _bars, _call

HORIZON = dt.date(2026, 1, 30)


def test_graded_on_the_horizon_day_itself() -> None:
    """The horizon lands on an issue's Friday: asof == horizon counts that day and closes the call."""
    bars = _bars([("2026-01-05", 101, 98, 99), ("2026-01-30", 99, 89.9, 91)])
    assert grade_call(_call(), bars, HORIZON).grade == "hit"


def test_undecided_on_the_horizon_day_has_failed() -> None:
    bars = _bars([("2026-01-05", 101, 98, 99), ("2026-01-30", 99, 95, 96)])
    g = grade_call(_call(), bars, HORIZON)
    assert (g.grade, g.reason) == ("failed", "horizon passed without the target")


def test_a_day_before_the_horizon_is_still_open() -> None:
    bars = _bars([("2026-01-05", 101, 98, 99), ("2026-01-29", 99, 95, 96)])
    assert grade_call(_call(), bars, HORIZON - dt.timedelta(days=1)).grade == "open"


def test_bars_after_the_horizon_do_not_count() -> None:
    bars = _bars([("2026-01-05", 101, 98, 99), ("2026-02-02", 99, 85, 86)])
    assert grade_call(_call(), bars, dt.date(2026, 2, 3)).grade == "failed"


def test_a_low_exactly_at_the_target_is_a_hit() -> None:
    bars = _bars([("2026-01-05", 101, 98, 99), ("2026-01-06", 99, 90.0, 91)])
    assert grade_call(_call(), bars, dt.date(2026, 1, 9)).grade == "hit"


def test_a_low_a_cent_over_the_target_is_not() -> None:
    bars = _bars([("2026-01-05", 101, 98, 99), ("2026-01-06", 99, 90.01, 91)])
    assert grade_call(_call(), bars, dt.date(2026, 1, 9)).grade == "open"


def test_a_close_exactly_at_the_trigger_does_not_trigger() -> None:
    """A short triggers on a close *below* the trigger: a close at 100.00 is not through it."""
    bars = _bars([("2026-01-05", 101, 99, 100.0), ("2026-01-06", 100.5, 89, 100.2)])
    g = grade_call(_call(), bars, dt.date(2026, 1, 9))
    assert g.grade == "open" and g.reason.startswith("not triggered")


def test_a_long_close_exactly_at_the_trigger_does_not_trigger() -> None:
    long = _call(direction="long", trigger=100.0, target=110.0, stop=95.0)
    bars = _bars([("2026-01-05", 100.5, 99, 100.0), ("2026-01-06", 111, 99.5, 99.8)])
    assert grade_call(long, bars, dt.date(2026, 1, 9)).grade == "open"


def test_a_long_stop_touched_exactly_fails() -> None:
    long = _call(direction="long", trigger=100.0, target=110.0, stop=95.0)
    bars = _bars([("2026-01-05", 101.5, 99, 101), ("2026-01-06", 102, 95.0, 96)])
    g = grade_call(long, bars, dt.date(2026, 1, 9))
    assert (g.grade, g.price) == ("failed", 95.0)


def test_a_long_stop_a_cent_away_holds() -> None:
    long = _call(direction="long", trigger=100.0, target=110.0, stop=95.0)
    bars = _bars([("2026-01-05", 101.5, 99, 101), ("2026-01-06", 102, 95.01, 96)])
    assert grade_call(long, bars, dt.date(2026, 1, 9)).grade == "open"


def test_a_short_stop_touched_exactly_fails() -> None:
    bars = _bars([("2026-01-05", 101, 98, 99), ("2026-01-06", 110.0, 97, 99)])
    assert grade_call(_call(), bars, dt.date(2026, 1, 9)).grade == "failed"


def test_long_stop_and_target_on_the_same_bar_is_a_failure() -> None:
    long = _call(direction="long", trigger=100.0, target=110.0, stop=95.0)
    bars = _bars([("2026-01-05", 101.5, 99, 101), ("2026-01-06", 110.0, 95.0, 100)])
    g = grade_call(long, bars, dt.date(2026, 1, 9))
    assert (g.grade, g.price) == ("failed", 95.0) and "same day" in g.reason


def test_the_setup_label_survives_the_ledger() -> None:
    call = _call(setup="rejection at the 200-day")
    assert call_from_json(call_to_json(call)) == call


# The replay's 2011-09-04 issue listed "🟡 $SPY: short under 112.50, target 101.96, stop 114.63.
# Still open: not triggered yet, last 117.85": the plan said "a trade above 114.63 kills the
# setup", and SPY had closed at 117.85. Had it fallen back under 112.50, the grader would have
# triggered a trade its own plan had cancelled and counted it. The stop is the kill line before
# the trigger too, touched as it is after: the same comparison.

def test_a_short_whose_stop_trades_before_the_trigger_is_killed_never_triggered() -> None:
    from newsletter.calls import KILLED_BEFORE_TRIGGER, outcome, r_multiple

    bars = _bars([("2026-01-05", 110.0, 104, 106), ("2026-01-06", 101, 95, 99),
                  ("2026-01-07", 99, 89, 90)])
    g = grade_call(_call(), bars, dt.date(2026, 1, 9))
    assert (g.grade, g.reason, g.date, g.price) == ("failed", KILLED_BEFORE_TRIGGER,
                                                    dt.date(2026, 1, 5), 110.0)
    assert outcome(g) == "not triggered" and r_multiple(g) is None


def test_a_short_stop_a_cent_short_of_the_kill_line_keeps_the_setup() -> None:
    bars = _bars([("2026-01-05", 109.99, 104, 106), ("2026-01-06", 101, 95, 99),
                  ("2026-01-07", 99, 89, 90)])
    assert grade_call(_call(), bars, dt.date(2026, 1, 9)).grade == "hit"


def test_the_trigger_bar_that_first_trades_over_the_stop_kills_the_setup() -> None:
    """The close confirms the trigger only at the end of the day; the high came before it."""
    from newsletter.calls import KILLED_BEFORE_TRIGGER

    bars = _bars([("2026-01-05", 110.5, 98, 99), ("2026-01-06", 99, 89, 90)])
    g = grade_call(_call(), bars, dt.date(2026, 1, 9))
    assert (g.grade, g.reason) == ("failed", KILLED_BEFORE_TRIGGER)


def test_a_long_whose_stop_trades_before_the_trigger_is_killed() -> None:
    from newsletter.calls import KILLED_BEFORE_TRIGGER

    long = _call(direction="long", trigger=100.0, target=110.0, stop=95.0)
    killed = _bars([("2026-01-05", 99, 95.0, 96), ("2026-01-06", 101, 99, 100.5),
                    ("2026-01-07", 111, 100, 110)])
    assert grade_call(long, killed, dt.date(2026, 1, 9)).reason == KILLED_BEFORE_TRIGGER
    alive = _bars([("2026-01-05", 99, 95.01, 96), ("2026-01-06", 101, 99, 100.5),
                   ("2026-01-07", 111, 100, 110)])
    assert grade_call(long, alive, dt.date(2026, 1, 9)).grade == "hit"


def test_a_killed_call_is_decided_at_once_not_at_its_horizon() -> None:
    """Killed on Jan 5 and graded on Jan 9, three weeks before the horizon: no longer open, so
    the one-position rule frees the ticker for a new call."""
    bars = _bars([("2026-01-05", 111, 104, 106)])
    assert grade_call(_call(), bars, dt.date(2026, 1, 9)).grade == "failed"


# The replay's 2011-08-07 call, graded in the 2014-10-19 issue: "✅ $QQQ: short under 53.79,
# target 51.45 ... Target hit on Aug 9: -0.2R, in at 50.59 on the close that triggered it". The
# close that crossed the trigger was already past the target: there was no trade left to take,
# and the record counted a hit that lost money (6 of the 2003-2022 replay's 50 hits).

import pytest  # noqa: E402

from newsletter.calls import outcome, r_multiple  # noqa: E402


@pytest.mark.parametrize(("close", "entered"), [
    (90.01, True),    # a cent short of the target: a trade, if a poor one
    (90.0, False),    # at the target: nothing left to make
    (89.99, False)])  # past it
def test_a_trigger_close_at_or_past_the_target_enters_no_trade(close: float, entered: bool) -> None:
    bars = _bars([("2026-01-05", 101, close - 0.5, close), ("2026-01-06", 95, 85, 88)])
    g = grade_call(_call(), bars, dt.date(2026, 1, 9))
    if entered:
        assert (g.grade, g.entry) == ("hit", close)
        assert r_multiple(g) is not None and r_multiple(g) >= 0
    else:
        assert outcome(g) == "not triggered" and g.entry is None and r_multiple(g) is None
        assert g.date == dt.date(2026, 1, 5) and g.price == close
        assert "already past its target" in g.reason


def test_a_long_trigger_close_at_its_target_enters_no_trade() -> None:
    long = _call(direction="long", trigger=100.0, target=110.0, stop=95.0)
    bars = _bars([("2026-01-05", 110.5, 99, 110.0), ("2026-01-06", 112, 108, 111)])
    assert outcome(grade_call(long, bars, dt.date(2026, 1, 9))) == "not triggered"
