import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
import talib

from newsletter.analysis import NotEnoughData
from newsletter.analysis.indicators import (
    atr,
    bollinger,
    ema,
    ema_stack,
    indicator_snapshot,
    keltner,
    ma_cross,
    macd,
    rsi,
    sma,
)
from tests.analysis.factories import (
    flat_bars,
    load_real,
    make_bars,
    random_bars,
    sessions,
    with_nan_rows,
)

ONE_TO_TEN = pd.Series(np.arange(1.0, 11.0), index=sessions(10))


def test_sma_of_one_to_ten():
    out = sma(ONE_TO_TEN, 5)
    assert out.iloc[:4].isna().all()
    assert out.iloc[4:].tolist() == [3.0, 4.0, 5.0, 6.0, 7.0, 8.0]


def test_ema_of_a_straight_line_lags_by_half_its_length():
    out = ema(ONE_TO_TEN, 5)  # seeded with mean(1..5) = 3, then lags (5 - 1) / 2 = 2
    assert out.iloc[4:].tolist() == pytest.approx([3.0, 4.0, 5.0, 6.0, 7.0, 8.0])


def test_rsi_by_hand_wilder():
    closes = pd.Series([10.0, 11, 10, 12, 11, 10], index=sessions(6))
    out = rsi(closes, 2)
    # seed: gains 1,0 losses 0,1 -> 0.5/0.5; then +2: (0.5+2)/2=1.25, 0.5/2=0.25; ...
    assert out.iloc[:2].isna().all()
    assert out.iloc[2:].tolist() == pytest.approx([50.0, 100 * 1.25 / 1.5, 50.0, 100 * 0.3125 / 1.125])


def test_rsi_warm_up_needs_n_plus_one():
    with pytest.raises(NotEnoughData) as err:
        rsi(pd.Series(np.arange(14.0)), 14)
    assert (err.value.need, err.value.have) == (15, 14)
    assert str(err.value) == "not enough data for RSI-14: need 15 sessions, have 14"
    assert rsi(pd.Series(np.arange(15.0)), 14).iloc[-1] == 100.0


def test_macd_of_a_straight_line_is_the_lag_difference():
    line = pd.Series(np.arange(40.0), index=sessions(40))
    m = macd(line)
    assert m.iloc[:33].isna().all().all()
    assert m["macd"].iloc[33:].to_numpy() == pytest.approx(np.full(7, 12.5 - 5.5))
    assert m["hist"].iloc[33:].to_numpy() == pytest.approx(np.zeros(7), abs=1e-9)
    with pytest.raises(NotEnoughData, match="need 34 sessions, have 33"):
        macd(line.iloc[:33])
    with pytest.raises(ValueError, match="leaks the future"):
        macd(line, signal=1)


def test_bollinger_uses_population_deviation():
    closes = pd.Series(np.arange(1.0, 21.0), index=sessions(20))
    last = bollinger(closes).iloc[-1]
    width = 2 * math.sqrt((20**2 - 1) / 12)
    assert last["middle"] == pytest.approx(10.5)
    assert (last["upper"], last["lower"]) == pytest.approx((10.5 + width, 10.5 - width))


def test_atr_constant_range_and_a_gap():
    bars = make_bars([10.0] * 15, spread=1.0)
    assert atr(bars).iloc[-1] == pytest.approx(2.0)
    gapped = make_bars([10.0] * 14 + [20.0], spread=1.0, opens=[10.0] * 14 + [20.0])
    # the gap: true range = max(21 - 19, |21 - 10|, |19 - 10|) = 11 -> (13 * 2 + 11) / 14
    assert atr(gapped).iloc[-1] == pytest.approx((2.0 * 13 + 11.0) / 14)
    with pytest.raises(NotEnoughData, match="ATR-14: need 15 sessions, have 14"):
        atr(bars.iloc[:14])


def test_keltner_of_constant_bars():
    kc = keltner(make_bars([50.0] * 25, spread=1.0)).iloc[-1]
    assert (kc["lower"], kc["middle"], kc["upper"]) == pytest.approx((46.0, 50.0, 54.0))


def test_ma_cross_by_hand():
    closes = pd.Series([10.0, 9, 8, 7, 6, 5, 6, 7, 8, 9], index=sessions(10))
    state = ma_cross(closes, fast=2, slow=4)
    assert state.state == "golden" and state.last_cross == "golden"
    assert state.last_cross_date == sessions(10)[7].date()
    assert state.sessions_since_cross == 2
    assert (state.fast, state.slow) == (8.5, 7.5)
    assert state.quoted_since == sessions(10)[3].date()


def test_ma_cross_without_a_cross_and_halted():
    falling = pd.Series(np.arange(30.0, 0.0, -1.0), index=sessions(30))
    state = ma_cross(falling, 2, 4)
    assert (state.state, state.last_cross_date, state.last_cross) == ("death", None, None)
    halted = ma_cross(flat_bars(210), 50, 200)
    assert (halted.state, halted.last_cross_date) == ("flat", None)


def test_ema_stack_bullish_bearish_mixed():
    up = ema_stack(ONE_TO_TEN, (2, 3, 4))
    assert up.state == "bullish" and up.sessions == 7 and up.since == sessions(10)[3].date()
    assert ema_stack(-ONE_TO_TEN + 20, (2, 3, 4)).state == "bearish"
    assert ema_stack(flat_bars(10)["Close"], (2, 3, 4)).state == "mixed"


def test_snapshot_needs_200_sessions():
    with pytest.raises(NotEnoughData) as err:
        indicator_snapshot(random_bars(57))
    assert (err.value.need, err.value.have) == (200, 57)
    assert "need 200 sessions, have 57" in str(err.value)


def test_snapshot_values_are_quotable_and_match_talib():
    bars = random_bars(260, seed=3)
    snap = indicator_snapshot(bars)
    close = bars["Close"].to_numpy()
    assert snap.date == bars.index[-1].date()
    assert snap.sma[200] == pytest.approx(talib.SMA(close, 200)[-1], rel=1e-12)
    assert snap.rsi14 == pytest.approx(talib.RSI(close, 14)[-1], rel=1e-12)
    values = [snap.rsi14, snap.macd, snap.atr14, snap.bb_upper, snap.keltner_lower,
              *snap.sma.values(), *snap.ema.values()]
    assert all(math.isfinite(v) for v in values)


def test_nan_bars_are_missing_sessions():
    bars = random_bars(230, seed=5)
    holed = with_nan_rows(bars, [10, 100, 228])
    clean = bars.drop(bars.index[[10, 100, 228]])
    assert indicator_snapshot(holed) == indicator_snapshot(clean)
    pd.testing.assert_series_equal(rsi(holed), rsi(clean))
    with pytest.raises(NotEnoughData, match="have 199"):
        indicator_snapshot(with_nan_rows(random_bars(200), [50]))


def test_halted_ticker_reads_neutral_not_oversold():
    halted = flat_bars(220)
    assert rsi(halted).dropna().eq(50.0).all()
    snap = indicator_snapshot(halted)
    assert snap.atr14 == 0.0 and snap.macd == 0.0 and snap.bb_upper == snap.bb_lower == 10.0
    # a ticker that traded then halted keeps its last RSI (Wilder averages decay together)
    traded = pd.concat([random_bars(40, seed=2)["Close"],
                        pd.Series(90.0, index=pd.bdate_range("2020-01-01", periods=10))])
    r = rsi(traded.reset_index(drop=True))
    assert r.iloc[-9:].to_numpy() == pytest.approx(np.full(9, r.iloc[-10]))


def test_real_sma200_equals_plain_rolling_mean(real_data_dir):
    for ticker in ("SPY", "QQQ", "IWM", "DIA", "^VIX"):
        close = load_real(real_data_dir, ticker)["Close"]
        ours = sma(close, 200)
        plain = close.rolling(200).mean()
        assert ours.isna().equals(plain.isna())
        assert np.nanmax(np.abs(ours - plain)) < 1e-9, ticker


def test_real_snapshot_spy(real_data_dir):
    snap = indicator_snapshot(load_real(real_data_dir, "SPY"))
    assert snap.date == dt.date(2022, 11, 18)
    assert snap.close == pytest.approx(396.03)
    assert 0 < snap.rsi14 < 100
