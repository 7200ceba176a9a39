"""The as-of session comes from the NYSE calendar, holidays and closures included."""

from __future__ import annotations

import datetime as dt

import pytest

from newsletter.build import resolve_dates
from newsletter.sessions import last_completed_session, last_completed_session_now, sessions_between

D = dt.date


@pytest.mark.parametrize(("issue", "asof"), [
    (D(2022, 11, 20), D(2022, 11, 18)),   # an ordinary Sunday: Friday's close
    (D(2026, 4, 5), D(2026, 4, 2)),       # Good Friday: Thursday's close
    (D(2025, 1, 12), D(2025, 1, 10)),     # the week of the 2025-01-09 national day of mourning
    (D(2026, 7, 5), D(2026, 7, 2)),       # Independence Day observed on Friday July 3
])
def test_sunday_issue_uses_the_last_completed_session(issue: dt.date, asof: dt.date) -> None:
    assert last_completed_session(issue) == asof


def test_unscheduled_closure_from_config_is_honoured() -> None:
    assert D(2025, 1, 9) not in sessions_between(D(2025, 1, 6), D(2025, 1, 10))
    assert last_completed_session(D(2026, 11, 22), extra_closures=[D(2026, 11, 20)]) == D(2026, 11, 19)


def test_completed_session_respects_the_close_and_early_closes() -> None:
    assert last_completed_session_now(dt.datetime(2026, 11, 23, 15, 59)) == D(2026, 11, 20)
    assert last_completed_session_now(dt.datetime(2026, 11, 23, 16, 1)) == D(2026, 11, 23)
    # the day after Thanksgiving closes at 13:00 New York
    assert last_completed_session_now(dt.datetime(2026, 11, 27, 13, 5)) == D(2026, 11, 27)


def test_resolve_dates_from_asof_and_midweek() -> None:
    assert resolve_dates(None, D(2022, 11, 18)) == (D(2022, 11, 20), D(2022, 11, 18))
    # drafting on a Tuesday for next Sunday: as of the last close that has happened
    issue, asof = resolve_dates(None, None, now=dt.datetime(2026, 11, 24, 12, 0))
    assert (issue, asof) == (D(2026, 11, 29), D(2026, 11, 23))


def test_holiday_names_are_kept_in_the_per_user_cache(tmp_path, monkeypatch) -> None:
    """The scoreboard's heading names a week's holidays; building the exchange calendar to ask took
    a holiday week's build 0.4 s a process, so the names are kept beside the sessions table."""
    import sys

    from newsletter import sessions

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    sessions._holidays.cache_clear()
    try:
        assert sessions.holiday_name(dt.date(2021, 11, 25)) == "Thanksgiving"
        assert list((tmp_path / "newsletter").glob("xnys-holidays-*.json"))
        sessions._holidays.cache_clear()
        monkeypatch.setitem(sys.modules, "exchange_calendars", None)  # any import of it fails
        assert sessions.holiday_name(dt.date(2004, 2, 16)) == "Presidents' Day"
        assert sessions.holiday_name(dt.date(2021, 11, 26)) is None
    finally:
        sessions._holidays.cache_clear()
