"""The dry run of publishing: what :func:`~newsletter.publish.pipeline.publish` would do
for an issue now, read from its recorded state; it changes nothing. Each configured
target says what it would do (:mod:`~newsletter.publish.target_plan`).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from newsletter.errors import NewsletterError
from newsletter.publish.archive import issue_url
from newsletter.publish.recipients import load_recipients
from newsletter.publish.state import PublishStore, State
from newsletter.publish.target_plan import target_steps
from newsletter.workspace import Workspace

if TYPE_CHECKING:
    from newsletter.publish.pipeline import PublishReport


def _already_sent(path: Path, issue_date: dt.date) -> int:
    if not path.is_file():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            return db.execute("SELECT COUNT(*) FROM deliveries WHERE issue_date = ? AND status = 'sent'",
                              (issue_date.isoformat(),)).fetchone()[0]
    except sqlite3.Error:
        return 0


def plan(ws: Workspace, issue_date: dt.date, *, recheck: bool = False, fresh: bool = True) -> PublishReport:
    """What :func:`publish` would do for the issue now, from its recorded state; changes nothing."""
    from newsletter.publish.pipeline import LEDGER_FILE, PublishReport  # pipeline imports us

    store = PublishStore.peek(ws.state_dir)
    record, recorded = None, {}
    if store is not None:
        with store:
            record = store.get(issue_date)
            recorded = {o.target: o for o in store.target_outcomes(issue_date)}
    state = record.state if record else None
    steps: list[str] = []
    url = issue_url(ws.config.base_url, issue_date)
    report = lambda reason="": PublishReport(issue_date, "dry-run", str(state or "none"), reason,  # noqa: E731
                                             tuple(steps), None, url)
    if record is not None and state == State.SENT:
        steps.append(f"nothing: already sent ({record.reason})")
        steps += [line for line in target_steps(ws, issue_date, recorded, "nothing: sent")
                  if ": nothing: " not in line and not line.startswith("smtp:")]
        return report(record.reason)
    if record is not None and state == State.HELD and not recheck:
        steps.append(f"nothing: held ({record.reason}); --recheck after fixing it starts it again")
        return report(record.reason)
    if state == State.HELD:
        steps.append("release the hold")
        state, fresh = None, True
    if state in (None, State.BUILT):
        reuse = state == State.BUILT or not fresh
        source = ws.config.data.source
        steps.append("rebuild from the issue's saved snapshot (when there is one)" if reuse
                     else f"build from fresh {source} data")
        if source == "sample" and not reuse:
            steps.append("hold it: data.source is sample, and SAMPLE issues are never published")
            return report("SAMPLE data")
        steps.append("hold it unless the data is real and current and the checks pass; "
                     "else render and freeze the email")
    if state in (None, State.BUILT, State.CHECKED):
        steps.append(f"archive it at {url} (index, track record, RSS, Atom)")
    smtp = ""
    if "smtp" in ws.config.publish.kinds():
        try:
            readers = len(load_recipients(ws.root / ws.config.email.recipients_file))
            smtp = (f"send it to {readers} readers ({_already_sent(ws.state_dir / LEDGER_FILE, issue_date)} "
                    "sent in an earlier run)")
        except NewsletterError as exc:
            smtp = f"cannot send yet: {exc.one_line()}"
    steps += target_steps(ws, issue_date, recorded, smtp)
    steps.append("then mark it sent" + (f" and email the report to {ws.config.email.author_address}"
                                        if ws.config.email.author_address else ""))
    return report()
