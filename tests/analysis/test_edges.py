"""Every one-ticker function against the same four edges.

1. Too little history: one session short of the first quotable value raises
   NotEnoughData naming need and have; exactly enough does not.
2. NaN bars: rows a source left blank are missing sessions, so the result is
   the result on the bars without them.
3. A halted ticker (flat bars, zero volume): no crash, no signal, no NaN.
4. A split-free ETF with a gap: a 12 % overnight gap down and a week of
   closed sessions are real history, computed through, not errors.

And every result is plain: python floats (finite), ints, bools, dates as
``datetime.date``, None for "there is none"; never NaN.
"""

import dataclasses
import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from newsletter.analysis import NotEnoughData
from newsletter.analysis.breakdown import (
    broke_support,
    macd_under_signal,
    momentum_cracks,
    rejected_at_200d,
    rsi_below_50,
)
from newsletter.analysis.breakouts import base, breakouts
from newsletter.analysis.earnings import earnings_gaps, gap_and_fade
from newsletter.analysis.event_study import event_study
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
from newsletter.analysis.levels import all_time_high, range_52w, support_resistance, swing_points
from newsletter.analysis.relative_strength import relative_strength
from tests.analysis.factories import flat_bars, make_bars, random_bars, with_nan_rows


def partner(bars: pd.DataFrame) -> pd.Series:
    """A second ticker whose close depends only on the date."""
    days = (bars.index - pd.Timestamp("2000-01-01")).days.to_numpy()
    return pd.Series(100.0 + 0.01 * days + np.sin(days), index=bars.index)


def mondays(bars: pd.DataFrame) -> pd.Series:
    return pd.Series(bars.index.weekday == 0, index=bars.index)


def earnings(bars: pd.DataFrame) -> list[dt.date]:
    """Mid-month report dates, the same whatever rows are blank."""
    days = bars.dropna().index
    return [d.date() for d in days[days.day == 15]]


CASES = {
    "sma200": (lambda b: sma(b, 200), 200),
    "ema200": (lambda b: ema(b, 200), 200),
    "rsi": (rsi, 15),
    "macd": (macd, 34),
    "bollinger": (bollinger, 20),
    "atr": (atr, 15),
    "keltner": (keltner, 20),
    "indicator_snapshot": (indicator_snapshot, 200),
    "ma_cross": (ma_cross, 200),
    "ema_stack": (ema_stack, 200),
    "swing_points": (swing_points, 11),
    "support_resistance": (support_resistance, 11),
    "all_time_high": (all_time_high, 1),
    "range_52w": (range_52w, 252),
    "rejected_at_200d": (lambda b: rejected_at_200d(b, within=100), 201),
    "broke_support": (lambda b: broke_support(b, within=100), 12),
    "rsi_below_50": (lambda b: rsi_below_50(b, within=100), 16),
    "macd_under_signal": (lambda b: macd_under_signal(b, within=100), 35),
    "momentum_cracks": (lambda b: momentum_cracks(b, within=100), 35),
    "relative_strength": (lambda b: relative_strength(b, partner(b), windows=("1d", "1w")), 50),
    "breakouts": (lambda b: breakouts(b, within=100), 51),
    "base": (base, 60),
    "earnings_gaps": (lambda b: earnings_gaps(b, earnings(b), min_gap_pct=0.5), 2),
    "gap_and_fade": (lambda b: gap_and_fade(b, earnings(b), min_gap_pct=0.5), 2),
    "event_study": (lambda b: event_study(mondays(b), b, horizons=(5, 21), n_boot=200), 6),
}
SIGNALS = {"rejected_at_200d", "broke_support", "rsi_below_50", "macd_under_signal",
           "momentum_cracks", "breakouts", "earnings_gaps"}


def assert_plain(value, where="result"):
    """Plain values all the way down; frames and series are finite outside their warm-up."""
    if dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            assert_plain(getattr(value, f.name), f"{where}.{f.name}")
    elif isinstance(value, (tuple, list)):
        for i, v in enumerate(value):
            assert_plain(v, f"{where}[{i}]")
    elif isinstance(value, dict):
        for k, v in value.items():
            assert_plain(v, f"{where}[{k!r}]")
    elif isinstance(value, pd.DataFrame | pd.Series):
        numeric = value.select_dtypes("number") if isinstance(value, pd.DataFrame) else value
        assert np.isfinite(numeric.dropna().to_numpy(dtype=float)).all(), where
    elif isinstance(value, float):
        assert type(value) is float and math.isfinite(value), f"{where} = {value!r}"
    elif isinstance(value, dt.date):
        assert type(value) is dt.date, f"{where} is {type(value).__name__}, not date"
    else:
        assert value is None or type(value) in (int, bool, str), f"{where}: {type(value)}"


def same(a, b):
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b)
    elif isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b)
    else:
        assert a == b


@pytest.mark.parametrize("name", CASES)
def test_too_little_history_says_need_and_have(name):
    func, need = CASES[name]
    bars = random_bars(need + 5, seed=1)
    with pytest.raises(NotEnoughData) as err:
        func(bars.iloc[:need - 1])
    assert (err.value.need, err.value.have) == (need, need - 1)
    assert f"need {need} session{'' if need == 1 else 's'}, have {need - 1}" in str(err.value)
    assert isinstance(err.value, ValueError)
    assert_plain(func(bars.iloc[:need]))  # exactly enough: the first quotable value


@pytest.mark.parametrize("name", CASES)
def test_nan_bars_are_missing_sessions(name):
    func, _ = CASES[name]
    bars = random_bars(320, seed=2)
    holes = [5, 150, 317]
    result = func(with_nan_rows(bars, holes))
    same(result, func(bars.drop(bars.index[holes])))
    assert_plain(result)


@pytest.mark.parametrize("name", CASES)
def test_halted_ticker(name):
    func, _ = CASES[name]
    result = func(flat_bars(320))
    assert_plain(result)
    if name in SIGNALS:
        assert result == ()


def gapped_etf() -> pd.DataFrame:
    """Random walk; a week of closed sessions; then a 12 % gap down, prices not adjusted."""
    bars = random_bars(320, seed=3)
    bars = bars.drop(bars.index[200:205])
    closes = bars["Close"].to_numpy().copy()
    closes[250:] *= 0.88
    opens = bars["Open"].to_numpy().copy()
    opens[250:] *= 0.88
    return make_bars(closes, opens=opens, index=bars.index,
                     volume=bars["Volume"].to_numpy())


@pytest.mark.parametrize("name", CASES)
def test_etf_with_a_gap_computes_through_it(name):
    func, _ = CASES[name]
    assert_plain(func(gapped_etf()))


def test_the_gap_is_history_not_an_error():
    bars = gapped_etf()
    gap = 250
    high, low, prev = bars["High"].iloc[gap], bars["Low"].iloc[gap], bars["Close"].iloc[gap - 1]
    true_range = max(high - low, abs(high - prev), abs(low - prev))
    assert true_range > 0.1 * prev  # the overnight gap is in the true range
    tr = atr(bars)
    assert tr.iloc[gap] == pytest.approx((13 * tr.iloc[gap - 1] + true_range) / 14, rel=1e-12)
    assert broke_support(bars.iloc[:gap + 1], within=1)[0].date == bars.index[gap].date()
    # the closed week is not filled in: indicators run on the sessions that exist
    assert rsi(bars).index.equals(bars.index)
    assert (bars.index[200] - bars.index[199]).days == 8
