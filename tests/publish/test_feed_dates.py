"""Feed items are dated by the issue, at its time of publishing, not by when the archive ran."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import feedparser

from newsletter.config import Config
from newsletter.publish.feeds import write_feeds
from newsletter.publish.state import ArchiveEntry


def test_a_late_archived_issue_keeps_its_sunday(tmp_path: Path) -> None:
    late = ArchiveEntry(dt.date(2026, 11, 29), "The Weekly Edge", "Late", "hook",
                        dt.datetime(2026, 12, 4, 16, 56, tzinfo=dt.UTC))
    on_time = ArchiveEntry(dt.date(2026, 11, 22), "The Weekly Edge", "On time", "hook",
                           dt.datetime(2026, 11, 23, 1, 0, 5, tzinfo=dt.UTC))  # Sunday 20:00:05 New York
    write_feeds(tmp_path, [on_time, late], Config())
    for name in ("feed.xml", "atom.xml"):
        feed = feedparser.parse((tmp_path / name).read_bytes())
        dates = {e.title: dt.datetime(*e.published_parsed[:6], tzinfo=dt.UTC) for e in feed.entries}
        # Nov 29 at 11:56 New York (the time of day it went out), not Dec 4
        assert dates["Late"] == dt.datetime(2026, 11, 29, 16, 56, tzinfo=dt.UTC), name
        assert dates["On time"] == dt.datetime(2026, 11, 23, 1, 0, 5, tzinfo=dt.UTC), name
