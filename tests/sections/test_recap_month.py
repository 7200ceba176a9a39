"""🔙 The week that ends a calendar month says the month.

The replay's 2010-2012 review: October 2011 was $SPY's best month in the data (+10.9%, $IWM
+15.1%) and no issue said so; the 2011-11-06 issue led "Small Caps Hold Up Better & $SPY Slides
2.4%". Only years had a line.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from newsletter.calendar_periods import ended_month, month_moves
from newsletter.sections import recap_calendar
from newsletter.sessions import sessions_between


def _closes(start: dt.date, end: dt.date) -> pd.Series:
    index = pd.DatetimeIndex(sessions_between(start, end))
    return pd.Series(np.linspace(100.0, 120.0, len(index)), index=index)


@pytest.mark.parametrize(("asof", "month"), [
    (dt.date(2011, 10, 28), None),        # Oct 31 is next week's Monday
    (dt.date(2011, 11, 4), "2011-10"),    # the week holds Oct 31, the month's last session
    (dt.date(2011, 11, 11), None),        # a week later: October is old news
    (dt.date(2011, 9, 30), "2011-09"),    # the month ends on the as-of Friday
    (dt.date(2011, 12, 30), "2011-12"),   # December ends on the as-of Friday
    (dt.date(2012, 1, 6), None),          # Dec 30 is this week's base close: last week's news
])
def test_the_month_a_week_ends(asof: dt.date, month: str | None) -> None:
    found = ended_month(_closes(dt.date(2011, 1, 3), asof), asof)
    assert (str(found) if found is not None else None) == month


def test_a_month_whose_last_session_is_the_week_s_base_close_is_last_week_s() -> None:
    # Mon Sep 2, 2019 is Labor Day: the base of the week to Sep 6 is Fri Aug 30, August's last
    # session, told the week before
    closes = _closes(dt.date(2019, 1, 2), dt.date(2019, 9, 6))
    assert ended_month(closes, dt.date(2019, 9, 6)) is None
    assert str(ended_month(closes.loc[:"2019-08-30"], dt.date(2019, 8, 30))) == "2019-08"


@pytest.mark.parametrize(("earlier", "words"), [
    # as good: a tie counts, and says so ("also", as the weeks do: the replay's 2011-09-04 printed
    # "$QQQ -5.1%, its worst month since Aug 2010 (-5.1%)", read as a typo)
    ([2.0, 10.9] + [3.0] * 12, "its best month since Mar 2011 (also +10.9%)"),
    ([2.0, 10.94] + [3.0] * 12, "its best month since Mar 2011 (also +10.9%)"),  # prints 10.9
    ([2.0, 10.96] + [3.0] * 12, "its best month since Mar 2011 (+11.0%)"),
    ([2.0, 10.84] + [3.0] * 12, "its best month in the data here, back to Feb 2011"),  # 10.8
])
def test_the_month_s_rank_as_printed(earlier: list[float], words: str) -> None:
    index = pd.period_range("2011-02", periods=len(earlier) + 1, freq="M")
    moves = pd.Series([*earlier, 10.9], index=index)
    assert recap_calendar._month_rank(moves) == words


# The replay's 2013-01-06: "$SPY +0.2% on the month, its best month since Nov 2012 (+0.6%)".
@pytest.mark.parametrize(("back", "told"), [(11, False), (12, True), (13, True)])
def test_a_month_s_rank_reaches_back_a_year(back: int, told: bool) -> None:
    earlier = [5.0] + [0.1] * (back - 1)  # the month as good is ``back`` months before
    index = pd.period_range("2011-01", periods=len(earlier) + 1, freq="M")
    moves = pd.Series([*earlier, 0.2], index=index)
    assert bool(recap_calendar._month_rank(moves)) is told


@pytest.mark.parametrize(("back", "told"), [(2, False), (3, True), (4, True)])
def test_a_year_s_rank_reaches_back_three_years(back: int, told: bool) -> None:
    earlier = [30.0] + [1.0] * (back - 1)
    index = pd.Index(range(2000, 2000 + len(earlier) + 1))
    moves = pd.Series([*earlier, 9.6], index=index)
    assert bool(recap_calendar._year_rank(moves)) is told


def test_too_short_a_history_ranks_nothing() -> None:
    index = pd.period_range("2011-02", periods=6, freq="M")
    assert recap_calendar._month_rank(pd.Series([1.0, 2.0, 1.0, 0.5, 0.1, 3.0], index=index)) == ""


def test_month_moves_are_last_close_against_the_last_close_before() -> None:
    index = pd.DatetimeIndex(["2011-09-29", "2011-09-30", "2011-10-03", "2011-10-31"])
    moves = month_moves(pd.Series([99.0, 100.0, 95.0, 110.9], index=index))
    assert list(moves.index.astype(str)) == ["2011-10"]
    assert moves.iloc[0] == pytest.approx(10.9)


def test_month_moves_match_a_groupby_over_calendar_months() -> None:
    """The numpy month ids (a speed-up) give what pandas' monthly periods give."""
    rng = np.random.default_rng(3)
    days = pd.bdate_range("1999-12-01", "2003-02-14")
    days = days[rng.random(len(days)) > 0.05]
    close = pd.Series(100.0 * np.cumprod(1 + rng.normal(0, 0.01, len(days))), index=days)
    last = close.groupby(close.index.to_period("M")).last()
    expected = (last.pct_change() * 100.0).iloc[1:]
    pd.testing.assert_series_equal(month_moves(close), expected, check_names=False)


# The replay's 2014-01-05 led "$SPY Slips From Tuesday's Record High" (a 0.975% give-back) in the
# issue whose recap said "📅 2013: $SPY +29.7% on the year, its best year in the data here".

def _years_ctx(last_year_pct: float, end: dt.date):
    from newsletter.config import Config, Watchlists
    from tests.analysis.factories import make_bars
    from tests.sections.small_frames import context

    index = pd.DatetimeIndex(sessions_between(dt.date(2009, 1, 2), end))
    values, level = [], 100.0
    for day in index:  # +10% a year to 2012, then ``last_year_pct`` in 2013, flat after
        rate = 0.10 if day.year < 2013 else (last_year_pct / 100 if day.year == 2013 else 0.0)
        level *= (1 + rate) ** (1 / 252)
        values.append(level)
    bars = make_bars(values, index=index)
    return context({"SPY": bars}, config=Config(watchlists=Watchlists(indices=["SPY"])))


@pytest.mark.parametrize(("pct", "end", "phrase"), [
    (29.7, dt.date(2014, 1, 3), "$SPY Ends 2013 Up 29.7%"),   # the best year here: ranked
    (9.0, dt.date(2014, 1, 3), None),                          # 2012's +10% was better: a year back
    (29.7, dt.date(2014, 1, 10), None),                        # a week later: not the year's week
])
def test_the_year_leads_the_week_it_ends_when_it_ranks(pct: float, end: dt.date,
                                                       phrase: str | None) -> None:
    from newsletter.sections import recap_calendar

    found = recap_calendar.year_signal(_years_ctx(pct, end))
    assert (found.phrase if found is not None else None) == phrase
    if found is not None:
        assert found.market and found.hook.startswith("$SPY rose 29.7% in 2013, its best year ")


# The replay's 2020-12-06 said "🗓️ November: $SPY +10.9% on the month; $QQQ +11.2%, $IWM +18.2%,
# $DIA +11.9%." of $IWM's and $DIA's best months in the data; 2016-12-04 left $IWM's +11.1%, its
# best month since Oct 2011, a bare number under a no-trade headline; and a month that ranks never
# reached the headline (2020-05-03: April, $SPY's best month in the data, under "$SPY Gives Back a
# 3.6% Rally").

def _months_ctx(spy_last: float, iwm_last: float, asof: dt.date = dt.date(2020, 12, 4)):
    """$SPY and $IWM from Jan 2016: +1% a month, then November 2020 at ``spy_last`` and
    ``iwm_last`` percent, flat after."""
    from newsletter.config import Config, Watchlists
    from tests.analysis.factories import make_bars
    from tests.sections.small_frames import context

    index = pd.DatetimeIndex(sessions_between(dt.date(2016, 1, 4), asof))

    def path(last: float) -> list[float]:
        values, level = [], 100.0
        for day in index:
            november = day.year == 2020 and day.month == 11
            rate = (last / 100) if november else (0.0 if day > pd.Timestamp(2020, 11, 30) else 0.01)
            days = 20 if not november else len([d for d in index if d.year == 2020 and d.month == 11])
            level *= (1 + rate) ** (1 / days)
            values.append(level)
        return values

    bars = {"SPY": make_bars(path(spy_last), index=index), "IWM": make_bars(path(iwm_last), index=index)}
    return context(bars, config=Config(watchlists=Watchlists(indices=["SPY", "IWM"])))


def test_every_index_s_month_that_ranks_is_ranked() -> None:
    from newsletter.sections import recap

    line = recap.build(_months_ctx(1.0, 18.2)).section.data.month
    assert line.startswith("November: $SPY +1.0% on the month; $IWM +18.2%, its best month in the "
                           "data here, back to Feb 2016."), line


def test_a_month_that_ranks_is_a_headline_candidate() -> None:
    found = recap_calendar.calendar_signal(_months_ctx(1.0, 18.2), "month")
    assert found is not None and found.phrase == "$IWM Ends November Up 18.2%", found
    assert found.hook == "$IWM rose 18.2% in November, its best month in the data here, back to Feb 2016."
    assert not found.market  # $IWM's: news, not the market's own story
    assert recap_calendar.calendar_signal(_months_ctx(1.0, 1.0), "month") is None  # no rank


def test_the_data_s_best_month_weighs_more_than_one_that_ranks_less_far() -> None:
    best = recap_calendar.calendar_signal(_months_ctx(1.0, 18.2), "month")
    assert best is not None
    assert best.strength == pytest.approx(recap_calendar.MONTH_STRENGTH * recap_calendar.OTHER_INDEX_SHARE
                                          * recap_calendar.IN_THE_DATA)


# The replay's 2006-01-01 led "$DIA Ends 2005 Down 0.5%", "its worst year since 2002", of a year
# $DIA returned +1.6% with its dividends: the week's scoreboard gives both figures, the year only
# the price's. A fall as printed that the dividends made a gain (or flat) says so.

@pytest.mark.parametrize(("paid_pct", "clause"), [
    (0.0, None),                                  # no dividends: the price's figure alone
    (2.3, ", +1.6% with its dividends"),          # -0.7% on price, a gain with them
    (0.66, ", 0.0% with its dividends"),          # flat as printed with them: said
    (0.6, None),                                  # still a fall with them (-0.1%)
])
def test_a_year_the_dividends_turned_says_so(paid_pct: float, clause: str | None) -> None:
    ctx = _years_ctx(-0.7, dt.date(2014, 1, 3))
    bars = ctx.snapshot.bars["SPY"]
    # a factor that grows by ``paid_pct`` over 2013 (the dividends paid back into Adj Close)
    in_2013 = (bars.index.year == 2013).cumsum() / (bars.index.year == 2013).sum()
    grown = np.where(bars.index.year < 2013, 1.0,
                     np.where(bars.index.year == 2013, 1 + paid_pct / 100 * in_2013,
                              1 + paid_pct / 100))
    factor = grown / grown[-1]
    bars["Adj Close"] = bars["Close"] * factor
    found = recap_calendar.year_signal(ctx)
    assert found is not None and found.phrase == "$SPY Ends 2013 Down 0.7%"
    expected = f"$SPY fell 0.7% in 2013{clause or ''}, its worst year "
    assert found.hook.startswith(expected), found.hook
