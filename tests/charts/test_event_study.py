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
            assert any(t.startswith(f"n={estimate.n:,}") for t in drawn), estimate.n
            assert f"n={estimate.n:,}" in chart.alt
    assert {"1 week", "1 month", "3 months"} <= set(drawn)
    assert "+1.8%" in drawn  # the 1-month event mean, above its bar


def test_alt_text_reads_as_a_sentence(tmp_path: Path) -> None:
    chart = event_study_chart(tmp_path / "e.png", rows=f.edge_rows()[:1], asof=f.ASOF,
                              title="SPY after a streak", event_label="After IWM led")
    assert chart.alt.startswith("SPY after a streak. Mean forward return after IWM led "
                                "against all days; 1 week: +0.41% (90% interval -0.12% to "
                                "+0.93%, n=38, 63% positive)")
