"""📌 Breakdown Watch: every pick a checked plan, no dead setup shown live, a crash still speaks."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from newsletter.config import CallsConfig
from newsletter.notes import Notes
from newsletter.sections import breakdown
from newsletter.sections.breakdown import Pick
from tests.analysis.factories import make_bars
from tests.sections.factories import (
    context,
    crash_to_new_lows,
    rejected_broke_out_fell_back,
    rejected_then_broke_out,
    render,
    rising,
)
from tests.sections.small_frames import LOOSE


def test_a_rejection_the_price_broke_through_is_not_shown_as_resistance() -> None:
    """"The 200-day held as resistance for $IWM" in the issue that says IWM broke out."""
    ctx = context({"IWM": rejected_then_broke_out()}, breakdown=["IWM"])
    built = breakdown.build(ctx)
    assert built is not None
    assert not any(p.rejection for p in built.section.data.picks)
    text = render(ctx, built.section)
    for phrase in ("held as resistance", "got slapped back", "was rejected hard", "kills the setup"):
        assert phrase not in text
    assert built.calls == ()


def test_a_rejection_killed_by_a_close_since_is_dead_even_after_a_fall_back() -> None:
    """IWM 2008-06-06: "A close back above 74.95 kills the setup" when IWM had closed at 76.20
    the day before, and "The 200-day held as resistance" the same week."""
    ctx = context({"IWM": rejected_broke_out_fell_back()}, breakdown=["IWM"])
    built = breakdown.build(ctx)
    assert not any(p.rejection for p in built.section.data.picks)
    text = render(ctx, built.section)
    assert "held as resistance" not in text and "The high reached" not in text


def test_a_crash_to_52_week_lows_still_speaks() -> None:
    """2020-03-20: at a 52-week closing low no pivot lies under the price; the pick was dropped."""
    ctx = context({"IWM": crash_to_new_lows()}, breakdown=["IWM"])
    built = breakdown.build(ctx)
    assert built is not None
    (pick,) = built.section.data.picks
    assert pick.support is None and "measured move" in pick.target_source
    assert pick.target < pick.trigger < pick.close < pick.stop
    text = render(ctx, built.section)
    assert "$IWM" in text and "R/R" in text


def test_every_pick_prints_its_reward_risk() -> None:
    ctx = context({"IWM": crash_to_new_lows()}, breakdown=["IWM"])
    built = breakdown.build(ctx)
    (pick,) = built.section.data.picks
    text = render(ctx, built.section)
    assert pick.plan.rr_text in text or "No trade" in text
    if pick.plan.ok:
        assert built.calls[0].setup == "momentum crack"
        assert pick.plan.reward_risk >= ctx.config.calls.min_reward_risk


def test_a_plan_that_fails_is_shown_as_no_trade_and_makes_no_call() -> None:
    ctx = context({"IWM": crash_to_new_lows()}, breakdown=["IWM"],
                  calls=CallsConfig(min_reward_risk=19.0, **LOOSE))
    built = breakdown.build(ctx)
    (pick,) = built.section.data.picks
    assert not pick.plan.ok and pick.call is None and built.calls == ()
    text = render(ctx, built.section)
    assert re.search(r"🚫 \*\*No trade\*\*: R/R \d+\.\d\d under 19", text)
    assert "👉" not in text and "kills the setup" not in text


def test_no_pick_has_its_stop_under_the_close() -> None:
    """ "A close back above 74.95 kills the setup" when IWM had closed at 76.20."""
    ctx = context({"IWM": crash_to_new_lows(), "DIA": rejected_then_broke_out()},
                  breakdown=["IWM", "DIA"])
    for pick in breakdown.build(ctx).section.data.picks:
        assert isinstance(pick, Pick) and pick.stop > pick.close


def test_a_quiet_week_names_the_closest_candidate() -> None:
    ctx = context({"AAPL": rising(120.0), "MSFT": rising(140.0)}, breakdown=["AAPL", "MSFT"])
    built = breakdown.build(ctx)
    assert built is not None and built.section.data.picks == ()
    closest = built.section.data.closest
    assert closest.ticker == "AAPL"
    text = render(ctx, built.section)
    assert (f"📌 Nothing on the watchlist broke down this week; closest: $AAPL, "
            f"{closest.above_200d_pct:.1f}% above its 200-day.") in text


def _bounce_under_the_200_day(top: float) -> pd.DataFrame:
    """A year-long fall from ``top`` to half of it, then a steady six-week bounce: far under the
    200-day, no fresh crack, no 52-week low, nothing near the average to be rejected at."""
    fall = [top * (1 - 0.5 * i / 250) for i in range(251)]
    bounce = [fall[-1] * (1 + 0.004 * i) for i in range(1, 31)]
    return make_bars(fall + bounce, "2021-01-04")


def test_a_quiet_week_with_every_name_long_broken_says_so() -> None:
    """2009-03-13 (replay): "Nothing on the watchlist broke down this week; closest: $QQQ, 21.8%
    under its 200-day", with all four index ETFs 21.8% to 31.5% under theirs: the breakdowns were
    months old, and "closest" named the one furthest from a fresh setup's start as nearest."""
    ctx = context({"SPY": _bounce_under_the_200_day(200.0), "QQQ": _bounce_under_the_200_day(100.0)},
                  breakdown=["SPY", "QQQ"])
    built = breakdown.build(ctx)
    data = built.section.data
    assert data.picks == () and data.closest is not None and data.closest.above_200d_pct < -10
    text = render(ctx, built.section)
    assert "Nothing on the watchlist broke down" not in text
    assert (f"📌 Nothing new broke down this week: both names scanned already sit under "
            f"their 200-day, ${data.closest.ticker} the nearest at "
            f"{abs(data.closest.above_200d_pct):.1f}% under; the next setup would be a rally that "
            f"fails at it.") in text


def test_one_quiet_name_long_broken_says_so() -> None:
    ctx = context({"QQQ": _bounce_under_the_200_day(100.0)}, breakdown=["QQQ"])
    built = breakdown.build(ctx)
    far = abs(built.section.data.closest.above_200d_pct)
    assert (f"📌 Nothing new broke down this week: $QQQ, the one name scanned, already "
            f"sits {far:.1f}% under its 200-day; the next setup would be a rally that fails at it."
            ) in render(ctx, built.section)


# The replay's 2022-11-20 issue: "Nothing on the watchlist broke down this week; closest: $IWM,
# 1.1% under its 200-day" with $SPY, $QQQ and $IWM all under theirs: "nothing broke down" of names
# already broken, and "closest" to a break for a name already under the line.

def test_a_quiet_week_with_every_name_above_the_200_day_names_the_closest() -> None:
    ctx = context({"AAPL": rising(120.0), "MSFT": rising(400.0)}, breakdown=["AAPL", "MSFT"])
    built = breakdown.build(ctx)
    far = built.section.data.closest.above_200d_pct
    assert (f"📌 Nothing on the watchlist broke down this week; closest: $AAPL, {far:.1f}% above "
            "its 200-day.") in render(ctx, built.section)


@pytest.mark.parametrize(("top", "closest", "tail"), [
    (120.0, "AAPL", "above its 200-day."),
    (400.0, "QQQ", "under its 200-day, where a rally that fails would be the next setup.")])
def test_a_quiet_mixed_week_says_nothing_new_and_what_the_closest_waits_for(
        top: float, closest: str, tail: str) -> None:
    ctx = context({"AAPL": rising(top), "QQQ": _bounce_under_the_200_day(100.0)},
                  breakdown=["AAPL", "QQQ"])
    built = breakdown.build(ctx)
    far = abs(built.section.data.closest.above_200d_pct)
    text = render(ctx, built.section)
    assert f"📌 Nothing new broke down this week; closest: ${closest}, {far:.1f}% {tail}" in text
    assert "Nothing on the watchlist broke down" not in text


def test_a_week_with_no_name_scanned_does_not_say_nothing_broke_down() -> None:
    """On a folder with only the index ETFs: "Nothing on the watchlist broke down this week",
    then "Not scanned this week: TSLA (no data), AAPL (no data), ..." for all eight names."""
    ctx = context({"SPY": rising()}, breakdown=["TSLA", "AAPL"])
    built = breakdown.build(ctx)
    assert built is not None and built.section.data.picks == () and built.section.data.closest is None
    text = render(ctx, built.section)
    assert "broke down" not in text
    assert "📌 No name on the breakdown watchlist could be scanned this week." in text
    assert "*Not scanned this week: $TSLA (no data), $AAPL (no data).*" in text


def test_skipped_names_are_printed() -> None:
    ctx = context({"AAPL": rising(), "NEW": make_bars([10.0] * 30)}, breakdown=["AAPL", "NEW", "GONE"])
    built = breakdown.build(ctx)
    assert [s.split(" ")[0] for s in built.section.data.skipped] == ["$NEW", "$GONE"]
    text = render(ctx, built.section)
    assert "Not scanned this week: $NEW (" in text and "$GONE (no data)" in text


def test_watch_names_get_a_line_every_week() -> None:
    """Notes `watch: [NVDA]` off every watchlist: "on watch, not broken: 3.2% above its 200-day"."""
    ctx = context({"AAPL": rising(), "NVDA": rising(130.0)}, breakdown=["AAPL"],
                  notes=Notes(watch=["NVDA"]))
    built = breakdown.build(ctx)
    (line,) = built.section.data.watching
    assert line.ticker == "NVDA"
    text = render(ctx, built.section)
    assert f"On watch, not broken: $NVDA {line.above_200d_pct:.1f}% above its 200-day." in text


def test_a_steady_slide_to_52_week_lows_is_named() -> None:
    """2020-03-20: SPY, IWM, DIA at 52-week closing lows with no fresh crack were never mentioned."""
    import numpy as np

    slide = make_bars(list(np.linspace(100, 60, 300)))
    ctx = context({"SPY": slide, "DIA": slide * 2, "IWM": slide / 2}, breakdown=["SPY", "DIA", "IWM"])
    built = breakdown.build(ctx)
    picks = built.section.data.picks
    assert [p.setup for p in picks] == ["52-week low", "52-week low"]
    assert all(p.at_52w_low and "measured move" in p.target_source for p in picks)
    text = render(ctx, built.section)
    assert "closed at a 52-week low, **60.00**, its lowest close in the data here" in text
    (also,) = built.section.data.also
    assert f"Also breaking down: ${also} (a 52-week low, 18.2% under its 200-day)." in text


# The replay's 2008-10-12 issue: the headline said "The S&P Crashes 19.8% to a 5-Year Low" and
# the hook "its lowest close since Apr 16, 2003"; Breakdown Watch said "$SPY closed at a 52-week
# closing low" and then "Also breaking down: $DIA." with nothing on why. One record, one wording.

def _three_year_low():
    """A base near 40, a long rise to 100, a slide back to 44: the lowest close in 3 years."""
    import numpy as np

    closes = np.r_[np.linspace(40, 45, 100), np.linspace(45, 100, 900), np.linspace(100, 44, 60)]
    return make_bars(list(closes), "2016-01-04")


def test_a_multi_year_low_is_called_by_its_years_and_dated() -> None:
    from newsletter.analysis.close_records import close_record

    bars = _three_year_low()
    rec = close_record(bars)
    assert rec is not None and rec.kind == "low" and rec.years == 3 and rec.since is not None
    ctx = context({"SPY": bars}, breakdown=["SPY"])
    built = breakdown.build(ctx)
    (pick,) = built.section.data.picks
    assert pick.record == rec
    text = render(ctx, built.section)
    since = f"{rec.since:%b} {rec.since.day}, {rec.since.year}"
    assert f"$SPY closed at a 3-year low, **44.00**, its lowest close since {since}:" in text
    assert "52-week closing low" not in text


@pytest.mark.parametrize(("kind", "words"), [
    ("rejection", "rejected at the 200-day, 1.5% under it"),
    ("break", "under support, 1.5% under its 200-day"),
    ("crack", "momentum cracking, 1.5% under its 200-day"),
    ("low", "a 52-week low, 1.5% under its 200-day")])
def test_each_name_also_breaking_down_says_how(kind: str, words: str) -> None:
    assert breakdown.also_phrase(kind, -1.5, None) == words


def test_a_name_also_breaking_down_over_its_200_day_says_over() -> None:
    assert breakdown.also_phrase("break", 0.96, None) == "under support, 1.0% over its 200-day"


# The week to 2008-11-14 (replay config) aimed $QQQ's short at "a measured move, 3 ATRs under
# the trigger: no support pivot under it" with the Oct 27 pivot at 28.69 just 0.18 under the
# 28.87 trigger (the Technical Setup listed it as support). A pivot too close to be the target
# is named, not denied.

@pytest.mark.parametrize(("pivots_atrs", "target_atrs", "words"), [
    ((), 3.0, "a measured move, 3 ATRs under the trigger: no support pivot under it"),
    ((0.3,), 3.0, "a measured move, 3 ATRs under the trigger: the support pivot at 97.00 is "
                  "within an ATR of it"),
    ((0.999,), 3.0, "a measured move, 3 ATRs under the trigger: the support pivot at 90.01 is "
                    "within an ATR of it"),
    ((0.3, 0.6), 3.0, "a measured move, 3 ATRs under the trigger: the support pivot at 97.00 is "
                      "within an ATR of it"),
    ((1.0,), 1.0, "the next support pivot"),
    ((1.0, 1.5), 1.0, "the next support pivot"),
    # 2007-03-04: "a move down to 136.54 (the next support pivot)" while the Technical Setup
    # listed support at 138.42, between the 138.66 trigger and the target: a pivot the target
    # passes is named, so the two sections agree
    ((0.3, 1.5), 1.5, "the next support pivot an ATR or more under the trigger, past the one "
                      "at 97.00"),
    ((0.999, 1.5), 1.5, "the next support pivot an ATR or more under the trigger, past the one "
                        "at 90.01"),
    ((0.3, 0.6, 1.5), 1.5, "the next support pivot an ATR or more under the trigger, past those "
                           "at 97.00 and 94.00"),
    ((0.3, 0.6, 0.7, 1.5), 1.5, "the next support pivot an ATR or more under the trigger, past 3 "
                                "others, 97.00 to 93.00")])
def test_the_target_names_a_support_pivot_too_close_to_aim_at(
        monkeypatch: pytest.MonkeyPatch, pivots_atrs: tuple[float, ...], target_atrs: float,
        words: str) -> None:
    trigger, atr14 = 100.0, 10.0
    monkeypatch.setattr(breakdown, "pivot_levels",
                        lambda bars, level, side: [trigger - a * atr14 for a in pivots_atrs])
    target, why = breakdown._target(pd.DataFrame(), trigger, None, atr14)
    assert target == pytest.approx(trigger - target_atrs * atr14) and why == words




@pytest.mark.parametrize(("pivot_atrs", "target_atrs", "words"), [
    (4.99, 4.99, "the next support pivot"),
    (5.0, 5.0, "the next support pivot"),
    (5.04, 5.04, "the next support pivot"),  # 5.0 ATRs as printed
    (5.06, 3.0, "a measured move, 3 ATRs under the trigger: the next support pivot, 49.40, is 5.1 "
                "ATRs under it, out of reach by the horizon"),
    (7.6, 3.0, "a measured move, 3 ATRs under the trigger: the next support pivot, 24.00, is 7.6 "
               "ATRs under it, out of reach by the horizon")])
def test_a_support_pivot_out_of_reach_is_no_target(monkeypatch: pytest.MonkeyPatch, pivot_atrs: float,
                                                   target_atrs: float, words: str) -> None:
    """The replay's 2019-06-02 aimed $IWM at its Dec 2018 crash low, 13.4% and 7.6 ATRs under the
    trigger in four weeks ("R/R 15.2 to 1"); 2019-08-25's call stood only on that target. Chosen
    on 2000-2012 (no call changed), out of sample 2013-2022: 110 calls, 40% of 45, -0.23R a
    decided call, to 108, 43% of 44, -0.18R."""
    trigger, atr14 = 100.0, 10.0
    assert breakdown.MAX_TARGET_ATRS == 5.0
    monkeypatch.setattr(breakdown, "pivot_levels",
                        lambda bars, level, side: [trigger - pivot_atrs * atr14])
    target, why = breakdown._target(pd.DataFrame(), trigger, None, atr14)
    assert target == pytest.approx(trigger - target_atrs * atr14) and why == words


@pytest.mark.parametrize(("pivots_atrs", "target", "words"), [
    ((), 80.0, "the put wall"),
    ((2.5,), 80.0, "the put wall"),
    ((0.3,), 80.0, "the put wall, past the support pivot at 97.00"),
    ((0.3, 0.9), 80.0, "the put wall, past the support pivots at 97.00 and 91.00"),
    ((0.3, 1.2), 88.0, "the next support pivot an ATR or more under the trigger, past the one "
                       "at 97.00"),
    ((0.1, 0.3, 0.9), 80.0, "the put wall, past 3 support pivots, 99.00 to 91.00")])
def test_a_put_wall_target_names_the_pivots_it_lies_past(
        monkeypatch: pytest.MonkeyPatch, pivots_atrs: tuple[float, ...], target: float,
        words: str) -> None:
    """A put wall 2 ATRs down aims past pivots within an ATR of the trigger and names them; a
    pivot an ATR or more down is nearer than the wall and is the target."""
    from types import SimpleNamespace

    trigger, atr14 = 100.0, 10.0
    monkeypatch.setattr(breakdown, "pivot_levels",
                        lambda bars, level, side: [trigger - a * atr14 for a in pivots_atrs])
    wall = SimpleNamespace(put_wall=80.0, target=None, target_source=None)
    aimed, why = breakdown._target(pd.DataFrame(), trigger, wall, atr14)  # type: ignore[arg-type]
    assert aimed == pytest.approx(target) and why == words

@pytest.mark.parametrize(("gap", "words"), [
    (0.0004, "the trigger is just under the close (under 0.1 ATR)"),
    (0.0006, "the trigger is 0.1% under the close ")])
def test_a_trigger_a_few_cents_under_the_close_is_just_under_it(gap: float, words: str) -> None:
    """The week to 2022-09-30 (replay config) said "the trigger is 0.0% under the close" for
    $SPY's 357.04 trigger under a 357.18 close."""
    from dataclasses import replace

    from newsletter.trade_plan import plan

    ctx = context({"IWM": crash_to_new_lows()}, breakdown=["IWM"])
    built = breakdown.build(ctx)
    (pick,) = built.section.data.picks
    trigger = pick.close * (1 - gap)
    checked = plan("IWM", "short", trigger, trigger + 1.0, trigger - 5.0, pick.plan.horizon,
                   pick.close, 10.0, CallsConfig(**LOOSE))
    assert checked.ok, checked.failures
    section = replace(built.section, data=replace(built.section.data,
                                                  picks=(replace(pick, trigger=trigger, plan=checked),)))
    assert words in render(ctx, section)


@pytest.mark.parametrize(("value", "words"), [
    (49.9, "RSI fell through 50 to 49.9 on "), (49.5, "RSI fell through 50 to 49.5 on "),
    (31.2, "RSI fell through 50 to 31.2 on ")])
def test_an_rsi_crack_never_reads_fell_through_50_to_50(value: float, words: str) -> None:
    """The sample issue of 2026-06-07: "Momentum is cracking: RSI fell through 50 to 50 on Jun 4."
    A crack is read on the RSI as printed (one decimal), so its value prints 49.9 at most
    (tests/sections/test_breakdown_live_cracks.py)."""
    import datetime as dt
    from dataclasses import replace

    from newsletter.analysis.breakdown import MomentumCrack

    ctx = context({"IWM": crash_to_new_lows()}, breakdown=["IWM"])
    built = breakdown.build(ctx)
    (pick,) = built.section.data.picks
    crack = MomentumCrack(dt.date(2026, 6, 4), 100.0, "rsi_below_50", value, 50.0, 51.0, 1)
    section = replace(built.section, data=replace(built.section.data,
                                                  picks=(replace(pick, cracks=(crack,)),)))
    assert words in render(ctx, section)


@pytest.mark.parametrize(("ago", "now", "words"), [
    (0, 31.2, "RSI fell through 50 to 45.0 on Jun 4."),            # the crack is the last session
    (3, 30.3, "RSI fell through 50 to 45.0 on Jun 4, 30.3 now."),
    (3, 45.04, "RSI fell through 50 to 45.0 on Jun 4."),           # where it is still: said once
    (3, 45.4, "RSI fell through 50 to 45.0 on Jun 4, 45.4 now."),
    (3, 49.97, "RSI fell through 50 to 45.0 on Jun 4, 50.0 now."),  # back at 50 as printed
    (3, 52.0, "RSI fell through 50 to 45.0 on Jun 4, 52.0 now.")])  # back over 50: the reader sees it
def test_an_rsi_crack_says_where_the_rsi_is_now(ago: int, now: float, words: str) -> None:
    """2010-05-07 (replay): "Momentum is cracking: RSI fell through 50 to 45 on May 4." with the
    RSI at 30.3 after a 6.4% week: the crack's level three sessions back, not the one now."""
    import datetime as dt
    from dataclasses import replace

    from newsletter.analysis.breakdown import MomentumCrack

    ctx = context({"IWM": crash_to_new_lows()}, breakdown=["IWM"])
    built = breakdown.build(ctx)
    (pick,) = built.section.data.picks
    crack = MomentumCrack(dt.date(2026, 6, 4), 100.0, "rsi_below_50", 45.0, 50.0, 51.0, ago)
    section = replace(built.section, data=replace(built.section.data, picks=(
        replace(pick, cracks=(crack,), rsi14=now),)))
    assert f"Momentum is cracking: {words}" in render(ctx, section)


# The replay's headlines said "$QQQ Cracking Support" and hooked "$QQQ looks ready to break." for
# every kind of pick: a crash to a 5-year low with no support under it was "Cracking Support", and
# the hook gave neither what happened nor the trade.

@pytest.mark.parametrize(("kind", "phrase", "hook"), [
    ("rejection", "$TSLA Rejected at the 200-Day",
     "$TSLA was rejected at its 200-day: short under 397.33, target 350.00, R/R 3.7 to 1."),
    ("break", "$TSLA Cracking Support",
     "$TSLA closed under its 403.79 support: short under 397.33, target 350.00, R/R 3.7 to 1."),
    ("crack", "$TSLA Rolls Over Under Its 200-Day",
     "$TSLA's momentum cracked under its 200-day: short under 397.33, target 350.00, R/R 3.7 to 1."),
    ("low", "$TSLA Breaks to a 5-Year Low",
     "$TSLA closed at a 5-year low: short under 397.33, target 350.00, R/R 3.7 to 1.")])
def test_the_headline_says_what_kind_of_breakdown_and_the_hook_gives_the_trade(
        kind: str, phrase: str, hook: str) -> None:
    support = 403.79 if kind == "break" else None
    low = "5-year low" if kind == "low" else "52-week low"
    assert breakdown.signal_words("TSLA", kind, 397.33, 350.0, "R/R 3.7 to 1", support, low) == (
        phrase, hook)


# The replay's 2021-03-07 issue headlined "VIX Sinks 12%" alone, while Breakdown Watch said $QQQ
# closed under its 314.56 support (no trade: R/R 1.68 under 2). A pick that is not a call is still
# news: it headlines a quieter week, in words that make no trade of it.

@pytest.mark.parametrize(("kind", "phrase", "hook"), [
    ("break", "$QQQ Breaks Support",
     "$QQQ closed under its 314.56 support, but at these levels the trade pays 1.68 to 1, under the 2 to 1 a call "
     "needs."),
    ("rejection", "$QQQ Rejected at the 200-Day",
     "$QQQ was rejected at its 200-day, but at these levels the trade pays 1.68 to 1, under the 2 to 1 a call "
     "needs."),
    ("crack", "$QQQ Rolls Over Under Its 200-Day",
     "$QQQ's momentum cracked under its 200-day, but at these levels the trade pays 1.68 to 1, under the 2 to 1 a call "
     "needs."),
    ("low", "$QQQ Breaks to a 5-Year Low",
     "$QQQ closed at a 5-year low, but at these levels the trade pays 1.68 to 1, under the 2 to 1 a call "
     "needs.")])
def test_a_pick_that_is_no_call_is_news_in_words_that_make_no_trade(
        kind: str, phrase: str, hook: str) -> None:
    support = 314.56 if kind == "break" else None
    low = "5-year low" if kind == "low" else "52-week low"
    assert breakdown.news_words("QQQ", kind, ("R/R 1.68 under 2",), support, low) == (phrase, hook)


def test_news_leads_only_a_quiet_week() -> None:
    """Under a 2% S&P week or a 2% mover (1.0), over a state standing for weeks (0.7), whatever
    the pick's score."""
    from newsletter.sections.recap import BACKGROUND_STRENGTH

    assert BACKGROUND_STRENGTH < breakdown.NEWS_STRENGTH < 1.0


# The replay's 2022-10-23 issue: "The S&P Rips 4.7% & $IWM Rolls Over Under Its 200-Day", IWM up
# 3.5% on the week (its RSI had dipped to 47 and stood at 49.8). Breakdown news leads only for a
# name that did not rise on the week; a call is the trade's own news and leads either way.

@pytest.mark.parametrize(("week", "leads"), [(-0.01, True), (0.0, True), (0.01, False), (3.5, False)])
def test_breakdown_news_leads_only_for_a_name_that_did_not_rise(week: float, leads: bool) -> None:
    from types import SimpleNamespace

    pick = SimpleNamespace(ticker="IWM", plan=SimpleNamespace(dead=False, failures=()))
    chosen = breakdown.news_pick([pick], held={}, week_change={"IWM": week})
    assert (chosen is pick) is leads


def test_breakdown_news_takes_the_first_pick_that_fell_and_skips_a_standing_call() -> None:
    from types import SimpleNamespace

    a, b, c = (SimpleNamespace(ticker=t, plan=SimpleNamespace(dead=False, failures=())) for t in ("IWM", "QQQ", "DIA"))
    change = {"IWM": 1.0, "QQQ": -1.0, "DIA": -2.0}
    assert breakdown.news_pick([a, b, c], held={}, week_change=change) is b
    assert breakdown.news_pick([a, b, c], held={"QQQ": object()}, week_change=change) is c
    assert breakdown.news_pick([a], held={}, week_change={}) is None  # no week: no news


@pytest.mark.parametrize(("pct", "words"), [(-0.04, "a hair under"), (0.0, "a hair over"),
                                            (-0.06, "0.1% under"), (1.0, "1.0% over")])
def test_also_breaking_down_says_a_hair_from_the_200_day(pct: float, words: str) -> None:
    assert breakdown.also_phrase("break", pct, None) == f"under support, {words} its 200-day"


def _over_support(gap: float) -> pd.DataFrame:
    """300 sessions: a climb from 100 to 150, a swing to 158 and back to a 152 pivot low, a swing
    to 165, and a four-week fall to ``gap`` (a fraction) over that 152 pivot: far over the
    200-day, the close over its support, nothing broken this week."""
    climb = list(np.linspace(100, 150, 252))
    swing = [*np.linspace(151, 158, 10), *np.linspace(157, 152, 8), *np.linspace(153, 165, 10)]
    fall = list(np.linspace(164.5, 152 * (1 + gap), 20))
    return make_bars(climb + swing + fall)


# The replay's 2013-08-25 issue: "Nothing on the watchlist broke down this week; closest: $DIA,
# 4.3% above its 200-day", with $DIA's close 0.3% over its 149.31 support pivot (the Technical
# Setup's own line): the level a break would start at was not named.

@pytest.mark.parametrize("gap", [0.003, 0.01])
def test_a_quiet_week_names_the_closest_support_when_it_is_nearer_than_the_200_day(gap: float) -> None:
    ctx = context({"AAPL": _over_support(gap), "MSFT": rising(120.0)}, breakdown=["AAPL", "MSFT"])
    built = breakdown.build(ctx)
    data = built.section.data
    assert data.picks == () and data.closest is not None
    closest = data.closest
    assert closest.ticker == "AAPL" and closest.support == 152.0
    assert closest.support_gap_pct == pytest.approx(gap * 100)
    text = render(ctx, built.section)
    assert (f"📌 Nothing on the watchlist broke down this week; closest: $AAPL, "
            f"{gap * 100:.1f}% above its **152.00** support, {closest.above_200d_pct:.1f}% above "
            "its 200-day.") in text


@pytest.mark.parametrize(("gap", "words"), [
    (0.0501, "0.1% above its **100.00** support"), (0.0499, "a hair above its **100.00** support"),
    (0.0, "a hair above its **100.00** support")])
def test_a_support_a_few_cents_under_is_a_hair_under(gap: float, words: str) -> None:
    """2012-08-19: "closest: $DIA, 0.0% above its **132.41** support" (132.42)."""
    assert breakdown.WatchLine("DIA", 100.0 * (1 + gap / 100), 90.0, 11.0, 100.0).support_words == words


def test_a_support_as_far_as_the_200_day_is_not_named() -> None:
    line = breakdown.WatchLine("AAPL", 110.0, 100.0, 10.0, 100.0)
    assert not line.support_nearer
    assert breakdown.WatchLine("AAPL", 110.0, 100.0, 10.0, 100.01).support_nearer
    assert not breakdown.WatchLine("AAPL", 90.0, 100.0, -10.0, 89.0).support_nearer
    assert not breakdown.WatchLine("AAPL", 110.0, 100.0, 10.0).support_nearer


def test_a_watch_name_near_its_support_says_the_support() -> None:
    ctx = context({"AAPL": rising(), "NVDA": _over_support(0.003)}, breakdown=["AAPL"],
                  notes=Notes(watch=["NVDA"]))
    (line,) = breakdown.build(ctx).section.data.watching
    assert (f"On watch, not broken: $NVDA 0.3% above its **152.00** support, "
            f"{line.above_200d_pct:.1f}% above its 200-day.") in render(ctx, breakdown.build(ctx).section)


@pytest.mark.parametrize(("pct", "words"), [
    (0.0501, "0.1% above its 200-day"), (0.0499, "a hair above its 200-day"),
    (0.0, "a hair above its 200-day"), (-0.0499, "a hair under its 200-day"),
    (-0.0501, "0.1% under its 200-day")])
def test_a_close_a_few_cents_from_its_200_day_is_a_hair_from_it(pct: float, words: str) -> None:
    """2003-04-20, 2006-08-20, 2006-12-17, 2019-02-17 (replay): "closest: $DIA, 0.0% above its
    200-day", the rounding the support's words had stopped printing."""
    line = breakdown.WatchLine("DIA", 100.0 * (1 + pct / 100), 100.0, pct)
    assert line.average_words == words


def test_a_quiet_week_says_a_hair_above_the_200_day() -> None:
    line = breakdown.WatchLine("DIA", 100.03, 100.0, 0.03)
    data = breakdown.BreakdownData(picks=(), skipped=(), closest=line)
    section = replace(breakdown.build(context({"AAPL": rising()}, breakdown=["AAPL"])).section,
                      data=data)
    text = render(context({"AAPL": rising()}, breakdown=["AAPL"]), section)
    assert "closest: $DIA, a hair above its 200-day." in text


@pytest.mark.parametrize(("count", "words"), [
    (1, "$DIA, the one name scanned, already sits a hair under its 200-day;"),
    (2, "both names scanned already sit under their 200-day, $DIA the nearest at a hair under;")])
def test_names_all_under_a_hair_under_say_so(count: int, words: str) -> None:
    line = breakdown.WatchLine("DIA", 99.97, 100.0, -0.03)
    data = breakdown.BreakdownData(picks=(), skipped=(), closest=line, quiet_count=count,
                                   all_under=True)
    ctx = context({"AAPL": rising()}, breakdown=["AAPL"])
    text = render(ctx, replace(breakdown.build(ctx).section, data=data))
    assert words in text, text


def test_the_trigger_says_what_it_is() -> None:
    """Replay config, 2008-10-26: "If **84.00** cracks on a close" for $SPY, a number from
    nowhere beside a target "(a measured move ...)" and a stop "(over the broken support)": 84.00
    was that Friday's low. The trigger now says so, as the target and the stop do."""
    ctx = context({"IWM": crash_to_new_lows()}, breakdown=["IWM"])
    built = breakdown.build(ctx)
    (pick,) = built.section.data.picks
    assert pick.trigger_from == "low"
    last = ctx.snapshot.bars["IWM"].index[-1]
    text = render(ctx, built.section)
    words = f"(the {last:%b} {last.day} low)"
    assert (f"**{pick.trigger:,.2f}** {words} cracks on a close" in text if pick.plan.ok
            else f"trigger {pick.trigger:,.2f} {words}, target" in text)


def _sr(support: float | None) -> object:
    from newsletter.analysis.levels import SupportResistance

    return SupportResistance(dt.date(2024, 3, 1), 100.0, support,
                             dt.date(2024, 2, 1) if support is not None else None, None, None)


@pytest.mark.parametrize(("support", "wall", "low", "expected"), [
    (98.0, None, 98.0, (98.0, "pivot")),          # a pivot and the low alike: the pivot names it
    (97.99, None, 98.0, (98.0, "low")),            # the low a cent nearer
    (98.0, 98.01, 97.0, (98.01, "put wall")),      # the wall a cent nearer
    (98.0, 98.0, 97.0, (98.0, "pivot")),           # the wall at the pivot: the pivot
    (None, None, 100.0, (95.0, "half an ATR")),    # the low at the close is not under it
    (None, None, 99.99, (99.99, "low")),           # a cent under it is
    (100.0, 100.0, 100.0, (95.0, "half an ATR")),  # nothing under the close
])
def test_the_trigger_is_the_nearest_level_under_the_close(
        support: float | None, wall: float | None, low: float,
        expected: tuple[float, str]) -> None:
    from types import SimpleNamespace

    bars = pd.DataFrame({"Low": [low]}, index=pd.DatetimeIndex(["2024-03-01"]))
    options = SimpleNamespace(crack_level=wall) if wall is not None else None
    level, what, when = breakdown._trigger(bars, 100.0, _sr(support), options, 10.0)  # type: ignore[arg-type]
    assert (level, what) == (pytest.approx(expected[0]), expected[1])
    assert when == {"pivot": dt.date(2024, 2, 1), "low": dt.date(2024, 3, 1)}.get(what)


def test_a_pick_under_its_200_day_says_its_close_before_the_average() -> None:
    """The sample (seed 5, every section on) of 2026-04-05: "$COIN is trading 26.9% under its
    200-day at **198.43**.": the one bold figure was the average, read as the price (COIN closed
    at 145.08). The close now comes first, the average after it."""
    ctx = context({"IWM": crash_to_new_lows()}, breakdown=["IWM"])
    built = breakdown.build(ctx)
    (pick,) = built.section.data.picks
    crack = replace(pick, at_52w_low=False, rejection=None, support_break=None)
    section = replace(built.section, data=replace(built.section.data, picks=(crack,)))
    text = render(ctx, section)
    assert (f"$IWM closed at **{pick.close:,.2f}**, {abs(pick.below_200d_pct):.1f}% under its "
            f"200-day at **{pick.sma200:,.2f}**.") in text, text
    assert "is trading" not in text


@pytest.mark.parametrize(("pcr", "opening"), [
    (1.2, "Options positioning is telling a clear story."),
    (1.19, "Options positioning is mixed."),
    (0.81, "Options positioning is mixed."),
    (0.8, "Options positioning leans the other way: calls outweigh puts."),
    (None, "Options positioning is mixed.")])
def test_the_options_opening_reads_the_put_call_ratio(pcr: float | None, opening: str) -> None:
    """The sample (seed 13, every section on) opened every one of 154 options paragraphs with
    "Options positioning is telling a clear story.", $COIN's on 2026-09-20 at a put/call of 0.91
    with twice the open interest in calls: the words now follow the ratio as printed."""
    from types import SimpleNamespace

    ctx = context({"IWM": crash_to_new_lows()}, breakdown=["IWM"])
    built = breakdown.build(ctx)
    (pick,) = built.section.data.picks
    options = SimpleNamespace(put_wall=70.0, put_wall_oi=1000.0, call_wall=90.0, call_wall_oi=500.0,
                              pcr=pcr, max_pain=None, expiry=None)
    section = replace(built.section, data=replace(built.section.data,
                                                  picks=(replace(pick, options=options),)))
    text = render(ctx, section)
    assert opening + " The biggest put open interest" in text, text


def test_a_chain_with_no_put_under_the_price_renders_without_a_put_wall() -> None:
    """The sample (seed 29) replay stopped on its second Sunday: "breakdown.md.j2:50: template
    error: bad operand type for abs(): 'NoneType'". $NVDA traded at 0.38 (split-adjusted 2016)
    and its chain had no put strike under the price, so the put wall was None and the paragraph
    printed it anyway (as "NONE (0 contracts)" once patched). Now the paragraph says so."""
    from tests.sections.test_volatility import spy_chain

    bars = crash_to_new_lows()  # closes at 76, every strike 90 to 110
    ctx = context({"IWM": bars}, breakdown=["IWM"])
    chain = spy_chain(ctx.snapshot.asof, 100.0, put_oi=500.0, call_oi=300.0)
    chain["expiry"] = chain["expiry"].map(lambda e: e.replace(year=2025))  # after the as-of
    ctx = replace(ctx, snapshot=replace(ctx.snapshot, options={"IWM": chain}))
    built = breakdown.build(ctx)
    (pick,) = built.section.data.picks
    assert pick.options is not None and pick.options.put_wall is None
    text = render(ctx, built.section)
    assert "No put open interest sits below the price" in text, text
    assert "The biggest put open interest below the price" not in text
    assert "None" not in text and "NONE" not in text


@pytest.mark.parametrize(("trigger", "words"), [
    (76.0, "the next put wall under the one at 75.00"),  # the wall is within an ATR: the next
    (77.0, "the put wall")])                             # an ATR under the trigger: the wall
def test_a_target_at_the_next_put_wall_says_so(trigger: float, words: str) -> None:
    """The sample (seed 29) of 2026-01-18: "The biggest put open interest below the price sits at
    **75.00**" and then "target 70.00 (the put wall)" for $AMD (17 of 95 such targets): 70 was
    the next wall under it, chosen because 75 lay within an ATR of the trigger."""
    from types import SimpleNamespace

    options = SimpleNamespace(put_wall=75.0, target=70.0, target_source="put wall")
    level, why = breakdown._target(crash_to_new_lows(), trigger, options, 2.0)
    assert (level, why) == ((70.0 if trigger == 76.0 else 75.0), words)


# Found on the real bars (the replay's 2011-10-09 and 2021-11-21): "$SPY Cracking Support", the
# whole headline of the week $SPY rose 2.3% off its 2011 low, and the lead of a week it rose 0.4%
# to two record closes: a one-day dip under a level the week's own rally had climbed over. The
# call stands (a rule dropping such calls was measured on 2000-2012: 161 calls, 36% of 77, -0.25R,
# against 189, 38% of 88, -0.24R: not taken), but it is said as the dip it is, and weighs as a
# notable week... as breakdown news (0.9), so that a notable week leads, the trade told beside it.

def _break_in_a_week_of(week_pct: float) -> pd.DataFrame:
    """A slide under a pivot low at 98, a rally back over it this week, and Friday's close at
    97.90 under it: a support break whose week moved ``week_pct`` from last Friday's close."""
    closes = list(np.linspace(130, 104, 240))
    closes += [103, 102, 101, 100, 99, 98, 99, 100, 101, 102, 103]   # the pivot low at 98
    closes += list(np.linspace(102.5, 93, 30))                        # a slide under it
    closes += [97.9 / (1 + week_pct / 100), 96, 97, 98.6, 99.2, 97.9]  # last Friday, the week
    bars = make_bars(closes)
    late = (bars.index[-1].weekday() - 4) % 5  # pad the start so that the last close is a Friday's
    bars = make_bars([130.0] * ((5 - late) % 5) + closes)
    assert bars.index[-1].weekday() == 4 and bars.index[-6].weekday() == 4
    return bars


@pytest.mark.parametrize(("week", "rising"), [
    (-1.0, False), (0.0, False),
    (0.04, False),   # prints +0.0%: no rise a reader sees
    (0.1, True), (3.1, True)])
def test_a_call_on_a_break_in_a_week_the_name_rose_is_said_as_a_dip(week: float, rising: bool) -> None:
    ctx = context({"SPY": _break_in_a_week_of(week)}, breakdown=["SPY"], calls=CallsConfig(**LOOSE))
    built = breakdown.build(ctx)
    (pick,) = built.section.data.picks
    assert pick.kind == "break" and pick.call is not None  # the call stands either way
    (signal,) = built.signals
    assert signal.call
    if rising:
        assert signal.phrase == "$SPY Dips Under Support"
        assert signal.strength == breakdown.RISING_WEEK_CALL_STRENGTH == breakdown.NEWS_STRENGTH
        assert signal.aside == signal.hook  # told beside the week's own story when it leads
    else:
        assert signal.phrase == "$SPY Cracking Support" and signal.strength >= 2.0


# The replay's 2014-03-30: "🚫 No trade: R/R 1.34" for $QQQ while its recap graded the short from
# two weeks before "🟡 ... +0.7R so far": no line told a holder that the open trade stood.

@pytest.mark.parametrize(("grade", "said"), [("open", True), ("hit", False)])
def test_a_no_trade_pick_names_the_earlier_call_still_open_on_it(grade: str, said: bool) -> None:
    from newsletter.model import Call, GradedCall

    ctx = context({"IWM": crash_to_new_lows()}, breakdown=["IWM"],
                  calls=CallsConfig(min_reward_risk=19.0, **LOOSE))
    earlier = Call(id="x-breakdown-IWM", ticker="IWM", direction="short", trigger=80.5, target=74.0,
                   stop=82.0, horizon=ctx.issue_date, origin="breakdown",
                   made_on=ctx.issue_date - dt.timedelta(days=14))
    ctx = replace(ctx, graded=(GradedCall(earlier, grade, reason="triggered, +0.7R so far"),))
    built = breakdown.build(ctx)
    (pick,) = built.section.data.picks
    assert not pick.plan.ok
    text = render(ctx, built.section)
    line = (f"👉 The call from {earlier.made_on:%b} {earlier.made_on.day} is still open: short "
            "under **80.50**, target **74.00**, stop 82.00 (triggered, +0.7R so far): this week's "
            "levels make no new trade, not an exit.")
    assert (line in text) is said, text
