"""Fuzz: 320 seeded malformed or hostile notes files, each refused in one line or rendered inert."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsletter.compose import compose
from newsletter.errors import NewsletterError
from newsletter.notes import load_notes
from newsletter.render import environment, markdown_to_html, render_markdown, render_page
from newsletter.render_email import render_email_html, render_email_text
from tests.fuzz_cases import ISSUE, Tally, notes_case, sample_issue
from tests.fuzz_checks import assert_inert, assert_names_where, report

CASES = 320
COMPOSE_EVERY = 64
"""Every 64th case that loads is composed and rendered whole (about 1 s each); the rest render their texts."""
FILE = f"notes/{ISSUE}.yaml"
TALLY = Tally("notes")


@pytest.fixture(scope="module", autouse=True)
def _summary(request: pytest.FixtureRequest):
    yield
    if sum(TALLY.counts.values()):
        report(request, TALLY.summary())


def _texts(notes) -> list[str]:
    texts = [notes.headline, notes.hook, *notes.commentary.values()]
    texts += [t for r in notes.recap for t in (r.text, r.detail)]
    texts += [t for items in notes.items.values() for i in items for t in (i.text, i.detail)]
    return texts + [c.text for c in notes.calls]


@pytest.mark.timeout(10)
@pytest.mark.parametrize("n", range(CASES))
def test_fuzz_notes(tmp_path: Path, n: int) -> None:
    text = notes_case(n)
    (tmp_path / "notes").mkdir()
    path = tmp_path / "notes" / f"{ISSUE}.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    try:
        notes = load_notes(tmp_path / "notes", ISSUE, display_root=tmp_path)
        for value in _texts(notes):
            assert_inert(f"case {n}", markdown_to_html(value))
        if n % COMPOSE_EVERY == 0:
            ws, draft, _ = sample_issue()
            issue = compose(ws.config, draft.snapshot, notes, ISSUE, graded=()).issue
            env = environment(ws.template_dirs())
            for name, out in [("issue.md", render_markdown(env, issue)), ("index.html", render_page(env, issue)),
                              ("email.html", render_email_html(env, issue, ws.config)),
                              ("email.txt", render_email_text(env, issue, ws.config))]:
                assert_inert(f"case {n} {name}", out)
    except NewsletterError as exc:
        TALLY.counts["refused"] += 1
        assert_names_where(exc, FILE)
        return
    except BaseException as exc:
        if not isinstance(exc, AssertionError | pytest.fail.Exception):
            TALLY.counts["traceback"] += 1
        raise
    TALLY.counts["accepted"] += 1
