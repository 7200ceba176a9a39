"""Render the email HTML: MJML (validated) → HTML with CSS inlined, and the Gmail-clip size check.

mjml-python (the Rust MRML port) passes unknown body tags such as ``<mj-colum>``
through silently and does not inline ``<mj-style inline="inline">``; this module
closes both gaps so that a typo is an error and the inline CSS really lands in
``style=""`` attributes.
"""

from __future__ import annotations

import difflib
import logging
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import css_inline
import mjml

from newsletter.errors import NewsletterError

log = logging.getLogger(__name__)

KNOWN_MJML_TAGS = frozenset(
    {
        "mjml", "mj-head", "mj-body", "mj-include",
        "mj-attributes", "mj-all", "mj-class", "mj-breakpoint", "mj-font",
        "mj-preview", "mj-style", "mj-title",
        "mj-accordion", "mj-accordion-element", "mj-accordion-title", "mj-accordion-text",
        "mj-button", "mj-carousel", "mj-carousel-image", "mj-column", "mj-divider",
        "mj-group", "mj-hero", "mj-image", "mj-navbar", "mj-navbar-link", "mj-raw",
        "mj-section", "mj-social", "mj-social-element", "mj-spacer", "mj-table",
        "mj-text", "mj-wrapper",
    }
)
"""MJML 4's tags that mjml-python renders (it rejects ``mj-html-attributes``)."""

_INLINE_STYLE = re.compile(
    r"<mj-style\b(?P<attrs>[^>]*?\binline\s*=\s*[\"']?inline[\"']?[^>]*)>(?P<css>.*?)</mj-style\s*>",
    re.IGNORECASE | re.DOTALL,
)
_PREVIEW_WHITE = re.compile(r'(<div style="display:none;font-size:1px;)color:#ffffff;')
"""MJML's hidden preheader is white on white: SpamAssassin scores that HTML_FONT_LOW_CONTRAST
(0.7); it is hidden by display:none, max-height 0 and opacity 0 without the colour."""
_MRML_POSITION = re.compile(r"at position (\d+):\d+")
KB = 1024


class _MjmlTagScan(HTMLParser):
    """Collect every ``mj-*`` tag name that MJML does not know, with its line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.unknown: list[tuple[str, int]] = []

    def _check(self, tag: str) -> None:
        if tag.startswith("mj-") and tag not in KNOWN_MJML_TAGS and tag not in dict(self.unknown):
            self.unknown.append((tag, self.getpos()[0]))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag)

    def handle_endtag(self, tag: str) -> None:
        self._check(tag)


def validate_mjml(source: str, template_name: str) -> None:
    """Raise NewsletterError for the first ``mj-`` tag MJML does not know."""
    scan = _MjmlTagScan()
    scan.feed(source)
    scan.close()
    if scan.unknown:
        tag, line = scan.unknown[0]
        others = len(scan.unknown) - 1
        more = f" ({others} more unknown tag{'s' if others > 1 else ''} after it)" if others else ""
        close = difflib.get_close_matches(tag, sorted(KNOWN_MJML_TAGS), n=1)
        hint = f"; did you mean <{close[0]}>?" if close else ""
        raise NewsletterError(
            f"unknown MJML tag <{tag}>{hint}{more}",
            file=template_name,
            line=line,
        )


def compile_mjml(source: str, template_name: str) -> str:
    """Compile rendered MJML to HTML with the ``inline="inline"`` styles inlined.

    MJML's own ``<style>`` blocks (resets, responsive column widths, media
    queries for phones) stay in the head untouched; only the CSS the template
    marked ``inline`` goes into ``style=""`` attributes, and any at-rules in it
    (``@media``, ``@font-face``) are kept in a ``<style>`` block, as MJML does.
    """
    validate_mjml(source, template_name)
    stripped, inline_css = _extract_inline_styles(source)
    try:
        html = mjml.mjml2html(stripped)
    except ValueError as exc:
        raise NewsletterError(
            f"MJML could not be compiled: {exc}", file=template_name, line=_mrml_line(stripped, str(exc))
        ) from None
    plain_css, at_rules = _split_at_rules(inline_css)
    try:
        html = css_inline.inline(
            html,
            inline_style_tags=False,
            keep_style_tags=True,
            keep_link_tags=True,
            load_remote_stylesheets=False,
            extra_css=plain_css or None,
        )
    except ValueError as exc:  # css_inline.InlineError subclasses ValueError
        raise NewsletterError(f"inline CSS could not be applied: {exc}", file=template_name, line=1) from None
    if at_rules:
        html = html.replace("</head>", f'<style type="text/css">{at_rules}</style></head>', 1)
    html = _PREVIEW_WHITE.sub(r"\1", html, count=1)
    log.debug("compiled %s: %d bytes of HTML", template_name, len(html.encode()))
    return html


def _extract_inline_styles(source: str) -> tuple[str, str]:
    """Remove ``<mj-style inline="inline">`` blocks, keeping line numbers; return their CSS."""
    blocks: list[str] = []

    def take(match: re.Match[str]) -> str:
        blocks.append(match.group("css"))
        return "\n" * match.group(0).count("\n")

    return _INLINE_STYLE.sub(take, source), "\n".join(blocks)


def _split_at_rules(css: str) -> tuple[str, str]:
    """Split CSS into plain rules (to inline) and top-level at-rules (to keep in <style>).

    Hand-written because css_inline drops at-rules from ``extra_css``; a brace
    counter is enough for the CSS an email template holds.
    """
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    plain: list[str] = []
    at_rules: list[str] = []
    depth = start = 0
    for i, char in enumerate(css):
        if char == "{":
            depth += 1
        elif char == "}" or (char == ";" and depth == 0):
            depth = max(depth - (char == "}"), 0)
            if depth == 0:
                statement = css[start : i + 1].strip()
                (at_rules if statement.startswith("@") else plain).append(statement)
                start = i + 1
    if css[start:].strip():
        plain.append(css[start:].strip())
    return "\n".join(s for s in plain if s not in ("", ";")), "\n".join(at_rules)


def _mrml_line(source: str, message: str) -> int | None:
    """Turn MRML's "at position <byte>:<byte>" into a 1-based line number."""
    match = _MRML_POSITION.search(message)
    if not match:
        return None
    return source.encode()[: int(match.group(1))].count(b"\n") + 1


@dataclass(frozen=True)
class SizePart:
    label: str
    bytes: int


@dataclass(frozen=True)
class SizeReport:
    """Where the bytes of an email's HTML go, biggest first within each list."""

    total_bytes: int
    inline_style_bytes: int
    style_block_bytes: int
    comment_bytes: int
    text_bytes: int
    sections: tuple[SizePart, ...]
    text_blocks: tuple[SizePart, ...]

    def biggest(self, count: int = 3) -> list[SizePart]:
        """The largest contributors of any kind, for a one-line explanation."""
        parts = [
            SizePart("inline style attributes", self.inline_style_bytes),
            SizePart("<style> blocks", self.style_block_bytes),
            SizePart("comments (Outlook conditionals)", self.comment_bytes),
            *(self.sections[:count] or self.text_blocks[:count]),
        ]
        return sorted((p for p in parts if p.bytes), key=lambda p: -p.bytes)[:count]

    def explain(self, count: int = 3) -> str:
        total = self.total_bytes or 1
        return ", ".join(
            f"{p.label} {p.bytes / KB:.1f} KB ({100 * p.bytes / total:.0f}%)" for p in self.biggest(count)
        )


_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)


class _SizeScan(HTMLParser):
    """Measure style attributes, style blocks, comments, text runs and body sections."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self._line_starts = [0]
        for match in re.finditer("\n", html):
            self._line_starts.append(match.end())
        self._html = html
        self.inline_style = self.style_blocks = self.comments = self.text = 0
        self.text_blocks: list[SizePart] = []
        self.sections: list[SizePart] = []
        self._stack: list[str] = []
        self._container_depth: int | None = None
        self._section: tuple[int, list[str]] | None = None  # start offset, text seen

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._count_style(attrs)
        if tag in _VOID:
            return
        if self._container_depth is not None and len(self._stack) == self._container_depth:
            self._section = (self._offset(), [])
        self._stack.append(tag)
        if tag == "body" or ("role", "article") in attrs:
            self._container_depth = len(self._stack)
            self.sections.clear()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._count_style(attrs)

    def _count_style(self, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "style" and value:
                self.inline_style += len(f' style="{value}"'.encode())

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or tag not in self._stack:
            return
        while self._stack and self._stack.pop() != tag:
            pass
        if self._section and self._container_depth is not None and len(self._stack) == self._container_depth:
            start, words = self._section
            end = self._html.find(">", self._offset()) + 1
            label = _shorten(" ".join(words)) or "(no text)"
            self.sections.append(SizePart(f"section “{label}”", len(self._html[start:end].encode())))
            self._section = None

    def handle_data(self, data: str) -> None:
        size = len(data.encode())
        if self._stack and self._stack[-1] == "style":
            self.style_blocks += size
            return
        if not data.strip():
            return
        self.text += size
        self.text_blocks.append(SizePart(f"text “{_shorten(data)}”", size))
        if self._section is not None:
            self._section[1].append(data)

    def handle_comment(self, data: str) -> None:
        self.comments += len(data.encode()) + 7


def _shorten(text: str, width: int = 40) -> str:
    words = " ".join(text.split())
    return words if len(words) <= width else words[: width - 1].rstrip() + "…"


def _biggest_first(parts: list[SizePart]) -> tuple[SizePart, ...]:
    return tuple(sorted(parts, key=lambda p: -p.bytes))


def html_size_report(html: str) -> SizeReport:
    """Measure an email's HTML the way Gmail's clip does: bytes of the HTML part."""
    scan = _SizeScan(html)
    scan.feed(html)
    scan.close()
    return SizeReport(
        total_bytes=len(html.encode()),
        inline_style_bytes=scan.inline_style,
        style_block_bytes=scan.style_blocks,
        comment_bytes=scan.comments,
        text_bytes=scan.text,
        sections=_biggest_first(scan.sections),
        text_blocks=_biggest_first(scan.text_blocks),
    )


def check_size(html: str, limit_kb: int, *, name: str = "email.html") -> SizeReport:
    """Refuse HTML over ``limit_kb`` KiB, saying what is big; return the report otherwise."""
    report = html_size_report(html)
    if report.total_bytes > limit_kb * KB:
        raise NewsletterError(
            f"the email HTML is {report.total_bytes / KB:.1f} KB, over the {limit_kb} KB limit "
            f"(Gmail clips at 102 KB); biggest: {report.explain()}",
            file=name,
            key="email.max_html_kb",
        )
    return report
