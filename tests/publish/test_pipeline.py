"""The publish state machine end to end: real build (CSV bars), real archive, real SMTP."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest

from newsletter.errors import NewsletterError
from newsletter.publish import pipeline
from newsletter.publish.email_message import reader_unsubscribe_url
from newsletter.publish.pipeline import latest_issue_date, publish
from newsletter.publish.state import PublishStore, State, publish_lock
from tests.publish.smtp_server import SmtpTestServer, smtp_server_fixture  # noqa: F401
from tests.publish.test_pipeline_factories import (
    NY,
    SUNDAY,
    SUNDAY_8PM,
    failing_checks,
    make_workspace,
    write_bars,
)


def _states(ws) -> list[str | None]:
    with PublishStore(ws.state_dir / "publish.sqlite") as store:
        return [to for _, to, _, _ in store.history(SUNDAY)]


def _archived(ws) -> list[dt.date]:
    with PublishStore(ws.state_dir / "publish.sqlite") as store:
        return [e.issue_date for e in store.archive_entries()]


def test_publish_builds_checks_archives_and_sends_once(tmp_path: Path, smtp_server: SmtpTestServer) -> None:
    ws = make_workspace(tmp_path / "ws", smtp_port=smtp_server.port)
    report = publish(ws, now=SUNDAY_8PM)
    assert report.outcome == "sent", report
    assert report.issue_date == SUNDAY
    assert _states(ws) == ["built", "checked", "archived", "sending", "sent"]
    assert smtp_server.count_by_recipient() == {f"reader{i}@example.com": 1 for i in range(5)}
    again = publish(ws, now=SUNDAY_8PM)
    assert again.outcome == "already-sent"
    assert len(smtp_server.messages) == 5
    assert _archived(ws) == [SUNDAY]
    index = (ws.output_dir / "index.html").read_text(encoding="utf-8")
    assert index.count('href="2026-11-22/index.html"') == 1


def test_dry_run_says_what_would_happen_and_changes_nothing(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    report = publish(ws, dry_run=True, now=SUNDAY_8PM)
    assert report.outcome == "dry-run" and report.state == "none"
    text = " | ".join(report.steps)
    assert "build from fresh csv:" in text and "archive it at https://example.com/letter/2026-11-22/" in text
    assert "send it to 5 readers (0 sent in an earlier run)" in text
    assert not ws.state_dir.exists() and not ws.output_dir.exists()


@pytest.mark.parametrize("case", ["sample", "stale", "failed-check"])
def test_unsafe_issues_are_held_logged_and_never_sent(case: str, tmp_path: Path, caplog,
                                                      smtp_server: SmtpTestServer) -> None:
    ws = make_workspace(tmp_path / "ws", smtp_port=smtp_server.port,
                        source="sample" if case == "sample" else None,
                        last_session=dt.date(2026, 11, 13) if case == "stale" else dt.date(2026, 11, 20))
    hooks = {"checks": failing_checks} if case == "failed-check" else {}
    with caplog.at_level(logging.WARNING, logger="newsletter.publish.pipeline"):
        report = publish(ws, now=SUNDAY_8PM, **hooks)
    expected = {"sample": "built on SAMPLE data", "stale": "stale data: the last bar is 2026-11-13, "
                "the last completed session is 2026-11-20", "failed-check": "over the 60 KB limit"}[case]
    assert report.outcome == "held" and expected in report.reason
    held = [r.getMessage() for r in caplog.records if "held" in r.getMessage()]
    assert len(held) == 1 and expected in held[0] and "\n" not in held[0]
    assert smtp_server.messages == []
    assert not (ws.output_dir / "index.html").exists()
    assert (ws.output_dir / "2026-11-22" / "index.html").exists()  # kept as a draft


def test_held_stays_held_until_recheck(tmp_path: Path, smtp_server: SmtpTestServer) -> None:
    ws = make_workspace(tmp_path / "ws", smtp_port=smtp_server.port, last_session=dt.date(2026, 11, 13))
    assert publish(ws, now=SUNDAY_8PM).outcome == "held"
    write_bars(ws.root / "data")  # the author fetched fresh data
    again = publish(ws, now=SUNDAY_8PM)
    assert again.outcome == "held" and "stale data" in again.reason
    assert smtp_server.messages == []
    report = publish(ws, now=SUNDAY_8PM, recheck=True)
    assert report.outcome == "sent", report
    assert report.steps[0].startswith("released the hold (stale data")
    assert len(smtp_server.messages) == 5


def test_a_dry_run_of_a_held_issue_says_it_stays_held(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws", source="sample")
    assert publish(ws, now=SUNDAY_8PM).outcome == "held"
    report = publish(ws, dry_run=True, now=SUNDAY_8PM)
    assert report.state == "held" and "SAMPLE" in report.reason
    assert report.steps == (f"nothing: held ({report.reason}); --recheck after fixing it starts it again",)
    assert "data.source is sample" in publish(ws, dry_run=True, recheck=True, now=SUNDAY_8PM).steps[-1]


def test_author_gets_the_reason_instead_of_the_readers(tmp_path: Path, smtp_server: SmtpTestServer) -> None:
    ws = make_workspace(tmp_path / "ws", smtp_port=smtp_server.port, source="sample",
                        author="editor@example.com")
    publish(ws, now=SUNDAY_8PM)
    publish(ws, now=SUNDAY_8PM)  # still held: the author is told once
    assert smtp_server.count_by_recipient() == {"editor@example.com": 1}
    notice = smtp_server.messages[0].message()
    assert notice["Subject"] == "[HELD] The 2026-11-22 issue of Test Letter was not published"
    assert "SAMPLE" in notice.get_body(("plain",)).get_content()


def test_a_crash_at_each_step_resumes_to_one_archive_entry_and_one_send(
        tmp_path: Path, smtp_server: SmtpTestServer, monkeypatch) -> None:
    ws = make_workspace(tmp_path / "ws", smtp_port=smtp_server.port)
    real_write_site, real_move = pipeline.write_site, PublishStore.move

    def crash(*args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(pipeline, "write_site", crash)
    with pytest.raises(RuntimeError):
        publish(ws, now=SUNDAY_8PM)
    assert _states(ws)[-1] == "checked"

    def crash_before_sent(self, issue_date, to, **kwargs):
        if to == State.SENT:
            raise RuntimeError("power cut")
        return real_move(self, issue_date, to, **kwargs)

    monkeypatch.setattr(pipeline, "write_site", real_write_site)
    monkeypatch.setattr(PublishStore, "move", crash_before_sent)
    with pytest.raises(RuntimeError):
        publish(ws, now=SUNDAY_8PM)
    assert _states(ws)[-1] == "sending" and len(smtp_server.messages) == 5
    monkeypatch.setattr(PublishStore, "move", real_move)
    report = publish(ws, now=SUNDAY_8PM)
    assert report.outcome == "sent" and "sent 5 of 5 (5 in an earlier run)" in report.reason
    assert len(smtp_server.messages) == 5 and _archived(ws) == [SUNDAY]


def test_a_page_rebuilt_after_the_checks_is_held(tmp_path: Path, smtp_server: SmtpTestServer,
                                                 monkeypatch) -> None:
    ws = make_workspace(tmp_path / "ws", smtp_port=smtp_server.port)
    monkeypatch.setattr(pipeline, "write_site", lambda *a: (_ for _ in ()).throw(RuntimeError("crash")))
    with pytest.raises(RuntimeError):
        publish(ws, now=SUNDAY_8PM)
    page = ws.output_dir / "2026-11-22" / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- edited -->", encoding="utf-8")
    report = publish(ws, now=SUNDAY_8PM)
    assert report.outcome == "held" and "changed after it was checked" in report.reason
    assert smtp_server.messages == []


def test_a_second_publisher_does_nothing_while_the_first_holds_the_lock(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    with publish_lock(ws.state_dir):
        report = publish(ws, now=SUNDAY_8PM)
    assert report.outcome == "busy"
    assert not ws.output_dir.exists()


def test_the_readers_get_the_built_email_with_its_charts(tmp_path: Path,
                                                        smtp_server: SmtpTestServer) -> None:
    ws = make_workspace(tmp_path / "ws", smtp_port=smtp_server.port, readers=2)
    assert publish(ws, now=SUNDAY_8PM).outcome == "sent"
    folder = ws.output_dir / SUNDAY.isoformat()
    built_html = (folder / "email.html").read_text(encoding="utf-8")
    message = smtp_server.messages[0].message()
    html_part = message.get_body(("html",))
    # the built email with only its unsubscribe link made this reader's
    email_config = ws.config.email
    mine = reader_unsubscribe_url(email_config, str(message["To"]))
    expected = built_html.replace(f'href="{email_config.unsubscribe_url}"', f'href="{mine}"')
    assert mine in expected
    assert html_part.get_content().replace("\r\n", "\n").strip() == expected.strip()
    cids = {p["Content-ID"].strip("<>") for p in message.walk() if p.get_content_type() == "image/png"}
    assert cids and all(f"cid:{c}" in built_html for c in cids)
    assert message["Subject"].startswith("🚨 ")


def test_issue_date_defaults_to_the_last_sunday_and_never_the_future(tmp_path: Path) -> None:
    assert latest_issue_date(dt.date(2026, 11, 22)) == SUNDAY
    assert latest_issue_date(dt.date(2026, 11, 23)) == SUNDAY
    assert latest_issue_date(dt.date(2026, 11, 28)) == SUNDAY
    ws = make_workspace(tmp_path / "ws")
    monday_1am = dt.datetime(2026, 11, 23, 1, 0, tzinfo=NY)
    assert publish(ws, dry_run=True, now=monday_1am).issue_date == SUNDAY
    with pytest.raises(NewsletterError, match="cannot be published before its date"):
        publish(ws, dt.date(2026, 11, 29), dry_run=True, now=monday_1am)
