"""The inbox checks before send: the preheader's shown length, and every email link well-formed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsletter.checks import _email_links, _preheader

PAD = "\u034f\u00a0" * 60


def folder_with(tmp_path: Path, *, preheader: str = "", html: str = "") -> Path:
    (tmp_path / "meta.json").write_text(json.dumps({"preheader": preheader}))
    (tmp_path / "email.html").write_text(html)
    return tmp_path


@pytest.mark.parametrize(("hook", "ok", "detail"), [
    ("IWM beat SPY for the ninth session running, the longest streak since May.", True, "73 characters shown"),
    ("Small caps rip.", True, "15 characters shown (under 40: the padding keeps the body out"),
    ("x" * 131, False, "131 characters; the inbox cuts it after about 130"),
    ("", False, "empty: the inbox would show the body's first words"),
])
def test_preheader_length_counts_only_what_the_inbox_shows(tmp_path, hook, ok, detail):
    item = _preheader(folder_with(tmp_path, preheader=hook + PAD))
    assert item.ok is ok and item.detail.startswith(detail), item


def test_well_formed_links_and_images_pass(tmp_path):
    html = ('<a href="https://example.com/letter/2026-11-22/">web</a><a href="mailto:u@example.com">u</a>'
            "<img src='cid:rotation'><img src=\"https://cdn.example.com/a.png\">")
    assert _email_links(folder_with(tmp_path, html=html)).detail == "4 links and images well-formed"


@pytest.mark.parametrize("bad", [
    '<a href="charts/x.png">relative</a>',
    '<a href="https://exa mple.com/">space</a>',
    '<a href="">empty</a>',
    '<a href="javascript:alert(1)">js</a>',
    '<img src="http://example.com/a.png">',  # plain http images are blocked by some clients
    '<a href="mailto:nobody">no domain</a>',
])
def test_malformed_links_and_images_are_named(tmp_path, bad):
    item = _email_links(folder_with(tmp_path, html='<a href="https://ok.example/">ok</a>' + bad))
    assert not item.ok and item.detail.startswith("1 not well-formed: "), item


@pytest.mark.parametrize(("size", "ok"), [(60 * 1024 - 1, True), (60 * 1024, True), (60 * 1024 + 1, False)])
def test_email_size_at_under_and_over_the_limit_names_gmails_clip(tmp_path, size, ok):
    from newsletter.checks import _email_size

    (tmp_path / "email.html").write_text("x" * size)
    item = _email_size(tmp_path, 60)
    assert item.ok is ok, item
    assert "Gmail clips over 102 KB" in item.detail and "would clip" not in item.detail


@pytest.mark.parametrize(("size", "clipped"), [(102 * 1024, False), (102 * 1024 + 1, True)])
def test_over_gmails_clip_the_check_says_gmail_would_clip_it(tmp_path, size, clipped):
    from newsletter.checks import _email_size

    (tmp_path / "email.html").write_text("<p>" + "x" * (size - 3))
    item = _email_size(tmp_path, 102)
    assert item.ok is not clipped and ("Gmail would clip it" in item.detail) is clipped
