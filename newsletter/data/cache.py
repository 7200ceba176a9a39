"""A disk cache in front of any :class:`Source`: fetch only what is missing.

Bars are stored per ticker with the date ranges the source has answered for it
(:mod:`newsletter.data.store`). A session inside a covered range with no bar (a
halt) is never asked for again. Each fetch overlaps the cached bars by one bar
on each side: when the source's Close or Adj Close there differs from the cache
(a split or dividend re-adjusted its history), the ticker's whole history is
fetched again rather than stitched across two bases.

Option chains are cached per ticker and as-of date, earnings dates per ticker for
a week, so a build can run offline on what was fetched before.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from newsletter.atomic import atomic_write_bytes
from newsletter.data.base import Fetched, Source, normalise_bars
from newsletter.data.iv_history import load_atm_iv, record_atm_iv
from newsletter.data.parquet import ERRORS as PARQUET_ERRORS
from newsletter.data.parquet import dates_column, frame_bytes, read_frame
from newsletter.data.store import (
    DAY,
    BarCache,
    CachedBars,
    Range,
    empty_bars,
    file_stem,
    merge_ranges,
    ticker_from_stem,
    uncovered,
)
from newsletter.model import chain_columns
from newsletter.sessions import sessions_between

__all__ = [
    "CacheStats",
    "CachedSource",
    # the storage names, kept importable from here
    "file_stem",
    "merge_ranges",
    "ticker_from_stem",
    "uncovered",
]

log = logging.getLogger(__name__)

SETTLE = dt.timedelta(days=4)
"""A session the source has no bar for is taken as a halt once it is this old;
until then the source may not have published it yet, and it is asked for again."""
EARNINGS_MAX_AGE = dt.timedelta(days=7)
READJUST_RTOL = 1e-5

Answer = list[tuple[Range, pd.DataFrame]]


@dataclass
class CacheStats:
    """What a :class:`CachedSource` did: calls to the inner source, answers from disk."""

    source_calls: int = 0
    cache_hits: int = 0
    stale_served: int = 0


class CachedSource:
    """Any :class:`Source` behind a disk cache; the same protocol and ``name``.

    ``warnings`` collects, across calls, every time cached data stood in for a
    failed fetch and how old it was; ``cache_age`` maps each ticker served to the
    date of its last cached bar.
    """

    def __init__(
        self,
        source: Source,
        cache_dir: Path,
        extra_closures: Iterable[dt.date] = (),
        *,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self.source = source
        self.name = source.name
        self.sample = source.sample
        self.adjusted: str | None = getattr(source, "adjusted", None)
        self.cache_dir = Path(cache_dir)
        self.store = BarCache(self.cache_dir)
        self.extra_closures = tuple(extra_closures)
        self.stats = CacheStats()
        self.warnings: list[str] = []
        self.cache_age: dict[str, dt.date] = {}
        self._today = today

    def bars(self, tickers: Sequence[str], start: dt.date, end: dt.date) -> Fetched:
        """Bars for ``start <= date <= end``, asking the source only for what is missing."""
        tickers = list(dict.fromkeys(tickers))
        entries = {t: self.store.load(t) for t in tickers}
        plans = {t: self._plan(entries[t], start, end) for t in tickers}
        self.stats.cache_hits += sum(1 for ranges in plans.values() if not ranges)
        answers, reasons = self._fetch(plans)
        changed, refetch = set(), {}
        for ticker, answer in answers.items():
            if _consistent(entries[ticker].frame, answer):
                entries[ticker] = self._absorb(entries[ticker], answer)
                changed.add(ticker)
            else:
                log.info("%s: %s re-adjusted its history (split or dividend); refetching it",
                         ticker, self.name)
                refetch[ticker] = [_span(entries[ticker], start, end)]
        if refetch:
            again, failed = self._fetch(refetch)
            reasons.update(failed)
            for ticker, answer in again.items():
                entries[ticker] = self._absorb(CachedBars(empty_bars()), answer)
                changed.add(ticker)
        for ticker in sorted(changed):
            self.store.save(ticker, entries[ticker])
        return self._serve(entries, reasons, start, end)

    def options(self, ticker: str, asof: dt.date) -> pd.DataFrame | None:
        """The chain as of ``asof``: from the cache when fetched before, else from the source."""
        path = self.cache_dir / "options" / file_stem(ticker) / f"{asof.isoformat()}.parquet"
        cached = _read_chain(path)
        if cached is not None:
            self.stats.cache_hits += 1
            return cached
        self.stats.source_calls += 1
        try:
            chain = self.source.options(ticker, asof)
        except Exception as exc:
            log.warning("%s: option chain for %s failed: %r", self.name, ticker, exc)
            return None
        if chain is not None:
            try:  # dates as ISO text: Parquet has dates, but not every engine reads them alike
                data = frame_bytes(chain[chain_columns(chain)].astype({"expiry": str}), index=False)
                atomic_write_bytes(path, data)
            except PARQUET_ERRORS as exc:
                log.warning("could not cache the option chain of %s: %s", ticker, exc)
        return chain

    def record_atm_iv(self, ticker: str, day: dt.date, iv: float) -> None:
        """Keep ``ticker``'s ATM IV for session ``day`` in the cache's IV history (for IV rank)."""
        try:
            self._note(record_atm_iv(self.cache_dir, ticker, day, iv))
        except OSError as exc:
            self.warnings.append(f"could not record the ATM IV of {ticker} in the cache ({exc}); "
                                 "its IV rank misses this day")

    def atm_iv_history(self, ticker: str, asof: dt.date) -> pd.Series:
        """The ATM IVs recorded for ``ticker`` on or before ``asof``."""
        history, problems = load_atm_iv(self.cache_dir, ticker, asof)
        self._note(problems)
        return history

    def _note(self, problems: list[str]) -> None:
        self.warnings.extend(p for p in problems if p not in self.warnings)

    def earnings(self, ticker: str) -> tuple[dt.date, ...]:
        """Earnings dates, fetched again once the cached ones are a week old."""
        path = self.cache_dir / "earnings" / f"{file_stem(ticker)}.json"
        fetched_on, cached = _read_earnings(path)
        today = self._today()
        if fetched_on is not None and today - fetched_on < EARNINGS_MAX_AGE:
            self.stats.cache_hits += 1
            return cached
        self.stats.source_calls += 1
        try:
            dates = tuple(self.source.earnings(ticker))
        except Exception as exc:
            log.warning("%s: earnings dates for %s failed: %r", self.name, ticker, exc)
            dates = ()
        if dates:
            record = {"ticker": ticker, "fetched_on": today.isoformat(),
                      "dates": [d.isoformat() for d in dates]}
            try:
                atomic_write_bytes(path, json.dumps(record).encode())
            except OSError as exc:
                log.warning("could not cache the earnings dates of %s: %s", ticker, exc)
            return dates
        if fetched_on is not None:
            self._warn(f"{ticker}: {self.name} gave no earnings dates; "
                       f"serving those cached on {fetched_on}")
        return cached

    def _plan(self, entry: CachedBars, start: dt.date, end: dt.date) -> list[Range]:
        gaps = uncovered(start, end, entry.covered)
        gaps = [g for g in gaps if sessions_between(g[0], g[1], self.extra_closures)]
        return [_with_anchors(entry.frame, gap) for gap in gaps]

    def _fetch(self, plans: dict[str, list[Range]]) -> tuple[dict[str, Answer], dict[str, str]]:
        groups: dict[Range, list[str]] = defaultdict(list)
        for ticker, ranges in plans.items():
            for span in ranges:
                groups[span].append(ticker)
        answers: dict[str, Answer] = defaultdict(list)
        reasons: dict[str, str] = {}
        for (lo, hi), group in sorted(groups.items()):
            self.stats.source_calls += 1
            try:
                got = self.source.bars(group, lo, hi)
            except Exception as exc:
                log.warning("%s failed for %s (%s..%s): %r", self.name, ", ".join(group), lo, hi, exc)
                got = Fetched(failed={t: f"{self.name} raised {exc!r}" for t in group})
            for ticker in group:
                if ticker in got.failed or ticker not in got.bars:
                    reasons[ticker] = got.failed.get(ticker, f"{self.name} returned nothing")
                else:
                    answers[ticker].append(((lo, hi), normalise_bars(got.bars[ticker])))
        return dict(answers), reasons

    def _absorb(self, entry: CachedBars, answer: Answer) -> CachedBars:
        merged = entry.frame
        for _, frame in answer:
            # a date the source answered replaces what the cache held for it (the overlap was
            # compared in _consistent); a date it delivered twice keeps both, for validation
            if not frame.empty:
                merged = pd.concat([merged[~merged.index.isin(frame.index)], frame])
        merged = normalise_bars(merged) if not merged.empty else empty_bars()
        answered = [self._answered(span, frame) for span, frame in answer]
        covered = merge_ranges([*entry.covered, *(a for a in answered if a is not None)])
        return CachedBars(merged, covered)

    def _answered(self, span: Range, frame: pd.DataFrame) -> Range | None:
        lo, hi = span
        inside = frame.loc[pd.Timestamp(lo): pd.Timestamp(hi)]
        inside = inside[np.isfinite(inside["Close"].to_numpy())]  # a bar with no Close answers nothing yet
        after = inside.index[-1].date() + DAY if len(inside) else lo
        cutoff = self._today() - SETTLE
        unsettled = [d for d in sessions_between(after, hi, self.extra_closures) if d > cutoff]
        if not unsettled:
            return span
        stop = unsettled[0] - DAY
        return (lo, stop) if stop >= lo else None

    def _serve(self, entries: dict[str, CachedBars], reasons: dict[str, str],
               start: dt.date, end: dt.date) -> Fetched:
        out = Fetched()
        for ticker, entry in entries.items():
            frame = entry.frame.loc[pd.Timestamp(start): pd.Timestamp(end)].copy()
            if entry.last is not None:
                self.cache_age[ticker] = entry.last
            if ticker in reasons and not frame.empty:
                last = frame.index[-1].date()
                behind = len(sessions_between(last + DAY, end, self.extra_closures))
                self._warn(f"{ticker}: {self.name} failed ({reasons[ticker]}); serving cached "
                           f"bars, last bar {last}, {behind} sessions before {end}")
                self.stats.stale_served += 1
                out.bars[ticker] = frame
            elif ticker in reasons:
                out.failed[ticker] = reasons[ticker]
            elif frame.empty:
                out.failed[ticker] = f"no bars between {start} and {end}"
            else:
                out.bars[ticker] = frame
        return out

    def _warn(self, message: str) -> None:
        log.warning(message)
        self.warnings.append(message)


def _with_anchors(frame: pd.DataFrame, gap: Range) -> Range:
    """``gap`` widened to the nearest cached bar on each side, to compare on."""
    before = frame.index[frame.index < pd.Timestamp(gap[0])]
    after = frame.index[frame.index > pd.Timestamp(gap[1])]
    return (before[-1].date() if len(before) else gap[0],
            after[0].date() if len(after) else gap[1])


def _span(entry: CachedBars, start: dt.date, end: dt.date) -> Range:
    bounds = [start, end, *(d for span in entry.covered for d in span)]
    return min(bounds), max(bounds)


def _consistent(cached: pd.DataFrame, answer: Answer) -> bool:
    """Whether the source's bars agree with the cache wherever both have one."""
    def comparable(frame: pd.DataFrame) -> pd.DataFrame:
        """One finite bar a date: a date twice or a missing price says nothing of re-adjusting."""
        prices = frame[["Close", "Adj Close"]].to_numpy()
        return frame[~frame.index.duplicated(keep=False) & np.isfinite(prices).all(axis=1)]

    cached = comparable(cached)
    for _, frame in answer:
        frame = comparable(frame)
        common = cached.index.intersection(frame.index)
        if len(common) and not np.allclose(
            cached.loc[common, ["Close", "Adj Close"]].to_numpy(),
            frame.loc[common, ["Close", "Adj Close"]].to_numpy(),
            rtol=READJUST_RTOL, atol=0.0, equal_nan=True,
        ):
            return False
    return True


def _read_chain(path: Path) -> pd.DataFrame | None:
    if not path.exists():
        return None
    try:
        chain = read_frame(path)
        if list(chain.columns) == chain_columns(chain):
            chain["expiry"] = dates_column(chain["expiry"])
    except Exception as exc:
        log.warning("option-chain cache %s is unreadable (%s); refetching", path, exc)
        return None
    if list(chain.columns) != chain_columns(chain):
        log.warning("option-chain cache %s has columns %s; refetching", path, list(chain.columns))
        return None
    return chain


def _read_earnings(path: Path) -> tuple[dt.date | None, tuple[dt.date, ...]]:
    if not path.exists():
        return None, ()
    try:
        record = json.loads(path.read_text())
        dates = tuple(dt.date.fromisoformat(d) for d in record["dates"])
        return dt.date.fromisoformat(record["fetched_on"]), dates
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("earnings cache %s is unreadable (%s); refetching", path, exc)
        return None, ()
