"""A folder of drawn charts keyed by a hash of everything that decides their pixels.

The key covers the chart kind, its keyword arguments (frames by their bytes),
the style sheet's contents, this package's source code and the versions of
matplotlib and Pillow. Equal key, equal PNG: a hit is copied (hard-linked when
the folders share a disk) into the issue's ``charts/`` folder without importing
matplotlib at all.

Layout: ``<cache>/<key[:2]>/<key>.png`` and ``<key>.json`` (the Chart's alt
text and size, and the PNG's SHA-256). The JSON is written last, so an entry
without it is ignored; a PNG that does not match its digest is drawn again.
Files are replaced, never rewritten in place, so a hard link handed out
earlier keeps its bytes. Nothing is ever evicted: delete the folder to reclaim it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from newsletter.atomic import FILE_MODE, atomic_write_bytes
from newsletter.charts.fingerprint import feed
from newsletter.model import Chart
from newsletter.versions import dist_version

log = logging.getLogger(__name__)

CACHE_FORMAT = 2
"""Bump to orphan every cached chart (e.g. after changing the key itself)."""


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of this package's source files and of the drawing libraries' versions."""
    h = hashlib.sha256(f"format {CACHE_FORMAT}".encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    for dist in ("matplotlib", "pillow", "numpy"):
        h.update(f"{dist}={dist_version(dist)}".encode())
    return h.hexdigest()


def chart_key(kind: str, kwargs: dict[str, Any], style: bytes) -> str:
    """The cache key of one chart: kind, inputs, style sheet bytes and :func:`code_version`."""
    h = hashlib.sha256()
    feed(h, code_version())
    feed(h, kind)
    feed(h, style)
    feed(h, kwargs)
    return h.hexdigest()


@dataclass(frozen=True)
class ChartCache:
    """Drawn charts under ``root``, by key."""

    root: Path

    def _paths(self, key: str) -> tuple[Path, Path]:
        folder = self.root / key[:2]
        return folder / f"{key}.png", folder / f"{key}.json"

    def get(self, key: str, name: str) -> tuple[Path, Chart] | None:
        """The cached PNG and its Chart (renamed to ``name``), or None on a miss."""
        png, meta = self._paths(key)
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        try:  # a damaged PNG (its digest is recorded) is drawn again, never served
            if not isinstance(info, dict) or hashlib.sha256(png.read_bytes()).hexdigest() != info.get("sha256"):
                return None
        except OSError:
            return None
        return png, Chart(name=name, alt=info["alt"], width=info["width"],
                          height=info["height"], kind=info["kind"])

    def put(self, key: str, drawn: Path, chart: Chart) -> Path:
        """Move the freshly drawn PNG ``drawn`` into the cache; return its cached path."""
        png, meta = self._paths(key)
        png.parent.mkdir(parents=True, exist_ok=True)
        os.replace(drawn, png)
        info = {"alt": chart.alt, "width": chart.width, "height": chart.height,
                "kind": chart.kind, "sha256": hashlib.sha256(png.read_bytes()).hexdigest()}
        # no fsync: a torn entry fails its digest and is drawn again
        atomic_write_bytes(meta, json.dumps(info, ensure_ascii=False).encode(), durable=False)
        return png

    def scratch(self) -> Path:
        """A fresh path inside the cache to draw into (same disk, so :meth:`put` is a rename)."""
        self.root.mkdir(parents=True, exist_ok=True)
        fd, path = tempfile.mkstemp(dir=self.root, prefix=".drawing.", suffix=".png")
        os.close(fd)
        os.chmod(path, FILE_MODE)
        return Path(path)

