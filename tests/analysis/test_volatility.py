"""ATM IV, skew, term structure, realised vol and IV rank on hand-built chains and plain loops."""

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from newsletter.analysis.black_scholes import bs_price
from newsletter.analysis.history import NotEnoughData
from newsletter.analysis.volatility import (
    RISK_FREE_RATE,
    atm_iv,
    chain_ivs,
    iv_rank,
    realised_vol,
    skew,
    term_structure,
)

ASOF = dt.date(2026, 12, 4)
WEEKLY = dt.date(2026, 12, 11)
MONTHLY = dt.date(2026, 12, 18)  # third Friday
NEXT_MONTHLY = dt.date(2027, 1, 15)


def chain(rows, with_iv=True, with_quotes=False, spot=100.0):
    """Rows (expiry, kind, strike, iv); quotes priced by Black-Scholes at that iv."""
    frame = pd.DataFrame(rows, columns=["expiry", "kind", "strike", "implied_volatility"])
    frame["open_interest"] = 100.0
    frame["volume"] = 10.0
    if with_quotes:
        years = np.array([max((e - ASOF).days, 1) / 365 for e in frame["expiry"]])
        mid = bs_price(spot, frame["strike"].to_numpy(), years, RISK_FREE_RATE,
                       frame["implied_volatility"].to_numpy(), frame["kind"].to_numpy())
        frame["bid"] = mid - 0.05
        frame["ask"] = mid + 0.05
    if not with_iv:
        frame = frame.drop(columns="implied_volatility")
    return frame


def smile(expiry, ivs):
    """Calls and puts at each strike: {strike: (call iv, put iv)}."""
    return [r for k, (c, p) in ivs.items() for r in ((expiry, "call", k, c), (expiry, "put", k, p))]


HAND = smile(MONTHLY, {95.0: (0.24, 0.26), 100.0: (0.20, 0.22), 105.0: (0.18, 0.20)})


def test_atm_iv_interpolates_the_call_put_mean_in_strike_on_the_nearest_monthly():
    rows = HAND + smile(WEEKLY, {95.0: (0.5, 0.5), 105.0: (0.5, 0.5)})
    got = atm_iv(chain(rows), 102.0, ASOF)
    # strike 100: (0.20+0.22)/2 = 0.21; 105: 0.19; at 102: 0.21 + 0.4 * (0.19 - 0.21) = 0.202
    assert got.iv == pytest.approx(20.2, abs=1e-9)
    assert (got.expiry, got.days, got.monthly, got.source) == (MONTHLY, 14, True, "chain")


def test_without_a_monthly_the_nearest_expiry_stands_in_and_says_so():
    got = atm_iv(chain(smile(WEEKLY, {95.0: (0.3, 0.3), 105.0: (0.2, 0.2)})), 100.0, ASOF)
    assert (got.expiry, got.monthly, got.iv) == (WEEKLY, False, pytest.approx(25.0))


def test_iv_is_solved_from_mid_prices_when_the_chain_has_none():
    got = atm_iv(chain(HAND, with_iv=False, with_quotes=True, spot=102.0), 102.0, ASOF)
    assert got.iv == pytest.approx(20.2, abs=1e-6)
    assert got.source == "mid"
    mixed = chain(HAND, with_quotes=True, spot=102.0)
    mixed.loc[0, "implied_volatility"] = np.nan
    assert atm_iv(mixed, 102.0, ASOF).source == "chain and mid"
    mixed.loc[1, "implied_volatility"] = 1e-5  # Yahoo's placeholder for "no quote"
    rows = chain_ivs(mixed, 102.0, ASOF)
    assert rows.loc[0, "iv"] == pytest.approx(0.24, abs=1e-6)
    assert rows.loc[1, "iv"] == pytest.approx(0.26, abs=1e-6)
    assert rows["iv_source"].tolist()[:3] == ["mid", "mid", "chain"]


def test_expired_and_unpriceable_contracts_are_dropped():
    rows = HAND + smile(ASOF, {100.0: (0.9, 0.9)})
    frame = chain(rows, with_iv=False, with_quotes=True)
    frame.loc[frame["expiry"] == MONTHLY, ["bid", "ask"]] = 0.0
    assert chain_ivs(frame, 100.0, ASOF).empty
    with pytest.raises(NotEnoughData):
        atm_iv(frame, 100.0, ASOF)


def test_atm_needs_strikes_on_both_sides_of_the_spot():
    with pytest.raises(NotEnoughData):
        atm_iv(chain(HAND), 106.0, ASOF)


def test_skew_is_the_5pct_otm_put_minus_the_5pct_otm_call():
    got = skew(chain(HAND), 100.0, ASOF)
    assert (got.put_iv, got.call_iv) == (pytest.approx(26.0), pytest.approx(18.0))
    assert got.skew == pytest.approx(8.0) and got.expiry == MONTHLY


def test_term_structure_shape():
    up = HAND + smile(NEXT_MONTHLY, {95.0: (0.25, 0.25), 105.0: (0.25, 0.25)})
    got = term_structure(chain(up), 100.0, ASOF)
    assert [p[0] for p in got.points] == [MONTHLY, NEXT_MONTHLY]
    assert got.points[0][2] == pytest.approx(21.0) and got.shape == "upward"
    assert got.spread == pytest.approx(4.0)
    down = HAND + smile(NEXT_MONTHLY, {95.0: (0.15, 0.15), 105.0: (0.15, 0.15)})
    assert term_structure(chain(down), 100.0, ASOF).shape == "inverted"
    flat = HAND + smile(NEXT_MONTHLY, {95.0: (0.213, 0.213), 105.0: (0.213, 0.213)})
    assert term_structure(chain(flat), 100.0, ASOF).shape == "flat"
    with pytest.raises(NotEnoughData):
        term_structure(chain(HAND), 100.0, ASOF)


def closes(n, seed=3):
    rng = np.random.default_rng(seed)
    idx = pd.bdate_range("2026-01-01", periods=n)
    return pd.Series(100 * np.exp(np.cumsum(rng.normal(0, 0.01, n))), index=idx)


def test_realised_vol_matches_a_plain_loop():
    close = closes(60)
    values = list(close)[-21:]
    rets = [math.log(values[i] / values[i - 1]) for i in range(1, 21)]
    mean = sum(rets) / 20
    var = sum((x - mean) ** 2 for x in rets) / 19
    assert realised_vol(close) == pytest.approx(math.sqrt(var) * math.sqrt(252) * 100, rel=1e-12)


def test_realised_vol_needs_21_closes_and_skips_missing_sessions():
    assert realised_vol(closes(21)) > 0
    with pytest.raises(NotEnoughData):
        realised_vol(closes(20))
    gappy = closes(22)
    gappy.iloc[5] = np.nan
    assert realised_vol(gappy) == pytest.approx(realised_vol(gappy.dropna()))


def test_iv_rank_needs_60_observations():
    history = pd.Series(np.linspace(10, 30, 59))
    short = iv_rank(history)
    assert (short.rank, short.percentile, short.observations) == (None, None, 59)
    full = iv_rank(pd.Series([*np.linspace(10, 30, 59), 15.0]))
    assert full.observations == 60
    # low 10, high 30, today 15: rank (15 - 10) / (30 - 10) = 25
    assert full.rank == pytest.approx(25.0)
    below = sum(v < 15.0 for v in np.linspace(10, 30, 59))
    assert full.percentile == pytest.approx(100 * below / 59)


def test_iv_rank_uses_the_last_252_observations():
    history = pd.Series([90.0] + [20.0] * 251 + [25.0, 30.0])
    got = iv_rank(history)
    assert got.observations == 252 and (got.low, got.high) == (20.0, 30.0)
    assert got.rank == pytest.approx(100.0) and got.percentile == pytest.approx(100.0)
    with pytest.raises(NotEnoughData):
        iv_rank(pd.Series([np.nan]))


@pytest.mark.parametrize(("back", "shape"), [
    (0.2144, "flat"),        # +0.44 prints +0.4 pts: under half a point
    (0.2146, "upward"),      # +0.46 prints +0.5 pts: the word follows the print
    (0.2150, "upward"),
    (0.2056, "flat"),        # -0.44
    (0.2054, "inverted")])   # -0.46 prints -0.5 pts
def test_term_structure_shape_follows_the_printed_spread(back: float, shape: str) -> None:
    """Before: '+0.5 pts back over front' beside 'term structure flat' at a spread of 0.46."""
    rows = HAND + smile(NEXT_MONTHLY, {95.0: (back, back), 105.0: (back, back)})
    got = term_structure(chain(rows), 100.0, ASOF)
    assert got.points[0][2] == pytest.approx(21.0)
    assert got.shape == shape, got.spread



# Found in the real-data replay: "VIX 31.51 vs $SPY 20-day realised 22.5%: implied 9.1 pts over
# realised" (31.51 - 22.5 is 9.0); 221 of 1,037 such lines did not add up as printed. A gap
# between two printed vols is the difference of the vols as printed: here the skew and the term
# structure's back over front.

@pytest.mark.parametrize(("put", "call", "shown"), [
    (0.2614, 0.1786, 8.2),    # 26.1% vs 17.9% printed: 8.2 (8.28 between them)
    (0.2006, 0.2004, 0.1),    # 20.1% vs 20.0% (0.02 between them)
    (0.2004, 0.2004, 0.0)])
def test_the_skew_is_the_difference_of_the_printed_ivs(put: float, call: float, shown: float) -> None:
    rows = smile(MONTHLY, {95.0: (0.30, put), 100.0: (0.20, 0.20), 105.0: (call, 0.30)})
    got = skew(chain(rows), 100.0, ASOF)
    assert (round(got.put_iv, 6), round(got.call_iv, 6)) == (100 * put, 100 * call)
    assert round(got.skew, 9) == shown


@pytest.mark.parametrize(("back", "shown"), [
    (0.2148, 0.5),    # 21.5% over 21.0%: 0.5 (0.48 between them)
    (0.2153, 0.5)])   # 21.5% over 21.0% (0.53)
def test_the_term_spread_is_the_difference_of_the_printed_ivs(back: float, shown: float) -> None:
    rows = HAND + smile(NEXT_MONTHLY, {95.0: (back, back), 105.0: (back, back)})
    got = term_structure(chain(rows), 100.0, ASOF)
    assert round(got.spread, 9) == shown and got.shape == "upward"
