"""On real bars, no call reaches the ledger under the R/R threshold, and each prints its R/R.

SPY 2008-06-06 (trigger 134.79, target 130.50, stop 142.48: 0.56) and QQQ 2020-03-20 (0.74,
stop 17% away) were calls before the trade plan; 2020-03-20 also had SPY and DIA at 52-week
lows, never mentioned. Skips when the real bars are absent.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from newsletter.cli import main

CONFIG = """\
watchlists:
  indices: [SPY, QQQ, IWM, DIA, ^VIX]
  breakdown: [SPY, QQQ, IWM, DIA]
  sentiment: [SPY, QQQ]
  story: [IWM, DIA]
  macro: []
  sectors: []
themes: []
sections:
  regime: true
"""


@pytest.mark.parametrize(("asof", "issue"), [("2022-11-18", "2022-11-20"), ("2020-03-20", "2020-03-22"),
                                             ("2008-06-06", "2008-06-08")])
def test_no_call_under_the_threshold(real_data_dir: Path, tmp_path: Path, asof: str, issue: str,
                                     capsys) -> None:
    (tmp_path / "newsletter.yaml").write_text(CONFIG, encoding="utf-8")
    out = tmp_path / "issues"
    code = main(["-C", str(tmp_path), "build", "--source", f"csv:{real_data_dir}", "--asof", asof,
                 "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    folder = out / issue
    text = (folder / "issue.md").read_text(encoding="utf-8")
    calls = json.loads((folder / "calls.json").read_text(encoding="utf-8"))
    for call in calls:
        reward = abs(call["trigger"] - call["target"])
        risk = abs(call["stop"] - call["trigger"])
        assert reward / risk >= 2.0, call
        level = re.escape(f"{call['trigger']:,.2f}")  # then what the trigger is, in brackets
        assert re.search(rf"If \*\*{level}\*\* \([^)]+\) cracks", text) or call["origin"] == "regime"
    assert text.count("**R/R ") >= len(calls)
    assert "A close back above" not in text
    if asof == "2008-06-06":  # IWM closed at 76.20 over the Jun 4 rejection's 74.95 high on Jun 5
        assert "The high reached **74.95**" not in text
    if asof == "2020-03-20":
        assert "$SPY" in text.split("## 📌", 1)[1].split("## 📊", 1)[0]
