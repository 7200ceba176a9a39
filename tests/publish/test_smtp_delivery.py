"""Delivery against a real SMTP server (aiosmtpd on 127.0.0.1): arrival, resume, failures, secrets."""

from __future__ import annotations

import base64
import datetime as dt
import logging
import re
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from PIL import Image

from newsletter.config import EmailConfig
from newsletter.errors import NewsletterError
from newsletter.publish.email_message import RenderedEmail, build_message
from newsletter.publish.recipients import load_recipients
from newsletter.publish.send_ledger import SendLedger, Status
from newsletter.publish.smtp_delivery import deliver, send_test
from tests.publish.smtp_server import (  # noqa: F401  (pytest fixtures)
    SmtpTestServer,
    make_smtp_server_fixture,
    self_signed_certificate,
    smtp_server_fixture,
)

ISSUE = dt.date(2026, 11, 22)
WEB_URL = "https://weekly-edge.test/letter/2026-11-22/"
SUBJECT = "🚨 Small caps just beat the S&P 13 sessions straight 📊"
READERS = [f"reader{i:02d}@example.com" for i in range(1, 51)]
PASSWORD = "Zq9-hunter2-NEVER-LOG-ME-7f3a"


class FakeClock:
    """time.monotonic and time.sleep in one: sleeping moves the clock, instantly."""

    def __init__(self) -> None:
        self.now = 1_000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def issue(tmp_path: Path) -> RenderedEmail:
    charts = tmp_path / "charts"
    charts.mkdir()
    Image.new("RGB", (64, 32), "white").save(charts / "rotation.png")
    Image.new("RGB", (64, 32), "black").save(charts / "breakdown-tsla.png")
    html = (
        "<html><body><h1>🚨 Small caps rip</h1>"
        '<img src="cid:rotation" alt="IWM/SPY"><p>$TSLA below <b>275</b></p>'
        '<img src="cid:breakdown-tsla" alt="TSLA"></body></html>'
    )
    text = "🚨 Small caps rip\n\n$TSLA below 275.\n"
    return RenderedEmail(
        subject=SUBJECT, html=html, text=text,
        images={"rotation": charts / "rotation.png", "breakdown-tsla": charts / "breakdown-tsla.png"},
    )


def email_config(server: SmtpTestServer, **overrides) -> EmailConfig:
    values = {
        "from": "The Weekly Edge <letter@weekly-edge.test>",
        "reply_to": "editor@weekly-edge.test",
        "unsubscribe_mailto": "unsubscribe@weekly-edge.test",
        "unsubscribe_url": "https://weekly-edge.test/unsubscribe",
        "batch_size": 8,
        "smtp": server.smtp_config(),
    }
    return EmailConfig(**{**values, **overrides})


def send(issue, server, tmp_path, readers=READERS, clock=None, **overrides):
    clock = clock or FakeClock()
    password = overrides.pop("password", None)
    return deliver(
        issue, readers, config=email_config(server, **overrides), issue_date=ISSUE, web_url=WEB_URL,
        ledger_path=tmp_path / "state" / "ledger.db", sleep=clock.sleep, clock=clock,
        password=password,
    )


def test_an_issue_to_50_readers_arrives_whole(issue, smtp_server, tmp_path):
    report = send(issue, smtp_server, tmp_path)

    assert report.summary() == "sent 50 of 50"
    received = smtp_server.messages
    assert sorted(r for m in received for r in m.rcpt_tos) == READERS
    assert smtp_server.handler.sessions == 7  # one connection per batch of 8
    ids = set()
    for raw in received:
        reader = raw.rcpt_tos[0]
        msg = raw.message()
        assert raw.mail_from == "letter@weekly-edge.test"
        assert [p.get_content_type() for p in msg.walk()] == [
            "multipart/related", "multipart/alternative", "text/plain", "text/html",
            "image/png", "image/png",
        ]
        alternative, *images = msg.iter_parts()
        text, html = alternative.iter_parts()
        assert text.get_content_charset() == html.get_content_charset() == "utf-8"
        assert text.get_content().replace("\r\n", "\n") == issue.text  # CRLF on the wire
        assert html.get_content().rstrip() == issue.html
        parts_by_cid = {p["Content-ID"].strip("<>"): p for p in images}
        for cid in re.findall(r"cid:([\w.-]+)", html.get_content()):
            part = parts_by_cid[cid]
            assert part.get_content_disposition() == "inline"
            assert part.get_content() == issue.images[cid].read_bytes()
        assert msg["Subject"] == SUBJECT
        assert msg["To"] == reader
        assert msg["From"] == "The Weekly Edge <letter@weekly-edge.test>"
        assert msg["Reply-To"] == "editor@weekly-edge.test"
        assert parsedate_to_datetime(msg["Date"]).tzinfo is not None
        unsubscribe = msg["List-Unsubscribe"]
        assert "<mailto:unsubscribe@weekly-edge.test?subject=unsubscribe>" in unsubscribe
        assert f"<https://weekly-edge.test/unsubscribe?u={reader.replace('@', '%40')}>" in unsubscribe
        assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        rebuilt = build_message(issue, to=reader, config=email_config(smtp_server), issue_date=ISSUE, web_url=WEB_URL)
        assert msg["Message-ID"] == rebuilt["Message-ID"]
        ids.add(msg["Message-ID"])
    assert len(ids) == 50
    with SendLedger(tmp_path / "state" / "ledger.db") as ledger:
        records = ledger.records(ISSUE)
    assert {r.status for r in records} == {Status.SENT} and len(records) == 50
    assert all(r.attempts == 1 and r.message_id in ids for r in records)


def test_a_connection_dropped_after_the_20th_message_resumes_with_exactly_the_other_30(
    issue, smtp_server, tmp_path
):
    smtp_server.drop_after(20)  # the 20th gets its 250, then the connection and server die

    first = send(issue, smtp_server, tmp_path)
    assert first.sent == 20 and len(first.failed_transient) + first.not_attempted == 30
    assert first.stopped and "sent 20 of 50; 30 to retry" in first.summary()

    smtp_server.revive()
    second = send(issue, smtp_server, tmp_path)

    assert second.sent == 30 and second.already_sent == 20
    assert second.summary() == "sent 50 of 50 (20 in an earlier run)"
    assert smtp_server.count_by_recipient() == {r: 1 for r in READERS}


def test_a_550_reader_is_recorded_failed_and_not_retried(issue, smtp_server, tmp_path):
    smtp_server.reject("reader07@example.com")

    first = send(issue, smtp_server, tmp_path)
    second = send(issue, smtp_server, tmp_path)

    assert first.summary() == "sent 49 of 50; 1 failed (550 mailbox unavailable: reader07@example.com)"
    assert second.summary() == "sent 49 of 50 (49 in an earlier run); 1 failed (550 mailbox unavailable: reader07@example.com)"
    assert smtp_server.handler.rcpt_attempts["reader07@example.com"] == 1
    assert smtp_server.count_by_recipient() == {r: 1 for r in READERS if r != "reader07@example.com"}
    with SendLedger(tmp_path / "state" / "ledger.db") as ledger:
        record = ledger.record(ISSUE, "reader07@example.com")
    assert record.status == Status.FAILED_PERMANENT and record.last_error == "550 mailbox unavailable"


def test_a_451_twice_then_ok_is_retried_and_delivered_once(issue, smtp_server, tmp_path):
    smtp_server.fail_transiently("reader33@example.com", times=2)
    clock = FakeClock()

    report = send(issue, smtp_server, tmp_path, clock=clock)

    assert report.summary() == "sent 50 of 50"
    assert smtp_server.handler.rcpt_attempts["reader33@example.com"] == 3
    assert smtp_server.count_by_recipient()["reader33@example.com"] == 1
    assert clock.sleeps == [2.0, 4.0]  # exponential backoff
    with SendLedger(tmp_path / "state" / "ledger.db") as ledger:
        assert ledger.record(ISSUE, "reader33@example.com").attempts == 3


def test_a_451_that_lasts_is_left_for_the_next_run(issue, smtp_server, tmp_path):
    smtp_server.fail_transiently("reader02@example.com", times=4)  # max_retries=3: 4 attempts

    first = send(issue, smtp_server, tmp_path)
    second = send(issue, smtp_server, tmp_path)

    assert first.failed_transient == {"reader02@example.com": "451 mailbox busy, try again later"}
    assert second.sent == 1 and second.already_sent == 49
    assert smtp_server.count_by_recipient() == {r: 1 for r in READERS}


def test_a_cut_inside_the_250_window_is_counted_and_resent_with_the_same_message_id(
    issue, smtp_server, tmp_path
):
    smtp_server.drop_after(5, mode="before_reply")  # 5th stored, its 250 never arrives

    first = send(issue, smtp_server, tmp_path, readers=READERS[:10])
    smtp_server.revive()
    second = send(issue, smtp_server, tmp_path, readers=READERS[:10])

    assert first.in_doubt == ("reader05@example.com",)
    assert second.in_doubt == ("reader05@example.com",) and "1 in doubt" in second.summary()
    copies = [m.message() for m in smtp_server.messages if m.rcpt_tos == ("reader05@example.com",)]
    assert len(copies) == 2 and copies[0]["Message-ID"] == copies[1]["Message-ID"]
    assert smtp_server.count_by_recipient() == {r: 1 for r in READERS[:10] if r != "reader05@example.com"} | {"reader05@example.com": 2}


def test_a_server_refusing_the_message_itself_stops_the_run_and_blames_no_reader(
    issue, smtp_server, tmp_path
):
    smtp_server.refuse_messages("554 5.7.1 message refused as spam")

    first = send(issue, smtp_server, tmp_path, readers=READERS[:10])
    smtp_server.revive()
    second = send(issue, smtp_server, tmp_path, readers=READERS[:10])

    assert first.failed_permanent == {} and len(first.failed_transient) == 3 and first.not_attempted == 7
    assert "refused the message itself for 3 readers in a row" in first.summary()
    assert sum(smtp_server.handler.rcpt_attempts.values()) == 13
    assert second.summary() == "sent 10 of 10"


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_tls_with_a_verified_certificate_and_auth(issue, make_smtp_server, tmp_path, monkeypatch, security):
    certificate = self_signed_certificate(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate))  # trust it, and only it
    server = make_smtp_server(credentials=("newsletter", PASSWORD), tls=security, certificate=certificate)

    report = send(issue, server, tmp_path, readers=READERS[:3], password=PASSWORD)

    assert report.summary() == "sent 3 of 3"
    assert server.handler.logins == [("newsletter", PASSWORD)]


def test_an_untrusted_certificate_is_never_sent_the_password(issue, make_smtp_server, tmp_path):
    certificate = self_signed_certificate(tmp_path)
    server = make_smtp_server(credentials=("newsletter", PASSWORD), tls="starttls", certificate=certificate)

    report = send(issue, server, tmp_path, readers=READERS[:2], password=PASSWORD)

    assert report.sent == 0 and "CERTIFICATE_VERIFY_FAILED" in report.summary()
    assert server.handler.logins == [] and server.messages == []


def test_starttls_missing_on_the_server_is_an_error_not_a_plaintext_fallback(issue, smtp_server, tmp_path):
    config = email_config(smtp_server, smtp=smtp_server.smtp_config(security="starttls"))
    with pytest.raises(NewsletterError, match=r"email\.smtp: .*STARTTLS extension not supported"):
        deliver(issue, READERS[:1], config=config, issue_date=ISSUE, web_url=WEB_URL,
                ledger_path=tmp_path / "ledger.db")
    assert smtp_server.messages == []


def test_a_password_is_never_sent_unencrypted_off_this_machine(issue, tmp_path):
    config = EmailConfig(smtp={"host": "smtp.example.com", "security": "none", "username": "u"})
    with pytest.raises(NewsletterError, match=r"email\.smtp\.security: refusing to send the SMTP password"):
        deliver(issue, READERS[:1], config=config, issue_date=ISSUE, web_url=WEB_URL,
                ledger_path=tmp_path / "ledger.db", password=PASSWORD)


def test_the_password_is_used_but_never_logged_raised_or_written(
    issue, make_smtp_server, tmp_path, caplog, capfd, monkeypatch
):
    caplog.set_level(logging.DEBUG)
    server = make_smtp_server(credentials=("newsletter", PASSWORD))
    config = email_config(server)
    monkeypatch.setenv(config.smtp.password_env, PASSWORD)
    server.reject("reader03@example.com")
    server.drop_after(8)
    texts = []

    texts.append(send(issue, server, tmp_path, readers=READERS[:12]).summary())
    server.revive()
    texts.append(send(issue, server, tmp_path, readers=READERS[:12]).summary())
    with pytest.raises(NewsletterError) as wrong:
        send(issue, server, tmp_path, readers=["late@example.com"], password="not-" + PASSWORD[::-1])
    texts += [str(wrong.value), repr(wrong.value.__context__)]

    assert server.handler.logins[0] == ("newsletter", PASSWORD)  # it really was used
    assert sum(m.rcpt_tos != () for m in server.messages) == 11
    captured = capfd.readouterr()
    forms = [PASSWORD, base64.b64encode(PASSWORD.encode()).decode(),
             base64.b64encode(f"\0newsletter\0{PASSWORD}".encode()).decode()]
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("newsletter"))
    for form in forms:
        assert form not in ours
    assert PASSWORD not in caplog.text + captured.out + captured.err + "\n".join(texts)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert all(form.encode() not in data for form in forms), path


def test_a_wrong_password_is_a_one_line_error_without_the_password(issue, make_smtp_server, tmp_path):
    server = make_smtp_server(credentials=("newsletter", "the-right-one"))

    with pytest.raises(NewsletterError) as caught:
        send(issue, server, tmp_path, password=PASSWORD)

    assert str(caught.value).startswith("email.smtp: SMTP 127.0.0.1:")
    assert "535" in str(caught.value) and PASSWORD not in str(caught.value)
    assert set(server.handler.logins) == {("newsletter", PASSWORD)}  # smtplib tried PLAIN, then LOGIN
    assert server.messages == []


def test_a_missing_password_names_the_environment_variable(issue, make_smtp_server, tmp_path, monkeypatch):
    server = make_smtp_server(credentials=("newsletter", PASSWORD))
    monkeypatch.delenv("NEWSLETTER_SMTP_PASSWORD", raising=False)

    with pytest.raises(NewsletterError, match="export NEWSLETTER_SMTP_PASSWORD"):
        send(issue, server, tmp_path)


def test_rate_limit_never_lets_11_messages_into_any_60_seconds(issue, smtp_server, tmp_path):
    clock = FakeClock()
    arrivals: list[float] = []
    original = smtp_server.handler.handle_DATA

    async def stamp(server, session, envelope):
        arrivals.append(clock())  # the server's view, in fake time
        return await original(server, session, envelope)

    smtp_server.handler.handle_DATA = stamp

    report = send(issue, smtp_server, tmp_path, readers=READERS[:25], clock=clock, rate_per_minute=10)

    assert report.sent == 25 and len(arrivals) == 25
    for i, start in enumerate(arrivals):
        assert sum(start <= t < start + 60 for t in arrivals) <= 10, i
    assert arrivals[10] - arrivals[0] == pytest.approx(60, abs=0.01)  # and no slower than it must
    assert arrivals[-1] - arrivals[0] < 121


def test_a_test_send_is_marked_and_never_counts_as_the_issue(issue, smtp_server, tmp_path):
    ledger_path = tmp_path / "state" / "ledger.db"
    config = email_config(smtp_server)

    first = send_test(issue, "editor@weekly-edge.test", config=config, issue_date=ISSUE,
                      web_url=WEB_URL, ledger_path=ledger_path)
    report = send(issue, smtp_server, tmp_path, readers=["editor@weekly-edge.test"])

    test_copy, real_copy = (m.message() for m in smtp_server.messages)
    assert test_copy["Subject"] == f"[TEST] {SUBJECT}" and real_copy["Subject"] == SUBJECT
    assert test_copy["Message-ID"] == first != real_copy["Message-ID"]
    assert report.sent == 1
    with SendLedger(ledger_path) as ledger:
        assert ledger.test_sends(ISSUE) == [("editor@weekly-edge.test", "sent", first)]


def test_load_recipients_skips_comments_and_duplicates(tmp_path):
    path = tmp_path / "recipients.txt"
    path.write_text("# readers\n\nann@example.com\nBob@Example.com  # from the conference\nbob@example.com\n")
    assert load_recipients(path) == ["ann@example.com", "Bob@Example.com"]

    path.write_text("ann@example.com\n\nnot-an-address\n")
    with pytest.raises(NewsletterError, match=r"recipients\.txt:3: not an email address: 'not-an-address'"):
        load_recipients(path)
