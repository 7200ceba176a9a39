"""Who has been sent which issue: one SQLite row per (issue date, recipient).

A rerun resumes from these rows, never from a counter. Every status change is
its own committed transaction (autocommit, WAL), so the window between the
server's ``250`` and the row saying ``sent`` is one small write. The ledger
runs WAL with ``synchronous=NORMAL``: a commit is then safe from a killed or
crashed process as soon as it returns, without waiting for an fsync (0.02 ms a
commit here against 0.3 ms with ``FULL``), and the fsync is out of the window.
``benchmarks/bench_fault_injection.py`` counts the kills that still land in it
(the rest of the window is the server's reply). Only a power cut can lose the
last commits, and a lost ``sent`` row resends the same Message-ID, which mail
clients collapse. A row left ``pending`` means a run stopped inside that window or just
before it: the reader may or may not have the message, and a resend reuses
the same Message-ID so that Gmail collapses the pair.

Test sends (``--test``) go to their own table and never count as the issue.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import logging
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO

from newsletter.errors import NewsletterError

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS deliveries (
    issue_date TEXT NOT NULL,
    recipient  TEXT NOT NULL,
    status     TEXT NOT NULL
        CHECK (status IN ('pending', 'sent', 'failed_permanent', 'failed_transient')),
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    message_id TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    sent_at    TEXT,
    PRIMARY KEY (issue_date, recipient)
);
CREATE TABLE IF NOT EXISTS test_sends (
    id         INTEGER PRIMARY KEY,
    issue_date TEXT NOT NULL,
    recipient  TEXT NOT NULL,
    outcome    TEXT NOT NULL,
    message_id TEXT,
    at         TEXT NOT NULL
);
"""


CACHE_KIB = 512
"""SQLite's page cache for the ledger and for a pass's listed addresses, each at most this
(KiB), so a send's memory stays the same for any list; the pages are read back from the
OS's file cache when needed (a send is an SMTP round trip per reader, not a ledger lookup)."""


class Status(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED_PERMANENT = "failed_permanent"
    FAILED_TRANSIENT = "failed_transient"


DONE = (Status.SENT, Status.FAILED_PERMANENT)
"""Statuses a rerun does not touch again."""


@dataclass(frozen=True)
class DeliveryRecord:
    issue_date: dt.date
    recipient: str
    status: Status
    attempts: int
    last_error: str | None
    message_id: str | None
    created_at: str
    updated_at: str
    sent_at: str | None


def recipient_key(address: str) -> str:
    """The ledger's key for an address: the same reader however the list spells it."""
    return address.strip().lower()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


class SendLedger:
    """The per-recipient record of one workspace's sends (a SQLite file).

    With ``exclusive=True`` the ledger also holds an advisory lock beside the
    file, so two runs (a scheduler and a hand-started send) cannot both mail
    the same readers.
    """

    def __init__(self, path: Path, *, exclusive: bool = False) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock: IO[bytes] | None = self._take_lock() if exclusive else None
        self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA temp_store=FILE")  # the pass's listed addresses stay on disk
        self._db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")  # pages held in memory: a fixed bound
        self._db.executescript(_SCHEMA)

    def _take_lock(self) -> IO[bytes]:
        lock = open(self.path.with_name(self.path.name + ".lock"), "wb")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            raise NewsletterError("another send is using this ledger right now", file=self.path) from None
        return lock

    def close(self) -> None:
        self._db.close()
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def __enter__(self) -> SendLedger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def recipients_to_send(self, issue_date: dt.date, recipients: Iterable[str]) -> Iterator[str]:
        """Yield each recipient not yet sent and not permanently failed, once, in list order."""
        done = {
            row[0]
            for row in self._db.execute(
                "SELECT recipient FROM deliveries WHERE issue_date = ? AND status IN (?, ?)",
                (issue_date.isoformat(), *DONE),
            )
        }
        for address in recipients:
            key = recipient_key(address)
            if key not in done:
                done.add(key)
                yield address

    def start_listing(self) -> None:
        """Begin a pass over a recipients list: forget the addresses an earlier pass saw.

        The addresses seen go to a temporary SQLite table (a file, not a set in
        memory), so a send's memory does not grow with its list.
        """
        self._db.execute(f"PRAGMA temp.cache_size=-{CACHE_KIB}")
        self._db.execute("CREATE TEMP TABLE IF NOT EXISTS listed (recipient TEXT PRIMARY KEY) WITHOUT ROWID")
        self._db.execute("DELETE FROM temp.listed")

    def first_listing(self, recipient: str) -> bool:
        """True the first time this pass meets ``recipient`` (however spelt); False for a duplicate."""
        cursor = self._db.execute("INSERT OR IGNORE INTO temp.listed (recipient) VALUES (?)",
                                  (recipient_key(recipient),))
        return cursor.rowcount == 1

    def begin_attempt(self, issue_date: dt.date, recipient: str, message_id: str) -> None:
        """Record that a send to ``recipient`` is starting (status pending, one more attempt)."""
        now = _now()
        self._db.execute(
            """INSERT INTO deliveries
                   (issue_date, recipient, status, attempts, message_id, created_at, updated_at)
               VALUES (?, ?, 'pending', 1, ?, ?, ?)
               ON CONFLICT (issue_date, recipient) DO UPDATE SET
                   status = 'pending', attempts = attempts + 1,
                   message_id = excluded.message_id, updated_at = excluded.updated_at""",
            (issue_date.isoformat(), recipient_key(recipient), message_id, now, now),
        )

    def mark_sent(self, issue_date: dt.date, recipient: str) -> None:
        """The server accepted the message: commit that before doing anything else."""
        now = _now()
        cursor = self._db.execute(
            """UPDATE deliveries SET status = 'sent', sent_at = ?, updated_at = ?, last_error = NULL
               WHERE issue_date = ? AND recipient = ?""",
            (now, now, issue_date.isoformat(), recipient_key(recipient)),
        )
        if cursor.rowcount != 1:
            raise RuntimeError(f"mark_sent without begin_attempt for {recipient}")

    def mark_failed(self, issue_date: dt.date, recipient: str, error: str, *, permanent: bool) -> None:
        """Record a failure; a permanent one is never retried, a transient one is on a rerun."""
        status = Status.FAILED_PERMANENT if permanent else Status.FAILED_TRANSIENT
        now = _now()
        self._db.execute(
            """INSERT INTO deliveries
                   (issue_date, recipient, status, attempts, last_error, created_at, updated_at)
               VALUES (?, ?, ?, 0, ?, ?, ?)
               ON CONFLICT (issue_date, recipient) DO UPDATE SET
                   status = excluded.status, last_error = excluded.last_error,
                   updated_at = excluded.updated_at""",
            (issue_date.isoformat(), recipient_key(recipient), status, error, now, now),
        )

    def mark_not_attempted(self, issue_date: dt.date, recipient: str) -> None:
        """The run stopped before this reader: record that, keeping any earlier row as it was."""
        now = _now()
        self._db.execute(
            """INSERT INTO deliveries
                   (issue_date, recipient, status, last_error, created_at, updated_at)
               VALUES (?, ?, 'failed_transient', 'not attempted', ?, ?)
               ON CONFLICT (issue_date, recipient) DO NOTHING""",
            (issue_date.isoformat(), recipient_key(recipient), now, now),
        )

    def mark_in_doubt(self, issue_date: dt.date, recipient: str, error: str) -> None:
        """The connection died waiting for the reply to DATA: the outcome is unknown, stay pending."""
        self._db.execute(
            "UPDATE deliveries SET last_error = ?, updated_at = ? WHERE issue_date = ? AND recipient = ?",
            (f"in doubt: {error}", _now(), issue_date.isoformat(), recipient_key(recipient)),
        )

    def record(self, issue_date: dt.date, recipient: str) -> DeliveryRecord | None:
        rows = self._select("AND recipient = ?", issue_date, recipient_key(recipient))
        return rows[0] if rows else None

    def records(self, issue_date: dt.date) -> list[DeliveryRecord]:
        return self._select("", issue_date)

    def in_doubt(self, issue_date: dt.date) -> list[DeliveryRecord]:
        """Rows a previous run left pending: it stopped between starting a send and its outcome."""
        return self._select("AND status = 'pending'", issue_date)

    def _select(self, where: str, issue_date: dt.date, *args: str) -> list[DeliveryRecord]:
        cursor = self._db.execute(
            f"""SELECT issue_date, recipient, status, attempts, last_error, message_id,
                       created_at, updated_at, sent_at
                FROM deliveries WHERE issue_date = ? {where} ORDER BY created_at, recipient""",
            (issue_date.isoformat(), *args),
        )
        return [
            DeliveryRecord(dt.date.fromisoformat(r[0]), r[1], Status(r[2]), *r[3:])
            for r in cursor.fetchall()
        ]

    def record_test_send(
        self, issue_date: dt.date, recipient: str, outcome: str, message_id: str | None
    ) -> None:
        """Keep a trace of a ``--test`` copy, apart from the issue's deliveries."""
        self._db.execute(
            "INSERT INTO test_sends (issue_date, recipient, outcome, message_id, at) VALUES (?, ?, ?, ?, ?)",
            (issue_date.isoformat(), recipient_key(recipient), outcome, message_id, _now()),
        )

    def test_sends(self, issue_date: dt.date) -> list[tuple[str, str, str | None]]:
        """(recipient, outcome, message_id) of every test copy of the issue, oldest first."""
        cursor = self._db.execute(
            "SELECT recipient, outcome, message_id FROM test_sends WHERE issue_date = ? ORDER BY id",
            (issue_date.isoformat(),),
        )
        return cursor.fetchall()
