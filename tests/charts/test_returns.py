"""Recap returns: sorted best to worst, coloured by sign, every value printed."""

from __future__ import annotations

import math
from pathlib import Path

from newsletter.charts import formats
from newsletter.charts.returns import returns_chart, returns_height
from tests.charts import factories as f
from tests.charts.images import assert_chart_png, texts


def test_bars_are_sorted_and_every_value_is_printed(tmp_path: Path, figures: list) -> None:
    returns = f.weekly_returns()
    chart = returns_chart(tmp_path / "w.png", returns=returns, asof=f.ASOF, indices={"SPY"})
    ranked = sorted(returns, key=returns.get, reverse=True)
    ax = figures[-1].axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ranked
    drawn = [t.strip() for t in texts(figures[-1])]
    assert all(formats.pct(v) in drawn for v in returns.values())
    bold = {t.get_text() for t in ax.get_yticklabels() if t.get_fontweight() == "bold"}
    assert bold == {"SPY"}
    assert chart.height == returns_height(len(returns))
    assert_chart_png(tmp_path / "w.png", chart)


def test_missing_values_are_left_out_and_said(tmp_path: Path) -> None:
    chart = returns_chart(tmp_path / "w.png", returns={"SPY": 0.01, "VIX": math.nan},
                          asof=f.ASOF)
    assert "SPY +1.0%" in chart.alt and "No data for VIX" in chart.alt
    assert_chart_png(tmp_path / "w.png", chart)


def test_all_losses_chart_well(tmp_path: Path) -> None:
    chart = returns_chart(tmp_path / "w.png", returns={"A": -0.02, "B": -0.05}, asof=f.ASOF)
    assert chart.alt.endswith("A -2.0%, B -5.0%.")
    assert_chart_png(tmp_path / "w.png", chart)
