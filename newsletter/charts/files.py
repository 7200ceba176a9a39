"""Writing chart files so that a reader never sees half of one."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

from newsletter.atomic import atomic_write_bytes

log = logging.getLogger(__name__)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename."""
    atomic_write_bytes(path, data)


def place(source: Path, dest: Path) -> None:
    """Put ``source`` at ``dest``: a hard link when possible, else a copy; atomically either way.

    A hard link costs no bytes and no time; it is safe because every writer in
    this package replaces files (rename) rather than rewriting them in place.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    if dest.exists() and os.path.samefile(source, dest):
        return
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
    os.close(fd)
    os.unlink(tmp)
    try:
        try:
            os.link(source, tmp)
        except OSError:
            shutil.copyfile(source, tmp)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
