"""🔙 A run of weekly gains or losses is news: the reviews of the real bars found none said, not the
S&P's 7 straight weekly losses (Apr 8 - May 20, 2022), nor $DIA's 8, the longest in the data, nor
$DIA's and $IWM's 9 straight gains to Feb 22, 2019.
"""

from __future__ import annotations

import pandas as pd
import pytest

from newsletter.config import Config, Watchlists
from newsletter.sections import recap
from tests.analysis.factories import make_bars
from tests.sections.small_frames import context, render_sections


def _weekly(weeks: list[float]) -> pd.DataFrame:
    """Daily closes, flat but for Fridays, which move each week by ``weeks`` percent in turn; a
    year of alternating +1%/-1% weeks before them."""
    pattern = [1.0 if k % 2 else -1.0 for k in range(60)] + [0.0] + weeks  # a flat week between
    index = pd.bdate_range("2024-01-01", periods=len(pattern) * 5)  # Mondays first
    closes, level = [], 100.0
    for day in index:
        if day.weekday() == 4:
            level *= 1 + pattern[(len(closes)) // 5] / 100
        closes.append(level)
    return make_bars(closes, index=index)


def _streaks(weeks: list[float]) -> list:
    ctx = context({"SPY": _weekly(weeks)}, config=Config(watchlists=Watchlists(indices=["SPY"])))
    return [s for s in recap.build(ctx).signals if "Weeks in a Row" in s.phrase]


@pytest.mark.parametrize(("run", "said"), [(4, False), (5, True), (6, True)])
def test_a_run_of_weekly_losses_is_news_from_five(run: int, said: bool) -> None:
    found = _streaks([-1.0] * run)
    assert bool(found) is said, found
    if said:
        assert found[0].phrase == f"$SPY Falls {run} Weeks in a Row" and found[0].market
        nth = {5: "a fifth", 6: "a sixth"}[run]
        assert found[0].hook.startswith(f"$SPY fell for {nth} straight week, its longest losing run ")


def test_a_run_as_long_in_the_last_year_is_no_news() -> None:
    # five down weeks, two up, then five down again
    assert not _streaks([-1.0] * 5 + [1.0, 1.0] + [-1.0] * 5)


def test_a_flat_week_breaks_a_run() -> None:
    assert not _streaks([1.0, 1.0, 1.0, 0.04, 1.0, 1.0, 1.0])  # 0.04% is 0.0% as printed


def test_the_run_has_its_recap_line() -> None:
    ctx = context({"SPY": _weekly([1.0] * 9)}, config=Config(watchlists=Watchlists(indices=["SPY"])))
    assert recap.build(ctx).section.data.streaks[0].startswith(
        "$SPY rose for a ninth straight week, its longest winning run ")
    text = render_sections(ctx, recap)  # said once: the lead tells it, so no ⚡ line again
    assert text.count("$SPY rose for a ninth straight week, its longest winning run ") == 1, text


def test_a_run_dates_itself_from_the_last_as_long() -> None:
    pattern = [1.0, -1.0] * 10 + [-1.0] * 6 + [0.0] + [1.0, -1.0] * 30 + [0.0] + [-1.0] * 6
    index = pd.bdate_range("2020-01-06", periods=len(pattern) * 5)
    closes, level = [], 100.0
    for k, day in enumerate(index):
        if day.weekday() == 4:
            level *= 1 + pattern[k // 5] / 100
        closes.append(level)
    streak = recap.week_streak(pd.Series(closes, index=index))
    assert streak is not None and streak.weeks == 6 and not streak.up
    end = index[(20 + 6) * 5 - 1].date()  # the Friday of the earlier run's last week
    assert streak.since == end
    assert recap.week_streak_words("$SPY", streak) == (
        f"$SPY fell for a sixth straight week, its longest losing run since the week to "
        f"{end:%b} {end.day}, {end.year}.")


def test_a_run_the_last_issue_told_that_ended_this_week_is_said() -> None:
    """The replay's 2021-01-03: the issue before led "$IWM Rises 8 Weeks in a Row" (its longest
    since 2003); this week $IWM fell 1.5% and no line said the run had ended."""
    from newsletter.analysis.week_streaks import ended_week_streak

    for last, ended in ((-1.0, True), (0.04, True), (1.0, False)):  # 0.04% prints as 0.0%
        closes = _weekly([1.0, -1.0] * 10 + [1.0] * 8 + [last])
        found = ended_week_streak(closes["Close"])
        assert (found is not None) is ended, (last, found)
        if found is not None:
            assert found.weeks == 8 and found.up
    ctx = context({"SPY": _weekly([1.0, -1.0] * 10 + [1.0] * 8 + [-1.5])},
                  config=Config(watchlists=Watchlists(indices=["SPY"])))
    text = render_sections(ctx, recap)
    line = ("$SPY's run of 8 weekly gains, its longest winning run in the data here, back to "
            "Jan 2024, ended: it fell 1.5% on the week.")
    assert recap.build(ctx).section.data.ended_streaks == (line,)
    assert "# 🚨 $SPY Snaps Its 8-Week Winning Streak" in text and text.count(line) == 1, text
    flat = context({"SPY": _weekly([1.0, -1.0] * 10 + [1.0] * 8 + [-0.04])},
                   config=Config(watchlists=Watchlists(indices=["SPY"])))
    (line,) = recap.build(flat).section.data.ended_streaks
    assert line.endswith("back to Jan 2024, ended with a flat week."), line  # the 2013-04-07 dip


def test_the_ended_run_reads_last_week_s_run_as_a_build_at_last_week_s_close_would() -> None:
    """ended_week_streak reads last week's run off this week's weekly moves (a speed-up): the same
    run as week_streak of the closes to last week's last session, on random walks cut at every
    session of a year (holidays and short weeks included by the business-day calendar's gaps)."""
    import numpy as np

    from newsletter.analysis.periods import week_start
    from newsletter.analysis.week_streaks import ended_week_streak, week_streak

    rng = np.random.default_rng(7)
    days = pd.bdate_range("2018-01-01", "2021-12-31")
    days = days[rng.random(len(days)) > 0.03]
    drift = np.concatenate([np.full(n, 0.004 if k % 2 else -0.004)  # trends ever longer: runs
                            for k, n in enumerate([30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130])])
    drift = np.resize(drift, len(days))
    close = pd.Series(100 * np.cumprod(1 + drift + rng.normal(0, 0.002, len(days))), index=days)
    seen = 0
    for end in range(300, len(close)):
        c = close.iloc[:end]
        base = week_start(c.index)
        before = week_streak(c.iloc[:base + 1]) if base is not None else None
        carried = before is not None and np.sign(round((c.iloc[-1] / c.iloc[base] - 1) * 100, 1)) == (
            1 if before.up else -1)
        expected = None if before is None or carried else before
        assert ended_week_streak(c) == expected, (c.index[-1], expected)
        seen += expected is not None
    assert seen > 0  # the walk has runs that ended


# Found on the real bars (the replay's 2011-06-26): "$SPY Falls 8 Weeks in a Row", counting the week
# to Jun 17, -0.43% on the price and +0.06% with its dividend: the run was 6 weeks. A week whose fall
# the dividend paid back (printed 0.0% or up with it) carries no losing run; a smaller dividend
# leaves the week a loss.

def _ex_dividend(bars: pd.DataFrame, week: int, paid_pct: float) -> pd.DataFrame:
    """``bars`` with a dividend of ``paid_pct`` of the close before going ex on the Friday that
    ends the ``week``-th of the last weeks (counted back from the last: 1 is the last week)."""
    fridays = bars.index[bars.index.weekday == 4]
    ex = fridays[-week]
    adj = bars["Close"].copy()
    adj[adj.index < ex] *= 1 - paid_pct / 100  # Yahoo scales the closes before an ex-date down
    return bars.assign(**{"Adj Close": adj})


@pytest.mark.parametrize(("paid", "said"), [
    (0.35, True),    # -0.4% on the price, -0.05% with it: prints -0.1%, still a loss
    (0.36, False),   # prints -0.0%: no loss
    (0.5, False)])   # +0.1% with it
def test_a_weekly_fall_the_dividend_paid_back_breaks_a_losing_run(paid: float, said: bool) -> None:
    bars = _ex_dividend(_weekly([-1.0, -1.0, -0.4, -1.0, -1.0]), week=3, paid_pct=paid)
    ctx = context({"SPY": bars}, config=Config(watchlists=Watchlists(indices=["SPY"])))
    found = [s.phrase for s in recap.build(ctx).signals if "Weeks in a Row" in s.phrase]
    assert found == (["$SPY Falls 5 Weeks in a Row"] if said else [])


def test_a_dividend_never_breaks_a_winning_run() -> None:
    bars = _ex_dividend(_weekly([1.0, 1.0, 0.4, 1.0, 1.0]), week=3, paid_pct=0.5)
    ctx = context({"SPY": bars}, config=Config(watchlists=Watchlists(indices=["SPY"])))
    assert [s.phrase for s in recap.build(ctx).signals if "Weeks in a Row" in s.phrase] == [
        "$SPY Rises 5 Weeks in a Row"]


def test_a_losing_run_its_dividend_ended_says_so() -> None:
    """The replay's 2011-06-19: "$SPY's run of 6 weekly losses ... ended: it fell 0.4% on the
    week." of a week up 0.1% with its dividend (the scoreboard's figure): the end read as a loss."""
    bars = _ex_dividend(_weekly([-1.0] * 5 + [-0.4]), week=1, paid_pct=0.5)
    ctx = context({"SPY": bars}, config=Config(watchlists=Watchlists(indices=["SPY"])))
    (line,) = recap.build(ctx).section.data.ended_streaks
    assert line.endswith("ended: it fell 0.4% on the week, +0.1% with its dividend."), line
    plain = context({"SPY": _weekly([-1.0] * 5 + [0.4])},
                    config=Config(watchlists=Watchlists(indices=["SPY"])))
    (line,) = recap.build(plain).section.data.ended_streaks
    assert line.endswith("ended: it rose 0.4% on the week."), line
