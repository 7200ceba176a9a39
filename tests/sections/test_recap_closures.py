"""The NYSE's unscheduled closures are said, not read as ordinary weeks and days.

The real bars' 2001-09-16 issue ("week to Sep 10") read a one-session week as any other, the
exchange shut Sep 11-14 unmentioned; 2001-09-23's "Monday's 5.2% drop was the S&P's worst day
since Apr 14, 2000" measured four closed sessions as one day, without a word.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from newsletter.config import Config, Watchlists
from newsletter.sections import recap
from newsletter.sessions import sessions_between, unscheduled_closures
from tests.analysis.factories import make_bars
from tests.sections.small_frames import context, render_sections


def test_an_unscheduled_closure_is_told_from_a_holiday() -> None:
    assert unscheduled_closures(dt.date(2001, 9, 10), dt.date(2001, 9, 14)) == [
        dt.date(2001, 9, d) for d in (11, 12, 13, 14)]
    assert unscheduled_closures(dt.date(2012, 10, 29), dt.date(2012, 11, 2)) == [
        dt.date(2012, 10, 29), dt.date(2012, 10, 30)]  # Hurricane Sandy
    assert unscheduled_closures(dt.date(2026, 11, 23), dt.date(2026, 11, 27)) == []  # Thanksgiving
    assert unscheduled_closures(dt.date(2026, 11, 16), dt.date(2026, 11, 20)) == []


def _spy(end: dt.date, moves: dict[dt.date, float] | None = None) -> pd.DataFrame:
    index = pd.DatetimeIndex(sessions_between(dt.date(2000, 6, 1), end))
    closes = np.full(len(index), 100.0)
    for day, pct in (moves or {}).items():
        at = index.get_loc(pd.Timestamp(day))
        closes[at:] *= 1 + pct / 100
    return make_bars(closes, index=index)


def _text(bars: pd.DataFrame) -> str:
    ctx = context({"SPY": bars}, config=Config(watchlists=Watchlists(indices=["SPY"])))
    return render_sections(ctx, recap)


def test_a_week_the_exchange_was_shut_says_so() -> None:
    text = _text(_spy(dt.date(2001, 9, 10)))
    assert ("🏛️ The NYSE was closed from Tuesday, Sep 11 to Friday, Sep 14, not for a holiday: "
            "the week's figures are its 1 session.") in text, text
    assert "🏛️" not in _text(_spy(dt.date(2001, 9, 7)))  # the week before: all five sessions


def test_the_first_session_after_a_closure_says_what_its_move_spans() -> None:
    bars = _spy(dt.date(2001, 9, 21), {dt.date(2001, 9, 17): -4.9})
    day = recap.big_day(bars["Close"])
    assert day is not None and day.after_closure == tuple(dt.date(2001, 9, d) for d in (11, 12, 13, 14))
    words = recap.big_day_words(day)
    assert words.startswith("Monday's 4.9% drop, the first session after the NYSE's 4-day closure "
                            "(Sep 11 to Sep 14), was $SPY's worst day "), words
    # an ordinary Monday after a weekend says nothing of it
    plain = recap.big_day(_spy(dt.date(2001, 8, 31), {dt.date(2001, 8, 27): -4.9})["Close"])
    assert plain is not None and plain.after_closure == ()
    assert recap.big_day_words(plain).startswith("Monday's 4.9% drop was $SPY's ")


def test_a_closure_of_the_exchange_is_the_week_s_headline() -> None:
    from newsletter.sections.base import Signal
    from newsletter.sections.headline import make_headline

    ctx = context({"SPY": _spy(dt.date(2001, 9, 10))},
                  config=Config(watchlists=Watchlists(indices=["SPY"])))
    signals = list(recap.build(ctx).signals)
    (shut,) = [s for s in signals if "NYSE" in s.phrase]
    assert shut.phrase == "The NYSE Closes for 4 Days" and shut.market
    cross = Signal(1.4, "$IWM Flashes a Death Cross", "C.")
    headline, hook = make_headline(ctx, [cross, *signals])
    assert headline == "The NYSE Closes for 4 Days & $IWM Flashes a Death Cross"
    assert hook.startswith("The NYSE was closed from Tuesday, Sep 11 to Friday, Sep 14")


def test_no_closure_is_read_past_the_calendar_s_table() -> None:
    from newsletter.sessions import LAST

    last = dt.date.fromisoformat(LAST)
    assert unscheduled_closures(dt.date(2033, 1, 24), dt.date(2033, 1, 28)) == []
    assert unscheduled_closures(last + dt.timedelta(days=1), last + dt.timedelta(days=10)) == []
    assert unscheduled_closures(dt.date(2018, 12, 3), dt.date(2018, 12, 7)) == [dt.date(2018, 12, 5)]


# The replay's 2021-11-28 ranked Friday's -2.2% "$SPY's worst day since Feb 25" and never said it
# was a half session after Thanksgiving (6 short weeks of 2021, none said): the scoreboard's
# heading names the week's holidays and early closes.

@pytest.mark.parametrize(("monday", "asof", "words"), [
    (dt.date(2021, 11, 22), dt.date(2021, 11, 26),
     "4 sessions: closed Thursday for Thanksgiving, Friday closed early"),
    (dt.date(2021, 3, 29), dt.date(2021, 4, 1), "4 sessions: closed Friday for Good Friday"),
    (dt.date(2021, 1, 18), dt.date(2021, 1, 22),
     "4 sessions: closed Monday for Dr. Martin Luther King Jr. Day"),
    (dt.date(2004, 2, 16), dt.date(2004, 2, 20),
     "4 sessions: closed Monday for Presidents' Day"),   # the calendar says "President's Day"
    (dt.date(2021, 11, 15), dt.date(2021, 11, 19), ""),   # a full week
    (dt.date(2021, 11, 15), dt.date(2021, 11, 17), ""),   # an as-of mid-week: no holiday after it
])
def test_the_scoreboard_names_the_week_s_holidays_and_early_closes(monday: dt.date, asof: dt.date,
                                                                   words: str) -> None:
    from newsletter.sections.recap import short_week_words

    assert short_week_words(monday, asof) == words
