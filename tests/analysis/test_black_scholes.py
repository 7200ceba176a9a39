"""Black-Scholes against a textbook value, finite differences of its own price, and its inverse."""

import itertools
import math

import numpy as np
import pytest

from newsletter.analysis.black_scholes import (
    bs_gamma,
    bs_price,
    bs_vega,
    implied_vol,
    implied_vols,
)


def test_textbook_value_and_put_call_parity():
    # Hull's example: S=100, K=100, T=1, r=5%, sigma=20% -> call 10.4506, put 5.5735
    assert bs_price(100, 100, 1, 0.05, 0.2, "call") == pytest.approx(10.4506, abs=5e-5)
    assert bs_price(100, 100, 1, 0.05, 0.2, "put") == pytest.approx(5.5735, abs=5e-5)
    for k in (80.0, 100.0, 125.0):
        call = bs_price(100, k, 0.5, 0.03, 0.3, "call")
        put = bs_price(100, k, 0.5, 0.03, 0.3, "put")
        assert call - put == pytest.approx(100 - k * math.exp(-0.03 * 0.5), abs=1e-10)


GRID = list(itertools.product((80.0, 95.0, 100.0, 110.0, 130.0), (7 / 365, 0.25, 1.0, 2.0),
                              (0.12, 0.35, 0.9)))


@pytest.mark.parametrize("strike,years,sigma", GRID)
def test_greeks_match_central_finite_differences_of_the_price(strike, years, sigma):
    s, r, h = 100.0, 0.04, 0.01
    for kind in ("call", "put"):
        def price(spot, vol=sigma, kind=kind):
            return bs_price(spot, strike, years, r, vol, kind)
        fd_gamma = (price(s + h) - 2 * price(s) + price(s - h)) / (h * h)
        assert bs_gamma(s, strike, years, r, sigma) == pytest.approx(fd_gamma, rel=1e-4, abs=1e-7)
        fd_vega = (price(s, sigma + 1e-5) - price(s, sigma - 1e-5)) / 2e-5
        assert bs_vega(s, strike, years, r, sigma) == pytest.approx(fd_vega, rel=1e-5, abs=1e-7)


def test_implied_vol_solves_back_to_the_vol_the_price_came_from():
    tried = 0
    for (strike, years, sigma), kind in itertools.product(GRID, ("call", "put")):
        price = bs_price(100.0, strike, years, 0.04, sigma, kind)
        time_value = price - bs_price(100.0, strike, years, 0.04, 1e-4, kind)
        if time_value < 1e-4:  # too little to carry the vol (a 130 call or an 80 put, 7 days, 12%)
            continue
        tried += 1
        solved = implied_vol(price, 100.0, strike, years, 0.04, kind)
        assert solved == pytest.approx(sigma, abs=1e-6), (strike, years, sigma, kind)
        assert bs_price(100.0, strike, years, 0.04, solved, kind) == pytest.approx(price, rel=1e-8)
    assert tried >= 100


def test_vectorised_solver_agrees_with_the_scalar_one_and_marks_the_impossible():
    strikes = np.array([90.0, 100.0, 110.0, 100.0])
    kinds = np.array(["put", "call", "call", "call"])
    prices = bs_price(100.0, strikes, 0.3, 0.04, np.array([0.3, 0.2, 0.25, 0.2]), kinds)
    prices[3] = 0.5  # below the call's intrinsic-plus-carry value: no sigma reaches it
    got = implied_vols(prices, 100.0, strikes, np.full(4, 0.3), 0.04, kinds)
    assert got[:3] == pytest.approx([0.3, 0.2, 0.25], abs=1e-6)
    assert math.isnan(got[3])
    assert implied_vol(float(prices[0]), 100.0, 90.0, 0.3, 0.04, "put") == pytest.approx(0.3, abs=1e-6)


def test_no_implied_vol_outside_the_no_arbitrage_bounds():
    intrinsic = 100 - 90 * math.exp(-0.04)
    assert implied_vol(intrinsic - 0.01, 100, 90, 1.0, 0.04, "call") is None
    assert implied_vol(100.5, 100, 90, 1.0, 0.04, "call") is None  # worth more than the stock
    assert implied_vol(0.0, 100, 100, 1.0, 0.04, "put") is None
    assert implied_vol(5.0, 100, 100, 0.0, 0.04, "put") is None  # expired
