"""The report after the send: emailed to the author once per issue over the real SMTP path
(aiosmtpd on 127.0.0.1), and shown by ``newsletter status``."""

from __future__ import annotations

from pathlib import Path

from newsletter.publish.pipeline import publish
from newsletter.publish.status import status_lines
from tests.publish.smtp_server import SmtpTestServer, smtp_server_fixture  # noqa: F401
from tests.publish.test_pipeline_factories import SUNDAY, SUNDAY_8PM, make_workspace

AUTHOR = "editor@example.com"


def _reports(server: SmtpTestServer) -> list:
    return [m.message() for m in server.messages if m.rcpt_tos == (AUTHOR,)]


def test_the_author_gets_one_report_with_counts_failures_time_and_links(
        tmp_path: Path, smtp_server: SmtpTestServer) -> None:
    ws = make_workspace(tmp_path / "ws", smtp_port=smtp_server.port, author=AUTHOR)
    smtp_server.reject("reader3@example.com")
    first = publish(ws, now=SUNDAY_8PM)
    assert first.outcome == "sent" and first.steps[-1] == f"report: emailed to {AUTHOR}"
    publish(ws, now=SUNDAY_8PM)  # a rerun does not send it again
    [report] = _reports(smtp_server)
    assert report["Subject"] == ("[REPORT] The 2026-11-22 issue of Test Letter: sent (sent 4 of 5; "
                                 "1 failed (550 mailbox unavailable: reader3@example.com))")
    body = report.get_body(("plain",)).get_content()
    assert "smtp: 4 delivered, 0 deferred (a rerun retries them), 1 failed, of 5" in body
    assert "  failed reader3@example.com: 550 mailbox unavailable" in body
    assert "web: https://example.com/letter/2026-11-22/" in body
    assert "elapsed: " in body and "report:" not in body
    assert "  failed reader3@example.com: 550" in report.get_body(("html",)).get_content()
    shown = status_lines(ws, SUNDAY)
    assert shown[-1].startswith(f"report: emailed to {AUTHOR} (")


def test_a_report_that_cannot_be_sent_is_recorded_and_the_next_run_sends_it_once(
        tmp_path: Path, smtp_server: SmtpTestServer) -> None:
    ws = make_workspace(tmp_path / "ws", smtp_port=smtp_server.port, author=AUTHOR)

    def down(*args: object) -> None:
        raise OSError("connection refused")

    first = publish(ws, now=SUNDAY_8PM, report_author=down)
    assert first.outcome == "sent" and first.steps[-1] == "report: not emailed (connection refused)"
    assert status_lines(ws, SUNDAY)[-1].startswith("report: not emailed: connection refused")
    assert _reports(smtp_server) == []
    again = publish(ws, now=SUNDAY_8PM)
    assert again.outcome == "already-sent" and again.steps[-1] == f"report: emailed to {AUTHOR}"
    publish(ws, now=SUNDAY_8PM)
    assert len(_reports(smtp_server)) == 1
    assert len(smtp_server.messages) == 6  # five readers once, and the one report


def test_without_an_author_address_there_is_no_report_and_status_says_so(
        tmp_path: Path, smtp_server: SmtpTestServer) -> None:
    ws = make_workspace(tmp_path / "ws", smtp_port=smtp_server.port)
    assert publish(ws, now=SUNDAY_8PM).outcome == "sent"
    assert len(smtp_server.messages) == 5
    assert status_lines(ws, SUNDAY)[-1] == "report: not emailed (no email.author_address)"
