"""Fixtures for the chart tests: every figure a chart draws, kept for inspection."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure

from newsletter.charts import png


@pytest.fixture
def figures(monkeypatch: pytest.MonkeyPatch) -> list[Figure]:
    """Each figure passed to ``save_png`` during the test, in order (the PNG is still written)."""
    seen: list[Figure] = []
    real = png.save_png

    def keep(fig: Figure, path, max_bytes: int = png.MAX_BYTES) -> int:
        seen.append(fig)
        return real(fig, path, max_bytes)

    for module in ("candles", "ratio", "returns", "open_interest", "event_study", "gamma",
                   "iv_term", "breadth"):
        monkeypatch.setattr(f"newsletter.charts.{module}.save_png", keep)
    return seen

