"""The replay's whole-history pivots give exactly what support_resistance finds on each window."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from newsletter.analysis import memo
from newsletter.analysis.breakdown import broke_support
from newsletter.analysis.levels import support_resistance


def closes(seed: int, n: int = 700) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    # prices on a coarse grid, so equal closes (ties between pivots) happen often
    values = np.round(100 + np.cumsum(rng.normal(0, 1, n)), 0) / 4 + 50
    index = pd.bdate_range("2001-01-02", periods=n, name="Date")
    return pd.DataFrame({"Close": values}, index=index)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_memo_pivots_equal_the_window_computation(seed: int) -> None:
    frame = closes(seed)
    cuts = list(range(12, len(frame), 17)) + [len(frame)]
    plain = [support_resistance(frame.iloc[:cut]) for cut in cuts]
    plain += [broke_support(frame.iloc[:cut]) for cut in cuts[3:]]
    with memo.whole_history({"X": frame}):
        assert memo.close_pivots(frame["Close"].iloc[100:400], 5, 5) is not None
        fast = [support_resistance(frame.iloc[:cut]) for cut in cuts]
        fast += [broke_support(frame.iloc[:cut]) for cut in cuts[3:]]
    assert fast == plain
    assert any(s.support_date and s.resistance_date for s in plain[:len(cuts)])


def test_a_window_with_other_values_takes_the_ordinary_path() -> None:
    frame = closes(4)
    changed = frame.copy()
    changed.iloc[300, 0] += 1.0
    with memo.whole_history({"X": frame}):
        assert memo.close_pivots(changed["Close"].iloc[:400], 5, 5) is None
        assert memo.close_pivots(frame["Close"].iloc[:400], 5, 5) is not None
    assert memo.close_pivots(frame["Close"].iloc[:400], 5, 5) is None, "nothing stays registered"


@pytest.mark.parametrize("seed", [5, 6, 7])
def test_memo_swing_points_equal_the_window_computation(seed: int) -> None:
    """swing_points on closes (and the trend channel built on them) read from the memo: the same
    frame, row for row, kind for kind, as the rolling computation on each window."""
    from newsletter.analysis.levels import swing_points
    from newsletter.analysis.trend import trend_channel

    frame = closes(seed)
    windows = [(a, b) for a in (0, 3, 50, 211) for b in (11, 12, 40, 126, 300, len(frame))
               if b - a >= 11]
    plain = [swing_points(frame["Close"].iloc[a:b]) for a, b in windows]
    plain_channels = [trend_channel(frame.iloc[:cut]) for cut in (126, 200, 480, len(frame))]
    with memo.whole_history({"X": frame}):
        assert memo.close_pivots(frame["Close"].iloc[0:300], 5, 5) is not None
        fast = [swing_points(frame["Close"].iloc[a:b]) for a, b in windows]
        fast_channels = [trend_channel(frame.iloc[:cut]) for cut in (126, 200, 480, len(frame))]
    for (a, b), p, f in zip(windows, plain, fast, strict=True):
        pd.testing.assert_frame_equal(f, p, obj=f"window {a}:{b}")
    assert fast_channels == plain_channels
    assert any((p["kind"] == "high").any() and (p["kind"] == "low").any() for p in plain)


def test_memo_swing_points_with_equal_closes_count_the_first_high() -> None:
    """A flat top of two equal closes: the first is the swing high, in both paths."""
    from newsletter.analysis.levels import swing_points

    values = [1, 2, 3, 4, 5, 6, 9, 9, 5, 4, 3, 2, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    frame = pd.DataFrame({"Close": np.array(values, dtype=float)},
                         index=pd.bdate_range("2020-01-01", periods=len(values), name="Date"))
    plain = swing_points(frame["Close"])
    with memo.whole_history({"X": frame}):
        fast = swing_points(frame["Close"])
    pd.testing.assert_frame_equal(fast, plain)
    assert list(plain["kind"]) == ["high", "low"] and plain.index[0] == frame.index[6]
    rising = frame.iloc[12:]  # no pivot at all: an empty frame, in both paths
    with memo.whole_history({"X": frame}):
        fast = swing_points(rising["Close"])
    pd.testing.assert_frame_equal(fast, swing_points(rising["Close"]))
    assert fast.empty
