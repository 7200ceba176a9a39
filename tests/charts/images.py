"""What every chart PNG must be: small, exactly 2x its display size, opaque, not blank."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.figure import Figure
from PIL import Image

from newsletter.model import Chart

MAX_BYTES = 80_000
MIN_STD = 12.0
"""Grey-level standard deviation below which a chart is taken for blank."""


def pixels(path: Path) -> np.ndarray:
    """The PNG as an RGBA array (palette and RGB images expanded)."""
    with Image.open(path) as image:
        return np.asarray(image.convert("RGBA"))


def assert_chart_png(path: Path, chart: Chart, light: bool = True) -> np.ndarray:
    """Check the PNG at ``path`` against the budget and the Chart's display size; return its pixels.

    ``light`` also checks that the background (a corner pixel) is white-ish.
    """
    assert path.is_file(), path
    assert path.stat().st_size <= MAX_BYTES, f"{path.name}: {path.stat().st_size} bytes"
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == (2 * chart.width, 2 * chart.height)
        assert "transparency" not in image.info, "palette PNG declares a transparent colour"
        assert image.mode in ("P", "RGB"), image.mode
    rgba = pixels(path)
    assert (rgba[..., 3] == 255).all(), "some pixels are not opaque"
    grey = rgba[..., :3].mean(axis=2)
    assert grey.std() > MIN_STD, f"{path.name} looks blank (std {grey.std():.1f})"
    corner = rgba[2, 2, :3].astype(int)
    assert not light or corner.min() >= 235, f"background {corner} is not white-ish"
    assert chart.alt and chart.name == path.stem
    return rgba


def texts(fig: Figure) -> list[str]:
    """Every string drawn on ``fig``: figure texts, axes texts and annotations, tick labels."""
    found = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        found += [t.get_text() for t in ax.texts]
        found += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
    for legend in fig.legends:
        found += [t.get_text() for t in legend.get_texts()]
    return found
