"""The NYSE trading calendar: which session an issue is as of.

Holidays come from exchange-calendars, never from a hand-written list; the
workspace config may add unscheduled closures the installed release lacks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

import pandas as pd


@lru_cache(maxsize=8)
def _calendar(extra_closures: tuple[dt.date, ...] = ()):
    import exchange_calendars as xcals

    cal = xcals.get_calendar("XNYS", start="1999-01-04")
    return cal, frozenset(extra_closures)


def calendar_version() -> str:
    from importlib.metadata import version

    return f"exchange-calendars {version('exchange-calendars')} (XNYS)"


def sessions_between(
    start: dt.date, end: dt.date, extra_closures: Iterable[dt.date] = ()
) -> list[dt.date]:
    """NYSE sessions with ``start <= session <= end``."""
    cal, closed = _calendar(tuple(sorted(extra_closures)))
    start = max(start, cal.first_session.date())
    end = min(end, cal.last_session.date())
    if start > end:
        return []
    days = cal.sessions_in_range(pd.Timestamp(start), pd.Timestamp(end))
    return [d.date() for d in days if d.date() not in closed]


def last_completed_session(
    issue_date: dt.date, extra_closures: Iterable[dt.date] = ()
) -> dt.date:
    """The last NYSE session that closed strictly before ``issue_date``.

    A Sunday issue is as of Friday's close, or Thursday's when Friday is a holiday.
    """
    days = sessions_between(issue_date - dt.timedelta(days=15), issue_date - dt.timedelta(days=1),
                            extra_closures)
    if not days:
        raise ValueError(f"no NYSE session in the two weeks before {issue_date}")
    return days[-1]


def last_completed_session_now(
    now: dt.datetime | None = None, extra_closures: Iterable[dt.date] = ()
) -> dt.date:
    """The last NYSE session whose close has passed at ``now`` (default: the clock)."""
    cal, _ = _calendar(tuple(sorted(extra_closures)))
    ts = pd.Timestamp(now) if now is not None else pd.Timestamp.now(tz="UTC")
    if ts.tzinfo is None:
        ts = ts.tz_localize("America/New_York")
    today = ts.tz_convert("America/New_York").date()
    for day in reversed(sessions_between(today - dt.timedelta(days=15), today, extra_closures)):
        if cal.session_close(pd.Timestamp(day)) <= ts:
            return day
    raise ValueError(f"no completed NYSE session in the two weeks before {today}")


def next_issue_date(today: dt.date) -> dt.date:
    """The Sunday on or after ``today``: issues are dated the Sunday they go out."""
    return today + dt.timedelta(days=(6 - today.weekday()) % 7)
