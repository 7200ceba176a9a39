"""The sample chains' quotes: implied volatilities consistent with their own prices, seeded."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from newsletter.analysis.black_scholes import bs_price, bs_vega, implied_vols
from newsletter.analysis.volatility import RISK_FREE_RATE, atm_iv, realised_vol, term_structure
from newsletter.data.sample import SampleSource, options
from newsletter.data.sample.options import RATE
from newsletter.model import OPTION_COLUMNS

ASOF = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def market() -> SampleSource:
    return SampleSource(seed=7)


def spot(market, ticker):
    return float(market.bars([ticker], ASOF, ASOF).bars[ticker]["Close"].iloc[-1])


def years(chain):
    return np.array([(e - ASOF).days / 365 for e in chain["expiry"]])


def test_the_sample_prices_at_the_rate_analysis_assumes():
    assert RATE == RISK_FREE_RATE


@pytest.mark.parametrize("ticker", ["SPY", "TSLA", "IWM", "HIMS"])
def test_quotes_are_the_black_scholes_price_of_the_listed_iv(market, ticker):
    chain = market.options(ticker, ASOF)
    s = spot(market, ticker)
    iv = chain["implied_volatility"].to_numpy()
    assert (iv > 0).all() and (chain["ask"] > chain["bid"]).all() and (chain["bid"] >= 0).all()
    model = bs_price(s, chain["strike"].to_numpy(), years(chain), RISK_FREE_RATE, iv,
                     chain["kind"].to_numpy())
    mid = (chain["bid"] + chain["ask"]).to_numpy() / 2
    two_sided = chain["bid"].to_numpy() > 0
    assert two_sided.sum() > len(chain) / 2
    # cent rounding of a spread symmetric around the model price moves the mid by half a cent
    assert np.abs(model - mid)[two_sided].max() <= 0.005 + 1e-9
    assert ((chain["bid"] <= model + 1e-9) & (model <= chain["ask"] + 1e-9)).all()
    # and the IV solved back from the mid is the listed one, up to what half a cent is worth
    # in vol (half a cent over vega), wherever a vol point is worth a cent or more
    solved = implied_vols(mid, s, chain["strike"].to_numpy(), years(chain), RISK_FREE_RATE,
                          chain["kind"].to_numpy())
    vega = bs_vega(s, chain["strike"].to_numpy(), years(chain), RISK_FREE_RATE, iv)
    worth = two_sided & (vega >= 1.0)
    assert worth.sum() >= 10
    error = np.abs(solved - iv)[worth]
    assert (error <= 0.005 / vega[worth] * 1.01 + 1e-7).all()


def test_iv_sits_near_realised_with_a_put_skew_and_an_upward_term_in_calm_markets(market):
    s = spot(market, "SPY")
    chain = market.options("SPY", ASOF)
    bars = market.bars(["SPY"], dt.date(2026, 9, 1), ASOF).bars["SPY"]
    atm = atm_iv(chain, s, ASOF)
    assert atm.source == "chain" and atm.monthly
    assert 0.8 < atm.iv / realised_vol(bars["Close"]) < 1.6
    assert term_structure(chain, s, ASOF).shape == "upward"
    monthly = chain[chain["expiry"] == atm.expiry].set_index(["kind", "strike"])["implied_volatility"]
    strikes = sorted(set(chain["strike"]))
    low, high = strikes[len(strikes) // 4], strikes[-len(strikes) // 4]
    assert monthly[("put", low)] > monthly[("call", high)]


def test_quotes_leave_open_interest_and_volume_untouched(monkeypatch):
    # the quotes draw from their own stream: without them the chain's other columns are the same
    quoted = SampleSource(7).options("SPY", ASOF)
    monkeypatch.setattr(options, "_quote", lambda chain, under, rng: chain)
    bare = SampleSource(7).options("SPY", ASOF)
    assert list(bare.columns) == list(OPTION_COLUMNS)
    pd.testing.assert_frame_equal(quoted[list(OPTION_COLUMNS)], bare, check_exact=True)


def digest(chain: pd.DataFrame) -> str:
    h = hashlib.sha256()
    h.update(chain[["strike", "open_interest", "volume", "bid", "ask",
                    "implied_volatility"]].to_numpy().tobytes())
    h.update("".join(map(str, chain["expiry"])).encode() + "".join(chain["kind"]).encode())
    return h.hexdigest()


def test_quotes_are_byte_identical_in_another_process():
    code = ("import datetime as dt, sys\n"
            "sys.path.insert(0, 'tests/data')\n"
            "from test_sample_option_quotes import digest\n"
            "from newsletter.data.sample import SampleSource\n"
            "print(digest(SampleSource(7).options('TSLA', dt.date(2026, 11, 20))))\n")
    here = digest(SampleSource(7).options("TSLA", ASOF))
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root,
                         env=env, check=True, timeout=120)
    assert out.stdout.strip() == here
