"""Breadth chart: % of a universe above its 200-day (top) and the advance/decline line (bottom)."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from newsletter.charts import formats
from newsletter.charts.canvas import EDGE_PX, HEADER_PX, TEXT_PT, axes_px, header, new_figure
from newsletter.charts.png import save_png
from newsletter.charts.style import styled
from newsletter.charts.tags import Tag, draw_tags, tag_width_px
from newsletter.charts.timeaxis import month_ticks
from newsletter.model import Chart

log = logging.getLogger(__name__)

KIND = "breadth"
GAP_PX = 36
"""Space between the two panels, in CSS px."""


def breadth_chart(out: Path, *, pct_above_200d: pd.Series, ad_line: pd.Series, universe: str,
                  members: int, title: str | None = None, sample: bool = False,
                  workspace: Path | None = None, width: int = 600, height: int = 380) -> Chart:
    """Draw % above the 200-day (0 to 100, a line at 50) over the A/D line, on one session axis.

    ``pct_above_200d`` and ``ad_line`` share their index (sessions); the A/D line
    is drawn as given (net advances summed from its first session). Sessions
    where no member has 200 bars (NaN) are left blank. Writes ``out``; returns its Chart.
    """
    both = pd.concat([pct_above_200d.rename("pct"), ad_line.rename("ad")], axis=1)
    if both["pct"].notna().sum() < 2:
        raise ValueError(f"breadth of {universe}: fewer than two sessions with a 200-day")
    asof = both.index[-1].date()
    x = np.arange(len(both), dtype=float)
    pct, ad = both["pct"].to_numpy(dtype=float), both["ad"].to_numpy(dtype=float)
    with styled(workspace) as palette:
        fig = new_figure(width, height)
        tags_top = [Tag(pct[-1], f"{pct[-1]:.0f}%", palette.avg200, filled=True)]
        tags_low = [Tag(ad[-1], f"{ad[-1]:+,.0f}", palette.accent, filled=True)]
        right = tag_width_px([t.text for t in tags_top + tags_low]) + EDGE_PX
        plot_h = height - HEADER_PX - 8 - 34 - GAP_PX
        top_h = plot_h * 0.58
        top = axes_px(fig, left=66, top=HEADER_PX + 8, right=right, bottom=height - HEADER_PX - 8 - top_h)
        low = axes_px(fig, left=66, top=HEADER_PX + 8 + top_h + GAP_PX, right=right, bottom=34)
        label_box = {"facecolor": palette.background, "edgecolor": "none", "alpha": 0.85, "pad": 2}
        top.axhline(50, color=palette.muted, linewidth=1.0, linestyle=(0, (4, 2)), zorder=2)
        top.plot(x, pct, color=palette.avg200, linewidth=2.0, zorder=3)
        top.set_ylim(-3, 106)  # 0% and 100% stay inside the frame
        top.set_yticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
        top.text(0.01, 0.97, "% above the 200-day", transform=top.transAxes, ha="left", va="top",
                 fontsize=TEXT_PT, fontweight="bold", color=palette.text, zorder=5, bbox=label_box)
        top.set_xticks([])
        low.axhline(0, color=palette.muted, linewidth=1.0, zorder=2)
        low.plot(x, ad, color=palette.accent, linewidth=1.8, zorder=3)
        low.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
        low.text(0.01, 0.95, "A/D line (net advances)", transform=low.transAxes, ha="left", va="top",
                 fontsize=TEXT_PT, fontweight="bold", color=palette.text, zorder=5, bbox=label_box)
        for ax in (top, low):
            ax.set_xlim(-1, len(both))
        month_ticks(low, both.index)
        draw_tags(top, tags_top, palette)
        draw_tags(low, tags_low, palette)
        header(fig, palette, title=title or f"Breadth: {universe}",
               subtitle=f"{members} members · last {len(both)} sessions", asof=asof, sample=sample)
        save_png(fig, out)
    return Chart(name=out.stem, alt=_alt(both, universe, members, sample), width=width,
                 height=height, kind=KIND)


def _alt(both: pd.DataFrame, universe: str, members: int, sample: bool) -> str:
    pct = both["pct"].dropna()
    text = (f"Breadth of {universe} ({members} members) over the {len(both)} sessions to "
            f"{formats.day(both.index[-1].date())}: {pct.iloc[-1]:.0f}% above their 200-day "
            f"(from {pct.iloc[0]:.0f}%, range {pct.min():.0f}% to {pct.max():.0f}%); "
            f"the advance/decline line {float(both['ad'].iloc[-1]):+,.0f} net advances since "
            f"{formats.day(both.index[0].date())}.")
    return f"SAMPLE DATA. {text}" if sample else text
