"""🚨 One story per headline: each phrase says something the other does not.

Found by scanning the headlines of all 1,038 Sundays of the README replay (2003 to 2022):
- 58 weeks fell back to the generic "Week Ahead: What the Tape Said Through Mar 28", among them
  the week of 2013-03-28, when the S&P closed above its 2007 high for the first time;
- 72 stacked two index moves the same way ("The S&P Soars 10.4% & $IWM Soars 11.8%", 2009-03-13):
  one story told twice;
- "$IWM Sinks 32% Under Its 200-Day" in the week it rose 11.8%.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from newsletter.analysis.close_records import CloseRecord, close_record
from newsletter.analysis.levels import WEEKS_52
from newsletter.config import Config, Watchlists
from newsletter.sections import recap
from newsletter.sections.headline import make_headline
from tests.analysis.factories import make_bars, sessions
from tests.sections.small_frames import context


def _series(closes: list[float], start: str = "2024-01-02") -> pd.Series:
    return pd.Series(closes, index=sessions(len(closes), start), dtype=float)


# -- close_record: the last close as the highest (lowest) for at least 52 weeks -------------

def test_a_close_over_every_earlier_close_is_a_record_in_the_data() -> None:
    rec = close_record(_series([100.0] * 300 + [101.0]))
    assert rec == CloseRecord("high", 1, None, dt.date(2024, 1, 2))


def test_a_close_under_every_earlier_close_is_a_low_in_the_data() -> None:
    rec = close_record(_series([100.0] * 300 + [99.0]))
    assert rec is not None and (rec.kind, rec.since) == ("low", None)


@pytest.mark.parametrize(("back", "record"), [
    (WEEKS_52 - 1, False),   # the higher close is inside the 52 weeks: not a 52-week high
    (WEEKS_52, True),        # the first session before them: a 52-week high
    (WEEKS_52 + 1, True)])
def test_the_52_week_window_counts_sessions(back: int, record: bool) -> None:
    """``back`` sessions before the last one, a close higher than the last."""
    closes = [100.0] * 400 + [101.0]
    closes[-1 - back] = 105.0
    rec = close_record(_series(closes))
    assert (rec is not None) is record
    if rec is not None:
        assert rec.kind == "high" and rec.since == _series(closes).index[-1 - back].date()


@pytest.mark.parametrize(("earlier", "record"), [(100.99, None), (101.0, "since"), (101.01, "since")])
def test_a_tie_counts_as_as_high(earlier: float, record: str | None) -> None:
    closes = [100.0] * 400 + [101.0]
    closes[10] = earlier
    rec = close_record(_series(closes))
    assert rec is not None and rec.kind == "high"
    assert (rec.since is None) is (record is None)


def test_too_little_history_says_nothing() -> None:
    assert close_record(_series([100.0] * (WEEKS_52 - 2) + [101.0])) is None
    assert close_record(_series([100.0] * (WEEKS_52 - 1) + [101.0])) is not None


def test_a_flat_close_is_no_record() -> None:
    assert close_record(_series([100.0] * 400)) is None


@pytest.mark.parametrize(("asof", "years"), [("2029-01-01", 4), ("2029-01-02", 5), ("2029-06-01", 5)])
def test_whole_years_since_the_last_close_as_high(asof: str, years: int) -> None:
    index = pd.bdate_range("2024-01-02", asof, name="Date")
    closes = [100.0] * len(index)
    closes[0], closes[-1] = 120.0, 110.0
    rec = close_record(pd.Series(closes, index=index))
    assert rec is not None and (rec.years, rec.since) == (years, dt.date(2024, 1, 2))


# -- the recap's headline candidates ---------------------------------------------------------

PEAK = [100.0] * 150 + [50.0] + [100.0] * 49 + [150.0] + [100.0] * 62
"""A year of closes with a trough and a peak inside the 52 weeks (and the 200 days, whose
average they leave at 100): a week's move here sets no 52-week high or low. The S&P's week
cannot close at a high against it: the week's base close is inside the 52 weeks."""
FLAT = [100.0] * 263


def _week(pct: float, base: list[float] = PEAK) -> list[float]:
    return base + [100.0 * (1 + pct / 100)]


def _ctx(**series: list[float]):
    bars = {t.replace("_", "^"): make_bars(c, "2025-01-06") for t, c in series.items()}
    cfg = Config(watchlists=Watchlists(indices=list(bars), macro=[], sectors=[]))
    return context(bars, config=cfg)


def _signals(ctx) -> list:
    """The recap's headline candidates, without the quiet-week line (said only alone)."""
    return [s for s in recap.build(ctx).signals if not s.fallback]


def _phrases(ctx) -> list[str]:
    return [s.phrase for s in _signals(ctx)]


def test_a_quiet_week_at_a_high_is_a_headline_not_the_generic_line() -> None:
    ctx = _ctx(SPY=_week(0.3, FLAT), QQQ=_week(0.2))
    (signal,) = _signals(ctx)
    assert signal.phrase == "$SPY Closes at a 52-Week High"
    assert signal.hook == "$SPY ended the week at its highest close in the data here, back to Jan 2025."
    assert make_headline(ctx, list(recap.build(ctx).signals))[0] == "$SPY Closes at a 52-Week High"


def test_a_low_is_worded_as_a_low() -> None:
    ctx = _ctx(SPY=_week(-0.3, FLAT), QQQ=_week(0.2))
    assert _phrases(ctx) == ["$SPY Closes at a 52-Week Low"]


def test_the_s_and_p_week_and_its_high_are_one_phrase() -> None:
    ctx = _ctx(SPY=_week(2.5, FLAT), QQQ=_week(0.2))
    (signal,) = _signals(ctx)
    assert signal.phrase == "$SPY Rips 2.5% to a 52-Week High"
    assert "best week" in signal.hook and "highest close" in signal.hook


def test_another_index_at_a_high_is_named() -> None:
    ctx = _ctx(SPY=_week(0.3), QQQ=_week(0.5, FLAT))
    assert _phrases(ctx) == ["$QQQ Closes at a 52-Week High"]


def test_a_fresh_high_outranks_one_in_a_run_of_highs() -> None:
    fresh = _ctx(SPY=_week(0.3, FLAT), QQQ=_week(0.2))
    run = _ctx(SPY=FLAT[:-10] + [100.0 + i / 10 for i in range(1, 12)], QQQ=_week(0.2))
    # (the run's eleven up sessions are a story of their own: "$SPY Rises 11 Sessions in a Row")
    (a,), (b,) = ([s for s in _signals(ctx) if "Closes at" in s.phrase] for ctx in (fresh, run))
    assert a.phrase == b.phrase == "$SPY Closes at a 52-Week High"
    assert a.strength > b.strength


@pytest.mark.parametrize(("spy", "mover", "phrase"), [
    (2.5, 3.4, None),                               # under a point ahead: the same story
    (2.5, 3.5, "$QQQ Leads the Rally, +3.5%"),     # a point ahead: who led
    (2.5, 3.6, "$QQQ Leads the Rally, +3.6%"),
    (2.5, -1.5, "$QQQ Slips 1.5%"),                # the other way: its own story
    (-2.5, -3.5, "$QQQ Leads the Drop, -3.5%"),
    (-2.5, -3.49, None),
    (0.5, 1.5, "$QQQ Gains 1.5%")])                # no S&P phrase: the mover is the story
def test_a_mover_with_the_s_and_p_says_who_led(spy: float, mover: float, phrase: str | None) -> None:
    ctx = _ctx(SPY=_week(spy), QQQ=_week(mover))
    movers = [p for p in _phrases(ctx) if p.startswith("$QQQ") and "200-Day" not in p]
    assert movers == ([phrase] if phrase else [])


@pytest.mark.parametrize(("pct", "word"), [(0.9, "Still"), (0.0, "Still"), (-0.01, "Still"),
                                         (-3.0, "Still")])  # not further under than in 52 weeks
# (a rise of 1% or more is not "still" under: tests/sections/test_recap_200_day.py)
def test_the_200_day_phrase_does_not_say_sinks_on_a_rising_week(pct: float, word: str) -> None:
    closes = [125.0] * 200 + [100.0] * 63 + [100.0 * (1 + pct / 100)]  # 12% to 17% under
    ctx = _ctx(SPY=_week(0.3), IWM=closes)
    (phrase,) = [p for p in _phrases(ctx) if "200-Day" in p]
    assert re.fullmatch(rf"\$IWM {word} 1[2-7]\.\d% Under Its 200-Day", phrase)


def test_the_s_and_p_and_spy_are_one_name_in_the_headline() -> None:
    """2008-10-10 (replay): "The S&P Crashes 19.8% to a 5-Year Low & $SPY Sinks 33% Under Its
    200-Day": two phrases about one name; the next name's phrase takes the second slot."""
    from newsletter.sections.base import Signal

    ctx = _ctx(SPY=_week(0.3))
    signals = [Signal(9.0, "$SPY Crashes 19.8%"), Signal(3.8, "$SPY Sinks 33% Under Its 200-Day"),
               Signal(3.0, "VIX Jumps 31%")]
    assert make_headline(ctx, signals)[0] == "$SPY Crashes 19.8% & VIX Jumps 31%"


def test_the_week_and_the_close_are_one_hook_sentence() -> None:
    ctx = _ctx(SPY=_week(2.5, FLAT), QQQ=_week(0.2))
    (signal,) = _signals(ctx)
    assert signal.hook == ("$SPY rose 2.5%, its best week and its highest close in the data "
                           "here, back to Jan 2025.")
    climb = [92.7 + (100.0 - 92.7) * i / 157 for i in range(1, 158)]
    closes = [120.0] + [90.0] * 100 + [92.7] + climb + [100.0] * 4 + [102.5]
    ctx = _ctx(SPY=closes, QQQ=_week(0.2))
    (signal,) = [s for s in _signals(ctx) if "Weeks in a Row" not in s.phrase]  # a 31-week climb
    assert signal.phrase == "$SPY Rips 2.5% to a 52-Week High"
    assert signal.hook.startswith("$SPY rose 2.5%, its best week since the week to ")
    assert signal.hook.endswith("%), and its highest close since Jan 6, 2025.")


def test_a_phrase_names_its_subject_even_without_a_cashtag() -> None:
    """"Small Caps Are Heating Up & $IWM Jumps 3.1%" (28 replay weeks): the second phrase is the
    first one's ticker again; the next name's phrase takes its place."""
    from newsletter.sections.base import Signal

    ctx = _ctx(SPY=_week(0.3))
    signals = [Signal(2.0, "Small Caps Are Heating Up", subject="$IWM"),
               Signal(1.0, "$IWM Jumps 3.1%"), Signal(0.9, "VIX Sinks 12%")]
    assert make_headline(ctx, signals)[0] == "Small Caps Are Heating Up & VIX Sinks 12%"


def test_the_rotation_signal_names_its_lead_as_subject_and_a_record_plainly() -> None:
    from newsletter.config import Pair
    from newsletter.sections import rotation
    from tests.sections.small_frames import pair_from_edges, streak_edges

    def signal(runs: list[int]):
        lead, lag = pair_from_edges(streak_edges(runs, tail=4, edge_bp=40.0, gap=2))
        built = rotation.build(context({"IWM": lead, "SPY": lag},
                                       config=Config(rotation=[Pair(lead="IWM", lag="SPY")])))
        (one,) = built.signals
        return one, built.section.data.main.rs

    longer, _ = signal([6, 2, 2])
    assert (longer.phrase, longer.subject) == ("Small Caps Are Heating Up", "$IWM")
    record, rs = signal([2] * 5)
    # the longest run of a year of data: no "Record" (a close is a record from 10 years of data)
    assert (record.phrase, record.subject) == (
        f"Small Caps Beat $SPY 4 Sessions in a Row, the Longest Since {rs.history_start.year}", "$IWM")
    assert rotation.streak_phrase(rs, "QQQ", "SPY", {}) == (
        f"$QQQ Beats $SPY 4 Sessions in a Row, the Longest Since {rs.history_start.year}")
    # the replay's 2003-06-01 said "a Record 9 Sessions" of 3 years of data; from 10 it is a record
    from dataclasses import replace

    ten = replace(rs, history_start=rs.asof.replace(year=rs.asof.year - 10))
    assert rotation.streak_phrase(ten, "QQQ", "SPY", {}) == "$QQQ Beats $SPY a Record 4 Sessions in a Row"
    under = replace(rs, history_start=ten.history_start + dt.timedelta(days=1))
    assert "Record" not in rotation.streak_phrase(under, "QQQ", "SPY", {})


@pytest.mark.parametrize(("pct", "headline"), [
    (0.3, "A Quiet Week: $SPY Edges Up 0.3%"), (-0.6, "A Quiet Week: $SPY Edges Down 0.6%"),
    (0.04, "A Quiet Week: $SPY Ends Flat"), (-0.04, "A Quiet Week: $SPY Ends Flat"),
    (-0.06, "A Quiet Week: $SPY Edges Down 0.1%")])
def test_a_week_with_nothing_else_says_it_was_quiet(pct: float, headline: str) -> None:
    """43 replay weeks still printed "Week Ahead: What the Tape Said Through …", a line that
    says nothing: a quiet week is itself the news, with the S&P's week in it."""
    ctx = _ctx(SPY=_week(pct), QQQ=_week(0.2))
    assert make_headline(ctx, list(recap.build(ctx).signals))[0] == headline


def test_the_quiet_line_is_never_a_second_phrase() -> None:
    ctx = _ctx(SPY=_week(0.3), QQQ=_week(1.5))
    assert make_headline(ctx, list(recap.build(ctx).signals))[0] == "$QQQ Gains 1.5%"


# -- the VIX at a high or a low ------------------------------------------------------------------
# 2017 closed the VIX at lows not seen in years week after week, and the headline said nothing of
# it; a jump to a two-year high read as "VIX Jumps 86%" alone.

def _vix(closes: list[float]):
    return _ctx(SPY=_week(0.3), _VIX=closes)


def test_a_vix_jump_to_a_high_is_one_phrase() -> None:
    signals = [s for s in _signals(_vix([20.0] * 100 + [40.0] + [20.0] * 162 + [42.0]))
               if s.subject == "VIX"]
    assert [s.phrase for s in signals] == ["VIX Jumps 110% to a 52-Week High"]
    # one sentence, not "... closed at 69.95. The VIX's highest close in the data here, ..." (the
    # replay's 2008-10-12 issue)
    assert signals[0].hook == ("Fear is at panic levels: the VIX closed at 42.00, its highest close in "
                               "the data here, back to Jan 2025.")


def test_a_calm_week_at_a_vix_low_is_news() -> None:
    signals = [s for s in _signals(_vix([20.0] * 100 + [12.0] + [15.0] * 162 + [11.5]))
               if s.subject == "VIX"]
    assert [s.phrase for s in signals] == ["VIX Sinks 23% to a 52-Week Low"]
    assert signals[0].hook == ("The VIX fell 23% on the week, to 11.50, its lowest close in the data "
                               "here, back to Jan 2025.")
    calm = [s for s in _signals(_vix([20.0] * 100 + [12.0] + [11.9] * 162 + [11.5]))
            if s.subject == "VIX"]
    assert [s.phrase for s in calm] == ["VIX Closes at a 52-Week Low"]


def test_a_vix_jump_inside_its_range_keeps_its_phrase() -> None:
    signals = [s for s in _signals(_vix([20.0] * 100 + [50.0] + [20.0] * 162 + [30.0]))
               if s.subject == "VIX"]
    assert [s.phrase for s in signals] == ["VIX Jumps 50%"]


# Found on the real bars: the 2018-09-30 issue headlined "$QQQ Jumps 1.1%" alone, in a year whose
# typical QQQ week moved more than that. The biggest move on the scoreboard is a story when it is
# bigger than the mover's own usual week (the median of its last 52 weekly moves, sized as
# printed); under it the week was quiet and says so.

def _two_percent_weeks(pct: float) -> list[float]:
    """52 weeks that each move exactly 2% (up, down, up, ...), then a week of ``pct``."""
    closes, level = [], 100.0
    for week in range(52):
        closes += [level] * 5
        level *= 1.02 if week % 2 == 0 else 0.98
    closes += [level] * 5
    return closes + [closes[-1] * (1 + pct / 100)]


@pytest.mark.parametrize(("pct", "phrase"), [
    (2.0, "$QQQ Jumps 2.0%"),     # as big as its usual week: the story
    (2.01, "$QQQ Jumps 2.0%"),
    (1.99, None),                 # a hair under its usual week: not a jump
    (1.1, None),
    (-2.0, "$QQQ Drops 2.0%"),
    (-1.99, None)])
def test_a_mover_must_beat_its_own_usual_week(pct: float, phrase: str | None) -> None:
    ctx = _ctx(SPY=_week(0.3, [100.0] * 265), QQQ=_two_percent_weeks(pct))
    assert len(ctx.bars("SPY")) == len(ctx.bars("QQQ"))
    # a week to a 52-week low carries it (recap._with_record): the size is what is tested here
    movers = [p.removesuffix(" to a 52-Week Low") for p in _phrases(ctx)
              if p.startswith("$QQQ") and "200-Day" not in p and " Close" not in p]
    assert movers == ([phrase] if phrase else [])



# Found on the real bars (the replay's 2021-03-28): "$SPY Gains 1.7%" with the hook "$SPY rose 1.7%
# on the week and nothing else moved enough to lead", the week $IWM fell 2.8% (the widest gap to
# $SPY since Apr 2020, the end of the small-cap rotation): $IWM's move missed its usual week by
# 0.02 points. A mover going against a $SPY week of a mover's size is a split tape, news whatever
# its usual week.

@pytest.mark.parametrize(("spy", "phrase"), [
    (1.0, "$QQQ Drops 2.0%"),    # $SPY moved a mover's size the other way: a split
    (1.04, "$QQQ Drops 2.0%"),
    (0.94, None),                # $SPY under a mover's size as printed (0.9%): the usual rule
    (-1.0, None),                # the same way: the usual rule
])
def test_a_mover_against_the_sp500s_week_is_news_under_its_usual_week(spy: float,
                                                                      phrase: str | None) -> None:
    qqq = _two_percent_weeks(-1.99)  # a hair under its usual 2% week
    ctx = _ctx(SPY=_week(spy, [100.0] * (len(qqq) - 1)), QQQ=qqq)
    # a week to a 52-week low carries it (recap._with_record): the size is what is tested here
    movers = [p.removesuffix(" to a 52-Week Low") for p in _phrases(ctx)
              if p.startswith("$QQQ") and "200-Day" not in p and " Close" not in p]
    assert movers == ([phrase] if phrase else [])
    if phrase:
        (hook,) = [s.hook for s in _signals(ctx) if s.phrase.startswith(phrase)]
        assert hook == f"$QQQ fell 2.0% on the week, against $SPY's +{spy:.1f}%."

# Found on the real bars (the README's replay workspace): the 2018-12-30 issue led with "$IWM Still
# 17% Under Its 200-Day & The S&P Rips 2.9%", eleven weeks after $IWM went under and in a week it
# rose 3.5%; 2009-03-15 read "The S&P Soars 10.4% & $IWM Still 31% Under Its 200-Day" in the week
# $IWM led the rally, +11.8%. A name that has sat under its 200-day for weeks and did not fall
# further this week is background (it fills a quiet week), like a record in a run of records.

def _long_under(pct: float) -> list[float]:
    return [125.0] * 200 + [100.0] * 63 + [100.0 * (1 + pct / 100)]  # 12% to 17% under, for weeks


@pytest.mark.parametrize("pct", [0.9, 0.0, -0.01, -3.0])  # see the stretch record below
def test_standing_under_the_200_day_in_a_week_it_did_not_fall_is_background(pct: float) -> None:
    ctx = _ctx(SPY=_week(0.3), IWM=_long_under(pct))
    (signal,) = [s for s in _signals(ctx) if "200-Day" in s.phrase]
    assert signal.strength == recap.BACKGROUND_STRENGTH


def test_a_quiet_name_under_its_200_day_since_weeks_still_fills_a_quiet_week() -> None:
    ctx = _ctx(SPY=_week(0.3), IWM=_long_under(0.0))
    assert "$IWM Still 14.5% Under Its 200-Day" in make_headline(ctx, list(recap.build(ctx).signals))[0]


def test_a_big_week_leads_over_a_name_standing_under_its_200_day() -> None:
    ctx = _ctx(SPY=_week(3.0), IWM=_long_under(3.5))
    headline = make_headline(ctx, list(recap.build(ctx).signals))[0]
    assert headline.startswith("$SPY"), headline


# Found scanning the README replay's 1,037 headlines (2026-12-06): 43 paired news of a falling
# market with a name that had sat under its 200-day for weeks ("The S&P Tumbles 6.1% to a 52-Week
# Low & $QQQ Still 23% Under Its 200-Day", 2022-06-19; "$DIA Cracking Support & $IWM Stuck Under
# Its 200-Day"): the lead's own way, nothing new. Beside a rally it is the divergence a trader
# wants ("The S&P Rips 4.5% & $IWM Stuck Under Its 200-Day") and stays.

@pytest.mark.parametrize(("spy", "headline"), [
    (-3.0, "$SPY Slides 3.0%"),
    (3.0, "$SPY Rips 3.0% & $IWM Still 14.5% Under Its 200-Day")])
def test_a_name_standing_under_its_200_day_seconds_only_a_lead_the_other_way(spy: float,
                                                                              headline: str) -> None:
    ctx = _ctx(SPY=_week(spy), IWM=_long_under(0.0))
    signals = list(recap.build(ctx).signals)
    (under,) = [s for s in signals if "200-Day" in s.phrase]
    assert under.background and under.lean == -1
    assert make_headline(ctx, signals)[0] == headline


def _signal(phrase: str, strength: float, lean: int = 0, background: bool = False):
    from newsletter.sections.base import Signal

    return Signal(strength, phrase, f"{phrase}.", lean=lean, background=background)


@pytest.mark.parametrize(("lead_lean", "lean", "background", "second"), [
    (-1, -1, True, "$QQQ Gains 1.0%"),    # the lead's way, standing: skipped for the next
    (1, -1, True, "$IWM Still 15% Under Its 200-Day"),   # against the lead: the divergence
    (0, -1, True, "$IWM Still 15% Under Its 200-Day"),   # a lead that does not lean
    (-1, 0, True, "$IWM Still 15% Under Its 200-Day"),   # a state that does not lean
    (-1, -1, False, "$IWM Still 15% Under Its 200-Day")])  # news the lead's way is news
def test_the_second_phrase_rule_at_each_side(lead_lean: int, lean: int, background: bool,
                                            second: str) -> None:
    ctx = _ctx(SPY=_week(0.3))
    signals = [_signal("$SPY Slides 3.0%", 1.5, lead_lean),
               _signal("$IWM Still 15% Under Its 200-Day", 0.7, lean, background),
               _signal("$QQQ Gains 1.0%", 0.5, 1)]
    assert make_headline(ctx, signals)[0] == f"$SPY Slides 3.0% & {second}"


# Found scanning the README replay's 1,037 headlines: "The S&P Rips 4.7% & VIX Sinks 17%"
# (2011-08-28), "The S&P Surges 6.6% & VIX Sinks 13%" (2022-06-26): the VIX falling in a week the
# S&P rallied is the S&P's week told again, and took the slot of a second story. Beside an S&P
# week big enough for its own phrase, a VIX move the other way is news only with a record.

def _vix_phrases(spy_pct: float, vix_pct: float) -> list[str]:
    ctx = _ctx(SPY=_week(spy_pct), _VIX=_week(vix_pct))
    return [s.phrase for s in _signals(ctx) if s.subject == "VIX"]


@pytest.mark.parametrize(("spy", "vix", "said"), [
    (2.0, -12.0, False),    # the S&P rips exactly 2.0%: the VIX's fall is the same story
    (1.94, -12.0, True),    # a quiet S&P week (1.9% as printed): the VIX's move is its own news
    (1.96, -12.0, False),   # prints 2.0: the S&P rips, the VIX's fall is the same story
    (-2.0, 12.0, False),
    (-1.94, 12.0, True),
    (2.0, 12.0, True),      # both up: the VIX against the rally is a story of its own
    (-2.5, -12.0, True),
    (-2.0, 20.0, True),     # ten times the S&P's fall: fear of its own (2007-03-02: +76% on -4.4%)
    (-2.0, 19.98, False),   # a hair under ten times
    (2.5, -25.0, True)])
def test_a_vix_move_mirroring_the_s_and_p_week_is_not_a_second_story(spy: float, vix: float,
                                                                      said: bool) -> None:
    assert bool(_vix_phrases(spy, vix)) is said


def test_a_vix_record_beside_the_s_and_p_week_is_still_news() -> None:
    closes = [20.0] * 262 + [20.0, 42.0]  # a jump to the highest close in the data
    ctx = _ctx(SPY=_week(-2.5), _VIX=closes)
    phrases = [s.phrase for s in _signals(ctx) if s.subject == "VIX"]
    assert phrases == ["VIX Jumps 110% to a 52-Week High"], phrases


# The replay's 2008-10-12 headline: "The S&P Crashes 19.8% to a 5-Year Low & VIX Jumps 55% to a
# 8-Year High". An 8, an 11, an 18 take "an", as they are read aloud.

def test_a_record_of_eight_years_reads_an_8_year_high() -> None:
    n = 2100  # a little over 8 years of sessions from 2025-01-06, a higher close at its start
    ctx = _ctx(SPY=[100.0] * n + [100.3], _VIX=[40.0] + [20.0] * (n - 1) + [31.0])
    rec = close_record(ctx.bars("^VIX")["Close"])
    assert rec is not None and rec.years == 8
    assert "VIX Jumps 55% to an 8-Year High" in _phrases(ctx)


# -- a round trip: the week's close hides how far it went --------------------------------------
# The replay's 2015-08-30 issue (the week of the Aug 24 flash crash): the S&P was down 5.3% on
# the week at Tuesday's close and ended it up 0.7%. The headline read "$SPY Flashes a Death Cross
# & $QQQ Jumps 3.1%" and the S&P's week was a quiet +0.7%: the week's story was not told.

def _round_trip(*week: float) -> list[float]:
    """A year of flat closes at 100 (the base, a Friday), then ``week``: Monday to Friday."""
    assert len(week) == 5
    return [100.0] * 265 + list(week)


def test_a_drop_clawed_back_is_the_s_and_p_s_story() -> None:
    ctx = _ctx(SPY=_round_trip(96.0, 94.7, 98.0, 100.5, 100.7), QQQ=_week(0.2))
    signal = _signals(ctx)[0]
    assert signal.phrase == "$SPY Claws Back a 5.3% Drop"
    assert signal.hook == ("$SPY was down 5.3% on the week at Tuesday's close and ended it up "
                           "0.7%, 6.3% off that low.")
    assert signal.strength > 1.4  # over a death cross: the week's story leads


def test_a_rally_given_back_is_the_s_and_p_s_story() -> None:
    ctx = _ctx(SPY=_round_trip(101.0, 104.1, 101.0, 99.8, 99.8), QQQ=_week(0.2))
    signal = _signals(ctx)[0]
    assert signal.phrase == "$SPY Gives Back a 4.1% Rally"
    assert signal.hook == ("$SPY was up 4.1% on the week at Tuesday's close and ended it down "
                           "0.2%, 4.1% off that high.")


@pytest.mark.parametrize(("friday", "phrase"), [
    (100.0, "$SPY Claws Back a 5.3% Drop"),          # back to the base: flat, all of it
    (99.96, "$SPY Claws Back a 5.3% Drop"),          # -0.04%: flat as printed
    (99.5, "$SPY Claws Back Most of a 5.3% Drop"),   # still down 0.5%
])
def test_a_drop_clawed_back_in_part_says_most_of_it(friday: float, phrase: str) -> None:
    """"The S&P Claws Back a 6.5% Drop" over a week that ended down 1.6% (the real bars'
    2011-08-14) read as a full recovery."""
    ctx = _ctx(SPY=_round_trip(96.0, 94.7, 98.0, 99.0, friday), QQQ=_week(0.2))
    assert _signals(ctx)[0].phrase == phrase


@pytest.mark.parametrize(("low", "close", "round_trip"), [
    (97.0, 100.0, True),     # 3.0% down at its lowest close: the smallest swing that is news
    (97.01, 100.0, False),   # 2.99%: a normal week
    (97.0, 99.0, True),      # two-thirds of the 3% drop taken back: a round trip
    (97.0, 98.99, False),    # a hair under two-thirds: a down week that bounced
    (97.0, 101.94, True),    # back and 1.94% over (prints 1.9): still a round trip
    (97.0, 101.96, False),   # prints 2.0: the week's own phrase says it
    (97.0, 102.0, False)])   # 2.0% up on the week: the week's own phrase ("Rips 2.0%") says it
def test_the_round_trip_boundaries(low: float, close: float, round_trip: bool) -> None:
    ctx = _ctx(SPY=_round_trip(99.0, low, 99.0, 99.0, close), QQQ=_week(0.2))
    phrases = [s.phrase for s in recap.build(ctx).signals if s.phrase.startswith(("$SPY", "A Quiet"))]
    assert any("Claws Back" in p for p in phrases) is round_trip


# -- the session that was the week's story --------------------------------------------------------
# The replay's 2016-06-26 issue (the Brexit vote): the S&P fell 3.6% on Friday, its worst day since
# the flash crash, and 1.6% on the week. The headline read "VIX Jumps 33% & $QQQ Slips Under Its
# 200-Day": the day everyone traded was not in it, and the VIX told the S&P's story instead.

def _friday(pct: float, history: list[float] | None = None) -> list[float]:
    """Flat closes at 100 (the base, a Friday), a week drifting 0.5% a day the other way to
    Thursday, then Friday's move of ``pct`` percent: a week under 2% either way."""
    history = history if history is not None else [100.0] * 265
    drift = 1.005 if pct < 0 else 0.995
    thursday = history[-1] * drift ** 4
    return [*history, *(history[-1] * drift ** k for k in range(1, 5)), thursday * (1 + pct / 100)]


def test_a_big_friday_is_the_s_and_p_s_story() -> None:
    ctx = _ctx(SPY=_friday(-3.6), QQQ=_week(0.2))
    signal = _signals(ctx)[0]
    assert signal.phrase == "$SPY Drops 3.6% on Friday"
    assert signal.hook == ("Friday's 3.6% drop was $SPY's worst day in the data here, back to "
                           "Jan 2025; it ended the week down 1.7%.")


def test_a_big_day_says_since_when() -> None:
    history = [100.0] * 265
    history[100] = 95.0  # a 5% drop, then back: the last day as bad
    ctx = _ctx(SPY=_friday(-3.6, history), QQQ=_week(0.2))
    since = ctx.bars("SPY").index[100].date()
    (signal,) = [s for s in _signals(ctx) if "Friday" in s.phrase]
    assert signal.hook.startswith(f"Friday's 3.6% drop was $SPY's worst day since "
                                  f"{since:%b} {since.day}, {since.year};")


# The replay's 2003-03-23 issue: "best day since Mar 13, 2003", ten days back; 54 of the 109 big
# days it told on the real bars reached back less than a quarter. A day's rank follows the week's
# rule (recap.week_rank): a quarter back or more, with its place, up to third.

def _wiggle(n: int, pct: float = 0.5) -> list[float]:
    """``n`` closes moving ``pct`` percent down and up in turn: a usual day of ``pct``."""
    out = [100.0]
    for k in range(1, n):
        out.append(out[-1] * (1 + (pct if k % 2 else -pct) / 100))
    return out


def _drop_at(history: list[float], back: int, pct: float) -> None:
    """A ``pct`` percent day ``back`` sessions before Friday (the last of :func:`_friday`'s closes)
    in ``history``; every later close moves with it, so nothing else changes."""
    at = len(history) + 4 - back
    history[at:] = [c * (1 + pct / 100) for c in history[at:]]


@pytest.mark.parametrize(("drops", "words"), [
    # one worse day 10 sessions back, none before it: second in the data
    ({10: -5.0}, "Friday's 3.6% drop was $SPY's second-worst day in the data here, back to Jan 2025"),
    # and one worse 150 sessions back: second since then
    ({10: -5.0, 150: -5.0}, "Friday's 3.6% drop was $SPY's second-worst day since <150>"),
    # the latest worse day 65 sessions (13 weeks, 91 days) back: that far is news on its own
    ({65: -5.0}, "Friday's 3.6% drop was $SPY's worst day since <65>"),
    ({64: -5.0}, "Friday's 3.6% drop was $SPY's second-worst day in the data here, back to Jan 2025"),
    # three worse days in the quarter: a fourth place is no news, and is said as such
    ({10: -5.0, 20: -5.0, 30: -5.0}, "On Friday $SPY fell 3.6%, its fourth drop this big in 13 weeks"),
    ({10: -5.0, 20: -5.0, 30: -5.0, 40: -5.0},
     "On Friday $SPY fell 3.6%, its fifth drop this big in 13 weeks"),
    ({10: -5.0, 20: -5.0}, "Friday's 3.6% drop was $SPY's third-worst day in the data here, back to "
                           "Jan 2025"),
])
def test_a_big_day_ranks_only_when_it_reaches_back_a_quarter(drops: dict[int, float],
                                                              words: str) -> None:
    history = _wiggle(265)
    for back, pct in drops.items():
        _drop_at(history, back, pct)
    closes = _friday(-3.6, history)
    ctx = _ctx(SPY=closes, QQQ=_week(0.2))
    index = ctx.bars("SPY").index
    dates = {b: index[len(closes) - 1 - b].date() for b in drops}
    expected = words
    for back, when in dates.items():
        expected = expected.replace(f"<{back}>", f"{when:%b} {when.day}, {when.year}")
    day = recap.big_day(ctx.bars("SPY")["Close"])
    assert day is not None and recap.big_day_words(day) == expected


@pytest.mark.parametrize(("pct", "record", "said"), [
    (-3.0, False, True),     # a 3% day is news on its own
    (-2.99, False, False),   # a hair under, and three bigger drops this quarter: no rank, no news
    (2.0, True, True),       # a 2% day that is the biggest in 52 weeks
    (1.99, True, False),     # a hair under 2%: not news even as a record
    (3.0, False, True)])
def test_the_big_day_boundaries(pct: float, record: bool, said: bool) -> None:
    history = [100.0] * 265
    if not record:  # three bigger moves the same way inside the quarter: the day does not rank
        for at in (250, 240, 230):
            history[at] = 100.0 * (1 + 2 * pct / 100)
    closes = _friday(pct, history)
    ctx = _ctx(SPY=closes, QQQ=_week(0.2))
    phrases = [s.phrase for s in _signals(ctx)]
    assert any("on Friday" in p for p in phrases) is said, phrases


def test_the_vix_does_not_retell_the_s_and_p_s_big_day() -> None:
    vix = [20.0] * 100 + [40.0] + [20.0] * 164 + [20.0] * 4 + [26.0]  # +30%, no record
    ctx = _ctx(SPY=_friday(-3.6), QQQ=_week(0.2), _VIX=vix)
    phrases = [s.phrase for s in _signals(ctx)]
    assert "$SPY Drops 3.6% on Friday" in phrases and not any("VIX" in p for p in phrases)


def test_a_flat_week_is_no_round_trip_and_no_error() -> None:
    """A week whose every close equals the base (a holiday-thin week, a flat test market):
    the round-trip check divided by its zero extreme and the whole build crashed."""
    closes = [100.0] * 270
    assert recap.round_trip(pd.Series(closes, index=sessions(len(closes), "2025-01-06"))) is None
    ctx = _ctx(SPY=closes, QQQ=_week(0.2))
    assert _signals(ctx) is not None


def test_a_week_with_nan_closes_is_no_round_trip() -> None:
    closes = [100.0] * 265 + [float("nan")] * 4 + [100.5]
    assert recap.round_trip(pd.Series(closes, index=sessions(len(closes), "2025-01-06")).dropna()) is None


# The replay printed "🟢 $SPY **89.67** (+6.6%) · 0.0% under the 200-day" (and "0.0% over") in a
# handful of weeks: a close a few cents from the line reads as a hair from it.

@pytest.mark.parametrize(("last", "words"), [
    (99.96, "a hair under the 200-day"), (100.04, "a hair over the 200-day"),
    (99.94, "0.1% under the 200-day"), (100.06, "0.1% over the 200-day")])
def test_the_scoreboard_says_a_hair_from_the_200_day(last: float, words: str) -> None:
    from tests.sections.small_frames import render_sections

    closes = [100.0] * 264 + [last]  # the 200-day stays at 100.00 to a hair
    ctx = _ctx(SPY=closes, QQQ=_week(0.2))
    text = render_sections(ctx, recap)
    (line,) = [ln for ln in text.splitlines() if "$SPY **" in ln]
    assert line.endswith(f"· {words}"), line


# The replay's headlines said "Small Caps Are Heating Up" in 14 of 78 weeks that $IWM fell, by
# as much as 3.9% (2008-06-29): beating a falling S&P by falling less is holding up, not heating.

@pytest.mark.parametrize(("week", "lag_week", "phrase"), [
    (-0.06, -1.0, "Small Caps Hold Up Better"),   # prints as -0.1%: a week it fell, less
    (-0.04, -1.0, "Small Caps Are Heating Up"),   # prints as 0.0%
    (1.0, 0.5, "Small Caps Are Heating Up"),
    # 2008-06-29: IWM -3.9% against SPY -3.1%, ahead only the last 3 sessions: neither
    (-3.9, -3.1, "Small Caps Beat $SPY 3 Sessions Running"),
    (-1.0, -1.0, "Small Caps Beat $SPY 3 Sessions Running"),
    # 2009-06-28 said "falling less: -0.2% on the week against -0.2%": equal as printed
    (-0.21, -0.24, "Small Caps Beat $SPY 3 Sessions Running"),
    (-0.21, -0.26, "Small Caps Hold Up Better"),
    # the real bars' 2022-03-20: "Small Caps Are Heating Up" over "1 week: $IWM +5.4% vs $SPY
    # +5.8%", and 2022-05-29 at +6.57% against +6.58%: behind or level on the week, no heat
    (5.4, 5.8, "Small Caps Beat $SPY 3 Sessions Running"),
    (6.57, 6.58, "Small Caps Beat $SPY 3 Sessions Running"),  # both print 6.6
    (0.54, 0.46, "Small Caps Beat $SPY 3 Sessions Running"),  # both print 0.5
    (0.56, 0.46, "Small Caps Are Heating Up")])
def test_a_streak_in_a_week_the_lead_fell_is_holding_up(week: float, lag_week: float,
                                                        phrase: str) -> None:
    from dataclasses import replace

    from newsletter.config import Pair
    from newsletter.sections import rotation
    from tests.sections.small_frames import pair_from_edges, streak_edges

    lead, lag = pair_from_edges(streak_edges([6, 2, 2], tail=4, edge_bp=40.0, gap=2))
    built = rotation.build(context({"IWM": lead, "SPY": lag},
                                   config=Config(rotation=[Pair(lead="IWM", lag="SPY")])))
    rs = built.section.data.main.rs
    rs = replace(rs, first_returns={**rs.first_returns, "1w": week},
                 second_returns={**rs.second_returns, "1w": lag_week}, streak_length=3)
    assert rotation.streak_phrase(rs, "IWM", "SPY", {}) == phrase
    assert rotation.streak_phrase(rs, "QQQ", "SPY", {}) == (
        "$QQQ Holds Up Better Than $SPY" if "Hold Up" in phrase
        else "$QQQ Beats $SPY 3 Sessions Running" if "Running" in phrase else "$QQQ Is Beating $SPY")


def test_the_hook_of_a_streak_in_a_falling_week_says_it_fell_less() -> None:
    from dataclasses import replace

    from newsletter.config import Pair
    from newsletter.sections import rotation
    from tests.sections.small_frames import pair_from_edges, streak_edges

    lead, lag = pair_from_edges(streak_edges([6, 2, 2], tail=4, edge_bp=40.0, gap=2))
    built = rotation.build(context({"IWM": lead, "SPY": lag},
                                   config=Config(rotation=[Pair(lead="IWM", lag="SPY")])))
    rs = built.section.data.main.rs
    fell = replace(rs, first_returns={**rs.first_returns, "1w": -3.7},
                   second_returns={**rs.second_returns, "1w": -5.0})
    n = rs.streak_length
    assert rotation.streak_hook(fell, "IWM", "SPY", {}) == (
        f"$IWM just beat $SPY {n} sessions straight, falling less: -3.7% on the week against -5.0%.")
    rose = replace(rs, first_returns={**rs.first_returns, "1w": 1.0})
    assert rotation.streak_hook(rose, "IWM", "SPY", {}) == f"$IWM just beat $SPY {n} sessions straight."
    worse = replace(rs, first_returns={**rs.first_returns, "1w": -3.9},
                    second_returns={**rs.second_returns, "1w": -3.1})
    assert rotation.streak_hook(worse, "IWM", "SPY", {}) == (
        f"$IWM just beat $SPY {n} sessions straight, though it fell 3.9% on the week, $SPY -3.1%.")
    # as much as the lag, as printed: "though it fell 0.6% on the week, $SPY -0.6%" read as a
    # contrast with nothing to contrast (the real bars, 2018-2022); a hundredth under the tie is
    # the tie as printed, a tenth under is more
    for lead_week, lag_week in ((-0.62, -0.58), (-0.6, -0.6)):
        tie = replace(rs, first_returns={**rs.first_returns, "1w": lead_week},
                      second_returns={**rs.second_returns, "1w": lag_week})
        assert rotation.streak_hook(tie, "IWM", "SPY", {}) == (
            f"$IWM just beat $SPY {n} sessions straight, though it fell 0.6% on the week, as much "
            "as $SPY.")
    more = replace(rs, first_returns={**rs.first_returns, "1w": -0.7},
                   second_returns={**rs.second_returns, "1w": -0.6})
    assert rotation.streak_hook(more, "IWM", "SPY", {}).endswith(
        "though it fell 0.7% on the week, $SPY -0.6%.")
    behind = replace(rs, first_returns={**rs.first_returns, "1w": 5.4},
                     second_returns={**rs.second_returns, "1w": 5.8})
    assert rotation.streak_hook(behind, "IWM", "SPY", {}) == (
        f"$IWM just beat $SPY {n} sessions straight, though not on the week: +5.4% against +5.8%.")


@pytest.mark.parametrize(("back", "news"), [
    (WEEKS_52, True),       # the last move as big, 252 sessions back: the biggest in 52 weeks
    (WEEKS_52 - 1, True),   # 251 back: inside the 52 weeks, but it ranks ("best since ...")
    (WEEKS_52 + 1, True)])
def test_the_big_day_record_counts_52_weeks_of_sessions(back: int, news: bool) -> None:
    history = [100.0] * 265
    closes = _friday(2.5, history)
    at = len(closes) - 1
    closes[at - back] = closes[at - back - 1] * 1.026  # a 2.6% day, then back down
    ctx = _ctx(SPY=closes, QQQ=_week(0.2))
    day = recap.big_day(ctx.bars("SPY")["Close"])
    assert (day is not None) is news


# The replay's 2007-03-04 and 2018-02-11 issues: the S&P fell 4.6% and 5.1%, weeks made by one
# session (Feb 27, 2007, its worst day since 2003; Feb 5, 2018, its worst since 2011), and the
# recap printed the scoreboard alone: in a week of 2% or more the day was in no line of the issue.

def _big_week(day_pct: float) -> list[float]:
    """Flat at 100, four sessions down 0.5% each, then Friday's ``day_pct``: a week over 2%."""
    week = [100.0 * 0.995 ** k for k in range(1, 5)]
    return [100.0] * 265 + week + [week[-1] * (1 + day_pct / 100)]


@pytest.mark.parametrize(("day_pct", "said"), [(-4.0, True), (-3.0, True), (-2.99, True)])
def test_the_recap_names_the_day_that_made_a_big_week(day_pct: float, said: bool) -> None:
    from newsletter.sections import recap as recap_section
    from tests.sections.small_frames import render_sections

    history = [100.0] * 265
    history[200] = 100.0 * (1 + 2 * day_pct / 100)  # a bigger drop inside the 52 weeks: no record
    closes = _big_week(day_pct)
    closes[:265] = history
    ctx = _ctx(SPY=closes, QQQ=_week(0.2))
    text = render_sections(ctx, recap_section)
    since = ctx.bars("SPY").index[200].date()
    line = (f"Friday's {abs(day_pct):.1f}% drop was $SPY's worst day since "
            f"{since:%b} {since.day}, {since.year}.")
    assert (line in text) is said, text


# The replay's 2019-01-06 issue: "The S&P Jumps 3.3% on Friday & $IWM Jumps 3.3%", a day and a
# week in the same words, as if one number. With the S&P's big day in the headline, a mover the
# same way as the S&P's week is told as the leader, against the S&P's week, as beside a big week.

@pytest.mark.parametrize(("qqq_pct", "phrase"), [
    (3.4, "$QQQ Leads the Rally, +3.4%"),   # 1.9 points ahead of the S&P's 1.5% week
    (2.4, None)])                           # 0.9 ahead: the S&P's story told twice, no story
def test_a_mover_beside_the_s_and_p_s_big_day_is_told_as_the_leader(
        qqq_pct: float, phrase: str | None) -> None:
    ctx = _ctx(SPY=_friday(3.6), QQQ=[100.0] * 269 + [100.0 * (1 + qqq_pct / 100)])
    spy_week = recap.weekly_move(ctx.bars("SPY"), ctx.snapshot.asof, "SPY")
    assert spy_week is not None and abs(spy_week.change_pct) < 2.0
    phrases = [s.phrase for s in _signals(ctx)]
    assert "$SPY Jumps 3.6% on Friday" in phrases
    assert not any(p.startswith("$QQQ Jumps") for p in phrases), phrases
    if phrase is not None:
        assert any(p.startswith("$QQQ Leads the Rally") for p in phrases), phrases


# Found reading the README replay's issues against READER.md ("is the wording the size of the
# move?"): 44 headlines said "$X Sinks N% Under Its 200-Day" and weighed it by the distance alone,
# whatever the week did: 2008-02-24 led with "$IWM Sinks 11% Under Its 200-Day" in a week $IWM fell
# 0.6%, four months after it went under and less far under than in January; 2008-12-07 "$QQQ Sinks
# 31% Under Its 200-Day" on a 0.6% dip. "Sinks 31%" reads as a 31% fall. A name long under its
# 200-day is news when the week takes it further under than at any close of the last 52 weeks
# (a stretch record, the same strict rule as a close record), and then the phrase says it is a
# level: "Sinks to 23% Under Its 200-Day"; otherwise it is background ("Still 11% Under").

def _sliding(last_pct: float) -> list[float]:
    """A year and a half flat, then a steady slide under the 200-day: every close of the slide is
    further under the average than any before it."""
    slide = [125.0 * 0.997 ** k for k in range(1, 81)]
    return [125.0] * 400 + slide + [slide[-1] * (1 + last_pct / 100)]


def test_a_week_that_takes_a_name_further_under_than_in_52_weeks_is_news() -> None:
    ctx = _ctx(SPY=_week(0.3, [100.0] * 481), IWM=_sliding(-1.0))
    (signal,) = [s for s in _signals(ctx) if "200-Day" in s.phrase]
    far = float(re.search(r"([\d.]+)% Under", signal.phrase).group(1))
    assert re.fullmatch(r"\$IWM Sinks to 1\d\.\d% Under Its 200-Day", signal.phrase)
    assert signal.strength == pytest.approx(0.5 + far / 10.0, abs=0.06)
    assert "its furthest under it in the data here" in signal.hook
    # the figure the hook prints, not a rounder one: "Sinks to 12% Under" over "11.6% under"
    # (the replay's 2006-07-23)
    assert f"sits {far:.1f}% under its 200-day" in signal.hook


@pytest.mark.parametrize("pct", [-0.6, -3.0])
def test_a_falling_week_that_is_not_a_stretch_record_is_background(pct: float) -> None:
    ctx = _ctx(SPY=_week(0.3), IWM=_long_under(pct))  # 20% under in its first week, 15% now
    (signal,) = [s for s in _signals(ctx) if "200-Day" in s.phrase]
    assert signal.strength == recap.BACKGROUND_STRENGTH
    assert re.fullmatch(r"\$IWM Still 1[2-7]\.\d% Under Its 200-Day", signal.phrase), signal.phrase
    assert "Sinks" not in signal.phrase


def test_the_s_and_p_week_leads_over_a_name_still_under_its_200_day() -> None:
    ctx = _ctx(SPY=_week(-2.5, [100.0] * 263), IWM=_long_under(-3.0))
    headline = make_headline(ctx, list(recap.build(ctx).signals))[0]
    assert "Sinks" not in headline and headline.startswith("$SPY Slides 2.5%"), headline


@pytest.mark.parametrize(("last", "record"), [(-0.2001, True), (-0.2, False), (-0.1999, False)])
def test_a_stretch_record_is_strictly_further_under_than_every_close_of_52_weeks(
        last: float, record: bool) -> None:
    earlier = [-0.05] * 300 + [-0.2] + [-0.1] * 200
    distance = pd.Series(earlier + [last], index=sessions(len(earlier) + 1, "2020-01-02"))
    found = recap.stretch_record(distance)
    assert (found is not None) == record
    if found is not None:
        assert found.kind == "low"


# Found in the README replay: "The S&P Tumbles 6.1% to a 52-Week Low & $DIA Closes at a 52-Week Low"
# (2022-06-19), "The S&P Rips 3.3% to a 20-Year High & $QQQ Closes at a 20-Year High"
# (2020-08-30), 13 weeks in all: another index at the same kind of record as the S&P's, over no
# longer a span, is the S&P's story told twice. Over a longer span it is its own story ("The S&P
# Rips 2.7% to a 2-Year High & $QQQ Closes at a 9-Year High", 2011-02-06: $QQQ's highest since 2001).

def _high_since(years_back: int) -> list[float]:
    """About 3.2 years of closes ending in a +2.5% week to the highest close since a close
    ``years_back`` years before the last one (0: the highest in the data)."""
    closes = [100.0] * 799 + [102.5]
    if years_back:
        closes[799 - 262 * years_back - 20] = 103.0
    return closes


@pytest.mark.parametrize(("qqq_years", "told"), [(2, False), (1, False), (0, True)])
def test_an_index_record_like_the_s_and_p_one_is_not_a_second_story(qqq_years: int,
                                                                       told: bool) -> None:
    ctx = _ctx(SPY=_high_since(2), QQQ=_high_since(qqq_years))
    headline = make_headline(ctx, list(recap.build(ctx).signals))[0]
    assert headline.startswith("$SPY Rips 2.5% to a 2-Year High"), headline
    assert ("& $QQQ Closes at" in headline) == told, headline


def test_an_index_record_leads_when_the_s_and_p_phrase_gives_way_to_its_own_name() -> None:
    """2009-03-01: "$SPY Cracking Support" took the S&P's slot (one name once), and the S&P's
    12-year low went to the hook; $DIA's 9-year low then tells the market's low in the headline."""
    from newsletter.sections.base import Signal

    ctx = _ctx(SPY=_week(0.3))
    story = recap.RECORD_STORY
    signals = [Signal(4.0, "$SPY Cracking Support"),
               Signal(3.0, "$SPY Tumbles 4.6% to a 12-Year Low", story=story),
               Signal(1.5, "$DIA Closes at a 9-Year Low", story=story), Signal(1.0, "VIX Jumps 14%")]
    assert make_headline(ctx, signals)[0] == "$SPY Cracking Support & $DIA Closes at a 9-Year Low"
    signals[0] = Signal(2.0, "$QQQ Cracking Support")
    assert make_headline(ctx, signals)[0] == ("$SPY Tumbles 4.6% to a 12-Year Low & "
                                              "$QQQ Cracking Support")


def test_an_index_record_the_other_way_is_its_own_story() -> None:
    lows = [90.0] + [100.0] * 798 + [97.0]  # a lower close at the data's start: not a record
    ctx = _ctx(SPY=_high_since(2), QQQ=lows)
    assert any(p.startswith("$QQQ Closes at a 3-Year Low") for p in _phrases(ctx)), _phrases(ctx)


def test_the_s_and_p_phrase_tells_the_record_story_even_when_another_index_record_is_longer_lived(
        ) -> None:
    """2015-02-15: $QQQ's fresh 14-year high weighed more than "The S&P Rips 2.1% to a 15-Year
    High", and the S&P's phrase, which tells the week and the record, gave way to the lesser one."""
    ctx = _ctx(SPY=_high_since(2), QQQ=_high_since(1))
    signals = list(recap.build(ctx).signals)
    (sp500,) = [s for s in signals if s.phrase.startswith("$SPY Rips")]
    (qqq,) = [s for s in signals if s.phrase.startswith("$QQQ Closes")]
    assert qqq.strength <= sp500.strength
    assert make_headline(ctx, signals)[0].startswith("$SPY Rips 2.5% to a 2-Year High")


def test_a_stretch_record_under_10_percent_is_not_stuck() -> None:
    """2020-03-08: "$IWM Stuck Under Its 200-Day" beside "its furthest under it since Jan 24,
    2019" in the hook: a name that went further under than in a year is not stuck."""
    slide = [125.0 * 0.999 ** k for k in range(1, 81)]
    ctx = _ctx(SPY=_week(0.3, [100.0] * 481), IWM=[125.0] * 400 + slide + [slide[-1] * 0.99])
    (signal,) = [s for s in _signals(ctx) if "200-Day" in s.phrase]
    assert re.fullmatch(r"\$IWM Sinks to \d\.\d% Under Its 200-Day", signal.phrase), signal.phrase
    assert "its furthest under it" in signal.hook


# Found on the sample market (seed 11), 2026-02-01: the headline "Small Caps Beat $SPY a Record 13
# Sessions in a Row" and the hook "$IWM just beat $SPY 13 sessions straight.": the hook, which
# tells the headline's signals, did not say what the record is measured over.

@pytest.mark.parametrize(("short_of_record", "said"), [(0, True), (1, False)])
def test_the_hook_of_a_record_run_says_since_when(short_of_record: int, said: bool) -> None:
    from dataclasses import replace

    from newsletter.config import Pair
    from newsletter.sections import rotation
    from tests.sections.small_frames import pair_from_edges, streak_edges

    lead, lag = pair_from_edges(streak_edges([6, 2, 2], tail=4, edge_bp=40.0, gap=2))
    built = rotation.build(context({"IWM": lead, "SPY": lag},
                                   config=Config(rotation=[Pair(lead="IWM", lag="SPY")])))
    rs = built.section.data.main.rs
    rs = replace(rs, streak_length=rs.longest_streak - short_of_record,
                 first_returns={**rs.first_returns, "1w": 1.0})
    hook = rotation.streak_hook(rs, "IWM", "SPY", {})
    since = f" That matches the longest run since {rs.history_start.year}."
    assert hook == (f"$IWM just beat $SPY {rs.streak_length} sessions straight."
                    + (since if said else ""))
    # a tie is no record: "Small Caps Beat $SPY a Record 6 Sessions in a Row" over the hook's "That
    # matches the longest run" (the real bars' 2001-06-10 and 2001-09-02, the fourth run of 6)
    phrase = rotation.streak_phrase(rs, "IWM", "SPY", {})
    assert "a Record" not in phrase
    assert phrase.endswith(", Tying the Record") is said
    if said:
        assert phrase == f"Small Caps Beat $SPY {rs.streak_length} Sessions in a Row, Tying the Record"
        assert rotation.streak_phrase(rs, "QQQ", "SPY", {}) == (
            f"$QQQ Beats $SPY {rs.streak_length} Sessions in a Row, Tying the Record")


# The real bars' 2010-10-10 issue: "🚨 A Quiet Week: The S&P Edges Up 1.7%" (and 2015-08-02's 1.2%):
# over the S&P's median week (1.25%), and the words a mover gets from 1% are "Gains"/"Slips". A
# week with nothing else is quiet, and "edges", only under 1% as printed.

@pytest.mark.parametrize(("pct", "phrase"), [
    (1.7, "$SPY Gains 1.7%"), (1.0, "$SPY Gains 1.0%"), (0.96, "$SPY Gains 1.0%"),
    (0.94, "A Quiet Week: $SPY Edges Up 0.9%"), (-1.2, "$SPY Slips 1.2%"),
    (-0.94, "A Quiet Week: $SPY Edges Down 0.9%"),
    (-1.94, "$SPY Slips 1.9%")])  # -1.96 prints 2.0: a sized week, not this line
def test_a_week_of_1_percent_or_more_is_not_quiet(pct: float, phrase: str) -> None:
    ctx = _ctx(SPY=_week(pct), QQQ=_week(0.2))
    (quiet,) = [s for s in recap.build(ctx).signals if s.fallback]
    assert quiet.phrase == phrase
    if pct > 0:  # (a fall under the flat 200-day here is a story of its own)
        assert make_headline(ctx, list(recap.build(ctx).signals))[0] == phrase


def test_a_run_level_with_the_lag_on_the_week_says_level() -> None:
    """The real bars' 2022-05-29: "though not on the week: +6.6% against +6.6%" beside the body's
    "On the week it is level with $SPY: +6.6% each" ($IWM +6.57%, $SPY +6.58%)."""
    from dataclasses import replace

    from newsletter.config import Pair
    from newsletter.sections import rotation
    from tests.sections.small_frames import pair_from_edges, streak_edges

    lead, lag = pair_from_edges(streak_edges([6, 2, 2], tail=4, edge_bp=40.0, gap=2))
    built = rotation.build(context({"IWM": lead, "SPY": lag},
                                   config=Config(rotation=[Pair(lead="IWM", lag="SPY")])))
    rs = built.section.data.main.rs
    n = rs.streak_length
    level = replace(rs, first_returns={**rs.first_returns, "1w": 6.57},
                    second_returns={**rs.second_returns, "1w": 6.58})
    assert rotation.streak_hook(level, "IWM", "SPY", {}) == (
        f"$IWM just beat $SPY {n} sessions straight, level with it on the week: +6.6% each.")
    behind = replace(rs, first_returns={**rs.first_returns, "1w": 6.5},
                     second_returns={**rs.second_returns, "1w": 6.6})
    assert rotation.streak_hook(behind, "IWM", "SPY", {}).endswith(
        "though not on the week: +6.5% against +6.6%.")


# -- the replay's 2002-07-28: "$SPY Claws Back a 5.6% Drop" over Wednesday's +6.0%, the best day
# in the data (Tuesday's close the lowest): a ranked day bigger than the swing is the story.

@pytest.mark.parametrize(("wednesday", "lead"), [
    (5.0, "Claws Back"),     # +5.0% against a 5.0% swing, as printed: the swing holds the day
    (5.1, "Soars 5.1% on Wednesday"),  # bigger: the day
    (6.0, "Soars 6.0% on Wednesday")])
def test_a_ranked_day_bigger_than_the_swing_leads_it(wednesday: float, lead: str) -> None:
    low = 95.0  # Tuesday: 5.0% under the base
    week = [98.0, low, low * (1 + wednesday / 100), 0.0, 0.0]
    week[3] = week[4] = week[2] * 0.998  # the week ends under 2%, most of the drop taken back
    ctx = _ctx(SPY=_round_trip(*week), QQQ=_week(0.2))
    phrases = [s.phrase for s in recap.build(ctx).signals if s.phrase.startswith("$SPY")]
    assert any(lead in p for p in phrases), phrases


# Found on the real bars (the replay's 2021-09-05 and 2021-10-24): "$QQQ Closes at a Record High &
# $SPY Closed at a Record High on Thursday", two record highs of the same words filling the
# headline, $SPY's Thursday 11 cents over its Friday close. One record story per headline; the
# second keeps its ⚡ line. A record of another span is its own story.

@pytest.mark.parametrize(("spy_week", "both"), [
    ([100.1, 100.2, 100.3, 101.0, 100.95], False),   # Thursday's high and $QQQ's: one story
    ([99.9, 99.8, 99.7, 99.0, 99.05], True)])         # Thursday's low: a story of its own
def test_two_records_of_the_same_words_are_one_headline_story(spy_week: list[float],
                                                             both: bool) -> None:
    ctx = _ctx(SPY=FLAT[:-5] + spy_week, QQQ=FLAT[:-1] + [101.0])
    phrases = [p for p in _phrases(ctx) if "Close" in p]
    assert len(phrases) == 2, phrases
    headline = make_headline(ctx, list(recap.build(ctx).signals))[0]
    assert (" & " in headline) is both, headline
    assert headline.count("52-Week") == (2 if both else 1), headline


# Found on the real bars (the replay's 2011-04-10): $IWM's first record closes since 2007, on
# Tuesday and Wednesday, were two ⚡ lines under "$QQQ Breaks Support & $IWM's 7-Session Winning
# Run Ends" (a no-trade and an ended run): only $SPY's record inside the week was a candidate.

@pytest.mark.parametrize(("week", "phrase"), [
    ([100.0, 103.0, 102.8, 102.7, 102.6], "$QQQ Closed at a 52-Week High on "),   # 0.4% off it
    ([100.0, 103.0, 102.0, 101.5, 99.9], "$QQQ Slips From "),    # 3.0% off it, the week down
    ([100.0, 103.0, 102.8, 102.7, 103.1], None)])   # the last close is the week's record
def test_another_index_s_record_inside_the_week_is_a_candidate(week: list[float],
                                                             phrase: str | None) -> None:
    ctx = _ctx(SPY=_week(0.3, FLAT), QQQ=FLAT[:-4] + week)  # Fri Jan 2 the base, Mon a record
    inside = [s for s in _signals(ctx) if s.phrase.startswith("$QQQ Closed at")
              or s.phrase.startswith("$QQQ Slips From")]  # not Monday's day itself: "Jumps 3.0% on"
    if phrase is None:
        assert not inside
        return
    (signal,) = inside
    assert signal.phrase.startswith(phrase) and not signal.market
    assert signal.hook.startswith("$QQQ's ") and "highest close" in signal.hook


def test_a_record_given_back_in_a_week_that_rose_is_not_said_to_slip() -> None:
    """The replay's 2003-08-24 headlined "$IWM Slips From Thursday's 52-Week High" of a week $IWM
    rose 2.8%: "Slips" read as a down week. The hook says how far it came back."""
    up = _ctx(SPY=_week(0.3, FLAT), QQQ=FLAT[:-4] + [100.0, 103.0, 102.0, 101.5, 101.9])
    (signal,) = [s for s in _signals(up) if s.phrase.startswith("$QQQ") and "Week High" in s.phrase]
    assert signal.phrase == "$QQQ Closed at a 52-Week High on Monday"
    assert signal.hook.endswith("; it ended the week 1.1% under it, at 101.90.")
    down = _ctx(SPY=_week(0.3, FLAT), QQQ=FLAT[:-4] + [100.0, 103.0, 102.0, 101.5, 99.9])
    (signal,) = [s for s in _signals(down) if s.phrase.startswith("$QQQ") and "Week High" in s.phrase]
    assert signal.phrase == "$QQQ Slips From Monday's 52-Week High"


# The replay's 2003-08-10 led "$QQQ Leads the Drop, -4.4% & $SPY Drops 2.1% on Tuesday" in a week
# $SPY ended down 0.2%: the S&P's day was told, not its week, and a flat week is no drop to lead.
# "Leads the ..." needs the S&P's week to have moved a mover's size (MOVER_PCT, as printed);
# else the mover is its own story, told against the S&P's week.

def _tuesday_drop(week_pct: float) -> list[float]:
    """Flat closes, then a week with a 2.5% drop on Tuesday that ends ``week_pct`` on the week."""
    friday = 100.0 * (1 + week_pct / 100)
    return [100.0] * 265 + [101.0, 98.475, (98.475 + friday) / 2, (98.475 + 3 * friday) / 4, friday]


@pytest.mark.parametrize(("spy_week", "phrase"), [
    (-0.2, "$QQQ Drops 4.4%"),
    (-0.94, "$QQQ Drops 4.4%"),              # prints -0.9%: a flat week
    (-0.96, "$QQQ Leads the Drop, -4.4%"),   # prints -1.0%: a week that moved
    (-1.0, "$QQQ Leads the Drop, -4.4%"),
    (-1.5, "$QQQ Leads the Drop, -4.4%")])
def test_a_mover_leads_only_a_week_that_moved(spy_week: float, phrase: str) -> None:
    ctx = _ctx(SPY=_tuesday_drop(spy_week), QQQ=[100.0] * 30 + [90.0] * 20 + [100.0] * 219 + [95.6])
    phrases = _phrases(ctx)
    assert "$SPY Drops 2.5% on Tuesday" in phrases, phrases
    movers = [s for s in _signals(ctx) if s.phrase.startswith(("$QQQ Drops", "$QQQ Leads"))]
    assert [s.phrase for s in movers] == [phrase], phrases
    assert movers[0].hook.endswith(f"against $SPY's {spy_week:+.1f}%."), movers[0].hook


def test_a_mover_within_the_margin_of_a_flat_s_and_p_week_is_still_no_story() -> None:
    """The S&P's day told, its week -0.9%, $QQQ -1.6%: the same story told twice (the lead margin,
    :data:`recap.LEAD_MARGIN_PCT`), flat week or not (the replay's 2019-08-16, $DIA -1.6%)."""
    for qqq, said in ((98.4, False), (98.0, True)):  # 0.7 and 1.1 points past the S&P's -0.9%
        ctx = _ctx(SPY=_tuesday_drop(-0.9), QQQ=[100.0] * 30 + [90.0] * 20 + [100.0] * 219 + [qqq])
        movers = [p for p in _phrases(ctx) if re.fullmatch(r"\$QQQ (Drops|Slips) [0-9.]+%", p)]
        assert bool(movers) is said, _phrases(ctx)
