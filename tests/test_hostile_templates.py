"""Author templates are input: sandboxed, bounded, and their mistakes name the right file and line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsletter.build import gather
from newsletter.compose import compose
from newsletter.errors import NewsletterError
from newsletter.render import environment, render_markdown, render_page
from newsletter.workspace import Workspace

ISSUE = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def composed_issue(tmp_path_factory: pytest.TempPathFactory):
    """The sample issue composed once (no charts drawn): templates are rendered against it."""
    root = tmp_path_factory.mktemp("tpl")
    ws = Workspace.open(root)
    draft = gather(ws, source="sample", issue_date=ISSUE)
    return compose(ws.config, draft.snapshot, draft.notes, ISSUE, graded=[]).issue


def _env(tmp_path: Path, files: dict[str, str | bytes]):
    ws = Workspace.open(tmp_path)
    for name, text in files.items():
        path = tmp_path / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return environment(ws.template_dirs())


CASES = [
    ("self include", {"issue.md.j2": "{% include 'issue.md.j2' %}"},
     "templates/issue.md.j2:1: the template includes or calls itself"),
    ("mutual include", {"issue.md.j2": "a\n{% include 'x.j2' %}", "x.j2": "{% include 'issue.md.j2' %}"},
     "the template includes or calls itself"),
    ("divide by zero", {"issue.md.j2": "line one\n{{ 1/0 }}\n"},
     "templates/issue.md.j2:2: template error: division by zero"),
    ("none price", {"issue.md.j2": "{{ none | price }}"}, "templates/issue.md.j2:1: template error:"),
    ("non UTF-8", {"issue.md.j2": b"ok\n\xff\xfe bad\n"}, "templates/issue.md.j2:2: template is not UTF-8"),
    ("huge range", {"issue.md.j2": "{% for i in range(10**9) %}x{% endfor %}"},
     "templates/issue.md.j2:1: template error: range() of more than"),
    ("nested ranges", {"issue.md.j2": "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"},
     "templates/issue.md.j2:1: template error: the template does too much work"),
    ("string bomb", {"issue.md.j2": "{{ 'x' * 10**9 }}"}, "templates/issue.md.j2:1: template error: a repeated"),
    ("center bomb", {"issue.md.j2": "{{ 'x' | center(10**9) }}"}, "templates/issue.md.j2:1: template error:"),
    ("format bomb", {"issue.md.j2": "{{ '%0999999999d' | format(1) }}"}, "templates/issue.md.j2:1: template error:"),
    ("format method bomb", {"issue.md.j2": "{{ '{:>999999999}'.format(1) }}"}, "templates/issue.md.j2:1: template error:"),
    ("python internals", {"issue.md.j2": "{{ issue.__class__.__mro__ }}"}, "templates/issue.md.j2:1: template"),
    ("error in a section names the section",
     {"sections/rotation.md.j2": "## x\n\n{{ section.data.nonexistent.deeper }}\n"},
     "templates/sections/rotation.md.j2:3: template uses an unknown value"),
    ("syntax error in an absent section", {"sections/crypto.md.j2": "{% if %}\n"},
     "templates/sections/crypto.md.j2:1: template syntax error"),
    ("output flood", {"issue.md.j2": "{% for i in range(99999) %}{{ 'x' * 99999 }}{% endfor %}"},
     "templates/issue.md.j2:1: template error:"),
]


@pytest.mark.timeout(10)
@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_template_is_one_line_naming_template_and_line(
        tmp_path: Path, composed_issue, files: dict[str, str | bytes], expected: str) -> None:
    env = _env(tmp_path, files)
    with pytest.raises(NewsletterError) as info:
        render_markdown(env, composed_issue)
    line = info.value.one_line()
    assert expected in line, line
    assert "\n" not in line and len(line) < 700


def test_broken_page_template_fails_the_markdown_render_too(tmp_path: Path, composed_issue) -> None:
    env = _env(tmp_path, {"page.html.j2": "{% for %}"})
    with pytest.raises(NewsletterError, match=r"templates/page.html.j2:1: template syntax error"):
        render_markdown(env, composed_issue)


def test_the_packaged_templates_still_render(tmp_path: Path, composed_issue) -> None:
    env = _env(tmp_path, {})
    assert "<script" not in render_page(env, composed_issue)


def test_a_build_with_a_broken_absent_section_exits_2(tmp_path: Path, capsys) -> None:
    from newsletter.cli import main

    (tmp_path / "templates" / "sections").mkdir(parents=True)
    (tmp_path / "templates" / "sections" / "regime.md.j2").write_text("{% if %}\n", encoding="utf-8")
    code = main(["-C", str(tmp_path), "build", "--source", "sample", "--date", "2026-11-22"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "templates/sections/regime.md.j2:1: template syntax error" in err
    assert err.count("\n") == 1 and "Traceback" not in err

