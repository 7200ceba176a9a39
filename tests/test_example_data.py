"""The real-data example the README shows works from a fresh clone: the bars ship in examples/."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from newsletter.cli import main
from tests.conftest import REPO, shared_data_dir

EXAMPLE = REPO / "examples" / "data" / "yahoo-daily"
TICKERS = ("SPY", "QQQ", "IWM", "DIA", "^VIX")


def _closes(path: Path) -> dict[str, float]:
    with path.open(encoding="utf-8") as handle:
        return {row["Date"]: float(row["Close"]) for row in csv.DictReader(handle)}


def test_the_example_folder_is_small_and_in_the_yahoo_layout() -> None:
    files = sorted(p.name for p in EXAMPLE.iterdir())
    assert files == sorted(f"{t}.csv" for t in TICKERS)
    assert sum(p.stat().st_size for p in EXAMPLE.iterdir()) < 1_000_000
    for path in EXAMPLE.iterdir():
        header = path.read_text(encoding="utf-8").splitlines()[0]
        assert header == "Date,Open,High,Low,Close,Adj Close,Volume", path.name


def test_the_example_rows_are_the_real_ones() -> None:
    """Cut from the shared history, never edited (checked when that history is beside the checkout)."""
    shared = shared_data_dir()
    if shared is None:
        return
    for ticker in TICKERS:
        full = {ln.split(",", 1)[0]: ln for ln in (shared / f"{ticker}.csv").read_text().splitlines()}
        for line in (EXAMPLE / f"{ticker}.csv").read_text(encoding="utf-8").splitlines()[1:]:
            assert full[line.split(",", 1)[0]] == line, ticker


def test_the_readme_builds_a_real_issue_from_the_example_folder(tmp_path: Path, monkeypatch, capsys) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = re.search(r"newsletter build --source csv:examples/data/yahoo-daily --asof (\S+)", readme)
    assert command, "the README must show the real-data build on the shipped example"
    monkeypatch.chdir(REPO)  # the README's command runs from the clone's top folder
    code = main(["-C", str(tmp_path), "build", "--source", "csv:examples/data/yahoo-daily",
                 "--asof", command.group(1), "--out", str(tmp_path / "issues")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Built the 2022-11-20 issue:" in out and "SAMPLE" not in out
    issue = (tmp_path / "issues" / "2022-11-20" / "issue.md").read_text(encoding="utf-8")
    assert "SAMPLE" not in issue
    for ticker in ("SPY", "QQQ", "IWM", "DIA"):
        closes = _closes(EXAMPLE / f"{ticker}.csv")
        days = sorted(d for d in closes if d <= "2022-11-18")
        week = (closes["2022-11-18"] / closes["2022-11-11"] - 1) * 100
        distance = (closes["2022-11-18"] / (sum(closes[d] for d in days[-200:]) / 200) - 1) * 100
        line = next(ln for ln in issue.splitlines() if f"${ticker} **" in ln)
        assert f"({week:+.1f}%)" in line, line
        side = "over" if distance >= 0 else "under"
        assert f"{abs(distance):.1f}% {side} the 200-day" in line, line


def test_no_output_shows_the_servers_path(tmp_path: Path, capsys) -> None:
    """Readers see the kind of source and the folder's name, never where it lies on the server."""
    out = tmp_path / "issues"
    assert main(["-C", str(tmp_path), "build", "--source", f"csv:{EXAMPLE}", "--asof", "2022-11-18",
                 "--out", str(out)]) == 0
    capsys.readouterr()
    folder = out / "2022-11-20"
    assert "Built from csv:yahoo-daily data" in (folder / "index.html").read_text(encoding="utf-8")
    for name in ("index.html", "issue.md", "email.html", "email.txt", "meta.json", "build.json",
                 "snapshot/meta.json"):
        text = (folder / name).read_text(encoding="utf-8")
        assert str(EXAMPLE.parent) not in text and str(REPO) not in text, name
