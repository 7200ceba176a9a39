"""📐 A fall of 10% or more from the high is a correction, not "a pullback in an uptrend": the real
bars' 2020-03-01 read $QQQ "a pullback in an uptrend" 13.2% under its record, under the headline
"The S&P Crashes 11.2%" (5 lines in 4 issues of 2019-2021)."""

from __future__ import annotations

import numpy as np
import pytest

from newsletter.sections import technical
from tests.analysis.factories import make_bars


@pytest.mark.parametrize(("low", "words"), [
    (91.0, "a pullback in an uptrend (the 5-day under the 50-day, over the 200-day)"),
    (88.0, "a correction, 12.0% under its highest close, in an uptrend (the 5-day under the "
           "50-day, over the 200-day)"),
])
def test_a_fall_of_ten_percent_is_a_correction(low: float, words: str) -> None:
    closes = np.r_[np.linspace(50.0, 100.0, 400), np.linspace(100.0, low, 6)[1:]]
    setup = technical.setup("QQQ", make_bars(closes, "2022-01-03"))
    assert setup.order == (50, 5, 200)
    assert setup.averages_words == words


# The replay's 2014-04-13: "$QQQ ... a bear market, 28.6% under its highest close, in an uptrend"
# with $QQQ at 13-year highs: its highest close was Mar 2000's. The 5-day's dip under the 50-day is
# a pullback from this year's highs; a peak more than a year old is no part of it (11 issues).

@pytest.mark.parametrize(("peak_age", "words"), [
    (260, "a correction, "),      # the peak a year back: the dip is part of the fall from it
    (262, "a pullback in an uptrend"),   # further back
])
def test_a_peak_over_a_year_old_is_no_pullback_s_depth(peak_age: int, words: str) -> None:
    # an old peak at 102.27 (90 is 12.0% under it), then a climb to 100 and a dip to 90
    closes = np.r_[np.linspace(50.0, 90.0, 200), [102.27], np.linspace(60.0, 100.0, peak_age - 6),
                   np.linspace(100.0, 90.0, 6)[1:]]
    setup = technical.setup("QQQ", make_bars(closes, "2022-01-03"))
    assert setup.order == (50, 5, 200)
    assert setup.averages_words.startswith(words), setup.averages_words
