"""Runs of daily gains or losses (analysis/day_streaks.py), at each boundary.

The replay's reviews: $SPY rose 8 sessions in a row to Mar 21, 2003 (its longest in the data) and
fell 7 to Aug 2, 2011 (its longest since Oct 2008); no issue said either.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from newsletter.analysis.day_streaks import STREAK_SESSIONS, day_streak
from newsletter.sections import recap


def _series(moves: list[float], start: float = 100.0) -> pd.Series:
    """A year of alternating +1/-1 cent sessions (no run), then ``moves`` in price steps; the
    sessions are weekdays ending on a Friday."""
    closes = [start + (0.01 if i % 2 else 0.0) for i in range(301)]  # ends on a down cent
    for step in moves:
        closes.append(round(closes[-1] + step, 2))
    index = pd.bdate_range(end="2026-03-20", periods=len(closes))
    return pd.Series(closes, index=index)


@pytest.mark.parametrize(("ups", "said"), [(5, False), (6, True), (7, True)])
def test_a_run_is_news_from_six_sessions(ups: int, said: bool) -> None:
    assert STREAK_SESSIONS == 6
    found = day_streak(_series([1.0] * ups))
    assert (found is not None) is said
    if said:
        assert found.sessions == ups and found.up and found.since is None


def test_a_close_unchanged_to_the_cent_ends_a_run() -> None:
    # six up sessions, but the third of them closed unchanged to the cent (a 0.004 step)
    assert day_streak(_series([1.0, 1.0, 0.004, 1.0, 1.0, 1.0])) is None


def test_a_run_as_long_within_a_year_makes_it_no_news() -> None:
    s = _series([1.0] * 6)
    earlier = s.copy()
    # an earlier 6-session up run 30 sessions before
    base = earlier.iloc[-40]
    for k in range(7):
        earlier.iloc[-40 + k] = base + k
    earlier.iloc[-33] = base + 0.5  # and the close after it lower: that run ended
    assert day_streak(s) is not None
    assert day_streak(earlier) is None


def test_a_run_that_ended_before_the_week_is_not_the_week_s() -> None:
    # eight up sessions ending the Friday before, then a down week
    s = _series([1.0] * 8 + [-0.5] * 5)
    assert day_streak(s) is None


def test_a_run_that_ended_inside_the_week_says_its_day_and_what_followed() -> None:
    s = _series([1.0] * 6 + [-0.5])  # up Monday to Thursday after last week's two, down Friday
    found = day_streak(s)
    assert found is not None and found.sessions == 6 and found.end == dt.date(2026, 3, 19)
    assert found.after_pct == pytest.approx(-0.5 / 106.0 * 100)
    assert recap.day_streak_words("$SPY", found, dt.date(2026, 3, 20)) == (
        "$SPY rose 6 sessions in a row to Thursday, its longest winning run in the data here, "
        "back to Jan 2025; Friday's close was 0.5% under Thursday's.")


def test_a_run_that_ended_before_the_last_session_leads_only_a_quiet_week() -> None:
    """The replay's 2017-08-13 led "VIX Jumps 55% & $DIA Rises 10 Sessions in a Row" in a week
    $DIA fell 0.8%, its run having ended on Monday (6 of 7 run headlines of 2016-2017 had ended
    before the last session; 2019-04-14's "$SPY Rises 8 Sessions in a Row" ended Monday)."""
    from newsletter.sections.recap_records import BACKGROUND_STRENGTH
    from tests.sections.test_headline import FLAT, _ctx

    up = [101.0, 102.0, 103.0, 104.0, 105.0, 106.0, 107.0, 108.0, 109.0]
    for tail, phrase, strength in (
            ([], "$SPY Rises 9 Sessions in a Row", 2.5),                  # alive at the last close
            ([108.5], "$SPY's 9-Session Winning Run Ends", BACKGROUND_STRENGTH)):
        ctx = _ctx(SPY=FLAT[len(tail):] + up + tail, QQQ=FLAT[len(tail):] + [100.0] * (len(up) + len(tail)))
        (run,) = [s for s in recap.build(ctx).signals if "Session" in s.phrase]
        assert (run.phrase, run.strength) == (phrase, pytest.approx(strength))
        assert run.background is (bool(tail))


def test_the_recap_says_the_run() -> None:
    from tests.sections.test_headline import FLAT, _ctx, _week

    ctx = _ctx(SPY=FLAT + [101.0, 102.0, 103.0, 104.0, 105.0, 106.0], QQQ=_week(0.2))
    built = recap.build(ctx)
    assert built.section.data.day_streaks == (
        "$SPY rose 6 sessions in a row, its longest winning run in the data here, back to "
        "Jan 2025.",)
    short = recap.build(_ctx(SPY=FLAT + [101.0, 102.0, 103.0, 104.0, 105.0], QQQ=_week(0.2)))
    assert short.section.data.day_streaks == ()


def test_the_longest_run_is_a_headline_candidate() -> None:
    """The replay's 2004-04-11 led "$DIA Cracking Support" over $SPY's 9 up sessions, its longest
    run in the data, which no line of the headline or hook said."""
    from tests.sections.test_headline import FLAT, _ctx, _week

    ctx = _ctx(SPY=FLAT + [101.0, 102.0, 103.0, 104.0, 105.0, 106.0, 107.0, 108.0, 109.0],
               QQQ=_week(0.2))
    (run,) = [s for s in recap.build(ctx).signals if "in a Row" in s.phrase]
    assert run.phrase == "$SPY Rises 9 Sessions in a Row"
    assert run.strength == pytest.approx(2.5) and run.market
    assert run.hook == ("$SPY rose 9 sessions in a row, its longest winning run in the data here, "
                        "back to Jan 2025.")


@pytest.mark.parametrize(("step", "ends"), [(0.04, True), (0.06, False), (0.0, True)])
def test_a_session_that_prints_0_0_percent_ends_a_run(step: float, ends: bool) -> None:
    """The replay's 2010-03-21: "$SPY Rises 14 Sessions in a Row", "its longest winning run in the
    data", counted Mar 12 (+0.009%, one cent) and Mar 8 and 15 (+0.018%, +0.026%) as up sessions; a
    session that prints 0.0% ends a run, as a 0.0% week ends a weekly one."""
    s = _series([1.0, 1.0, 1.0, step * 1.03, 1.0, 1.0, 1.0])  # ~103 at the fourth session
    found = day_streak(s)
    assert (found is None) is ends, found


# The replay's 2011-11-27: "$DIA fell 7 sessions in a row", counting its Nov 18 ex-date. A session
# whose fall its dividend paid back (printed 0.0% or up with it) is no move; a fall bigger than the
# dividend stays a fall.

@pytest.mark.parametrize(("paid", "run"), [(0.1, 6), (0.2, None), (0.3, None)])  # -0.1%, 0.0%, +0.1%
def test_a_session_fall_the_dividend_paid_back_breaks_a_losing_run(paid: float, run: int | None) -> None:
    close = _series([-0.2] * 6)  # six sessions of -0.2 points, about -0.2% each
    ex = close.index[-3]
    before = float(close.iloc[-4])
    adjusted = close.copy()
    adjusted[adjusted.index < ex] *= 1 - paid / before  # a dividend of `paid` in price
    found = day_streak(close, adjusted)
    assert (found.sessions if found is not None else None) == run
    assert day_streak(close).sessions == 6  # on the price alone: the run
