"""Breadth over a universe: the 50-day, the A/D line and the four-week trend.

Hand-computed small frames, the boundary (a close exactly at its average), and
the whole history against a plain Python loop over a random frame with holes.
"""

import math

import numpy as np
import pandas as pd
import pytest

from newsletter.analysis import NotEnoughData
from newsletter.analysis.breadth import (
    AT_AVERAGE,
    TREND_LAGS,
    breadth,
    breadth_history,
    breadth_trend,
)
from tests.analysis.factories import sessions


def test_a_close_exactly_at_its_200_day_is_not_above_it():
    # 99 pairs (9, 11), then 10 and a last close of 10: the 200 closes average exactly 10
    at = np.r_[np.tile([9.0, 11.0], 99), 10.0, 10.0]
    just_over = at.copy()
    just_over[-1] = 10.001  # the average moves by 0.000005, the close by 0.001: above
    closes = pd.DataFrame({"AT": at, "OVER": just_over}, index=sessions(200))
    hist = breadth_history(closes)
    assert hist["n_200d"].iloc[-1] == 2
    assert hist["above_200d"].iloc[-1] == 1
    assert hist["pct_above_200d"].iloc[-1] == 50.0


def test_a_close_exactly_at_its_50_day_is_not_above_it():
    at = np.r_[np.tile([9.0, 11.0], 24), 10.0, 10.0]  # 50 closes averaging exactly 10
    closes = pd.DataFrame({"AT": at, "UP": np.linspace(1, 2, 50)}, index=sessions(50))
    hist = breadth_history(closes)
    assert (hist["n_50d"].iloc[-1], hist["above_50d"].iloc[-1]) == (2, 1)
    assert hist["n_200d"].iloc[-1] == 0 and np.isnan(hist["pct_above_200d"].iloc[-1])


def test_advance_decline_line_by_hand():
    closes = pd.DataFrame({"A": [10, 11, 12, 11, 11],
                           "B": [5, 4, np.nan, 5, 6],  # no bar on day 3: day 4 compares with day 2
                           "C": [np.nan, np.nan, 7, 8, 7]}, index=sessions(5), dtype=float)
    hist = breadth_history(closes)
    # day 1: nothing to compare; day 2: A up, B down; day 3: A up (C lists, B absent);
    # day 4: A down, B up (5 > 4), C up; day 5: A unchanged, B up, C down
    assert hist["advancing"].tolist() == [0, 1, 1, 2, 1]
    assert hist["declining"].tolist() == [0, 1, 0, 1, 1]
    assert hist["unchanged"].tolist() == [0, 0, 0, 0, 1]
    assert hist["ad_line"].tolist() == [0, 0, 1, 2, 2]


def _trend_frame(n: int = 230) -> pd.DataFrame:
    """Three tickers: one rising all along, one falling, one that turns up 12 sessions ago."""
    turn = np.r_[np.linspace(100, 60, n - 12), np.linspace(61, 140, 12)]
    return pd.DataFrame({"UP": np.linspace(50, 100, n), "DOWN": np.linspace(100, 50, n),
                         "TURN": turn}, index=sessions(n))


def test_trend_by_hand():
    closes = _trend_frame()
    trend = breadth_trend(closes)
    assert [p.sessions_ago for p in trend.then] == list(TREND_LAGS)
    assert trend.now.date == closes.index[-1].date()
    assert trend.then[-1].date == closes.index[-21].date()
    # now: UP and TURN (140, far over its 200-day of about 80) above; 20 sessions ago UP only
    assert trend.now.pct_above_200d == pytest.approx(200 / 3)
    assert trend.oldest.pct_above_200d == pytest.approx(100 / 3)
    assert trend.change_200d == pytest.approx(100 / 3)
    # the A/D line over the last 20 sessions: UP +1 and DOWN -1 each day; TURN -1 for 8 days, +1 for 12
    assert trend.ad_change == 20 - 20 - 8 + 12
    assert (trend.members, trend.counted_200d, trend.counted_50d, trend.n_52w) == (3, 3, 3, 0)


def test_trend_needs_the_200_day_on_the_oldest_session():
    closes = _trend_frame(219)  # 200 bars only on the last session
    with pytest.raises(NotEnoughData, match=r"breadth trend \(20 sessions ago\)"):
        breadth_trend(closes)
    assert breadth_trend(_trend_frame(220)).oldest.pct_above_200d == pytest.approx(100 / 3)


def test_trend_needs_enough_sessions():
    with pytest.raises(NotEnoughData, match="need 21 sessions, have 20"):
        breadth_trend(_trend_frame(20))


def test_trend_takes_a_history_already_computed():
    closes = _trend_frame()
    assert breadth_trend(closes, history=breadth_history(closes)) == breadth_trend(closes)


def test_members_missing_today_are_left_out_and_counted():
    closes = _trend_frame()
    closes["GONE"] = np.r_[np.linspace(10, 20, 229), np.nan]  # no bar on the last session
    closes["EMPTY"] = np.nan  # a member the source has nothing for
    trend = breadth_trend(closes)
    assert trend.members == 4  # EMPTY has no bar at all
    assert trend.counted_200d == 3
    assert trend.now.pct_above_200d == pytest.approx(200 / 3)
    assert breadth(closes).excluded == ("GONE", "EMPTY")


# ---- the whole history against a plain loop


def _random_universe(seed: int = 3, n: int = 300, k: int = 24) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    values = 50 * np.exp(np.cumsum(rng.normal(0, 0.02, (n, k)), axis=0))
    values = np.round(values, 1)  # ties happen: unchanged days and closes at an earlier high
    values[rng.random((n, k)) < 0.03] = np.nan  # holes: sessions a ticker did not trade
    values[: rng.integers(0, 120), 0] = np.nan  # a late listing
    values[-3:, 1] = np.nan  # a member that stopped trading
    values[:, 2] = np.nan  # one never traded
    return pd.DataFrame(values, index=sessions(n), columns=[f"T{j}" for j in range(k)])


def _loop(closes: pd.DataFrame) -> dict[str, list[float]]:
    """Every breadth measure by a plain loop over sessions and tickers' own bars."""
    out = {key: [] for key in ("n_200d", "above_200d", "n_50d", "above_50d", "n_52w",
                               "new_highs_52w", "new_lows_52w", "advancing", "declining",
                               "unchanged", "ad_line")}
    ad = 0
    for i in range(len(closes)):
        row = dict.fromkeys(out, 0)
        for ticker in closes.columns:
            today = closes[ticker].iloc[i]
            if np.isnan(today):
                continue
            own = [x for x in closes[ticker].iloc[: i + 1] if not np.isnan(x)]
            for length, n_key, above_key in ((200, "n_200d", "above_200d"), (50, "n_50d", "above_50d")):
                if len(own) >= length:
                    row[n_key] += 1
                    average = math.fsum(own[-length:]) / length  # exact to the last bit
                    row[above_key] += today - average > AT_AVERAGE * abs(average)
            if len(own) >= 252:
                row["n_52w"] += 1
                row["new_highs_52w"] += today > max(own[-252:-1])
                row["new_lows_52w"] += today < min(own[-252:-1])
            if len(own) >= 2:
                row["advancing"] += today > own[-2]
                row["declining"] += today < own[-2]
                row["unchanged"] += today == own[-2]
        ad += row["advancing"] - row["declining"]
        row["ad_line"] = ad
        for key in out:
            out[key].append(row[key])
    return out


def test_breadth_history_equals_a_plain_loop():
    closes = _random_universe()
    hist = breadth_history(closes)
    expected = _loop(closes)
    for key, values in expected.items():
        assert hist[key].tolist() == values, key
    n200 = np.array(expected["n_200d"])
    assert n200[-1] > 0 and np.array(expected["new_highs_52w"]).sum() > 0
    pct = np.where(n200 > 0, 100 * np.array(expected["above_200d"]) / np.maximum(n200, 1), np.nan)
    np.testing.assert_allclose(hist["pct_above_200d"].to_numpy(), pct)
    trend = breadth_trend(closes)
    assert trend.ad_change == expected["ad_line"][-1] - expected["ad_line"][-21]
