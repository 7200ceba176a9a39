"""Historical Edge: every bar has its n printed; the alt text carries every number."""

from __future__ import annotations

from pathlib import Path

from newsletter.charts.event_study import event_study_chart
from tests.charts import factories as f
from tests.charts.images import texts


def test_n_is_printed_under_every_bar(tmp_path: Path, figures: list) -> None:
    rows = f.edge_rows()
    chart = event_study_chart(tmp_path / "e.png", rows=rows, asof=f.ASOF, title="SPY after X")
    drawn = texts(figures[-1])
    for row in rows:
        for estimate in (row.event, row.baseline):
            short = f"n={estimate.n:,}" if estimate.n < 1000 else f"n={estimate.n / 1000:.1f}k"
            assert any(t.startswith(short) for t in drawn), estimate.n  # short under the bar
            assert f"n={estimate.n:,}" in chart.alt
    assert {"1 week", "1 month", "3 months"} <= set(drawn)
    assert "n=6.2k\n56% up" in drawn  # the baseline's 6,214 days, short enough for its bar
    assert "+1.8%" in drawn  # the 1-month event mean, above its bar


def test_alt_text_reads_as_a_sentence(tmp_path: Path) -> None:
    chart = event_study_chart(tmp_path / "e.png", rows=f.edge_rows()[:1], asof=f.ASOF,
                              title="SPY after a streak", event_label="After IWM led")
    assert chart.alt.startswith("SPY after a streak. Mean forward return after IWM led "
                                "against all days; 1 week: +0.41% (90% interval -0.12% to "
                                "+0.93%, n=38, 63% positive)")


def test_the_all_days_baseline_is_a_population_figure_without_an_interval(tmp_path: Path) -> None:
    from newsletter.charts.inputs import Estimate, HorizonEdge

    rows = (HorizonEdge("1 month", Estimate(0.0182, 0.0041, 0.0318, 37, 0.73),
                        Estimate(0.0012, 0.0012, 0.0012, 5000, 0.6)),)
    chart = event_study_chart(tmp_path / "e.png", rows=rows, asof=f.ASOF, title="SPY after X")
    assert "against +0.12% (n=5,000, 60% positive)" in chart.alt
    assert "+0.12% to +0.12%" not in chart.alt
