"""After the send: tell the author how it went, once per issue.

The report is what ``newsletter status`` shows (:func:`~newsletter.publish.status.status_lines`):
per target what was created or sent, the SMTP counts with the failures listed, the
elapsed time, and the issue's link on each platform. It is emailed to
``email.author_address`` over the same SMTP path as the issue (a ``[REPORT]`` copy with a
fresh Message-ID) and recorded in the publish state as the step ``report``, so a rerun
does not send it again. A crash between the server's reply and that record sends it
once more; a failure to send is recorded and the next ``publish`` run tries again.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from collections.abc import Callable

from newsletter.errors import NewsletterError
from newsletter.publish.email_message import RenderedEmail
from newsletter.publish.state import PublishStore
from newsletter.workspace import Workspace

log = logging.getLogger(__name__)

REPORT_STEP = "report"
"""The report's row among the targets' outcomes in the publish state."""

SendReport = Callable[[Workspace, dt.date, str, list[str]], None]
"""(workspace, issue date, subject, lines) → emailed, or raises NewsletterError/OSError."""


def report_subject(ws: Workspace, issue_date: dt.date, lines: list[str]) -> str:
    """``The 2026-11-22 issue of The Weekly Edge: sent (sent 4812 of 4815; 3 failed (…))``."""
    return f"The {issue_date} issue of {ws.config.title}: {lines[0].split(': ', 1)[-1]}"


def email_report(ws: Workspace, issue_date: dt.date, subject: str, lines: list[str]) -> None:
    """Send the report to ``email.author_address`` with :func:`smtp_delivery.send_test`."""
    from newsletter.publish.smtp_delivery import send_test

    text = "\n".join([subject, "", *lines, ""])
    body = "<pre>" + html.escape(text) + "</pre>"
    send_test(RenderedEmail(subject, body, text, {}), ws.config.email.author_address,
              config=ws.config.email, issue_date=issue_date, web_url="", label="[REPORT]")


def report_once(ws: Workspace, store: PublishStore, issue_date: dt.date,
                send: SendReport = email_report) -> str:
    """Email the sent issue's report to the author unless it already went; the step's line
    ('' when there is no author address or it was sent before)."""
    from newsletter.publish.status import status_lines  # status reads pipeline's ledger name

    author = ws.config.email.author_address
    if not author:
        return ""
    record = store.target_outcome(issue_date, REPORT_STEP)
    if record is not None and record.status == "done":
        return ""
    lines = status_lines(ws, issue_date, with_report=False)
    try:
        send(ws, issue_date, report_subject(ws, issue_date, lines), lines)
    except (NewsletterError, OSError) as exc:
        why = exc.one_line() if isinstance(exc, NewsletterError) else str(exc)
        store.record_target(issue_date, REPORT_STEP, "failed", detail=why)
        log.warning("could not email the report to the author: %s (the next publish run retries)",
                    why)
        return f"report: not emailed ({why})"
    store.record_target(issue_date, REPORT_STEP, "done", detail=f"emailed to {author}")
    return f"report: emailed to {author}"
