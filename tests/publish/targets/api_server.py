"""A local HTTP server for the platform clients: 127.0.0.1, port 0, in a thread.

A platform ``app`` (listmonk_app, ghost_app, buttondown_app) answers each
request as the platform's reference says; ``faults`` injects what a real
platform does on a bad day, one fault per matching request, in order:

- ``Fault(status=503, headers={"Retry-After": "3"})``: answer that instead;
- ``Fault(after="drop")``: do the request, then close the connection unanswered
  (the client cannot know whether it happened);
- ``Fault(after="hang")`` / ``Fault(before="hang")``: do (or not) the request, then
  answer nothing until the client has given up (its read timeout) and closed.

Every request is kept in ``requests`` (method, path, headers, decoded body).
``interceptor(request, phase)`` (phase ``before`` or ``after`` the app handled it)
returning True ends the connection there, unanswered (the SIGKILL harness).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    content_type: str

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


@dataclass
class Answer:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Fault:
    method: str = ""
    path: str = ""
    """A prefix of the path the fault applies to ('' for any)."""
    status: int = 0
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    before: str = ""
    after: str = ""

    def matches(self, request: Request) -> bool:
        return ((not self.method or self.method == request.method)
                and request.path.startswith(self.path))


class App(Protocol):
    def handle(self, request: Request) -> Answer: ...


class ApiServer:
    """Serve ``app`` on 127.0.0.1 until :meth:`close`; ``url`` is its root."""

    def __init__(self, app: App, interceptor=None) -> None:
        self.app = app
        self.interceptor = interceptor
        self.faults: list[Fault] = []
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._released = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _serve(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                request = Request(self.command, parts.path, parse_qs(parts.query),
                                  {k.lower(): v for k, v in self.headers.items()},
                                  self.rfile.read(length), self.headers.get("Content-Type", ""))
                with server._lock:
                    server.requests.append(request)
                    fault = next((f for f in server.faults if f.matches(request)), None)
                    if fault is not None:
                        server.faults.remove(fault)
                    if server.interceptor and server.interceptor(request, "before"):
                        self.close_connection = True
                        return
                    if fault is not None and fault.before == "hang":
                        answer = None
                    elif fault is not None and fault.status:
                        answer = Answer(fault.status, fault.body, fault.headers)
                    else:
                        answer = server.app.handle(request)
                    if server.interceptor and server.interceptor(request, "after"):
                        self.close_connection = True
                        return
                if fault is not None and "hang" in (fault.before, fault.after):
                    # until the client gave up: its next byte read ends at EOF when it closed
                    self.connection.settimeout(30)
                    try:
                        self.connection.recv(1)
                    except OSError:
                        pass
                    self.close_connection = True
                    return
                if fault is not None and fault.after == "drop":
                    self.close_connection = True
                    return
                assert answer is not None
                self._answer(answer)

            def _answer(self, answer: Answer) -> None:
                data = b"" if answer.body is None else (
                    answer.body if isinstance(answer.body, bytes) else json.dumps(answer.body).encode())
                self.send_response(answer.status)
                if data:
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                for key, value in answer.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = _serve

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the test API server did not start")

    def _run(self) -> None:
        self._ready.set()
        self._server.serve_forever(poll_interval=0.05)

    def calls(self, method: str, path: str) -> list[Request]:
        """The requests made with ``method`` to exactly ``path``."""
        return [r for r in self.requests if r.method == method and r.path == path]

    def close(self) -> None:
        self._released.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(10)
