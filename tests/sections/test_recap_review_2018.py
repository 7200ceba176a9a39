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
    247.75, 15.6% under it. No line of the issue said so."""
    days = {dt.date(2018, 12, 21): 240.70, dt.date(2018, 12, 24): 234.34, dt.date(2018, 12, 26): 246.18,
            dt.date(2018, 12, 27): 248.07, dt.date(2018, 12, 28): 247.75}
    signals, text = _recap(_fall(dt.date(2018, 12, 28), days))
    (dip,) = [s for s in signals if "Bear" in s.phrase]
    assert dip.phrase == "$SPY Dips Into a Bear Market on Monday" and dip.market
    assert dip.hook == ("$SPY's Monday close, 234.34, was 20.2% under its highest close (293.58 on "
                        "Sep 20, 2018): a bear market by the usual 20% rule; it ended the week 15.6% "
                        "under it.")
    assert ("📉 $SPY closed 15.6% under its highest close (293.58 on Sep 20, 2018): a correction by "
            "the usual 10% rule.") in text, text


@pytest.mark.parametrize(("friday", "phrase"), [
    (264.37, None),                             # 9.9496% under: 9.9% as printed
    (264.36, "$SPY Enters a Correction"),    # 9.953%: 10.0% as printed
    (264.22, "$SPY Enters a Correction"),    # 10.001%
    (235.04, "$SPY Enters a Correction"),    # 19.940%: 19.9%
    (235.01, "$SPY Enters a Bear Market"),   # 19.950%: 20.0%
    (234.87, "$SPY Enters a Bear Market"),   # 19.998%
])
def test_a_threshold_is_reached_as_printed(friday: float, phrase: str | None) -> None:
    signals, _ = _recap(_fall(dt.date(2018, 12, 28), {dt.date(2018, 12, 28): friday}))
    found = [s.phrase for s in signals if "Bear" in s.phrase or "Correction" in s.phrase]
    assert found == ([phrase] if phrase else [])


def test_a_threshold_reached_before_the_week_is_no_news() -> None:
    days = {dt.date(2018, 12, 14): 234.0, dt.date(2018, 12, 27): 245.0, dt.date(2018, 12, 28): 245.0}
    signals, text = _recap(_fall(dt.date(2018, 12, 28), days))
    assert not [s for s in signals if "Correction" in s.phrase or "Bear" in s.phrase]
    assert "📉 $SPY closed 16.5% under its highest close" in text


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


# Every replayed issue of 2003-2015 carried "📉 $QQQ closed 63.3% under its highest close (117.75 on
# Mar 27, 2000): a bear market by the usual 20% rule.", through the 2003-2007 and 2009-2015 bull
# markets too (1,965 lines over 1,037 weeks). A fall from a high more than a year old is news
# while the index is still under its 200-day; over it, the line says a trend the tape has left.

@pytest.mark.parametrize(("peak", "last", "said"), [
    (dt.date(2018, 9, 20), 240.0, True),   # the high within a year
    (dt.date(2017, 6, 5), 240.0, False),   # a high more than a year back, the close over its 200-day
    (dt.date(2017, 6, 5), 200.0, True),    # ... and under it: still falling
])
def test_a_fall_from_an_old_high_is_said_only_under_the_200_day(peak: dt.date, last: float,
                                                                said: bool) -> None:
    index = pd.DatetimeIndex(sessions_between(dt.date(2017, 6, 1), dt.date(2019, 3, 1)))
    closes = pd.Series(np.linspace(200.0, 240.0, len(index)), index=index)  # a climb
    closes[pd.Timestamp(peak)] = 300.0
    closes.iloc[-1] = last
    _, text = _recap(make_bars(closes.to_numpy(), index=index))
    assert ("📉 $SPY closed" in text) is said, text


@pytest.mark.parametrize(("weeks_back", "said"), [(51, True), (52, True), (53, False)])
def test_the_high_s_year_is_52_weeks_at_each_edge(weeks_back: int, said: bool) -> None:
    """The 📉 rule's reach (the close over its 200-day): a high 52 weeks back is within it."""
    end = dt.date(2019, 3, 1)
    index = pd.DatetimeIndex(sessions_between(dt.date(2017, 6, 1), end))
    closes = pd.Series(np.linspace(200.0, 240.0, len(index)), index=index)
    peak = index[index <= pd.Timestamp(end - dt.timedelta(weeks=weeks_back))][-1]
    closes[peak] = 300.0
    _, text = _recap(make_bars(closes.to_numpy(), index=index))
    assert ("📉 $SPY closed" in text) is said, text
