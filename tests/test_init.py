"""``newsletter init``: a workspace that loads to the defaults, valid example notes, a build at once."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from newsletter.cli import main
from newsletter.config import Config
from newsletter.errors import NewsletterError
from newsletter.init import SCAFFOLD_DIR, init_workspace
from newsletter.notes import Notes, load_notes
from newsletter.sessions import next_issue_date
from newsletter.workspace import PACKAGE_DIR, Workspace
from newsletter.yamlfile import load_yaml

REPO = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 19)  # a Thursday: the next issue is Sunday 2026-11-22
_EXAMPLE_LINE = re.compile(r"^#(?!$)(?! \S)")
"""An example line in the notes (``#headline: …``, ``#  - mark: hit``), not prose (``# Text``)."""


def switched_on(text: str) -> str:
    """The example notes with every example block switched on (its leading ``#`` removed)."""
    return "\n".join(line[1:] if _EXAMPLE_LINE.match(line) else line for line in text.splitlines()) + "\n"


def key_paths(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every key of a config model, nested models included (lists of models by their item keys)."""
    paths = []
    for name, field in model.model_fields.items():
        path = (*prefix, field.alias or name)
        paths.append(path)
        annotation = field.annotation
        inner = (getattr(annotation, "__args__", None) or (annotation,))[0]
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            paths += key_paths(inner, path)
    return paths


def lookup(data: Any, path: tuple[str, ...]) -> list[Any]:
    """The values at ``path``; inside a list, the values in every item."""
    values = [data]
    for key in path:
        found = []
        for value in values:
            items = value if isinstance(value, list) else [value]
            found += [item[key] for item in items if isinstance(item, dict) and key in item]
        if not found:
            return []
        values = found
    return values


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    init_workspace(tmp_path / "letter", today=TODAY)
    return tmp_path / "letter"


def test_init_writes_config_notes_schedule_recipients_and_style_but_no_template(workspace: Path) -> None:
    for rel in ("newsletter.yaml", "notes/2026-11-22.yaml", "schedules/sunday.yaml", "recipients.txt",
                ".gitignore", "charts/newsletter.mplstyle", "templates/README.md"):
        assert (workspace / rel).is_file(), rel
    copied = [p for p in (workspace / "templates").rglob("*") if p.is_file() and p.name != "README.md"]
    assert copied == [], "a copied template overrides the packaged one for good: copy none"
    assert (workspace / "charts/newsletter.mplstyle").read_bytes() == \
        (PACKAGE_DIR / "charts/newsletter.mplstyle").read_bytes()
    assert not (workspace / "notes/NEXT_ISSUE.yaml").exists()
    assert not (workspace / "gitignore").exists()


def test_editors_find_the_json_schemas_the_yaml_files_name(workspace: Path) -> None:
    for rel in ("newsletter.yaml", "notes/2026-11-22.yaml"):
        first = (workspace / rel).read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, f"{rel} does not name its schema: {first!r}"
        schema = ((workspace / rel).parent / match.group(1)).resolve()
        assert schema.is_file() and schema.read_bytes() == \
            (PACKAGE_DIR / "schemas" / schema.name).read_bytes()


def test_the_config_loads_to_exactly_the_defaults(workspace: Path) -> None:
    config = Workspace.open(workspace).config
    assert config == Config()
    assert config.model_dump() == Config().model_dump()


def test_the_config_shows_every_key_each_with_a_comment(workspace: Path) -> None:
    loaded = load_yaml(workspace / "newsletter.yaml")
    lines = (workspace / "newsletter.yaml").read_text(encoding="utf-8").splitlines()
    for path in key_paths(Config):
        assert lookup(loaded.data, path), f"newsletter.yaml lacks {'.'.join(path)}"
        if path in loaded.lines and not isinstance(lookup(loaded.data, path)[0], dict):
            line = lines[loaded.lines[path] - 1]
            assert "#" in line, f"no comment for {'.'.join(path)}: {line!r}"


def test_example_notes_are_for_the_next_issue_and_valid_off_and_on(workspace: Path) -> None:
    issue_date = next_issue_date(TODAY)
    assert issue_date == dt.date(2026, 11, 22)
    notes_file = workspace / "notes" / f"{issue_date}.yaml"
    text = notes_file.read_text(encoding="utf-8")
    assert "{{" not in text and "2026-11-22" in text
    assert load_notes(workspace / "notes", issue_date) == Notes(), "examples must ship switched off"

    notes_file.write_text(switched_on(text), encoding="utf-8")
    notes = load_notes(workspace / "notes", issue_date)
    shown = {name for name in Notes.model_fields if getattr(notes, name) != getattr(Notes(), name)}
    assert shown == set(Notes.model_fields), f"keys without an example: {set(Notes.model_fields) - shown}"
    assert notes.calls[0].horizon > issue_date


def test_schedule_is_the_repository_one_and_loads(workspace: Path) -> None:
    shipped = workspace / "schedules" / "sunday.yaml"
    repo_copy = REPO / "schedules" / "sunday.yaml"
    if repo_copy.is_file():
        assert shipped.read_bytes() == repo_copy.read_bytes(), \
            "newsletter/scaffold/schedules/sunday.yaml drifted from schedules/sunday.yaml: copy it"
    schedule = pytest.importorskip("newsletter.schedule")
    specs = schedule.load_schedules(Workspace.open(workspace))
    assert [s.name for s in specs if getattr(s, "enabled", True)]


def test_recipients_example_holds_no_reader(workspace: Path) -> None:
    from newsletter.publish.smtp_delivery import load_recipients

    assert load_recipients(workspace / "recipients.txt") == []


def test_refuses_to_overwrite_and_names_the_first_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "letter"
    (target / "notes").mkdir(parents=True)
    (target / "notes" / "2026-11-22.yaml").write_text("headline: mine\n", encoding="utf-8")
    (target / "recipients.txt").write_text("me@example.org\n", encoding="utf-8")
    with pytest.raises(NewsletterError) as caught:
        init_workspace(target, today=TODAY)
    line = caught.value.one_line()
    assert line.startswith(f"{target / 'notes' / '2026-11-22.yaml'}: already exists (and 1 more)")
    assert "--force" in line and "\n" not in line
    assert not (target / "newsletter.yaml").exists(), "nothing may be written after a refusal"

    report = init_workspace(target, today=TODAY, force=True)
    assert set(report.replaced) == {target / "notes" / "2026-11-22.yaml", target / "recipients.txt"}
    assert "headline: mine" not in (target / "notes" / "2026-11-22.yaml").read_text(encoding="utf-8")


def test_into_a_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "letter").write_text("", encoding="utf-8")
    with pytest.raises(NewsletterError, match="not a folder"):
        init_workspace(tmp_path / "letter")


def test_scaffold_ships_no_stray_files() -> None:
    names = {p.relative_to(SCAFFOLD_DIR).as_posix() for p in SCAFFOLD_DIR.rglob("*") if p.is_file()}
    assert names == {"newsletter.yaml", "notes/NEXT_ISSUE.yaml", "schedules/sunday.yaml",
                     "recipients.txt", "gitignore", "templates/README.md"}


def test_init_then_build_with_the_command_line(workspace: Path, capsys) -> None:
    assert main(["-C", str(workspace), "templates", "copy", "page.html.j2"]) == 0
    page = workspace / "templates" / "page.html.j2"
    page.write_text(page.read_text(encoding="utf-8").replace("</body>", "<!-- my page -->\n</body>"),
                    encoding="utf-8")
    code = main(["-C", str(workspace), "build", "--source", "sample", "--date", "2026-11-22"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Built the 2026-11-22 issue [SAMPLE DATA]" in out
    folder = workspace / "issues" / "2026-11-22"
    for name in ("issue.md", "index.html", "email.html", "email.txt", "calls.json"):
        assert (folder / name).is_file(), name
    assert "<!-- my page -->" in (folder / "index.html").read_text(encoding="utf-8"), \
        "the workspace's templates must override the packaged ones"
