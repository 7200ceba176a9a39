"""🔙 Every index's close record is said, the VIX's too.

The replay's 2010-2012 review: the VIX closed at 48.00 on Aug 8, 2011, its highest close since
Mar 2009, and no line of the 2011-08-14 issue said so; $IWM's first record close since 2007
(Apr 5-6, 2011) was in no line either, under a headline that took another story (47 records in
30 issues). Only $SPY's record inside the week had a line.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from newsletter.model import Issue
from newsletter.render import environment, render_markdown
from newsletter.sections import recap
from newsletter.workspace import PACKAGE_DIR
from tests.sections.test_headline import FLAT, _ctx, _week


def _records(**series: list[float]) -> tuple[str, ...]:
    built = recap.build(_ctx(**series))
    assert built is not None
    return tuple(r.line for r in built.section.data.records)


def test_the_vix_s_spike_inside_the_week_is_said() -> None:
    # Monday 160 over the year's 150 peak, then back to 105 by Thursday
    lines = _records(SPY=_week(0.3), _VIX=FLAT + [100.0, 160.0, 120.0, 110.0, 105.0])
    assert any(line.startswith("The VIX's Monday close, **160.00**, was its highest close")
               for line in lines), lines


def test_an_index_s_fresh_record_at_the_last_close_is_said() -> None:
    lines = _records(SPY=_week(0.3), QQQ=FLAT + [100.0] * 4 + [151.0])
    assert "$QQQ ended the week at its highest close in the data here, back to Jan 2025." in lines


def test_a_record_in_a_run_of_records_is_not() -> None:
    # the close before the week's base was a record as long-lived: the tenth high, not the first
    run = FLAT[:-10] + [150.0 + i for i in range(1, 12)]
    lines = _records(SPY=_week(0.3), QQQ=run)
    assert not any(line.startswith("$QQQ ended the week") for line in lines), lines


def test_a_record_short_of_the_peak_is_no_record() -> None:
    lines = _records(SPY=_week(0.3), QQQ=FLAT + [100.0] * 4 + [149.0])  # under the 150 peak
    assert not any("$QQQ" in line for line in lines), lines


def test_a_record_the_hook_tells_is_not_said_twice() -> None:
    ctx = _ctx(SPY=_week(0.3), QQQ=FLAT + [100.0] * 4 + [151.0])
    built = recap.build(ctx)
    line = "$QQQ ended the week at its highest close in the data here, back to Jan 2025."
    section = replace(built.section, number=1)
    for hook, said in (("", True), (line, False)):
        issue = Issue(date=ctx.issue_date, asof=ctx.snapshot.asof, title="T", headline="H",
                      hook=hook, sections=(section,))
        text = render_markdown(environment([PACKAGE_DIR / "templates"]), issue)
        assert (f"⚡ {line}" in text) is said


def test_a_spike_inside_the_week_in_a_run_of_records_is_not() -> None:
    # the VIX closed over the peak (at 151) six sessions before the week too: Monday's is no first
    # (155, 2.6% past it; from 5% past the run's record it is news again, FRESH_STEP_PCT)
    vix = FLAT[:253] + [151.0] + [100.0] * 5 + [100.0, 155.0, 120.0, 110.0, 105.0]
    assert len(vix) == len(_week(0.3))
    lines = _records(SPY=_week(0.3), _VIX=vix)
    assert not any(line.startswith("The VIX's") for line in lines), lines


def test_at_most_four_records_those_reaching_furthest_back_first() -> None:
    # every index at a fresh low over a year of data, and the VIX at a high: five records
    low = FLAT + [100.0] * 4 + [49.0]          # under the year's 50 trough: the data's lowest
    old_low = FLAT[:2] + [44.0] + FLAT[3:] + [100.0] * 4 + [45.0]  # over Jan 8's 44: less far back
    lines = _records(SPY=low, QQQ=low, IWM=low, DIA=old_low, _VIX=FLAT + [100.0] * 4 + [151.0])
    assert len(lines) == recap.MAX_RECORD_LINES == 4
    assert not any(line.startswith("$DIA") for line in lines), lines


# The replay's 2014-06-08 led "$QQQ Closes at a 13-Year High" while $SPY closed at records on four
# days of five, and no line said so (7 issues of 2013-2014): a record in a run is no headline.

def _rising(years: int, week: list[float]) -> pd.Series:
    """``years`` of weekdays ending Friday 2026-03-20: a climb to 100, then 98 for the 70
    sessions before the week (this year has no record before it), then ``week``."""
    n = years * 261
    days = pd.bdate_range(end="2026-03-20", periods=n + len(week))
    return pd.Series([*np.linspace(50.0, 100.0, n - 70), *[98.0] * 70, *week], index=days)


@pytest.mark.parametrize(("week", "counts"), [
    ([99.0, 101.0, 100.5, 102.0, 102.0], (2, 5, 2, 2026)),   # Tue and Thu; Friday ties: none
    ([99.0, 99.5, 99.9, 100.0, 99.0], None),                 # 100.00 ties the high: no record
    ([100.01, 99.0, 99.0, 99.0, 99.0], (1, 5, 1, 2026)),     # a cent over
])
def test_record_closes_are_counted_strictly(week: list[float], counts) -> None:
    assert recap.record_close_counts(_rising(11, week)) == counts


def test_under_ten_years_of_data_no_close_is_a_record() -> None:
    assert recap.record_close_counts(_rising(9, [101.0] * 5)) is None


def test_the_line_names_the_first_index_s_sessions_and_the_year() -> None:
    assert recap.record_counts_words([("$SPY", (4, 5, 18, 2014)), ("$DIA", (3, 5, 6, 2014))], 2014) == (
        "Record closes this week: $SPY on 4 of 5 sessions (18 so far in 2014), $DIA on 3 (6).")


def test_an_issue_after_the_year_ended_names_the_year_done() -> None:
    # the replay's 2021-01-03 (data to Dec 31, 2020): "(32 so far this year)" read as 2021's
    assert recap.record_counts_words([("$SPY", (1, 4, 32, 2020))], 2020, done=True) == (
        "Record closes this week: $SPY on 1 of 4 sessions (32 in 2020).")


def test_a_week_across_new_year_counts_the_year_of_its_records() -> None:
    # the replay's 2014-01-05: "$SPY on 1 of 4 sessions (0 so far in 2014)", the record Dec 31's
    days = pd.bdate_range(end="2014-01-03", periods=11 * 261).drop(pd.Timestamp("2014-01-01"))
    closes = pd.Series(np.r_[np.linspace(50.0, 100.0, len(days) - 2), [99.5, 99.0]],
                       index=days)  # a record every session to Dec 31, 2013; Jan 2 and 3 under
    (week, sessions, count, year) = recap.record_close_counts(closes)
    assert (week, sessions, year) == (2, 4, 2013) and count > 2  # Dec 30 and 31, of many in 2013
    assert recap.record_counts_words([("$SPY", (week, sessions, count, year)),
                                      ("$DIA", (1, 4, 1, 2014))], 2014) == (
        f"Record closes this week: $SPY on 2 of 4 sessions ({count} in 2013), "
        "$DIA on 1 (1 so far in 2014).")


def test_a_record_the_hook_tells_in_other_words_is_not_said_again() -> None:
    """2020-03-22: the hook "$SPY fell 15.0%, its worst week since ..., and its lowest close since
    Feb 2, 2017." above "⚡ $SPY ended the week at its lowest close since Feb 2, 2017."."""
    r = recap.RecordLine("$SPY", "lowest close since Feb 2, 2017",
                         "$SPY ended the week at its lowest close since Feb 2, 2017.")
    assert r.told_in("$SPY fell 15.0%, its worst week since the week to Oct 10, 2008 (-19.8%), "
                     "and its lowest close since Feb 2, 2017.")
    assert not r.told_in("$QQQ closed under its 182.07 support: short under 170.12.")
    assert not r.told_in("$IWM fell 15.1%, its lowest close since Feb 2, 2017.")


def test_the_vix_s_record_inside_the_week_is_a_headline_candidate() -> None:
    """The replay's 2020-03-22: the VIX's 82.69 of Monday, its highest close in the data, had no
    headline candidate (its week's +14% mirrored the S&P's and its Friday close was no record);
    2007-08-19 the same of its 30.83, the span's peak, under a no-trade headline."""
    ctx = _ctx(SPY=_week(0.3), _VIX=FLAT + [100.0, 160.0, 120.0, 110.0, 105.0])
    phrases = [s.phrase for s in recap.build(ctx).signals]
    assert "VIX Closed at a 52-Week High on Monday" in phrases, phrases
    ctx = _ctx(SPY=_week(0.3), _VIX=FLAT + [100.0, 149.0, 120.0, 110.0, 105.0])  # under the peak
    assert not any("on Monday" in s.phrase for s in recap.build(ctx).signals)


def _record_tuesday(friday: float, dividend_share: float = 0.0) -> tuple[pd.Series, pd.Series]:
    """$SPY climbing to a record on Tuesday (200.00), then Friday's close at ``friday``; Adj Close
    with a dividend of ``dividend_share`` of the close going ex on Friday."""
    index = pd.bdate_range(end="2026-03-20", periods=300)
    closes = pd.Series(np.linspace(150.0, 199.0, 300), index=index)
    closes.iloc[-4] = 200.0
    closes.iloc[-3] = 199.5
    closes.iloc[-2] = 199.5
    closes.iloc[-1] = friday
    adjusted = closes.copy()
    adjusted.iloc[:-1] *= 1.0 - dividend_share
    return closes, adjusted


@pytest.mark.parametrize(("friday", "share", "phrase", "tail"), [
    (197.6, 0.0, "$SPY Slips From Tuesday's 52-Week High", "; it ended the week 1.2% under it, at "
                                                           "197.60."),
    # 1.2% on the price, 0.6% with the dividend that went ex on Friday: no slip
    (197.6, 0.006, "$SPY Closed at a 52-Week High on Tuesday", "."),
    (198.2, 0.0, "$SPY Closed at a 52-Week High on Tuesday", "."),       # 0.9%
    (198.0, 0.0, "$SPY Slips From Tuesday's 52-Week High", "; it ended the week 1.0% under it, at "
                                                           "198.00."),
])
def test_a_record_given_back_is_judged_with_the_dividend(friday: float, share: float, phrase: str,
                                                         tail: str) -> None:
    """The replay's 2016-12-18: "$SPY Slips From Tuesday's Record High ... 1.2% under it", 0.6%
    with the dividend that went ex on Friday (the scoreboard beside it: "-0.1%; +0.5% with its
    dividend")."""
    from newsletter.sections.recap_records import week_record, week_record_signal

    closes, adjusted = _record_tuesday(friday, share)
    found = week_record(closes)
    assert found is not None
    signal = week_record_signal(closes, found, adjusted)
    assert signal.phrase == phrase and signal.hook.endswith(tail), signal.hook


def test_a_vix_record_in_a_run_on_a_quiet_vix_week_is_no_headline() -> None:
    """The replay's 2008-10-19 led "$SPY Soars 14.5% on Monday & VIX Closes at an 8-Year High" for
    a VIX week of +0.5% (69.95 to 70.33), one more record of a run."""
    run = FLAT[:-5] + [149.0] * 4 + [151.0] + [150.5] * 4 + [151.5]  # +0.7% on the week
    ctx = _ctx(SPY=_week(0.3), _VIX=run)
    assert not any(s.phrase.startswith("VIX Closes at") for s in recap.build(ctx).signals)
    fresh = FLAT[:-5] + [149.0] * 9 + [151.5]  # the first close over 150: news
    ctx = _ctx(SPY=_week(0.3), _VIX=fresh)
    assert any(s.phrase.startswith("VIX Closes at") for s in recap.build(ctx).signals)


# The replay's 2013-04-07: "⚡ $SPY's Tuesday close, 156.82, was its highest close in the data here"
# above "⚡ Record closes this week: $SPY on 1 of 5 sessions (2 so far in 2013)": one record, two
# lines (13 lines of 2013-2014, 7 of 2021). A week's one record close that its own line tells is
# not counted again; two or more are.

def test_a_week_s_one_record_close_with_its_own_line_is_not_counted_again() -> None:
    from newsletter.config import Config, Watchlists
    from tests.analysis.factories import make_bars
    from tests.sections.small_frames import context

    spy = _rising(11, [99.0, 101.0, 100.5, 102.0, 102.0])   # two records: counted
    qqq = _rising(11, [99.0, 99.5, 99.9, 99.95, 101.0])     # one, at the last close: its own line
    bars = {t: make_bars(list(s), index=s.index) for t, s in (("SPY", spy), ("QQQ", qqq))}
    ctx = context(bars, config=Config(watchlists=Watchlists(indices=["SPY", "QQQ"], macro=[],
                                                            sectors=[])))
    data = recap.build(ctx).section.data
    assert "$QQQ ended the week at its highest close in the data here, back to Mar 2015." in [
        r.line for r in data.records]
    assert data.record_counts == "Record closes this week: $SPY on 2 of 5 sessions (2 so far in 2026)."


@pytest.mark.parametrize(("gap", "said"), [(8, False), (30, True)])
def test_spy_s_record_inside_the_week_in_a_run_has_no_line(gap: int, said: bool) -> None:
    """The replay's 2012-03-25, 04-01 and 04-08 each said "$SPY's Monday close ... was its highest
    close since May 20, 2008", one more record of a run each week; the other indices' such records
    had no line already."""
    closes = [100.0] * 250 + [101.0] + [100.0] * gap + [101.5, 100.5, 100.5, 100.5, 100.5]
    closes = [100.0] * ((5 - (len(closes) + 0) % 5) % 5) + closes  # pad: the last close a Friday's
    from newsletter.config import Config, Watchlists
    from tests.analysis.factories import make_bars
    from tests.sections.small_frames import context

    bars = make_bars(closes, "2025-01-06")
    assert bars.index[-1].weekday() == 4
    ctx = context({"SPY": bars}, config=Config(watchlists=Watchlists(indices=["SPY"], macro=[],
                                                                      sectors=[])))
    assert bool(recap.build(ctx).section.data.week_record) is said


def _swings(drop: float, n: int) -> list[float]:
    """FLAT, then ``n`` drops of ``drop`` % each won back the next session, ten sessions apart, in
    the quarter before a week of four flat sessions: no day of the week ranks back a year."""
    closes = FLAT[: len(FLAT) - 10 * n]
    for _ in range(n):
        closes += [100.0] * 8 + [100.0 * (1 - drop / 100), 100.0]
    return closes + [100.0] * 4


@pytest.mark.parametrize(("last", "line"), [
    (96.0, "On Thursday $QQQ fell 4.0%, its sixth drop this big in 13 weeks."),
    (97.0, "On Thursday $QQQ fell 3.0%, its sixth drop this big in 13 weeks."),
    (97.01, None),  # 2.99%: under the 3% of big_days.DAY_MOVE_PCT, a day read there unrounded
    (97.1, None),   # 2.9%
])
def test_another_index_s_3_percent_day_is_never_silent(last: float, line: str | None) -> None:
    # the replay's 2022 left 35 index days of 3% or more in no line (23 of them $QQQ's), each
    # ranking under a year back among a year of big days
    built = recap.build(_ctx(SPY=_week(0.3), QQQ=_swings(4.5, 5) + [last]))
    lines = [r.line for r in built.section.data.index_ranks]
    said = [x for x in lines if x.startswith("On Thursday $QQQ")]
    if line is None:
        assert said == [], said
    else:
        assert said == [line], lines


# The replay's 2019-06-23 led "$SPY Closed at a Record High on Thursday & $QQQ Jumps 3.2%", $DIA's
# record close of the same Thursday in a ⚡ line; 2008-11-23 "$SPY Tumbles 8.2% & $QQQ Closed at a
# 5-Year Low on Thursday" of $QQQ's, $IWM's and $DIA's 5-year lows that Thursday (19 weeks of
# 2000-2022 had two or more such records the same day in the same words). One story, one phrase.

RECORD_MONDAY = FLAT + [149.0, 151.0, 150.8, 150.6, 150.5]
"""A record close on Monday (151 over the year's 150), the week ending 0.3% under it."""
GAVE_BACK = FLAT + [149.0, 151.0, 150.0, 149.0, 148.0]
"""The same record, the week ending 2.0% under it ("Slips From")."""
RECORD_TUESDAY = FLAT + [149.0, 149.5, 151.0, 150.8, 150.6]


def _inside(**series: list[float]) -> list:
    return [s for s in recap.build(_ctx(**series)).signals if " on Monday" in s.phrase
            or " on Tuesday" in s.phrase or "'s 52-Week" in s.phrase]


def test_records_of_one_day_in_the_same_words_are_one_phrase() -> None:
    (two,) = _inside(SPY=RECORD_MONDAY, QQQ=FLAT + [100.0] * 5, DIA=RECORD_MONDAY)
    assert two.phrase == "$SPY and $DIA Closed at 52-Week Highs on Monday"
    assert two.hook == ("$SPY's Monday close, 151.00, was its highest close in the data here, back "
                        "to Jan 2025. $DIA's Monday close, 151.00, was its highest close in the "
                        "data here, back to Jan 2025.")
    assert two.market and two.story == "the close record: 52-Week High"
    assert dict(two.without) == {"$SPY": "$DIA Closed at a 52-Week High on Monday",
                                 "$DIA": "$SPY Closed at a 52-Week High on Monday"}
    (three,) = _inside(SPY=RECORD_MONDAY, QQQ=RECORD_MONDAY, DIA=RECORD_MONDAY)
    assert three.phrase == "$SPY, $QQQ and $DIA Closed at 52-Week Highs on Monday"
    assert dict(three.without)["$QQQ"] == "$SPY and $DIA Closed at 52-Week Highs on Monday"
    (gave,) = _inside(SPY=GAVE_BACK, DIA=GAVE_BACK)
    assert gave.phrase == "$SPY and $DIA Slip From Monday's 52-Week Highs"


def test_records_of_other_days_or_other_words_stay_apart() -> None:
    apart = _inside(SPY=RECORD_MONDAY, DIA=RECORD_TUESDAY)
    assert sorted(s.phrase for s in apart) == ["$DIA Closed at a 52-Week High on Tuesday",
                                               "$SPY Closed at a 52-Week High on Monday"]
    apart = _inside(SPY=RECORD_MONDAY, DIA=GAVE_BACK)  # one held the record, one slipped from it
    assert sorted(s.phrase for s in apart) == ["$DIA Slips From Monday's 52-Week High",
                                               "$SPY Closed at a 52-Week High on Monday"]


def test_a_headline_about_one_of_them_names_the_others() -> None:
    from newsletter.sections.base import Signal
    from newsletter.sections.headline import make_headline

    ctx = _ctx(SPY=RECORD_MONDAY, QQQ=RECORD_MONDAY, DIA=RECORD_MONDAY)
    (group,) = _inside(SPY=RECORD_MONDAY, QQQ=RECORD_MONDAY, DIA=RECORD_MONDAY)
    lead = Signal(9.0, "$QQQ Rises 8 Weeks in a Row", "$QQQ rose 8 weeks running.")
    headline, hook = make_headline(ctx, [lead, group])
    assert headline == "$QQQ Rises 8 Weeks in a Row & $SPY and $DIA Closed at 52-Week Highs on Monday"
    # the group is the lead's aside (a record of $QQQ's) and the second phrase: told once, after
    # the lead's own story (the replay's 2017-07-23 told three record closes twice)
    assert hook.startswith(f"$QQQ rose 8 weeks running. {group.hook} "), hook
    assert hook.count("$QQQ's Monday close") == 1, hook
