"""IV term structure chart: one labelled point per expiry, realised vol beside it, alt text agrees."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsletter.charts.iv_term import iv_term_chart
from tests.charts import factories as f
from tests.charts.images import texts

EXPIRIES = [dt.date(2026, 11, 27), dt.date(2026, 12, 18), dt.date(2027, 1, 15)]


def test_points_and_realised_are_labelled(tmp_path: Path, figures: list) -> None:
    chart = iv_term_chart(tmp_path / "t.png", expiries=EXPIRIES, days=[7, 28, 56],
                          ivs=[13.62, 14.26, 14.8], realised=13.01, ticker="SPY", asof=f.ASOF)
    drawn = texts(figures[-1])
    for label in ("13.6%", "14.3%", "14.8%", "20-day realised 13.0%", "Nov 27", "Jan 15"):
        assert label in drawn
    assert chart.alt == ("SPY at-the-money implied volatility by expiry: 13.6% at 7 days "
                         "(Nov 27, 2026), 14.3% at 28 days (Dec 18, 2026), 14.8% at 56 days "
                         "(Jan 15, 2027); 20-day realised volatility 13.0%.")


def test_one_expiry_is_no_term_structure(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        iv_term_chart(tmp_path / "t.png", expiries=EXPIRIES[:1], days=[7], ivs=[13.0],
                      realised=12.0, ticker="SPY", asof=f.ASOF)
