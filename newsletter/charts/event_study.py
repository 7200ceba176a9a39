"""Historical Edge chart: mean forward return after an event against all days, per horizon.

Each horizon has two bars, the event and the all-days baseline, with their 90%
intervals as whiskers, the mean printed above and the sample size printed
under every bar: never a number without its n.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from newsletter.charts import formats
from newsletter.charts.canvas import EDGE_PX, HEADER_PX, TEXT_PT, axes_px, header, new_figure
from newsletter.charts.inputs import Estimate, HorizonEdge
from newsletter.charts.png import save_png
from newsletter.charts.style import styled
from newsletter.model import Chart

log = logging.getLogger(__name__)

KIND = "event_study"
BAR = 0.42
"""Bar width; a horizon's two bars sit at -BAR/2 and +BAR/2 around its centre."""
LEGEND_PX = 30
FOOT_PX = 92
"""Room under the axes for the n (and % up) lines and the horizon names."""


def event_study_chart(out: Path, *, rows: Sequence[HorizonEdge], asof: dt.date, title: str,
                      event_label: str = "After the signal", baseline_label: str = "All days",
                      subtitle: str = "", sample: bool = False, workspace: Path | None = None,
                      width: int = 600, height: int = 380) -> Chart:
    """Draw an event study: per horizon, the event's mean forward return against the baseline.

    ``rows`` come in the order they should read (``1 week``, ``1 month``, ...);
    returns are fractions. Writes ``out`` and returns its :class:`~newsletter.model.Chart`.
    """
    if not rows:
        raise ValueError("no horizons to chart")
    with styled(workspace) as palette:
        fig = new_figure(width, height)
        ax = axes_px(fig, left=66, top=HEADER_PX + LEGEND_PX + 8, right=EDGE_PX,
                     bottom=FOOT_PX)
        centres = np.arange(len(rows), dtype=float)
        pairs = ((-BAR / 2, [r.event for r in rows], palette.accent),
                 (BAR / 2, [r.baseline for r in rows], palette.neutral))
        for offset, estimates, colour in pairs:
            _bars(ax, centres + offset, estimates, colour, palette.text)
        ax.axhline(0, color=palette.muted, linewidth=1.0, zorder=3)
        lows = [min(e.low, e.mean, 0.0) for r in rows for e in (r.event, r.baseline)]
        highs = [max(e.high, e.mean, 0.0) for r in rows for e in (r.event, r.baseline)]
        span = (max(highs) - min(lows)) or 0.01
        ax.set_ylim(min(lows) - span * (0.16 if min(lows) < 0 else 0.02),
                    max(highs) + span * 0.16)
        ax.set_xlim(-0.5, len(rows) - 0.5)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=5))
        ax.yaxis.set_major_formatter(lambda v, _: formats.pct(v, 0 if span > 0.05 else 1))
        ax.set_xticks(centres, [formats.literal(r.horizon) for r in rows])
        ax.tick_params(axis="x", length=0, pad=50, labelsize=TEXT_PT + 0.5)
        ax.spines["bottom"].set_visible(False)
        for tick in ax.get_xticklabels():
            tick.set_fontweight("bold")
        for side, (offset, estimates, colour) in zip((-1, 1), pairs, strict=True):
            _sample_sizes(ax, centres + offset, estimates, colour, side)
        fig.legend(handles=[Patch(color=palette.accent, label=formats.literal(event_label)),
                            Patch(color=palette.neutral, label=formats.literal(baseline_label))],
                   loc="upper left", bbox_to_anchor=(EDGE_PX / width, 1 - (HEADER_PX + 2) / height),
                   ncol=2, frameon=False, fontsize=TEXT_PT, handlelength=1.0, handleheight=0.9,
                   columnspacing=1.4, borderaxespad=0, borderpad=0)
        header(fig, palette, title=title, subtitle=subtitle or "Mean forward return, 90% interval",
               asof=asof, sample=sample)
        save_png(fig, out)
    alt = _alt(rows, title, event_label, baseline_label, sample)
    return Chart(name=out.stem, alt=alt, width=width, height=height, kind=KIND)


def _bars(ax: Axes, x: np.ndarray, estimates: list[Estimate], colour: str, ink: str) -> None:
    means = np.array([e.mean for e in estimates])
    ax.bar(x, means, width=BAR * 0.92, color=colour, zorder=2)
    whiskers = [[(xi, e.low), (xi, e.high)] for xi, e in zip(x, estimates, strict=True)]
    caps = [[(xi - BAR * 0.15, v), (xi + BAR * 0.15, v)]
            for xi, e in zip(x, estimates, strict=True) for v in (e.low, e.high)]
    ax.add_collection(LineCollection(whiskers + caps, colors=ink, linewidths=1.3, zorder=4))
    for xi, e in zip(x, estimates, strict=True):
        up = e.mean >= 0
        ax.annotate(_pct(e.mean), (xi, max(e.high, e.mean) if up else min(e.low, e.mean)),
                    xytext=(0, 4 if up else -4), textcoords="offset points", ha="center",
                    va="bottom" if up else "top", fontsize=TEXT_PT, fontweight="bold", color=ink,
                    zorder=5)


def _sample_sizes(ax: Axes, x: np.ndarray, estimates: list[Estimate], colour: str,
                  side: int) -> None:
    """Print ``n = 38`` (and ``63% up`` when known) under each bar, below the axes.

    ``side`` -1 sets the text against the group's centre from the left, +1 from the right,
    so the two bars' labels never run into each other.
    """
    for xi, e in zip(x, estimates, strict=True):
        text = f"n={_count(e.n)}"
        if e.positive is not None:
            text += f"\n{e.positive:.0%} up"
        ax.annotate(text, (xi - side * BAR / 2, 0), xycoords=("data", "axes fraction"),
                    xytext=(3 * side, -5), textcoords="offset points",
                    ha="left" if side > 0 else "right", va="top", fontsize=TEXT_PT,
                    color=colour, linespacing=1.15, annotation_clip=False)


def _pct(value: float) -> str:
    return formats.pct(value, 1)


def _count(n: int) -> str:
    """A sample size short enough to sit under its bar: ``38``, ``6.2k``."""
    return f"{n:,}" if n < 1000 else f"{n / 1000:.1f}k"


def _alt(rows: Sequence[HorizonEdge], title: str, event_label: str, baseline_label: str,
         sample: bool) -> str:
    def said(e: Estimate) -> str:
        up = f", {e.positive:.0%} positive" if e.positive is not None else ""
        if e.low == e.high == e.mean:  # a population figure (all days): no interval to quote
            return f"{formats.plain_pct(e.mean, 2)} (n={e.n:,}{up})"
        return (f"{formats.plain_pct(e.mean, 2)} (90% interval {formats.plain_pct(e.low, 2)} to "
                f"{formats.plain_pct(e.high, 2)}, n={e.n:,}{up})")

    parts = [f"{r.horizon}: {said(r.event)} against {said(r.baseline)}" for r in rows]
    text = (f"{title}. Mean forward return {formats.inline(event_label)} against "
            f"{formats.inline(baseline_label)}; "
            + "; ".join(parts) + ".")
    return f"SAMPLE DATA. {text}" if sample else text
