"""On the real bars, no section fails in a replayed week. Skips when the real bars are absent.

The replay of 2003-2022 counted "section failed: technical in 5 weeks (first 2003-09-07:
technical: IndexError ...)": $IWM's half-cent closes of 2003 (48.175 and the like) round one
way by Python and the other by numpy, and the Technical Setup's high to clear was looked up by
the one among closes rounded by the other. A section that fails is counted and named and the
replay goes on, so only a test over real weeks shows it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from newsletter.data.csv_folder import CsvFolderSource
from newsletter.replay.report import build_report
from newsletter.replay.run import load_config_file, run_replay

REPO = Path(__file__).resolve().parents[1]


def test_no_section_fails_in_the_half_cent_years(real_data_dir: Path) -> None:
    """$IWM's closes fall on binary half cents from 2001 to May 2005: every Sunday from 2003,
    where the README's replay starts, to a year after the last."""
    config = load_config_file(REPO / "examples" / "replay-indices.yaml")
    replay = run_replay(config, CsvFolderSource(real_data_dir), dt.date(2003, 1, 1), dt.date(2006, 6, 30))
    assert len(replay.weeks) == 182
    assert build_report(replay)["section_failures"] == {}
