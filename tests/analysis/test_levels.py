import datetime as dt

import pandas as pd
import pytest

from newsletter.analysis import NotEnoughData
from newsletter.analysis.levels import (
    all_time_high,
    near_milestone,
    range_52w,
    round_milestone,
    support_resistance,
    swing_points,
)
from tests.analysis.factories import (
    flat_bars,
    load_real,
    make_bars,
    random_bars,
    sessions,
    with_nan_rows,
)

ZIGZAG = [1.0, 2, 3, 2, 1, 2, 3, 4, 3, 2]
DAYS = sessions(10)


def test_swing_points_by_hand():
    pivots = swing_points(make_bars(ZIGZAG), left=2, right=2)
    assert list(pivots.itertuples(name=None)) == [
        (DAYS[2], "high", 3.0), (DAYS[4], "low", 1.0), (DAYS[7], "high", 4.0)]


def test_swing_points_on_high_low():
    bars = make_bars(ZIGZAG, spread=0.5)
    pivots = swing_points(bars, 2, 2, source="high_low")
    assert pivots.loc[DAYS[7], "price"] == 4.5  # High = max(open 3, close 4) + 0.5
    assert pivots.loc[DAYS[4], "price"] == 0.5


def test_no_pivots_unconfirmed_or_flat():
    # the last `right` sessions can never be pivots: no look-ahead
    assert swing_points(make_bars([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 2, 2).empty
    assert swing_points(flat_bars(30), 2, 2).empty


def test_support_and_resistance_by_hand():
    level = support_resistance(make_bars(ZIGZAG), left=2, right=2)
    assert (level.close, level.support, level.resistance) == (2.0, 1.0, 3.0)
    assert (level.support_date, level.resistance_date) == (DAYS[4].date(), DAYS[2].date())


def test_above_every_pivot_has_no_resistance():
    level = support_resistance(make_bars(ZIGZAG + [5.0]), left=2, right=2)
    assert level.resistance is None and level.support == 4.0


def test_support_resistance_not_enough_and_nan_rows():
    with pytest.raises(NotEnoughData, match="need 11 sessions, have 10"):
        support_resistance(make_bars(ZIGZAG))
    bars = random_bars(300, seed=8)
    holed = with_nan_rows(bars, [20, 200])
    assert support_resistance(holed) == support_resistance(bars.drop(bars.index[[20, 200]]))


def test_round_milestones():
    spx = round_milestone(6992.0)
    assert (spx.below, spx.above, spx.nearest) == (6000.0, 7000.0, 7000.0)
    assert spx.distance_pct == pytest.approx(-8 / 70)
    dow = round_milestone(48_123.0)
    assert dow.nearest == 48_000.0 and dow.distance_pct > 0
    assert round_milestone(7000.0).below == 7000.0
    assert round_milestone(400.0).nearest == 1000.0  # zero is never a milestone
    with pytest.raises(ValueError):
        round_milestone(float("nan"))


def test_near_milestone_series():
    closes = pd.Series([6900.0, 6931.0, 7069.0, 7071.0, 450.0], index=sessions(5))
    assert near_milestone(closes, 1000.0, 1.0).tolist() == [False, True, True, False, False]


def test_all_time_high_by_hand():
    ath = all_time_high(make_bars([1.0, 5, 3, 5, 2]))
    assert (ath.high, ath.date, ath.sessions_since) == (5.0, sessions(5)[1].date(), 3)
    assert ath.distance_pct == pytest.approx(-60.0) and not ath.at_high
    assert all_time_high(make_bars([1.0, 5, 6])).at_high
    with pytest.raises(NotEnoughData, match="need 1 session, have 0"):
        all_time_high(make_bars([1.0]).iloc[:0])


def test_range_52w_by_hand_and_halted():
    r = range_52w(make_bars([5.0, 9, 1, 3, 4, 6]), sessions=5)
    assert (r.high, r.low, r.close) == (9.0, 1.0, 6.0)
    assert (r.high_date, r.low_date) == (sessions(6)[1].date(), sessions(6)[2].date())
    assert r.position == pytest.approx(5 / 8)
    assert range_52w(flat_bars(252)).position is None
    with pytest.raises(NotEnoughData, match="need 252 sessions, have 57"):
        range_52w(random_bars(57))


def test_gap_down_breaks_through_levels():
    # an ETF (no split) gaps 15 % below its swing low: support is the next one down, or none
    closes = ZIGZAG + [3.0, 4.0, 3.5, 0.4]
    level = support_resistance(make_bars(closes, opens=closes), left=2, right=2)
    assert level.support is None and level.resistance == 1.0


def test_real_spy_levels(real_data_dir):
    spy = load_real(real_data_dir, "SPY")
    ath = all_time_high(spy)
    assert ath.date == dt.date(2022, 1, 3) and ath.high == pytest.approx(477.709990)
    level = support_resistance(spy)
    assert level.support < level.close < level.resistance


def test_near_milestone_counts_exactly_one_percent_as_near() -> None:
    """198 is 1.0% from 200 (the division leaves 1.0000000000000009): near; 197.99 is not."""
    closes = pd.Series([198.0, 197.99, 202.0, 202.01], index=sessions(4))
    assert near_milestone(closes, 100.0, 1.0).tolist() == [True, False, True, False]


def _rolling_pivots(bars: pd.DataFrame, left: int, right: int, source: str) -> pd.DataFrame:
    """The pandas rolling-window definition the numpy one replaced (kept as the reference)."""
    if source == "close":
        highs = lows = bars["Close"].astype(float)
    else:
        highs, lows = bars["High"].astype(float), bars["Low"].astype(float)
    rows = []
    for kind, s, sign in (("high", highs, 1.0), ("low", lows, -1.0)):
        x = s * sign
        before = x.shift(1).rolling(left, min_periods=left).max()
        after = x[::-1].shift(1).rolling(right, min_periods=right).max()[::-1]
        hit = (x > before) & (x >= after)
        rows.append(pd.DataFrame({"kind": kind, "price": s[hit]}))
    out = pd.concat(rows).sort_index(kind="stable")
    out.index.name = "Date"
    return out


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(("left", "right"), [(1, 1), (2, 3), (5, 5), (3, 1)])
@pytest.mark.parametrize("source", ["close", "high_low"])
def test_swing_points_match_the_rolling_definition(seed: int, left: int, right: int,
                                                   source: str) -> None:
    bars = random_bars(260, seed=seed).round(0)  # whole dollars: many ties between neighbours
    got = swing_points(bars, left, right, source=source)
    want = _rolling_pivots(bars, left, right, source)
    pd.testing.assert_frame_equal(got, want, check_freq=False)
    assert len(want)  # the case compares pivots, not two empty frames


def test_a_tie_on_the_left_is_no_pivot_and_on_the_right_is() -> None:
    # equal to a close before it: not higher than every close before, so no swing high
    assert swing_points(make_bars([1.0, 3, 3, 1, 0.5]), 1, 1).query("kind == 'high'").index.tolist() \
        == [DAYS[1]]
    # at least as high as the close after it: the first of two equal closes is the swing high
    assert swing_points(make_bars([1.0, 2, 3, 3, 1]), 1, 1).query("kind == 'high'").index.tolist() \
        == [DAYS[2]]


@pytest.mark.parametrize("seed", range(4))
def test_support_resistance_matches_the_rolling_pivots(seed: int) -> None:
    bars = random_bars(400, seed=seed).round(0)
    for end in (150, 260, 400):
        window = bars.iloc[:end]
        level = support_resistance(window, lookback=120, left=5, right=5)
        pivots = _rolling_pivots(window.iloc[-120:], 5, 5, "close")
        price = float(window["Close"].iloc[-1])
        below, above = pivots[pivots["price"] < price], pivots[pivots["price"] > price]
        assert level.support == (below["price"].max() if len(below) else None)
        assert level.resistance == (above["price"].min() if len(above) else None)
        if len(below):
            assert level.support_date == below.index[below["price"] == level.support][-1].date()
