"""A section never disappears silently: nothing qualified or data missing is one line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsletter.cli import main

INDICES = ("SPY", "QQQ", "IWM", "DIA", "^VIX")


@pytest.fixture
def five_files(real_data_dir: Path, tmp_path: Path) -> Path:
    """A CSV folder with only the default indices, as a new user would start."""
    folder = tmp_path / "csv"
    folder.mkdir()
    for ticker in INDICES:
        shutil.copy(real_data_dir / f"{ticker}.csv", folder / f"{ticker}.csv")
    return folder


def _build(workspace: Path, folder: Path) -> str:
    out = workspace / "issues"
    assert main(["-C", str(workspace), "build", "--source", f"csv:{folder}", "--asof", "2022-11-18",
                 "--out", str(out)]) == 0
    return (out / "2022-11-20" / "issue.md").read_text(encoding="utf-8")


AUTHOR_WORDS = ("newsletter.yaml", "--source", "CSV files", "earnings.csv", "breadth.universe")
"""Words of the author's fixes: a reader of the issue never sees how to configure the tool."""


def _section(issue: str, heading: str) -> list[str]:
    """The non-empty lines under a ``## `` heading that contains ``heading``."""
    lines = issue.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("## ") and heading in ln)
    body = []
    for line in lines[start + 1:]:
        if line.startswith("## ") or line == "---":
            break
        if line.strip():
            body.append(line)
    return body


def test_every_section_without_its_data_says_so_in_one_line(five_files: Path, tmp_path: Path) -> None:
    issue = _build(tmp_path, five_files)
    sentiment = _section(issue, "Sentiment Top?")
    assert len(sentiment) == 1
    assert sentiment[0].startswith("*💡 Sentiment Top? is skipped this week: no data for the sentiment "
                                   "watchlist (AVGO, NVDA, MU, AMD, PLTR; no file ")
    assert sentiment[0].endswith(").*")
    macro = _section(issue, "Macro + Theme Watch")
    assert len(macro) == 1 and "no data for the theme pairs and story stocks (NVDA, AVGO" in macro[0]
    recap = _section(issue, "Last Week Recap")
    assert any(ln.startswith("*No data this week for") and "$XLK" in ln and ln.endswith(".*")
               for ln in recap)
    assert _section(issue, "Rotation Play") and _section(issue, "The Historical Edge")


def test_the_one_liners_can_be_switched_off(five_files: Path, tmp_path: Path) -> None:
    (tmp_path / "newsletter.yaml").write_text("sections:\n  one_liners: false\n", encoding="utf-8")
    issue = _build(tmp_path, five_files)
    assert "Sentiment Top?" not in issue and "Macro + Theme Watch" not in issue
    assert "## 🔙 Last Week Recap" in issue


def test_a_section_hidden_by_the_notes_says_nothing(five_files: Path, tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "2022-11-20.yaml").write_text("hide: [sentiment]\n", encoding="utf-8")
    issue = _build(tmp_path, five_files)
    assert "Sentiment Top?" not in issue and "## 🧠 Macro + Theme Watch" in issue


# Found reading the replayed issues as a subscriber would: the issue told its readers "set
# breadth.universe in newsletter.yaml to a list of tickers ..." and "add or update their CSV
# files in the folder, or build with --source yahoo". The issue names what is missing; how to
# get it is the author's, in the build's warnings (the terminal and the preview's status panel).

def test_no_author_instruction_reaches_the_readers(five_files: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "issues"
    assert main(["-C", str(tmp_path), "build", "--source", f"csv:{five_files}", "--asof",
                 "2022-11-18", "--out", str(out)]) == 0
    printed = capsys.readouterr()
    folder = out / "2022-11-20"
    for name in ("issue.md", "index.html", "email.html", "email.txt"):
        text = (folder / name).read_text(encoding="utf-8")
        assert not [w for w in AUTHOR_WORDS if w in text], name
    told = printed.out + printed.err
    assert "set breadth.universe in newsletter.yaml" in told
    assert "add or update their CSV files in the folder, or build with --source yahoo" in told
