"""Dealer gamma chart: net gamma exposure by strike (calls up, puts down), the price and the flip."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from newsletter.charts import formats
from newsletter.charts.canvas import EDGE_PX, HEADER_PX, TEXT_PT, axes_px, header, new_figure
from newsletter.charts.png import save_png
from newsletter.charts.style import Palette, styled
from newsletter.model import Chart

log = logging.getLogger(__name__)

KIND = "gamma"


def dollars(value: float) -> str:
    """``$1.2B``, ``-$850M``, ``$40k``: compact dollar amounts for the axis and alt text."""
    sign = "-" if value < 0 else ""
    return f"{sign}${formats.count(abs(value))}"


def gamma_chart(out: Path, *, strikes: Sequence[float], net: Sequence[float], price: float,
                ticker: str, asof: dt.date, flip: float | None, regime: str,
                band: float = 0.1, title: str | None = None, sample: bool = False,
                workspace: Path | None = None, width: int = 600, height: int = 340) -> Chart:
    """Draw net dealer gamma exposure (dollars per 1 % move) by strike within ``band`` of ``price``.

    Positive bars (dealers long gamma: calls) rise, negative ones (puts) hang
    below; the last price is a dashed line, the flip level a labelled one.
    Pass the analysis' own ``strikes``, ``net`` and ``flip`` so that chart and
    text agree. Writes ``out`` and returns its :class:`~newsletter.model.Chart`.
    """
    k = np.asarray(strikes, dtype=float)
    g = np.asarray(net, dtype=float)
    keep = np.abs(k - price) <= band * price
    k, g = k[keep], g[keep]
    if not len(k) or not np.any(g):
        raise ValueError(f"{ticker}: no gamma exposure within {band:.0%} of {price}")
    with styled(workspace) as palette:
        fig = new_figure(width, height)
        ax = axes_px(fig, left=92, top=HEADER_PX + 30, right=EDGE_PX + 4, bottom=34)
        step = float(np.diff(k).min()) if len(k) > 1 else max(price * 0.01, 1.0)
        ax.bar(k, g, width=step * 0.8, color=np.where(g >= 0, palette.up, palette.down), zorder=2)
        top = float(np.abs(g).max()) * 1.32
        ax.set_ylim(-top, top)
        lo = min(k.min(), price, flip if flip is not None else price) - step
        hi = max(k.max(), price, flip if flip is not None else price) + step
        ax.set_xlim(lo, hi)
        ax.axhline(0, color=palette.muted, linewidth=0.9, zorder=3)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=4, symmetric=True))
        ax.yaxis.set_major_formatter(lambda v, _: dollars(v))
        ax.xaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
        ax.xaxis.set_major_formatter(formats.tick)
        _line(ax, price, f"Last {formats.price(price)}", palette.text, palette, (0, (3, 2)),
              1.0, "center")
        if flip is not None and lo <= flip <= hi:  # inside the plot, running away from the price
            _line(ax, flip, f"Flip {formats.price(flip)}", palette.accent, palette, "-", 0.97,
                  "left" if flip >= price else "right")
        header(fig, palette, title=title or f"${ticker} dealer gamma by strike",
               subtitle=f"{regime.capitalize()} gamma · $ per 1% move",
               asof=asof, sample=sample)
        save_png(fig, out)
    alt = _alt(ticker, k, g, price, flip, regime, band, sample)
    return Chart(name=out.stem, alt=alt, width=width, height=height, kind=KIND)


def _line(ax: Axes, x: float, text: str, colour: str, palette: Palette, style, y: float,
          align: str) -> None:
    ax.axvline(x, color=colour, linewidth=1.4, linestyle=style, zorder=4)
    ax.text(x, y, text, transform=ax.get_xaxis_transform(), ha=align,
            va="bottom" if y >= 1 else "top", fontsize=TEXT_PT, fontweight="bold",
            color=palette.background, zorder=5,
            bbox={"boxstyle": "square,pad=0.2", "facecolor": colour, "linewidth": 0})


def _alt(ticker: str, strikes: np.ndarray, net: np.ndarray, price: float, flip: float | None,
         regime: str, band: float, sample: bool) -> str:
    top = int(np.argmax(net))
    bottom = int(np.argmin(net))
    where = (f"flipping sign at {formats.price(flip)}" if flip is not None
             else "with no flip in range")
    text = (f"{ticker} dealer gamma exposure by strike within {band:.0%} of the price "
            f"{formats.price(price)}: {regime} gamma, {where}; the largest positive "
            f"{dollars(float(net[top]))} at {formats.strike(float(strikes[top]))}, the largest "
            f"negative {dollars(float(net[bottom]))} at {formats.strike(float(strikes[bottom]))} "
            f"per 1% move (dealers long calls, short puts).")
    return f"SAMPLE DATA. {text}" if sample else text
