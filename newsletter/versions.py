"""Installed library versions, for the caches' keys: looked up once per process.

``importlib.metadata.version`` scans ``sys.path`` on every call (1.4 ms each; a warm build
asked for numpy's version three times, for six libraries in all).
"""

from __future__ import annotations

from functools import cache
from importlib import metadata


@cache
def dist_version(dist: str) -> str:
    """The installed version of distribution ``dist``, or ``"absent"``."""
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "absent"
