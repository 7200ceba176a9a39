import datetime as dt

import numpy as np
import pandas as pd
import pytest

from newsletter.analysis import NotEnoughData
from newsletter.analysis.options_positioning import is_monthly_expiry, max_pain, options_positioning

ASOF = dt.date(2024, 1, 10)
WEEKLY, MONTHLY = dt.date(2024, 1, 12), dt.date(2024, 1, 19)


def chain(rows: list[tuple[dt.date, str, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["expiry", "kind", "strike", "open_interest"]).assign(volume=0.0)


TSLA = chain([
    (MONTHLY, "put", 275.0, 5000), (MONTHLY, "put", 270.0, 1000), (MONTHLY, "put", 245.0, 3000),
    (MONTHLY, "put", 290.0, 8000), (MONTHLY, "call", 300.0, 4000), (MONTHLY, "call", 285.0, 2000),
    (MONTHLY, "call", 260.0, 9000), (dt.date(2024, 1, 5), "put", 200.0, 99_999),  # expired
])


def test_walls_ratio_crack_and_target_by_hand():
    pos = options_positioning(TSLA, price=280.0, asof=ASOF)
    assert (pos.put_wall, pos.put_wall_oi) == (275.0, 5000.0)
    assert (pos.call_wall, pos.call_wall_oi) == (300.0, 4000.0)
    assert pos.pcr == pytest.approx(17_000 / 15_000)
    assert (pos.crack_level, pos.target, pos.target_source) == (275.0, 245.0, "put wall")
    assert (pos.expiry, pos.expiry_is_monthly, pos.scope) == (MONTHLY, True, "all")


def test_a_support_above_the_next_put_wall_is_the_target():
    pos = options_positioning(TSLA, price=280.0, asof=ASOF, supports=[265.0, 250.0, 281.0])
    assert (pos.target, pos.target_source) == (265.0, "support")


def test_max_pain_by_hand():
    rows = chain([(MONTHLY, "call", 95.0, 100), (MONTHLY, "call", 100.0, 50),
                  (MONTHLY, "call", 105.0, 10), (MONTHLY, "put", 95.0, 10),
                  (MONTHLY, "put", 100.0, 50), (MONTHLY, "put", 105.0, 100)])
    # payouts at 95: 250 + 1000; at 100: 500 + 500; at 105: 1000 + 250
    assert max_pain(rows, MONTHLY) == 100.0
    assert max_pain(rows, WEEKLY) is None


def test_max_pain_uses_the_nearest_monthly_not_the_weekly():
    rows = pd.concat([TSLA, chain([(WEEKLY, "call", 500.0, 1), (WEEKLY, "put", 100.0, 1)])])
    pos = options_positioning(rows, 280.0, ASOF)
    assert pos.expiry == MONTHLY
    only_weekly = options_positioning(rows, 280.0, ASOF, expiry=WEEKLY)
    assert only_weekly.scope == "2024-01-12" and only_weekly.put_wall == 100.0


def test_chain_without_a_monthly_falls_back_and_says_so():
    pos = options_positioning(chain([(WEEKLY, "put", 90.0, 10), (WEEKLY, "call", 110.0, 5)]), 100.0, ASOF)
    assert (pos.expiry, pos.expiry_is_monthly, pos.pcr) == (WEEKLY, False, 2.0)


def test_ties_nan_and_empty_sides():
    rows = chain([(MONTHLY, "put", 90.0, 10), (MONTHLY, "put", 95.0, 10),
                  (MONTHLY, "put", 80.0, np.nan)])
    pos = options_positioning(rows, 100.0, ASOF)
    assert pos.put_wall == 95.0  # a tie goes to the strike nearest the price
    assert (pos.call_wall, pos.pcr, pos.target) == (None, None, 90.0)
    assert options_positioning(rows, 50.0, ASOF).put_wall is None


def test_empty_or_expired_chain():
    with pytest.raises(NotEnoughData, match="need 1 contract expiring on or after 2024-01-10, have 0"):
        options_positioning(TSLA[TSLA["expiry"] < ASOF], 280.0, ASOF)


def test_monthly_expiries():
    assert is_monthly_expiry(dt.date(2024, 1, 19))
    assert not is_monthly_expiry(dt.date(2024, 1, 12))
    good_friday_week = {dt.date(2025, 4, 16), dt.date(2025, 4, 17), dt.date(2025, 4, 21)}
    assert is_monthly_expiry(dt.date(2025, 4, 17), good_friday_week)  # Friday 18th closed
    assert not is_monthly_expiry(dt.date(2025, 4, 17))  # no chain: cannot tell
    assert not is_monthly_expiry(dt.date(2024, 1, 18), {dt.date(2024, 1, 18), MONTHLY})
    holiday = chain([(dt.date(2026, 6, 18), "put", 90.0, 1), (dt.date(2026, 6, 26), "put", 90.0, 1)])
    assert options_positioning(holiday, 100.0, dt.date(2026, 6, 1)).expiry_is_monthly  # Juneteenth


def test_expiry_as_timestamps_is_accepted():
    rows = TSLA.assign(expiry=pd.to_datetime(TSLA["expiry"]))
    assert options_positioning(rows, 280.0, ASOF).put_wall == 275.0
