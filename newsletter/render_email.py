"""Render the email: the same Markdown as the web issue, in an MJML shell, and a plain-text part.

Charts are ``cid:`` images (attached when sending); never ``data:`` URIs,
which Gmail blocks.
"""

from __future__ import annotations

import html
import re

import jinja2

from newsletter.config import Config
from newsletter.email_html import compile_mjml
from newsletter.inbox import fitted_preheader
from newsletter.model import Issue
from newsletter.render import _render, markdown_to_html, render_markdown
from newsletter.template_sandbox import template_file

PREHEADER_LENGTH = 200
_PAD = "\u034f\u00a0"  # combining grapheme joiner + nbsp: keeps body text out of the inbox preview


def preheader(issue: Issue) -> str:
    """The hook as the inbox shows it whole (:func:`newsletter.inbox.fitted_preheader`), padded
    so Gmail's ~200-character preview shows nothing after it."""
    text = fitted_preheader(issue.hook or issue.headline)
    return text + _PAD * max(0, (PREHEADER_LENGTH - len(text)) // 2)


_AMPERSAND_IN_A_NAME = re.compile(r"\b([A-Za-z])&([A-Za-z])\b")
"""``S&P``, ``M&A``: a letter, punctuation, a letter. SpamAssassin reads that in a subject as
obfuscation (``__SUBJ_OBFU_PUNCT``) and scores it with any mention of Bitcoin in the body
(``BITCOIN_OBFU_SUBJ``, 1 point)."""


def subject(issue: Issue) -> str:
    """The subject: the headline, with ``S&P`` written ``SPX`` (see ``_AMPERSAND_IN_A_NAME``)."""
    prefix = "[SAMPLE] " if issue.sample else ""
    headline = _AMPERSAND_IN_A_NAME.sub(
        lambda m: "SPX" if m.group(0).upper() == "S&P" else f"{m.group(1)} & {m.group(2)}",
        issue.headline)
    return f"{prefix}🚨 {headline}"


def render_email_html(env: jinja2.Environment, issue: Issue, config: Config) -> str:
    body = markdown_to_html(render_markdown(env, issue, target="email"), cid_images=True)
    source = _render(env, "email.mjml.j2", issue=issue, body=body, preheader=preheader(issue),
                     unsubscribe_url=config.email.unsubscribe_url, archive_url=config.base_url)
    return compile_mjml(source, template_file(env, "email.mjml.j2"))


_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\(([^)\s]+)\)")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)")


def markdown_to_text(markdown: str) -> str:
    """Plain text a reader does not trip on: no Markdown symbols, links listed at the end."""
    links: list[str] = []

    def _link(match: re.Match[str]) -> str:
        links.append(match.group(2))
        return f"{match.group(1)} [{len(links)}]"

    lines = []
    for line in markdown.splitlines():
        line = _IMAGE.sub(lambda m: f"[Chart: {m.group(1)}]", line)
        line = _LINK.sub(_link, line)
        line = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3), line)
        if line.startswith("#"):
            title = line.lstrip("#").strip()
            lines += ["", title.upper() if line.startswith("# ") else title, "-" * min(len(title), 60)]
            continue
        if line.startswith("> "):
            line = line[2:]
        if line.startswith("- "):
            line = "• " + line[2:]
        if line.strip() == "---":
            line = "—" * 20
        lines.append(html.unescape(line))
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    if links:
        text += "\nLinks:\n" + "\n".join(f"[{i}] {url}" for i, url in enumerate(links, 1)) + "\n"
    return text


def render_email_text(env: jinja2.Environment, issue: Issue, config: Config) -> str:
    text = markdown_to_text(render_markdown(env, issue, target="text"))
    footer = (f"\nRead it on the web: {issue.web_url}\n"
              f"Unsubscribe: {config.email.unsubscribe_url}\n")
    return text + footer
