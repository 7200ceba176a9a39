"""After a send: what happened to an issue, per target, for ``newsletter status``.

Read-only: it opens the state and the send ledger without creating either,
so asking never changes anything (and works while a publish runs).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter
from pathlib import Path

from newsletter.publish.archive import issue_url
from newsletter.publish.author_report import REPORT_STEP
from newsletter.publish.pipeline import LEDGER_FILE
from newsletter.publish.state import PublishStore
from newsletter.workspace import Workspace

SHOWN_FAILURES = 10


def _smtp_lines(ledger: Path, issue_date: dt.date) -> list[str]:
    if not ledger.is_file():
        return ["smtp: nothing sent yet"]
    db = sqlite3.connect(f"file:{ledger}?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT recipient, status, last_error FROM deliveries WHERE issue_date = ?",
                          (issue_date.isoformat(),)).fetchall()
    except sqlite3.OperationalError:
        rows = []
    finally:
        db.close()
    counts = Counter(status for _, status, _ in rows)
    lines = [f"smtp: {counts['sent']} delivered, {counts['failed_transient'] + counts['pending']} "
             f"deferred (a rerun retries them), {counts['failed_permanent']} failed, of {len(rows)}"]
    failed = [(who, why) for who, status, why in rows if status == "failed_permanent"]
    lines += [f"  failed {who}: {why or 'refused'}" for who, why in failed[:SHOWN_FAILURES]]
    if len(failed) > SHOWN_FAILURES:
        lines.append(f"  … and {len(failed) - SHOWN_FAILURES} more")
    return lines


def _elapsed(history: list[tuple[str | None, str | None, str, str]]) -> str:
    stamps = [dt.datetime.fromisoformat(at) for _, _, _, at in history]
    if len(stamps) < 2:
        return ""
    return f"elapsed: {(stamps[-1] - stamps[0]).total_seconds():.0f} s from the first step to the last"


def status_lines(ws: Workspace, issue_date: dt.date, *, with_report: bool = True) -> list[str]:
    """The issue's state, its web address, each target's outcome with its link, the elapsed
    time, and (``with_report``) whether the author's report went out."""
    store = PublishStore.peek(ws.state_dir)
    if store is None:
        return [f"{issue_date}: not published yet"]
    with store:
        record = store.get(issue_date)
        if record is None:
            return [f"{issue_date}: not published yet"]
        outcomes = store.target_outcomes(issue_date)
        history = store.history(issue_date)
    lines = [f"{issue_date}: {record.state}" + (f" ({record.reason})" if record.reason else ""),
             f"web: {issue_url(ws.config.base_url, issue_date)}"]
    if "smtp" in ws.config.publish.kinds():
        lines += _smtp_lines(ws.state_dir / LEDGER_FILE, issue_date)
    recorded = {o.target: o for o in outcomes}
    for kind in ws.config.publish.kinds():
        if kind == "smtp":
            continue
        outcome = recorded.get(kind)
        if outcome is None:
            lines.append(f"{kind}: not run yet")
            continue
        what = outcome.detail or outcome.status
        if outcome.status == "failed":
            what = f"failed: {outcome.detail} (a rerun of publish retries it)"
        ident = f" [{outcome.remote_id}]" if outcome.remote_id else ""
        lines.append(f"{kind}: {what}{ident}" + (f" {outcome.url}" if outcome.url else ""))
    elapsed = _elapsed(history)
    lines += [elapsed] if elapsed else []
    return lines + (_report_line(ws, recorded.get(REPORT_STEP)) if with_report else [])


def _report_line(ws: Workspace, outcome) -> list[str]:
    if outcome is not None:
        what = outcome.detail if outcome.status == "done" else f"not emailed: {outcome.detail}"
        return [f"report: {what} ({outcome.updated_at[:19]})"]
    if not ws.config.email.author_address:
        return ["report: not emailed (no email.author_address)"]
    return ["report: not emailed yet (it goes once the issue is sent)"]

