"""The preview server over HTTP: its pages, its event stream, its guards, and a test send."""

from __future__ import annotations

import http.client
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsletter.errors import NewsletterError
from newsletter.preview import PreviewServer
from newsletter.preview.routes import TOKEN_HEADER
from newsletter.preview.server import is_loopback
from newsletter.preview.views import email_for_browser
from tests.publish.smtp_server import SmtpTestServer, smtp_server_fixture  # noqa: F401
from tests.test_preview_browser import NOTES, new_workspace, running_preview


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PreviewServer]:
    """One preview of a fresh ``newsletter init`` workspace for the read-only tests."""
    workspace = new_workspace(tmp_path_factory.mktemp("preview") / "letter")
    with running_preview(workspace) as preview:
        assert preview.state.error == "", preview.state.error
        yield preview


def fetch(server: PreviewServer, path: str, method: str = "GET", body: bytes | None = None,
          headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def post_send(server: PreviewServer, address: str, **headers: str) -> tuple[int, dict[str, Any]]:
    sent = {"Content-Type": "application/json", TOKEN_HEADER: server.token, **headers}
    status, _, body = fetch(server, "/send-test", "POST", json.dumps({"address": address}).encode(),
                            {k: v for k, v in sent.items() if v})
    return status, json.loads(body)


class EventStream:
    """A raw server-sent-events client (what EventSource does in the browser)."""

    def __init__(self, server: PreviewServer) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        self.conn.request("GET", "/events")
        self.response = self.conn.getresponse()

    def next(self) -> tuple[str, dict[str, Any]]:
        event, data = "message", ""
        while True:
            line = self.response.readline().decode("utf-8")
            if line == "":
                raise EOFError("the stream ended")
            line = line.rstrip("\n")
            if line == "" and data:
                return event, json.loads(data)
            if line.startswith("event: "):
                event = line.removeprefix("event: ")
            elif line.startswith("data: "):
                data += line.removeprefix("data: ")

    def close(self) -> None:
        self.conn.close()


def test_the_page_has_every_view_the_widths_and_a_token(server: PreviewServer) -> None:
    status, headers, body = fetch(server, "/")
    page = body.decode()
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert f'<meta name="preview-token" content="{server.token}">' in page
    for view in ("index.html", "email.html", "issue.html", "markdown.html", "text.html"):
        assert f'data-value="{view}"' in page
    assert 'data-value="phone"' in page and 'data-value="desktop"' in page
    assert "SAMPLE DATA" in page and "Publishing checks" in page
    assert "new EventSource('/events')" in page
    assert headers["x-frame-options"] == "SAMEORIGIN" and headers["cache-control"] == "no-store"


def test_the_email_view_points_its_cid_images_at_the_charts(server: PreviewServer) -> None:
    folder = server.state.result.folder
    raw = (folder / "email.html").read_text(encoding="utf-8")
    cids = set(re.findall(r'src="cid:([\w.\-]+)"', raw))
    assert cids, "the sample issue's email has charts"
    _, _, body = fetch(server, "/draft/email.html")
    shown = body.decode()
    assert "cid:" not in shown
    for cid in cids:
        assert f'src="charts/{cid}.png"' in shown
        status, headers, png = fetch(server, f"/draft/charts/{cid}.png")
        assert status == 200 and headers["content-type"] == "image/png"
        assert png == (folder / "charts" / f"{cid}.png").read_bytes()


def test_markdown_rendered_and_raw_and_the_plain_text(server: PreviewServer) -> None:
    folder = server.state.result.folder
    headline = server.state.result.issue.headline
    _, _, rendered = fetch(server, "/draft/issue.html")
    assert "<h1>" in rendered.decode() and "issue.md, rendered" in rendered.decode()
    _, _, raw = fetch(server, "/draft/markdown.html")
    assert f"# 🚨 {headline}".replace("&", "&amp;") in raw.decode()
    _, _, text = fetch(server, "/draft/text.html")
    first_line = (folder / "email.txt").read_text(encoding="utf-8").splitlines()[0]
    assert first_line.replace("&", "&amp;") in text.decode()
    _, _, page = fetch(server, "/draft/index.html")
    assert page == (folder / "index.html").read_bytes()


def test_drafts_go_to_the_state_folder_never_to_the_issues(server: PreviewServer) -> None:
    folder = server.state.result.folder
    assert folder == server.root / ".newsletter" / "preview" / "2026-11-22"
    assert not (server.root / "issues").exists()


@pytest.mark.parametrize("path", [
    "/draft/../newsletter.yaml", "/draft/charts/../../newsletter.yaml", "/draft/meta.json",
    "/draft/charts/.recap_returns.png.abc.tmp", "/draft/snapshot", "/newsletter.yaml", "/etc/passwd",
])
def test_nothing_but_the_draft_is_served(server: PreviewServer, path: str) -> None:
    status, _, body = fetch(server, path)
    assert status == 404, (path, body[:80])


def test_an_unexpected_host_is_refused(server: PreviewServer) -> None:
    status, _, _ = fetch(server, "/", headers={"Host": f"attacker.example:{server.port}"})
    assert status == 421
    status, _, _ = fetch(server, "/", headers={"Host": f"localhost:{server.port}"})
    assert status == 200


def test_a_send_without_the_token_or_from_another_origin_is_refused(server: PreviewServer) -> None:
    assert post_send(server, "me@example.org", **{TOKEN_HEADER: ""}) == (
        403, {"ok": False, "error": "missing or wrong preview token"})
    assert post_send(server, "me@example.org", **{TOKEN_HEADER: "guess"})[0] == 403
    assert post_send(server, "me@example.org", Origin="http://attacker.example")[0] == 403


def test_a_send_without_smtp_says_how_to_configure_it(server: PreviewServer,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSLETTER_SMTP_PASSWORD", raising=False)
    status, reply = post_send(server, "me@example.org")
    assert status == 200 and reply["ok"] is False
    assert reply["error"] == ("SMTP is not configured: set email.smtp.host and export "
                              "NEWSLETTER_SMTP_PASSWORD")


def test_status_json_matches_the_state(server: PreviewServer) -> None:
    _, _, body = fetch(server, "/status.json")
    status = json.loads(body)
    assert status["draft"] == server.state.draft_version and status["error"] == ""
    _, _, page = fetch(server, "/")
    assert f'data-server="{status["server"]}"' in page.decode(), \
        "the page must know its server, to reload itself when the preview restarts"
    assert "real data" in status["html"] and "SAMPLE DATA" in status["html"]


def test_the_event_stream_carries_each_rebuild(tmp_path: Path) -> None:
    workspace = new_workspace(tmp_path / "letter")
    with running_preview(workspace) as server:
        stream = EventStream(server)
        try:
            assert stream.response.getheader("Content-Type").startswith("text/event-stream")
            event, first = stream.next()
            assert event == "draft" and first["draft"] == server.state.draft_version

            (workspace / NOTES).write_text("headline: Over the wire\n", encoding="utf-8")
            messages = [stream.next()[1]]
            while messages[-1]["draft"] == first["draft"]:
                messages.append(stream.next()[1])
            assert messages[0]["busy"] is True, "the page hears that a rebuild started"
            assert "Over the wire" in messages[-1]["html"] and not messages[-1]["busy"]

            (workspace / NOTES).write_text("headline: [unclosed\n", encoding="utf-8")
            message = stream.next()[1]
            while not message["error"]:
                message = stream.next()[1]
            assert message["error"].startswith("notes/2026-11-22.yaml:2: invalid YAML")
            assert 'id="error-banner"' in message["html"]
            assert message["draft"] == messages[-1]["draft"], "the last good draft stays"
        finally:
            stream.close()


def test_a_test_send_from_the_preview(tmp_path: Path, smtp_server: SmtpTestServer,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSLETTER_SMTP_PASSWORD", "not-needed-without-a-username")
    workspace = new_workspace(tmp_path / "letter")
    config = workspace / "newsletter.yaml"
    config.write_text(config.read_text(encoding="utf-8")
                      .replace("port: 587 ", f"port: {smtp_server.port} ")
                      .replace("security: starttls", "security: none"), encoding="utf-8")
    with running_preview(workspace) as server:
        _, _, page = fetch(server, "/")
        assert 'data-smtp="1"' in page.decode()
        status, reply = post_send(server, "author@example.org")
        assert status == 200 and reply["ok"] is True, reply
        assert post_send(server, "not an address")[1] == {
            "ok": False, "error": "not an email address: 'not an address'"}

    [received] = smtp_server.messages
    message = received.message()
    assert received.rcpt_tos == ("author@example.org",)
    assert message["Message-ID"] == reply["message_id"]
    assert message["Subject"].startswith("[TEST] [SAMPLE] 🚨")
    html = next(p for p in message.walk() if p.get_content_type() == "text/html").get_content()
    cids = set(re.findall(r"cid:([\w.\-]+)", html))
    attached = {p["Content-ID"].strip("<>") for p in message.walk() if p.get_content_type() == "image/png"}
    assert cids and cids == attached


def test_email_for_browser_rewrites_only_image_references() -> None:
    html = ('<img src="cid:recap_returns"><td style="background: url(cid:bg)">'
            "<p>write cid:this in prose</p>")
    assert email_for_browser(html) == ('<img src="charts/recap_returns.png"><td style="background: '
                                       'url(charts/bg.png)"><p>write cid:this in prose</p>')


def test_a_port_in_use_is_one_line(server: PreviewServer) -> None:
    with pytest.raises(NewsletterError) as caught:
        PreviewServer(server.root, port=server.port)
    assert caught.value.one_line().startswith(f"--port: cannot listen on 127.0.0.1:{server.port}")


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.0.0.2", True), ("::1", True), ("localhost", True),
    ("0.0.0.0", False), ("192.168.1.10", False), ("example.com", False),
])
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_another_host_than_loopback_is_warned_about(monkeypatch: pytest.MonkeyPatch,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    import newsletter.preview.server as server_module

    class Refused(Exception):
        pass

    def no_server(*args: Any, **kwargs: Any) -> None:
        raise Refused  # this test must not really listen beyond 127.0.0.1

    monkeypatch.setattr(server_module, "PreviewServer", no_server)
    with caplog.at_level("WARNING", logger="newsletter.preview.server"), pytest.raises(Refused):
        server_module.serve(Path("."), host="0.0.0.0")
    assert "anyone who can reach this machine" in caplog.text
    caplog.clear()
    with caplog.at_level("WARNING", logger="newsletter.preview.server"), pytest.raises(Refused):
        server_module.serve(Path("."))
    assert caplog.text == ""
