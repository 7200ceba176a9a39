"""The sample market's credit and VIX-term tickers behave like their namesakes.

The seed-41 review: the sample had no profiles for HYG, LQD, IEF or ^VIX3M and drew them as a
random stock or index, so every issue with Three Minds or the Regime Read on printed "VIX/VIX3M
0.01 (contango)" and credit moves of 5 to 58 points a month, and voted on them (11 of 13 "Macro:
up" reads; 6 regime calls blocked).
"""

from __future__ import annotations

import pandas as pd
import pytest

from newsletter.data.sample.source import SampleSource


@pytest.fixture(scope="module")
def closes() -> pd.DataFrame:
    src = SampleSource(seed=41)
    tickers = ["^VIX", "^VIX3M", "HYG", "LQD", "IEF", "^TNX", "SPY"]
    return pd.DataFrame({t: src.history(t)["Close"] for t in tickers}).dropna()


def test_the_vix_term_structure_is_a_ratio_near_one(closes: pd.DataFrame) -> None:
    ratio = closes["^VIX"] / closes["^VIX3M"]
    assert 0.6 < ratio.min() and ratio.max() < 1.5
    calm, panic = closes["^VIX"] < 14, closes["^VIX"] > 30
    assert (ratio[calm] < 1).all()          # contango when calm
    if panic.any():
        assert (ratio[panic] > 1).all()     # backwardation in a panic


def test_bond_etfs_fall_as_the_yield_rises(closes: pd.DataFrame) -> None:
    moves = closes.pct_change().dropna()
    for bond in ("IEF", "LQD"):
        assert moves[bond].corr(closes["^TNX"].diff().dropna()) < -0.8
    # high yield trades with stocks too
    assert moves["HYG"].corr(moves["SPY"]) > 0.5


def test_credit_moves_by_points_not_tens_of_points(closes: pd.DataFrame) -> None:
    monthly = (closes["HYG"] / closes["LQD"]).pct_change(21).dropna() * 100
    assert monthly.abs().quantile(0.95) < 6.0
