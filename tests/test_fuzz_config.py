"""Fuzz: 160 seeded malformed or hostile newsletter.yaml files, refused in one line or rendered inert."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from newsletter.compose import compose
from newsletter.config import load_config
from newsletter.errors import NewsletterError
from newsletter.render import environment, render_markdown, render_page
from newsletter.render_email import render_email_html, render_email_text
from tests.fuzz_cases import ISSUE, Tally, config_case, sample_issue
from tests.fuzz_checks import assert_inert, assert_names_where, report

CASES = 160
COMPOSE_EVERY = 80
TALLY = Tally("config")


@pytest.fixture(scope="module", autouse=True)
def _summary(request: pytest.FixtureRequest):
    yield
    if sum(TALLY.counts.values()):
        report(request, TALLY.summary())


@pytest.mark.timeout(10)
@pytest.mark.parametrize("n", range(CASES))
def test_fuzz_config(tmp_path: Path, n: int) -> None:
    text = config_case(n)
    (tmp_path / "newsletter.yaml").write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    try:
        config = load_config(tmp_path)
        ws, draft, issue = sample_issue()
        if n % COMPOSE_EVERY == 0:
            issue = compose(config, draft.snapshot, draft.notes, ISSUE, graded=()).issue
        else:
            issue = dataclasses.replace(issue, title=config.title, disclaimer=config.disclaimer,
                                        web_url=f"{config.base_url}{ISSUE}/",
                                        go_deeper=config.go_deeper_url or issue.go_deeper)
        env = environment(ws.template_dirs())
        for name, out in [("issue.md", render_markdown(env, issue)), ("index.html", render_page(env, issue)),
                          ("email.html", render_email_html(env, issue, config)),
                          ("email.txt", render_email_text(env, issue, config))]:
            assert_inert(f"case {n} {name}", out)
    except NewsletterError as exc:
        TALLY.counts["refused"] += 1
        assert_names_where(exc, "newsletter.yaml")
        return
    except BaseException as exc:
        if not isinstance(exc, AssertionError | pytest.fail.Exception):
            TALLY.counts["traceback"] += 1
        raise
    TALLY.counts["accepted"] += 1
