"""The real-data issue (index ETFs only) says in one line that breadth needs a universe."""

from __future__ import annotations

from pathlib import Path

from newsletter.cli import main


def test_index_etfs_only_say_breadth_needs_a_universe(real_data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "issues"
    assert main(["-C", str(tmp_path), "build", "--source", f"csv:{real_data_dir}",
                 "--asof", "2022-11-18", "--out", str(out)]) == 0
    issue = (out / "2022-11-20" / "issue.md").read_text(encoding="utf-8")
    lines = [line for line in issue.splitlines() if "Breadth needs a universe" in line]
    assert len(lines) == 1
    assert "none of the Dow 30 (30 tickers)" in lines[0]
    assert "newsletter.yaml" not in lines[0]  # the author's fix is a build warning
    assert "% above the 200-day" not in issue and "breadth.png" not in issue
