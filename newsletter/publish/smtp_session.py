"""One SMTP session: the connection, one message's attempts with retries, and the password.

The password is read from the environment only, kept out of reprs, and every
reply or error text that leaves here has been through ``_Secret.scrub``.
"""

from __future__ import annotations

import base64
import ipaddress
import logging
import os
import re
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from newsletter.config import SmtpConfig
from newsletter.errors import NewsletterError
from newsletter.publish.rate_limit import RateLimiter

log = logging.getLogger(__name__)

BACKOFF_SECONDS = 2.0
"""First retry delay; doubled on each further retry."""


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


def read_password(config: SmtpConfig, password: str | None) -> _Secret | None:
    """The login's password: ``password``, else the environment; None without a username."""
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


class Connection:
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
class Failure:
    """Why one attempt to send one message to one reader failed."""

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


def _transmit(smtp: smtplib.SMTP, sender: str, recipient: str, data: bytes) -> Failure | None:
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
            return Failure(failure.reason, failure.kind, at_data=True)
        return None
    except smtplib.SMTPDataError as exc:  # the DATA command itself, before the message
        kind = "permanent" if exc.smtp_code >= 500 else "transient"
        return _refused(smtp, exc.smtp_code, exc.smtp_error, kind)
    except (smtplib.SMTPServerDisconnected, OSError) as exc:
        return Failure(_reason(exc), "connection", in_doubt=phase == "data")
    except smtplib.SMTPResponseException as exc:  # EHLO/HELO refused
        return Failure(_reason(exc), "connection")


def _refused(smtp: smtplib.SMTP, code: int, text: bytes | str, kind: str) -> Failure:
    """A refusal reply: end the transaction (RSET), or the connection on 421."""
    if code == 421:
        smtp.close()
        kind = "connection"
    else:
        try:
            smtp.rset()
        except (smtplib.SMTPException, OSError):
            kind = "connection" if kind == "transient" else kind
    return Failure(_reply(code, text), kind)


class Attempts:
    """Send one message to one reader with retries: backoff, reconnect, rate limit."""

    def __init__(self, connection: Connection, limiter: RateLimiter, sender: str, *,
                 max_retries: int, sleep: Callable[[float], None], backoff: float) -> None:
        self.connection, self.limiter, self.sender = connection, limiter, sender
        self.max_retries, self.sleep, self.backoff = max_retries, sleep, backoff
        self.in_doubt: list[str] = []

    def send(self, recipient: str, data: bytes, *, on_start: Callable[[], None] = lambda: None,
             on_accepted: Callable[[], None] = lambda: None) -> Failure | None:
        """None when the server accepted the message, else the last failure."""
        failure: Failure | None = None
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
                 on_accepted: Callable[[], None]) -> Failure | None:
        try:
            smtp = self.connection.get()
        except (smtplib.SMTPException, OSError) as exc:
            self.connection.close(polite=False)
            return Failure(self.connection.scrub(_reason(exc)), "connection")
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
