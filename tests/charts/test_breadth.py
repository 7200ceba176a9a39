"""Breadth chart: % above the 200-day over the A/D line, the last values tagged and in the alt text."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newsletter.charts.breadth import breadth_chart
from tests.charts import factories as f
from tests.charts.images import assert_chart_png, texts


def test_last_values_are_tagged_and_said(tmp_path: Path, figures: list) -> None:
    pct, ad = f.breadth_lines()
    chart = breadth_chart(tmp_path / "b.png", pct_above_200d=pct, ad_line=ad, universe="the Dow 30",
                          members=28)
    drawn = texts(figures[-1])
    assert f"{pct.iloc[-1]:.0f}%" in drawn and f"{ad.iloc[-1]:+,.0f}" in drawn
    assert "Breadth: the Dow 30" in drawn and "28 members · last 126 sessions" in drawn
    top, low = figures[-1].axes
    lo, hi = top.get_ylim()
    assert lo < 0 and hi > 100  # a universe all above (or none) stays inside the frame
    np.testing.assert_array_equal(low.lines[1].get_ydata(), ad.to_numpy())
    assert f"{pct.iloc[-1]:.0f}% above their 200-day" in chart.alt
    assert f"the advance/decline line {ad.iloc[-1]:+,.0f} net advances" in chart.alt
    assert_chart_png(tmp_path / "b.png", chart)


def test_sessions_before_any_200_day_are_blank_not_zero(tmp_path: Path, figures: list) -> None:
    pct, ad = f.breadth_lines()
    pct.iloc[:40] = np.nan
    chart = breadth_chart(tmp_path / "b.png", pct_above_200d=pct, ad_line=ad, universe="u", members=3)
    assert np.isnan(figures[-1].axes[0].lines[1].get_ydata()[:40]).all()
    assert f"from {pct.iloc[40]:.0f}%" in chart.alt


def test_no_200_day_at_all_is_refused(tmp_path: Path) -> None:
    pct, ad = f.breadth_lines()
    with pytest.raises(ValueError, match="fewer than two sessions"):
        breadth_chart(tmp_path / "b.png", pct_above_200d=pct * np.nan, ad_line=ad, universe="u",
                      members=3)
