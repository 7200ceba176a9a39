"""The interface every data source implements, and the bars-frame contract."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np
import pandas as pd

from newsletter.model import BAR_COLUMNS, OPTION_COLUMNS


@dataclass
class Fetched:
    """What a source delivered: frames by ticker, and the tickers it failed on with why."""

    bars: dict[str, pd.DataFrame] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    splits: dict[str, tuple[tuple[dt.date, float], ...]] = field(default_factory=dict)
    """The split record of the tickers whose source keeps one (:attr:`Snapshot.splits`)."""


@runtime_checkable
class Source(Protocol):
    """A market-data source.

    ``name`` is recorded in every snapshot (``sample``, ``csv:DIR``, ``yahoo``).
    ``sample`` is true only for the synthetic market, which every output labels.
    """

    name: str
    sample: bool

    def bars(self, tickers: Sequence[str], start: dt.date, end: dt.date) -> Fetched:
        """Daily bars for ``start <= date <= end`` (both inclusive), normalised."""
        ...

    def options(self, ticker: str, asof: dt.date) -> pd.DataFrame | None:
        """The option chain (OPTION_COLUMNS) as of ``asof``, or None when there is none."""
        ...

    def earnings(self, ticker: str) -> tuple[dt.date, ...]:
        """Past and scheduled earnings dates, ascending; empty when unknown."""
        ...


def normalise_bars(frame: pd.DataFrame) -> pd.DataFrame:
    """Bring any daily-bar frame to the shape in :data:`newsletter.model.BAR_COLUMNS`.

    Naive midnight DatetimeIndex named ``Date``, ascending; float columns; ``Adj Close``
    filled from ``Close`` when absent; rows with no price at all dropped (no bar that
    day: a multi-ticker download pads every ticker to every date). The content is left
    for :mod:`newsletter.validate` to judge, so nothing is decided here in silence: a
    date delivered twice keeps both bars, in the order delivered, and a bar with a bad
    or missing price is kept as it is.
    """
    out = frame.copy()
    idx = pd.DatetimeIndex(pd.to_datetime(out.index))
    if idx.tz is not None:
        idx = idx.tz_localize(None)
    out.index = idx.normalize()
    out.index.name = "Date"
    if "Adj Close" not in out.columns and "Close" in out.columns:
        out["Adj Close"] = out["Close"]
    missing = [c for c in BAR_COLUMNS if c not in out.columns]
    if missing:
        raise ValueError(f"bars frame lacks columns {missing}")
    out = out[list(BAR_COLUMNS)].astype(np.float64)
    if not out.index.is_monotonic_increasing:
        out = out.sort_index(kind="stable")
    return out.dropna(subset=[c for c in BAR_COLUMNS if c != "Volume"], how="all")


SPLITS_COLUMN = "Stock Splits"
"""Where yfinance's ``Ticker.history()`` (and a CSV written from it) records splits: the
ratio on the ex-date (4.0 for 4:1), 0 on every other day."""


def split_record(frame: pd.DataFrame) -> tuple[tuple[dt.date, float], ...] | None:
    """The splits in ``frame``'s ``Stock Splits`` column, oldest first; None without the column."""
    if SPLITS_COLUMN not in frame.columns:
        return None
    ratios = pd.to_numeric(frame[SPLITS_COLUMN], errors="coerce")
    days = pd.DatetimeIndex(pd.to_datetime(frame.index))
    found = {day.date(): float(r) for day, r in zip(days, ratios, strict=True)
             if np.isfinite(r) and r > 0 and r != 1}
    return tuple(sorted(found.items()))


def empty_chain() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object if c in ("expiry", "kind") else float)
                         for c in OPTION_COLUMNS})
