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
from newsletter.calls import grade_words, outcome, outcome_mark, r_multiple, trade_words
from newsletter.model import Issue
from newsletter.sections.told import told, untold_calendar, untold_parts
from newsletter.template_cache import TemplateCodeCache
from newsletter.template_sandbox import PACKAGED, render_bounded, sandboxed_environment
from newsletter.user_cache import user_cache_dir

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
    return display.signed_percent(value, digits)


def pct(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}%"


def share(value: float) -> str:
    """A figure out of 100, whole, that says "100" only at 100 and "0" only at 0: "over 99",
    "under 1" between ("VIX rank 0 of 100" with the VIX a cent over its low, the real bars'
    2011-01-16)."""
    shown = f"{value:.0f}"
    if shown == "100" and value < 100:
        return "over 99"
    if shown == "0" and value > 0:
        return "under 1"
    return shown


def share_pct(value: float) -> str:
    """:func:`share` in percent: "percentile 100%: that share of the earlier closes was lower"
    was said of 250 of 251 (the real bars' 2020-03-15)."""
    return f"{share(value)}%"


def price(value: float) -> str:
    """Prices as traders write them (:func:`newsletter.display.price`)."""
    return display.price(value)


def points(value: float) -> str:
    """Vol points with a sign: ``+1.3 pts``; ``0.0 pts`` for what prints as zero."""
    return f"{display.signed(value)} pts"


def dollars(value: float) -> str:
    """Signed dollars in thousands, millions or billions: ``+$1.2bn``, ``-$850m``."""
    sign = "-" if value < 0 else "+"
    size = abs(value)
    for unit, scale in (("bn", 1e9), ("m", 1e6), ("k", 1e3)):
        if size >= scale:
            return f"{sign}${size / scale:,.{1 if size < 100 * scale else 0}f}{unit}"
    return f"{sign}${size:,.0f}"


def signed_bp(value: float) -> str:
    """``-22 bp``; ``0 bp`` for what prints as zero (never ``-0 bp``)."""
    return f"{display.signed(value, 0)} bp"


def updown(value: float, digits: int = 1) -> str:
    """The dot of a change printed to ``digits`` decimals: 🟢 when it prints up, 🔴 down, ⚪ when it
    prints as zero (or not at all): a yield that prints "0 bp" is not green for moving 0.4 bp."""
    if value is None or not math.isfinite(value):
        return "⚪"
    shown = round(value, digits)
    return "🟢" if shown > 0 else "🔴" if shown < 0 else "⚪"


def short_date(value: dt.date) -> str:
    """:func:`newsletter.display.short_date`, the issue's ``short_date`` filter."""
    return display.short_date(value)


YEARLESS_DAYS = 180
"""A past date this many days or fewer before the as-of reads without its year ("Aug 2"); further
back it carries it: "the pivot from Jan 29" in the Jan 23, 2022 issue read as next week."""


def year_date(value: dt.date) -> str:
    """:func:`newsletter.display.year_date`, the issue's ``year_date`` filter."""
    return display.year_date(value)


def past_date(value: dt.date, asof: dt.date) -> str:
    """"Aug 2" within :data:`YEARLESS_DAYS` of ``asof``, else "Jan 29, 2021"."""
    if (asof - value).days > YEARLESS_DAYS:
        return year_date(value)
    return short_date(value)


def long_date(value: dt.date) -> str:
    return f"{value:%A, %B} {value.day}, {value.year}"


def pick(choices: list[str], issue_date: dt.date, key: str) -> str:
    """One phrasing of several, chosen from the issue date so consecutive issues read differently."""
    digest = hashlib.sha256(f"{issue_date.isoformat()}:{key}".encode()).digest()
    return choices[int.from_bytes(digest[:4], "big") % len(choices)]


def environment(template_dirs: list[Path], cache_dir: Path | None = None) -> jinja2.Environment:
    """The Jinja2 environment for these template folders, reused: compiled templates are cached,
    and the loader still notices an edited template (it checks modification times).

    ``cache_dir`` keeps the compiled templates between runs (see :mod:`newsletter.template_cache`).
    """
    return _environment(tuple(str(p) for p in template_dirs),
                        None if cache_dir is None else str(cache_dir))


@lru_cache(maxsize=8)
def _environment(template_dirs: tuple[str, ...], cache_dir: str | None = None) -> jinja2.Environment:
    env = sandboxed_environment(list(template_dirs))
    if cache_dir is not None:
        env.bytecode_cache = TemplateCodeCache(Path(cache_dir), user_cache_dir() / "templates",
                                               PACKAGED)
    env.filters.update(
        cashtag=cashtag, label=label, signed_pct=signed_pct, pct=pct, share_pct=share_pct, share=share, price=price,
        signed_bp=signed_bp, points=points, dollars=dollars, updown=updown, pick=pick,
        short_date=short_date, year_date=year_date, past_date=past_date, long_date=long_date,
        name=name, Name=name_start, outcome=outcome, outcome_mark=outcome_mark,
        r_multiple=r_multiple, trade_words=trade_words, grade_words=grade_words,
        level=display.level, quote=display.quote, gap=display.gap, gap_pct=display.gap_pct,
        r_words=display.r_words, vol_gap=display.vol_gap, signed=display.signed,
        a_or_an=display.a_or_an, told=told, untold_calendar=untold_calendar, untold_parts=untold_parts,
    )
    return env


_render = render_bounded

CHECKED_TEMPLATES = ("issue.md.j2", "macros.md.j2", "page.html.j2", "email.mjml.j2")


def check_templates(env: jinja2.Environment) -> None:
    """Compile every template a build may use, so a broken section fails even when it is absent."""
    names = [*CHECKED_TEMPLATES, *env.list_templates(
        filter_func=lambda n: n.startswith("sections/") and n.endswith(".j2"))]
    for name in names:
        render_bounded(env, name, compile_only=True)


def render_markdown(env: jinja2.Environment, issue: Issue, target: str = "md") -> str:
    """The issue as Markdown. ``target`` picks how charts embed: ``md`` or ``html``."""
    check_templates(env)
    text = _render(env, "issue.md.j2", issue=issue, target=target)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


_LONE_BRACKET = re.compile(r"\[(?![^\[\]\n]{0,1000}+\])")
_UNCLOSED_LINK = re.compile(r"\]\((?![^\n)]{0,2048}+\))")


def _guard_brackets(text: str) -> str:
    """Escape a ``[`` that closes on no ``]`` and a ``](`` that closes on no ``)``.

    Python-Markdown tries every unmatched bracket as a link and scans to the end
    each time: 10 KB of ``[`` took 27 s. Escaped, they read the same and cost nothing.
    """
    return _UNCLOSED_LINK.sub(r"]\\(", _LONE_BRACKET.sub(r"\\[", text))


def markdown_to_html(text: str, *, cid_images: bool = False) -> str:
    """Markdown to HTML, then sanitised: defence in depth behind the notes' own sanitising.

    ``cid_images`` keeps ``cid:`` URLs, which the email's inline charts use.
    """
    html = md_lib.markdown(_guard_brackets(text), extensions=["tables", "sane_lists"],
                           output_format="html")
    schemes = {"http", "https", "mailto", "cid"} if cid_images else {"http", "https", "mailto"}
    return nh3.clean(html, tags=_HTML_TAGS, attributes=_HTML_ATTRS,
                     url_schemes=schemes, link_rel="noopener noreferrer")


def render_page(env: jinja2.Environment, issue: Issue) -> str:
    body = markdown_to_html(render_markdown(env, issue, target="html"))
    return _render(env, "page.html.j2", issue=issue, body=body)
