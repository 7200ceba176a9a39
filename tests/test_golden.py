"""The golden issue: the sample market, a fixed seed, date and notes → the exact issue.md.

A wording change shows up as a readable diff of tests/golden/issue.md. After an
intended change, regenerate with `make golden` and review the diff like code.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

from newsletter.cli import main

GOLDEN = Path(__file__).parent / "golden"
DATE = "2026-11-22"


def test_golden_issue_md(tmp_path: Path, capsys) -> None:
    shutil.copytree(GOLDEN / "notes", tmp_path / "notes")
    out = tmp_path / "issues"
    code = main(["-C", str(tmp_path), "build", "--source", "sample", "--date", DATE, "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    built = (out / DATE / "issue.md").read_text(encoding="utf-8")
    expected_path = GOLDEN / "issue.md"
    if os.environ.get("NEWSLETTER_REGENERATE_GOLDEN"):
        expected_path.write_text(built, encoding="utf-8")
    expected = expected_path.read_text(encoding="utf-8")
    if built != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), built.splitlines(True),
                                            "tests/golden/issue.md", "built issue.md"))
        raise AssertionError("the issue differs from the golden file (run `make golden` if intended):\n"
                             + diff)


def test_every_dated_year_in_the_golden_issue_is_written_one_way() -> None:
    """"Jan 24, 2003" in the hooks, "Jul 15 2026" in the Technical Setup and the Rotation Play:
    a date with its year is written with the comma everywhere (``render.year_date``)."""
    import re

    text = (GOLDEN / "issue.md").read_text(encoding="utf-8")
    assert not re.findall(r"\b[A-Z][a-z]{2} \d{1,2} \d{4}\b", text)
    assert re.search(r"\b[A-Z][a-z]{2} \d{1,2}, \d{4}\b", text)
