"""Send the issue over SMTP: exactly once per reader as far as SMTP allows, at an exact rate.

Each reader's outcome is committed to the send ledger the moment the server
answers, so a rerun after a crash, a dropped connection or a restart resumes
from the ledger and never mails anyone twice (except inside the unavoidable
window between the server's ``250`` and that commit; such a resend keeps the
same Message-ID, and the report counts it).

The SMTP password is never logged, never stored, never put in an error
message: every text that leaves :mod:`newsletter.publish.smtp_session` (the
connection and its retries) passes through ``_Secret.scrub``.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable, Sized
from dataclasses import dataclass, field
from email.message import EmailMessage
from functools import partial
from pathlib import Path

from newsletter.config import EmailConfig
from newsletter.errors import NewsletterError
from newsletter.progress import advance_progress
from newsletter.publish.dkim import signer
from newsletter.publish.email_message import (
    RenderedEmail,
    build_message,
    check_sender,
    sender_address,
)
from newsletter.publish.rate_limit import RateLimiter
from newsletter.publish.recipients import ADDRESS_RE, load_recipients
from newsletter.publish.send_ledger import SendLedger, Status
from newsletter.publish.smtp_session import (
    BACKOFF_SECONDS,
    Attempts,
    Connection,
    Failure,
    read_password,
)

__all__ = [  # the last four live in their own modules; importable from here as before
    "DATA_REFUSALS_TO_STOP",
    "DeliveryReport",
    "deliver",
    "send_test",
    "ADDRESS_RE",
    "BACKOFF_SECONDS",
    "RateLimiter",
    "load_recipients",
]

log = logging.getLogger(__name__)

DATA_REFUSALS_TO_STOP = 3
"""This many readers in a row refused at DATA with the same 5xx means the message, not them."""


@dataclass(frozen=True)
class DeliveryReport:
    """How a send went, for the author: see :meth:`summary`.

    Counts, not address lists, for the readers sent: the report's size does not
    grow with the list. Failures are listed by address, with why.
    """

    total: int
    """Distinct readers in the list (a duplicate address counts once)."""
    sent: int = 0
    already_sent: int = 0
    failed_permanent: dict[str, str] = field(default_factory=dict)
    """Address → why, including readers refused in an earlier run (not retried)."""
    failed_transient: dict[str, str] = field(default_factory=dict)
    """Address → why; the next run tries these again."""
    not_attempted: int = 0
    """Readers after the run stopped early; the next run sends them."""
    in_doubt: tuple[str, ...] = ()
    """Readers who may hold a copy we could not confirm: the connection died before the
    server's reply, in this run or (left ``pending`` in the ledger) in an earlier one."""
    stopped: str = ""

    @property
    def complete(self) -> bool:
        return not self.failed_transient and not self.not_attempted and not self.stopped

    def summary(self) -> str:
        """One line such as ``sent 47 of 50; 3 failed (550 mailbox unavailable: a@x, …)``."""
        text = f"sent {self.sent + self.already_sent} of {self.total}"
        if self.already_sent:
            text += f" ({self.already_sent} in an earlier run)"
        if self.failed_permanent:
            text += f"; {len(self.failed_permanent)} failed ({_by_reason(self.failed_permanent)})"
        to_retry = len(self.failed_transient) + self.not_attempted
        if to_retry:
            reasons = [_by_reason(self.failed_transient)] if self.failed_transient else []
            reasons += [f"not attempted: {self.not_attempted}"] if self.not_attempted else []
            text += f"; {to_retry} to retry ({'; '.join(reasons)})"
        if self.in_doubt:
            text += (f"; {len(self.in_doubt)} in doubt (the connection died before the server's "
                     "reply; a resend keeps the Message-ID)")
        if self.stopped:
            text += f"; stopped early: {self.stopped}"
        return text


def _by_reason(failures: dict[str, str], shown: int = 5) -> str:
    groups: dict[str, list[str]] = {}
    for address, reason in failures.items():
        groups.setdefault(reason, []).append(address)
    parts = []
    for reason, addresses in groups.items():
        more = f", and {len(addresses) - shown} more" if len(addresses) > shown else ""
        parts.append(f"{reason}: {', '.join(addresses[:shown])}{more}")
    return "; ".join(parts)


def _wire_bytes(message: EmailMessage) -> bytes:
    return message.as_bytes(policy=message.policy.clone(linesep="\r\n"))


def deliver(
    email: RenderedEmail,
    recipients: Iterable[str],
    *,
    config: EmailConfig,
    issue_date: dt.date,
    web_url: str,
    ledger_path: Path,
    password: str | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    backoff: float = BACKOFF_SECONDS,
) -> DeliveryReport:
    """Send the issue to every reader the ledger has not already settled, and say how it went.

    ``recipients`` is read once, lazily (a :class:`~newsletter.publish.recipients.RecipientsFile`
    streams its file); a duplicate address (however spelt) is sent once, found in
    the ledger's SQLite file rather than a set, and each copy is built, sent and
    dropped before the next, so memory stays flat in the number of readers.
    Readers already sent, or refused for good (5xx) in an earlier run, are
    skipped; temporary failures (4xx, dropped connections) are retried with
    backoff and, if they last, left for the next run. When the server cannot
    be reached at all the run stops and the rest stay unsent for the next run.
    ``password`` defaults to the environment variable ``email.smtp.password_env``.
    """
    check_sender(config)
    sender = sender_address(config)
    secret = read_password(config.smtp, password)
    sign = signer(config)
    listed = len(recipients) if isinstance(recipients, Sized) else 0
    connection = Connection(config.smtp, secret, config.batch_size)
    attempts = Attempts(connection, RateLimiter(config.rate_per_minute, clock=clock, sleep=sleep),
                        sender, max_retries=config.max_retries, sleep=sleep, backoff=backoff)
    with SendLedger(ledger_path, exclusive=True) as ledger:
        doubtful = [record.recipient for record in ledger.in_doubt(issue_date)]  # a few at most
        if doubtful:
            log.warning("%d readers were left in doubt by an interrupted run; resending them with "
                        "the same Message-ID: %s", len(doubtful), ", ".join(doubtful))
        log.info("sending the %s issue to %s readers", issue_date, f"{listed:,}" if listed else "the")
        run = _Run(ledger, issue_date)
        ledger.start_listing()
        try:
            for address in (a.strip() for a in recipients):
                if not ledger.first_listing(address):
                    continue  # listed twice: one copy
                run.total += 1
                if run.settled_earlier(address, attempts.in_doubt):
                    pass
                elif run.stopped:
                    run.not_attempted(address)
                else:
                    _send_one(email, address, config, issue_date, web_url, ledger, attempts, run, sign)
                advance_progress(1, step=f"{run.total:,} of {listed:,} readers" if listed
                                 else f"{run.total:,} readers")
        finally:
            connection.close()
    report = DeliveryReport(
        total=run.total, sent=run.sent, already_sent=run.already_sent,
        failed_permanent=run.failed_permanent, failed_transient=run.failed_transient,
        not_attempted=run.skipped, in_doubt=tuple(attempts.in_doubt), stopped=run.stopped,
    )
    (log.info if report.complete and not report.failed_permanent else log.warning)(report.summary())
    return report


def _send_one(email: RenderedEmail, address: str, config: EmailConfig, issue_date: dt.date,
              web_url: str, ledger: SendLedger, attempts: Attempts, run: _Run,
              sign: Callable[[bytes], bytes]) -> None:
    """Build one reader's copy, send it, record the outcome; the copy is dropped on return."""
    try:  # one reader's copy that cannot be built fails that reader, not the run
        message = build_message(email, to=address, config=config, issue_date=issue_date, web_url=web_url)
        data = _wire_bytes(message)
    except (NewsletterError, ValueError) as exc:
        run.outcome(address, _unsendable(address, exc))
        return
    try:
        failure = attempts.send(
            address, sign(data),
            on_start=partial(ledger.begin_attempt, issue_date, address, message["Message-ID"]),
            on_accepted=partial(ledger.mark_sent, issue_date, address),
        )
    except ValueError as exc:  # a value smtplib cannot put on the wire
        attempts.connection.close(polite=False)  # the open transaction is abandoned
        failure = _unsendable(address, exc)
    run.outcome(address, failure)


def _unsendable(address: str, exc: Exception) -> Failure:
    """A copy that could not be built or handed over: that reader's failure, retried by a rerun."""
    if isinstance(exc, NewsletterError):
        reason = exc.one_line()
    else:  # a bug or a value the checks missed: keep its traceback in the log
        log.exception("could not send to %s", address)
        reason = f"{type(exc).__name__}: {exc}"
    return Failure(" ".join(f"not sent: {reason}".split())[:160], "transient")


class _Run:
    """The outcomes of one delivery run, each written to the ledger as it happens."""

    def __init__(self, ledger: SendLedger, issue_date: dt.date) -> None:
        self.ledger, self.issue_date = ledger, issue_date
        self.total = self.sent = self.already_sent = self.skipped = 0
        self.failed_permanent: dict[str, str] = {}
        self.failed_transient: dict[str, str] = {}
        self.stopped = ""
        self._refused_at_data: list[str] = []

    def settled_earlier(self, address: str, in_doubt: list[str]) -> bool:
        """Sent or refused for good by an earlier run (counted here); a reader an earlier run
        left pending joins ``in_doubt`` and is sent again (False)."""
        record = self.ledger.record(self.issue_date, address)
        if record and record.status == Status.SENT:
            self.already_sent += 1
            return True
        if record and record.status == Status.FAILED_PERMANENT:
            self.failed_permanent[address] = record.last_error or "refused earlier"
            return True
        if record and record.status == Status.PENDING and address not in in_doubt:
            in_doubt.append(address)
        return False

    def outcome(self, address: str, failure: Failure | None) -> None:
        if failure is None:
            self.sent += 1
            self._refused_at_data.clear()
            return
        if failure.in_doubt:
            self.ledger.mark_in_doubt(self.issue_date, address, failure.reason)
        else:
            self.ledger.mark_failed(self.issue_date, address, failure.reason,
                                    permanent=failure.kind == "permanent")
        if failure.kind == "permanent":
            self.failed_permanent[address] = failure.reason
            self._watch_data_refusals(address, failure)
            return
        self._refused_at_data.clear()
        self.failed_transient[address] = failure.reason
        if failure.kind in ("connection", "fatal"):
            self.stopped = "the server is unavailable or refuses our mail; a rerun sends the rest"

    def _watch_data_refusals(self, address: str, failure: Failure) -> None:
        """Several readers in a row refused at DATA for one reason: it is the message, not them."""
        same = self._refused_at_data and self.failed_permanent[self._refused_at_data[-1]] == failure.reason
        self._refused_at_data = [*self._refused_at_data, address] if same else [address]
        if not failure.at_data or len(self._refused_at_data) < DATA_REFUSALS_TO_STOP:
            return
        for refused in self._refused_at_data:  # not their fault: let the next run try them again
            self.ledger.mark_failed(self.issue_date, refused, failure.reason, permanent=False)
            self.failed_transient[refused] = self.failed_permanent.pop(refused)
        self.stopped = (f"the server refused the message itself for {len(self._refused_at_data)} "
                        "readers in a row; fix it and rerun")

    def not_attempted(self, address: str) -> None:
        """The run stopped before this reader: recorded, counted, sent by the next run."""
        self.ledger.mark_not_attempted(self.issue_date, address)
        self.skipped += 1


def send_test(
    email: RenderedEmail,
    address: str,
    *,
    config: EmailConfig,
    issue_date: dt.date,
    web_url: str,
    ledger_path: Path | None = None,
    password: str | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    backoff: float = BACKOFF_SECONDS,
    label: str = "[TEST]",
) -> str:
    """Send one copy marked ``label`` (``[TEST]``; ``[HELD]`` for a notice) to ``address``.

    Returns its Message-ID, which is fresh: it never collapses with the issue itself.

    It never counts as the issue's delivery: with a ledger it is noted in the
    ledger's separate test table only. A failure raises NewsletterError.
    """
    if not ADDRESS_RE.match(address.strip()):
        raise NewsletterError(f"not an email address: {address!r}", key="--test")
    check_sender(config)
    sender = sender_address(config)
    secret = read_password(config.smtp, password)
    message = build_message(email, to=address.strip(), config=config, issue_date=issue_date,
                            web_url=web_url, test=True, label=label)
    sign = signer(config)
    connection = Connection(config.smtp, secret, batch_size=1)
    attempts = Attempts(connection, RateLimiter(config.rate_per_minute, clock=clock, sleep=sleep),
                        sender, max_retries=config.max_retries, sleep=sleep, backoff=backoff)
    try:
        failure = attempts.send(address.strip(), sign(_wire_bytes(message)))
    finally:
        connection.close()
    if ledger_path is not None:
        with SendLedger(ledger_path) as ledger:
            ledger.record_test_send(issue_date, address, failure.reason if failure else "sent",
                                    message["Message-ID"])
    if failure is not None:
        raise NewsletterError(f"the test copy to {address} was not sent: {failure.reason}")
    log.info("test copy of the %s issue sent to %s", issue_date, address)
    return str(message["Message-ID"])
