"""🚨 The headline names the two strongest signals; the generic line only when there are none."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsletter.cli import main
from newsletter.config import Config, Watchlists
from newsletter.sections import recap
from newsletter.sections.base import Signal
from newsletter.sections.headline import headline_case, make_headline
from tests.analysis.factories import make_bars
from tests.sections.small_frames import context

FLAT = [100.0] * 100 + [150.0] + [100.0] * 49 + [50.0] + [100.0] * 108
"""A year of closes at 100 with a peak and a trough inside the 52 weeks (and the 200 days, whose
average they leave at 100): a week's move here sets no 52-week high or low."""


def _week(last_week_pct: float) -> list[float]:
    """Closes flat for a year, then ``last_week_pct`` up on the as-of session (a Thursday)."""
    return FLAT + [100.0] * 4 + [100.0 * (1 + last_week_pct / 100)]


def _ctx(**series: list[float]):
    bars = {t.replace("_", "^"): make_bars(c, "2025-01-06") for t, c in series.items()}
    cfg = Config(watchlists=Watchlists(indices=[t for t in bars if t != "^TNX"], macro=["^TNX"],
                                       sectors=[]))
    return context(bars, config=cfg)


def _headline(ctx) -> str:
    return make_headline(ctx, list(recap.build(ctx).signals))[0]


def _spy_week(signal: object) -> bool:
    """The S&P's week (``$SPY``'s closes): "$SPY Tumbles 6.5%", not "$SPY Slips Under Its 200-Day"."""
    return re.fullmatch(r"\$SPY \w+ \d+\.\d%", signal.phrase) is not None  # type: ignore[attr-defined]


def test_a_quiet_week_still_names_its_largest_mover() -> None:
    ctx = _ctx(SPY=_week(0.3), QQQ=_week(1.5))
    assert _headline(ctx) == "$QQQ Gains 1.5%"


@pytest.mark.parametrize(("pct", "said"), [(11.9, False), (12.0, True), (12.1, True)])
def test_a_vix_jump_boundary(pct: float, said: bool) -> None:
    ctx = _ctx(SPY=_week(0.3), _VIX=_week(pct))
    phrases = [s.phrase for s in recap.build(ctx).signals]
    assert (f"VIX Jumps {pct:.0f}%" in phrases) is said


@pytest.mark.parametrize(("bp", "said"), [(9.0, False), (10.0, True)])
def test_a_yield_move_boundary(bp: float, said: bool) -> None:
    tnx = FLAT[:-1] + [4.0] * 5 + [4.0 + bp / 100]
    ctx = _ctx(SPY=_week(0.3), _TNX=tnx)
    phrases = [s.phrase for s in recap.build(ctx).signals]
    assert (f"10Y yield Up {bp:.0f} bp" in phrases) is said


def test_the_generic_line_only_without_any_signal() -> None:
    ctx = _ctx(SPY=_week(0.3))
    assert make_headline(ctx, [])[0].startswith("Week Ahead: What the Tape Said Through")
    two = [Signal(1.0, "10Y yield Down 21 bp"), Signal(2.0, "$TSLA Rejected at the 200-Day"),
           Signal(0.5, "AI semis Lead")]
    assert make_headline(ctx, two)[0] == "$TSLA Rejected at the 200-Day & 10Y Yield Down 21 bp"


def test_headline_case() -> None:
    assert headline_case("AI semis Lead") == "AI Semis Lead"
    assert headline_case("$SPY Rips 3.3%") == "$SPY Rips 3.3%"
    assert headline_case("10Y yield Up 12 bp") == "10Y Yield Up 12 bp"


def test_the_demo_of_2026_12_06_has_a_real_headline(tmp_path: Path) -> None:
    """`make demo` on 2026-12-06 said "Week Ahead: What the Tape Said Through Dec 3"."""
    out = tmp_path / "issues"
    assert main(["-C", str(tmp_path), "build", "--source", "sample", "--date", "2026-12-06",
                 "--asof", "2026-12-03", "--out", str(out)]) == 0
    first = (out / "2026-12-06" / "issue.md").read_text(encoding="utf-8").splitlines()
    headline = next(ln for ln in first if ln.startswith("# 🚨 "))
    assert "Week Ahead" not in headline


@pytest.mark.parametrize(("pct", "said"), [(0.94, False), (0.96, True), (1.0, True)])  # as printed
def test_the_largest_mover_boundary(pct: float, said: bool) -> None:
    ctx = _ctx(SPY=_week(0.3), QQQ=_week(pct))
    assert any(s.phrase.startswith("$QQQ Gains") for s in recap.build(ctx).signals) is said


def test_two_phrases_about_one_name_give_way_to_the_next_name() -> None:
    ctx = _ctx(SPY=_week(0.3))
    signals = [Signal(3.0, "$NVDA Stalls After Earnings"), Signal(2.5, "$NVDA Cracking Support"),
               Signal(1.0, "VIX Jumps 12%")]
    assert make_headline(ctx, signals)[0] == "$NVDA Stalls After Earnings & VIX Jumps 12%"


# The wording is the size of the move (READER.md): the replay's real-data weeks said "The S&P
# Slides 19.8%" for the week to 2008-10-10 and "Volatility is waking up." with the VIX at 69.95.

@pytest.mark.parametrize(("pct", "phrase"), [
    (-1.94, None), (-1.96, "$SPY Slides 2.0%"), (-2.0, "$SPY Slides 2.0%"),
    (-4.94, "$SPY Slides 4.9%"), (-4.96, "$SPY Tumbles 5.0%"), (-5.0, "$SPY Tumbles 5.0%"), (-5.1, "$SPY Tumbles 5.1%"),
    (-9.9, "$SPY Tumbles 9.9%"), (-10.0, "$SPY Crashes 10.0%"),
    (-19.8, "$SPY Crashes 19.8%"), (2.0, "$SPY Rips 2.0%"), (4.9, "$SPY Rips 4.9%"),
    (5.0, "$SPY Surges 5.0%"), (9.9, "$SPY Surges 9.9%"), (10.0, "$SPY Soars 10.0%"),
    (10.1, "$SPY Soars 10.1%")])
def test_the_s_and_p_week_is_worded_to_its_size(pct: float, phrase: str | None) -> None:
    ctx = _ctx(SPY=_week(pct))
    phrases = [s.phrase for s in recap.build(ctx).signals  # the quiet line and the 200-day apart
               if _spy_week(s) and not s.fallback]
    assert phrases == ([phrase] if phrase else [])


# The replay's headlines said "$QQQ Jumps 1.2%" (2013-06-30) in the weeks they said "A Quiet
# Week: The S&P Edges Up 1.5%": a mover's words follow the S&P's sizes (2%, 5%, 10%).

@pytest.mark.parametrize(("pct", "phrase"), [
    (1.0, "$QQQ Gains 1.0%"), (1.9, "$QQQ Gains 1.9%"), (2.0, "$QQQ Jumps 2.0%"),
    (2.1, "$QQQ Jumps 2.1%"), (4.9, "$QQQ Jumps 4.9%"), (5.0, "$QQQ Surges 5.0%"),
    (9.9, "$QQQ Surges 9.9%"), (9.96, "$QQQ Soars 10.0%"), (10.0, "$QQQ Soars 10.0%"),
    (10.1, "$QQQ Soars 10.1%"), (-1.0, "$QQQ Slips 1.0%"), (-1.9, "$QQQ Slips 1.9%"),
    (-2.0, "$QQQ Drops 2.0%"), (-4.9, "$QQQ Drops 4.9%"), (-5.0, "$QQQ Tumbles 5.0%"),
    (-9.9, "$QQQ Tumbles 9.9%"), (-10.0, "$QQQ Plunges 10.0%"), (-17.3, "$QQQ Plunges 17.3%")])
def test_the_largest_mover_is_worded_to_its_size(pct: float, phrase: str) -> None:
    ctx = _ctx(SPY=_week(0.3), QQQ=_week(pct))
    moves = [s.phrase for s in recap.build(ctx).signals
             if s.phrase.startswith("$QQQ") and "200-Day" not in s.phrase]
    assert moves == [phrase]


@pytest.mark.parametrize(("before", "close", "hook"), [
    (12.0, 16.4, "Volatility is waking up: the VIX closed at 16.40."),
    (15.0, 19.99, "Volatility is waking up: the VIX closed at 19.99."),
    (15.0, 19.996, "Volatility is back: the VIX closed at 20.00."),
    (15.0, 20.0, "Volatility is back: the VIX closed at 20.00."),
    (15.0, 20.01, "Volatility is back: the VIX closed at 20.01."),
    # over 20 for the quarter before: it never left (the real bars' 2009-08-02 said "Volatility
    # is back" with the VIX at 25.9 after a year over 20)
    (25.0, 29.99, "Volatility is rising again: the VIX closed at 29.99."),
    (25.0, 30.0, "Fear is spiking: the VIX closed at 30.00."),
    (30.0, 39.99, "Fear is spiking: the VIX closed at 39.99."),
    (30.0, 40.0, "Fear is at panic levels: the VIX closed at 40.00."),
    (45.13, 69.95, "Fear is at panic levels: the VIX closed at 69.95.")])
def test_a_vix_jump_hook_is_worded_to_the_level_it_reached(before: float, close: float,
                                                          hook: str) -> None:
    # a higher close inside the 52 weeks: the jump sets no record, the hook is the level's alone
    ctx = _ctx(SPY=_week(0.3), _VIX=[before] * 100 + [90.0] + [before] * 162 + [close])
    jumps = [s for s in recap.build(ctx).signals if s.phrase.startswith("VIX Jumps")]
    # (in a year of flat closes any jump is the biggest in the data: the hook then says so after)
    assert [s.hook.startswith(hook.removesuffix(".")) for s in jumps] == [True], jumps


@pytest.mark.parametrize(("calm_back", "hook"), [
    (63, "Volatility is back: the VIX closed at 25.00."),         # a close under 20 a quarter back
    (64, "Volatility is rising again: the VIX closed at 25.00."),  # just over a quarter back
    (1, "Volatility is back: the VIX closed at 25.00.")])         # the week's base close
def test_volatility_is_back_only_after_a_calm_quarter(calm_back: int, hook: str) -> None:
    """"Back" needs a close under 20 in the quarter (63 sessions) up to the week's base close."""
    vix = [24.0] * 100 + [90.0] + [24.0] * 158 + [21.0] + [22.0, 23.0, 24.0, 25.0]  # Thursday
    base = len(vix) - 5  # the week's base close, 21.00: a jump of 19% or more to 25.00
    vix[base - calm_back + 1] = 19.99
    jumps = [s for s in recap.build(_ctx(SPY=_week(0.3), _VIX=vix)).signals
             if s.phrase.startswith("VIX")]
    assert [s.hook.startswith(hook.removesuffix(".")) for s in jumps] == [True], jumps


def test_a_vix_fall_says_how_far_it_fell() -> None:
    ctx = _ctx(SPY=_week(0.3), _VIX=[40.0] * 100 + [10.0] + [40.0] * 162 + [30.0])  # no record low
    sinks = [s for s in recap.build(ctx).signals if s.phrase.startswith("VIX Sinks")]
    assert [s.hook.startswith("The VIX fell 25% on the week, to 30.00") for s in sinks] == [True]


# The replay's 2004-05-09 issue: "🚨 $IWM Drops 2.0%" and the hook "Here's everything I'm
# watching this week.", no reason at all (179 of 516 weeks of 2013-2022 had a hook with no
# sentence of its own); 2022-11-13's "The S&P Surges 5.9% & $QQQ Jumps 8.8%" hooked on "$QQQ sits
# 7.2% under its 200-day", a signal the headline does not name.

def test_the_hook_tells_the_headline_s_own_signals_in_its_order() -> None:
    ctx = _ctx(SPY=_week(0.3))
    signals = [Signal(1.0, "$QQQ Stuck Under Its 200-Day", "C."), Signal(3.0, "$TSLA Rejected", "A."),
               Signal(2.0, "VIX Jumps 12%", "B.")]
    headline, hook = make_headline(ctx, signals)
    assert headline == "$TSLA Rejected & VIX Jumps 12%"
    assert hook.startswith("A. B. ") and "C." not in hook
    no_second = [Signal(3.0, "$TSLA Rejected", "A."), Signal(2.0, "VIX Jumps 12%"),
                 Signal(1.0, "$QQQ Stuck Under Its 200-Day", "C.")]
    assert "C." not in make_headline(ctx, no_second)[1]


def test_the_largest_mover_says_what_it_did() -> None:
    ctx = _ctx(SPY=_week(0.3), QQQ=_week(-2.0))
    (mover,) = [s for s in recap.build(ctx).signals if s.phrase == "$QQQ Drops 2.0%"]
    assert mover.hook == "$QQQ fell 2.0% on the week, the biggest move among the indices."
    assert make_headline(ctx, [mover])[1].startswith(mover.hook + " ")


# The sample (seed 5, every section on) of 2025-12-21: "$XLF rose 3.0% on the week, the biggest
# move on the scoreboard." over a scoreboard printing Bitcoin -17.7% and oil +7.2%: the largest
# mover is chosen among the indices and sectors (the S&P told apart), and the hook said more than
# that. It now says what it was chosen among, and never "biggest" of a week the S&P moved more.

def test_the_largest_mover_is_the_biggest_only_among_what_it_was_chosen_from() -> None:
    bars = {"SPY": make_bars(_week(0.3), "2025-01-06"), "QQQ": make_bars(_week(-2.0), "2025-01-06"),
            "BTC-USD": make_bars(_week(-17.7), "2025-01-06")}
    cfg = Config(watchlists=Watchlists(indices=["SPY", "QQQ"], macro=["BTC-USD"], sectors=[]))
    (mover,) = [s for s in recap.build(context(bars, config=cfg)).signals
                if s.phrase == "$QQQ Drops 2.0%"]
    assert "scoreboard" not in mover.hook
    assert mover.hook.endswith(", the biggest move among the indices.")  # no sector measured


@pytest.mark.parametrize(("qqq", "hook"), [
    (2.1, "$DIA rose 2.2% on the week, the biggest move among the indices, just ahead of $QQQ's "
          "+2.1%."),
    (2.0, "$DIA rose 2.2% on the week, the biggest move among the indices, just ahead of $QQQ's "
          "+2.0%."),                                                  # 0.2 point behind, as printed
    (1.9, "$DIA rose 2.2% on the week, the biggest move among the indices."),  # 0.3 behind
])
def test_the_biggest_move_names_a_runner_up_close_behind(qqq: float, hook: str) -> None:
    """The replay's 2007-09-16: "$DIA Jumps 2.2%", "the biggest move among the indices", of
    $DIA +2.24%, $QQQ +2.05%, $SPY +1.94%: a broad rally read as a Dow story (13 such hooks of
    2007, 5 of them ahead by 0.1 point or less)."""
    ctx = _ctx(SPY=_week(1.0), DIA=_week(2.24), QQQ=_week(qqq))
    (mover,) = [s for s in recap.build(ctx).signals if s.phrase.startswith("$DIA Jumps")]
    assert mover.hook == hook
