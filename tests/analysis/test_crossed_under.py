"""_crossed_under reads arrays session by session: exactly what the Series arithmetic gave."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from newsletter.analysis.breakdown import (
    MomentumCrack,
    _crossed_under,
    macd_under_signal,
    rsi_below_50,
)
from newsletter.analysis.history import as_date
from newsletter.analysis.indicators import macd, rsi


def _series_way(close: pd.Series, value: pd.Series, level: pd.Series, kind: str,
                within: int) -> list[MomentumCrack]:
    """The formulation it replaced, kept here as the reference."""
    ok = value.notna() & level.notna() & value.shift().notna() & level.shift().notna()
    hit = ok & (value.shift() >= level.shift()) & (value < level)
    recent = hit.iloc[-within:]
    holds = bool(value.iloc[-1] < level.iloc[-1])
    return [MomentumCrack(as_date(t), float(close[t]), kind, float(value[t]), float(level[t]),
                          float(value.shift()[t]), len(close) - 1 - close.index.get_loc(t), holds)
            for t in recent.index[recent.to_numpy()]]


def _close(seed: int, n: int) -> pd.Series:
    rng = np.random.default_rng(seed)
    index = pd.bdate_range("2020-01-01", periods=n, name="Date")
    return pd.Series(100 * np.exp(np.cumsum(rng.normal(0, 0.02, n))), index=index, name="Close")


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("within", [1, 2, 5, 30, 500])
def test_same_crossings_as_the_series_arithmetic(seed: int, within: int) -> None:
    close = _close(seed, 60 + 7 * seed)
    r = rsi(close)
    fifty = pd.Series(50.0, index=close.index)
    m = macd(close)
    for value, level, kind in ((r, fifty, "rsi_below_50"), (m["macd"], m["signal"], "macd_under_signal")):
        assert _crossed_under(close, value, level, kind, within) == \
            _series_way(close, value, level, kind, within)


def test_equal_to_the_level_the_day_before_counts_and_equal_today_does_not() -> None:
    """At or above the level, then under it: 50 then 49.9 crosses; 50.1 then 50 does not."""
    index = pd.bdate_range("2024-01-01", periods=4, name="Date")
    close = pd.Series([10.0, 11.0, 12.0, 13.0], index=index)
    level = pd.Series(50.0, index=index)
    value = pd.Series([50.0, 49.9, 50.1, 50.0], index=index)
    got = _crossed_under(close, value, level, "rsi_below_50", 5)
    assert [(c.date, c.previous, c.value, c.sessions_ago) for c in got] == \
        [(index[1].date(), 50.0, 49.9, 2)]
    assert got == _series_way(close, value, level, "rsi_below_50", 5)


def test_a_missing_value_either_day_is_no_crossing() -> None:
    index = pd.bdate_range("2024-01-01", periods=5, name="Date")
    close = pd.Series([10.0, 11.0, 12.0, 13.0, 14.0], index=index)
    level = pd.Series([50.0, np.nan, 50.0, 50.0, 50.0], index=index)
    value = pd.Series([55.0, 45.0, np.nan, 45.0, 40.0], index=index)
    assert _crossed_under(close, value, level, "rsi_below_50", 5) == []
    assert _series_way(close, value, level, "rsi_below_50", 5) == []


@pytest.mark.parametrize("seed", range(10))
def test_the_public_finders_on_a_long_history(seed: int) -> None:
    close = _close(100 + seed, 1500)
    assert rsi_below_50(close, within=400) == tuple(
        _series_way(close, rsi(close).round(1), pd.Series(50.0, index=close.index), "rsi_below_50",
                    400))  # the RSI as printed
    m = macd(close)
    assert macd_under_signal(close, within=400) == tuple(
        _series_way(close, m["macd"], m["signal"], "macd_under_signal", 400))
