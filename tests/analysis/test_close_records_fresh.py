"""A record is news the first time in a run, counting neither the week's own earlier records nor
shorter-lived ones.

Found by the reviews of the real bars: 2020-08-23 ($SPY's first record since the Covid crash, on
Tuesday and again Friday) and 2016-07-17 (the first in 14 months) headlined other stories, the
Friday record weighed as one more in a run for Tuesday's; the VIX's highest close since 2011
(41.94, 2020-03-06) weighed as a run for a 52-week high five sessions before (40.11).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from newsletter.analysis.close_records import close_record
from tests.analysis.factories import sessions

YEAR = [100.0] * 300


def _rec(closes: list[float]):
    # 300 + n sessions from Mon 2024-01-01; the last session is a Friday for the cases below
    index = sessions(len(closes), "2024-01-01")
    return close_record(pd.Series(closes, index=index, dtype=float))


def _friday_aligned(tail: list[float]) -> list[float]:
    """YEAR padded so that ``tail`` ends on a Friday."""
    n = len(YEAR) + len(tail)
    last = sessions(n, "2024-01-01")[-1]
    pad = (4 - last.weekday()) % 5
    return [100.0] * pad + YEAR + tail


def test_the_week_s_own_earlier_record_does_not_make_a_run() -> None:
    # Tue and Fri of the last week both records: Friday's is the week's news
    rec = _rec(_friday_aligned([100.0, 101.0, 100.5, 100.8, 101.5]))
    assert rec is not None and rec.kind == "high" and rec.fresh


def test_a_record_the_week_before_makes_a_run() -> None:
    rec = _rec(_friday_aligned([101.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.5, 101.5]))
    assert rec is not None and not rec.fresh
    # 21 sessions before: out of the run's reach (RECORD_RUN = 20 to the week's base)
    far = _rec(_friday_aligned([101.0] + [100.0] * 24 + [101.5]))
    assert far is not None and far.fresh


def test_a_longer_lived_record_after_a_shorter_one_is_news() -> None:
    # a peak long ago (120), a 52-week high last week (110), a close over 110 but under 120 now:
    # the same span as last week's -> a run; over 120, a record in the data -> news
    base = [120.0] + [100.0] * 299
    run = _rec(_friday_aligned_base(base, [110.0, 100.0, 100.0, 100.0, 100.0, 100.0, 105.0, 111.0]))
    assert run is not None and not run.fresh
    longer = _rec(_friday_aligned_base(base, [110.0, 100.0, 100.0, 100.0, 100.0, 100.0, 105.0, 121.0]))
    assert longer is not None and longer.since is None and longer.fresh


def _friday_aligned_base(base: list[float], tail: list[float]) -> list[float]:
    n = len(base) + len(tail)
    last = sessions(n, "2024-01-01")[-1]
    pad = (4 - last.weekday()) % 5
    return base[:1] + [100.0] * pad + base[1:] + tail


@pytest.mark.parametrize(("last", "fresh"), [(101.5, False), (105.9, False), (106.1, True),
                                             (113.6, True)])
def test_a_record_far_past_the_run_s_last_one_is_news(last: float, fresh: bool) -> None:
    """The replay's 2008-10-26: the VIX closed the week at a record 79.13, 12.5% over the run's
    70.33 of the week before, and no line said so: it read as one more record in a run. From 5%
    (as printed) over the run's last record it is news again: 105.9 is 4.9% over 101, 106.1 5.0%."""
    rec = _rec(_friday_aligned([101.0, 100.0, 100.0, 100.0, 100.0] + [100.0] * 4 + [last]))
    assert rec is not None and rec.kind == "high" and rec.fresh is fresh, rec



# The replay's spring of 2021: "VIX Closes at a 52-Week Low" led 6 issues, each "lowest since Feb
# 21, 2020", the VIX 8% under the run's low of two weeks before (17.33 against 18.86): at the
# stock indices' 5% a VIX low was news again every other week. The VIX's step is its news-sized
# week, 12%.

@pytest.mark.parametrize(("last", "fresh"), [(87.2, False),   # 11.9% under the run's 99.0
                                             (87.12, True),   # 12.0%
                                             (87.0, True)])   # 12.1%
def test_a_vix_record_is_news_again_only_a_vix_sized_step_past_its_run(last: float,
                                                                        fresh: bool) -> None:
    from newsletter.analysis.close_records import VIX_STEP_PCT, record_step

    assert record_step("^VIX") == record_step("VIX") == VIX_STEP_PCT == 12.0
    assert record_step("SPY") == 5.0
    closes = _friday_aligned([99.0, 100.0, 100.0, 100.0, 100.0] + [100.0] * 4 + [last])
    index = sessions(len(closes), "2024-01-01")
    series = pd.Series(closes, index=index, dtype=float)
    vix = close_record(series, step_pct=VIX_STEP_PCT)
    assert vix is not None and vix.kind == "low" and vix.fresh is fresh, vix
    stock = close_record(series)  # at the indices' 5%, every one of them is news
    assert stock is not None and stock.fresh

# Found on the real bars (the replay's 2013-2014): "$QQQ Closes at a 13-Year High" led 14 of 104
# issues, 10 of them weighed as fresh though $QQQ had closed at 13-year highs days before: climbing
# back through the falling closes of late 2000, each high reached a few days further back ("since
# Sep 5, 2000", then "since Sep 1, 2000"), so the earlier one never counted as "as long-lived".
# An earlier record of the run counts when it spans as many whole years as this one.

def _climb_through_a_falling_past(earlier: float, last: float) -> pd.Series:
    """A slide from 100 to 50 over 2000-2001 (70.58 on Feb 20, 2001, 69.58 on Mar 6), eleven years
    at 40, then a climb to a record close of ``earlier`` on Fri Mar 1, 2013, a pause, and Fri Mar
    15, 2013's close of ``last``."""
    closes = [*np.linspace(100.0, 50.0, 504), *[40.0] * (11 * 261)]
    closes += list(np.linspace(41.0, earlier, 60))      # ends at a record on Mar 1, 2013
    closes += [earlier - 1.0] * 5                        # a pause
    closes += [earlier - 0.9, earlier - 0.8, earlier - 0.7, earlier - 0.6, last]  # the week
    index = sessions(len(closes), "2000-01-03")
    assert index[-11].date().isoformat() == "2013-03-01" and index[-1].weekday() == 4
    return pd.Series(closes, index=index, dtype=float)


@pytest.mark.parametrize(("earlier", "years", "fresh"), [
    (70.2, 12, False),   # since Feb 23, 2001: as many years as this week's -> a run
    (69.5, 11, True),    # since Mar 6, 2001: a year short of this week's reach -> news
])
def test_a_record_in_a_climb_through_a_falling_past(earlier: float, years: int, fresh: bool) -> None:
    s = _climb_through_a_falling_past(earlier, 70.5)
    before = close_record(s.iloc[:-10])
    rec = close_record(s)  # 70.5, since Feb 21, 2001: a 12-year high, 1.4% over the run's high
    assert before is not None and rec is not None and rec.kind == "high" and rec.years == 12
    assert before.years == years
    assert rec.since is not None and before.since is not None and rec.since < before.since
    assert rec.fresh is fresh


# Found on the real bars (the replay's 2006 and 2007): $DIA's first closes over its Jan 14, 2000
# peak (17 record closes from Oct 4 to Nov 16, 2006) had no line in any issue, weighed as one more
# record of the run of 6-year highs that began with Sep 27's "highest close since Jan 14, 2000";
# and "$SPY Rips 2.1% to a 7-Year High" (2007-10-07) said of a close over every one in the data,
# the 2000 peak included. A close over the data's old top is its own news.

def _over_the_old_peak(last: float) -> pd.Series:
    """A peak of 120 in Jan 2000, a slide to 60 and six years there, a climb to a 6-year
    high of 119.5 (a record since the slide, not of the data), a pause, and a week ending ``last``."""
    closes = [110.0] * 9 + [120.0] + list(np.linspace(119.0, 60.0, 250)) + [60.0] * (6 * 261)
    closes += list(np.linspace(61.0, 119.5, 60)) + [118.0] * 5
    tail = [118.1, 118.2, 118.3, 118.4, last]
    index = sessions(len(closes) + len(tail), "2000-01-03")
    pad = (4 - index[-1].weekday()) % 5
    closes = [110.0] * pad + closes + tail
    index = sessions(len(closes), "2000-01-03")
    assert index[-1].weekday() == 4
    return pd.Series(closes, index=index, dtype=float)


@pytest.mark.parametrize(("last", "since_none", "fresh"), [
    (119.9, False, False),  # under the old peak: one more 6-year high of the run
    (120.0, False, False),  # at it: a tie is no record of the data ("since Jan 14, 2000")
    (120.01, True, True),   # over it, a cent: the data's old top cleared, news
])
def test_a_close_over_the_data_s_old_peak_is_news(last: float, since_none: bool,
                                                  fresh: bool) -> None:
    s = _over_the_old_peak(last)
    rec = close_record(s)
    assert rec is not None and rec.kind == "high"
    assert (rec.since is None) is since_none
    assert rec.fresh is fresh
    if since_none:
        assert rec.peak == s.iloc[:300].idxmax().date() and s[rec.peak.isoformat()] == 120.0


def test_the_next_record_of_the_data_is_one_more_of_its_run() -> None:
    s = _over_the_old_peak(121.0)
    nxt = pd.concat([s, pd.Series([120.5] * 4 + [121.5], dtype=float,
                                  index=sessions(len(s) + 5, "2000-01-03")[-5:])])
    rec = close_record(nxt)
    assert rec is not None and rec.since is None and not rec.fresh
    assert rec.peak == s.iloc[:300].idxmax().date()  # still the old top it clears


@pytest.mark.parametrize(("low", "peak"), [(90.1, False), (90.0, True), (89.9, True)])
def test_an_old_top_is_a_peak_after_a_correction_s_swing(low: float, peak: bool) -> None:
    # a top of 100 on the sixth session, a fall to ``low`` (9.9, 10.0, 10.1% under it), a year
    # back at 95, and a close of 100.5 over every one: the top is a peak only after a 10% swing
    closes = [95.0] * 5 + [100.0, low] + [95.0] * 300 + [100.5]
    rec = close_record(pd.Series(closes, index=sessions(len(closes), "2000-01-03"), dtype=float))
    assert rec is not None and rec.since is None
    assert (rec.peak is not None) is peak


def test_the_data_s_first_close_is_no_peak() -> None:
    closes = [100.0, 80.0] + [95.0] * 300 + [100.5]
    rec = close_record(pd.Series(closes, index=sessions(len(closes), "2000-01-03"), dtype=float))
    assert rec is not None and rec.since is None and rec.peak is None
