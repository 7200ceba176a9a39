"""One week and one month for the whole issue: recap, weekly ranking and relative strength agree."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from newsletter.analysis.breadth import weekly_ranking
from newsletter.analysis.periods import SESSIONS_PER_MONTH, month_start, week_start, weekly_moves
from newsletter.analysis.relative_strength import relative_strength
from newsletter.sections.recap import weekly_move
from tests.analysis.factories import make_bars


def test_week_start_by_hand() -> None:
    idx = pd.DatetimeIndex(pd.to_datetime(["2024-01-04", "2024-01-05", "2024-01-08", "2024-01-11"]))
    assert week_start(idx) == 1                                  # Thursday 11th: since Friday 5th
    assert week_start(idx[:3]) == 1                              # Monday 8th: the same base
    assert week_start(idx[:2]) is None                           # nothing before Monday Jan 1
    assert week_start(idx, asof=dt.date(2024, 1, 5)) is None


def test_month_start_is_21_sessions_back_at_the_boundary() -> None:
    idx = pd.bdate_range("2024-01-01", periods=SESSIONS_PER_MONTH + 1)
    assert month_start(idx) == 0
    assert month_start(idx[1:]) is None


def test_the_week_is_the_same_span_everywhere_in_a_holiday_week() -> None:
    # Thanksgiving week: the as-of session is Wednesday 2024-11-27
    idx = pd.bdate_range("2024-08-01", "2024-11-27", name="Date")
    rng = np.random.default_rng(1)
    a = 100 * np.cumprod(1 + rng.normal(0, 0.01, len(idx)))
    b = 100 * np.cumprod(1 + rng.normal(0, 0.01, len(idx)))
    bars_a, bars_b = make_bars(a, index=idx), make_bars(b, index=idx)
    recap = weekly_move(bars_a, idx[-1].date(), "AAA")
    rs = relative_strength(bars_a, bars_b, windows=("1w", "1m"))
    ranking = weekly_ranking(pd.DataFrame({"AAA": a, "BBB": b}, index=idx))
    assert recap.previous_date == rs.window_starts["1w"] == ranking.since == dt.date(2024, 11, 22)
    assert rs.first_returns["1w"] == pytest.approx(recap.change_pct)
    assert ranking.rows[[r.ticker for r in ranking.rows].index("AAA")].week_return == \
        pytest.approx(recap.change_pct)


def test_the_month_has_the_sign_of_the_ratio_chart() -> None:
    """"1 month: $IWM +5.5% vs $SPY +6.7%" (calendar month) sat beside a ratio chart "up 0.3% in
    a month" (21 sessions). Here the two spans disagree in sign; the text must follow the chart's."""
    idx = pd.bdate_range("2024-01-02", "2024-04-30", name="Date")
    n = len(idx)
    lead = np.full(n, 100.0)
    lag = np.full(n, 100.0)
    # flat to the calendar month's base (Friday Mar 29), a drop on the 21-session base (Apr 1),
    # a gain after it: the calendar month reads -4%, the trading month +1%
    assert idx[-22] == pd.Timestamp("2024-04-01")
    lead[n - 22] = 95.0
    lead[n - 21:] = 96.0
    rs = relative_strength(make_bars(lead, index=idx), make_bars(lag, index=idx), windows=("1m",))
    ratio = lead / lag
    chart_month = ratio[-1] / ratio[-1 - 21] - 1
    assert chart_month > 0 and rs.spreads["1m"] > 0
    assert rs.window_starts["1m"] == idx[-22].date()


def test_weekly_moves_are_the_recaps_week_for_every_as_of_session() -> None:
    """Each week's move, the week defined once (``week_start``): the as-of week's move equals
    the recap's, for every session of a holiday-laden stretch, and a week with no sessions is
    skipped (the next week is measured from the last close before it)."""
    from newsletter.analysis.periods import weekly_moves

    idx = pd.bdate_range("2024-06-03", "2025-01-10", name="Date")
    idx = idx[(idx < "2024-09-02") | (idx > "2024-09-06")]  # a week the market did not open
    rng = np.random.default_rng(3)
    closes = 100 * np.cumprod(1 + rng.normal(0, 0.01, len(idx)))
    bars = make_bars(closes, index=idx)
    for end in range(40, len(idx)):
        upto = bars.iloc[: end + 1]
        moves = weekly_moves(upto["Close"])
        recap = weekly_move(upto, idx[end].date(), "AAA")
        assert moves.iloc[-1] == pytest.approx(recap.change_pct)
        assert moves.index[-1] == idx[end]


def test_weekly_moves_match_a_groupby_over_monday_to_sunday_weeks() -> None:
    """The numpy week ids (a speed-up: the replay reads weekly moves several times a week) give
    the same moves as pandas' W-SUN periods, across holidays, gaps and year ends."""
    rng = np.random.default_rng(7)
    days = pd.bdate_range("1999-12-20", "2003-01-10")
    days = days[rng.random(len(days)) > 0.05]  # holidays and closures
    close = pd.Series(100.0 * np.cumprod(1 + rng.normal(0, 0.01, len(days))), index=days)
    last = close.groupby(close.index.to_period("W-SUN")).tail(1)
    expected = (last.pct_change() * 100.0).iloc[1:]
    got = weekly_moves(close)
    pd.testing.assert_series_equal(got, expected, check_names=False, check_freq=False)
