"""Watch what a draft is made of: ``newsletter.yaml``, ``notes/``, ``templates/``, ``charts/``.

Each folder is watched by itself (not recursively from the workspace root),
so nothing the build writes (``issues/``, ``.newsletter/``, ``.cache/``) and
nothing else in the folder (a ``.venv`` beside it) wakes the watcher. A
folder created or removed later restarts the watch with the new list.
Watching the root itself, not ``newsletter.yaml``, survives editors that save
by renaming a new file over the old one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from newsletter.config import CONFIG_FILE
from newsletter.preview.drafts import GATHER, RENDER

log = logging.getLogger(__name__)

SOURCE_DIRS = ("notes", "templates", "charts")
STEP_MS = 30
"""After a change, yield once nothing more changed for this long (an editor's save burst)."""
DEBOUNCE_MS = 400
"""Never hold a change longer than this, however busy the folder."""


def change_kind(root: Path, path: Path) -> str | None:
    """What a change to ``path`` needs: GATHER (the config), RENDER (notes, templates, style) or None."""
    try:
        rel = path.relative_to(root)
    except ValueError:
        return None
    if rel.parts == (CONFIG_FILE,):
        return GATHER
    if len(rel.parts) < 2 or rel.parts[0] not in SOURCE_DIRS:
        return None
    if any(part.startswith((".", "#")) or part.endswith(("~", ".swp", ".tmp")) for part in rel.parts):
        return None  # an editor's or our own temporary file
    return RENDER


def watched_dirs(root: Path) -> list[Path]:
    """The root (for ``newsletter.yaml``) and every folder under notes/, templates/, charts/."""
    dirs = [root]
    for name in SOURCE_DIRS:
        top = root / name
        if top.is_dir():
            dirs.append(top)
            dirs += sorted(p for p in top.rglob("*") if p.is_dir()
                           and not any(part.startswith(".") for part in p.relative_to(top).parts))
    return dirs


def watch_workspace(root: Path, notify: Callable[[str, Path], None], stop: threading.Event) -> None:
    """Call ``notify(kind, path)`` for every relevant change until ``stop`` is set."""
    import watchfiles

    dirs: list[Path] = []
    while not stop.is_set():
        before, dirs = dirs, watched_dirs(root)
        for new_dir in (d for d in dirs if before and d not in before):
            for path in sorted(new_dir.iterdir()):  # written before the new folder was watched
                _report(root, path, notify)
        log.debug("watching %s", ", ".join(str(d) for d in dirs))
        try:
            for changes in watchfiles.watch(*dirs, recursive=False, stop_event=stop, step=STEP_MS,
                                            debounce=DEBOUNCE_MS, raise_interrupt=False):
                restart = False
                for change, name in sorted(changes):
                    path = Path(name)
                    _report(root, path, notify)
                    if path in dirs[1:] or (change == watchfiles.Change.added and path.is_dir()):
                        restart = restart or change_kind(root, path / "x") is not None
                if restart:
                    break
        except (OSError, RuntimeError) as exc:  # a watched folder vanished under us: look again
            log.warning("watching the workspace again after: %s", exc)
            stop.wait(0.5)


def _report(root: Path, path: Path, notify: Callable[[str, Path], None]) -> None:
    kind = change_kind(root, path)
    if kind is not None and not path.is_dir():
        log.info("changed: %s", path.relative_to(root))
        notify(kind, path)
