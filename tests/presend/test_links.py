"""Links reachable: a real HEAD against a local http.server on 127.0.0.1 (never the network)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsletter.presend.links import head_probe, reachability, web_urls


class Answers(BaseHTTPRequestHandler):
    """/ok 200, /gone 404, /moved → /ok, /moved-away → /gone; HEAD only."""

    def do_HEAD(self) -> None:  # noqa: N802 (http.server's name)
        routes = {"/ok": (200, None), "/gone": (404, None), "/moved": (301, "/ok"),
                  "/moved-away": (302, "/gone")}
        status, location = routes.get(self.path, (404, None))
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_head_probe_follows_redirects_to_the_final_status(server):
    assert head_probe(f"{server}/ok") == 200
    assert head_probe(f"{server}/gone") == 404
    assert head_probe(f"{server}/moved") == 200
    assert head_probe(f"{server}/moved-away") == 404


def test_every_link_answering_passes(server):
    item = reachability([f"{server}/ok", f"{server}/moved"], head_probe)
    assert item.ok and item.detail == "all 2 links and images answer"


def test_a_dead_link_fails_naming_it_and_its_status(server):
    item = reachability([f"{server}/ok", f"{server}/gone", f"{server}/moved-away"], head_probe)
    assert not item.ok
    assert item.detail.startswith("2 of 3 unreachable:")
    assert f"{server}/gone (404)" in item.detail and f"{server}/moved-away (404)" in item.detail


def test_a_closed_port_fails_with_why(server):
    httpd_port = int(server.rsplit(":", 1)[1])
    import socket

    with socket.socket() as spare:  # a port nothing listens on
        spare.bind(("127.0.0.1", 0))
        closed = spare.getsockname()[1]
    assert closed != httpd_port
    item = reachability([f"http://127.0.0.1:{closed}/x"], head_probe)
    assert not item.ok and "refused" in item.detail.lower()


def test_offline_the_check_is_skipped_with_a_note_never_failed():
    item = reachability(["https://example.com/a"], None)
    assert item.ok and item.detail.startswith("skipped: offline")


def test_no_name_resolving_anywhere_means_no_network_not_dead_links():
    item = reachability(["https://a.example/", "https://b.example/"], lambda url: "no network")
    assert item.ok and item.detail.startswith("skipped: no network")


def test_web_urls_take_links_and_images_once_and_leave_cid_and_mailto():
    html = ('<a href="https://x.example/a?b=1&amp;c=2">a</a><a href="https://x.example/a?b=1&amp;c=2">'
            'again</a><img src="cid:chart"><a href="mailto:u@example.com">m</a>'
            "<img src='https://cdn.example/i.png'>")
    assert web_urls(html) == ["https://x.example/a?b=1&c=2", "https://cdn.example/i.png"]


def test_links_into_the_web_archive_are_not_fetched_before_publishing_puts_them_there(server):
    archive = "https://example.com/letter/"
    item = reachability([f"{archive}2026-11-22/", f"{server}/ok"], head_probe, archive_url=archive)
    assert item.ok
    assert item.detail == ("all 1 links and images answer; 1 into the web archive not fetched "
                           "(publishing puts them there)")
