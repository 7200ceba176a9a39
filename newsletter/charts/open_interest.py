"""Options positioning chart: open interest by strike, calls up and puts mirrored down, price marked."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from newsletter.charts import formats
from newsletter.charts.canvas import (
    EDGE_PX,
    HEADER_PX,
    TEXT_PT,
    axes_px,
    header,
    new_figure,
    size_px,
)
from newsletter.charts.png import save_png
from newsletter.charts.style import Palette, styled
from newsletter.model import Chart

log = logging.getLogger(__name__)

KIND = "open_interest"


def open_interest_by_strike(chain: pd.DataFrame, price: float, band: float = 0.15,
                            expiries: Sequence[dt.date] | None = None) -> pd.DataFrame:
    """Open interest summed over ``expiries`` (all if None) by strike: columns ``call``, ``put``.

    Only strikes within ``band`` (0.15 = 15%) of ``price`` are kept.
    """
    rows = chain
    if expiries is not None:
        rows = rows[rows["expiry"].isin(set(expiries))]
    rows = rows[(rows["strike"] - price).abs() <= band * price]
    table = rows.pivot_table(index="strike", columns="kind", values="open_interest",
                             aggfunc="sum", fill_value=0.0)
    return table.reindex(columns=["call", "put"], fill_value=0.0).astype(float).sort_index()


def open_interest_chart(out: Path, *, chain: pd.DataFrame, price: float, ticker: str,
                        asof: dt.date, expiries: Sequence[dt.date] | None = None,
                        band: float = 0.15, put_wall: float | None = None,
                        call_wall: float | None = None, title: str | None = None,
                        sample: bool = False, workspace: Path | None = None,
                        width: int = 600, height: int = 340) -> Chart:
    """Draw open interest by strike around ``price`` from an option chain frame.

    Calls rise above the zero line, puts hang below it; the last price is a
    vertical line. The walls (the strikes with the most put and call open
    interest) are labelled: pass the analysis' ``put_wall`` and ``call_wall`` so
    that chart and text agree, or leave them None to take the largest here.
    Writes ``out`` and returns its :class:`~newsletter.model.Chart`.
    """
    table = open_interest_by_strike(chain, price, band, expiries)
    if table.empty or not table.to_numpy().any():
        raise ValueError(f"{ticker}: no open interest within {band:.0%} of {price}")
    put_wall = float(table["put"].idxmax()) if put_wall is None else float(put_wall)
    call_wall = float(table["call"].idxmax()) if call_wall is None else float(call_wall)
    with styled(workspace) as palette:
        fig = new_figure(width, height)
        ax = axes_px(fig, left=84, top=HEADER_PX + 30, right=EDGE_PX + 4, bottom=34)
        strikes = table.index.to_numpy(dtype=float)
        step = float(np.diff(strikes).min()) if len(strikes) > 1 else max(price * 0.01, 1.0)
        calls, puts = table["call"].to_numpy(), table["put"].to_numpy()
        ax.bar(strikes, calls, width=step * 0.8, color=palette.up, zorder=2)
        ax.bar(strikes, -puts, width=step * 0.8, color=palette.down, zorder=2)
        top = max(calls.max(), puts.max(), 1.0) * 1.45
        ax.set_ylim(-top, top)
        ax.set_xlim(strikes.min() - step, strikes.max() + step)
        ax.axhline(0, color=palette.muted, linewidth=0.9, zorder=3)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=4, symmetric=True))
        ax.yaxis.set_major_formatter(lambda v, _: formats.count(abs(v)))
        ax.xaxis.set_major_locator(MaxNLocator(nbins=7, steps=[1, 2, 2.5, 5, 10]))
        ax.xaxis.set_major_formatter(formats.tick)
        _mark_price(ax, price, palette)
        for strike, side in ((call_wall, "call"), (put_wall, "put")):
            if strike in table.index:  # a wall outside the band has no bar to label
                _label_wall(ax, table, strike, side, price, palette)
        for y, word, colour in ((0.75, "Calls", palette.up), (0.25, "Puts", palette.down)):
            ax.annotate(word, (0, y), xycoords="axes fraction", xytext=(-46, 0),
                        textcoords="offset points", rotation=90, ha="center", va="center",
                        fontsize=TEXT_PT, fontweight="bold", color=colour, annotation_clip=False)
        header(fig, palette, title=title or f"${ticker} open interest by strike",
               subtitle=_scope(chain, expiries), asof=asof, sample=sample)
        save_png(fig, out)
    walls = (_wall_words(chain, expiries, table, put_wall, "put", band, " contracts"),
             _wall_words(chain, expiries, table, call_wall, "call", band))
    alt = _alt(ticker, table, price, walls, band, _scope(chain, expiries), sample)
    return Chart(name=out.stem, alt=alt, width=width, height=height, kind=KIND)


def _mark_price(ax: Axes, price: float, palette: Palette) -> None:
    ax.axvline(price, color=palette.text, linewidth=1.2, linestyle=(0, (3, 2)), zorder=4)
    ax.text(price, 1.0, f"Last {formats.price(price)}", transform=ax.get_xaxis_transform(),
            ha="center", va="bottom", fontsize=TEXT_PT, fontweight="bold", color=palette.background,
            zorder=5, bbox={"boxstyle": "square,pad=0.2", "facecolor": palette.text,
                            "linewidth": 0})


def _label_wall(ax: Axes, table: pd.DataFrame, strike: float, side: str, price: float,
                palette: Palette) -> None:
    """Label a wall at the end of its bar, running away from the price line where it fits."""
    oi = float(table[side].get(strike, 0.0))
    colour = palette.call_wall if side == "call" else palette.put_wall
    sign = 1 if side == "call" else -1
    text = f"{'Call' if side == 'call' else 'Put'} wall {formats.strike(strike)} · {formats.count(oi)}"
    lo, hi = ax.get_xlim()
    width_px = ax.get_position().width * size_px(ax.figure)[0]
    need = len(text) * TEXT_PT * 100 / 72 * 0.66 / width_px * (hi - lo)  # label width, data units
    half = (hi - lo) * 0.012
    if strike < price and strike + half - need >= lo:
        align, x = "right", strike + half
    elif strike >= price and strike - half + need <= hi:
        align, x = "left", strike - half
    else:
        align, x = "center", min(max(strike, lo + need / 2), hi - need / 2)
    ax.annotate(text, (x, sign * oi), xytext=(0, 5 * sign), textcoords="offset points",
                ha=align, va="bottom" if sign > 0 else "top", fontsize=TEXT_PT, fontweight="bold",
                color=colour, zorder=6, annotation_clip=False,
                bbox={"boxstyle": "square,pad=0.1", "facecolor": palette.background,
                      "linewidth": 0, "alpha": 0.9})


def _scope(chain: pd.DataFrame, expiries: Sequence[dt.date] | None) -> str:
    chosen = sorted(set(expiries if expiries is not None else chain["expiry"]))
    if not chosen:
        return "No expiries"
    if len(chosen) == 1:
        return f"Expiry {formats.day(chosen[0])}"
    return f"{len(chosen)} expiries through {formats.day(chosen[-1])}"


def _wall_words(chain: pd.DataFrame, expiries: Sequence[dt.date] | None, table: pd.DataFrame,
                strike: float, side: str, band: float, unit: str = "") -> str:
    """"put wall 250 (150 contracts)" (``unit`` after the figure) with its open interest, read from
    the whole chain when the wall lies outside the band drawn ("call wall 30 (0)" beside a
    paragraph's 1,412,280, the sample, seed 29)."""
    if strike in table.index:
        return f"{side} wall {formats.strike(strike)} ({formats.count(float(table[side][strike]))}{unit})"
    rows = chain if expiries is None else chain[chain["expiry"].isin(set(expiries))]
    oi = rows.loc[(rows["kind"] == side) & (rows["strike"] == strike), "open_interest"].sum()
    return (f"{side} wall {formats.strike(strike)} ({formats.count(float(oi))} contracts, outside "
            f"the {band:.0%} drawn)")


def _alt(ticker: str, table: pd.DataFrame, price: float, walls: tuple[str, str],
         band: float, scope: str, sample: bool) -> str:
    text = (f"{ticker} open interest by strike ({scope}), with the stock at "
            f"{formats.price(price)}: {walls[0]}, {walls[1]}; within "
            f"{band:.0%} of the price, {formats.count(table['put'].sum())} puts against "
            f"{formats.count(table['call'].sum())} calls.")
    return f"SAMPLE DATA. {text}" if sample else text
