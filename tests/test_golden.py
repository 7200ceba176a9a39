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
