"""Recap chart: the week's index and sector returns as sorted horizontal bars, green up, red down."""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Collection, Mapping
from pathlib import Path

import numpy as np

from newsletter.charts import formats
from newsletter.charts.canvas import EDGE_PX, HEADER_PX, TEXT_PT, axes_px, header, new_figure
from newsletter.charts.png import save_png
from newsletter.charts.style import styled
from newsletter.model import Chart

log = logging.getLogger(__name__)

KIND = "returns"
ROW_PX = 25
"""Height of one bar's row in CSS px."""
VALUE_PX = 88
"""Room for a value label (``−12.3%``) beyond the end of a bar, in CSS px."""


def returns_height(count: int) -> int:
    """The display height that gives ``count`` bars a comfortable row each."""
    return HEADER_PX + 8 + ROW_PX * max(count, 1) + 14


def returns_chart(out: Path, *, returns: Mapping[str, float], asof: dt.date,
                  indices: Collection[str] = (), title: str = "The week in returns",
                  subtitle: str | None = None, sample: bool = False,
                  workspace: Path | None = None, width: int = 600,
                  height: int | None = None) -> Chart:
    """Draw ``returns`` (label to fractional return, 0.012 = +1.2%) best to worst.

    Labels in ``indices`` are set in bold so that the index rows stand out from
    the sectors. Non-finite returns are left out (and said so in the alt text).
    ``height`` defaults to :func:`returns_height`. Writes ``out``; returns its Chart.
    """
    finite = {k: float(v) for k, v in returns.items() if v is not None and math.isfinite(v)}
    missing = sorted(set(returns) - set(finite))
    if not finite:
        raise ValueError("no finite returns to chart")
    ranked = sorted(finite.items(), key=lambda kv: kv[1], reverse=True)
    labels = [k for k, _ in ranked]
    values = np.array([v for _, v in ranked])
    height = height or returns_height(len(ranked))
    with styled(workspace) as palette:
        fig = new_figure(width, height)
        left = 26 + 13.4 * max(len(k) for k in labels)
        ax = axes_px(fig, left=left, top=HEADER_PX + 8, right=EDGE_PX, bottom=14)
        y = np.arange(len(values))[::-1].astype(float)
        colours = np.where(values >= 0, palette.up, palette.down)
        ax.barh(y, values, height=0.68, color=colours, zorder=2)
        ax.set_xlim(*_limits(values, ax.get_position().width * width))
        ax.set_ylim(-0.6, len(values) - 0.4)
        ax.axvline(0, color=palette.muted, linewidth=1.0, zorder=3)
        ax.set_yticks(y, [formats.literal(k) for k in labels])
        for tick, label in zip(ax.get_yticklabels(), labels, strict=True):
            tick.set_fontsize(TEXT_PT + 0.5)
            if label in indices:
                tick.set_fontweight("bold")
        ax.set_xticks([])
        ax.grid(False)
        ax.spines["bottom"].set_visible(False)
        for yi, value in zip(y, values, strict=True):
            ax.text(value, yi, f" {formats.pct(value)} ",
                    ha="left" if value >= 0 else "right", va="center", fontsize=TEXT_PT,
                    fontweight="bold", color=palette.up if value >= 0 else palette.down)
        default = "Indices in bold, sectors after" if indices else "Total return over the week"
        header(fig, palette, title=title, subtitle=subtitle or default, asof=asof, sample=sample)
        save_png(fig, out)
    return Chart(name=out.stem, alt=_alt(ranked, missing, asof, sample), width=width,
                 height=height, kind=KIND)


def _limits(values: np.ndarray, axes_px_wide: float) -> tuple[float, float]:
    """x limits that leave :data:`VALUE_PX` beyond the longest bar on each side that has bars."""
    lo, hi = min(0.0, float(values.min())), max(0.0, float(values.max()))
    sides = (lo < 0) + (hi > 0)
    per_px = ((hi - lo) or 0.01) / max(axes_px_wide - VALUE_PX * sides, 50)
    return (lo - VALUE_PX * per_px if lo < 0 else lo - 4 * per_px,
            hi + VALUE_PX * per_px if hi > 0 else hi + 4 * per_px)


def _alt(ranked: list[tuple[str, float]], missing: list[str], asof: dt.date,
         sample: bool) -> str:
    text = (f"Returns for the week to {formats.day(asof)}, best to worst: "
            + ", ".join(f"{k} {formats.plain_pct(v)}" for k, v in ranked) + ".")
    if missing:
        text += f" No data for {', '.join(missing)}."
    return f"SAMPLE DATA. {text}" if sample else text
