import datetime as dt

import numpy as np
import pandas as pd
import pytest

from newsletter.analysis import NotEnoughData
from newsletter.analysis.breadth import breadth, breadth_history, weekly_ranking
from tests.analysis.factories import load_real, sessions


def universe() -> pd.DataFrame:
    """Four tickers over 260 sessions: rising, falling, halted, and a recent listing."""
    idx = sessions(260)
    return pd.DataFrame({
        "UP": np.linspace(50, 100, 260),
        "DOWN": np.linspace(100, 50, 260),
        "HALT": np.full(260, 20.0),
        "NEW": np.r_[np.full(160, np.nan), np.linspace(10, 11, 100)],
    }, index=idx)


def test_breadth_by_hand():
    b = breadth(universe())
    assert b.date == sessions(260)[-1].date()
    assert (b.n_200d, b.above_200d, b.pct_above_200d) == (3, 1, pytest.approx(100 / 3))
    assert (b.n_52w, b.new_highs_52w, b.new_lows_52w) == (3, 1, 1)
    assert (b.n_adv_dec, b.advancing, b.declining, b.unchanged) == (4, 2, 1, 1)
    assert b.excluded == ("NEW",)


def test_a_missing_bar_today_excludes_the_ticker():
    closes = universe()
    closes.iloc[-1, 0] = np.nan
    b = breadth(closes)
    assert b.excluded == ("UP", "NEW") and b.n_200d == 2 and b.advancing == 1


def test_nan_bars_inside_history_are_skipped_not_poisoning():
    closes = universe()
    closes.iloc[[30, 31, 200], 0] = np.nan  # UP misses three sessions
    hist = breadth_history(closes)
    assert hist["n_200d"].iloc[-1] == 3 and hist["above_200d"].iloc[-1] == 1
    assert hist.loc[closes.index[200], "n_adv_dec"] == 3  # UP has no bar that day
    # the session after a missing one compares with the ticker's previous bar
    assert hist.loc[closes.index[201], "advancing"] == 2


def test_breadth_needs_one_ticker_with_200_sessions():
    with pytest.raises(NotEnoughData, match="need 1 ticker with 200 sessions, have 0"):
        breadth(universe().iloc[:199])


def test_weekly_ranking_by_hand():
    idx = sessions(10, "2024-01-01")  # Monday 1 .. Friday 12
    closes = pd.DataFrame({"XLK": np.linspace(100, 110, 10), "XLE": np.linspace(100, 90, 10),
                           "KRE": np.r_[np.full(9, 50.0), np.nan]}, index=idx)
    rank = weekly_ranking(closes)
    assert (rank.asof, rank.since) == (dt.date(2024, 1, 12), dt.date(2024, 1, 5))
    assert [(r.ticker, r.rank) for r in rank.rows] == [("XLK", 1), ("XLE", 2)]
    assert rank.rows[0].week_return == pytest.approx((110 / closes["XLK"].iloc[4] - 1) * 100)
    assert rank.missing == ("KRE",)
    with pytest.raises(NotEnoughData, match="session before the week of 2024-01-05"):
        weekly_ranking(closes.iloc[:5])


def test_real_index_etfs_breadth(real_data_dir):
    closes = pd.concat({t: load_real(real_data_dir, t)["Close"] for t in ("SPY", "QQQ", "IWM", "DIA")},
                       axis=1)
    b = breadth(closes)
    manual = sum(closes[t].iloc[-1] > closes[t].rolling(200).mean().iloc[-1] for t in closes)
    assert b.n_200d == 4 and b.above_200d == manual
