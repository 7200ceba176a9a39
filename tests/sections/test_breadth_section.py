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
    ctx = context(_members(), breadth={"universe": ["UP", "DOWN", "TURN"]})
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


@pytest.mark.parametrize(("d200", "d50", "tail"), [
    ("rising", "falling", "then), so the shorter trend is fading."),
    ("falling", "rising", "then), so the shorter trend is turning up."),
    ("rising", "rising", "then)."), ("rising", "steady", "then)."), ("steady", "falling", "then)."),
    ("falling", "falling", "then).")])
def test_a_shorter_trend_the_other_way_is_said(d200: str, d50: str, tail: str) -> None:
    """The sample issue of 2026-06-07: "53% … up from 40% four weeks ago: participation is
    broadening. 57% are above their 50-day (83% then)." with the 50-day share down 26 points."""
    from dataclasses import replace

    ctx = context(_members(), breadth={"universe": ["UP", "DOWN", "TURN"]})
    built = section.build(ctx)
    data = replace(built.section.data, direction_200d=d200, direction_50d=d50)
    text = render(ctx, replace(built.section, data=data))
    line = next(ln for ln in text.splitlines() if "above their 50-day" in ln)
    assert line.endswith(tail), line
