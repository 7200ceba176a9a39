"""IV term structure chart: at-the-money IV by expiry, with the realised volatility beside it."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import Path

from matplotlib.ticker import MaxNLocator

from newsletter.charts import formats
from newsletter.charts.canvas import EDGE_PX, HEADER_PX, TEXT_PT, axes_px, header, new_figure
from newsletter.charts.png import save_png
from newsletter.charts.style import styled
from newsletter.model import Chart

log = logging.getLogger(__name__)

KIND = "iv_term"


def iv_term_chart(out: Path, *, expiries: Sequence[dt.date], days: Sequence[int],
                  ivs: Sequence[float], realised: float, ticker: str, asof: dt.date,
                  title: str | None = None, sample: bool = False, workspace: Path | None = None,
                  width: int = 600, height: int = 300) -> Chart:
    """Draw ATM IV (percent) against calendar days to each expiry, realised vol as a dashed line.

    Pass the analysis' own term structure (``expiries``, ``days``, ``ivs``) and the
    20-session realised volatility (percent) so that chart and text agree.
    """
    if len(ivs) < 2 or not (len(expiries) == len(days) == len(ivs)):
        raise ValueError(f"{ticker}: a term structure needs two expiries with an IV")
    with styled(workspace) as palette:
        fig = new_figure(width, height)
        ax = axes_px(fig, left=70, top=HEADER_PX + 16, right=EDGE_PX + 8, bottom=58)
        ax.plot(days, ivs, color=palette.accent, linewidth=2.2, marker="o", markersize=6,
                zorder=3)
        for d, e, v in zip(days, expiries, ivs, strict=True):
            ax.annotate(f"{v:.1f}%", (d, v), xytext=(0, 8), textcoords="offset points",
                        ha="center", va="bottom", fontsize=TEXT_PT, fontweight="bold",
                        color=palette.text)
            ax.annotate(f"{e:%b} {e.day}", (d, 0), xycoords=("data", "axes fraction"),
                        xytext=(0, -22), textcoords="offset points", ha="center", va="top",
                        fontsize=TEXT_PT, color=palette.muted, annotation_clip=False)
        ax.axhline(realised, color=palette.neutral, linewidth=1.4, linestyle=(0, (4, 3)), zorder=2)
        ax.text(1.0, realised, f"20-day realised {realised:.1f}%",
                transform=ax.get_yaxis_transform(), ha="right", va="bottom", fontsize=TEXT_PT,
                color=palette.neutral, fontweight="bold")
        span = max(max(ivs), realised) - min(min(ivs), realised)
        pad = max(span * 0.35, 0.8)
        ax.set_ylim(min(min(ivs), realised) - pad, max(max(ivs), realised) + pad)
        ax.set_xlim(0, max(days) * 1.08)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=4))
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0f}%")
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
        ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0f}d")
        header(fig, palette, title=title or f"${ticker} implied volatility by expiry",
               subtitle="ATM IV by calendar days to expiry", asof=asof, sample=sample)
        save_png(fig, out)
    text = (f"{ticker} at-the-money implied volatility by expiry: "
            + ", ".join(f"{v:.1f}% at {d} days ({formats.day(e)})"
                        for e, d, v in zip(expiries, days, ivs, strict=True))
            + f"; 20-day realised volatility {realised:.1f}%.")
    alt = f"SAMPLE DATA. {text}" if sample else text
    return Chart(name=out.stem, alt=alt, width=width, height=height, kind=KIND)
