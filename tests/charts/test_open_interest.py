"""Options positioning: open interest summed by strike around the price, walls labelled."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from newsletter.charts.open_interest import open_interest_by_strike, open_interest_chart
from tests.charts import factories as f
from tests.charts.images import texts


def _chain() -> pd.DataFrame:
    week = dt.date(2026, 11, 27)
    month = dt.date(2026, 12, 18)
    rows = [(week, "put", 250.0, 100), (month, "put", 250.0, 50), (week, "call", 280.0, 70),
            (week, "put", 100.0, 9999), (month, "call", 270.0, 30)]
    frame = pd.DataFrame(rows, columns=["expiry", "kind", "strike", "open_interest"])
    return frame.assign(volume=0.0)


def test_open_interest_is_summed_over_expiries_within_the_band() -> None:
    table = open_interest_by_strike(_chain(), price=263.0, band=0.15)
    assert list(table.index) == [250.0, 270.0, 280.0]  # 100 is outside the band
    assert table.loc[250.0, "put"] == 150
    assert table.loc[280.0, "call"] == 70


def test_one_expiry_can_be_chosen() -> None:
    table = open_interest_by_strike(_chain(), 263.0, expiries=[dt.date(2026, 11, 27)])
    assert table.loc[250.0, "put"] == 100 and 270.0 not in table.index


def test_walls_and_price_are_labelled(tmp_path: Path, figures: list) -> None:
    chart = open_interest_chart(tmp_path / "oi.png", chain=_chain(), price=263.0, ticker="TSLA",
                                asof=f.ASOF)
    drawn = texts(figures[-1])
    assert "Put wall 250 · 150" in drawn and "Call wall 280 · 70" in drawn
    assert "Last 263.00" in drawn
    assert "put wall 250 (150 contracts), call wall 280 (70)" in chart.alt


def test_walls_from_the_analysis_are_used(tmp_path: Path) -> None:
    chart = open_interest_chart(tmp_path / "oi.png", chain=_chain(), price=263.0,
                                ticker="TSLA", asof=f.ASOF, call_wall=270.0)
    assert "call wall 270 (30)" in chart.alt


def test_an_empty_chain_is_an_error() -> None:
    with pytest.raises(ValueError, match="no open interest"):
        open_interest_chart(Path("unused.png"), chain=_chain().iloc[:0], price=263.0,
                            ticker="TSLA", asof=f.ASOF)


def test_a_wall_outside_the_band_is_not_drawn_as_zero(tmp_path: Path, figures: list) -> None:
    """The sample (seed 29, 2019-01-27): the paragraph said "call buyers are stacked at **30.00**
    (1,412,280)" and the chart's alt text "call wall 30 (0)": the wall lay outside the 15% band
    the chart draws, so its open interest was read from the drawn strikes only."""
    chart = open_interest_chart(tmp_path / "oi.png", chain=_chain(), price=263.0, ticker="TSLA",
                                asof=f.ASOF, put_wall=100.0)
    assert "put wall 100 (10.0k contracts, outside the 15% drawn)" in chart.alt, chart.alt
    assert "(0 contracts)" not in chart.alt
    drawn = texts(figures[-1])
    assert not any(t.startswith("Put wall 100") for t in drawn), drawn
