"""Send the issue over SMTP: exactly once per reader as far as SMTP allows, at an exact rate.

Each reader's outcome is committed to the send ledger the moment the server
answers, so a rerun after a crash, a dropped connection or a restart resumes
from the ledger and never mails anyone twice (except inside the unavoidable
window between the server's ``250`` and that commit; such a resend keeps the
same Message-ID, and the report counts it).

The SMTP password is never logged, never stored, never put in an error
message: every text that leaves this module passes through ``_Secret.scrub``.
"""

from __future__ import annotations

import base64
import datetime as dt
import ipaddress
import logging
import os
import re
import smtplib
import ssl
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from email.message import EmailMessage
from functools import partial
from pathlib import Path

from newsletter.config import EmailConfig, SmtpConfig
from newsletter.errors import NewsletterError
from newsletter.publish.email_message import RenderedEmail, build_message, sender_address
from newsletter.publish.send_ledger import SendLedger, Status, recipient_key

log = logging.getLogger(__name__)

BACKOFF_SECONDS = 2.0
"""First retry delay; doubled on each further retry."""
DATA_REFUSALS_TO_STOP = 3
"""This many readers in a row refused at DATA with the same 5xx means the message, not them."""

_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_DOMAIN = r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})"
ADDRESS_RE = re.compile(rf"^{_LOCAL}@{_DOMAIN}$")


def load_recipients(path: Path) -> list[str]:
    """Read a recipients file: one address a line, ``#`` comments, blank lines ignored.

    Duplicates (compared case-insensitively) are dropped, keeping the first.
    """
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise NewsletterError("recipients file not found", file=path) from None
    except UnicodeDecodeError as exc:
        raise NewsletterError(f"not UTF-8 text (byte {exc.start})", file=path) from None
    seen: set[str] = set()
    recipients: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        address = re.split(r"(?:^|\s)#", line, maxsplit=1)[0].strip()
        if not address:
            continue
        if not ADDRESS_RE.match(address):
            raise NewsletterError(f"not an email address: {address!r}", file=path, line=number)
        if recipient_key(address) not in seen:
            seen.add(recipient_key(address))
            recipients.append(address)
    return recipients


@dataclass(frozen=True)
class DeliveryReport:
    """How a send went, for the author: see :meth:`summary`."""

    total: int
    sent: tuple[str, ...] = ()
    already_sent: tuple[str, ...] = ()
    failed_permanent: dict[str, str] = field(default_factory=dict)
    """Address → why, including readers refused in an earlier run (not retried)."""
    failed_transient: dict[str, str] = field(default_factory=dict)
    """Address → why; the next run tries these again."""
    in_doubt: tuple[str, ...] = ()
    """Readers who may hold a copy we could not confirm: the connection died before the
    server's reply, in this run or (left ``pending`` in the ledger) in an earlier one."""
    stopped: str = ""

    @property
    def complete(self) -> bool:
        return not self.failed_transient and not self.stopped

    def summary(self) -> str:
        """One line such as ``sent 47 of 50; 3 failed (550 mailbox unavailable: a@x, …)``."""
        text = f"sent {len(self.sent) + len(self.already_sent)} of {self.total}"
        if self.already_sent:
            text += f" ({len(self.already_sent)} in an earlier run)"
        if self.failed_permanent:
            text += f"; {len(self.failed_permanent)} failed ({_by_reason(self.failed_permanent)})"
        if self.failed_transient:
            text += f"; {len(self.failed_transient)} to retry ({_by_reason(self.failed_transient)})"
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


class RateLimiter:
    """At most ``per_minute`` sends in any 60-second window, exactly (a sliding log).

    A send's slot is stamped when it finishes, and the next send waits until
    the send ``per_minute`` places back finished 60 s ago, so however slow a
    send was, the server never sees one message too many in any window.
    """

    def __init__(self, per_minute: int, *, clock: Callable[[], float], sleep: Callable[[float], None],
                 window: float = 60.0) -> None:
        self._stamps: deque[float] = deque(maxlen=per_minute)
        self._clock, self._sleep, self._window = clock, sleep, window

    def acquire(self) -> float:
        """Wait for a free slot and take it; returns the time the send may start."""
        while len(self._stamps) == self._stamps.maxlen:
            wait = self._stamps[0] + self._window - self._clock()
            if wait <= 0:
                break
            self._sleep(max(wait, 0.001))  # never a zero sleep that a float clock cannot see
        now = self._clock()
        self._stamps.append(now)
        return now

    def release(self) -> None:
        """The send just finished: its slot counts from now."""
        self._stamps[-1] = max(self._stamps[-1], self._clock())


@dataclass(frozen=True)
class _Secret:
    """The SMTP password, kept out of reprs, and the forms of it that must never be written."""

    username: str
    value: str = field(repr=False)

    def scrub(self, text: str) -> str:
        forms = [self.value, base64.b64encode(self.value.encode()).decode(),
                 base64.b64encode(f"\0{self.username}\0{self.value}".encode()).decode()]
        for form in forms:
            if form:
                text = text.replace(form, "***")
        return text


def _password(config: SmtpConfig, password: str | None) -> _Secret | None:
    if not config.username:
        return None
    if password is None:
        password = os.environ.get(config.password_env)
    if not password:
        raise NewsletterError(
            f"the SMTP password is not set: export {config.password_env} (it is read from the "
            "environment only, never from a file)", key="email.smtp.password_env",
        )
    return _Secret(config.username, password)


def _is_loopback(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _Connection:
    """One SMTP connection, opened on demand and reused for ``batch_size`` messages."""

    def __init__(self, config: SmtpConfig, secret: _Secret | None, batch_size: int) -> None:
        self.config, self.secret, self.batch_size = config, secret, batch_size
        self._smtp: smtplib.SMTP | None = None
        self._context: ssl.SSLContext | None = None
        self._used = 0
        if secret and config.security == "none" and not _is_loopback(config.host):
            raise NewsletterError(
                f"refusing to send the SMTP password unencrypted to {config.host}; "
                "use starttls or ssl", key="email.smtp.security",
            )

    def get(self) -> smtplib.SMTP:
        if self._smtp is not None and self._smtp.sock is None:  # smtplib closed it (a 421)
            self._smtp = None
        if self._smtp is None:
            self._smtp = self._open()
            self._used = 0
        return self._smtp

    def _open(self) -> smtplib.SMTP:
        cfg = self.config
        if cfg.security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(cfg.host, cfg.port, timeout=cfg.timeout,
                                                  context=self._tls())
        else:
            smtp = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout)
        try:
            smtp.ehlo()
            if cfg.security == "starttls":
                smtp.starttls(context=self._tls())
                smtp.ehlo()
            if self.secret:
                smtp.login(self.secret.username, self.secret.value)
        except (smtplib.SMTPAuthenticationError, smtplib.SMTPNotSupportedError) as exc:
            smtp.close()
            raise NewsletterError(
                f"SMTP {cfg.host}:{cfg.port} as {cfg.username or '(no user)'}: {self.scrub(_reason(exc))}",
                key="email.smtp",
            ) from None
        except BaseException:
            smtp.close()
            raise
        log.debug("connected to %s:%d (%s)", cfg.host, cfg.port, cfg.security)
        return smtp

    def _tls(self) -> ssl.SSLContext:
        """Certificate-checking TLS, made once (loading the CA store costs ~50 ms)."""
        if self._context is None:
            self._context = ssl.create_default_context()
        return self._context

    def scrub(self, text: str) -> str:
        return self.secret.scrub(text) if self.secret else text

    def message_done(self) -> None:
        self._used += 1
        if self._used >= self.batch_size:
            self.close()

    def close(self, polite: bool = True) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            if polite:
                smtp.quit()
        except (smtplib.SMTPException, OSError):
            pass
        finally:
            smtp.close()


@dataclass(frozen=True)
class _Failure:
    reason: str
    kind: str = "transient"
    """permanent (this reader, never retried), transient (this reader, retried),
    connection (reconnect and retry; the server is unreachable when retries run out)
    or fatal (the server refuses our mail outright: stop the run now)."""
    at_data: bool = False
    """The server refused the message itself (its reply to the end of DATA)."""
    in_doubt: bool = False
    """The connection died waiting for that reply: the server may have the message."""


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        return _reply(exc.smtp_code, exc.smtp_error)
    return f"{type(exc).__name__}: {exc}"[:160]


def _reply(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    text = re.sub(r"^\d\.\d{1,3}\.\d{1,3}\s+", "", " ".join(text.split()))  # drop "5.1.1"
    return f"{code} {text}"[:160]


def _transmit(smtp: smtplib.SMTP, sender: str, recipient: str, data: bytes) -> _Failure | None:
    """One message to one reader, phase by phase so that each failure is classified right."""
    phase = "mail"
    try:
        smtp.ehlo_or_helo_if_needed()
        options = [f"SIZE={len(data)}"] if smtp.has_extn("size") else []
        code, text = smtp.mail(sender, options)
        if code != 250:
            return _refused(smtp, code, text, "fatal" if code >= 500 else "connection")
        phase = "rcpt"
        code, text = smtp.rcpt(recipient)
        if code not in (250, 251):
            return _refused(smtp, code, text, "permanent" if code >= 500 else "transient")
        phase = "data"
        code, text = smtp.data(data)
        if code != 250:
            failure = _refused(smtp, code, text, "permanent" if code >= 500 else "transient")
            return _Failure(failure.reason, failure.kind, at_data=True)
        return None
    except smtplib.SMTPDataError as exc:  # the DATA command itself, before the message
        kind = "permanent" if exc.smtp_code >= 500 else "transient"
        return _refused(smtp, exc.smtp_code, exc.smtp_error, kind)
    except (smtplib.SMTPServerDisconnected, OSError) as exc:
        return _Failure(_reason(exc), "connection", in_doubt=phase == "data")
    except smtplib.SMTPResponseException as exc:  # EHLO/HELO refused
        return _Failure(_reason(exc), "connection")


def _refused(smtp: smtplib.SMTP, code: int, text: bytes, kind: str) -> _Failure:
    """A refusal reply: end the transaction (RSET), or the connection on 421."""
    if code == 421:
        smtp.close()
        kind = "connection"
    else:
        try:
            smtp.rset()
        except (smtplib.SMTPException, OSError):
            kind = "connection" if kind == "transient" else kind
    return _Failure(_reply(code, text), kind)


class _Attempts:
    """Send one message to one reader with retries: backoff, reconnect, rate limit."""

    def __init__(self, connection: _Connection, limiter: RateLimiter, sender: str, *,
                 max_retries: int, sleep: Callable[[float], None], backoff: float) -> None:
        self.connection, self.limiter, self.sender = connection, limiter, sender
        self.max_retries, self.sleep, self.backoff = max_retries, sleep, backoff
        self.in_doubt: list[str] = []

    def send(self, recipient: str, data: bytes, *, on_start: Callable[[], None] = lambda: None,
             on_accepted: Callable[[], None] = lambda: None) -> _Failure | None:
        """None when the server accepted the message, else the last failure."""
        failure: _Failure | None = None
        in_doubt = False
        for attempt in range(self.max_retries + 1):
            if failure is not None:
                delay = self.backoff * 2 ** (attempt - 1)
                log.info("%s: %s; retry %d of %d in %.1f s",
                         recipient, failure.reason, attempt, self.max_retries, delay)
                self.sleep(delay)
            failure = self._attempt(recipient, data, on_start, on_accepted)
            if failure is None:
                return None
            in_doubt = in_doubt or failure.in_doubt
            if failure.kind in ("permanent", "fatal"):
                break
        assert failure is not None
        return replace(failure, in_doubt=in_doubt)

    def _attempt(self, recipient: str, data: bytes, on_start: Callable[[], None],
                 on_accepted: Callable[[], None]) -> _Failure | None:
        try:
            smtp = self.connection.get()
        except (smtplib.SMTPException, OSError) as exc:
            self.connection.close(polite=False)
            return _Failure(self.connection.scrub(_reason(exc)), "connection")
        self.limiter.acquire()
        try:
            on_start()
            failure = _transmit(smtp, self.sender, recipient, data)
            if failure is None:
                on_accepted()  # the ledger commit comes first, before anything else
        finally:
            self.limiter.release()
        if failure is None or failure.kind in ("permanent", "transient"):
            self.connection.message_done()
        else:
            self.connection.close(polite=False)
        if failure is not None:
            if failure.in_doubt and recipient not in self.in_doubt:
                self.in_doubt.append(recipient)
            failure = replace(failure, reason=self.connection.scrub(failure.reason))
        return failure


def _wire_bytes(message: EmailMessage) -> bytes:
    return message.as_bytes(policy=message.policy.clone(linesep="\r\n"))


def _unique(recipients: list[str]) -> list[str]:
    return list({recipient_key(a): a.strip() for a in reversed(recipients)}.values())[::-1]


def deliver(
    email: RenderedEmail,
    recipients: list[str],
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

    Readers already sent, or refused for good (5xx) in an earlier run, are
    skipped; temporary failures (4xx, dropped connections) are retried with
    backoff and, if they last, left for the next run. When the server cannot
    be reached at all the run stops and the rest stay unsent for the next run.
    ``password`` defaults to the environment variable ``email.smtp.password_env``.
    """
    sender = sender_address(config)
    secret = _password(config.smtp, password)
    readers = _unique(recipients)
    connection = _Connection(config.smtp, secret, config.batch_size)
    attempts = _Attempts(connection, RateLimiter(config.rate_per_minute, clock=clock, sleep=sleep),
                         sender, max_retries=config.max_retries, sleep=sleep, backoff=backoff)
    with SendLedger(ledger_path, exclusive=True) as ledger:
        earlier = {r.recipient: r for r in ledger.records(issue_date)}
        todo = list(ledger.recipients_to_send(issue_date, readers))
        run = _Run(ledger, issue_date)
        for address in readers:
            record = earlier.get(recipient_key(address))
            if record and record.status == Status.SENT:
                run.already_sent.append(address)
            elif record and record.status == Status.FAILED_PERMANENT:
                run.failed_permanent[address] = record.last_error or "refused earlier"
            elif record and record.status == Status.PENDING:
                attempts.in_doubt.append(address)
        if attempts.in_doubt:
            log.warning("%d readers were left in doubt by an interrupted run; resending them with "
                        "the same Message-ID: %s", len(attempts.in_doubt), ", ".join(attempts.in_doubt))
        log.info("sending the %s issue to %d of %d readers", issue_date, len(todo), len(readers))
        try:
            for index, address in enumerate(todo):
                message = build_message(email, to=address, config=config, issue_date=issue_date,
                                        web_url=web_url)
                failure = attempts.send(
                    address, _wire_bytes(message),
                    on_start=partial(ledger.begin_attempt, issue_date, address, message["Message-ID"]),
                    on_accepted=partial(ledger.mark_sent, issue_date, address),
                )
                run.outcome(address, failure)
                if run.stopped:
                    run.not_attempted(todo[index + 1:])
                    break
        finally:
            connection.close()
    report = DeliveryReport(
        total=len(readers), sent=tuple(run.sent), already_sent=tuple(run.already_sent),
        failed_permanent=run.failed_permanent, failed_transient=run.failed_transient,
        in_doubt=tuple(attempts.in_doubt), stopped=run.stopped,
    )
    (log.info if report.complete and not report.failed_permanent else log.warning)(report.summary())
    return report


class _Run:
    """The outcomes of one delivery run, each written to the ledger as it happens."""

    def __init__(self, ledger: SendLedger, issue_date: dt.date) -> None:
        self.ledger, self.issue_date = ledger, issue_date
        self.sent: list[str] = []
        self.already_sent: list[str] = []
        self.failed_permanent: dict[str, str] = {}
        self.failed_transient: dict[str, str] = {}
        self.stopped = ""
        self._refused_at_data: list[str] = []

    def outcome(self, address: str, failure: _Failure | None) -> None:
        if failure is None:
            self.sent.append(address)
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

    def _watch_data_refusals(self, address: str, failure: _Failure) -> None:
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

    def not_attempted(self, addresses: list[str]) -> None:
        for address in addresses:
            self.ledger.mark_not_attempted(self.issue_date, address)
            self.failed_transient[address] = "not attempted"


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
) -> str:
    """Send one ``[TEST]`` copy to ``address``; return its Message-ID.

    It never counts as the issue's delivery: with a ledger it is noted in the
    ledger's separate test table only. A failure raises NewsletterError.
    """
    if not ADDRESS_RE.match(address.strip()):
        raise NewsletterError(f"not an email address: {address!r}", key="--test")
    sender = sender_address(config)
    secret = _password(config.smtp, password)
    message = build_message(email, to=address.strip(), config=config, issue_date=issue_date,
                            web_url=web_url, test=True)
    connection = _Connection(config.smtp, secret, batch_size=1)
    attempts = _Attempts(connection, RateLimiter(config.rate_per_minute, clock=clock, sleep=sleep),
                         sender, max_retries=config.max_retries, sleep=sleep, backoff=backoff)
    try:
        failure = attempts.send(address.strip(), _wire_bytes(message))
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
