"""The send streams its list: read lazily, duplicates dropped in the ledger, resumed after a SIGKILL.

Against a real SMTP server (aiosmtpd on 127.0.0.1). The SIGKILL tests run
``deliver`` in a child process (``python -m tests.publish.test_smtp_streaming``)
and kill it from the server when it takes (or is about to take) the n-th message.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsletter.config import EmailConfig
from newsletter.errors import NewsletterError
from newsletter.publish.email_message import RenderedEmail
from newsletter.publish.recipients import RecipientsFile
from newsletter.publish.send_ledger import SendLedger, Status
from newsletter.publish.smtp_delivery import deliver
from tests.publish.publish_kill_harness import Killer, KillingSmtpHandler
from tests.publish.smtp_server import SmtpTestServer, smtp_server_fixture  # noqa: F401  (fixture)

REPO = Path(__file__).resolve().parents[2]
ISSUE = dt.date(2026, 11, 22)
WEB_URL = "https://weekly-edge.test/letter/2026-11-22/"
EMAIL = RenderedEmail("Small caps break out", "<html><body><h1>Small caps</h1></body></html>",
                      "Small caps break out\n", {})


def config(port: int) -> EmailConfig:
    return EmailConfig(**{"from": "The Weekly Edge <letter@weekly-edge.test>", "batch_size": 10,
                          "rate_per_minute": 100_000,
                          "smtp": {"host": "127.0.0.1", "port": port, "security": "none", "timeout": 10}})


def send(recipients, port: int, ledger: Path):
    """One ``deliver``; retries back off without sleeping."""
    return deliver(EMAIL, recipients, config=config(port), issue_date=ISSUE, web_url=WEB_URL,
                   ledger_path=ledger, password="", sleep=lambda seconds: None)


def readers_file(path: Path, count: int, extra: str = "") -> Path:
    path.write_text("".join(f"reader{i:03d}@example.com\n" for i in range(count)) + extra)
    return path


def received(server: SmtpTestServer) -> list[tuple[str, str]]:
    """(recipient, Message-ID) of every message, in arrival order."""
    return [(m.rcpt_tos[0].lower(), m.message()["Message-ID"]) for m in server.messages]


def test_every_reader_of_a_streamed_file_gets_exactly_one_message(smtp_server, tmp_path):
    path = readers_file(tmp_path / "readers.txt", 120)

    report = send(RecipientsFile(path), smtp_server.port, tmp_path / "ledger.db")

    assert report.summary() == "sent 120 of 120" and report.complete
    assert smtp_server.count_by_recipient() == {f"reader{i:03d}@example.com": 1 for i in range(120)}
    with SendLedger(tmp_path / "ledger.db") as ledger:
        assert Counter(r.status for r in ledger.records(ISSUE)) == {Status.SENT: 120}


def test_a_duplicate_address_however_spelt_is_sent_once(smtp_server, tmp_path):
    path = readers_file(tmp_path / "readers.txt", 3,
                        "READER001@example.com\n  reader002@Example.COM  # again\nreader000@example.com\n")

    report = send(RecipientsFile(path), smtp_server.port, tmp_path / "ledger.db")
    again = send(RecipientsFile(path), smtp_server.port, tmp_path / "ledger.db")

    assert (report.total, report.sent) == (3, 3) and report.summary() == "sent 3 of 3"
    assert (again.total, again.sent, again.already_sent) == (3, 0, 3)
    assert smtp_server.count_by_recipient() == {f"reader{i:03d}@example.com": 1 for i in range(3)}


def test_the_list_is_read_lazily_one_reader_ahead_at_most(smtp_server, tmp_path):
    taken: list[int] = []
    ahead: list[int] = []
    original = smtp_server.handler.handle_DATA

    def readers() -> Iterator[str]:
        for i in range(40):
            taken.append(i)
            yield f"reader{i:03d}@example.com"

    async def watch(server, session, envelope):
        ahead.append(len(taken) - len(smtp_server.messages))  # read so far minus arrived
        return await original(server, session, envelope)

    smtp_server.handler.handle_DATA = watch
    report = send(readers(), smtp_server.port, tmp_path / "ledger.db")

    assert report.sent == 40
    assert set(ahead) == {1}  # the reader being sent, and not one more, has been read


def test_the_ledger_tells_a_second_listing_from_a_first(tmp_path):
    with SendLedger(tmp_path / "ledger.db") as ledger:
        ledger.start_listing()
        seen = [ledger.first_listing(a) for a in ["a@x.org", "b@x.org", " A@X.org ", "a@x.org.uk"]]
        ledger.start_listing()  # a new pass forgets the last one
        again = ledger.first_listing("a@x.org")
    assert seen == [True, True, False, True] and again


def test_a_bad_line_names_its_file_and_line_and_check_finds_it_before_any_send(tmp_path):
    path = readers_file(tmp_path / "readers.txt", 2, "# a comment\n\nnot-an-address\n")
    with pytest.raises(NewsletterError, match=r"readers\.txt:5: not an email address: 'not-an-address'"):
        RecipientsFile(path).check()
    path.write_bytes(b"ann@example.com\nb\xe9a@example.com\n")
    with pytest.raises(NewsletterError, match=r"readers\.txt:2: not UTF-8 text"):
        RecipientsFile(path).check()
    with pytest.raises(NewsletterError, match="recipients file not found"):
        RecipientsFile(tmp_path / "missing.txt").check()


def test_a_byte_order_mark_and_the_count(tmp_path):
    path = tmp_path / "readers.txt"
    path.write_bytes(b"\xef\xbb\xbfann@example.com\nbob@example.com\nann@example.com\n")
    assert list(RecipientsFile(path)) == ["ann@example.com", "bob@example.com", "ann@example.com"]
    assert len(RecipientsFile(path)) == 3  # duplicates included: the ledger drops them


def test_a_run_that_stops_counts_readers_sent_earlier_as_sent_not_to_retry(smtp_server, tmp_path):
    path = readers_file(tmp_path / "readers.txt", 50)
    tail = readers_file(tmp_path / "tail.txt", 0, "".join(f"reader{i:03d}@example.com\n" for i in range(30, 50)))
    send(RecipientsFile(tail), smtp_server.port, tmp_path / "ledger.db")  # 30 to 49 sent earlier
    smtp_server.drop_after(30)  # this run's 10th message is the last the server takes

    report = send(RecipientsFile(path), smtp_server.port, tmp_path / "ledger.db")

    assert (report.sent, report.already_sent, report.not_attempted) == (10, 20, 19)
    assert list(report.failed_transient) == ["reader010@example.com"] and not report.complete
    assert report.summary().startswith("sent 30 of 50 (20 in an earlier run); 20 to retry (")
    smtp_server.revive()
    again = send(RecipientsFile(path), smtp_server.port, tmp_path / "ledger.db")
    assert (again.sent, again.already_sent) == (20, 30) and again.complete
    assert smtp_server.count_by_recipient() == {f"reader{i:03d}@example.com": 1 for i in range(50)}


@pytest.mark.parametrize("at, phase", [(1, "before"), (1, "after"), (41, "before"), (41, "after"),
                                       (80, "before"), (80, "after")])
def test_a_sigkill_mid_list_resumes_where_it_stopped(tmp_path, at: int, phase: str):
    """Killed as the server is about to take (before) or has taken (after, the ``250`` unheard)
    message ``at``: the rerun starts at that reader and every reader holds one Message-ID."""
    count = 80
    path = readers_file(tmp_path / "readers.txt", count)
    ledger = tmp_path / "ledger.db"
    killer = Killer("smtp", at, phase)
    server = SmtpTestServer()
    server.handler = KillingSmtpHandler(killer)
    with server:
        child = subprocess.Popen([sys.executable, "-m", "tests.publish.test_smtp_streaming",
                                  str(server.port), str(path), str(ledger)], cwd=REPO)
        killer.pid = child.pid
        assert child.wait(timeout=120) == -signal.SIGKILL
        killer.pid = 0
        before = len(server.messages)
        report = send(RecipientsFile(path), server.port, ledger)
        arrived = received(server)

    committed = at - 1  # readers the ledger had as sent at the kill
    assert before == (at if phase == "after" else at - 1)
    assert (report.already_sent, report.sent, report.total) == (committed, count - committed, count)
    assert [r for r, _ in arrived[before:]] == [f"reader{i:03d}@example.com" for i in range(committed, count)]
    ids: dict[str, set[str]] = {}
    for reader, message_id in arrived:
        ids.setdefault(reader, set()).add(message_id)
    assert {r: len(i) for r, i in ids.items()} == {f"reader{i:03d}@example.com": 1 for i in range(count)}
    resent = len(arrived) - count  # a copy the server took in the window comes again, same Message-ID
    assert resent == (1 if phase == "after" else 0)
    assert report.in_doubt == (f"reader{at - 1:03d}@example.com",)


if __name__ == "__main__":  # the child of the SIGKILL test: one send, killed by the server
    port, recipients, ledger_path = sys.argv[1:4]
    os.environ.setdefault("NEWSLETTER_SMTP_PASSWORD", "")
    send(RecipientsFile(Path(recipients)), int(port), Path(ledger_path))
