"""The send ledger: what a rerun skips, what it retries, and that every change is committed at once."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from newsletter.errors import NewsletterError
from newsletter.publish.send_ledger import SendLedger, Status

ISSUE = dt.date(2026, 11, 22)
READERS = ["ann@example.com", "bob@example.com", "cat@example.com", "dan@example.com", "eve@example.com"]


def test_a_rerun_skips_sent_and_refused_readers_and_retries_the_rest(tmp_path):
    with SendLedger(tmp_path / "ledger.db") as ledger:
        ledger.begin_attempt(ISSUE, "ann@example.com", "<a@x>")
        ledger.mark_sent(ISSUE, "ann@example.com")
        ledger.begin_attempt(ISSUE, "bob@example.com", "<b@x>")
        ledger.mark_failed(ISSUE, "bob@example.com", "550 mailbox unavailable", permanent=True)
        ledger.begin_attempt(ISSUE, "cat@example.com", "<c@x>")
        ledger.mark_failed(ISSUE, "cat@example.com", "451 try later", permanent=False)
        ledger.begin_attempt(ISSUE, "dan@example.com", "<d@x>")  # a crash here: no outcome

    with SendLedger(tmp_path / "ledger.db") as ledger:
        todo = list(ledger.recipients_to_send(ISSUE, [*READERS, "ANN@example.com", "eve@example.com"]))
        assert todo == ["cat@example.com", "dan@example.com", "eve@example.com"]
        assert [r.recipient for r in ledger.in_doubt(ISSUE)] == ["dan@example.com"]
        assert list(ledger.recipients_to_send(dt.date(2026, 11, 29), READERS)) == READERS
        cat = ledger.record(ISSUE, "Cat@Example.com")
    assert (cat.status, cat.attempts, cat.last_error) == (Status.FAILED_TRANSIENT, 1, "451 try later")


def test_not_attempted_keeps_an_earlier_in_doubt_row(tmp_path):
    with SendLedger(tmp_path / "ledger.db") as ledger:
        ledger.begin_attempt(ISSUE, "ann@example.com", "<a@x>")
        ledger.mark_not_attempted(ISSUE, "ann@example.com")
        ledger.mark_not_attempted(ISSUE, "bob@example.com")
        assert ledger.record(ISSUE, "ann@example.com").status == Status.PENDING
        bob = ledger.record(ISSUE, "bob@example.com")
    assert (bob.status, bob.attempts, bob.last_error) == (Status.FAILED_TRANSIENT, 0, "not attempted")


def test_every_status_change_is_committed_at_once_in_wal_mode(tmp_path):
    path = tmp_path / "ledger.db"
    with SendLedger(path) as ledger:
        ledger.begin_attempt(ISSUE, "ann@example.com", "<a@x>")
        ledger.mark_sent(ISSUE, "ann@example.com")
        other = sqlite3.connect(path)  # another process's view, while the ledger is still open
        row = other.execute("SELECT status, message_id, sent_at FROM deliveries").fetchone()
        mode = other.execute("PRAGMA journal_mode").fetchone()[0]
        other.close()
    assert row[:2] == ("sent", "<a@x>") and row[2]
    assert mode == "wal"


def test_test_sends_never_count_as_the_issue(tmp_path):
    with SendLedger(tmp_path / "ledger.db") as ledger:
        ledger.record_test_send(ISSUE, "ann@example.com", "sent", "<test@x>")
        assert list(ledger.recipients_to_send(ISSUE, READERS)) == READERS
        assert ledger.records(ISSUE) == []
        assert ledger.test_sends(ISSUE) == [("ann@example.com", "sent", "<test@x>")]


def test_only_one_send_holds_the_ledger(tmp_path):
    with SendLedger(tmp_path / "ledger.db", exclusive=True):
        with pytest.raises(NewsletterError, match="another send is using this ledger"):
            SendLedger(tmp_path / "ledger.db", exclusive=True)
    SendLedger(tmp_path / "ledger.db", exclusive=True).close()
