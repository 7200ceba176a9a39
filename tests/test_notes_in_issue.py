"""The README's notes example: the author's call and watch name appear in every output."""

from __future__ import annotations

import json
from pathlib import Path

from newsletter.cli import main

DATE = "2026-11-22"
CONFIG = """\
watchlists:
  breakdown: [AAPL, MSFT]
  sentiment: [AVGO]
  story: [HOOD]
themes: []
"""
NOTES = """\
watch: [NVDA]
calls:
  - {ticker: TSLA, direction: short, trigger: 275, target: 245, stop: 290, horizon: 2026-12-18}
"""


def test_readme_notes_call_and_watch_reach_all_four_outputs(tmp_path: Path, capsys) -> None:
    (tmp_path / "newsletter.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / f"{DATE}.yaml").write_text(NOTES, encoding="utf-8")
    out = tmp_path / "issues"
    code = main(["-C", str(tmp_path), "build", "--source", "sample", "--date", DATE, "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    folder = out / DATE
    for name in ("issue.md", "index.html", "email.html", "email.txt"):
        text = (folder / name).read_text(encoding="utf-8")
        assert "$TSLA" in text and "$NVDA" in text, name
        assert "My Calls" in text, name
    issue = (folder / "issue.md").read_text(encoding="utf-8")
    assert "- $TSLA **short**: a close under **275.00** targets **245.00** by Dec 18; stop **290.00**." in issue
    # TSLA trades near 400 in the sample market: 275 is far away, and the author is told so
    warnings = json.loads((folder / "build.json").read_text(encoding="utf-8"))["warnings"]
    (warning,) = [w for w in warnings if w.startswith("notes call TSLA short 275")]
    assert "ATRs away" in warning
    assert "⚠️ Breaks the house rules: " in issue
    # the author's call is kept, as written, in the ledger
    (call,) = [c for c in json.loads((folder / "calls.json").read_text()) if c["origin"] == "notes"]
    assert (call["ticker"], call["trigger"]) == ("TSLA", 275.0)
