"""``newsletter preview``: serve the current draft on 127.0.0.1 and reload the browser on change.

The standard library's ``ThreadingHTTPServer`` is enough for one author's
browser; no web framework. This module starts and stops the three parts
together: the HTTP server (its routes are in ``routes.py``), the draft
builder and the workspace watcher. It listens on loopback unless told
otherwise, and then warns.
"""

from __future__ import annotations

import datetime as dt
import errno
import ipaddress
import logging
import secrets
import socket
import threading
import time
import webbrowser
from collections.abc import Callable
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

from newsletter.errors import NewsletterError
from newsletter.preview.drafts import DraftBuilder, PreviewState
from newsletter.preview.events import Broadcaster
from newsletter.preview.routes import Routes
from newsletter.preview.send import smtp_ready
from newsletter.preview.status import status_message
from newsletter.preview.watch import watch_workspace
from newsletter.workspace import find_workspace

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def is_loopback(host: str) -> bool:
    """``host`` is this machine only (127.0.0.0/8, ::1 or localhost)."""
    try:
        return host == "localhost" or ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    preview: PreviewServer


class _HTTPServer6(_HTTPServer):
    address_family = socket.AF_INET6


class PreviewServer:
    """The preview: an HTTP server, a draft builder and a workspace watcher, started together."""

    def __init__(self, ws_path: Path, *, port: int = DEFAULT_PORT, host: str = DEFAULT_HOST,
                 source: str | None = None, issue_date: dt.date | None = None) -> None:
        self.root = find_workspace(Path(ws_path))
        self.host = host
        self.token = secrets.token_urlsafe(32)
        self.instance = secrets.token_hex(6)
        """Tells a browser that reconnects whether this is still the server that made its page."""
        self.broadcaster = Broadcaster()
        self.builder = DraftBuilder(self.root, source=source, issue_date=issue_date,
                                    on_change=self._changed)
        self._stop = threading.Event()
        self._serving = False
        server_class = _HTTPServer6 if ":" in host.strip("[]") else _HTTPServer
        try:
            self.httpd = server_class((host.strip("[]"), port), Routes)
        except OSError as exc:
            hint = " (try another --port, or --port 0 for any free one)" \
                if exc.errno == errno.EADDRINUSE else ""
            raise NewsletterError(f"cannot listen on {host}:{port}: {exc.strerror}{hint}",
                                  key="--port" if hint else "--host") from None
        self.httpd.preview = self
        self.port = self.httpd.server_address[1]

    @property
    def url(self) -> str:
        host = self.host.strip("[]")
        shown = "127.0.0.1" if host in ("0.0.0.0", "") else (f"[{host}]" if ":" in host else host)
        return f"http://{shown}:{self.port}/"

    @property
    def state(self) -> PreviewState:
        return self.builder.state

    def smtp_ready(self, state: PreviewState | None = None) -> bool:
        state = state or self.state
        return state.workspace is not None and smtp_ready(state.workspace.config.email)

    def message(self, state: PreviewState | None = None) -> dict[str, Any]:
        """The status the browser shows, as sent over the event stream."""
        state = state or self.state
        return {**status_message(state, self.smtp_ready(state)), "server": self.instance}

    def start(self) -> None:
        """Start the first build and the watcher (the HTTP server runs in :meth:`serve_forever`)."""
        self.builder.start()
        threading.Thread(target=watch_workspace, args=(self.root, self.builder.request, self._stop),
                         name="preview-watcher", daemon=True).start()

    def serve_forever(self) -> None:
        """Answer requests until :meth:`stop` (from another thread) or Ctrl+C; then clean up."""
        self._serving = True
        try:
            self.httpd.serve_forever(poll_interval=0.25)
        finally:
            self._serving = False
            self._stop.set()
            self.builder.stop()
            self.broadcaster.close()
            self.httpd.server_close()

    def stop(self) -> None:
        """Stop serving (call from a thread other than the one in :meth:`serve_forever`)."""
        self._stop.set()
        self.broadcaster.close()
        if self._serving:
            self.httpd.shutdown()

    def wait_until(self, predicate: Callable[[PreviewState], bool], timeout: float) -> PreviewState:
        """Block until ``predicate(state)`` holds; the state, or TimeoutError after ``timeout``."""
        deadline = time.monotonic() + timeout
        while True:
            seen = self.broadcaster.version
            state = self.state
            if predicate(state):
                return state
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self.broadcaster.closed:
                raise TimeoutError(f"the preview did not reach the expected state in {timeout} s")
            self.broadcaster.wait_newer(seen, remaining)

    def allowed_host(self, header: str | None) -> bool:
        """The request's Host names this server (a wildcard bind accepts any name)."""
        if self.host.strip("[]") in ("0.0.0.0", "::", ""):
            return True
        names = {"127.0.0.1", "localhost", "[::1]", self.host if ":" not in self.host
                 else f"[{self.host.strip('[]')}]"}
        return header in {f"{name}:{self.port}" for name in names}

    def _changed(self, state: PreviewState) -> None:
        self.broadcaster.publish(self.message(state))


def serve(ws_path: Path, *, port: int = DEFAULT_PORT, host: str = DEFAULT_HOST,
          source: str | None = None, issue_date: dt.date | None = None, open_browser: bool = False,
          ready: Callable[[PreviewServer], None] | None = None) -> None:
    """Serve the draft of the workspace at ``ws_path`` until Ctrl+C or ``server.stop()``.

    ``ready(server)`` is called once the server listens (the first build may
    still be running); tests keep the server to stop it.
    """
    if source is not None and source not in ("sample", "yahoo") and not source.startswith("csv:"):
        raise NewsletterError(f"unknown source {source!r}: expected sample, yahoo or csv:DIR",
                              key="--source")
    if not is_loopback(host.strip("[]")):
        log.warning("serving the preview on %s: anyone who can reach this machine can read the "
                    "draft and send test emails from it (the default is %s)", host, DEFAULT_HOST)
    server = PreviewServer(ws_path, port=port, host=host, source=source, issue_date=issue_date)
    server.start()
    log.info("previewing %s at %s", server.root, server.url)
    if ready is not None:
        ready(server)
    if open_browser:
        threading.Thread(target=webbrowser.open, args=(server.url,), daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        log.info("preview stopped")
