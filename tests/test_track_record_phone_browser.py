"""The track-record page on a 375 px phone: no sideways scroll of the whole page (Chromium)."""

from __future__ import annotations

import json
from pathlib import Path

from newsletter.config import Config
from newsletter.publish.archive import write_site
from newsletter.workspace import Workspace
from tests.browser import chromium_driver, horizontal_overflow, serve_folder
from tests.test_replay_record import REPORT, row

# The track-record page at 375 px was 461 px wide: its two tables (eight and seven columns)
# pushed the whole page sideways, the nav and the definitions with it. A table now scrolls in
# its own box and the page keeps the phone's width.

def test_the_track_record_page_does_not_scroll_sideways_on_a_phone(tmp_path: Path) -> None:
    (tmp_path / "replay").mkdir()
    report = {**REPORT, "baseline": {"what": "random weeks", "overall": row(9, 20, 2, -0.05)}}
    (tmp_path / "replay" / "report.json").write_text(json.dumps(report), encoding="utf-8")
    ws = Workspace(root=tmp_path, config=Config(replay_report="replay/report.json"))
    ws.output_dir.mkdir()
    write_site(ws, [])
    driver = chromium_driver(tmp_path / "profile", 375, 900)
    try:
        with serve_folder(ws.output_dir) as url:
            driver.set_window_size(375, 900)
            driver.get(url.rstrip("/") + "/track-record.html")
            assert "Replay: a hypothetical record" in driver.page_source
            assert horizontal_overflow(driver) <= 0
            widths = driver.execute_script(
                "return Array.from(document.querySelectorAll('table')).map("
                "t => t.parentElement.clientWidth)")
            assert widths and all(w <= 375 for w in widths), widths
    finally:
        driver.quit()
