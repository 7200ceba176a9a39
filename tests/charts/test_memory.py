"""A drawn chart's memory is freed before the next is drawn (the cold build's peak)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from matplotlib.figure import Figure

from newsletter.charts import canvas, png
from newsletter.charts.batch import render_charts
from tests.charts import factories as f


def _live_figures() -> int:
    return sum(isinstance(o, Figure) for o in gc.get_objects())


def test_no_figure_outlives_its_chart_even_without_automatic_collection(tmp_path: Path) -> None:
    """Figures sit in reference cycles: only the collector frees them. With automatic
    collection off, the per-chart pass is all that can: both figures must be gone."""
    gc.collect()
    before = _live_figures()
    gc.disable()
    try:
        done = render_charts(f.chart_specs(), tmp_path / "out", None)
        left = _live_figures() - before
    finally:
        gc.enable()
    assert done.drawn == ("tsla", "week")
    assert left == 0


def test_saving_a_chart_frees_its_pixel_buffer(tmp_path: Path) -> None:
    fig = canvas.new_figure(600, 400)
    fig.add_axes((0.1, 0.1, 0.8, 0.8)).plot([1, 2, 3])
    size = png.save_png(fig, tmp_path / "c.png")
    assert size == (tmp_path / "c.png").stat().st_size > 0
    assert fig.canvas.renderer is None
    fig.canvas.draw()  # a released figure can still be drawn again, at full size
    assert fig.canvas.get_renderer().width == 1200


@pytest.mark.parametrize("transparent", [False, True])
def test_read_in_place_gives_the_same_pixels_as_a_copy(transparent: bool) -> None:
    """The image is read from Agg's buffer without a copy: same RGB as the copying way."""
    import numpy as np
    from PIL import Image

    fig = canvas.new_figure(300, 200)
    if transparent:
        fig.patch.set_alpha(0.0)
    fig.add_axes((0.1, 0.1, 0.8, 0.8)).plot([3, 1, 2], color="tab:red")
    got = png.figure_image(fig)
    rgba = np.asarray(fig.canvas.buffer_rgba()).copy()
    expected = Image.fromarray(rgba, "RGBA")
    if transparent:
        expected = Image.alpha_composite(Image.new("RGBA", expected.size, "white"), expected)
    assert got.mode == "RGB"
    assert np.array_equal(np.asarray(got), np.asarray(expected.convert("RGB")))
