"""The archive's feeds: RSS 2.0 (``feed.xml``) and Atom (``atom.xml``), written with feedgen.

Every link is absolute (``base_url`` + the issue's folder). Dates come from the
archive entries (the issue's date at its time of publishing), never from the
clock, so rewriting the feeds for the same entries gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from pathlib import Path
from zoneinfo import ZoneInfo

from feedgen.feed import FeedGenerator

from newsletter.atomic import atomic_write_bytes
from newsletter.config import Config
from newsletter.publish.state import ArchiveEntry

log = logging.getLogger(__name__)

RSS_FILE = "feed.xml"
ATOM_FILE = "atom.xml"
FEED_ITEMS = 50
"""How many of the newest issues the feeds carry."""


def _generator(config: Config, entries: list[ArchiveEntry], self_name: str) -> FeedGenerator:
    base = config.base_url
    feed = FeedGenerator()
    feed.id(base)
    feed.title(config.title)
    feed.subtitle(config.tagline or config.title)
    feed.author({"name": config.author})
    feed.link(href=f"{base}{self_name}", rel="self")
    feed.link(href=base, rel="alternate")  # the last link is RSS's <link>: the site
    feed.language("en")
    zone = ZoneInfo(config.timezone)
    newest = max((published_at(e, zone) for e in entries),
                 default=dt.datetime(1970, 1, 1, tzinfo=dt.UTC))
    feed.updated(newest)
    for entry in sorted(entries, key=lambda e: e.issue_date)[-FEED_ITEMS:]:
        url = f"{base}{entry.issue_date.isoformat()}/"
        item = feed.add_entry()  # prepends: the newest issue comes first
        item.id(url)
        item.guid(url, permalink=True)
        item.title(entry.headline)
        item.link(href=url, rel="alternate")
        # RSS readers show a <description> as HTML: the hook is text, so it goes in escaped
        item.summary(html.escape(entry.hook or entry.headline), type="html")
        item.published(published_at(entry, zone))
        item.updated(published_at(entry, zone))
    return feed


def published_at(entry: ArchiveEntry, zone: ZoneInfo) -> dt.datetime:
    """The item's date in the feeds: the issue's date, at the time of day it was published.

    An issue archived days late (a held issue released, a rerun) is still dated
    its Sunday, not the day the archive was written.
    """
    local = entry.archived_at.astimezone(zone)
    return dt.datetime.combine(entry.issue_date, local.time(), tzinfo=zone)


def write_feeds(output_dir: Path, entries: list[ArchiveEntry], config: Config) -> list[Path]:
    """Write ``feed.xml`` and ``atom.xml`` for the archived ``entries``; return their paths."""
    rss, atom = output_dir / RSS_FILE, output_dir / ATOM_FILE
    atomic_write_bytes(rss, _generator(config, entries, RSS_FILE).rss_str(pretty=True))
    atomic_write_bytes(atom, _generator(config, entries, ATOM_FILE).atom_str(pretty=True))
    return [rss, atom]
