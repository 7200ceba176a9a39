"""📐 A 50/200-day cross the price has already left behind is no signal.

The real bars' 2020-05-03 headlined "$QQQ Flashes a Death Cross": the 50-day crossed under the
200-day on Apr 29 with $QQQ at 219.00, 8.8% over both averages and 29% off its March low; it closed
at a record five weeks later. The cross was what the crash left in the 50-day, not news.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from newsletter.analysis.indicators import ma_cross, sma
from newsletter.config import Config, Watchlists
from newsletter.sections import technical
from tests.analysis.factories import make_bars
from tests.sections.small_frames import context


def _v_shape(fall: int) -> pd.DataFrame:
    """300 sessions rising from 60 to 100, a fall to 65 in ``fall`` sessions, a climb to 112 in 25,
    then flat; cut at the Friday of the week the 50-day first crosses under the 200-day (with a
    15-session fall, when the price is back over both; with 20, while it is still under them)."""
    closes = np.r_[np.linspace(60.0, 100.0, 300), np.linspace(100.0, 65.0, fall + 1)[1:],
                   np.linspace(65.0, 112.0, 26)[1:], np.full(150, 112.0)]
    bars = make_bars(closes, "2022-01-03")
    fast, slow = sma(bars["Close"], 50).to_numpy(), sma(bars["Close"], 200).to_numpy()
    at = next(i for i in range(300, len(closes)) if fast[i] < slow[i] and fast[i - 1] >= slow[i - 1])
    when = bars.index[at]
    friday = when + pd.Timedelta(days=4 - when.weekday())
    cut = bars.loc[:friday]
    assert ma_cross(cut["Close"], 50, 200).last_cross == "death"
    return cut


def _crosses(bars: pd.DataFrame) -> tuple[list[str], str]:
    ctx = context({"QQQ": bars}, config=Config(watchlists=Watchlists(indices=["QQQ"])))
    built = technical.build(ctx)
    (setup,) = built.section.data.setups
    return [s.phrase for s in built.signals], setup.cross_words


def test_a_death_cross_with_the_price_over_both_averages_lags_it() -> None:
    bars = _v_shape(15)
    close = float(bars["Close"].iloc[-1])
    assert close > float(sma(bars["Close"], 50).iloc[-1]) and close > float(sma(bars["Close"], 200).iloc[-1])
    phrases, words = _crosses(bars)
    assert not [p for p in phrases if "Death Cross" in p], phrases
    assert "a lagging death cross" in words and "over both averages" in words, words


def test_a_death_cross_with_the_price_under_them_is_news() -> None:
    bars = _v_shape(20)
    phrases, words = _crosses(bars)
    assert phrases == ["$QQQ Flashes a Death Cross"], phrases
    assert words.endswith("a fresh death cross"), words


def test_the_close_against_the_higher_average_decides() -> None:
    from dataclasses import replace

    ctx = context({"QQQ": _v_shape(15)}, config=Config(watchlists=Watchlists(indices=["QQQ"])))
    (setup,) = technical.build(ctx).section.data.setups
    top = max(setup.averages[50], setup.averages[200])
    assert replace(setup, close=top).lagging is None              # at it: not over both
    assert replace(setup, close=top - 0.01).lagging is None
    lag = replace(setup, close=top + 0.01).lagging
    assert lag is not None and lag > 0
