"""The draft's outputs as browser pages: the web page, the email, the Markdown and the plain text.

Every view is a page in the draft folder's URL space (``/draft/…``) so that the
relative chart links the outputs already use (``charts/<name>.png``) resolve.
The email is the real ``email.html``; only its ``cid:`` image references are
pointed at the chart files, since a browser cannot resolve a Content-ID.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

VIEWS = {
    "index.html": "Web page",
    "email.html": "Email",
    "issue.html": "Markdown",
    "markdown.html": "Markdown source",
    "text.html": "Plain text",
}
"""The draft views, by file name under ``/draft/``, with their tab labels."""

CHART_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*\.png$")
_CID_SRC = re.compile(r"""(=\s*["']?|url\(\s*["']?)cid:([A-Za-z0-9_.\-]+)""", re.IGNORECASE)

_PAGE_CSS = """
:root { color-scheme: light dark; }
body { margin: 0; background: #f6f7f9; color: #1b1f24;
       font: 16px/1.55 -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
main { max-width: 680px; margin: 0 auto; padding: 20px 18px 48px; background: #fff; min-height: 100vh;
       box-sizing: border-box; }
img { max-width: 100%; height: auto; }
pre { white-space: pre-wrap; word-wrap: break-word; margin: 0;
      font: 13.5px/1.5 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace, "Noto Color Emoji"; }
main.text pre { font-size: 14px; max-width: 72ch; }
blockquote { margin: 0 0 1em; padding: 8px 12px; background: #fff4d6; border-left: 4px solid #e0a800; }
h2 { border-top: 1px solid #e3e6ea; padding-top: .8em; }
.label { font: 600 11px/1 -apple-system, "Segoe UI", Roboto, sans-serif; letter-spacing: .08em;
         text-transform: uppercase; color: #5f6b7a; margin: 0 0 14px; }
@media (prefers-color-scheme: dark) {
  body { background: #111417; color: #e6e9ed; } main { background: #181c20; }
  blockquote { background: #3a3210; } .label { color: #9aa5b1; } h2 { border-top-color: #2c333a; }
}
"""


def email_for_browser(email_html: str) -> str:
    """The email with each ``cid:<name>`` image pointed at ``charts/<name>.png``."""
    return _CID_SRC.sub(lambda m: f"{m.group(1)}charts/{m.group(2)}.png", email_html)


def _page(title: str, body: str, kind: str) -> str:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{_PAGE_CSS}</style></head>"
            f'<body><main class="{kind}">{body}</main></body></html>')


def render_view(folder: Path, name: str) -> str | None:
    """The HTML of view ``name`` for the draft in ``folder``; None for an unknown view."""
    if name == "index.html":
        return (folder / "index.html").read_text(encoding="utf-8")
    if name == "email.html":
        return email_for_browser((folder / "email.html").read_text(encoding="utf-8"))
    if name == "issue.html":
        from newsletter.render import markdown_to_html

        body = markdown_to_html((folder / "issue.md").read_text(encoding="utf-8"))
        return _page("issue.md", '<p class="label">issue.md, rendered</p>' + body, "markdown")
    if name == "markdown.html":
        source = html.escape((folder / "issue.md").read_text(encoding="utf-8"))
        return _page("issue.md", f'<p class="label">issue.md</p><pre>{source}</pre>', "source")
    if name == "text.html":
        text = html.escape((folder / "email.txt").read_text(encoding="utf-8"))
        return _page("email.txt", f'<p class="label">email.txt: the plain-text part</p><pre>{text}</pre>',
                     "text")
    return None


def placeholder(message: str) -> str:
    """A page shown in place of a view when there is no draft yet."""
    return _page("No draft yet", f'<p class="label">No draft yet</p><p>{html.escape(message)}</p>',
                 "empty")


def archive_placeholder() -> str:
    """What the web page's "All issues" link opens in the preview (the archive is not served)."""
    return _page("All issues", '<p class="label">The archive</p><p>The preview shows the draft '
                 "only; the archive of published issues is built when an issue is published.</p>"
                 '<p><a href="draft/index.html">← Back to the draft</a></p>', "empty")
