"""Writing chart files so that a reader never sees half of one."""

from __future__ import annotations

import logging
from pathlib import Path

from newsletter.atomic import atomic_write_bytes, place

log = logging.getLogger(__name__)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    No fsync of its own: a chart is drawn into the chart cache, whose entries carry their
    SHA-256 (a torn one is drawn again), or into an issue's staging folder, which is flushed
    whole before it is swapped in (:func:`newsletter.atomic.fsync_tree`). 2-3 ms a chart.
    """
    atomic_write_bytes(path, data, durable=False)


__all__ = ["place", "write_atomic"]
