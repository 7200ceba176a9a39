"""--asof must be an NYSE session and --date a Sunday: one line naming the nearest valid one, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsletter.cli import main


@pytest.mark.parametrize("args, message", [
    (["build", "--asof", "2022-11-24"],
     "--asof: 2022-11-24 is not an NYSE session (Thanksgiving, an NYSE holiday): "
     "the nearest sessions are 2022-11-23 (Wed) or 2022-11-25 (Fri)"),
    (["build", "--asof", "2022-11-19"],
     "--asof: 2022-11-19 is not an NYSE session (a Saturday): "
     "the nearest sessions are 2022-11-18 (Fri) or 2022-11-21 (Mon)"),
    (["build", "--asof", "2025-01-09"],  # the national day of mourning: closed, not a regular holiday
     "--asof: 2025-01-09 is not an NYSE session (an NYSE holiday or closure): "
     "the nearest sessions are 2025-01-08 (Wed) or 2025-01-10 (Fri)"),
    (["build", "--date", "2022-11-23"],
     "--date: 2022-11-23 is a Wednesday, and an issue is dated the Sunday it goes out: "
     "the nearest Sunday is 2022-11-20 (or 2022-11-27)"),
    (["build", "--asof", "2022-11-18", "--date", "2022-11-25"],
     "--date: 2022-11-25 is a Friday, and an issue is dated the Sunday it goes out: "
     "the nearest Sunday is 2022-11-27 (or 2022-11-20)"),
    (["notes", "new", "--date", "2026-11-25"],
     "--date: 2026-11-25 is a Wednesday, and an issue is dated the Sunday it goes out: "
     "the nearest Sunday is 2026-11-22 (or 2026-11-29)"),
])
def test_a_date_off_the_calendar_is_one_line_naming_the_nearest(tmp_path: Path, capsys, args: list[str],
                                                                 message: str) -> None:
    code = main(["-C", str(tmp_path), *args[:1], *(["--source", "sample"] if args[0] == "build" else []),
                 *args[1:]])
    out, err = capsys.readouterr()
    assert code == 2, out
    assert err == f"newsletter: error: {message}\n"
    assert not (tmp_path / "issues").exists() and not (tmp_path / "notes").exists()


def test_a_session_and_a_sunday_still_build(tmp_path: Path, capsys) -> None:
    assert main(["-q", "-C", str(tmp_path), "build", "--source", "sample", "--asof", "2026-11-20",
                 "--date", "2026-11-22"]) == 0
    assert (tmp_path / "issues" / "2026-11-22" / "issue.md").is_file()
