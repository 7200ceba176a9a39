"""🌊 Breadth: the section's values and how the issue words them."""

from __future__ import annotations

import numpy as np
import pytest

from newsletter.sections import breadth as section
from tests.analysis.factories import make_bars
from tests.sections.factories import context, render


def _members(n: int = 240) -> dict:
    turn = np.r_[np.linspace(100, 60, n - 12), np.linspace(61, 140, 12)]
    return {"UP": make_bars(np.linspace(50, 100, n)), "DOWN": make_bars(np.linspace(100, 50, n)),
            "TURN": make_bars(turn)}


def test_breadth_over_the_members_present_says_how_many_of_how_many():
    ctx = context(_members(), breadth={"universe": ["UP", "DOWN", "TURN", "GONE", "LOST"]})
    built = section.build(ctx)
    d = built.section.data
    assert (d.members, d.present, d.missing) == (5, 3, ("GONE", "LOST"))
    assert d.trend.now.pct_above_200d == 200 / 3 and d.trend.oldest.pct_above_200d == 100 / 3
    assert d.direction_200d == "rising" and d.list_date is None
    text = render(ctx, built.section)
    assert "**67% of your list trade above their 200-day**, up from 33% four weeks ago (20 sessions)" in text
    assert "Measured over the 3 of 5 members the data has (none for GONE, LOST)" in text
    assert "The list carries no date" in text
    assert "from four weeks ago to now: 33% → 33% → 33% → 67% → 67%" in text  # TURN crosses its 200-day 6 to 9 sessions ago
    assert built.charts[0].kind == "breadth" and built.charts[0].inputs["members"] == 3
    assert built.charts[0].inputs["ad_line"].iloc[0] == 0  # the chart's A/D line starts at zero


def test_the_list_date_is_printed(tmp_path, monkeypatch):
    (tmp_path / "m.csv").write_text("# as_of: 2026-09-30\nticker\nUP\nDOWN\nTURN\n")
    monkeypatch.chdir(tmp_path)  # a config not loaded from a workspace reads the CSV from here
    ctx = context(_members(), breadth={"universe": "m.csv"})
    built = section.build(ctx)
    text = render(ctx, built.section)
    assert "All 3 members measured. Members as of 2026-09-30:" in text
    assert "historical membership is not reconstructed (survivorship)" in text


def test_the_shipped_list_date_is_printed_and_missing_members_counted():
    bars = _members()
    bars = {"AAPL": bars["UP"], "MSFT": bars["DOWN"], "NVDA": bars["TURN"]}
    ctx = context(bars)  # the default universe: the shipped Dow 30
    text = render(ctx, section.build(ctx).section)
    assert "of the Dow 30 trade above their 200-day" in text
    assert "the 3 of 30 members the data has (none for MMM, AXP, AMGN, AMZN, BA, …)" in text
    assert "Members as of 2024-11-08" in text


def test_no_member_in_the_data_says_in_one_line_how_to_configure_one():
    ctx = context({"SPY": make_bars(np.linspace(400, 500, 240))})
    built = section.build(ctx)
    assert built.section.data is None and not built.charts
    text = render(ctx, built.section)
    lines = [line for line in text.splitlines() if "Breadth needs a universe" in line]
    assert len(lines) == 1
    assert "none of the Dow 30 (30 tickers)" in lines[0] and "breadth.universe" not in lines[0]
    assert built.warnings == (section.UNIVERSE_FIX,)  # how to configure one: the author's warning
    assert "set breadth.universe in newsletter.yaml" in section.UNIVERSE_FIX


def test_too_little_history_is_a_note_not_a_number():
    ctx = context(_members(210), breadth={"universe": ["UP", "DOWN", "TURN"]})
    built = section.build(ctx)
    assert built.section.data is None
    assert "needs more history" in built.section.note and "200 sessions" in built.section.note


def test_direction_bounds():
    assert [section.direction(x) for x in (5.0, 4.99, -4.99, -5.0)] == [
        "rising", "steady", "steady", "falling"]


def test_a_four_week_thrust_is_a_headline_candidate():
    bars = _members()
    bars["TURN"] = make_bars(np.r_[np.linspace(100, 60, 236), np.linspace(70, 140, 4)])
    ctx = context(bars, breadth={"universe": ["UP", "DOWN", "TURN"]})  # TURN crosses this week
    assert section.build(ctx).section.data.path_200d == (100 / 3,) * 4 + (200 / 3,)
    (signal,) = section.build(ctx).signals
    assert signal.phrase == "Breadth Broadens"
    assert signal.strength == 1.0 + (100 / 3 - 20) / 10
    assert signal.hook == "67% of your list trade above their 200-day, from 33% four weeks ago."


def test_a_small_change_is_no_headline():
    bars = _members()
    bars["TURN"] = make_bars(np.linspace(100, 60, 240))  # no turn: 33% now and four weeks ago
    ctx = context(bars, breadth={"universe": ["UP", "DOWN", "TURN"]})
    built = section.build(ctx)
    assert built.section.data.trend.change_200d == 0 and built.signals == ()


@pytest.mark.parametrize(("d200", "d50", "week", "tail"), [
    ("rising", "falling", -1.0, "then), so the shorter trend is fading."),
    ("falling", "rising", 1.0, "then), so the shorter trend is turning up."),
    # this week the other way, or flat as printed: four weeks of it are no turn now (the sample,
    # seed 13, 2026-09-20: "37% ... (27% then), so the shorter trend is turning up" from 60% a
    # week before, in a -5% week)
    ("rising", "falling", 0.0, "then)."), ("rising", "falling", 1.0, "then)."),
    ("falling", "rising", 0.0, "then)."), ("falling", "rising", -23.0, "then)."),
    ("rising", "rising", 1.0, "then)."), ("rising", "steady", 1.0, "then)."),
    ("steady", "falling", -1.0, "then)."), ("falling", "falling", -1.0, "then).")])
def test_a_shorter_trend_the_other_way_is_said(d200: str, d50: str, week: float, tail: str) -> None:
    """The sample issue of 2026-06-07: "53% … up from 40% four weeks ago: participation is
    broadening. 57% are above their 50-day (83% then)." with the 50-day share down 26 points."""
    from dataclasses import replace

    ctx = context(_members(), breadth={"universe": ["UP", "DOWN", "TURN"]})
    built = section.build(ctx)
    data = replace(built.section.data, direction_200d=d200, direction_50d=d50, week_50d=week)
    text = render(ctx, replace(built.section, data=data))
    line = next(ln for ln in text.splitlines() if "above their 50-day" in ln)
    assert line.endswith(tail), line


# Found reading the bars as printed: "**53% of your list trade above their 200-day**, against 48%
# four weeks ago: about steady" at 52.6% and 47.9% (4.7 points), where the bar for "up from" is
# 5 points, and a 20-point thrust printed "60% ... from 40%" was no headline at 19.9 points. The
# shares print as whole percents; the words and the headline now read the change as printed.

def _trend(now200: float, then200: float, now50: float = 50.0, then50: float = 50.0):
    import datetime as dt

    from newsletter.analysis.breadth import BreadthPoint, BreadthTrend

    def point(ago: int, p200: float, p50: float) -> BreadthPoint:
        return BreadthPoint(dt.date(2024, 1, 31) - dt.timedelta(days=ago), ago, p200, p50, 0, 0, 0)

    then = tuple(point(lag, then200, then50) for lag in (5, 10, 15, 20))
    return BreadthTrend(point(0, now200, now50), then, 40, 40, 40, 40)


@pytest.mark.parametrize(("now", "then", "word"), [
    (52.6, 47.9, "rising"),     # prints 53% from 48%: 5 points, the bar
    (52.4, 47.9, "steady"),     # 52% from 48%
    (47.4, 52.6, "falling"),    # 47% from 53%: -6
    (47.6, 52.4, "steady"),     # 48% from 52%: -4
    (50.0, 45.0, "rising")])
def test_the_four_week_direction_reads_the_shares_as_printed(now, then, word) -> None:
    assert section.directions(_trend(now, then)) == (word, "steady")
    assert section.directions(_trend(50.0, 50.0, now, then)) == ("steady", word)


@pytest.mark.parametrize(("now", "then", "headline"), [
    (59.6, 40.3, "Breadth Broadens"),   # prints 60% from 40%: the 20-point bar
    (59.4, 40.3, None),                 # 59% from 40%
    (40.3, 60.4, "Breadth Cracks"),     # 40% from 60%: -20
    (40.6, 60.4, None)])                # 41% from 60%
def test_a_thrust_is_a_headline_when_it_prints_twenty_points(now, then, headline) -> None:
    from newsletter.universes import Universe

    signals = section._signals(Universe("your list", ("A", "B"), None), _trend(now, then))
    assert [s.phrase for s in signals] == ([headline] if headline else [])


# Found on the sample market (seed 11) of 2025-11-09: "$TSLA Cracking Support & Breadth Cracks"
# in a week the S&P rose 3.9% and the share above the 200-day rose from 23% to 27%. It had fallen
# from 60% to 23% the weeks before: the four-week change was news then, not in a week that went the
# other way. A thrust is a headline only while this week carries it on, as printed.

def _weekly(now: float, last_week: float, oldest: float):
    import datetime as dt

    from newsletter.analysis.breadth import BreadthPoint, BreadthTrend

    def point(ago: int, p200: float) -> BreadthPoint:
        return BreadthPoint(dt.date(2024, 1, 31) - dt.timedelta(days=ago), ago, p200, 50.0, 0, 0, 0)

    then = (point(5, last_week), *(point(lag, oldest) for lag in (10, 15, 20)))
    return BreadthTrend(point(0, now), then, 40, 40, 40, 40)


@pytest.mark.parametrize(("now", "last_week", "oldest", "headline"), [
    (26.7, 23.3, 60.0, None),               # the sample week: 23% -> 27% this week, 60% a month ago
    (23.3, 23.3, 60.0, None),               # unchanged this week
    (22.6, 23.4, 60.0, None),               # prints 23% -> 23%: no move as printed
    (22.4, 23.4, 60.0, "Breadth Cracks"),   # prints 23% -> 22%: a point lower, carried on
    (16.7, 26.7, 56.7, "Breadth Cracks"),   # the week after: 27% -> 17%
    (60.0, 63.3, 33.3, None),               # broadened over the month, narrowed this week
    (60.4, 59.6, 33.3, None),               # prints 60% -> 60%
    (60.6, 59.4, 33.3, "Breadth Broadens")])  # prints 59% -> 61%
def test_a_thrust_is_a_headline_only_when_this_week_carries_it_on(now, last_week, oldest,
                                                                   headline) -> None:
    from newsletter.universes import Universe

    signals = section._signals(Universe("the Dow 30", ("A", "B"), None),
                               _weekly(now, last_week, oldest))
    assert [s.phrase for s in signals] == ([headline] if headline else [])
