"""A session that fell hard inside the day and took most of it back (analysis/intraday_drops.py).

The replay's 2010-05-09: May 6, 2010, the flash crash, was "Thursday's 3.3% drop"; $SPY had traded
at 105.00, 10.1% under Wednesday's close, and no line said so.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from newsletter.analysis.intraday_drops import intraday_drop
from tests.analysis.factories import make_bars


def _bars(low: float, close: float) -> pd.DataFrame:
    """A year at 100 (lows 99.5), then a week whose Thursday trades down to ``low`` and closes
    at ``close`` (Friday flat at that close)."""
    closes = [100.0] * 300 + [100.0, 100.0, 100.0, close, close]
    index = pd.bdate_range(end="2026-03-20", periods=len(closes))
    bars = make_bars(closes, index=index)
    bars.loc[index[-2], "Low"] = low
    return bars


@pytest.mark.parametrize(("low", "close", "said"), [
    (95.06, 99.0, False),   # 4.94%: 4.9% as printed
    (95.04, 99.0, True),    # 4.96%: 5.0%
    (90.0, 95.0, True),     # took back exactly half
    (90.0, 94.9, False),    # took back under half: the close tells it
    (89.9, 99.0, True),
])
def test_a_session_s_fall_is_news_from_5_percent_half_taken_back(low: float, close: float,
                                                                 said: bool) -> None:
    found = intraday_drop(_bars(low, close))
    assert (found is not None) is said, found
    if said:
        assert found.day == dt.date(2026, 3, 19) and found.since is None
        assert found.low == low


def test_a_deeper_fall_before_dates_the_rank() -> None:
    bars = _bars(89.9, 99.0)
    bars.loc[bars.index[100], "Low"] = 85.0  # a deeper fall 200 sessions back
    found = intraday_drop(bars)
    assert found is not None and found.since == bars.index[100].date()
