"""The preview's request parsing: a bad Content-Length is a 400, never a traceback or a held thread."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsletter.preview import PreviewServer
from newsletter.preview.routes import TOKEN_HEADER
from tests.test_preview_browser import new_workspace, running_preview


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PreviewServer]:
    workspace: Path = new_workspace(tmp_path_factory.mktemp("hostile-preview") / "letter")
    with running_preview(workspace) as preview:
        yield preview


def _raw_post(server: PreviewServer, length: str) -> bytes:
    request = (f"POST /send-test HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
               f"{TOKEN_HEADER}: {server.token}\r\nContent-Type: application/json\r\n"
               f"Content-Length: {length}\r\nConnection: close\r\n\r\n{{}}").encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=20) as conn:
        conn.sendall(request)
        conn.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("length", ["abc", "-1", "1e3", "99999999999999999999", " 2 2"])
def test_bad_content_length_is_a_400(server: PreviewServer, length: str) -> None:
    reply = _raw_post(server, length)
    assert reply.startswith(b"HTTP/1.0 400") or reply.startswith(b"HTTP/1.1 400"), reply[:200]
    assert b"bad Content-Length" in reply
