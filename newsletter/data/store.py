"""Parquet storage of cached bars: one file per ticker, with the ranges it covers.

Bars live per ticker in ``<cache_dir>/bars/<stem>.parquet``; the date ranges the
source has answered for that ticker ride in the same file's Parquet metadata, so
bars and coverage change together in one atomic rename.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

import numpy as np
import pandas as pd

from newsletter.atomic import atomic_write_bytes
from newsletter.data.base import normalise_bars
from newsletter.data.parquet import ERRORS as PARQUET_ERRORS
from newsletter.data.parquet import frame_bytes, read_frame_and_metadata
from newsletter.model import BAR_COLUMNS

log = logging.getLogger(__name__)

DAY = dt.timedelta(days=1)
_COVERED = "newsletter.covered"

Range = tuple[dt.date, dt.date]


def file_stem(ticker: str) -> str:
    """A file-name stem for ``ticker`` that :func:`ticker_from_stem` reverses.

    Percent-encodes everything but letters, digits and ``-_.~`` (``^VIX`` becomes
    ``%5EVIX``, ``CL=F`` becomes ``CL%3DF``), and a leading dot.
    """
    if not ticker:
        raise ValueError("a ticker cannot be empty")
    stem = quote(ticker, safe="")
    return "%2E" + stem[1:] if stem.startswith(".") else stem


def ticker_from_stem(stem: str) -> str:
    """The ticker whose :func:`file_stem` is ``stem``."""
    return unquote(stem)


def merge_ranges(ranges: Iterable[Range]) -> tuple[Range, ...]:
    """Date ranges sorted, with overlapping or adjacent ones joined."""
    out: list[Range] = []
    for start, end in sorted(ranges):
        if out and start <= out[-1][1] + DAY:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)


def uncovered(start: dt.date, end: dt.date, covered: Iterable[Range]) -> list[Range]:
    """The parts of ``[start, end]`` that no range in ``covered`` contains."""
    gaps, cursor = [], start
    for lo, hi in merge_ranges(covered):
        if hi < cursor:
            continue
        if lo > end:
            break
        if lo > cursor:
            gaps.append((cursor, lo - DAY))
        cursor = hi + DAY
    if cursor <= end:
        gaps.append((cursor, end))
    return gaps


def empty_bars() -> pd.DataFrame:
    """A bars frame with the BAR_COLUMNS and no rows."""
    return pd.DataFrame({c: pd.Series(dtype=np.float64) for c in BAR_COLUMNS},
                        index=pd.DatetimeIndex([], name="Date"))


@dataclass(frozen=True)
class CachedBars:
    """One ticker's cached bars and the ranges the source has answered for it."""

    frame: pd.DataFrame
    covered: tuple[Range, ...] = ()

    @property
    def last(self) -> dt.date | None:
        """The date of the last cached bar, if any."""
        return self.frame.index[-1].date() if len(self.frame) else None


class BarCache:
    """Bars per ticker as Parquet files under ``root/bars``."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root) / "bars"

    def path(self, ticker: str) -> Path:
        """The ticker's Parquet file (which may not exist yet)."""
        return self.root / f"{file_stem(ticker)}.parquet"

    def tickers(self) -> list[str]:
        """Every ticker with a cache file, sorted."""
        return sorted(ticker_from_stem(p.stem) for p in self.root.glob("*.parquet"))

    def load(self, ticker: str) -> CachedBars:
        """The cached bars, or none when absent or unreadable (logged; it is refetched)."""
        path = self.path(ticker)
        if not path.exists():
            return CachedBars(empty_bars())
        try:
            frame, metadata = read_frame_and_metadata(path)
            spans = json.loads(metadata.get(_COVERED, "[]"))
            covered = tuple((dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for a, b in spans)
            return CachedBars(normalise_bars(frame), merge_ranges(covered))
        except Exception as exc:
            log.warning("bars cache %s is unreadable (%s); refetching %s", path, exc, ticker)
            return CachedBars(empty_bars())

    def save(self, ticker: str, entry: CachedBars) -> bool:
        """Replace the ticker's file atomically; a failure is logged, not raised."""
        spans = json.dumps([[a.isoformat(), b.isoformat()] for a, b in entry.covered])
        try:
            data = frame_bytes(entry.frame, index=True, metadata={_COVERED: spans})
            atomic_write_bytes(self.path(ticker), data)
        except PARQUET_ERRORS as exc:
            log.warning("could not write the bars cache for %s: %s", ticker, exc)
            return False
        return True
