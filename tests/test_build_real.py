"""Build the 2022-11-20 issue from the real bars in ../shared (skips when absent)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from newsletter.cli import main


def _closes(path: Path) -> dict[str, float]:
    with path.open() as handle:
        return {row["Date"]: float(row["Close"]) for row in csv.DictReader(handle)}


def test_real_csv_issue_recap_matches_hand_computed_week(real_data_dir: Path, tmp_path: Path, capsys) -> None:
    code = main(["-C", str(tmp_path), "build", "--source", f"csv:{real_data_dir}",
                 "--asof", "2022-11-18", "--out", str(tmp_path / "issues")])
    assert code == 0, capsys.readouterr().err
    issue = (tmp_path / "issues" / "2022-11-20" / "issue.md").read_text(encoding="utf-8")
    closes = _closes(real_data_dir / "SPY.csv")
    # the week of Monday 2022-11-14: Friday 2022-11-18 against the Friday before
    expected = (closes["2022-11-18"] / closes["2022-11-11"] - 1) * 100
    line = next(ln for ln in issue.splitlines() if "$SPY **" in ln)
    shown = float(re.search(r"\(([-+]\d+\.\d)%\)", line).group(1))
    assert shown == round(expected, 1)
    assert f"**{closes['2022-11-18']:.2f}**" in line
    assert "SAMPLE" not in issue


def test_rebuild_from_snapshot_is_byte_identical(real_data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "issues"
    assert main(["-C", str(tmp_path), "build", "--source", f"csv:{real_data_dir}",
                 "--asof", "2022-11-18", "--out", str(out)]) == 0
    folder = out / "2022-11-20"
    first = {name: (folder / name).read_bytes() for name in ("issue.md", "index.html", "calls.json")}
    rebuilt = tmp_path / "rebuilt"
    assert main(["-C", str(tmp_path), "build", "--from-snapshot", str(folder), "--out", str(rebuilt)]) == 0
    for name, data in first.items():
        assert (rebuilt / "2022-11-20" / name).read_bytes() == data, name
