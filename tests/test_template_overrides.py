"""Templates are overridden on purpose only: init copies none; list and copy do it one at a time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsletter.cli import main
from newsletter.init import init_workspace
from newsletter.render import environment
from newsletter.template_overrides import PACKAGED, packaged_templates, resolve_name
from newsletter.workspace import Workspace

TODAY = dt.date(2026, 11, 19)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    init_workspace(tmp_path / "letter", today=TODAY)
    return tmp_path / "letter"


def _run(workspace: Path, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["-C", str(workspace), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_fix_to_a_packaged_template_reaches_a_new_workspace(workspace: Path) -> None:
    """The whole point: after init, the packaged templates are the ones a build loads."""
    env = environment(Workspace.open(workspace).template_dirs())
    for name in packaged_templates():
        _, filename, _ = env.loader.get_source(env, name)
        assert Path(filename) == PACKAGED / name, f"{name} is overridden by {filename}"


def test_list_shows_every_packaged_template_and_which_are_overridden(workspace: Path, capsys) -> None:
    code, out, _ = _run(workspace, capsys, "templates", "list")
    assert code == 0
    for name in packaged_templates():
        assert name in out
    assert "overridden" not in out.split("\n", 1)[1]

    assert _run(workspace, capsys, "templates", "copy", "recap")[0] == 0
    recap = workspace / "templates" / "sections" / "recap.md.j2"
    code, out, _ = _run(workspace, capsys, "templates", "list")
    line = next(ln for ln in out.splitlines() if "sections/recap.md.j2" in ln)
    assert "overridden by templates/sections/recap.md.j2 (same as packaged)" in line
    recap.write_text(recap.read_text(encoding="utf-8") + "{# mine #}\n", encoding="utf-8")
    code, out, _ = _run(workspace, capsys, "templates", "list")
    assert "(edited)" in next(ln for ln in out.splitlines() if "sections/recap.md.j2" in ln)
    assert sum("overridden" in ln for ln in out.splitlines()) == 1


def test_copy_one_refuses_to_overwrite_without_force(workspace: Path, capsys) -> None:
    code, out, _ = _run(workspace, capsys, "templates", "copy", "page.html.j2")
    target = workspace / "templates" / "page.html.j2"
    assert code == 0 and "templates/page.html.j2" in out
    assert target.read_bytes() == (PACKAGED / "page.html.j2").read_bytes()
    target.write_text("mine", encoding="utf-8")

    code, _, err = _run(workspace, capsys, "templates", "copy", "page.html.j2")
    assert code == 2 and err.count("\n") == 1
    assert err.startswith(f"newsletter: error: {Path('templates/page.html.j2')}: already overridden")
    assert "--force" in err and target.read_text(encoding="utf-8") == "mine"

    assert _run(workspace, capsys, "templates", "copy", "--force", "page.html.j2")[0] == 0
    assert target.read_bytes() == (PACKAGED / "page.html.j2").read_bytes()


@pytest.mark.parametrize("given, found", [
    ("sections/recap.md.j2", "sections/recap.md.j2"), ("templates/page.html.j2", "page.html.j2"),
    ("recap.md.j2", "sections/recap.md.j2"), ("email.mjml", "email.mjml.j2"), ("issue", "issue.md.j2"),
])
def test_names_a_template_by_path_file_name_or_stem(given: str, found: str) -> None:
    assert resolve_name(given) == found


def test_an_unknown_name_is_one_line_with_a_suggestion(workspace: Path, capsys) -> None:
    code, _, err = _run(workspace, capsys, "templates", "copy", "recapp.md.j2")
    assert code == 2 and err.count("\n") == 1
    assert "no packaged template 'recapp.md.j2'" in err and "sections/recap.md.j2" in err
    assert not (workspace / "templates" / "recapp.md.j2").exists()
