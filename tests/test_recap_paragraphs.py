"""The recap's graded calls and the scoreboard are separate paragraphs in every output."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsletter.calls import OUTCOME_MARKS
from newsletter.cli import main

MARKS = "|".join(sorted(set(OUTCOME_MARKS.values())))
GRADED = re.compile(rf"^({MARKS}) ")
_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S)


@pytest.fixture(scope="module")
def second_issue(tmp_path_factory) -> Path:
    """Two sample issues a week apart: the second grades the first one's calls, the Breakdown
    Watch's and the author's own (one short a week since 2026-12-07: the notes make the second)."""
    root = tmp_path_factory.mktemp("recap")
    (root / "notes").mkdir()
    (root / "notes" / "2026-11-22.yaml").write_text(
        "calls:\n  - ticker: SPY\n    direction: long\n    trigger: 710\n    target: 760\n"
        "    stop: 700\n    horizon: 2026-12-18\n", encoding="utf-8")
    for day in ("2026-11-22", "2026-11-29"):
        assert main(["-C", str(root), "build", "--source", "sample", "--date", day,
                     "--out", str(root / "issues")]) == 0
    return root / "issues" / "2026-11-29"


def _text_paragraphs(text: str) -> list[str]:
    recap = text.split("Last Week Recap", 1)[1]
    return [p.strip() for p in re.split(r"\n\s*\n", recap) if p.strip()]


def _html_paragraphs(html: str) -> list[str]:
    recap = html.split("Last Week Recap", 1)[1]
    return [re.sub(r"<[^>]+>", "", p).strip() for p in _PARAGRAPH.findall(recap)]


@pytest.mark.parametrize("name", ["issue.md", "email.txt", "index.html", "email.html"])
def test_each_graded_call_and_the_scoreboard_is_its_own_paragraph(second_issue: Path, name: str) -> None:
    text = (second_issue / name).read_text(encoding="utf-8")
    paragraphs = _html_paragraphs(text) if name.endswith(".html") else _text_paragraphs(text)
    graded = [p for p in paragraphs if GRADED.match(p)]
    assert len(graded) >= 2, f"{name}: the fixture must grade at least two calls: {paragraphs[:5]}"
    for paragraph in graded:
        assert len(GRADED.findall(paragraph)) == 1 and "\n" not in paragraph, \
            f"{name}: graded calls run together: {paragraph!r}"
        assert "scoreboard" not in paragraph, f"{name}: the scoreboard runs into a call: {paragraph!r}"
    board = next(p for p in paragraphs if "The scoreboard" in p)
    assert board.lstrip("*").startswith("The scoreboard"), f"{name}: {board!r}"


def test_a_rebuild_from_the_snapshot_into_another_folder_keeps_the_graded_recap(
        second_issue: Path, tmp_path: Path) -> None:
    rebuilt = tmp_path / "elsewhere"
    assert main(["-q", "-C", str(second_issue.parent.parent), "build", "--from-snapshot",
                 str(second_issue), "--out", str(rebuilt)]) == 0
    for name in ("issue.md", "index.html", "email.html", "email.txt", "calls.json"):
        assert (rebuilt / "2026-11-29" / name).read_bytes() == (second_issue / name).read_bytes(), name
