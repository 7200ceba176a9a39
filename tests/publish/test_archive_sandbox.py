"""The archive's templates run in the issue templates' sandbox, and its pages escape every value.

An archive template in the workspace's ``templates/`` is author input like the
issue templates: reaching Python internals or asking for unbounded work is
refused with one line naming the template and line (``newsletter archive``
exits 2, no traceback). A title, headline or hook carrying markup reaches the
archive page and the feeds as text, never as markup.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import feedparser
import pytest

from newsletter.cli import main
from newsletter.errors import NewsletterError
from newsletter.publish.archive import write_site
from newsletter.publish.state import ArchiveEntry
from newsletter.workspace import Workspace
from tests.publish.test_pipeline_factories import make_workspace

HOSTILE_TITLE = 'Letter" onmouseover="alert(1)'
"""Plain text by the config's rules (no tag, no script link), but it closes an HTML attribute."""
HOSTILE_HEADLINE = "<script>alert(1)</script> Rips"
HOSTILE_HOOK = '<img src=x onerror="alert(2)">'


def _workspace(root: Path, title: str = "Test Letter") -> Workspace:
    ws = make_workspace(root)
    config = ws.root / "newsletter.yaml"
    yaml_title = title.replace("'", "''")
    config.write_text(config.read_text().replace("title: Test Letter", f"title: '{yaml_title}'"))
    return Workspace.open(ws.root)


def _entry() -> ArchiveEntry:
    return ArchiveEntry(dt.date(2026, 11, 22), HOSTILE_TITLE, HOSTILE_HEADLINE, HOSTILE_HOOK,
                        dt.datetime(2026, 11, 22, 20, tzinfo=dt.UTC))


HOSTILE_TEMPLATES = {
    "attribute of a class": ("{% extends 'archive_base.html.j2' %}\n{% block body %}\n"
                             "{{ config.__class__.__mro__ }}\n{% endblock %}\n", 3),
    "globals of a filter": "ok\n{{ cashtag.__globals__ }}\n",
    "subclasses of object": "ok\n\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n",
    "a billion-item range": "{% for i in range(10**9) %}{{ i }}{% endfor %}\n",
    "a huge repeat": "ok\n{{ 'x' * 10**9 }}\n",
}


def _line(case: str) -> int:
    spec = HOSTILE_TEMPLATES[case]
    if isinstance(spec, tuple):
        return spec[1]
    return next(n for n, text in enumerate(spec.splitlines(), 1) if "{{" in text or "{%" in text)


def _source(case: str) -> str:
    spec = HOSTILE_TEMPLATES[case]
    return spec[0] if isinstance(spec, tuple) else spec


@pytest.mark.parametrize("case", sorted(HOSTILE_TEMPLATES))
def test_a_hostile_archive_template_is_refused_naming_its_line(tmp_path: Path, case: str) -> None:
    ws = _workspace(tmp_path / "ws")
    (ws.root / "templates").mkdir(exist_ok=True)
    (ws.root / "templates" / "archive_index.html.j2").write_text(_source(case), encoding="utf-8")
    with pytest.raises(NewsletterError) as caught:
        write_site(ws, [])
    assert caught.value.file is not None and str(caught.value.file).endswith(
        "templates/archive_index.html.j2")
    assert caught.value.line == _line(case)
    assert "\n" not in caught.value.one_line()
    assert not (ws.output_dir / "index.html").exists()


def test_newsletter_archive_prints_one_line_and_exits_2(tmp_path: Path, capsys) -> None:
    ws = _workspace(tmp_path / "ws")
    (ws.root / "templates").mkdir(exist_ok=True)
    (ws.root / "templates" / "track_record.html.j2").write_text(
        "{% for i in range(10**9) %}{{ i }}{% endfor %}\n", encoding="utf-8")
    assert main(["-C", str(ws.root), "archive"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("newsletter: error: ") and "templates/track_record.html.j2" in err
    assert "range() of more than" in err


def test_the_packaged_archive_templates_still_render(tmp_path: Path) -> None:
    ws = _workspace(tmp_path / "ws")
    written = write_site(ws, [])
    assert {p.name for p in written} >= {"index.html", "track-record.html", "feed.xml", "atom.xml"}
    index = (ws.output_dir / "index.html").read_text(encoding="utf-8")
    assert "<h1>Test Letter</h1>" in index and not index.endswith("\n\n")


def test_a_hostile_title_headline_and_hook_are_text_in_the_archive_page(tmp_path: Path) -> None:
    ws = _workspace(tmp_path / "ws", HOSTILE_TITLE)
    assert ws.config.title == HOSTILE_TITLE  # the config accepts it: it is plain text
    write_site(ws, [_entry()])
    index = (ws.output_dir / "index.html").read_text(encoding="utf-8")
    assert "<script" not in index and "<img" not in index
    assert 'onmouseover="' not in index  # the quote would have closed the title attribute
    assert "Letter&#34; onmouseover=&#34;alert(1)" in index
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Rips" in index
    assert "&lt;img src=x onerror=&#34;alert(2)&#34;&gt;" in index
    record = (ws.output_dir / "track-record.html").read_text(encoding="utf-8")
    assert 'onmouseover="' not in record and "Letter&#34; onmouseover=&#34;alert(1)" in record


@pytest.mark.parametrize("name", ["feed.xml", "atom.xml"])
def test_a_hostile_title_headline_and_hook_are_text_in_the_feeds(tmp_path: Path, name: str) -> None:
    ws = _workspace(tmp_path / "ws", HOSTILE_TITLE)
    write_site(ws, [_entry()])
    raw = (ws.output_dir / name).read_text(encoding="utf-8")
    assert "<script" not in raw and "<img" not in raw
    feed = feedparser.parse(raw.encode("utf-8"))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == HOSTILE_TITLE
    [item] = feed.entries
    assert HOSTILE_HEADLINE in item.title  # the reader's feed client shows it as text
    # the summary is HTML to a feed reader (RSS <description>, Atom type="html"): the hook
    # arrives as escaped text, which a reader shows as the characters the author wrote
    assert item.summary_detail.type == "text/html"
    assert item.summary == html.escape(HOSTILE_HOOK)
