"""The status panel above the draft: badges, the error banner (escaped), checks; SMTP readiness."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from newsletter.config import EmailConfig, SmtpConfig
from newsletter.preview.drafts import PreviewState
from newsletter.preview.send import smtp_ready
from newsletter.preview.status import CheckLine, is_stale, status_html, status_message


def state(**changes: object) -> PreviewState:
    issue = SimpleNamespace(sample=True, headline="Small caps <blink>", hook="The hook & more",
                            date=dt.date(2026, 11, 22), asof=dt.date(2026, 11, 20), source="sample")
    result = SimpleNamespace(issue=issue, warnings=(), composed=SimpleNamespace(failures=()))
    base = PreviewState(draft_version=3, result=result, built_at=dt.datetime(2026, 11, 23, 9, 5, 7),
                        build_seconds=0.61, checks=(CheckLine("real data", False, "built on SAMPLE"),
                                                    CheckLine("fresh data", True, "last bar 2026-11-20")))
    return PreviewState(**{**base.__dict__, **changes})


def test_badges_inbox_line_and_every_check() -> None:
    html = status_html(state())
    assert "SAMPLE DATA" in html and "Held · 1 check fail" in html and "STALE" not in html
    assert "[SAMPLE] 🚨 Small caps &lt;blink&gt;" in html and "The hook &amp; more" in html
    assert "real data" in html and "built on SAMPLE" in html and "last bar 2026-11-20" in html
    assert "Issue of Sunday, November 22, 2026 · sample data as of the Nov 20 close" in html


def test_the_error_banner_is_escaped_and_says_what_is_shown() -> None:
    error = "notes/2026-11-22.yaml:3: headline: expected text, got '<script>alert(1)</script>'"
    html = status_html(state(error=error))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Fix this to update the draft" in html and "last good draft, built at 09:05:07" in html
    assert "A bug stopped the rebuild" in status_html(state(error="KeyError: 'x'", bug=True))


def test_stale_and_ready() -> None:
    stale = state(checks=(CheckLine("fresh data", False, "stale: the last bar is 2026-11-13"),))
    assert is_stale(stale) and "STALE DATA" in status_html(stale)
    ready = state(checks=(CheckLine("real data", True, "source yahoo"),))
    assert not is_stale(ready) and "Ready to publish" in status_html(ready)


def test_before_the_first_draft() -> None:
    waiting = PreviewState(busy=True)
    assert "Building the first draft" in status_html(waiting)
    message = status_message(PreviewState(error="newsletter.yaml:1: titel: unknown key"), True)
    assert message["smtp"] is False, "nothing to send without a draft"
    assert message["draft"] == 0 and 'id="error-banner"' in message["html"]


def test_smtp_is_ready_with_a_host_and_the_password_variable() -> None:
    config = EmailConfig(smtp=SmtpConfig(host="smtp.example.com", password_env="MY_PASSWORD"))
    assert smtp_ready(config, {"MY_PASSWORD": "secret"})
    assert not smtp_ready(config, {})
    assert not smtp_ready(config, {"MY_PASSWORD": ""})
    assert not smtp_ready(EmailConfig(smtp=SmtpConfig(host=" ")), {"NEWSLETTER_SMTP_PASSWORD": "x"})


def test_the_slow_checks_are_pending_then_answered_on_a_real_draft(tmp_path, monkeypatch) -> None:
    from newsletter.build import build_issue
    from newsletter.presend import links, spam
    from newsletter.preview.status import CHECKING, publish_checks, slow_checks, slow_checks_pending
    from newsletter.workspace import Workspace

    (tmp_path / "newsletter.yaml").write_text("title: Test Letter\n", encoding="utf-8")
    ws = Workspace.open(tmp_path)
    result = build_issue(ws, source="sample", issue_date=dt.date(2026, 11, 22),
                         now=dt.datetime(2026, 11, 22, 20, 0))
    assert not slow_checks_pending()  # the tests' environment: offline, no SpamAssassin
    monkeypatch.setattr(links, "default_probe", lambda: lambda url: 200)
    monkeypatch.setattr(spam, "default_scorer", lambda: (lambda message: (2.5, "HTML_MESSAGE"), ""))
    assert slow_checks_pending()
    shown = publish_checks(ws, result, deferred=True)
    pending = {line.name: line for line in shown}
    assert pending["links reachable"].detail == CHECKING == pending["spam score"].detail
    done = {line.name: line for line in slow_checks(ws, result, shown)}
    assert done["links reachable"].detail.startswith("all ") and done["links reachable"].ok
    assert done["spam score"].detail == "2.5 (limit 5); rules: HTML_MESSAGE"
    assert [line.name for line in shown] == list(done)
    assert all(done[n] == pending[n] for n in done if n not in ("links reachable", "spam score"))
