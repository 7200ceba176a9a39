"""An Adj Close whose factor steps down is a fault, read on the price alone (analysis/dividends.py).

The shared bars' 2022-05-10: the factor of all four index ETFs fell, and the scoreboard printed
"$SPY (-2.3%; -2.8% with its dividend)" in a week $SPY paid no dividend.
"""

from __future__ import annotations

import numpy as np
import pytest

from newsletter.analysis.dividends import FAULT, adjusted_ok


@pytest.mark.parametrize(("step", "ok"), [
    (0.0, True), (0.004, True),            # no dividend; a dividend (the factor steps up)
    (-0.5 * FAULT, True),                  # rounding
    (-2 * FAULT, False), (-0.005, False),  # a fault
])
def test_the_factor_may_only_step_up(step: float, ok: bool) -> None:
    close = np.array([100.0, 101.0, 102.0, 101.5])
    factor = np.array([0.98, 0.98, 0.98 * (1 + step), 0.98 * (1 + step)])
    assert adjusted_ok(close, close * factor) is ok


def test_missing_or_non_positive_adjusted_closes_are_not_read() -> None:
    close = np.array([100.0, 101.0])
    assert not adjusted_ok(close, np.array([99.0, np.nan]))
    assert not adjusted_ok(close, np.array([99.0, 0.0]))
    assert not adjusted_ok(close, np.array([99.0]))
