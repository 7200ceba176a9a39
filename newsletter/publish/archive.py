"""The public web archive: a static site in the output folder, beside the issue folders.

    issues/index.html           every archived issue, newest first (headline, date, hook)
    issues/track-record.html    every call of the archived issues, graded, hit rate by section
    issues/feed.xml, atom.xml   RSS 2.0 and Atom (see :mod:`newsletter.publish.feeds`)
    issues/favicon.ico          a blank icon, unless the author put their own there
    issues/<date>/index.html    each issue's own page, as the build wrote it

Only archived issues are listed; drafts and held issues never are. Every link
between pages is relative, so the site works opened from disk and from any
static host; the feeds use absolute URLs from ``base_url``. Every file is written
to a temporary name and renamed. The pages are Jinja2 templates, looked up in
the workspace's ``templates/`` first (``archive_index.html.j2``,
``track_record.html.j2``, ``archive_base.html.j2``), the packaged defaults last.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
from pathlib import Path

import jinja2

from newsletter.atomic import atomic_write_bytes, atomic_write_text
from newsletter.calls import OUTCOME_MARKS, grade_words, outcome, r_multiple, trade_words
from newsletter.display import r_words, signed
from newsletter.errors import NewsletterError
from newsletter.model import GradedCall
from newsletter.publish.feeds import write_feeds
from newsletter.publish.state import ArchiveEntry
from newsletter.render import cashtag, long_date, price, short_date, year_date
from newsletter.replay.record import load_report, quotable_report
from newsletter.template_sandbox import render_bounded, sandboxed_environment
from newsletter.track_record import Tally, tally, track_record
from newsletter.workspace import Workspace

log = logging.getLogger(__name__)

FAVICON = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR4nGNgAAIAAAUAAXpeqz8AAAAASUVORK5CYII=")
"""A transparent 1×1 PNG: browsers ask every site root for /favicon.ico; the author may replace it."""


def issue_url(base_url: str, issue_date: dt.date) -> str:
    """The absolute web address of an issue's page."""
    return f"{base_url}{issue_date.isoformat()}/"


def archive_entry(folder: Path, archived_at: dt.datetime) -> ArchiveEntry:
    """The archive's line for the issue built in ``folder`` (from its ``meta.json``)."""
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        return ArchiveEntry(dt.date.fromisoformat(meta["date"]), meta["title"], meta["headline"],
                            meta.get("hook", ""), archived_at)
    except (OSError, ValueError, KeyError) as exc:
        raise NewsletterError(f"no readable issue metadata ({exc})", file=folder / "meta.json") from None


def hit_rates(graded: list[GradedCall]) -> list[Tally]:
    """Hit, failed and open counts by origin (section key or ``notes``), then ``all``."""
    rows = [tally(o, [g for g in graded if g.call.origin == o])
            for o in sorted({g.call.origin for g in graded})]
    return rows if len(rows) == 1 else [*rows, tally("all", graded)]


def grade_archive(output_dir: Path, entries: list[ArchiveEntry]) -> tuple[list[GradedCall], dt.date | None]:
    """Every call of the archived issues graded with the newest archived snapshot, newest first."""
    record = track_record(output_dir, [e.issue_date for e in entries])
    graded = sorted(record.graded, key=lambda g: (g.call.made_on, g.call.id), reverse=True)
    return graded, record.asof


def _environment(ws: Workspace) -> jinja2.Environment:
    """The issue templates' sandbox (:mod:`newsletter.template_sandbox`): an archive template
    is author input too, so it gets the same bounds and errors naming its file and line."""
    env = sandboxed_environment([str(p) for p in ws.template_dirs()])
    env.autoescape = True  # HTML pages: titles, headlines and hooks are text, never markup
    env.keep_trailing_newline = False
    env.filters.update(cashtag=cashtag, long_date=long_date, short_date=short_date, price=price,
                       outcome=outcome, r_multiple=r_multiple, r_words=r_words,
                       trade_words=trade_words, year_date=year_date, signed=signed,
                       grade_words=lambda g: grade_words(g, year_date))  # a record spans years
    return env


def write_site(ws: Workspace, entries: list[ArchiveEntry]) -> list[Path]:
    """Write the archive index, the track record and both feeds for ``entries``; return the paths."""
    out = ws.output_dir
    entries = sorted(entries, key=lambda e: e.issue_date, reverse=True)
    env = _environment(ws)
    graded, asof = grade_archive(out, entries)
    replay, stale = quotable_report(load_report(ws.root, ws.config.replay_report))
    if stale:
        log.warning("track record page: %s", stale)
    pages = {
        out / "index.html": render_bounded(env, "archive_index.html.j2", config=ws.config, entries=entries),
        out / "track-record.html": render_bounded(env, "track_record.html.j2", config=ws.config, graded=graded,
                                           rates=hit_rates(graded), asof=asof, markers=OUTCOME_MARKS,
                                           replay=replay),
    }
    for path, html in pages.items():
        atomic_write_text(path, html)
    written = [*pages, *write_feeds(out, entries, ws.config)]
    if not (out / "favicon.ico").exists():
        atomic_write_bytes(out / "favicon.ico", FAVICON)
        written.append(out / "favicon.ico")
    log.info("archive: %d issues, %d graded calls, written to %s", len(entries), len(graded), out)
    return written


def rebuild_site(ws: Workspace) -> list[Path]:
    """Rewrite the whole archive from the state database (after a template change, say)."""
    from newsletter.publish.state import PublishStore

    store = PublishStore.peek(ws.state_dir)
    if store is None:
        return write_site(ws, [])
    with store:
        return write_site(ws, store.archive_entries())
