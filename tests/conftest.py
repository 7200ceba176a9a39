"""Shared test fixtures: where the real bars live, and a clean workspace factory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_data_dir() -> Path | None:
    """The folder of real Yahoo-layout CSVs, or None when it is not beside the checkout."""
    env = os.environ.get("NEWSLETTER_SHARED_DATA")
    candidates = [Path(env)] if env else []
    candidates.append(REPO.parent / "shared" / "data" / "yahoo-daily")
    for path in candidates:
        if (path / "SPY.csv").is_file():
            return path
    return None


@pytest.fixture
def real_data_dir() -> Path:
    path = shared_data_dir()
    if path is None:
        pytest.skip("real bars absent: set NEWSLETTER_SHARED_DATA or put shared/ beside the checkout")
    return path


pytest_plugins = ["tests.browser"]

# Tests never touch the network (no link HEAD requests) and skip SpamAssassin (seconds a
# run) unless a test passes its own probe or scorer; set before any test starts a process.
os.environ["NEWSLETTER_OFFLINE"] = "1"
os.environ["NEWSLETTER_SPAM_CHECK"] = "off"
