"""Hostile config values and notes fields, into every output: no executable content anywhere.

Config values that would carry markup are refused (one line, exit 2); those
that pass are built with hostile notes in every text field, and issue.md,
index.html, email.html, email.txt, meta.json and the MIME message a reader
gets are searched for anything a browser or a mail client would run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import email.policy
import json
import re
from pathlib import Path

import pytest

from newsletter.build import build_issue
from newsletter.config import load_config
from newsletter.errors import NewsletterError
from newsletter.publish.email_message import build_message
from newsletter.publish.outgoing import email_from_folder
from newsletter.workspace import Workspace

ISSUE = dt.date(2026, 11, 22)
PAYLOADS = [
    "<script>alert(1)</script>",
    "\"><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=https://example.com onclick=alert(1)>x</a>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](javascript&#58;alert(1))",
    "![x](javascript:alert(1))",
    "<<script>script>alert(1)<</script>/script>",
    "<iframe src=https://evil.example></iframe>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<b style=\"x:expression(alert(1))\">bold</b>",
    "{{ 7 * 7 }}{% raw %}",
]
REF_LINK = "see [here][1]\n\n[1]: javascript:alert(1)"

EXECUTABLE = [
    re.compile(r"<\s*script", re.I),
    re.compile(r"javascript\s*:", re.I),
    re.compile(r"vbscript\s*:", re.I),
    re.compile(r"<[^>]*\son\w+\s*=", re.I),
    re.compile(r"<\s*(iframe|svg|object|embed|style[^>]*>\s*body)", re.I),
    re.compile(r"expression\(", re.I),
]
CONFIG_PAYLOADS = {
    "base_url": "https://x\"><script>alert(1)</script>",
    "go_deeper_url": "https://x)<script>alert(1)</script>",
    "title": "Edge <script>alert(1)</script>",
    "tagline": "<img src=x onerror=alert(1)>",
    "author": "[me](javascript:alert(1))",
    "disclaimer": "<b onmouseover=alert(1)>careful</b>",
    "email.unsubscribe_url": "https://x\"><script>alert(1)</script>",
    "email.from": "Edge <a@example.com>\nBcc: all@example.com",
}


def _quoted(value: str) -> str:
    return json.dumps(value)  # JSON strings are YAML double-quoted scalars


def _notes_yaml() -> str:
    lines = [f"headline: {_quoted('Rips ' + PAYLOADS[0])}", f"hook: {_quoted(PAYLOADS[2] + ' hook')}",
             f"go_deeper: {_quoted('https://example.com/video?a=1&b=2')}", "recap:"]
    for payload in PAYLOADS:
        lines += [f"  - text: {_quoted('jobs ' + payload)}", f"    detail: {_quoted(payload)}"]
    lines.append("commentary:")
    sections = ["recap", "breakdown", "rotation", "sentiment", "macro", "edge", "go_deeper"]
    for i, key in enumerate(sections):
        lines.append(f"  {key}: {_quoted(PAYLOADS[i % len(PAYLOADS)] + ' ' + REF_LINK)}")
    lines.append("items:")
    for key in sections[1:6]:
        lines.append(f"  {key}:")
        for payload in PAYLOADS:
            lines += [f"    - text: {_quoted('item ' + payload)}", f"      detail: {_quoted(payload)}"]
    lines += ["calls:", "  - ticker: TSLA", "    direction: short", "    trigger: 275", "    target: 245",
              "    stop: 290", "    horizon: 2026-12-18", f"    text: {_quoted(PAYLOADS[4])}"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("key", sorted(CONFIG_PAYLOADS))
def test_hostile_config_values_are_refused(tmp_path: Path, key: str) -> None:
    section, _, name = key.rpartition(".")
    value = _quoted(CONFIG_PAYLOADS[key])
    text = f"{section}:\n  {name}: {value}\n" if section else f"{name}: {value}\n"
    (tmp_path / "newsletter.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(NewsletterError) as info:
        load_config(tmp_path)
    assert info.value.key == key and info.value.line in (1, 2), info.value.one_line()


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("injection")
    (root / "newsletter.yaml").write_text(
        "title: 'S&P \"Edge\" <500>'\ntagline: 'a & b'\nbase_url: 'https://example.com/l?x=1&y=2'\n"
        "email:\n  unsubscribe_url: 'https://example.com/u?list=1&a=b'\n"
        "  reply_to: '\"Ed, The\" <ed@example.com>'\n", encoding="utf-8")
    (root / "notes").mkdir()
    (root / "notes" / f"{ISSUE}.yaml").write_text(_notes_yaml(), encoding="utf-8")
    result = build_issue(Workspace.open(root), source="sample", issue_date=ISSUE)
    return result.folder


@pytest.mark.parametrize("name", ["issue.md", "index.html", "email.html", "email.txt", "meta.json"])
def test_no_executable_content_in_any_output(hostile_build: Path, name: str) -> None:
    text = (hostile_build / name).read_text(encoding="utf-8")
    assert "jobs" in text or name == "meta.json"  # the notes did reach this output
    for pattern in EXECUTABLE:
        found = pattern.search(text)
        assert found is None, f"{name}: {pattern.pattern} at …{text[max(0, found.start() - 80):found.end() + 40]}…"


def test_issue_md_carries_no_raw_html_from_config(hostile_build: Path) -> None:
    text = (hostile_build / "issue.md").read_text(encoding="utf-8")
    assert "S&P \"Edge\" <500>" in text  # plain text passes as written; no tag can start with "<5"
    assert not re.search(r"<(?!/?(b|strong|i|em|code|br|a|img)\b)[A-Za-z]", text), text


def test_the_mime_message_carries_no_executable_content(hostile_build: Path) -> None:
    ws = Workspace.open(hostile_build.parent.parent)
    rendered = email_from_folder(hostile_build)
    msg = build_message(rendered, to="reader@example.com", config=ws.config.email, issue_date=ISSUE,
                        web_url=f"{ws.config.base_url}{ISSUE}/")
    raw = msg.as_bytes(policy=email.policy.SMTP)
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["Bcc"] is None and len(parsed.get_all("To")) == 1
    bodies = [part.get_content() for part in parsed.walk() if part.get_content_type().startswith("text/")]
    assert len(bodies) == 2
    for body in [*bodies, str(parsed["Subject"]), str(parsed["List-Unsubscribe"])]:
        for pattern in EXECUTABLE:
            assert pattern.search(body) is None, pattern.pattern


def test_a_header_break_in_the_headline_cannot_add_a_header(tmp_path: Path) -> None:
    from newsletter.notes import load_notes

    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / f"{ISSUE}.yaml").write_text('headline: "Rips\\r\\nBcc: all@example.com"\n',
                                                      encoding="utf-8")
    with pytest.raises(NewsletterError) as info:
        load_notes(tmp_path / "notes", ISSUE, display_root=tmp_path)
    assert info.value.key == "headline" and info.value.line == 1


def test_email_template_escapes_urls_even_past_validation(tmp_path: Path) -> None:
    """Defence in depth: a URL that somehow skipped validation still cannot open a tag in the email."""
    from newsletter.render import environment
    from newsletter.render_email import render_email_html
    from tests.fuzz_cases import sample_issue

    ws, _, issue = sample_issue()
    evil = "https://x\"><script>alert(1)</script>"
    config = ws.config.model_copy(update={
        "base_url": evil, "email": ws.config.email.model_copy(update={"unsubscribe_url": evil})})
    html = render_email_html(environment(ws.template_dirs()), dataclasses.replace(issue, web_url=evil), config)
    assert _live_tags(html) == []


def _live_tags(html: str) -> list[str]:
    """What a browser would run: script-like elements, on* handlers, script URLs (parsed, not grepped)."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("script", "iframe", "object", "embed", "svg"):
                found.append(tag)
            for name, value in attrs:
                if (tag, name, value) == ("link", "href", "data:,"):  # the page's empty favicon
                    continue
                if name.startswith("on") or re.match(r"\s*(javascript|vbscript|data):", value or "", re.I):
                    found.append(f"{tag} {name}={value}")

    Parser().feed(html)
    return found


@pytest.mark.parametrize("name", ["index.html", "email.html"])
def test_no_live_tag_in_the_html_outputs(hostile_build: Path, name: str) -> None:
    assert _live_tags((hostile_build / name).read_text(encoding="utf-8")) == []
