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
