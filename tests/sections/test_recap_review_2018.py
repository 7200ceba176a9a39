"""What the review of the real bars' 2017-2019 replay found in the recap's headline candidates.

- 2018-12-09 led "$IWM Cracking Support & The NYSE Stays Shut 1 Day": a one-day closure (a state
  funeral) outranked the S&P's worst week since March (-4.4%) and kept it out of the headline.
- A VIX move of 12% off a single-digit base led 12 headlines ("VIX Jumps 24%": 9.14 -> 11.29,
  2017-11-12) beside an issue that put the VIX at rank 31 of 100.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from newsletter.config import Config, Watchlists
from newsletter.sections import recap
from newsletter.sessions import sessions_between
from tests.analysis.factories import make_bars
from tests.sections.small_frames import context
from tests.sections.test_headline_stories import _signals, _week

# -- a one-day closure is a line, not a headline -------------------------------------------------

def _spy(end: dt.date) -> pd.DataFrame:
    index = pd.DatetimeIndex(sessions_between(end - dt.timedelta(days=500), end))
    return make_bars(np.full(len(index), 100.0), index=index)


def _closure_phrases(end: dt.date) -> list[str]:
    ctx = context({"SPY": _spy(end)}, config=Config(watchlists=Watchlists(indices=["SPY"])))
    return [s.phrase for s in recap.build(ctx).signals if "NYSE" in s.phrase]


def test_a_one_day_closure_is_no_headline() -> None:
    # Wednesday, Dec 5, 2018 (President Bush's funeral): the recap's line says it, no headline
    assert _closure_phrases(dt.date(2018, 12, 7)) == []
    # Hurricane Sandy's two days (Oct 29-30, 2012) and Sep 11-14, 2001 are the week's story
    assert _closure_phrases(dt.date(2012, 11, 2)) == ["The NYSE Closes for 2 Days"]


# -- a VIX move needs size in points too -----------------------------------------------------------

def _vix_phrases(before: float, after: float) -> list[str]:
    bars = {"SPY": make_bars(_week(0.3), "2025-01-06"),
            "^VIX": make_bars([30.0] * 150 + [5.0] + [before] * 112 + [after], "2025-01-06")}
    ctx = context(bars, config=Config(watchlists=Watchlists(indices=list(bars), macro=[], sectors=[])))
    return [s.phrase for s in _signals(ctx) if s.subject == "VIX"]


@pytest.mark.parametrize(("before", "after", "phrases"), [
    (9.14, 11.29, []),                        # 2017-11-12: +24%, 2.15 points
    (12.0, 14.99, []),                        # +25%, a cent under 3 points
    (12.0, 15.0, ["VIX Jumps 25%"]),          # 3 points
    (12.0, 15.01, ["VIX Jumps 25%"]),
    (25.0, 22.01, []),                        # -12%, a cent under 3 points
    (25.0, 22.0, ["VIX Sinks 12%"]),
    (25.0, 21.99, ["VIX Sinks 12%"]),
])
def test_a_vix_move_is_news_from_three_points(before: float, after: float, phrases: list[str]) -> None:
    assert _vix_phrases(before, after) == phrases


# -- a close over every close in the data is a record, not "a 17-Year High" ------------------------

def test_a_close_over_all_the_data_is_a_record_high() -> None:
    from newsletter.analysis.close_records import close_record

    index = pd.DatetimeIndex(sessions_between(dt.date(2000, 1, 3), dt.date(2017, 9, 29)))
    rising = pd.Series(np.linspace(100.0, 250.0, len(index)), index=index)
    rec = close_record(rising)
    assert rec is not None and rec.since is None
    assert recap.record_words(rec) == "Record High"
    assert recap.record_hook("$SPY", rec) == (
        "$SPY ended the week at its highest close in the data here, back to Jan 2000.")
    # a close that only the 2000 peak tops is a 17-year high
    peaked = rising.copy()
    peaked.iloc[50] = 260.0
    rec = close_record(peaked)
    assert rec is not None and recap.record_words(rec) == "17-Year High"
    falling = pd.Series(np.linspace(40.0, 9.14, len(index)), index=index)
    rec = close_record(falling)
    assert rec is not None and recap.record_words(rec) == "Record Low"


# -- how far under its high: a correction, a bear market -----------------------------------------

def _fall(end: dt.date, path: dict[dt.date, float]) -> pd.DataFrame:
    """$SPY at 290 (1.2% under its high), 293.58 on Sep 20, 2018, then the closes of ``path``."""
    index = pd.DatetimeIndex(sessions_between(dt.date(2017, 6, 1), end))
    closes = pd.Series(290.0, index=index)
    closes[pd.Timestamp(2018, 9, 20)] = 293.58
    for day, value in path.items():
        closes[pd.Timestamp(day)] = value
    return make_bars(closes.to_numpy(), index=index)


def _recap(bars: pd.DataFrame) -> tuple[list, str]:
    from tests.sections.small_frames import render_sections

    ctx = context({"SPY": bars}, config=Config(watchlists=Watchlists(indices=["SPY"])))
    return list(recap.build(ctx).signals), render_sections(ctx, recap)


def test_the_first_close_in_a_bear_market_is_the_week_s_story() -> None:
    """2018-12-30: $SPY's Monday close, 234.34, was 20.2% under its Sep 20 close; the week ended at
    247.75, 15.6% under it. No line of the issue said so (here with no dividend between: see
    test_a_threshold_is_judged_with_the_dividends_paid)."""
    days = {dt.date(2018, 12, 21): 240.70, dt.date(2018, 12, 24): 234.34, dt.date(2018, 12, 26): 246.18,
            dt.date(2018, 12, 27): 248.07, dt.date(2018, 12, 28): 247.75}
    signals, text = _recap(_fall(dt.date(2018, 12, 28), days))
    (dip,) = [s for s in signals if "Bear" in s.phrase]
    assert dip.phrase == "$SPY Dips Into a Bear Market on Monday" and dip.market
    # back over the line by the week's close, in a week $SPY rose 2.9%: it weighs a quarter of a
    # close that stays past it (half, and half again for the rising week: the replay's 2022-03-20)
    assert dip.strength == pytest.approx(recap.DRAWDOWN_STRENGTH["bear market"] / 4)
    assert dip.hook == ("$SPY's Monday close, 234.34, was 20.2% under its highest close (293.58 on "
                        "Sep 20, 2018): a bear market by the usual 20% rule; it ended the week 15.6% "
                        "under it.")
    assert text.count("was 20.2% under its highest close") == 1, text  # the lead, not again
    assert "a correction by the usual 10% rule" not in text, text  # no standing line beside it


@pytest.mark.parametrize(("friday", "share"), [
    (240.70, 2),    # the week flat (0.0% as printed): half
    (240.60, 2),    # -0.04%, prints 0.0%: half
    (240.95, 4),    # +0.1% as printed: a rising week, a quarter
])
def test_a_dip_weighs_less_in_a_week_its_name_rose(friday: float, share: int) -> None:
    days = {dt.date(2018, 12, 21): 240.70, dt.date(2018, 12, 24): 234.34,
            dt.date(2018, 12, 26): 238.0, dt.date(2018, 12, 27): 239.0, dt.date(2018, 12, 28): friday}
    signals, _ = _recap(_fall(dt.date(2018, 12, 28), days))
    (dip,) = [s for s in signals if "Bear" in s.phrase]
    assert dip.strength == pytest.approx(recap.DRAWDOWN_STRENGTH["bear market"] / share)


def _with_dividend(bars: pd.DataFrame, ex_date: dt.date, factor: float) -> pd.DataFrame:
    """``bars`` with Adj Close back-adjusted for a dividend going ex on ``ex_date`` (closes before it
    times ``factor``), as Yahoo adjusts."""
    out = bars.copy()
    before = out.index < pd.Timestamp(ex_date)
    out.loc[before, "Adj Close"] = out.loc[before, "Close"] * factor
    return out


def test_a_threshold_is_judged_with_the_dividends_paid() -> None:
    """The replay's 2018-12-30 headlined "$SPY Dips Into a Bear Market on Monday": $SPY's price was
    20.2% under its Sep 20 close, but 2.76 of dividends had gone ex since (Sep 21, Dec 21); with
    them $SPY was 19.4% under it, and the S&P itself closed 19.8% under its high, famously not in
    a bear market. A threshold is judged on the total return; the price's distance is printed."""
    days = {dt.date(2018, 12, 21): 240.70, dt.date(2018, 12, 24): 234.34, dt.date(2018, 12, 26): 246.18,
            dt.date(2018, 12, 27): 248.07, dt.date(2018, 12, 28): 247.75}
    bars = _with_dividend(_fall(dt.date(2018, 12, 28), days), dt.date(2018, 12, 21), 0.99)
    signals, text = _recap(bars)
    assert not [s for s in signals if "Bear" in s.phrase], [s.phrase for s in signals]
    # the correction line, where the total return first reached 10%, came before the week
    assert "bear market" not in text, text


def test_a_crossing_prints_both_distances_when_they_differ() -> None:
    days = {dt.date(2018, 12, 24): 262.0, dt.date(2018, 12, 28): 262.0}  # 10.8% price, 10.0% total
    bars = _with_dividend(_fall(dt.date(2018, 12, 28), days), dt.date(2018, 12, 21), 1.0 - 0.0087)
    signals, _ = _recap(bars)
    (enters,) = [s for s in signals if "Correction" in s.phrase]
    assert enters.hook.endswith("$SPY's Monday close, 262.00, was 10.8% under its highest close "
                                "(293.58 on Sep 20, 2018), 10.0% with the dividends paid since: a "
                                "correction by the usual 10% rule."), enters.hook


@pytest.mark.parametrize(("friday", "phrase"), [
    (264.37, None),                             # 9.9496% under: 9.9% as printed
    (264.36, "Into a Correction"),    # 9.953%: 10.0% as printed
    (264.22, "Into a Correction"),    # 10.001%
    (235.04, "Into a Correction"),    # 19.940%: 19.9%
    (235.01, "Into a Bear Market"),   # 19.950%: 20.0%
    (234.87, "Into a Bear Market"),   # 19.998%
])
def test_a_threshold_is_reached_as_printed(friday: float, phrase: str | None) -> None:
    signals, _ = _recap(_fall(dt.date(2018, 12, 28), {dt.date(2018, 12, 28): friday}))
    # the week's fall and the threshold, one phrase ("$SPY Tumbles 8.8% Into a Correction")
    found = [s.phrase for s in signals if "Bear" in s.phrase or "Correction" in s.phrase]
    assert len(found) == (1 if phrase else 0) and all(f.endswith(phrase or "") for f in found), found


def test_a_threshold_reached_before_the_week_is_no_news() -> None:
    """Nor is the standing state a line each week: the replay's 2020-2021 printed 69 📉 lines in 25
    issues ($DIA's in 22 running), flipping "bear market" and "correction" as $IWM crossed 20%
    back and forth (05-31 to 07-05), and "a correction" for $SPY 24.8% over its March low."""
    days = {dt.date(2018, 12, 14): 234.0, dt.date(2018, 12, 27): 245.0, dt.date(2018, 12, 28): 245.0}
    signals, text = _recap(_fall(dt.date(2018, 12, 28), days))
    assert not [s for s in signals if "Correction" in s.phrase or "Bear" in s.phrase]
    assert "📉" not in text, text


# -- "a Record" needs ten years of data: the replay's 2001 "$SPY Crashes 11.6% to a Record Low" -----

@pytest.mark.parametrize(("years", "kind", "words"), [
    (9, "high", "9-Year High"), (10, "high", "Record High"), (11, "high", "Record High"),
    (1, "low", "52-Week Low"), (2, "low", "2-Year Low"), (9, "low", "9-Year Low"),
    (10, "low", "Record Low")])
def test_a_close_past_all_the_data_is_a_record_only_from_ten_years(years: int, kind: str,
                                                                  words: str) -> None:
    from newsletter.analysis.close_records import CloseRecord

    rec = CloseRecord(kind, years, None, dt.date(2000, 1, 3))  # type: ignore[arg-type]
    assert recap.record_words(rec) == words


def test_the_2001_low_past_every_close_since_jan_2000_is_a_52_week_low() -> None:
    from newsletter.analysis.close_records import close_record

    index = pd.DatetimeIndex(sessions_between(dt.date(2000, 1, 3), dt.date(2001, 3, 16)))
    falling = pd.Series(np.linspace(145.0, 115.0, len(index)), index=index)
    rec = close_record(falling)
    assert rec is not None and rec.since is None and rec.years == 1
    assert recap.record_words(rec) == "52-Week Low"


# The replay's 2009-2010: the only drawdown lines said "a bear market" against Oct 2007 in May 2010,
# while the 10% fall from the Apr 23, 2010 close, the correction every trader named, went unsaid
# (6 issues). A fall is measured from the highest close of the 52 weeks to the as-of.

def _two_peaks(old_peak: dt.date, fall_to: float) -> pd.DataFrame:
    """$SPY climbing 200 to 240 from Jun 2017 to Feb 2019, an old 300 close on ``old_peak``, and
    the last Friday's close at ``fall_to``."""
    index = pd.DatetimeIndex(sessions_between(dt.date(2017, 6, 1), dt.date(2019, 3, 1)))
    closes = pd.Series(np.linspace(200.0, 240.0, len(index)), index=index)
    closes[pd.Timestamp(old_peak)] = 300.0
    closes.iloc[-1] = fall_to
    return make_bars(closes.to_numpy(), index=index)


def test_a_correction_is_measured_from_the_52_week_high() -> None:
    signals, text = _recap(_two_peaks(dt.date(2017, 6, 5), 215.0))  # 10.4% under the Feb high
    (enters,) = [s for s in signals if "Correction" in s.phrase]
    assert enters.phrase == "$SPY Crashes 10.2% Into a Correction"
    assert ("$SPY's Friday close, 215.00, was 10.4% under its highest close in 52 weeks (239.91 on "
            "Feb 28, 2019)") in enters.hook, enters.hook


@pytest.mark.parametrize(("weeks_back", "reference"), [(51, 300.0), (52, 300.0), (53, None)])
def test_the_high_s_reach_is_52_weeks_at_each_edge(weeks_back: int, reference: float | None) -> None:
    from newsletter.analysis.drawdown import drawdown

    end = dt.date(2019, 3, 1)
    index = pd.DatetimeIndex(sessions_between(dt.date(2017, 6, 1), end))
    closes = pd.Series(np.linspace(200.0, 240.0, len(index)), index=index)
    peak = index[index <= pd.Timestamp(end - dt.timedelta(weeks=weeks_back))][-1]
    closes[peak] = 300.0
    found = drawdown(closes, weeks=52)
    assert found is not None
    within = closes[closes.index >= pd.Timestamp(end - dt.timedelta(weeks=52))]
    assert found.high == (reference if reference is not None else float(within.max()))


def test_the_s_p_s_week_and_the_threshold_it_crossed_are_one_phrase() -> None:
    """The replay's 2020-03-15 led "$SPY Tumbles 9.5% & $IWM Leads the Drop, -17.3%": its "$SPY
    Enters a Bear Market" was left out, a second phrase about the same name."""
    # -8.0%, 21.7% under the high; a lower close in June: no 52-week low to tell
    days = {dt.date(2018, 6, 1): 200.0, dt.date(2018, 12, 21): 250.0, dt.date(2018, 12, 28): 230.0}
    signals, _ = _recap(_fall(dt.date(2018, 12, 28), days))
    phrases = [s.phrase for s in signals if "Bear" in s.phrase]
    assert phrases == ["$SPY Tumbles 8.0% Into a Bear Market"], [s.phrase for s in signals]
    (both,) = [s for s in signals if "Bear" in s.phrase]
    assert "$SPY fell 8.0%" in both.hook and "a bear market by the usual 20% rule" in both.hook


def test_a_52_week_low_gives_way_to_the_threshold_in_the_phrase() -> None:
    """The replay's 2022-06-19: "$SPY Tumbles 6.1% to a 52-Week Low" over "$SPY Enters a Bear
    Market"; the low stays in the hook."""
    days = {dt.date(2018, 12, 21): 250.0, dt.date(2018, 12, 28): 230.0}  # a 52-week low too
    signals, _ = _recap(_fall(dt.date(2018, 12, 28), days))
    (both,) = [s for s in signals if "Bear" in s.phrase]
    assert both.phrase == "$SPY Tumbles 8.0% Into a Bear Market"
    assert "lowest close" in both.hook, both.hook


@pytest.mark.parametrize(("kind", "closes", "words"), [
    ("high", [95.0] * 5 + [100.0, 80.0] + [95.0] * 560 + [100.5], "High Over Its Jan 2000 Peak"),
    ("low", [105.0] * 5 + [100.0, 120.0] + [105.0] * 560 + [99.5], "Low Under Its Jan 2000 Bottom"),
    ("high", [100.0, 80.0] + [95.0] * 560 + [100.5], "2-Year High"),  # the data's edge, no peak
    ("high", [95.0] * 5 + [100.0, 80.0] + [95.0] * 300 + [100.5], "52-Week High"),  # one year
])
def test_a_close_over_the_data_s_old_peak_names_it(kind: str, closes: list[float],
                                                   words: str) -> None:
    # the replay's 2007-10-07 "$SPY Rips 2.1% to a 7-Year High" of a close over every one in the
    # data, its 2000 peak included: from 2 years of data the words name the top it cleared
    from newsletter.analysis.close_records import close_record

    index = pd.DatetimeIndex(sessions_between(dt.date(2000, 1, 3), dt.date(2002, 6, 28)))
    rec = close_record(pd.Series(closes, index=index[:len(closes)], dtype=float))
    assert rec is not None and rec.kind == kind and rec.since is None
    assert recap.record_words(rec) == words
