"""A real SMTP server for tests (aiosmtpd on 127.0.0.1) that keeps what it gets and fails on cue.

Use the ``smtp_server`` fixture (a plain server) or ``make_smtp_server`` (a
factory, e.g. for AUTH) by importing them into a test module::

    from tests.publish.smtp_server import make_smtp_server_fixture, smtp_server_fixture  # noqa: F401

Fault injection, all per server:

- ``reject(address)``: answer ``550`` at RCPT for that address, every time.
- ``fail_transiently(address, times)``: answer ``451`` at RCPT the first ``times`` times.
- ``refuse_messages(reply)``: answer every DATA with ``reply`` (``554`` by default).
- ``drop_after(n, mode)``: the ``n``-th message overall ends the connection, and the server
  then refuses all mail (``421`` at MAIL) until ``revive()``. ``mode``:
  ``"after_reply"``: message ``n`` is stored and answered ``250``, then the connection
  closes (the client knows it was accepted); ``"before_reply"``: message ``n`` is stored
  and the connection is cut before the ``250`` (the exactly-once window: the client
  cannot know); ``"421"``: message ``n`` is not stored, answered ``421`` and the
  connection closed.
"""

from __future__ import annotations

import asyncio
import shutil
import socket
import ssl
import subprocess
import threading
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any, Literal

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from newsletter.config import SmtpConfig

DropMode = Literal["after_reply", "before_reply", "421"]


@dataclass(frozen=True)
class Received:
    """One message as the server got it: the envelope and the raw bytes."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes

    def message(self) -> EmailMessage:
        return BytesParser(policy=policy.default).parsebytes(self.data)  # type: ignore[return-value]


class FaultyHandler:
    """aiosmtpd handler: stores every message; refuses, delays or drops on cue."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.messages: list[Received] = []
        self.rejected: dict[str, str] = {}
        self.transient: dict[str, int] = {}
        self.transient_reply = "451 4.3.0 mailbox busy, try again later"
        self.data_reply: str | None = None
        self.drop_at: int | None = None
        self.drop_mode: DropMode = "after_reply"
        self.down = False
        self.rcpt_attempts: Counter[str] = Counter()
        self.logins: list[tuple[str, str]] = []
        self.sessions = 0
        """EHLOs seen: one per connection from smtplib."""
        self.credentials: tuple[str, str] | None = None

    async def handle_EHLO(self, server: Any, session: Any, envelope: Any, hostname: str,
                          responses: list[str]) -> list[str]:
        session.host_name = hostname
        with self.lock:
            self.sessions += 1
        return responses

    async def handle_MAIL(self, server: Any, session: Any, envelope: Any, address: str,
                          mail_options: list[str]) -> str:
        if self.down:
            _close_after_reply(server)
            return "421 4.3.2 service not available, closing connection"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        key = address.lower()
        with self.lock:
            self.rcpt_attempts[key] += 1
            if key in self.rejected:
                return self.rejected[key]
            if self.transient.get(key, 0) > 0:
                self.transient[key] -= 1
                return self.transient_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.data_reply:
            return self.data_reply
        received = Received(envelope.mail_from, tuple(envelope.rcpt_tos), bytes(envelope.original_content))
        with self.lock:
            number = len(self.messages) + 1
            dropping = self.drop_at is not None and number == self.drop_at
            if dropping and self.drop_mode == "421":
                self.down = True
                _close_after_reply(server)
                return "421 4.3.2 shutting down, closing connection"
            self.messages.append(received)
            if dropping:
                self.down = True
                if self.drop_mode == "before_reply":
                    server.transport.abort()  # stored, but the client never hears the 250
                else:
                    _close_after_reply(server)
        return "250 2.0.0 OK: queued"

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str,
                     auth_data: Any) -> AuthResult:
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        login, password = auth_data.login.decode(), auth_data.password.decode()
        with self.lock:
            self.logins.append((login, password))
        ok = (login, password) == self.credentials
        return AuthResult(success=ok, handled=False, auth_data=login if ok else None)


def _close_after_reply(server: Any) -> None:
    """Close once the reply being returned is written (transport.close flushes first)."""
    asyncio.get_running_loop().call_soon(server.transport.close)


class _LoopbackController(Controller):
    def factory(self) -> Any:
        with warnings.catch_warnings():  # AUTH without TLS is the point here, on 127.0.0.1 only
            warnings.filterwarnings("ignore", "Requiring AUTH while not requiring TLS", UserWarning)
            return super().factory()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def self_signed_certificate(directory: Path) -> Path:
    """Write ``cert.pem`` and ``key.pem`` for 127.0.0.1 with the openssl command; return cert.pem.

    Point ``SSL_CERT_FILE`` at the certificate so that the sender's default,
    verifying TLS context trusts it.
    """
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is not installed")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(directory / "key.pem"), "-out", str(directory / "cert.pem")],
        check=True, capture_output=True,
    )
    return directory / "cert.pem"


class SmtpTestServer:
    """An aiosmtpd server on 127.0.0.1 and a free port; a context manager.

    ``credentials`` makes AUTH required; ``tls`` ("starttls" or "ssl", with a
    ``certificate`` from :func:`self_signed_certificate`) serves TLS.
    """

    host = "127.0.0.1"

    def __init__(self, credentials: tuple[str, str] | None = None,
                 tls: Literal["starttls", "ssl"] | None = None, certificate: Path | None = None) -> None:
        self.handler = FaultyHandler()
        self.handler.credentials = credentials
        self.credentials = credentials
        self.tls, self.certificate = tls, certificate
        self.port = 0
        self._controller: Controller | None = None

    def start(self) -> SmtpTestServer:
        kwargs: dict[str, Any] = {}
        if self.credentials:
            kwargs = dict(authenticator=self.handler.authenticate, auth_required=True,
                          # aiosmtpd does not see implicit TLS ("ssl") as TLS for AUTH
                          auth_require_tls=self.tls == "starttls")
        if self.tls:
            assert self.certificate is not None, "tls needs a certificate"
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(self.certificate, self.certificate.with_name("key.pem"))
            kwargs["ssl_context" if self.tls == "ssl" else "tls_context"] = context
            kwargs["require_starttls"] = self.tls == "starttls"
        for _ in range(5):
            self.port = _free_port()
            controller = _LoopbackController(self.handler, hostname=self.host, port=self.port, **kwargs)
            try:
                controller.start()
            except (OSError, RuntimeError):  # lost the port race; try another
                continue
            self._controller = controller
            return self
        raise RuntimeError("no free port for the test SMTP server")

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def __enter__(self) -> SmtpTestServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def smtp_config(self, **overrides: Any) -> SmtpConfig:
        """An ``email.smtp`` config pointing at this server (its TLS mode; AUTH user when set)."""
        values: dict[str, Any] = dict(host=self.host, port=self.port, security=self.tls or "none",
                                      timeout=5)
        if self.credentials:
            values["username"] = self.credentials[0]
        return SmtpConfig(**{**values, **overrides})

    # fault injection
    def reject(self, address: str, reply: str = "550 5.1.1 mailbox unavailable") -> None:
        self.handler.rejected[address.lower()] = reply

    def fail_transiently(self, address: str, times: int) -> None:
        self.handler.transient[address.lower()] = times

    def refuse_messages(self, reply: str = "554 5.7.1 message refused as spam") -> None:
        """Answer every message's DATA with ``reply`` (the content, not the reader, is refused)."""
        self.handler.data_reply = reply

    def drop_after(self, count: int, mode: DropMode = "after_reply") -> None:
        self.handler.drop_at, self.handler.drop_mode = count, mode

    def revive(self) -> None:
        """Serve normally again after a drop or ``refuse_messages``."""
        self.handler.drop_at, self.handler.down, self.handler.data_reply = None, False, None

    # what arrived
    @property
    def messages(self) -> list[Received]:
        with self.handler.lock:
            return list(self.handler.messages)

    def count_by_recipient(self) -> Counter[str]:
        """How many messages each (lower-cased) envelope recipient got."""
        return Counter(rcpt.lower() for m in self.messages for rcpt in m.rcpt_tos)


@pytest.fixture(name="smtp_server")
def smtp_server_fixture() -> Iterator[SmtpTestServer]:
    """A running test SMTP server, stopped after the test."""
    with SmtpTestServer() as server:
        yield server


@pytest.fixture(name="make_smtp_server")
def make_smtp_server_fixture() -> Iterator[Callable[..., SmtpTestServer]]:
    """A factory: ``make_smtp_server(credentials=("user", "secret"), tls=..., certificate=...)``;
    every server it made is stopped after the test."""
    servers: list[SmtpTestServer] = []

    def make(credentials: tuple[str, str] | None = None, **kwargs: Any) -> SmtpTestServer:
        servers.append(SmtpTestServer(credentials, **kwargs).start())
        return servers[-1]

    yield make
    for server in servers:
        server.stop()
