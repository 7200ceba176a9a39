"""The trend channel, checked on lines and zigzags computed by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from newsletter.analysis import NotEnoughData
from newsletter.analysis.trend import trend_channel
from tests.analysis.factories import sessions


def _series(values) -> pd.Series:
    return pd.Series(np.asarray(values, float), index=sessions(len(values)))


def test_a_steady_rise_is_a_rising_channel_with_its_monthly_slope() -> None:
    closes = 100 * 1.001 ** np.arange(200)
    zig = closes * (1 + 0.01 * np.sin(np.arange(200) * 2 * np.pi / 20))
    ch = trend_channel(_series(zig), sessions=126)
    assert ch.slope_pct_month == pytest.approx((1.001 ** 21 - 1) * 100, rel=0.05)
    assert ch.structure == "higher"
    assert ch.lower < ch.middle < ch.upper and 0.0 <= ch.position <= 1.0


def test_a_steady_fall_makes_lower_highs_and_lower_lows() -> None:
    closes = 100 * 0.999 ** np.arange(200) * (1 + 0.01 * np.sin(np.arange(200) * 2 * np.pi / 20))
    ch = trend_channel(_series(closes))
    assert ch.slope_pct_month < 0 and ch.structure == "lower"
    assert ch.swing_highs[1] < ch.swing_highs[0] and ch.swing_lows[1] < ch.swing_lows[0]


def test_a_flat_range_is_mixed() -> None:
    closes = 100 * (1 + 0.01 * np.sin(np.arange(200) * 2 * np.pi / 20))
    assert trend_channel(_series(closes)).structure == "mixed"


def test_not_enough_history() -> None:
    with pytest.raises(NotEnoughData, match="need 126 sessions, have 50"):
        trend_channel(_series(np.linspace(1, 2, 50)))


# Found on the real bars (the README's replay workspace, 2022-06-19): $IWM's channel "falls 3.4% a
# month, but its last two swings made higher highs and higher lows" with the close at 165.18, under
# both of those lows (170.60 and 175.57): the structure the words stood on had already given way.

def _rising_zigzag_then(last: float) -> pd.Series:
    closes = 100 * 1.001 ** np.arange(200) * (1 + 0.01 * np.sin(np.arange(200) * 2 * np.pi / 20))
    lows = trend_channel(_series(closes)).swing_lows
    return _series(np.r_[closes, [lows[1] + last]])


@pytest.mark.parametrize(("offset", "broken"), [(-0.01, True), (0.0, False), (0.01, False)])
def test_a_close_under_the_last_swing_low_breaks_a_rising_structure(offset: float,
                                                                     broken: bool) -> None:
    ch = trend_channel(_rising_zigzag_then(offset))
    assert ch.structure == "higher"
    assert ch.broken_swing == (ch.swing_lows[1] if broken else None)


@pytest.mark.parametrize(("offset", "broken"), [(0.01, True), (0.0, False), (-0.01, False)])
def test_a_close_over_the_last_swing_high_breaks_a_falling_structure(offset: float,
                                                                      broken: bool) -> None:
    closes = 100 * 0.999 ** np.arange(200) * (1 + 0.01 * np.sin(np.arange(200) * 2 * np.pi / 20))
    highs = trend_channel(_series(closes)).swing_highs
    ch = trend_channel(_series(np.r_[closes, [highs[1] + offset]]))
    assert ch.structure == "lower"
    assert ch.broken_swing == (ch.swing_highs[1] if broken else None)


def test_a_mixed_structure_has_nothing_to_break() -> None:
    closes = 100 * (1 + 0.01 * np.sin(np.arange(200) * 2 * np.pi / 20))
    assert trend_channel(_series(np.r_[closes, [50.0]])).broken_swing is None
