"""Readers lost, issue archived (issue 17): an unsendable sender config is refused before
anything is archived; one reader's failure does not stop the others; a partial send is
never "sent"; ``newsletter publish`` exits with a code that says how it went."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from newsletter.cli import main
from newsletter.config import EmailConfig
from newsletter.errors import NewsletterError
from newsletter.publish import smtp_delivery
from newsletter.publish.pipeline import EXIT_CODES, publish
from newsletter.publish.send_ledger import SendLedger, Status
from newsletter.publish.smtp_delivery import DeliveryReport
from newsletter.publish.state import PublishStore, publish_lock
from newsletter.workspace import Workspace
from tests.publish.smtp_server import SmtpTestServer, smtp_server_fixture  # noqa: F401
from tests.publish.test_pipeline_factories import SUNDAY, SUNDAY_8PM, make_workspace

FORGED = "x@example.com\nBcc: everyone@example.com"


def _archived(ws: Workspace) -> list[dt.date]:
    with PublishStore(ws.state_dir / "publish.sqlite") as store:
        return [e.issue_date for e in store.archive_entries()]


def _state(ws: Workspace) -> str | None:
    with PublishStore(ws.state_dir / "publish.sqlite") as store:
        record = store.get(SUNDAY)
        return None if record is None else str(record.state)


def _with_email(ws: Workspace, **changes: str) -> Workspace:
    """The workspace with email settings changed in code: no load-time validation runs."""
    email = ws.config.email.model_copy(update=changes)
    return dataclasses.replace(ws, config=ws.config.model_copy(update={"email": email}))


# --- validated at config load ------------------------------------------------------------

def test_a_reply_to_forging_a_bcc_header_is_a_one_line_config_error(tmp_path: Path, capsys) -> None:
    ws = make_workspace(tmp_path / "ws")
    config = ws.root / "newsletter.yaml"
    config.write_text(config.read_text() + '  reply_to: "x@example.com\\nBcc: everyone@example.com"\n')
    with pytest.raises(NewsletterError) as caught:
        Workspace.open(ws.root)
    line = caught.value.one_line()
    assert line.startswith("newsletter.yaml:") and "email.reply_to" in line and "\n" not in line
    assert main(["-C", str(ws.root), "publish", "--date", "2026-11-22"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "email.reply_to" in err
    assert not ws.output_dir.exists() and not ws.state_dir.exists()


@pytest.mark.parametrize("key, value", [
    ("from", "Letter <letter@example.com>"),
    ("from", "letter@example.com"),
    ("from", '"Smith, Jo" <jo@example.com>'),
    ("reply_to", ""),
    ("reply_to", "Desk <desk@example.com>"),
    ("author_address", ""),
    ("author_address", "editor@example.com"),
    ("unsubscribe_mailto", "mailto:unsubscribe@example.com?subject=stop"),
    ("unsubscribe_url", "https://example.com/unsubscribe?list=1"),
])
def test_a_valid_sender_setting_is_accepted(key: str, value: str) -> None:
    EmailConfig.model_validate({key: value})


@pytest.mark.parametrize("key, value", [
    ("from", "Letter <letter@example.com>\r\nBcc: x@example.com"),
    ("from", ""),
    ("from", "letter@"),
    ("from", "a@example.com, b@example.com"),
    ("reply_to", FORGED),
    ("reply_to", "x@example.com\r"),
    ("reply_to", "x@example.com\x00"),
    ("reply_to", "Smith, Jo <jo@example.com>"),  # two mailboxes to RFC 5322
    ("author_address", "Editor <editor@example.com>"),  # a bare address only
    ("author_address", "editor@example.com\n"),
    ("unsubscribe_mailto", "unsubscribe@example.com\nBcc: x@example.com"),
    ("unsubscribe_url", "https://example.com/u\r\nBcc: x@example.com"),
])
def test_an_invalid_sender_setting_is_refused(key: str, value: str) -> None:
    with pytest.raises(ValueError):
        EmailConfig.model_validate({key: value})


@pytest.mark.parametrize("key", ["host", "username", "password_env"])
def test_smtp_settings_are_one_line(key: str) -> None:
    EmailConfig.model_validate({"smtp": {key: "mail.example.com"}})
    with pytest.raises(ValueError):
        EmailConfig.model_validate({"smtp": {key: "mail.example.com\r\nRCPT TO:<x@example.com>"}})


# --- re-checked before archiving -----------------------------------------------------------

def test_an_invalid_sender_config_is_refused_before_anything_is_archived(
        tmp_path: Path, smtp_server: SmtpTestServer) -> None:
    ws = _with_email(make_workspace(tmp_path / "ws", smtp_port=smtp_server.port), reply_to=FORGED)
    for _ in range(2):  # and the same on a rerun: refused, never a traceback
        with pytest.raises(NewsletterError, match="email.reply_to") as caught:
            publish(ws, now=SUNDAY_8PM)
        assert "\n" not in caught.value.one_line()
    assert _archived(ws) == [] and _state(ws) is None
    assert not (ws.output_dir / "index.html").exists()  # no archive page, no feed item
    assert not (ws.output_dir / SUNDAY.isoformat() / "published.json").exists()
    assert smtp_server.messages == []


def test_the_same_issue_publishes_once_the_config_is_fixed(tmp_path: Path,
                                                           smtp_server: SmtpTestServer) -> None:
    ws = make_workspace(tmp_path / "ws", smtp_port=smtp_server.port, readers=2)
    with pytest.raises(NewsletterError):
        publish(_with_email(ws, reply_to=FORGED), now=SUNDAY_8PM)
    report = publish(_with_email(ws, reply_to="Desk <desk@example.com>"), now=SUNDAY_8PM)
    assert report.outcome == "sent" and report.exit_code == 0
    assert {m.message()["Reply-To"] for m in smtp_server.messages} == {"Desk <desk@example.com>"}


# --- one reader's failure ------------------------------------------------------------------

def test_a_send_that_dies_on_one_reader_records_it_and_goes_on(
        tmp_path: Path, smtp_server: SmtpTestServer, monkeypatch) -> None:
    ws = make_workspace(tmp_path / "ws", smtp_port=smtp_server.port, readers=4)
    real = smtp_delivery.build_message

    def dies_on_reader2(email, *, to, **kwargs):
        if to == "reader2@example.com":
            raise ValueError("Header values may not contain linefeed or carriage return characters")
        return real(email, to=to, **kwargs)

    monkeypatch.setattr(smtp_delivery, "build_message", dies_on_reader2)
    report = publish(ws, now=SUNDAY_8PM)
    assert report.outcome == "incomplete" and report.exit_code == 5
    assert _state(ws) == "sending"  # archived, not "sent"
    assert sorted(smtp_server.count_by_recipient()) == [f"reader{i}@example.com" for i in (0, 1, 3)]
    with SendLedger(ws.state_dir / "deliveries.sqlite") as ledger:
        record = ledger.record(SUNDAY, "reader2@example.com")
    assert record is not None and record.status == Status.FAILED_TRANSIENT
    assert "linefeed" in (record.last_error or "")
    monkeypatch.setattr(smtp_delivery, "build_message", real)
    again = publish(ws, now=SUNDAY_8PM)  # the rerun sends only the one who was missed
    assert again.outcome == "sent" and "sent 4 of 4 (3 in an earlier run)" in again.reason
    assert smtp_server.count_by_recipient() == {f"reader{i}@example.com": 1 for i in range(4)}


# --- a partial send is never "sent" (each side of the rule) --------------------------------

@pytest.mark.parametrize("delivery, outcome, state", [
    (DeliveryReport(total=3, sent=3), "sent", "sent"),
    (DeliveryReport(total=3, sent=2, failed_permanent={"c": "550 no such user"}), "sent", "sent"),
    (DeliveryReport(total=3, sent=2, failed_transient={"c": "451 try later"}),
     "incomplete", "sending"),
    (DeliveryReport(total=3, sent=3, stopped="the server went away"), "incomplete", "sending"),
    (DeliveryReport(total=3, sent=2, not_attempted=1), "incomplete", "sending"),
])
def test_only_a_complete_send_is_marked_sent(tmp_path: Path, delivery, outcome: str, state: str) -> None:
    ws = make_workspace(tmp_path / "ws")
    report = publish(ws, now=SUNDAY_8PM, deliver=lambda *a, **k: delivery)
    assert (report.outcome, report.state, _state(ws)) == (outcome, state, state)
    assert report.exit_code == EXIT_CODES[outcome]


# --- exit codes ----------------------------------------------------------------------------

def test_publish_exit_codes_say_how_it_went(tmp_path: Path, capsys) -> None:
    assert EXIT_CODES == {"sent": 0, "already-sent": 0, "dry-run": 0, "held": 3, "busy": 4,
                          "incomplete": 5}
    held = make_workspace(tmp_path / "held", source="sample")
    argv = ["publish", "--date", SUNDAY.isoformat()]
    assert main(["-C", str(held.root), *argv, "--dry-run"]) == 0
    assert main(["-C", str(held.root), *argv]) == 3
    assert "held" in capsys.readouterr().out
    busy = make_workspace(tmp_path / "busy")
    with publish_lock(busy.state_dir):
        assert main(["-C", str(busy.root), *argv]) == 4
    assert "busy" in capsys.readouterr().out
