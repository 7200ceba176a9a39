"""Fuzz: 60 seeded template overrides (packaged templates with hostile snippets spliced in, or new ones).

Each renders every output, or stops with one NewsletterError line naming the
template and its line; never a traceback, never a hang.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsletter.errors import NewsletterError
from newsletter.render import environment, render_markdown, render_page
from newsletter.render_email import render_email_html, render_email_text
from newsletter.template_sandbox import PACKAGED
from newsletter.workspace import Workspace
from tests.fuzz_cases import Tally, sample_issue, template_case
from tests.fuzz_checks import assert_inert, assert_names_where, report

CASES = 60
TALLY = Tally("templates")


@pytest.fixture(scope="module", autouse=True)
def _summary(request: pytest.FixtureRequest):
    yield
    if sum(TALLY.counts.values()):
        report(request, TALLY.summary())


@pytest.mark.timeout(10)
@pytest.mark.parametrize("n", range(CASES))
def test_fuzz_template(tmp_path: Path, n: int) -> None:
    name, text = template_case(n, PACKAGED)
    path = tmp_path / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    ws = Workspace.open(tmp_path)
    _, _, issue = sample_issue()
    env = environment(ws.template_dirs())
    try:
        outputs = [("issue.md", render_markdown(env, issue)), ("index.html", render_page(env, issue)),
                   ("email.html", render_email_html(env, issue, ws.config)),
                   ("email.txt", render_email_text(env, issue, ws.config))]
    except NewsletterError as exc:
        TALLY.counts["refused"] += 1
        assert_names_where(exc, ("templates/", "newsletter/templates/"))
        return
    except BaseException as exc:
        if not isinstance(exc, AssertionError | pytest.fail.Exception):
            TALLY.counts["traceback"] += 1
        raise
    for out_name, out in outputs:
        assert_inert(f"case {n} {out_name}", out)
    TALLY.counts["accepted"] += 1
