"""A figure laid out in display (CSS) pixels and drawn at 2x, with its header and SAMPLE stamp.

Layout is fixed in pixels rather than left to ``constrained_layout``: it is
cheaper, the PNG is exactly ``2 * width`` by ``2 * height``, and the right margin
is reserved for the price tags (see :mod:`newsletter.charts.tags`).
"""

from __future__ import annotations

import datetime as dt
import logging

from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from newsletter.charts import formats
from newsletter.charts.style import Palette

log = logging.getLogger(__name__)

SCALE = 2
"""Device pixels per CSS pixel: charts are drawn at 2x and shown at 1x."""
PX_PER_INCH = 100
"""Figure inches are hundreds of CSS pixels, so 1 pt of font is 100/72 CSS px."""
DPI = PX_PER_INCH * SCALE

TEXT_PT = 14.5
"""The smallest chart text, in pt (20 CSS px at the 600 px layout).

The email shows a 600 px chart 335 px wide on a 375 px phone (x0.56): 14.5 pt
keeps every label at 11.2 CSS px there (tests/charts/test_text_size.py).
"""
TITLE_PT = 18
"""The chart title, in pt."""

HEADER_PX = 74
"""The height of the title block: a bold title line, then subtitle and as-of date."""
EDGE_PX = 14
"""The gap between the image's edge and the title."""


def new_figure(width: int, height: int) -> Figure:
    """An Agg-backed figure ``width`` by ``height`` CSS px, drawn at :data:`SCALE`."""
    fig = Figure(figsize=(width / PX_PER_INCH, height / PX_PER_INCH), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def size_px(fig: Figure) -> tuple[float, float]:
    """The figure's display size in CSS px."""
    width, height = fig.get_size_inches()
    return width * PX_PER_INCH, height * PX_PER_INCH


def axes_px(fig: Figure, *, left: float, top: float, right: float, bottom: float) -> Axes:
    """Axes placed by its margins from the figure's edges, in CSS px."""
    width, height = size_px(fig)
    return fig.add_axes((left / width, bottom / height,
                         (width - left - right) / width, (height - top - bottom) / height))


def header(fig: Figure, palette: Palette, *, title: str, asof: dt.date,
           subtitle: str = "", sample: bool = False) -> None:
    """Title (bold, first line); subtitle and "as of" date (second line); SAMPLE tag if asked.

    A title or subtitle too long for the width left beside the date (or the
    SAMPLE tag) is set smaller, then cut with an ellipsis: it never overprints them.
    """
    width, height = size_px(fig)
    x0, x1 = EDGE_PX / width, 1 - EDGE_PX / width
    y_title = 1 - EDGE_PX / height
    y_sub = 1 - (EDGE_PX + 33) / height
    renderer = fig.canvas.get_renderer()
    date = fig.text(x1, y_sub, f"as of {formats.day(asof)}", ha="right", va="top",
                    fontsize=TEXT_PT, color=palette.muted)
    tag = stamp_sample(fig, palette, x=x1, y=y_title) if sample else None
    title_room = width - 2 * EDGE_PX - (_width(tag, renderer) + 12 if tag else 0)
    _fit(fig.text(x0, y_title, title, ha="left", va="top", fontsize=TITLE_PT, fontweight="bold",
                  color=palette.text, parse_math=False), title_room, renderer)
    if subtitle:
        _fit(fig.text(x0, y_sub, subtitle, ha="left", va="top", fontsize=TEXT_PT,
                      color=palette.muted, parse_math=False),
             width - 2 * EDGE_PX - _width(date, renderer) - 14, renderer)


def _width(text: Text, renderer: RendererBase) -> float:
    """The width of ``text`` in CSS px."""
    return text.get_window_extent(renderer).width / SCALE


def _fit(text: Text, room: float, renderer: RendererBase) -> None:
    """Shrink ``text`` (down to 80%, never under :data:`TEXT_PT`), then cut it with an ellipsis to fit ``room`` CSS px."""
    floor = max(text.get_fontsize() * 0.8, TEXT_PT)
    while _width(text, renderer) > room and text.get_fontsize() - 0.5 >= floor:
        text.set_fontsize(text.get_fontsize() - 0.5)
    words = text.get_text()
    while _width(text, renderer) > room and len(words) > 4:
        words = words[:-2].rstrip() + "…"
        text.set_text(words)


def stamp_sample(fig: Figure, palette: Palette, *, x: float, y: float) -> Text:
    """Label the chart SAMPLE DATA: a tag at ``(x, y)`` (top right) and a watermark across the plot."""
    tag = fig.text(x, y, "SAMPLE DATA", ha="right", va="top", fontsize=TEXT_PT, fontweight="bold",
                   color=palette.down,
                   bbox={"boxstyle": "round,pad=0.25", "facecolor": palette.background,
                         "edgecolor": palette.down, "linewidth": 1.0})
    width, height = size_px(fig)
    fig.text(0.5, 0.45, "SAMPLE DATA", ha="center", va="center", rotation=14,
             fontsize=min(width, height * 1.6) / 13, fontweight="bold", color=palette.muted,
             alpha=0.11, zorder=10)
    return tag
