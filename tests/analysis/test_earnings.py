import pytest

from newsletter.analysis import NotEnoughData
from newsletter.analysis.conditions import leader_gap_and_fade
from newsletter.analysis.earnings import earnings_gaps, gap_and_fade, gap_fade_days
from tests.analysis.factories import flat_bars, make_bars, sessions, with_nan_rows

DAYS = sessions(10)
CLOSES = [100.0, 101, 100, 102, 108, 107, 106, 105, 104, 101]
OPENS = [100.0, 100, 101, 100, 107, 108, 107, 106, 105, 104]
HIGHS = [101.0, 102, 102, 103, 110, 108.5, 107.5, 106.5, 105.5, 104.5]


def blowout():
    """Earnings after the close on day 3; day 4 opens 4.9 % up, highs 110, then fades."""
    return make_bars(CLOSES, opens=OPENS, highs=HIGHS)


def test_gap_and_stall_by_hand():
    (g,) = earnings_gaps(blowout(), [DAYS[3].date()])
    assert (g.date, g.prev_close, g.open, g.high, g.close) == (DAYS[4].date(), 102.0, 107.0, 110.0, 108.0)
    assert g.gap_pct == pytest.approx((107 / 102 - 1) * 100)
    assert g.stalled and g.confirmed_on == DAYS[6].date()
    assert (g.sessions_after, g.closes_below_high, g.last_close) == (5, 5, 101.0)
    assert g.from_high_pct == pytest.approx((101 / 110 - 1) * 100)
    assert g.gap_filled  # 101 <= 102


def test_no_gap_and_before_open_timing():
    assert earnings_gaps(blowout(), [DAYS[1].date()]) == ()  # day 2 opens +0 %
    (g,) = earnings_gaps(blowout(), [DAYS[4].date()], timing="before_open")
    assert g.date == DAYS[4].date()


def test_not_yet_confirmed_and_new_highs_are_not_stalls():
    recent = earnings_gaps(blowout().iloc[:6], [DAYS[3].date()])[0]
    assert (recent.stalled, recent.confirmed_on, recent.sessions_after) == (False, None, 1)
    runaway = make_bars(CLOSES[:5] + [111.0, 112.0], opens=OPENS[:7], highs=HIGHS[:5] + [112, 113])
    assert not earnings_gaps(runaway, [DAYS[3].date()])[0].stalled
    assert gap_and_fade(runaway, [DAYS[3].date()]) is None


def test_signal_series_only_on_the_confirmation_day():
    days = gap_fade_days(blowout(), [DAYS[3].date()])
    assert days[days].index.tolist() == [DAYS[6]]
    assert leader_gap_and_fade(blowout(), [DAYS[3].date()]).equals(days)


def test_edges_dates_outside_nan_rows_halted_and_too_short():
    assert earnings_gaps(blowout(), [DAYS[9].date(), sessions(1, "2030-01-01")[0].date()]) == ()
    holed = with_nan_rows(blowout(), [5])
    (g,) = earnings_gaps(holed, [DAYS[3].date()])
    assert g.confirmed_on == DAYS[7].date()  # the missing session does not count
    assert earnings_gaps(flat_bars(20), [d.date() for d in sessions(20)]) == ()
    with pytest.raises(NotEnoughData, match="need 2 sessions, have 1"):
        earnings_gaps(blowout().iloc[:1], [DAYS[0].date()])
