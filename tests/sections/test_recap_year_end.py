"""🔙 The week that ends a year says the year: neither the 2017-12-31 nor the 2019-01-06 issue of the
real bars gave $SPY's +19.4% for 2017 or its -6.4% for 2018, its worst year since 2008."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from newsletter.config import Config, Watchlists
from newsletter.sections import recap
from newsletter.sessions import sessions_between
from tests.analysis.factories import make_bars
from tests.sections.small_frames import context, render_sections


def _years(end: dt.date, yearly: dict[int, float]) -> pd.DataFrame:
    """Daily closes from 2005, flat within each year but for its last session, which moves the
    year by ``yearly[year]`` percent (1.0 for the years not given)."""
    index = pd.DatetimeIndex(sessions_between(dt.date(2005, 1, 3), end))
    closes, level = np.empty(len(index)), 100.0
    for i, day in enumerate(index):
        if i + 1 == len(index) or index[i + 1].year != day.year:
            level *= 1 + yearly.get(day.year, 1.0) / 100
        closes[i] = level
    return make_bars(closes, index=index)


def _text(end: dt.date, yearly: dict[int, float]) -> str:
    bars = {"SPY": _years(end, yearly), "QQQ": _years(end, {})}
    ctx = context(bars, config=Config(watchlists=Watchlists(indices=["SPY", "QQQ"])))
    return render_sections(ctx, recap)


def test_the_last_week_of_a_year_says_the_year() -> None:
    yearly = {2008: -38.3, 2017: 19.4, 2018: -6.4}
    text = _text(dt.date(2018, 12, 31), yearly)  # Monday, Dec 31: the year's last session
    assert ("📅 2018: $SPY -6.4% on the year, its worst year since 2008 (-38.3%); $QQQ +1.0%."
            in text), text
    # the week from Dec 31 to Jan 4: the issue of Jan 6 still says the year that ended in it
    assert "📅 2018: $SPY -6.4% on the year" in _text(dt.date(2019, 1, 4), yearly)
    # a week later, no more
    assert "📅" not in _text(dt.date(2019, 1, 11), yearly)
    assert "📅" not in _text(dt.date(2018, 12, 21), yearly)


def test_a_best_year_reaches_back_to_the_data_s_start() -> None:
    text = _text(dt.date(2017, 12, 29), {2017: 19.4})
    # the lead tells the rank ("$SPY rose 19.4% in 2017, its best year in the data here, back to
    # 2006."), so the 📅 line gives the year's figures without it (told.untold_calendar)
    assert text.count("its best year in the data here, back to 2006") == 1, text
    assert "📅 2017: $SPY +19.4% on the year;" in text, text
