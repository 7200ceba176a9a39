"""Writing chart files so that a reader never sees half of one."""

from __future__ import annotations

import logging
from pathlib import Path

from newsletter.atomic import atomic_write_bytes, place

log = logging.getLogger(__name__)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename."""
    atomic_write_bytes(path, data)


__all__ = ["place", "write_atomic"]
