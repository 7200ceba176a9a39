"""The peers a fade could drag: names whose daily returns tracked the stock's."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from newsletter.analysis.peers import tracking, tracking_peers


@pytest.mark.parametrize(("corr", "kept"), [(0.6, True), (0.596, True), (0.594, False), (0.61, True)])
def test_a_peer_tracks_from_a_correlation_of_0_60_as_printed(corr: float, kept: bool) -> None:
    assert bool(tracking_peers({"AVGO": corr})) is kept


def test_the_two_that_track_most_highest_first() -> None:
    assert tracking_peers({"A": 0.65, "B": 0.9, "C": 0.2, "D": 0.7}) == (("B", 0.9), ("D", 0.7))


def _walk(returns: np.ndarray) -> pd.Series:
    idx = pd.bdate_range("2024-01-02", periods=len(returns) + 1)
    return pd.Series(100 * np.cumprod(np.r_[1.0, 1 + returns]), index=idx)


def test_tracking_is_the_correlation_of_daily_returns_over_three_months() -> None:
    rng = np.random.default_rng(3)
    base = rng.normal(0, 0.02, 100)
    close = _walk(base)
    twin = _walk(base * 1.5)                        # the same moves, larger: 1.0
    other = _walk(rng.normal(0, 0.02, 100))         # its own moves
    short = _walk(base[:50])                        # too little shared history
    got = tracking(close, {"TWIN": twin, "OTHER": other, "SHORT": short})
    assert got["TWIN"] == pytest.approx(1.0)
    r = close.pct_change().iloc[-63:], other.pct_change().iloc[-63:]
    assert got["OTHER"] == pytest.approx(float(np.corrcoef(r[0], r[1])[0, 1]))
    assert "SHORT" not in got


def test_two_that_print_alike_are_ranked_by_the_figure() -> None:
    assert tracking_peers({"AMD": 0.76, "NVDA": 0.6003, "MU": 0.6049}) == (("AMD", 0.76), ("MU", 0.6049))
