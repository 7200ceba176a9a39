import pytest

from newsletter.analysis import NotEnoughData
from newsletter.analysis.breakouts import base, breakouts
from tests.analysis.factories import flat_bars, make_bars, random_bars, sessions, with_nan_rows

SIDEWAYS = [10.0 + 0.01 * (i % 3) for i in range(50)]


def test_breakout_by_hand():
    bars = make_bars(SIDEWAYS + [11.0], volume=[1000.0] * 50 + [2000.0])
    (b,) = breakouts(bars)
    assert (b.date, b.close, b.prior_high) == (bars.index[-1].date(), 11.0, 10.02)
    assert (b.volume, b.avg_volume_50d, b.volume_ratio, b.sessions_ago) == (2000.0, 1000.0, 2.0, 0)


def test_volume_too_light_or_price_not_new_high():
    assert breakouts(make_bars(SIDEWAYS + [11.0], volume=[1000.0] * 50 + [1400.0])) == ()
    assert breakouts(make_bars(SIDEWAYS + [10.02], volume=[1000.0] * 50 + [5000.0])) == ()
    assert breakouts(make_bars(SIDEWAYS + [11.0], volume=[1000.0] * 50 + [1500.0]))  # 1.5x is enough


def test_breakout_needs_51_sessions_halted_never_breaks_out():
    with pytest.raises(NotEnoughData, match="50-day breakout: need 51 sessions, have 50"):
        breakouts(make_bars(SIDEWAYS))
    assert breakouts(flat_bars(120), within=60) == ()
    # back from a halt: zero average volume means no ratio, so no breakout either
    assert breakouts(make_bars([10.0] * 50 + [12.0], volume=[0.0] * 50 + [1e6])) == ()


def test_breakout_skips_nan_bars():
    bars = make_bars(SIDEWAYS + [10.0, 10.0, 10.0, 11.0], volume=[1000.0] * 53 + [2000.0])
    (b,) = breakouts(with_nan_rows(bars, [0, 20]), within=1)
    assert b.avg_volume_50d == 1000.0 and b.prior_high == 10.02


def test_base_by_hand():
    closes = [10.0, 12, 9, 13, 8, 10, 10.5, 10.2, 10.4, 10.1]
    b = base(make_bars(closes), weeks=1)
    assert (b.start, b.end, b.high, b.low) == (sessions(10)[5].date(), sessions(10)[9].date(), 10.5, 10.0)
    assert (b.depth_pct, b.prior_depth_pct) == (pytest.approx(5.0), pytest.approx(62.5))
    assert b.contraction == pytest.approx(0.08) and b.is_base


def test_not_a_base_when_wide_flat_or_short():
    wide = base(make_bars([10.0, 10.1, 10.2, 10.1, 10.0, 10, 14, 9, 13, 8]), weeks=1)
    assert not wide.is_base and wide.contraction > 1
    halted = base(flat_bars(60), weeks=6)
    assert not halted.is_base and halted.contraction is None
    with pytest.raises(NotEnoughData, match="6-week base: need 60 sessions, have 57"):
        base(random_bars(57), weeks=6)
