"""The calls ledger in full: every grade with its evidence and reason, and the stored file.

Written against the mutation run (docs/mutation.md): each assertion pins a value a reader
sees (the grade, the day and price given as evidence, the reason) or a property of
calls.json the next issue relies on, so a changed comparison or message fails here, fast.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from newsletter.calls import (
    CALLS_FILE,
    call_from_json,
    call_to_json,
    earlier_calls,
    grade_call,
    grade_calls,
    load_calls,
    save_calls,
)
from newsletter.model import GradedCall
from tests.test_grading import _bars, _call

MADE = dt.date(2026, 1, 4)
HORIZON = dt.date(2026, 1, 30)
BEFORE = dt.date(2026, 1, 20)
SHORT = _call(trigger=1000.0, target=900.0, stop=1100.0)
LONG = _call(direction="long", trigger=1000.0, target=1100.0, stop=900.0)


def test_no_bars_or_empty_bars_leave_the_call_open_with_the_reason() -> None:
    expected = GradedCall(SHORT, "open", None, None, "no prices to grade it with")
    assert grade_call(SHORT, None, BEFORE) == expected
    assert grade_call(SHORT, _bars([]).iloc[:0], BEFORE) == expected


def test_a_short_hit_names_the_day_and_the_low() -> None:
    bars = _bars([("2026-01-05", 1010, 990, 995), ("2026-01-06", 1000, 899.5, 905)])
    assert grade_call(SHORT, bars, BEFORE) == GradedCall(SHORT, "hit", dt.date(2026, 1, 6), 899.5,
                                                         "target hit", 995.0, 900.0)


def test_a_long_hit_names_the_day_and_the_high() -> None:
    bars = _bars([("2026-01-05", 1010, 995, 1005), ("2026-01-06", 1100.5, 1000, 1090)])
    assert grade_call(LONG, bars, BEFORE) == GradedCall(LONG, "hit", dt.date(2026, 1, 6), 1100.5,
                                                        "target hit", 1005.0, 1100.0)


def test_a_short_stop_names_the_day_and_the_high() -> None:
    bars = _bars([("2026-01-05", 1010, 990, 995), ("2026-01-07", 1100.5, 990, 1050)])
    assert grade_call(SHORT, bars, BEFORE) == GradedCall(SHORT, "failed", dt.date(2026, 1, 7), 1100.5,
                                                         "stopped out", 995.0, 1100.0)


def test_a_long_stop_names_the_day_and_the_low() -> None:
    bars = _bars([("2026-01-05", 1010, 995, 1005), ("2026-01-07", 1010, 899.5, 950)])
    assert grade_call(LONG, bars, BEFORE) == GradedCall(LONG, "failed", dt.date(2026, 1, 7), 899.5,
                                                        "stopped out", 1005.0, 900.0)


def test_stop_and_target_on_one_bar_is_stopped_with_the_stop_side_price() -> None:
    short = _bars([("2026-01-05", 1010, 990, 995), ("2026-01-08", 1100, 900, 1000)])
    assert grade_call(SHORT, short, BEFORE) == GradedCall(
        SHORT, "failed", dt.date(2026, 1, 8), 1100.0, "stop and target on the same day: graded as stopped",
        995.0, 1100.0)
    long = _bars([("2026-01-05", 1010, 995, 1005), ("2026-01-08", 1100, 900, 1000)])
    assert grade_call(LONG, long, BEFORE) == GradedCall(
        LONG, "failed", dt.date(2026, 1, 8), 900.0, "stop and target on the same day: graded as stopped",
        1005.0, 900.0)


def test_the_trigger_bar_itself_never_hits() -> None:
    """A short triggers on a close under 1000; that bar's own low under the target counts for
    nothing (the close came last)."""
    bars = _bars([("2026-01-05", 1040, 800, 990)])
    assert grade_call(SHORT, bars, BEFORE).grade == "open"
    assert grade_call(LONG, _bars([("2026-01-05", 1200, 960, 1010)]), BEFORE).grade == "open"


def test_a_trigger_bar_that_traded_through_the_stop_first_killed_the_setup() -> None:
    """Its high over the stop came before the close that would have triggered the short: the
    plan's kill line was crossed while no trade was on (calls.KILLED_BEFORE_TRIGGER)."""
    from newsletter.calls import KILLED_BEFORE_TRIGGER

    assert grade_call(SHORT, _bars([("2026-01-05", 1200, 800, 990)]), BEFORE).reason \
        == KILLED_BEFORE_TRIGGER
    assert grade_call(LONG, _bars([("2026-01-05", 1200, 800, 1010)]), BEFORE).reason \
        == KILLED_BEFORE_TRIGGER


def test_a_bar_on_the_day_the_call_was_made_does_not_count() -> None:
    bars = _bars([(MADE.isoformat(), 1010, 990, 995), ("2026-01-05", 1000, 890, 1000)])
    graded = grade_call(SHORT, bars, BEFORE)
    assert (graded.grade, graded.reason) == ("open", "not triggered yet, last 1,000.00, horizon Jan 30")


def test_bars_after_the_as_of_date_do_not_count() -> None:
    bars = _bars([("2026-01-05", 1010, 990, 995), ("2026-01-21", 1000, 800, 850)])
    graded = grade_call(SHORT, bars, BEFORE)
    assert graded == GradedCall(SHORT, "open", dt.date(2026, 1, 5), 995.0,
                                "triggered Jan 5 at 995.00, last 995.00 (0.0R so far), horizon Jan 30", 995.0)


def test_an_open_call_says_whether_it_triggered_with_the_last_close() -> None:
    waiting = _bars([("2026-01-05", 1010, 1000, 1000.5)])
    assert grade_call(SHORT, waiting, BEFORE) == GradedCall(
        SHORT, "open", dt.date(2026, 1, 5), 1000.5, "not triggered yet, last 1,000.50, horizon Jan 30")
    triggered = _bars([("2026-01-05", 1010, 990, 999.5), ("2026-01-06", 1005, 950, 1234.5)])
    assert grade_call(SHORT, triggered, BEFORE) == GradedCall(
        SHORT, "open", dt.date(2026, 1, 6), 1234.5,
        "triggered Jan 5 at 999.50, last 1,234.50 (-2.3R so far), horizon Jan 30", 999.5)
    none_yet = _bars([("2026-01-02", 1010, 990, 995)])  # before the call: nothing after it
    assert grade_call(SHORT, none_yet, BEFORE) == GradedCall(
        SHORT, "open", None, None, "not triggered yet, horizon Jan 30")


def test_a_passed_horizon_fails_with_the_last_close_as_evidence() -> None:
    untriggered = _bars([("2026-01-05", 1010, 1000, 1001), ("2026-01-29", 1010, 1000, 1002)])
    assert grade_call(SHORT, untriggered, HORIZON) == GradedCall(
        SHORT, "failed", dt.date(2026, 1, 29), 1002.0, "horizon passed without the trigger")
    triggered = _bars([("2026-01-05", 1010, 990, 995), ("2026-01-29", 1000, 950, 960)])
    assert grade_call(SHORT, triggered, dt.date(2026, 2, 5)) == GradedCall(
        SHORT, "failed", dt.date(2026, 1, 29), 960.0, "horizon passed without the target", 995.0, 960.0)
    nothing = _bars([("2026-01-02", 1010, 990, 995)])
    assert grade_call(SHORT, nothing, HORIZON) == GradedCall(
        SHORT, "failed", None, None, "horizon passed without the trigger")


def test_days_without_the_trigger_are_skipped_until_it_comes() -> None:
    bars = _bars([("2026-01-05", 1010, 1000, 1005), ("2026-01-06", 1010, 1000, 1002),
                  ("2026-01-07", 1005, 980, 990), ("2026-01-08", 995, 890, 895)])
    # in at the Jan 7 close; Jan 8 opened at 895, under the 900 target: out at that open
    assert grade_call(SHORT, bars, BEFORE) == GradedCall(SHORT, "hit", dt.date(2026, 1, 8), 890.0,
                                                         "target hit", 990.0, 895.0)


def test_a_long_is_not_triggered_by_a_close_under_its_trigger() -> None:
    bars = _bars([("2026-01-05", 1010, 990, 999.99), ("2026-01-06", 1200, 990, 1000)])
    assert grade_call(LONG, bars, BEFORE).reason.startswith("not triggered yet")


def test_grade_calls_grades_each_call_on_its_own_ticker() -> None:
    spy = _call(id="a", ticker="SPY", trigger=1000.0, target=900.0, stop=1100.0)
    qqq = _call(id="b", ticker="QQQ", trigger=1000.0, target=900.0, stop=1100.0)
    gone = _call(id="c", ticker="GONE", trigger=1000.0, target=900.0, stop=1100.0)
    bars = {"SPY": _bars([("2026-01-05", 1010, 990, 995), ("2026-01-06", 1000, 850, 860)]),
            "QQQ": _bars([("2026-01-05", 1010, 1000, 1005)])}
    graded = grade_calls([spy, qqq, gone], bars, BEFORE)
    assert [(g.call.id, g.grade) for g in graded] == [("a", "hit"), ("b", "open"), ("c", "open")]
    assert graded[2].reason == "no prices to grade it with"


# the stored file


def test_a_call_round_trips_through_json_and_the_file(tmp_path: Path) -> None:
    call = _call(text="closes below 100", setup="support break")
    data = call_to_json(call)
    assert data == {"id": "c", "ticker": "X", "direction": "short", "trigger": 100.0, "target": 90.0,
                    "stop": 110.0, "horizon": "2026-01-30", "origin": "notes", "made_on": "2026-01-04",
                    "text": "closes below 100", "setup": "support break"}
    assert call_from_json(data) == call
    path = save_calls(tmp_path, [call])
    assert path == tmp_path / CALLS_FILE == tmp_path / "calls.json"
    assert path.read_text(encoding="utf-8") == json.dumps([data], indent=1) + "\n"
    assert load_calls(tmp_path) == [call]


def test_a_call_without_a_setup_is_stored_with_an_empty_one() -> None:
    assert call_to_json(_call())["setup"] == ""


def test_an_older_entry_without_text_or_setup_reads_them_as_empty() -> None:
    data = call_to_json(_call())
    del data["text"], data["setup"]
    data.update(trigger="100", target="90.5", stop=110)
    call = call_from_json(data)
    assert (call.text, call.setup) == ("", "")
    assert (call.trigger, call.target, call.stop) == (100.0, 90.5, 110.0)
    assert all(isinstance(v, float) for v in (call.trigger, call.target, call.stop))


def test_a_folder_without_calls_has_none(tmp_path: Path) -> None:
    assert load_calls(tmp_path) == []
    (tmp_path / "calls.json").mkdir()
    assert load_calls(tmp_path) == []


def test_earlier_calls_are_those_of_issues_dated_before_oldest_first(tmp_path: Path) -> None:
    assert earlier_calls(tmp_path / "none", dt.date(2026, 1, 25)) == []
    for day in ("2026-01-04", "2026-01-11", "2026-01-18"):
        (tmp_path / day).mkdir()
        save_calls(tmp_path / day, [_call(id=day)])
    (tmp_path / "notes").mkdir()  # not an issue folder
    save_calls(tmp_path / "notes", [_call(id="notes")])
    (tmp_path / "2026-01-25.staging").mkdir()
    (tmp_path / "2026-01-04.staging").mkdir()  # sorts between two issues: skipped, not the end
    assert [c.id for c in earlier_calls(tmp_path, dt.date(2026, 1, 18))] == ["2026-01-04", "2026-01-11"]
    assert [c.id for c in earlier_calls(tmp_path, dt.date(2026, 1, 19))] == [
        "2026-01-04", "2026-01-11", "2026-01-18"]



@pytest.mark.parametrize(("last", "mark"), [
    (940.0, "+0.6R"), (994.0, "0.0R"), (1004.0, "0.0R"), (1004.2, "-0.1R"), (999.0, "0.0R")])
def test_a_triggered_open_call_says_when_it_triggered_and_where_it_stands_in_r(
        last: float, mark: str) -> None:
    """The week to 2008-11-21 (replay config) graded last week's $QQQ short "Still open:
    triggered, last 26.67": not when, and not whether it was working (+1.0R). In at the
    999.00 close, 101 points under the stop: 1R."""
    bars = _bars([("2026-01-05", 1010, 990, 999.0), ("2026-01-06", 1005, 930, last)])
    graded = grade_call(SHORT, bars, BEFORE)
    assert graded.reason == f"triggered Jan 5 at 999.00, last {last:,.2f} ({mark} so far), horizon Jan 30"
