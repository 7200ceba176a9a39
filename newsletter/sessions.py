"""The NYSE trading calendar: which session an issue is as of.

Holidays come from exchange-calendars, never from a hand-written list; the
workspace config may add unscheduled closures the installed release lacks.
Building the calendar costs about 0.4 s, so its sessions and closing times are
kept in a small file per exchange-calendars version (``~/.cache/newsletter``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from newsletter.user_cache import user_cache_dir
from newsletter.versions import dist_version

log = logging.getLogger(__name__)

FIRST, LAST = "1999-01-04", "2031-12-31"


def calendar_version() -> str:
    return f"exchange-calendars {dist_version('exchange-calendars')} (XNYS)"


def _cache_file() -> Path:
    return user_cache_dir() / f"xnys-{dist_version('exchange-calendars')}-{FIRST}-{LAST}.npz"


@lru_cache(maxsize=1)
def _table() -> tuple[np.ndarray, np.ndarray]:
    """Session dates (datetime64[D]) and their closing instants (datetime64[ns], UTC)."""
    path = _cache_file()
    try:
        with np.load(path) as data:
            return data["sessions"], data["closes"]
    except (OSError, ValueError, KeyError):
        pass
    import exchange_calendars as xcals

    cal = xcals.get_calendar("XNYS", start=FIRST, end=LAST)
    sessions = cal.sessions.values.astype("datetime64[D]")
    closes = cal.closes.dt.tz_convert("UTC").dt.tz_localize(None).values.astype("datetime64[ns]")
    try:
        import io

        from newsletter.atomic import atomic_write_bytes

        buffer = io.BytesIO()
        np.savez(buffer, sessions=sessions, closes=closes)
        atomic_write_bytes(path, buffer.getvalue())
    except OSError as exc:
        log.debug("could not cache the calendar at %s: %s", path, exc)
    return sessions, closes


def sessions_between(
    start: dt.date, end: dt.date, extra_closures: Iterable[dt.date] = ()
) -> list[dt.date]:
    """NYSE sessions with ``start <= session <= end``."""
    sessions, _ = _table()
    lo = np.searchsorted(sessions, np.datetime64(start, "D"), side="left")
    hi = np.searchsorted(sessions, np.datetime64(end, "D"), side="right")
    closed = set(extra_closures)
    return [d for d in sessions[lo:hi].astype(object) if d not in closed]


def early_closes(start: dt.date, end: dt.date) -> list[dt.date]:
    """NYSE sessions with ``start <= session <= end`` that closed before 4 pm New York time (the
    day after Thanksgiving, Christmas Eve, the eve of Independence Day)."""
    sessions, closes = _table()
    lo = np.searchsorted(sessions, np.datetime64(start, "D"), side="left")
    hi = np.searchsorted(sessions, np.datetime64(end, "D"), side="right")
    local = pd.DatetimeIndex(closes[lo:hi]).tz_localize("UTC").tz_convert("America/New_York")
    return [d for d, t in zip(sessions[lo:hi].astype(object), local, strict=True) if t.hour < 16]


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
    ts = pd.Timestamp(now) if now is not None else pd.Timestamp.now(tz="UTC")
    if ts.tzinfo is None:
        ts = ts.tz_localize("America/New_York")
    instant = np.datetime64(ts.tz_convert("UTC").tz_localize(None).to_datetime64(), "ns")
    sessions, closes = _table()
    closed = set(extra_closures)
    pos = int(np.searchsorted(closes, instant, side="right")) - 1
    while pos >= 0 and sessions[pos].astype(object) in closed:
        pos -= 1
    if pos < 0:
        raise ValueError(f"no completed NYSE session before {ts}")
    return sessions[pos].astype(object)


def next_issue_date(today: dt.date) -> dt.date:
    """The Sunday on or after ``today``: issues are dated the Sunday they go out."""
    return today + dt.timedelta(days=(6 - today.weekday()) % 7)


_SPELLING = {"President's Day": "Presidents' Day"}
"""The calendar's names a reader would take for a typo (the replay's 2004-02-22 heading said
"closed Monday for President's Day")."""


def holiday_name(day: dt.date) -> str | None:
    """The NYSE's name for a regular holiday on ``day`` (``Thanksgiving``), or None."""
    name = _holidays().get(day)
    return _SPELLING.get(name, name) if name is not None else None


@lru_cache(maxsize=1)
def _holidays() -> dict[dt.date, str]:
    """Every regular NYSE holiday over the table's span and its name, read once a process and
    kept beside the sessions table in the per-user cache: the recap asks of each week's shut
    weekdays (each answer cost 69 ms from the calendar), and building the calendar to ask took a
    holiday week's build 0.4 s (the scoreboard's heading names the week's holidays)."""
    import json

    path = user_cache_dir() / f"xnys-holidays-{dist_version('exchange-calendars')}-{FIRST}-{LAST}.json"
    try:
        return {dt.date.fromisoformat(k): str(v) for k, v in json.loads(path.read_text()).items()}
    except (OSError, ValueError, AttributeError):
        pass
    import exchange_calendars as xcals

    cal = xcals.get_calendar("XNYS", start=FIRST, end=LAST)
    names = cal.regular_holidays.holidays(start=FIRST, end=LAST, return_name=True)
    found = {stamp.date(): str(name) for stamp, name in names.items()}
    try:
        from newsletter.atomic import atomic_write_bytes

        atomic_write_bytes(path, json.dumps({k.isoformat(): v for k, v in found.items()}).encode())
    except OSError as exc:
        log.debug("could not cache the holidays at %s: %s", path, exc)
    return found


def unscheduled_closures(start: dt.date, end: dt.date) -> list[dt.date]:
    """Weekdays with ``start <= day <= end`` the NYSE did not open, not for a regular holiday
    (Sep 11-14, 2001; Hurricane Sandy, Oct 29-30, 2012; a national day of mourning): a week or a
    day measured across one spans more sessions than it seems to."""
    return list(_unscheduled_closures(start, end))


@lru_cache(maxsize=4096)
def _unscheduled_closures(start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
    """:func:`unscheduled_closures`, once a span: the calendar is fixed, and the replay asks of
    every week (3.5 ms a call, 0.5 s of 2019-2021's recaps, profiled)."""
    sessions, _ = _table()
    # past the calendar's table every weekday would read as shut: a test's 2033 week said "The NYSE
    # Closes for 5 Days"
    known = (dt.date.fromisoformat(str(sessions[0])), dt.date.fromisoformat(str(sessions[-1])))
    days = (start + dt.timedelta(days=i) for i in range((end - start).days + 1))
    weekdays = [d for d in days if d.weekday() < 5 and known[0] <= d <= known[1]]
    if not weekdays:
        return ()
    open_ = set(sessions_between(start, end))
    return tuple(d for d in weekdays if d not in open_ and holiday_name(d) is None)


def require_session(day: dt.date, extra_closures: Iterable[dt.date] = (), key: str = "--asof") -> dt.date:
    """``day`` itself when it is an NYSE session; else a NewsletterError naming the nearest ones."""
    from newsletter.errors import NewsletterError

    closures = tuple(extra_closures)
    if sessions_between(day, day, closures):
        return day
    before = sessions_between(day - dt.timedelta(days=15), day - dt.timedelta(days=1), closures)
    after = sessions_between(day + dt.timedelta(days=1), day + dt.timedelta(days=15), closures)
    if day.weekday() >= 5:
        why = f"a {day:%A}"
    elif day in closures:
        why = "closed (data.extra_closures)"
    else:
        name = holiday_name(day)
        why = f"{name}, an NYSE holiday" if name else "an NYSE holiday or closure"
    nearest = " or ".join(f"{d} ({d:%a})" for d in (before[-1:] + after[:1]))
    raise NewsletterError(f"{day} is not an NYSE session ({why}): the nearest sessions are {nearest}",
                          key=key)


def require_sunday(day: dt.date, key: str = "--date") -> dt.date:
    """``day`` itself when it is a Sunday (issues are dated the Sunday they go out)."""
    from newsletter.errors import NewsletterError

    if day.weekday() == 6:
        return day
    before = day - dt.timedelta(days=day.weekday() + 1)
    after = before + dt.timedelta(days=7)
    nearest, other = (before, after) if day - before <= after - day else (after, before)
    raise NewsletterError(f"{day} is a {day:%A}, and an issue is dated the Sunday it goes out: "
                          f"the nearest Sunday is {nearest} (or {other})", key=key)
