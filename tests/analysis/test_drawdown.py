"""A correction from 10% under the highest close, a bear market from 20%, as printed."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from newsletter.analysis.drawdown import drawdown
from tests.analysis.factories import sessions


def _closes(values: list[float]) -> pd.Series:
    return pd.Series(values, index=sessions(len(values), "2018-09-17"), dtype=float)


@pytest.mark.parametrize(("last", "name"), [
    (90.06, ""),            # 9.94% under: 9.9% as printed
    (90.05, "correction"),  # 9.95%: 10.0% as printed
    (90.0, "correction"),
    (80.06, "correction"),  # 19.94%
    (80.05, "bear market"),
    (79.0, "bear market"),
])
def test_the_name_of_a_fall_from_the_high(last: float, name: str) -> None:
    found = drawdown(_closes([95.0, 100.0, 97.0, last]))
    assert found is not None and found.name == name
    assert (found.high, found.high_date) == (100.0, dt.date(2018, 9, 18))


def test_a_threshold_first_reached_this_week_is_news() -> None:
    # high on Tue Sep 18; the week of Sep 24: base is Fri Sep 21 (position 4)
    closes = _closes([95.0, 100.0, 95.0, 92.0, 91.0, 89.9, 88.0, 91.0])
    found = drawdown(closes, week_base=4)
    assert found is not None and found.crossed == "correction"
    assert (found.crossed_on, found.crossed_close) == (dt.date(2018, 9, 24), 89.9)
    assert found.name == ""  # the week ended 9.0% under: back out of it
    # reached the week before: no news this week
    earlier = drawdown(_closes([95.0, 100.0, 95.0, 89.0, 91.0, 91.5, 88.0, 89.0]), week_base=4)
    assert earlier is not None and earlier.crossed == "" and earlier.name == "correction"


def test_the_deepest_threshold_crossed_is_told() -> None:
    found = drawdown(_closes([100.0, 95.0, 92.0, 89.0, 85.0, 79.9]), week_base=2)
    assert found is not None and found.crossed == "bear market"
    assert found.crossed_on == dt.date(2018, 9, 24)
    # a correction reached this week, a bear market already before: no new threshold
    again = drawdown(_closes([100.0, 79.0, 85.0, 88.0, 89.0, 85.0]), week_base=3)
    assert again is not None and again.crossed == ""


def test_a_new_high_resets_the_count() -> None:
    found = drawdown(_closes([100.0, 85.0, 101.0, 95.0, 90.8]), week_base=2)
    assert found is not None and found.high == 101.0 and found.crossed == "correction"
    assert drawdown(_closes([100.0])) is None
