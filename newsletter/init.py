"""``newsletter init DIR``: scaffold a workspace an author can build from at once.

It copies the packaged starter files (``newsletter/scaffold/``): a
``newsletter.yaml`` with every key at its default and a comment, example notes
for the next issue date, the Sunday schedule, an example recipients file; the
chart style sheet to edit; and the JSON Schemas that editors use to check and
complete the YAML. No template is copied: a copy would override the packaged
one for good, so the author copies one on purpose (``newsletter templates copy``). Nothing
existing is overwritten unless asked (``--force``), and then nothing is
written before every file has been checked.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from newsletter.atomic import atomic_write_bytes
from newsletter.errors import NewsletterError
from newsletter.sessions import next_issue_date
from newsletter.workspace import PACKAGE_DIR

log = logging.getLogger(__name__)

SCAFFOLD_DIR = PACKAGE_DIR / "scaffold"
CHART_STYLE = PACKAGE_DIR / "charts" / "newsletter.mplstyle"
SCHEMAS_DIR = PACKAGE_DIR / "schemas"
"""JSON Schemas of newsletter.yaml and the notes: the scaffold's files name them for editors."""
NOTES_EXAMPLE = "notes/NEXT_ISSUE.yaml"
RENAMED = {"gitignore": ".gitignore"}
"""Shipped without the dot so that packaging tools do not skip them."""
FIRST = ("newsletter.yaml", "notes", "schedules", "recipients.txt")
CALL_HORIZON = dt.timedelta(days=33)
"""How far after the issue date the example call's horizon is (about a month, on a weekday)."""


@dataclass(frozen=True)
class InitReport:
    """What :func:`init_workspace` wrote: every file, and those it replaced (``--force``)."""

    root: Path
    created: tuple[Path, ...]
    replaced: tuple[Path, ...]


def _files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                  and not p.name.startswith("."))


def _order(rel: Path) -> tuple[int, str]:
    top = rel.parts[0]
    return (FIRST.index(top) if top in FIRST else len(FIRST), rel.as_posix())


def plan_files(today: dt.date) -> list[tuple[Path, bytes]]:
    """Every file a new workspace gets, as (path relative to it, contents), in print order."""
    if not (SCAFFOLD_DIR / "newsletter.yaml").is_file():
        raise NewsletterError("the packaged workspace files are missing: reinstall newsletter",
                              file=SCAFFOLD_DIR)
    issue_date = next_issue_date(today)
    planned: list[tuple[Path, bytes]] = []
    for source in _files_under(SCAFFOLD_DIR):
        rel = source.relative_to(SCAFFOLD_DIR)
        data = source.read_bytes()
        if rel.as_posix() == NOTES_EXAMPLE:
            rel = rel.with_name(f"{issue_date.isoformat()}.yaml")
            data = example_notes(data.decode("utf-8"), issue_date).encode("utf-8")
        planned.append((rel.with_name(RENAMED.get(rel.name, rel.name)), data))
    planned.sort(key=lambda item: _order(item[0]))
    planned.append((Path("charts") / CHART_STYLE.name, CHART_STYLE.read_bytes()))
    for schema in sorted(SCHEMAS_DIR.glob("*.schema.json")):
        planned.append((Path("schemas") / schema.name, schema.read_bytes()))
    return planned


def example_notes(text: str, issue_date: dt.date) -> str:
    """The example notes filled in for ``issue_date`` (its call's horizon a month later)."""
    return (text.replace("{{issue_date}}", issue_date.isoformat())
                .replace("{{horizon}}", (issue_date + CALL_HORIZON).isoformat()))


def init_workspace(target: Path, *, force: bool = False, today: dt.date | None = None) -> InitReport:
    """Scaffold a workspace in ``target`` (created if missing).

    Without ``force``, an existing file is a NewsletterError naming the first
    one, and nothing is written.
    """
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise NewsletterError("exists and is not a folder", file=target)
    planned = plan_files(today or dt.date.today())
    existing = [target / rel for rel, _ in planned if (target / rel).exists()]
    if existing and not force:
        more = f" (and {len(existing) - 1} more)" if len(existing) > 1 else ""
        raise NewsletterError(f"already exists{more}; use --force to overwrite", file=existing[0])
    for rel, data in planned:
        atomic_write_bytes(target / rel, data)
    log.info("scaffolded a workspace in %s (%d files)", target, len(planned))
    return InitReport(root=target, created=tuple(target / rel for rel, _ in planned),
                      replaced=tuple(existing))
