"""Tell every open browser that the draft changed: a versioned message and server-sent events.

Each change bumps a version number and replaces the latest message; a
server-sent-events stream waits for a version newer than the one it last
sent. Slow browsers therefore skip straight to the newest state and never
pile up a backlog.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import Any, BinaryIO

log = logging.getLogger(__name__)

KEEPALIVE_SECONDS = 15.0
"""A comment line this often keeps proxies and the browser from dropping an idle stream."""


class Broadcaster:
    """The latest message and its version; threads wait on it for something newer."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._version = 0
        self._message: dict[str, Any] = {}
        self._closed = False

    @property
    def version(self) -> int:
        with self._condition:
            return self._version

    def publish(self, message: dict[str, Any]) -> int:
        """Replace the latest message, wake every waiting stream; return the new version."""
        with self._condition:
            self._version += 1
            self._message = message
            self._condition.notify_all()
            return self._version

    def wait_newer(self, seen: int, timeout: float) -> tuple[int, dict[str, Any]] | None:
        """The latest (version, message) once its version is above ``seen``; None on timeout or close."""
        with self._condition:
            self._condition.wait_for(lambda: self._closed or self._version > seen, timeout)
            if self._closed or self._version <= seen:
                return None
            return self._version, self._message

    @property
    def closed(self) -> bool:
        with self._condition:
            return self._closed

    def close(self) -> None:
        """Wake and end every stream (the server is stopping)."""
        with self._condition:
            self._closed = True
            self._condition.notify_all()


def stream_events(out: BinaryIO, broadcaster: Broadcaster, first: Callable[[], dict[str, Any]],
                  event: str = "draft", keepalive: float = KEEPALIVE_SECONDS) -> None:
    """Write server-sent events to ``out`` until the browser leaves or the broadcaster closes.

    The stream opens with the current state (``first()``), so a browser that
    reconnects after a restart catches up at once.
    """
    seen = broadcaster.version
    try:
        out.write(b"retry: 1000\n\n")
        _send(out, event, seen, first())
        while True:
            news = broadcaster.wait_newer(seen, keepalive)
            if broadcaster.closed:
                return
            if news is None:
                out.write(b": keep-alive\n\n")
                out.flush()
                continue
            seen, message = news
            _send(out, event, seen, message)
    except (BrokenPipeError, ConnectionResetError, TimeoutError):
        log.debug("an event stream closed")


def _send(out: BinaryIO, event: str, version: int, message: dict[str, Any]) -> None:
    data = json.dumps(message, ensure_ascii=False)
    out.write(f"id: {version}\nevent: {event}\ndata: {data}\n\n".encode())
    out.flush()
