"""Rotation Play ratio line: the streak is counted, shaded and worded; the text can pass its own."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from newsletter.charts.ratio import current_streak, ratio_chart
from tests.charts import factories as f
from tests.charts.images import assert_chart_png, texts


def test_current_streak_counts_sessions_the_first_beat_the_second() -> None:
    lead, base = f.pair(streak=13)
    assert current_streak(lead, base) == 13
    assert current_streak(base, lead) == -13


def test_a_tie_on_the_last_session_is_no_streak() -> None:
    index = pd.bdate_range("2026-11-16", periods=4)
    same = pd.Series([1.0, 1.1, 1.2, 1.3], index=index)
    assert current_streak(same, same * 2) == 0


def test_chart_shades_and_words_the_streak(tmp_path: Path, figures: list) -> None:
    lead, base = f.pair(streak=13)
    chart = ratio_chart(tmp_path / "r.png", numerator=lead, denominator=base)
    assert "IWM has beaten SPY 13 sessions in a row" in chart.alt
    drawn = texts(figures[-1])
    assert "13-session streak" in drawn
    assert any(t.startswith("IWM beat SPY 13 sessions in a row") for t in drawn)
    assert_chart_png(tmp_path / "r.png", chart)


def test_the_analysis_streak_wins_over_the_charts_own_count(tmp_path: Path) -> None:
    lead, base = f.pair(streak=13)
    chart = ratio_chart(tmp_path / "r.png", numerator=lead, denominator=base, streak=-2,
                        names=("IWM", "QQQ"))
    assert "QQQ has beaten IWM 2 sessions in a row" in chart.alt


def test_series_are_aligned_on_common_sessions(tmp_path: Path) -> None:
    lead, base = f.pair()
    chart = ratio_chart(tmp_path / "r.png", numerator=lead.iloc[5:], denominator=base.iloc[:-1])
    assert "to Nov 19, 2026" in chart.alt
