"""Price tags on the right edge of a chart, moved apart so that none overlaps another.

Levels often sit close together (a trigger at 262.50, a put wall at 260, the
last close at 263.10): drawn at their true heights their labels would print on
top of each other. :func:`spread` moves each label as little as it can so that
all are at least one label-height apart; a thin connector then joins each
moved label to its true price on the axis edge.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from newsletter.charts.canvas import TEXT_PT, size_px
from newsletter.charts.style import Palette

log = logging.getLogger(__name__)

TAG_PT = TEXT_PT
"""Font size of a tag."""
TAG_PAD = 0.16
"""Padding inside a tag's box, as a fraction of its font size."""
TAG_PX = TAG_PT * 100 / 72 * (1.2 + 2 * TAG_PAD) + 1
"""Height of one tag in CSS px, with a 1 px gap."""
GAP_PX = 7
"""Horizontal gap between the axes' right edge and the tags."""


@dataclass(frozen=True)
class Tag:
    """One label on the right edge: ``text`` drawn at price ``y`` in ``color``."""

    y: float
    text: str
    color: str
    filled: bool = False
    """White text on a box of ``color`` (the last price); otherwise coloured text, outlined."""


def spread(desired: Sequence[float], height: float, low: float, high: float) -> list[float]:
    """Positions closest to ``desired`` that are ``height`` apart and inside ``[low, high]``.

    Sorted order is kept. Overlapping labels are merged into blocks centred on
    the mean of what they wanted, so a cluster spreads evenly around its middle
    instead of being pushed all one way. If the labels cannot fit, they are
    squeezed to fill ``[low, high]`` evenly.
    """
    n = len(desired)
    if n == 0:
        return []
    if n > 1 and (n - 1) * height > high - low:
        height = (high - low) / (n - 1)
    order = sorted(range(n), key=lambda i: desired[i])
    blocks: list[list[int]] = []  # each a run of indices into ``order``

    def start(block: list[int]) -> float:
        centre = sum(desired[order[k]] for k in block) / len(block)
        half = (len(block) - 1) * height / 2
        return min(max(centre - half, low), high - 2 * half)

    for k in range(n):
        blocks.append([k])
        while len(blocks) > 1:
            prev, last = blocks[-2], blocks[-1]
            if start(last) >= start(prev) + len(prev) * height - 1e-9:
                break
            blocks[-2:] = [prev + last]
    placed = [0.0] * n
    for block in blocks:
        first = start(block)
        for j, k in enumerate(block):
            placed[order[k]] = first + j * height
    return placed


def draw_tags(ax: Axes, tags: Sequence[Tag], palette: Palette) -> None:
    """Draw ``tags`` just right of ``ax``, de-collided, each joined to its price by a connector.

    Call after the y limits are final. Tags outside the limits are pinned to the edge.
    """
    if not tags:
        return
    fig_w, fig_h = size_px(ax.figure)
    box = ax.get_position()
    ax_h, ax_w = box.height * fig_h, box.width * fig_w
    ymin, ymax = ax.get_ylim()
    half = TAG_PX / 2
    desired = [(t.y - ymin) / (ymax - ymin) * ax_h for t in tags]
    pinned = [min(max(d, 0.0), ax_h) for d in desired]
    placed = spread(pinned, TAG_PX, half - 2, ax_h - half + 2)
    x_text = 1 + GAP_PX / ax_w
    for tag, want, got in zip(tags, pinned, placed, strict=True):
        y_want, y_got = want / ax_h, got / ax_h
        if abs(want - got) > 1.5:
            ax.add_line(Line2D([1.0, 1 + (GAP_PX - 1) / ax_w], [y_want, y_got],
                               transform=ax.transAxes, color=tag.color, linewidth=0.8,
                               clip_on=False))
        ax.text(x_text, y_got, tag.text, transform=ax.transAxes, ha="left", va="center",
                fontsize=TAG_PT, fontweight="bold",
                color=palette.background if tag.filled else tag.color, clip_on=False,
                parse_math=False,
                bbox={"boxstyle": f"square,pad={TAG_PAD}", "linewidth": 0.9,
                      "facecolor": tag.color if tag.filled else palette.background,
                      "edgecolor": tag.color})


def tag_width_px(texts: Sequence[str]) -> float:
    """The CSS px the widest tag needs (DejaVu Sans Bold averages about 0.66 em a character)."""
    longest = max((len(t) for t in texts), default=0)
    return GAP_PX + longest * TAG_PT * 100 / 72 * 0.66 + 2 * TAG_PAD * TAG_PT * 100 / 72 + 4
