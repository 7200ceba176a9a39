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


def test_flip_is_the_sign_change_nearest_the_spot():
    assert flip_level(lambda x: (x - 103.0) * (x - 90.0), 100.0) == pytest.approx(103.0, abs=1e-4)
    assert flip_level(lambda x: (x - 103.0) * (x - 90.0), 95.0) == pytest.approx(90.0, abs=1e-4)
    assert flip_level(lambda x: x - 100.0, 100.0) == pytest.approx(100.0, abs=1e-4)
    assert flip_level(lambda x: x - 125.0, 100.0) is None  # beyond the 20 % searched
    assert flip_level(lambda x: 1.0, 100.0) is None


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
    # put gamma at 95 outweighs the calls at 105 at the spot: negative, the flip above
    assert got.total < 0 and got.flip > 100.0 and got.regime == "negative"
    assert got.regime_text == "negative gamma: moves tend to extend"


def test_calls_above_put_heavy_strikes_flip_positive():
    rows = [(MONTHLY, "put", 95.0, 1000.0, 0.0, 0.2), (MONTHLY, "call", 100.0, 5000.0, 0.0, 0.2),
            (MONTHLY, "call", 110.0, 1000.0, 0.0, 0.2)]
    got = gamma_exposure(chain(rows), 100.0, ASOF)
    assert got.flip < 100.0 and got.regime == "positive"
    assert got.regime_text == "positive gamma: pullbacks tend to be absorbed"
    assert "short puts" in got.convention


def test_flip_between_a_put_and_a_call_strike_matches_the_closed_form():
    # equal open interest and IV on a 95 put and a 105 call: their gammas are equal where
    # d1(S, 95) = -d1(S, 105), i.e. S = sqrt(95 * 105) * exp(-(r + sigma^2 / 2) * T)
    rows = [(MONTHLY, "put", 95.0, 1000.0, 0.0, 0.2), (MONTHLY, "call", 105.0, 1000.0, 0.0, 0.2)]
    years = 14 / 365
    expected = (95 * 105) ** 0.5 * np.exp(-(RISK_FREE_RATE + 0.02) * years)
    got = gamma_exposure(chain(rows), 101.0, ASOF)
    assert got.flip == pytest.approx(expected, abs=1e-4)
    assert got.regime == "positive"  # 101 is above the flip, nearer the call


def test_flip_on_a_four_strike_chain_against_a_plain_scan():
    rows = [(MONTHLY, "put", 90.0, 4000.0, 0.0, 0.30), (MONTHLY, "put", 95.0, 3000.0, 0.0, 0.26),
            (MONTHLY, "call", 100.0, 2500.0, 0.0, 0.22), (MONTHLY, "call", 105.0, 3000.0, 0.0, 0.20)]
    years = 14 / 365

    def total(spot):
        out = 0.0
        for _, kind, strike, oi, _, iv in rows:
            sign = 1 if kind == "call" else -1
            out += sign * fd_gamma(spot, strike, years, iv) * oi * 100 * spot * spot * 0.01
        return out

    spots = [90 + i * 0.02 for i in range(751)]  # 90.00 .. 105.00, two cents apart
    crossings = [b for a, b in zip(spots[:-1], spots[1:], strict=True) if (total(a) < 0) != (total(b) < 0)]
    assert len(crossings) == 1
    got = gamma_exposure(chain(rows), 99.0, ASOF)
    assert got.flip == pytest.approx(crossings[0], abs=0.021)
    assert (got.total > 0) == (99.0 > got.flip)


def test_no_open_interest_is_not_enough_data():
    rows = [(MONTHLY, "call", 100.0, 0.0, 0.0, 0.2)]
    with pytest.raises(NotEnoughData):
        gamma_exposure(chain(rows), 100.0, ASOF)
