"""A folder of Yahoo-layout CSV files, one per ticker: bring your own data.

``DIR/SPY.csv`` with ``Date,Open,High,Low,Close,Adj Close,Volume`` (``^VIX.csv``
too). Optional ``DIR/options/<TICKER>.csv`` (OPTION_COLUMNS) and
``DIR/earnings/<TICKER>.csv`` (a ``Date`` column) add chains and earnings dates.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from newsletter.data.base import Fetched, normalise_bars
from newsletter.model import chain_columns

log = logging.getLogger(__name__)


class CsvFolderSource:
    sample = False

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.name = f"csv:{Path(folder).name}"  # readers see the kind and the folder, not a path
        self._frames: dict[str, pd.DataFrame] = {}

    def _shown(self, ticker: str) -> str:
        """``yahoo-daily/SPY.csv``: the file named without the server's path (it reaches build.json)."""
        return f"{self.folder.name}/{ticker}.csv"

    def _load(self, ticker: str) -> pd.DataFrame:
        if ticker not in self._frames:
            path = self.folder / f"{ticker}.csv"
            if not path.is_file():
                raise FileNotFoundError(f"no file {self._shown(ticker)}")
            try:
                raw = pd.read_csv(path, index_col="Date", parse_dates=["Date"])
                raw = raw.apply(pd.to_numeric, errors="coerce")
                self._frames[ticker] = normalise_bars(raw)
            except (ValueError, KeyError) as exc:
                raise ValueError(f"{self._shown(ticker)}: not a Yahoo-layout CSV ({exc})") from None
        return self._frames[ticker]

    def bars(self, tickers: Sequence[str], start: dt.date, end: dt.date) -> Fetched:
        out = Fetched()
        for ticker in tickers:
            try:
                frame = self._load(ticker)
            except (FileNotFoundError, ValueError) as exc:
                out.failed[ticker] = str(exc)
                continue
            window = frame.loc[pd.Timestamp(start):pd.Timestamp(end)]
            if window.empty:
                out.failed[ticker] = f"no bars between {start} and {end} in {self._shown(ticker)}"
            else:
                out.bars[ticker] = window
        return out

    def options(self, ticker: str, asof: dt.date) -> pd.DataFrame | None:
        path = self.folder / "options" / f"{ticker}.csv"
        if not path.is_file():
            return None
        try:
            chain = pd.read_csv(path)
            chain["expiry"] = pd.to_datetime(chain["expiry"]).dt.date
            return chain[chain_columns(chain)]
        except (ValueError, KeyError) as exc:
            log.warning("%s: unreadable option chain (%s)", path, exc)
            return None

    def earnings(self, ticker: str) -> tuple[dt.date, ...]:
        path = self.folder / "earnings" / f"{ticker}.csv"
        if not path.is_file():
            return ()
        try:
            dates = pd.to_datetime(pd.read_csv(path)["Date"]).dt.date
        except (ValueError, KeyError) as exc:
            log.warning("%s: unreadable earnings dates (%s)", path, exc)
            return ()
        return tuple(sorted(set(dates)))
