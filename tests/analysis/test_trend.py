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
