"""The per-user cache folder, shared by every workspace on the machine.

What is kept here depends only on installed code, never on a workspace's data:
the NYSE calendar's sessions (per exchange-calendars version), the compiled
packaged templates (per template source and Jinja2 environment) and the sample
market's generated histories (per code digest, seed and symbol:
:mod:`newsletter.data.sample.history_cache`). A workspace's own caches (charts,
collected data, its own templates) stay in the workspace.
"""

from __future__ import annotations

import os
from pathlib import Path


def user_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/newsletter``, else ``~/.cache/newsletter``."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsletter"
