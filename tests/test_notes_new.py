"""``newsletter notes new``: next week's notes, with the open calls and watch names, never overwritten."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from newsletter.cli import main
from newsletter.init import init_workspace
from newsletter.notes import Notes, load_notes
from newsletter.notes_new import new_notes
from newsletter.workspace import Workspace
from tests.test_init import switched_on

TODAY = dt.date(2026, 11, 19)  # a Thursday: the next issue is Sunday 2026-11-22


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A workspace whose 2026-11-15 issue is built (it made calls) from notes that watched HOOD."""
    root = tmp_path_factory.mktemp("notes") / "letter"
    init_workspace(root, today=dt.date(2026, 11, 12))
    (root / "notes" / "2026-11-15.yaml").write_text("watch: [HOOD]\n", encoding="utf-8")
    assert main(["-q", "-C", str(root), "build", "--source", "sample", "--date", "2026-11-15"]) == 0
    return root


def test_lists_the_open_calls_and_carries_the_watch_names(built: Path, capsys) -> None:
    code = main(["-C", str(built), "notes", "new", "--date", "2026-11-22"])
    out, err = capsys.readouterr()
    assert code == 0, err
    path = built / "notes" / "2026-11-22.yaml"
    assert f"Wrote {Path('notes/2026-11-22.yaml')}" in out
    text = path.read_text(encoding="utf-8")
    stored = json.loads((built / "issues" / "2026-11-15" / "calls.json").read_text(encoding="utf-8"))
    assert stored, "the fixture issue must have made calls"
    for call in stored:
        line = next((ln for ln in text.splitlines() if ln.startswith(f"# - {call['ticker']}: ")), None)
        assert line, f"open call on {call['ticker']} not listed"
        assert f"{call['trigger']:,.2f}" in line and "from the 2026-11-15 issue" in line
    assert "#watch: [HOOD]" in text
    assert "Breakdown Watch already follows (newsletter.yaml): TSLA, AAPL" in text


def test_every_key_is_there_commented_out_and_valid_when_switched_on(built: Path) -> None:
    made = new_notes(Workspace.open(built), dt.date(2026, 11, 29))
    assert load_notes(built / "notes", dt.date(2026, 11, 29)) == Notes()
    made.path.write_text(switched_on(made.path.read_text(encoding="utf-8")), encoding="utf-8")
    notes = load_notes(built / "notes", dt.date(2026, 11, 29))
    shown = {name for name in Notes.model_fields if getattr(notes, name) != getattr(Notes(), name)}
    assert shown == set(Notes.model_fields)


def test_defaults_to_the_next_issue_date(tmp_path: Path) -> None:
    made = new_notes(Workspace.open(tmp_path), today=TODAY)
    assert made.path == tmp_path / "notes" / "2026-11-22.yaml"
    assert made.open_calls == ()
    assert "# No calls from earlier issues are open." in made.path.read_text(encoding="utf-8")


def test_refuses_to_overwrite_in_one_line_exit_2(tmp_path: Path, capsys) -> None:
    (tmp_path / "notes").mkdir()
    mine = tmp_path / "notes" / "2026-11-22.yaml"
    mine.write_text("headline: mine\n", encoding="utf-8")
    code = main(["-C", str(tmp_path), "notes", "new", "--date", "2026-11-22"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip().count("\n") == 0
    assert err.startswith(f"newsletter: error: {Path('notes/2026-11-22.yaml')}: already exists")
    assert "--date 2026-11-29" in err
    assert mine.read_text(encoding="utf-8") == "headline: mine\n"


def test_quiet_prints_nothing(tmp_path: Path, capsys) -> None:
    assert main(["-q", "-C", str(tmp_path), "notes", "new", "--date", "2026-11-22"]) == 0
    assert main(["-q", "-C", str(tmp_path), "templates", "copy", "recap"]) == 0
    assert capsys.readouterr() == ("", "")
    assert (tmp_path / "notes" / "2026-11-22.yaml").is_file()
    assert (tmp_path / "templates" / "sections" / "recap.md.j2").is_file()
