import numpy as np
import pandas as pd
import pytest
import talib

from newsletter.analysis import NotEnoughData
from newsletter.analysis.breadth import breadth
from newsletter.analysis.breakdown import rejected_at_200d
from newsletter.analysis.breakouts import breakouts
from newsletter.analysis.indicators import rsi, sma
from newsletter.analysis.scan import scan_universe
from newsletter.analysis.universe import previous_bar, rsi_wide, sma_wide, valid_bars, wide
from tests.analysis.factories import flat_bars, load_real, make_bars, random_bars, with_nan_rows

START = "2015-01-02"


def universe(n: int = 40, sessions: int = 320) -> dict[str, pd.DataFrame]:
    bars = {f"T{i:02d}": random_bars(sessions, seed=i, vol=0.02, start=START) for i in range(n)}
    bars["HALT"] = flat_bars(sessions, start=START)
    bars["IPO"] = random_bars(sessions, seed=99, start=START).iloc[-120:]
    bars["HOLE"] = with_nan_rows(random_bars(sessions, seed=7, vol=0.02, start=START), [50, 51, 150])
    # a planted rejection and a planted breakout on the last session
    closes = [100.0] * (sessions - 2) + [90.0, 95.0]
    bars["REJ"] = make_bars(closes, START, highs=[100.5] * (sessions - 2) + [100.0, 101.0])
    vols = [1000.0] * (sessions - 1) + [2000.0]
    bars["BRK"] = make_bars([10.0 + 0.01 * (i % 3) for i in range(sessions - 1)] + [11.0], START,
                            volume=vols)
    return bars


def frames(bars):
    return wide(bars, "Close"), wide(bars, "High"), wide(bars, "Volume")


def test_wide_sma_and_rsi_equal_talib_per_ticker_with_holes():
    bars = universe(8)
    close = wide(bars)
    mask = valid_bars(close)
    s, r = sma_wide(close, 20, mask), rsi_wide(close, 14, mask)
    for t, b in bars.items():
        c = b["Close"].dropna()
        pd.testing.assert_series_equal(s[t].dropna(), sma(c, 20).dropna(), check_names=False)
        pd.testing.assert_series_equal(r[t].dropna(), rsi(c).dropna(), check_names=False)
    assert s["HOLE"].isna().sum() == 19 + 3  # warm-up plus the three missing sessions
    assert r["HALT"].dropna().eq(50.0).all()


def test_previous_bar_skips_missing_sessions():
    idx = pd.bdate_range(START, periods=5)
    frame = pd.DataFrame({"A": [1.0, np.nan, 3.0, 4.0, np.nan], "B": [np.nan, 2.0, 3.0, 4.0, 5.0]},
                         index=idx)
    prev = previous_bar(frame, valid_bars(frame))
    assert prev["A"].tolist()[2:4] == [1.0, 3.0] and np.isnan(prev["A"]).tolist() == [
        True, True, False, False, True]
    assert prev["B"].tolist()[2:] == [2.0, 3.0, 4.0] and np.isnan(prev["B"].iloc[:2]).all()


def test_scan_finds_the_planted_setups():
    scan = scan_universe(*frames(universe()), within=5)
    assert scan.rejections.loc["REJ", "sma200"] == pytest.approx(99.925)
    assert scan.breakouts.loc["BRK", "volume_ratio"] == pytest.approx(2.0)
    assert scan.breakouts.loc["BRK", "prior_high"] == pytest.approx(10.02)
    assert "HALT" not in scan.rejections.index and "HALT" not in scan.breakouts.index
    assert scan.rsi14["HALT"] == 50.0


def test_scan_agrees_with_the_one_ticker_functions():
    bars = universe()
    within = 80
    scan = scan_universe(*frames(bars), within=within)
    for t, b in bars.items():
        clean = b.dropna()
        try:
            rej = rejected_at_200d(clean, within=within)
        except NotEnoughData:
            rej = ()
        if rej:
            row = scan.rejections.loc[t]
            assert (row["date"], row["high"], row["close"]) == (rej[-1].date, rej[-1].high, rej[-1].close)
            assert row["sma200"] == pytest.approx(rej[-1].sma200, rel=1e-12)
        else:
            assert t not in scan.rejections.index, t
        out = breakouts(clean, within=within)
        if out:
            row = scan.breakouts.loc[t]
            assert (row["date"], row["close"], row["prior_high"]) == (
                out[-1].date, out[-1].close, out[-1].prior_high)
            assert row["avg_volume_50d"] == pytest.approx(out[-1].avg_volume_50d, rel=1e-12)
        else:
            assert t not in scan.breakouts.index, t
        assert scan.rsi14[t] == pytest.approx(rsi(clean).iloc[-1], rel=1e-12)
    assert len(scan.rejections) >= 3 and len(scan.breakouts) >= 3
    assert scan.breadth == breadth(wide(bars))


def test_scan_rejects_mismatched_frames_and_short_history():
    close, high, volume = frames(universe(3))
    with pytest.raises(ValueError, match="share"):
        scan_universe(close, high.iloc[:-1], volume)
    with pytest.raises(NotEnoughData, match="need 201 sessions, have 57"):
        scan_universe(close.iloc[:57], high.iloc[:57], volume.iloc[:57])


def test_real_rsi_wide_matches_talib(real_data_dir):
    close = pd.concat({t: load_real(real_data_dir, t)["Close"] for t in ("SPY", "IWM", "^VIX")},
                      axis=1)
    r = rsi_wide(close)
    for t in close:
        expected = talib.RSI(close[t].dropna().to_numpy(), 14)
        np.testing.assert_allclose(r[t].dropna().to_numpy(), expected[~np.isnan(expected)], rtol=0,
                                   atol=1e-9)
