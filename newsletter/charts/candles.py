"""Breakdown Watch chart: daily candles, volume, 50- and 200-day averages and the levels.

Candles are two matplotlib collections (a ``LineCollection`` of wicks and a
``PolyCollection`` of bodies) built from numpy arrays in one step, not
mplfinance and not an artist per bar. mplfinance took about 580 ms for a
500-bar chart when issue 5 measured it, against about 95 ms for plain
matplotlib, and it imports pyplot (0.4 s more import). An artist per bar
makes Agg draw 1,000 artists; two collections are two artists whatever the
bar count. ``benchmarks/bench_charts.py`` draws a bare 500-bar figure to PNG
in 74-151 ms this way against 566-1,246 ms with a line and a rectangle per
bar (8-12x; the machine's speed varies by day).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PolyCollection

from newsletter.charts import formats
from newsletter.charts.canvas import EDGE_PX, HEADER_PX, TEXT_PT, axes_px, header, new_figure
from newsletter.charts.inputs import Level
from newsletter.charts.png import save_png
from newsletter.charts.style import Palette, styled
from newsletter.charts.tags import Tag, draw_tags, tag_width_px
from newsletter.charts.timeaxis import month_ticks
from newsletter.model import Chart

log = logging.getLogger(__name__)

KIND = "candles"
BODY_WIDTH = 0.7
"""Candle body width as a fraction of one session."""
REACH = 0.3
"""A level further than this many visible ranges from the candles is pinned to the edge."""


def moving_averages(close: pd.Series, windows: Sequence[int] = (50, 200)) -> dict[int, pd.Series]:
    """Simple moving averages of ``close``, computed on all of it (NaN inside the warm-up)."""
    return {w: close.rolling(w, min_periods=w).mean() for w in windows}


def candle_chart(out: Path, *, bars: pd.DataFrame, ticker: str, levels: Sequence[Level] = (),
                 sessions: int = 126, title: str | None = None, sample: bool = False,
                 workspace: Path | None = None, width: int = 600, height: int = 400) -> Chart:
    """Draw the last ``sessions`` bars of ``bars`` as candles with volume, averages and levels.

    The 50- and 200-day averages are computed on every bar passed in, so pass the
    full history and let ``sessions`` (about 6 months by default) pick the window.
    Each level, the averages and the last close get a tag on the right edge.
    Writes ``out`` (a PNG at 2x) and returns its :class:`~newsletter.model.Chart`.
    """
    full = bars.dropna(subset=["Open", "High", "Low", "Close"])
    if full.empty:
        raise ValueError(f"{ticker}: no bars to chart")
    averages = {w: s.iloc[-sessions:] for w, s in moving_averages(full["Close"]).items()}
    view = full.iloc[-sessions:]
    asof = view.index[-1].date()
    with styled(workspace) as palette:
        fig = new_figure(width, height)
        tags = _tags(view, averages, levels, palette)
        left = 18 + 11.6 * max(len(formats.price(float(view["High"].max()))), 4)
        right = tag_width_px([t.text for t in tags]) + EDGE_PX
        has_volume = bool(view["Volume"].fillna(0).sum() > 0)
        plot_h = height - HEADER_PX - 8 - 34
        vol_h = round(plot_h * 0.24) if has_volume else 0
        ax = axes_px(fig, left=left, top=HEADER_PX + 8, right=right, bottom=34 + vol_h)
        x = np.arange(len(view), dtype=float)
        _draw_candles(ax, x, view, palette)
        for w, series in averages.items():
            colour = palette.avg50 if w == 50 else palette.avg200
            ax.plot(x, series.to_numpy(), color=colour, linewidth=1.7 if w == 50 else 2.0,
                    zorder=3)
        ax.set_ylim(*_price_range(view, averages, levels))
        for level in levels:
            ax.axhline(level.price, color=palette.level(level.kind), linewidth=1.1,
                       linestyle=(0, (4, 3)), zorder=1)
        ax.set_xlim(-1, len(view))
        ax.yaxis.set_major_locator(_locator())
        ax.yaxis.set_major_formatter(formats.tick)
        bottom_ax = ax
        if has_volume:
            bottom_ax = axes_px(fig, left=left, top=height - 34 - vol_h + 4, right=right, bottom=34)
            _draw_volume(bottom_ax, x, view, palette)
            ax.tick_params(axis="x", which="both", bottom=False, labelbottom=False)
            ax.spines["bottom"].set_visible(False)
        month_ticks(bottom_ax, view.index)
        draw_tags(ax, tags, palette)
        header(fig, palette, title=title or f"${ticker} daily", asof=asof, sample=sample,
               subtitle=f"{_span(len(view))} · 50d and 200d averages")
        save_png(fig, out)
    return Chart(name=out.stem, alt=_alt(ticker, view, averages, levels, sample),
                 width=width, height=height, kind=KIND)


def _draw_candles(ax: Axes, x: np.ndarray, view: pd.DataFrame, palette: Palette) -> None:
    o, h, lo, c = (view[k].to_numpy(dtype=float) for k in ("Open", "High", "Low", "Close"))
    colours = np.where(c >= o, palette.up, palette.down)
    wicks = np.stack([np.column_stack([x, lo]), np.column_stack([x, h])], axis=1)
    ax.add_collection(LineCollection(wicks, colors=colours, linewidths=0.8, zorder=2))
    half = BODY_WIDTH / 2
    bodies = np.stack([np.column_stack([x - half, o]), np.column_stack([x + half, o]),
                       np.column_stack([x + half, c]), np.column_stack([x - half, c])], axis=1)
    ax.add_collection(PolyCollection(bodies, facecolors=colours, edgecolors=colours,
                                     linewidths=0.5, zorder=2))


def _draw_volume(ax: Axes, x: np.ndarray, view: pd.DataFrame, palette: Palette) -> None:
    volume = view["Volume"].fillna(0).to_numpy(dtype=float)
    up = view["Close"].to_numpy() >= view["Open"].to_numpy()
    half = BODY_WIDTH / 2
    zeros = np.zeros_like(volume)
    verts = np.stack([np.column_stack([x - half, zeros]), np.column_stack([x + half, zeros]),
                      np.column_stack([x + half, volume]), np.column_stack([x - half, volume])],
                     axis=1)
    colours = np.where(up, palette.up, palette.down)
    ax.add_collection(PolyCollection(verts, facecolors=colours, linewidths=0, alpha=0.45))
    ax.set_xlim(-1, len(x))
    ax.set_ylim(0, max(volume.max(), 1) * 1.25)
    ax.set_yticks([])
    ax.grid(False)
    ax.text(0.005, 0.96, f"Volume · last {formats.count(volume[-1])}", transform=ax.transAxes,
            ha="left", va="top", fontsize=TEXT_PT, color=palette.muted)


def _tags(view: pd.DataFrame, averages: dict[int, pd.Series], levels: Sequence[Level],
          palette: Palette) -> list[Tag]:
    close = view["Close"]
    last = float(close.iloc[-1])
    prev = float(close.iloc[-2]) if len(close) > 1 else last
    lo, hi = _visible(view, averages)
    tags = []
    for level in levels:
        arrow = "↓ " if level.price < lo else "↑ " if level.price > hi else ""
        tags.append(Tag(level.price, f"{arrow}{level.label} {formats.level(level.price)}",
                        palette.level(level.kind)))
    for w, series in averages.items():
        value = float(series.iloc[-1])
        if np.isfinite(value):
            tags.append(Tag(value, f"{w}d {formats.price(value)}",
                            palette.avg50 if w == 50 else palette.avg200))
    tags.append(Tag(last, formats.price(last), palette.up if last >= prev else palette.down,
                    filled=True))
    return tags


def _visible(view: pd.DataFrame, averages: dict[int, pd.Series]) -> tuple[float, float]:
    """The range levels may stretch the axis to: the candles' range widened by :data:`REACH`."""
    lo, hi = _core(view, averages)
    span = hi - lo or abs(hi) * 0.05 or 1.0
    return lo - REACH * span, hi + REACH * span


def _core(view: pd.DataFrame, averages: dict[int, pd.Series]) -> tuple[float, float]:
    """The candles' range and the averages' latest values: what the y axis must always show.

    An average's older values may leave the frame (a 200-day far above six
    months of selling would squash the candles); its line is clipped instead.
    """
    latest = [float(s.iloc[-1]) for s in averages.values()]
    lo = float(np.nanmin([view["Low"].min(), *latest]))
    hi = float(np.nanmax([view["High"].max(), *latest]))
    return lo, hi


def _price_range(view: pd.DataFrame, averages: dict[int, pd.Series],
                 levels: Sequence[Level]) -> tuple[float, float]:
    reach_lo, reach_hi = _visible(view, averages)
    lo, hi = _core(view, averages)
    inside = [lv.price for lv in levels if reach_lo <= lv.price <= reach_hi]
    lo, hi = min([lo, *inside]), max([hi, *inside])
    pad = (hi - lo) * 0.05 or abs(hi) * 0.02 or 1.0
    return lo - pad, hi + pad


def _locator():
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10])


def _span(sessions: int) -> str:
    months = round(sessions / 21)
    return f"{months} months" if months >= 2 else f"{sessions} sessions"


def _alt(ticker: str, view: pd.DataFrame, averages: dict[int, pd.Series],
         levels: Sequence[Level], sample: bool) -> str:
    last = float(view["Close"].iloc[-1])
    parts = [f"{ticker} daily candles for the {_span(len(view))} to "
             f"{formats.day(view.index[-1].date())}: closed at {formats.price(last)}"]
    for w in sorted(averages, reverse=True):
        value = float(averages[w].iloc[-1])
        if np.isfinite(value):
            side = "under" if last < value else "above"
            parts.append(f"{side} its {w}-day average at {formats.price(value)}")
    text = ", ".join(parts)
    if levels:
        text += "; levels: " + ", ".join(
            f"{lv.label.lower()} {formats.level(lv.price)}" for lv in levels)
    text += "."
    return f"SAMPLE DATA. {text}" if sample else text
