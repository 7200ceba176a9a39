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
