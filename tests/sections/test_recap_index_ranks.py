"""🔙 The other indices' days and weeks that rank back a year are said.

The replay's 2001-01-07: $QQQ rose 16.8% on Wed Jan 3, 2001, its best day in the data (3.5 times
$SPY's ranked +4.8% that day), and no line said so; 2003-03-23 left $DIA's best week in the data
(+7.8%) to the scoreboard. Only $SPY's days and weeks were ranked.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from newsletter.analysis.move_rank import Rank
from newsletter.sections import recap
from tests.sections.test_headline import FLAT, _ctx, _week

WHEN = dt.date(2026, 3, 20)


@pytest.mark.parametrize(("weeks_back", "reaches"), [(51, False), (52, True), (53, True)])
def test_a_rank_reaches_a_year_from_52_weeks(weeks_back: int, reaches: bool) -> None:
    rank = Rank("", WHEN - dt.timedelta(weeks=weeks_back), 5.0, dt.date(2000, 1, 3))
    assert recap.reaches_a_year(rank, WHEN) is reaches
    assert recap.reaches_a_year(Rank("", None, None, dt.date(2025, 1, 6)), WHEN)


def _ranks(qqq: list[float]) -> tuple[str, ...]:
    built = recap.build(_ctx(SPY=_week(0.3), QQQ=qqq))
    return tuple(r.line for r in built.section.data.index_ranks)


@pytest.mark.parametrize(("pct", "said"), [(1.94, False), (1.96, True), (2.5, True)])
def test_another_index_s_week_ranks_from_a_2_percent_move(pct: float, said: bool) -> None:
    # flat for a year (its swings are the single-day peak and trough, not weeks): any 2% week
    # is the best in the data here
    lines = _ranks(_week(pct))
    week_lines = [line for line in lines if "on the week" in line]
    assert bool(week_lines) is said, lines
    if said:
        assert week_lines[0] == (f"$QQQ rose {pct:.1f}% on the week, its best week in the data "
                                 "here, back to Jan 2025.")


def test_another_index_s_best_day_is_said_and_the_s_and_p_s_is_not_repeated() -> None:
    qqq = [100.0] * len(FLAT) + [100.0, 100.0, 116.8, 116.8, 116.8]  # +16.8% in the week
    lines = _ranks(qqq)
    assert any(line.endswith("gain was $QQQ's best day in the data here, back to Jan 2025.")
               and "16.8%" in line for line in lines), lines
    assert not any("$SPY" in line for line in lines)


# The replay's 2013-01-06: the VIX fell 39.1% on the week, its biggest weekly drop in the data,
# and only the scoreboard said so; 2014-01-26 called its biggest jump since May 2010 "waking up".

def _vix(last_pct: float) -> pd.Series:
    days = pd.bdate_range(end="2026-03-20", periods=70 * 5)
    weeks = [20.0 * (1.01 if i % 2 else 1.0) for i in range(69)]  # a year+ of 1% weeks
    weeks.append(weeks[-1] * (1 + last_pct / 100))
    return pd.Series([w for w in weeks for _ in range(5)], index=days)


@pytest.mark.parametrize(("pct", "said"), [(11.94, False), (11.96, True), (-39.1, True)])
def test_the_vix_s_week_ranks_from_its_12_percent(pct: float, said: bool) -> None:
    found = recap._vix_week_rank(_vix(pct))
    assert (found is not None) is said, found
    if said:
        word = "jump" if pct > 0 else "drop"
        assert found[1].line == (f"The VIX {'rose' if pct > 0 else 'fell'} {abs(pct):.1f}% on the week, "
                            f"its biggest weekly {word} in the data here, back to Nov 2024.")


def test_the_vix_s_hook_says_its_rank_and_the_recap_does_not_repeat_it() -> None:
    """2014-01-26: "VIX Jumps 46%" over the hook "Volatility is waking up: the VIX closed at 18.14",
    its biggest weekly jump since May 2010."""
    from newsletter.config import Config, Watchlists
    from tests.analysis.factories import make_bars
    from tests.sections.small_frames import context, render_sections

    vix = _vix(45.8)
    spy = pd.Series(100.0, index=vix.index)
    ctx = context({"^VIX": make_bars(vix.to_numpy(), index=vix.index),
                   "SPY": make_bars(spy.to_numpy(), index=vix.index)},
                  config=Config(watchlists=Watchlists(indices=["SPY", "^VIX"])))
    (jump,) = [s for s in recap.build(ctx).signals if s.phrase.startswith("VIX Jumps")]
    assert jump.hook.endswith(", up 46% on the week, its biggest weekly jump in the data here, "
                              "back to Nov 2024."), jump.hook
    data = recap.build(ctx).section.data
    (line,) = [r for r in data.index_ranks if r.who == "The VIX"]
    assert line.told_in(jump.hook)
    assert "⚡ The VIX rose" not in render_sections(ctx, recap)  # the hook said it


# The replay's 2010-05-09 to 05-23: the cap of three rank lines, kept by how far back each reached,
# dropped $IWM, the biggest mover, while one session was said index by index in up to four lines
# (2007-03-04: three ⚡ lines for Feb 27, the month's line between them; 12 issues of 2009-2010).

def test_one_session_s_ranks_are_one_line_biggest_first_and_none_dropped() -> None:
    week = [100.0] * len(FLAT) + [100.0, 100.0, 100.0]
    built = recap.build(_ctx(SPY=_week(0.3), QQQ=week + [96.0, 96.0], IWM=week + [94.0, 94.0],
                             DIA=week + [97.0, 97.0]))
    lines = [r.line for r in built.section.data.index_ranks]
    assert lines == [
        "Wednesday: $IWM fell 6.0%, its worst day in the data here, back to Jan 2025; $QQQ fell "
        "4.0%, its worst day in the data here, back to Jan 2025; $DIA fell 3.0%, its worst day in "
        "the data here, back to Jan 2025.",
        "On the week: $IWM fell 6.0%, its worst week in the data here, back to Jan 2025; $QQQ fell "
        "4.0%, its worst week in the data here, back to Jan 2025; $DIA fell 3.0%, its worst week in "
        "the data here, back to Jan 2025."], lines


def test_a_3_percent_day_that_ranks_under_a_year_says_its_rank() -> None:
    """The replay's 2019-08-11 said "⚡ Monday: $QQQ fell 3.5%; $IWM fell 3.0%." beside "$SPY's worst
    day since Dec 4, 2018": $QQQ's -3.5% was its worst since Dec 4, 2018 too."""
    week = [100.0] * 400
    for at in (300, 320, 340):  # three -5% days, the last some 13 weeks before: under a year back
        week[at] = 95.0
    built = recap.build(_ctx(SPY=[100.0] * 404 + [100.3],
                             QQQ=week + [100.0, 100.0, 100.0, 96.5, 96.5]))
    lines = [r.line for r in built.section.data.index_ranks]
    assert "On Thursday $QQQ fell 3.5%, its second-worst day since Mar 30, 2026." in lines, lines
