"""``newsletter notes new``: start an issue's notes with what the author needs in front of them.

The file is the scaffold's example notes (every key present, commented out)
for that issue date, plus, as comments, the calls from earlier issues still
open (graded on the newest saved snapshot, so no data is fetched) and the
names already watched: the Breakdown Watch list and the last notes' ``watch``.
An existing file is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from newsletter.atomic import atomic_write_text
from newsletter.calls import earlier_calls, grade_calls
from newsletter.errors import NewsletterError
from newsletter.init import NOTES_EXAMPLE, SCAFFOLD_DIR, example_notes
from newsletter.model import GradedCall
from newsletter.notes import load_notes, notes_path
from newsletter.sessions import next_issue_date, require_sunday
from newsletter.workspace import Workspace

log = logging.getLogger(__name__)

WEEK = dt.timedelta(days=7)


@dataclass(frozen=True)
class NewNotes:
    """What :func:`new_notes` wrote: the file, the open calls listed in it, the watch names."""

    path: Path
    open_calls: tuple[GradedCall, ...]
    watch: tuple[str, ...]


def open_calls(ws: Workspace, issue_date: dt.date) -> list[GradedCall]:
    """Calls from issues before ``issue_date`` still open on the newest saved snapshot's prices."""
    calls = earlier_calls(ws.output_dir, issue_date)
    if not calls:
        return []
    bars, asof = {}, issue_date - dt.timedelta(days=1)
    snapshot = _newest_snapshot(ws.output_dir, issue_date)
    if snapshot is not None:
        from newsletter.data.snapshot import load_snapshot

        loaded = load_snapshot(snapshot)
        bars, asof = loaded.bars, loaded.asof
    return [g for g in grade_calls(calls, bars, asof) if g.grade == "open"]


def _newest_snapshot(output_dir: Path, issue_date: dt.date) -> Path | None:
    for folder in sorted(output_dir.glob("*/snapshot/meta.json"), reverse=True):
        try:
            day = dt.date.fromisoformat(folder.parent.parent.name)
        except ValueError:
            continue
        if day < issue_date:
            return folder.parent
    return None


def last_watch(ws: Workspace, issue_date: dt.date) -> tuple[str, ...]:
    """The ``watch`` names of the newest notes before ``issue_date`` (none if unreadable)."""
    for path in sorted(ws.notes_dir.glob("*.yaml"), reverse=True):
        try:
            day = dt.date.fromisoformat(path.stem)
        except ValueError:
            continue
        if day < issue_date:
            try:
                return tuple(load_notes(ws.notes_dir, day, display_root=ws.root).watch)
            except NewsletterError as exc:
                log.warning("not carrying the watch names over: %s", exc.one_line())
                return ()
    return ()


def _call_line(g: GradedCall) -> str:
    c = g.call
    side = "short under" if c.direction == "short" else "long over"
    return (f"# - {c.ticker}: {side} {c.trigger:,.2f}, target {c.target:,.2f}, stop {c.stop:,.2f} "
            f"(from the {c.made_on} issue, {c.origin}): {g.reason}")


def notes_text(template: str, issue_date: dt.date, graded: list[GradedCall],
               watched: list[str], carried: tuple[str, ...]) -> str:
    """The example notes for ``issue_date`` with the open calls and the watch names as comments."""
    lines = example_notes(template, issue_date).splitlines()
    if graded:
        block = ["# Open calls from earlier issues: the recap grades them from prices on its own;",
                 "# add your word on them under recap below.",
                 *(_call_line(g) for g in graded)]
    else:
        block = ["# No calls from earlier issues are open."]
    _insert_before(lines, "#recap:", block)
    watch = [f"# Breakdown Watch already follows (newsletter.yaml): {', '.join(watched) or 'nobody'}."]
    if carried:
        watch.append(f"# The last notes watched: {', '.join(carried)} (uncomment to keep them).")
    at = _insert_before(lines, "#watch:", watch)
    if carried and at is not None:
        lines[at + len(watch)] = f"#watch: [{', '.join(carried)}]"
    return "\n".join(lines) + "\n"


def _insert_before(lines: list[str], prefix: str, block: list[str]) -> int | None:
    at = next((i for i, line in enumerate(lines) if line.startswith(prefix)), None)
    if at is None:
        lines.extend(["", *block])
        return None
    lines[at:at] = block
    return at


def new_notes(ws: Workspace, issue_date: dt.date | None = None, *,
              today: dt.date | None = None) -> NewNotes:
    """Write ``notes/<issue_date>.yaml`` (default: the next issue's); never overwrite one."""
    issue_date = require_sunday(issue_date) if issue_date else next_issue_date(today or dt.date.today())
    path = notes_path(ws.notes_dir, issue_date)
    if path.exists():
        following = issue_date + WEEK
        while notes_path(ws.notes_dir, following).exists():
            following += WEEK
        raise NewsletterError(f"already exists: edit it, or start another issue's notes with "
                              f"--date {following}", file=_shown(path, ws.root))
    graded = open_calls(ws, issue_date)
    carried = last_watch(ws, issue_date)
    template = (SCAFFOLD_DIR / NOTES_EXAMPLE).read_text(encoding="utf-8")
    text = notes_text(template, issue_date, graded, list(ws.config.watchlists.breakdown), carried)
    atomic_write_text(path, text)
    return NewNotes(path, tuple(graded), carried)


def _shown(path: Path, root: Path) -> Path:
    return path.relative_to(root) if path.is_relative_to(root) else path
