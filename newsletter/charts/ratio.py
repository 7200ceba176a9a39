"""Rotation Play chart: the ratio line of a pair (IWM / SPY) with its current streak shaded."""

from __future__ import annotations

import logging
import math
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator, StrMethodFormatter

from newsletter.analysis.periods import month_start, week_start
from newsletter.charts import formats
from newsletter.charts.canvas import EDGE_PX, HEADER_PX, TEXT_PT, axes_px, header, new_figure
from newsletter.charts.png import save_png
from newsletter.charts.style import styled
from newsletter.charts.tags import Tag, draw_tags, tag_width_px
from newsletter.charts.timeaxis import month_ticks
from newsletter.model import Chart

log = logging.getLogger(__name__)

KIND = "ratio"


def current_streak(numerator: pd.Series, denominator: pd.Series) -> int:
    """Sessions in a row, up to the last, that the numerator beat (> 0) or lagged (< 0) the denominator.

    A session counts when its daily return differs; a tie ends the streak.
    """
    edge = (numerator.pct_change() - denominator.pct_change()).dropna().to_numpy()
    if len(edge) == 0 or edge[-1] == 0:
        return 0
    sign = np.sign(edge[-1])
    run = 0
    for value in edge[::-1]:
        if np.sign(value) != sign:
            break
        run += 1
    return int(sign * run)


def ratio_chart(out: Path, *, numerator: pd.Series, denominator: pd.Series,
                names: tuple[str, str] = ("IWM", "SPY"), sessions: int = 126,
                streak: int | None = None, title: str | None = None, sample: bool = False,
                workspace: Path | None = None, width: int = 600, height: int = 340) -> Chart:
    """Draw ``numerator / denominator`` (two close series) for the last ``sessions`` sessions.

    ``streak`` is the current run in sessions (positive: the numerator beat the
    denominator every day; negative: it lagged); pass the analysis' own figure so
    that the chart and the text agree, or leave it None to count it here with
    :func:`current_streak`. The run is shaded and its average daily edge in basis
    points is printed. Writes ``out`` and returns its :class:`~newsletter.model.Chart`.
    """
    both = pd.concat([numerator.rename("a"), denominator.rename("b")], axis=1, join="inner")
    both = both.dropna()
    if len(both) < 2:
        raise ValueError(f"{names[0]}/{names[1]}: fewer than two common sessions")
    run = current_streak(both["a"], both["b"]) if streak is None else int(streak)
    edge = (both["a"].pct_change() - both["b"].pct_change()).iloc[-abs(run):] if run else None
    edge_bp = float(edge.mean() * 1e4) if edge is not None else math.nan
    ratio = both["a"] / both["b"]
    average = ratio.rolling(50, min_periods=50).mean()
    view, avg_view = ratio.iloc[-sessions:], average.iloc[-sessions:]
    asof = view.index[-1].date()
    with styled(workspace) as palette:
        fig = new_figure(width, height)
        decimals = _decimals(view)
        digits = decimals + 1  # the tags say one digit more than the ticks
        last, avg_last = float(view.iloc[-1]), float(avg_view.iloc[-1])
        tags = [Tag(last, f"{last:.{digits}f}", palette.avg50, filled=True)]
        if np.isfinite(avg_last):
            tags.insert(0, Tag(avg_last, f"50d {avg_last:.{digits}f}", palette.neutral))
        right = tag_width_px([t.text for t in tags]) + EDGE_PX
        left = 18 + 11.6 * (decimals + 2)
        ax = axes_px(fig, left=left, top=HEADER_PX + 8, right=right, bottom=34)
        x = np.arange(len(view), dtype=float)
        ax.plot(x, avg_view.to_numpy(), color=palette.neutral, linewidth=1.3,
                linestyle=(0, (4, 2)), zorder=2)
        ax.plot(x, view.to_numpy(), color=palette.avg50, linewidth=2.0, zorder=3)
        ax.set_xlim(-1, len(view))
        _shade_streak(ax, len(view), run, palette.up if run > 0 else palette.down)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=5))
        ax.yaxis.set_major_formatter(StrMethodFormatter(f"{{x:.{decimals}f}}"))
        ax.set_ylim(*_limits(view))
        month_ticks(ax, view.index)
        draw_tags(ax, tags, palette)
        header(fig, palette, title=title or f"{names[0]} vs {names[1]}: ratio",
               subtitle=_streak_words(names, run, edge_bp, short=True), asof=asof,
               sample=sample)
        save_png(fig, out)
    return Chart(name=out.stem, alt=_alt(names, view, run, edge_bp, sample), width=width,
                 height=height, kind=KIND)


def _shade_streak(ax: Axes, n: int, run: int, colour: str) -> None:
    if not run:
        return
    start = n - abs(run) - 0.5
    ax.axvspan(start, n - 0.5, color=colour, alpha=0.14, linewidth=0, zorder=1)
    words = f"{abs(run)}-session streak" if abs(run) > 1 else "last session"
    ax.text(start - 0.8, 0.97, words, transform=ax.get_xaxis_transform(),
            ha="right", va="top", fontsize=TEXT_PT, fontweight="bold", color=colour)


def _limits(view: pd.Series) -> tuple[float, float]:
    """y limits: the ratio's range, with room above it for the streak label."""
    lo, hi = float(np.nanmin(view)), float(np.nanmax(view))
    pad = (hi - lo) * 0.08 or abs(hi) * 0.01 or 0.01
    return lo - pad, hi + pad * 2.5


def _decimals(view: pd.Series) -> int:
    """The fewest decimals that print every y tick exactly (``2.56`` but ``0.345``)."""
    ticks = MaxNLocator(nbins=5).tick_values(*_limits(view))
    for decimals in range(7):
        if all(abs(t - round(t, decimals)) < 1e-9 * max(1.0, abs(t)) for t in ticks):
            return decimals
    return 6


def _streak_words(names: tuple[str, str], run: int, edge_bp: float, short: bool) -> str:
    if not run:
        return f"{names[0]} and {names[1]} tied on the last session"
    lead, lag = names if run > 0 else names[::-1]
    days = abs(run)
    edge = abs(edge_bp)
    shown = "under 1" if f"{edge:.0f}" == "0" else f"{edge:.0f}"  # never "0 bp", as the text
    if short:  # the subtitle: short enough to print whole beside the date at 600 px
        return (f"{lead} led last session · {shown} bp" if days == 1
                else f"{lead} led {days} sessions · {shown} bp a day")
    points = f"{shown} basis point{'' if shown in ('1', 'under 1') else 's'}"  # "1 basis point"
    if days == 1:  # one session is neither a run nor an average
        return f"{lead} beat {lag} on the last session, by {points}"
    return f"{lead} has beaten {lag} {days} sessions in a row, by {points} a day on average"


def _alt(names: tuple[str, str], view: pd.Series, run: int, edge_bp: float,
         sample: bool) -> str:
    last = float(view.iloc[-1])
    decimals = _decimals(view) + 1
    changes = []
    # the issue's own week and month (analysis.periods), so the alt text and the text agree
    for label, base in (("a week", week_start(view.index)), ("a month", month_start(view.index))):
        if base is not None:
            change = last / float(view.iloc[base]) - 1
            move = abs(change) * 100
            changes.append(f"unchanged in {label}" if f"{move:.1f}" == "0.0"
                           else f"{'up' if change >= 0 else 'down'} {move:.1f}% in {label}")
    text = (f"{names[0]}/{names[1]} price ratio over the {len(view)} sessions to "
            f"{formats.day(view.index[-1].date())}: {last:.{decimals}f}")
    if changes:
        text += ", " + " and ".join(changes)
    text += "; " + _streak_words(names, run, edge_bp, short=False) + "."
    return f"SAMPLE DATA. {text}" if sample else text
