"""Dealer gamma exposure: the flip on hand cases, the dollar figure against an independent sum."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from newsletter.analysis.black_scholes import bs_price
from newsletter.analysis.gamma import flip_level, gamma_exposure
from newsletter.analysis.history import NotEnoughData
from newsletter.analysis.volatility import RISK_FREE_RATE

ASOF = dt.date(2026, 12, 4)
MONTHLY = dt.date(2026, 12, 18)


def test_flip_on_a_four_strike_hand_case():
    # net -3, -1, +2, +5 -> cumulative -3, -4, -2, +3: the sum turns positive at 105
    strikes = np.array([90.0, 95.0, 100.0, 105.0])
    assert flip_level(strikes, np.array([-3.0, -1.0, 2.0, 5.0]), 100.0) == 105.0
    # order of the input does not matter
    assert flip_level(strikes[::-1], np.array([5.0, 2.0, -1.0, -3.0]), 100.0) == 105.0
    # cumulative +1, -1, +1, -1: three flips (95, 100, 105), the one nearest the spot wins
    alternating = np.array([1.0, -2.0, 2.0, -2.0])
    assert flip_level(strikes, alternating, 99.0) == 100.0
    assert flip_level(strikes, alternating, 107.0) == 105.0
    # never changes sign; a zero keeps the sign before it
    assert flip_level(strikes, np.array([1.0, 1.0, -2.0, 3.0]), 100.0) is None
    assert flip_level(strikes, np.array([-1.0, -1.0, 2.0, 1.0]), 100.0) == 105.0


def chain(rows):
    return pd.DataFrame(rows, columns=["expiry", "kind", "strike", "open_interest", "volume",
                                       "implied_volatility"])


def fd_gamma(spot, strike, years, sigma):
    h = 0.01
    p = [bs_price(s, strike, years, RISK_FREE_RATE, sigma, "call") for s in (spot - h, spot, spot + h)]
    return (p[0] - 2 * p[1] + p[2]) / (h * h)


def test_exposure_by_strike_against_an_independent_sum():
    rows = [(MONTHLY, "call", 105.0, 2000.0, 0.0, 0.18), (MONTHLY, "put", 95.0, 3000.0, 0.0, 0.25),
            (MONTHLY, "put", 105.0, 500.0, 0.0, 0.20), (ASOF, "call", 100.0, 9e6, 0.0, 0.2)]
    got = gamma_exposure(chain(rows), 100.0, ASOF)
    years = 14 / 365
    dollars = 100 * 100.0 ** 2 * 0.01
    call105 = fd_gamma(100.0, 105.0, years, 0.18) * 2000 * dollars
    put95 = -fd_gamma(100.0, 95.0, years, 0.25) * 3000 * dollars
    put105 = -fd_gamma(100.0, 105.0, years, 0.20) * 500 * dollars
    assert [s.strike for s in got.by_strike] == [95.0, 105.0]  # the expired contract is out
    assert got.by_strike[0].puts == pytest.approx(put95, rel=1e-4)
    assert got.by_strike[0].calls == 0.0
    assert got.by_strike[1].calls == pytest.approx(call105, rel=1e-4)
    assert got.by_strike[1].net == pytest.approx(call105 + put105, rel=1e-4)
    assert got.total == pytest.approx(call105 + put95 + put105, rel=1e-4)
    # put gamma at 95 outweighs the calls at 105: the sum stays negative, no flip
    assert got.total < 0 and got.flip is None and got.regime == "negative"
    assert got.regime_text == "negative gamma: moves tend to extend"


def test_calls_above_put_heavy_strikes_flip_positive():
    rows = [(MONTHLY, "put", 95.0, 1000.0, 0.0, 0.2), (MONTHLY, "call", 100.0, 5000.0, 0.0, 0.2),
            (MONTHLY, "call", 110.0, 1000.0, 0.0, 0.2)]
    got = gamma_exposure(chain(rows), 100.0, ASOF)
    assert got.flip == 100.0 and got.regime == "positive"
    assert got.regime_text == "positive gamma: pullbacks tend to be absorbed"
    assert "short puts" in got.convention


def test_no_open_interest_is_not_enough_data():
    rows = [(MONTHLY, "call", 100.0, 0.0, 0.0, 0.2)]
    with pytest.raises(NotEnoughData):
        gamma_exposure(chain(rows), 100.0, ASOF)
