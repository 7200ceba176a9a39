"""Read a workspace's publishing state the way an outside observer would: read-only, and
empty (not an error) when a kill landed before the file or its table was made."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path


def query(path: Path, sql: str, issue_date: dt.date) -> list[tuple]:
    """Rows of ``sql`` (one ``?``: the issue date) on the SQLite file at ``path``."""
    if not path.is_file():
        return []
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
        try:
            return db.execute(sql, (issue_date.isoformat(),)).fetchall()
        except sqlite3.OperationalError:  # killed before the table was made
            return []


def issue_state(root: Path, issue_date: dt.date) -> str:
    """The publishing state of ``issue_date`` in the workspace at ``root`` ("none" before any)."""
    rows = query(root / ".newsletter" / "publish.sqlite",
                 "SELECT state FROM issues WHERE issue_date = ?", issue_date)
    return rows[0][0] if rows else "none"
