"""Rotation Play ratio line: the streak is counted, shaded and worded; the text can pass its own."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

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
    assert "IWM led 13 sessions · 44 bp a day" in drawn  # whole: not cut with an ellipsis
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


def test_a_one_session_lead_is_the_last_session_not_a_streak(tmp_path: Path,
                                                              figures: list) -> None:
    """The week to 2008-10-10 said "IWM has beaten SPY 1 session in a row, by 735 basis points a
    day on average": one session is neither a run nor an average."""
    lead, base = f.pair(streak=13)
    chart = ratio_chart(tmp_path / "r.png", numerator=lead, denominator=base, streak=1)
    assert "IWM beat SPY on the last session, by " in chart.alt
    assert "in a row" not in chart.alt and "on average" not in chart.alt
    drawn = texts(figures[-1])
    assert "IWM led last session · 13 bp" in drawn  # whole: not cut with an ellipsis
    assert not any("in a row" in t or "1-session" in t for t in drawn)
    assert "last session" in drawn
    two = ratio_chart(tmp_path / "r2.png", numerator=lead, denominator=base, streak=-2)
    assert "SPY has beaten IWM 2 sessions in a row, by " in two.alt
    assert any(t.startswith("SPY led 2 sessions · ") and "…" not in t for t in texts(figures[-1]))


def test_the_alt_texts_week_is_the_issues_week_in_a_holiday_week(tmp_path: Path) -> None:
    """READER.md: "a week" is the same span in text, lists and charts. The chart took 5 sessions
    back, so in Thanksgiving week (as of Wednesday 2024-11-27) its week began a Wednesday while the
    issue's began the Friday before (analysis.periods.week_start)."""
    import numpy as np

    from newsletter.analysis.periods import SESSIONS_PER_MONTH, week_start

    idx = pd.bdate_range("2024-05-01", "2024-11-27", name="Date")
    rng = np.random.default_rng(7)
    a = pd.Series(100 * np.cumprod(1 + rng.normal(0, 0.01, len(idx))), index=idx)
    b = pd.Series(100 * np.cumprod(1 + rng.normal(0, 0.01, len(idx))), index=idx)
    chart = ratio_chart(tmp_path / "r.png", numerator=a, denominator=b)
    ratio = a / b
    week = ratio.iloc[-1] / ratio.iloc[week_start(ratio.index)] - 1
    month = ratio.iloc[-1] / ratio.iloc[-1 - SESSIONS_PER_MONTH] - 1
    assert f"{'up' if week >= 0 else 'down'} {abs(week) * 100:.1f}% in a week" in chart.alt
    assert f"{'up' if month >= 0 else 'down'} {abs(month) * 100:.1f}% in a month" in chart.alt
    five = ratio.iloc[-1] / ratio.iloc[-6] - 1
    assert f"{abs(five) * 100:.1f}% in a week" not in chart.alt  # the 5-session figure differs here


@pytest.mark.parametrize(("run", "edge", "words"), [
    (1, 1.2, "IWM beat SPY on the last session, by 1 basis point"),
    (1, 1.6, "IWM beat SPY on the last session, by 2 basis points"),
    (-3, 0.9, "SPY has beaten IWM 3 sessions in a row, by 1 basis point a day on average"),
    (3, 12.0, "IWM has beaten SPY 3 sessions in a row, by 12 basis points a day on average"),
    # "by 0 basis points" beside the text's "by under 1 bp" (the real bars' 2020-07-19)
    (1, 0.4, "IWM beat SPY on the last session, by under 1 basis point"),
    (1, 0.5, "IWM beat SPY on the last session, by under 1 basis point"),  # prints 0
    (1, 0.51, "IWM beat SPY on the last session, by 1 basis point"),
])
def test_one_basis_point_is_singular(run: int, edge: float, words: str) -> None:
    """The sample (seed 5) alt text of 2025-03-02: "IWM beat SPY on the last session, by 1 basis
    points"."""
    from newsletter.charts.ratio import _streak_words

    assert _streak_words(("IWM", "SPY"), run, edge, short=False) == words


@pytest.mark.parametrize(("run", "edge", "words"), [
    (1, 0.4, "IWM led last session · under 1 bp"), (2, 0.51, "IWM led 2 sessions · 1 bp a day")])
def test_the_subtitle_never_says_0_bp(run: int, edge: float, words: str) -> None:
    from newsletter.charts.ratio import _streak_words

    assert _streak_words(("IWM", "SPY"), run, edge, short=True) == words


def test_a_ratio_change_that_prints_as_zero_is_unchanged(tmp_path: Path) -> None:
    """The real bars' 2003-01-26 and 2018-06-10: "IWM/SPY price ratio ... down 0.0% in a week"."""
    idx = pd.bdate_range("2024-05-01", "2024-11-29", name="Date")
    a = pd.Series(100.0, index=idx)
    b = pd.Series(100.0, index=idx)
    b.iloc[-1] = 100.04  # the ratio falls 0.04%: prints 0.0
    chart = ratio_chart(tmp_path / "r.png", numerator=a, denominator=b)
    assert "unchanged in a week and unchanged in a month" in chart.alt, chart.alt
    assert "0.0%" not in chart.alt
