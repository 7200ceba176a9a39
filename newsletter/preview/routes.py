"""The preview's HTTP routes: the page, the event stream, the draft's views, the test send.

====================  ==================================================
``/``                 the preview page (tabs, widths, checks, send form)
``/events``           server-sent events: the status after every change
``/status.json``      the same status, once
``/draft/<view>``     the draft's web page, email, Markdown or text view
``/draft/charts/…``   the draft's chart PNGs
``POST /send-test``   send the draft's email to one address (token required)
====================  ==================================================

Every request must name the server in its ``Host`` header (no DNS
rebinding), and the send form must echo the server's random token.
"""

from __future__ import annotations

import hmac
import json
import logging
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from newsletter.errors import NewsletterError
from newsletter.preview.events import stream_events
from newsletter.preview.send import send_draft_test
from newsletter.preview.shell import shell_page
from newsletter.preview.views import (
    CHART_NAME,
    VIEWS,
    archive_placeholder,
    placeholder,
    render_view,
)

if TYPE_CHECKING:
    from newsletter.preview.server import PreviewServer

log = logging.getLogger(__name__)

TOKEN_HEADER = "X-Preview-Token"
MAX_BODY = 4096
_HTML = "text/html; charset=utf-8"
_TEXT = "text/plain; charset=utf-8"


def _content_length(value: str | None) -> int | None:
    """The request body's length: digits only (``abc`` and ``-1`` are refused), none means 0."""
    if value is None or value.strip() == "":
        return 0
    value = value.strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


class Routes(BaseHTTPRequestHandler):
    timeout = 30
    """Seconds a connection may sit idle (a body shorter than its Content-Length holds no thread)."""

    """One request to the preview (the server holds the :class:`PreviewServer`)."""

    server_version = "newsletter-preview"
    protocol_version = "HTTP/1.1"

    @property
    def preview(self) -> PreviewServer:
        return self.server.preview  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:
        if not self._host_ok():
            return
        path = urlsplit(self.path).path
        if path == "/":
            state = self.preview.state
            page = shell_page(state, token=self.preview.token, smtp=self.preview.smtp_ready(state),
                              instance=self.preview.instance)
            self._reply(HTTPStatus.OK, page.encode(), _HTML)
        elif path == "/events":
            self._events()
        elif path == "/status.json":
            self._json(HTTPStatus.OK, self.preview.message())
        elif path.startswith("/draft/"):
            self._draft(path.removeprefix("/draft/"))
        elif path == "/index.html":
            self._reply(HTTPStatus.OK, archive_placeholder().encode(), _HTML)
        elif path == "/favicon.ico":
            self._reply(HTTPStatus.NO_CONTENT, b"", "image/x-icon")
        else:
            self._reply(HTTPStatus.NOT_FOUND, b"not found\n", _TEXT)

    def do_POST(self) -> None:
        if not self._host_ok():
            return
        if urlsplit(self.path).path != "/send-test":
            self._json(HTTPStatus.NOT_FOUND, {"ok": False, "error": "not found"})
            return
        origin = self.headers.get("Origin")
        token = self.headers.get(TOKEN_HEADER, "")
        if not hmac.compare_digest(token.encode(), self.preview.token.encode()) or (
                origin is not None and origin != f"http://{self.headers.get('Host')}"):
            self._json(HTTPStatus.FORBIDDEN, {"ok": False, "error": "missing or wrong preview token"})
            return
        length = _content_length(self.headers.get("Content-Length"))
        if length is None:
            self._json(HTTPStatus.BAD_REQUEST, {"ok": False, "error": "bad Content-Length"})
            self.close_connection = True
            return
        if length > MAX_BODY:
            self._json(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, {"ok": False, "error": "request too large"})
            return
        try:
            address = str(json.loads(self.rfile.read(length) or b"{}").get("address", ""))
        except (ValueError, AttributeError):
            self._json(HTTPStatus.BAD_REQUEST, {"ok": False, "error": "expected JSON with an address"})
            return
        self._json(HTTPStatus.OK, self._send_test(address))

    def _send_test(self, address: str) -> dict[str, Any]:
        state = self.preview.state
        if state.result is None or state.workspace is None:
            return {"ok": False, "error": "there is no draft to send yet"}
        if not self.preview.smtp_ready(state):
            return {"ok": False, "error": "SMTP is not configured: set email.smtp.host and export "
                    f"{state.workspace.config.email.smtp.password_env}"}
        try:
            message_id = send_draft_test(state.workspace, state.result, address)
        except NewsletterError as exc:
            return {"ok": False, "error": exc.one_line()}
        except Exception:  # a bug must not kill the server; the author sees one line
            log.exception("the test send failed (a bug)")
            return {"ok": False, "error": "the test send failed with a bug (traceback in the log)"}
        return {"ok": True, "message_id": message_id}

    def _draft(self, name: str) -> None:
        state = self.preview.state
        if state.result is None:
            why = state.error or "The first draft is being built; this page reloads itself."
            body, ctype = placeholder(why).encode(), _HTML
        elif name in VIEWS:
            try:
                body, ctype = render_view(state.result.folder, name).encode(), _HTML
            except FileNotFoundError as exc:
                body, ctype = placeholder(f"missing: {exc.filename}").encode(), _HTML
        elif name.startswith("charts/") and CHART_NAME.match(name.removeprefix("charts/")):
            path = state.result.folder / "charts" / name.removeprefix("charts/")
            if not path.is_file():
                self._reply(HTTPStatus.NOT_FOUND, b"no such chart\n", _TEXT)
                return
            body, ctype = path.read_bytes(), "image/png"
        else:
            self._reply(HTTPStatus.NOT_FOUND, b"not found\n", _TEXT)
            return
        self._reply(HTTPStatus.OK, body, ctype)

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Accel-Buffering", "no")
        self.end_headers()
        self.close_connection = True  # the stream ends when the connection does
        stream_events(self.wfile, self.preview.broadcaster, self.preview.message)

    def _host_ok(self) -> bool:
        if self.preview.allowed_host(self.headers.get("Host")):
            return True
        self._reply(HTTPStatus.MISDIRECTED_REQUEST, b"unexpected Host header\n", _TEXT)
        return False

    def _json(self, status: HTTPStatus, data: dict[str, Any]) -> None:
        self._reply(status, json.dumps(data, ensure_ascii=False).encode(), "application/json")

    def _reply(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("X-Frame-Options", "SAMEORIGIN")
            self.send_header("Referrer-Policy", "no-referrer")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            log.debug("the browser left before the reply")
