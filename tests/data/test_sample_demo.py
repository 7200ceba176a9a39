"""The demo shows every section any week: the sample market plants its setups on the grid."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsletter.analysis.earnings import earnings_gaps
from newsletter.cli import main
from newsletter.data.sample import SampleSource
from newsletter.data.sample.profiles import SENTIMENT_LEADERS

# the rotation heading is "Small Cap Rotation Play" or, over a run the other way, "Small Caps Trail $SPY"
HEADINGS = ("## 🔙 Last Week Recap", "Breakdown Watch", "$IWM – Small Cap",
            "## 📐 Technical Setup", "– Sentiment Top?", "## 🧠 Macro + Theme Watch",
            "## 📈 The Historical Edge")


@pytest.mark.parametrize(("issue_date", "asof"), [("2026-10-18", "2026-10-16"),
                                                   ("2026-11-08", "2026-11-06"),
                                                   ("2026-11-22", "2026-11-20")])
def test_three_weeks_of_the_demo_have_every_section_and_a_real_headline(
        tmp_path: Path, issue_date: str, asof: str) -> None:
    out = tmp_path / "issues"
    assert main(["-C", str(tmp_path), "build", "--source", "sample", "--date", issue_date,
                 "--asof", asof, "--out", str(out)]) == 0
    text = (out / issue_date / "issue.md").read_text(encoding="utf-8")
    for heading in HEADINGS:
        assert heading in text, heading
    assert "skipped this week" not in text and "\n*💡 No leader" not in text
    headline = next(ln for ln in text.splitlines() if ln.startswith("# 🚨 "))
    assert "Week Ahead" not in headline
    assert "SAMPLE DATA" in text


def test_planted_earnings_gaps_are_on_the_grid_and_stall() -> None:
    """Every report of the planted leaders gaps up; the schedule never depends on the day asked."""
    market = SampleSource(7)
    stalled = total = 0
    for ticker in SENTIMENT_LEADERS:
        bars = market.history(ticker).loc[:"2026-12-04"]
        dates = [d for d in market.earnings(ticker) if dt.date(2025, 1, 1) <= d <= dt.date(2026, 11, 20)]
        gaps = earnings_gaps(bars, dates)
        assert len(gaps) == len(dates)  # every report gapped up at least 2%
        total += len(gaps)
        stalled += sum(g.stalled for g in gaps)
    assert stalled >= 0.85 * total
    assert SampleSource(7).earnings("NVDA") == market.earnings("NVDA")
