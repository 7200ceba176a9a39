"""A folder of Yahoo-layout CSV files, one per ticker: bring your own data.

``DIR/SPY.csv`` with ``Date,Open,High,Low,Close,Adj Close,Volume`` (``^VIX.csv``
too). Optional ``DIR/options/<TICKER>.csv`` (OPTION_COLUMNS) adds option chains.

A ticker's CSV may carry a ``Stock Splits`` column (what yfinance's
``Ticker.history().to_csv()`` writes: the ratio on the ex-date, 0 elsewhere): it is
that ticker's split record, which the validation stage checks the bars against.

Earnings dates (for 💡 Sentiment Top) come from ``DIR/earnings.csv``, one report a row::

    ticker,date,time
    NVDA,2026-11-19,amc
    AVGO,2026-12-11,bmo

``time`` is ``bmo`` (before the open: that day's session is the reaction) or ``amc``
(after the close, the default when empty: the next session is the reaction). The
older ``DIR/earnings/<TICKER>.csv`` with a ``Date`` column (after the close) still works.

Snapshot earnings dates follow the after-the-close convention (the reaction is the
first session after the date), so a ``bmo`` report on day D is kept as the day before D.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from newsletter.data.base import Fetched, normalise_bars, split_record
from newsletter.model import chain_columns

log = logging.getLogger(__name__)


class CsvFolderSource:
    sample = False

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.name = f"csv:{Path(folder).name}"  # readers see the kind and the folder, not a path
        self._frames: dict[str, pd.DataFrame] = {}
        self._splits: dict[str, tuple[tuple[dt.date, float], ...]] = {}

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
                if (record := split_record(raw)) is not None:
                    self._splits[ticker] = record
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
                if ticker in self._splits:
                    out.splits[ticker] = tuple((d, r) for d, r in self._splits[ticker] if start <= d <= end)
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
        dates = set(self._earnings_table().get(ticker, ()))
        path = self.folder / "earnings" / f"{ticker}.csv"
        if path.is_file():
            try:
                dates |= set(pd.to_datetime(pd.read_csv(path)["Date"]).dt.date)
            except (ValueError, KeyError) as exc:
                log.warning("%s: unreadable earnings dates (%s)", path, exc)
        return tuple(sorted(dates))

    def _earnings_table(self) -> dict[str, tuple[dt.date, ...]]:
        if not hasattr(self, "_earnings"):
            self._earnings = read_earnings_csv(self.folder / EARNINGS_FILE)
        return self._earnings


EARNINGS_FILE = "earnings.csv"


def reaction_convention(day: dt.date, time: str) -> dt.date:
    """An earnings date in the after-the-close convention: a ``bmo`` report moves to the day before."""
    return day - dt.timedelta(days=1) if time == "bmo" else day


def read_earnings_csv(path: Path) -> dict[str, tuple[dt.date, ...]]:
    """``ticker,date,time`` rows by ticker, in the after-the-close convention; {} without the file."""
    if not path.is_file():
        return {}
    try:
        table = pd.read_csv(path, dtype=str).fillna("")
        table.columns = [c.strip().lower() for c in table.columns]
        out: dict[str, set[dt.date]] = {}
        for row in table.itertuples(index=False):
            time = getattr(row, "time", "").strip().lower() or "amc"
            if time not in ("bmo", "amc"):
                raise ValueError(f"time {time!r} for {row.ticker} (expected bmo or amc)")
            day = dt.date.fromisoformat(row.date.strip())
            out.setdefault(row.ticker.strip().upper(), set()).add(reaction_convention(day, time))
    except (ValueError, KeyError, AttributeError) as exc:
        log.warning("%s: unreadable earnings table (%s)", path, exc)
        return {}
    return {t: tuple(sorted(d)) for t, d in out.items()}
