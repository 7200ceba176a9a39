"""Where each issue stands on its way out: a small SQLite state machine per issue date.

    (none) ─▶ built ─▶ checked ─▶ archived ─▶ sending ─▶ sent
       │        │         │
       └────────┴─────────┴──▶ held (with a reason)

Every move is one committed ``BEGIN IMMEDIATE`` transaction that first checks
the state it moves from (compare and set), and is logged in ``events``. The
archive's entries live in the same file, so that "archived" and "listed in the
archive" commit together. ``held`` is left only by :meth:`PublishStore.release_held`,
which a manual ``publish --recheck`` calls after the author fixed the reason.

:func:`publish_lock` is the one-publisher-at-a-time lock: an ``fcntl`` lock on
a file beside the database. The kernel drops it when its process dies, even on
SIGKILL, so a crash never leaves a stale lock (the state folder must be on a
local file system; ``flock`` over NFS is not reliable).

The email a run checked is frozen under ``outbox/<date>/`` (:func:`freeze_email`),
so that a resumed run sends exactly what was checked and archived.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from newsletter.atomic import atomic_write_bytes, atomic_write_text
from newsletter.errors import NewsletterError
from newsletter.publish.email_message import RenderedEmail

log = logging.getLogger(__name__)

STATE_FILE = "publish.sqlite"
LOCK_FILE = "publish.lock"
OUTBOX_DIR = "outbox"


class State(StrEnum):
    BUILT = "built"
    CHECKED = "checked"
    ARCHIVED = "archived"
    SENDING = "sending"
    SENT = "sent"
    HELD = "held"


HOLDABLE = (None, State.BUILT, State.CHECKED)
"""States an issue may be held from: nothing of it has reached the public yet."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS issues (
    issue_date  TEXT PRIMARY KEY,
    state       TEXT NOT NULL
        CHECK (state IN ('built', 'checked', 'archived', 'sending', 'sent', 'held')),
    reason      TEXT NOT NULL DEFAULT '',
    page_sha256 TEXT NOT NULL DEFAULT '',
    notified    TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    id         INTEGER PRIMARY KEY,
    issue_date TEXT NOT NULL,
    from_state TEXT,
    to_state   TEXT,
    reason     TEXT NOT NULL DEFAULT '',
    at         TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS archive (
    issue_date  TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    headline    TEXT NOT NULL,
    hook        TEXT NOT NULL,
    archived_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS target_outcomes (
    issue_date TEXT NOT NULL,
    target     TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('created', 'done', 'failed')),
    remote_id  TEXT NOT NULL DEFAULT '',
    url        TEXT NOT NULL DEFAULT '',
    detail     TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (issue_date, target)
);
"""


class StateConflict(RuntimeError):
    """A move found the issue in another state than expected (a bug, or a second publisher)."""


class PublisherBusy(NewsletterError):
    """Another publish run holds the lock."""


@dataclass(frozen=True)
class IssueRecord:
    issue_date: dt.date
    state: State
    reason: str
    page_sha256: str
    notified: str
    """The hold reason the author was last told by email ('' when never)."""
    updated_at: str


@dataclass(frozen=True)
class ArchiveEntry:
    """One issue listed in the public archive."""

    issue_date: dt.date
    title: str
    headline: str
    hook: str
    archived_at: dt.datetime


@dataclass(frozen=True)
class TargetRecord:
    """What one publishing target (ghost, listmonk, …) did with an issue.

    ``created``: the remote object exists (``remote_id``) but was not yet published
    or started; ``done``: published, scheduled or started; ``failed``: stopped, why in
    ``detail`` (a rerun tries again, resuming from ``remote_id`` when there is one).
    """

    issue_date: dt.date
    target: str
    status: str
    remote_id: str
    url: str
    detail: str
    updated_at: str


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


class PublishStore:
    """The publish state of a workspace's issues (``<state_dir>/publish.sqlite``, WAL)."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only:
            self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, isolation_level=None)
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)

    @classmethod
    def peek(cls, state_dir: Path) -> PublishStore | None:
        """Open read-only without creating anything (for dry runs); None when there is no file."""
        path = Path(state_dir) / STATE_FILE
        return cls(path, read_only=True) if path.is_file() else None

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> PublishStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def get(self, issue_date: dt.date) -> IssueRecord | None:
        """The issue's record, or None when nothing was done for it yet."""
        row = self._db.execute(
            "SELECT issue_date, state, reason, page_sha256, notified, updated_at FROM issues "
            "WHERE issue_date = ?", (issue_date.isoformat(),)).fetchone()
        if row is None:
            return None
        return IssueRecord(dt.date.fromisoformat(row[0]), State(row[1]), *row[2:])

    def require(self, issue_date: dt.date) -> IssueRecord:
        """The issue's record, which a step that just moved it knows exists."""
        record = self.get(issue_date)
        if record is None:
            raise StateConflict(f"{issue_date}: no record (a second publisher, or a bug)")
        return record

    def move(self, issue_date: dt.date, to: State, *, expect: tuple[State | None, ...],
             reason: str = "", page_sha256: str | None = None) -> None:
        """Move the issue to ``to`` if it is in one of ``expect`` (None: no record yet)."""
        with self._transaction() as db:
            self._move(db, issue_date, to, expect, reason, page_sha256)

    def _move(self, db: sqlite3.Connection, issue_date: dt.date, to: State,
              expect: tuple[State | None, ...], reason: str, page_sha256: str | None) -> None:
        day = issue_date.isoformat()
        row = db.execute("SELECT state FROM issues WHERE issue_date = ?", (day,)).fetchone()
        current = State(row[0]) if row else None
        if current not in expect:
            raise StateConflict(f"{day}: cannot move from {current or 'nothing'} to {to} "
                                f"(expected {' or '.join(str(s or 'nothing') for s in expect)})")
        now = _now()
        db.execute(
            """INSERT INTO issues (issue_date, state, reason, page_sha256, updated_at)
               VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (issue_date) DO UPDATE SET state = excluded.state,
                   reason = excluded.reason, updated_at = excluded.updated_at,
                   page_sha256 = CASE WHEN ? THEN excluded.page_sha256 ELSE page_sha256 END""",
            (day, to, reason, page_sha256 or "", now, page_sha256 is not None))
        db.execute("INSERT INTO events (issue_date, from_state, to_state, reason, at) "
                   "VALUES (?, ?, ?, ?, ?)", (day, current, to, reason, now))

    def hold(self, issue_date: dt.date, reason: str) -> None:
        """Keep the issue as a draft: it is not archived or sent until released."""
        self.move(issue_date, State.HELD, expect=HOLDABLE, reason=reason)

    def release_held(self, issue_date: dt.date) -> None:
        """Forget a hold (``publish --recheck``): the next run starts again from a fresh build."""
        day = issue_date.isoformat()
        with self._transaction() as db:
            row = db.execute("SELECT state, reason FROM issues WHERE issue_date = ?", (day,)).fetchone()
            if row is None or row[0] != State.HELD:
                raise StateConflict(f"{day}: not held")
            db.execute("DELETE FROM issues WHERE issue_date = ?", (day,))
            db.execute("INSERT INTO events (issue_date, from_state, to_state, reason, at) "
                       "VALUES (?, 'held', NULL, ?, ?)", (day, f"recheck after: {row[1]}", _now()))

    def mark_notified(self, issue_date: dt.date, reason: str) -> None:
        """Remember that the author was told this hold reason by email."""
        self._db.execute("UPDATE issues SET notified = ? WHERE issue_date = ?",
                         (reason, issue_date.isoformat()))

    def archive(self, entry: ArchiveEntry) -> None:
        """List the issue in the archive and move it checked → archived, in one transaction.

        Re-archiving keeps the first ``archived_at``, so the feeds stay byte-identical.
        """
        with self._transaction() as db:
            db.execute(
                """INSERT INTO archive (issue_date, title, headline, hook, archived_at)
                   VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT (issue_date) DO UPDATE SET title = excluded.title,
                       headline = excluded.headline, hook = excluded.hook""",
                (entry.issue_date.isoformat(), entry.title, entry.headline, entry.hook,
                 entry.archived_at.isoformat()))
            self._move(db, entry.issue_date, State.ARCHIVED, (State.CHECKED,), "", None)

    def archive_entries(self) -> list[ArchiveEntry]:
        """Every archived issue, newest first."""
        rows = self._db.execute("SELECT issue_date, title, headline, hook, archived_at FROM archive "
                                "ORDER BY issue_date DESC").fetchall()
        return [ArchiveEntry(dt.date.fromisoformat(r[0]), r[1], r[2], r[3],
                             dt.datetime.fromisoformat(r[4])) for r in rows]

    def target_outcome(self, issue_date: dt.date, target: str) -> TargetRecord | None:
        """The recorded outcome of ``target`` for the issue, or None when it never ran."""
        row = self._db.execute(
            "SELECT issue_date, target, status, remote_id, url, detail, updated_at "
            "FROM target_outcomes WHERE issue_date = ? AND target = ?",
            (issue_date.isoformat(), target)).fetchone()
        return None if row is None else TargetRecord(dt.date.fromisoformat(row[0]), *row[1:])

    def target_outcomes(self, issue_date: dt.date) -> list[TargetRecord]:
        """Every target's recorded outcome for the issue, by target name."""
        rows = self._db.execute(
            "SELECT issue_date, target, status, remote_id, url, detail, updated_at "
            "FROM target_outcomes WHERE issue_date = ? ORDER BY target",
            (issue_date.isoformat(),)).fetchall()
        return [TargetRecord(dt.date.fromisoformat(r[0]), *r[1:]) for r in rows]

    def record_target(self, issue_date: dt.date, target: str, status: str, *,
                      remote_id: str = "", url: str = "", detail: str = "") -> None:
        """Commit a target's outcome; an empty ``remote_id``/``url`` keeps the recorded one."""
        with self._transaction() as db:
            db.execute(
                """INSERT INTO target_outcomes
                       (issue_date, target, status, remote_id, url, detail, updated_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (issue_date, target) DO UPDATE SET status = excluded.status,
                       remote_id = CASE WHEN excluded.remote_id = '' THEN remote_id
                                        ELSE excluded.remote_id END,
                       url = CASE WHEN excluded.url = '' THEN url ELSE excluded.url END,
                       detail = excluded.detail, updated_at = excluded.updated_at""",
                (issue_date.isoformat(), target, status, remote_id, url, detail, _now()))

    def history(self, issue_date: dt.date) -> list[tuple[str | None, str | None, str, str]]:
        """(from, to, reason, at) of every move of the issue, oldest first."""
        return self._db.execute(
            "SELECT from_state, to_state, reason, at FROM events WHERE issue_date = ? ORDER BY id",
            (issue_date.isoformat(),)).fetchall()


@contextmanager
def publish_lock(state_dir: Path) -> Iterator[None]:
    """Hold the workspace's publish lock, or raise PublisherBusy at once."""
    path = Path(state_dir) / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublisherBusy("another publish run is in progress", file=path) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def outbox(state_dir: Path, issue_date: dt.date) -> Path:
    return Path(state_dir) / OUTBOX_DIR / issue_date.isoformat()


def freeze_email(state_dir: Path, issue_date: dt.date, email: RenderedEmail) -> Path:
    """Keep a copy of the checked email (images included); ``email.json`` is written last."""
    folder = outbox(state_dir, issue_date)
    images: dict[str, str] = {}
    for number, (cid, path) in enumerate(sorted(email.images.items())):
        name = f"{number:03d}-{Path(path).name}"
        atomic_write_bytes(folder / "images" / name, Path(path).read_bytes())
        images[cid] = name
    data = {"subject": email.subject, "html": email.html, "text": email.text,
            "preheader": email.preheader, "images": images}
    atomic_write_text(folder / "email.json", json.dumps(data, ensure_ascii=False) + "\n")
    return folder


def thaw_email(state_dir: Path, issue_date: dt.date) -> RenderedEmail:
    """The email :func:`freeze_email` kept for the issue."""
    folder = outbox(state_dir, issue_date)
    path = folder / "email.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NewsletterError("the checked email is missing; run publish --recheck after a hold, "
                              "or restore the state folder", file=path) from None
    except (OSError, ValueError) as exc:
        raise NewsletterError(f"the checked email is damaged ({exc}); run publish --recheck",
                              file=path) from None
    try:
        images = {str(cid): folder / "images" / name for cid, name in data["images"].items()}
        parts = [data[k] for k in ("subject", "html", "text", "preheader")]
        if not all(isinstance(p, str) for p in parts):
            raise TypeError("subject, html, text and preheader must be text")
    except (KeyError, TypeError, AttributeError) as exc:
        raise NewsletterError(f"the checked email is damaged ({type(exc).__name__}: {exc}); "
                              "run publish --recheck", file=path) from None
    return RenderedEmail(parts[0], parts[1], parts[2], images, parts[3])


def discard_frozen_email(state_dir: Path, issue_date: dt.date) -> None:
    shutil.rmtree(outbox(state_dir, issue_date), ignore_errors=True)
