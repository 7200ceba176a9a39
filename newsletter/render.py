"""Render: the Issue as Markdown, a web page, (later) email and plain text.

Templates format, never compute: every rounding or sign choice is a filter here.
Lookup: the workspace's ``templates/`` first, the packaged defaults last.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from functools import lru_cache
from pathlib import Path

import jinja2
import markdown as md_lib
import nh3

from newsletter import display
from newsletter.errors import NewsletterError
from newsletter.model import Issue

_HTML_TAGS = {"h1", "h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "b", "i", "code",
              "pre", "blockquote", "hr", "br", "a", "img", "table", "thead", "tbody", "tr", "th",
              "td", "span", "div", "sup", "sub"}
_HTML_ATTRS = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height", "loading", "style"},
               "span": {"class"}, "div": {"class"}, "th": {"align"}, "td": {"align"}}


def _names(context: jinja2.runtime.Context) -> dict[str, str]:
    issue = context.get("issue")
    return getattr(issue, "names", None) or {}


@jinja2.pass_context
def cashtag(context: jinja2.runtime.Context, ticker: str) -> str:
    """In a list or heading: ``$TSLA`` for a tradeable ticker, a name for an index ("S&P 500")."""
    return display.label(ticker, _names(context))


@jinja2.pass_context
def label(context: jinja2.runtime.Context, ticker: str) -> str:
    """Without the ``$``: "IWM", "S&P 500", "10Y yield" (ratios, yields)."""
    return display.plain(ticker, _names(context))


@jinja2.pass_context
def name(context: jinja2.runtime.Context, ticker: str) -> str:
    """In a sentence: ``$IWM``, "the S&P 500"."""
    return display.name(ticker, _names(context))


@jinja2.pass_context
def name_start(context: jinja2.runtime.Context, ticker: str) -> str:
    """At the start of a sentence: ``$IWM``, "The S&P 500"."""
    return display.name_start(ticker, _names(context))


def signed_pct(value: float, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    text = f"{value:+.{digits}f}%"
    return "0.0%" if text in ("+0.0%", "-0.0%") else text


def pct(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}%"


def price(value: float) -> str:
    """Prices as traders write them: 2 decimals under 1,000, none above 10,000."""
    if abs(value) >= 10_000:
        return f"{value:,.0f}"
    if abs(value) >= 1_000:
        return f"{value:,.1f}"
    return f"{value:,.2f}"


def signed_bp(value: float) -> str:
    return f"{value:+.0f} bp"


def updown(value: float, flat: float = 0.05) -> str:
    if value > flat:
        return "🟢"
    if value < -flat:
        return "🔴"
    return "⚪"


def short_date(value: dt.date) -> str:
    return f"{value:%b} {value.day}"


def long_date(value: dt.date) -> str:
    return f"{value:%A, %B} {value.day}, {value.year}"


def pick(choices: list[str], issue_date: dt.date, key: str) -> str:
    """One phrasing of several, chosen from the issue date so consecutive issues read differently."""
    digest = hashlib.sha256(f"{issue_date.isoformat()}:{key}".encode()).digest()
    return choices[int.from_bytes(digest[:4], "big") % len(choices)]


def environment(template_dirs: list[Path]) -> jinja2.Environment:
    """The Jinja2 environment for these template folders, reused: compiled templates are cached,
    and the loader still notices an edited template (it checks modification times)."""
    return _environment(tuple(str(p) for p in template_dirs))


@lru_cache(maxsize=8)
def _environment(template_dirs: tuple[str, ...]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(list(template_dirs)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        cashtag=cashtag, label=label, signed_pct=signed_pct, pct=pct, price=price,
        signed_bp=signed_bp, updown=updown, pick=pick, short_date=short_date, long_date=long_date,
        name=name, Name=name_start, level=display.level,
    )
    return env


def _render(env: jinja2.Environment, name: str, **context) -> str:
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise NewsletterError(f"template syntax error: {exc.message}",
                              file=exc.filename or name, line=exc.lineno) from None
    except jinja2.TemplateNotFound as exc:
        raise NewsletterError(f"template not found: {exc.name}", file=name) from None
    except jinja2.UndefinedError as exc:
        raise NewsletterError(f"template uses an unknown value ({exc.message})", file=name) from None


def render_markdown(env: jinja2.Environment, issue: Issue, target: str = "md") -> str:
    """The issue as Markdown. ``target`` picks how charts embed: ``md`` or ``html``."""
    text = _render(env, "issue.md.j2", issue=issue, target=target)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def markdown_to_html(text: str, *, cid_images: bool = False) -> str:
    """Markdown to HTML, then sanitised: defence in depth behind the notes' own sanitising.

    ``cid_images`` keeps ``cid:`` URLs, which the email's inline charts use.
    """
    html = md_lib.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    schemes = {"http", "https", "mailto", "cid"} if cid_images else {"http", "https", "mailto"}
    return nh3.clean(html, tags=_HTML_TAGS, attributes=_HTML_ATTRS,
                     url_schemes=schemes, link_rel="noopener noreferrer")


def render_page(env: jinja2.Environment, issue: Issue) -> str:
    body = markdown_to_html(render_markdown(env, issue, target="html"))
    return _render(env, "page.html.j2", issue=issue, body=body)
