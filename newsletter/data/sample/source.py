"""The sample source: the synthetic market behind the :class:`Source` protocol."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import pandas as pd

from newsletter.data.base import Fetched
from newsletter.data.sample import history_cache
from newsletter.data.sample.earnings import report_dates
from newsletter.data.sample.factors import Market, build_market
from newsletter.data.sample.grid import EPOCH, HORIZON, as_date, grid, grid_index, served_sessions
from newsletter.data.sample.options import atm_iv_history, option_chain
from newsletter.data.sample.prices import TickerPath, ticker_path, to_bars
from newsletter.data.sample.profiles import PROFILES, profile_for, valid_ticker


@lru_cache(maxsize=1)
def kept_symbols() -> frozenset[str]:
    """The symbols whose histories are kept per user: the hand-made profiles and the members of
    the shipped breadth lists (the sample issue's own tickers); any other symbol is generated."""
    from newsletter.universes import SHIPPED, load_universe

    shipped = {t for name in SHIPPED for t in load_universe(name).tickers}
    return frozenset(PROFILES) | frozenset(shipped)


class SampleSource:
    """The synthetic market: deterministic in ``seed``, labelled ``sample`` everywhere."""

    name = "sample"
    sample = True

    def __init__(self, seed: int = 7, cache_dir: Path | None = None) -> None:
        """``cache_dir`` (the per-user ``sample`` folder, as builds pass it) keeps the generated
        histories of :func:`kept_symbols` (:mod:`~newsletter.data.sample.history_cache`); None
        generates every history in this process."""
        self.seed = int(seed)
        self.cache_dir = cache_dir
        self._market: Market | None = None
        self._paths: dict[str, TickerPath] = {}
        self._frames: dict[str, pd.DataFrame] = {}

    # ---- internals

    def _mkt(self) -> Market:
        if self._market is None:
            self._market = build_market(self.seed, len(grid()))
        return self._market

    def _path(self, ticker: str) -> TickerPath:
        if ticker not in self._paths:
            profile = profile_for(ticker)
            base = self._path(profile.derive[0]) if profile.derive else None
            self._paths[ticker] = ticker_path(self.seed, ticker, profile, self._mkt(), base)
        return self._paths[ticker]

    def history(self, ticker: str) -> pd.DataFrame:
        """The ticker's whole bars frame, EPOCH to HORIZON (cached; do not mutate)."""
        if ticker not in self._frames:
            if not valid_ticker(ticker):
                raise ValueError(f"not a plausible ticker symbol: {ticker!r}")
            self._frames[ticker] = self._kept_or_generated(ticker)
        return self._frames[ticker]

    def _generated(self, ticker: str) -> pd.DataFrame:
        return to_bars(self._path(ticker), self.seed, ticker, profile_for(ticker))

    def _kept_or_generated(self, ticker: str) -> pd.DataFrame:
        if self.cache_dir is None or ticker not in kept_symbols():
            return self._generated(ticker)
        folder = history_cache.cache_folder(self.cache_dir, self.seed)
        frame = history_cache.load(folder, ticker, grid_index()[:served_sessions()])
        if frame is None:
            frame = self._generated(ticker)
            history_cache.store(folder, ticker, frame)
        return frame

    # ---- the Source protocol

    def bars(self, tickers: Sequence[str], start: dt.date, end: dt.date) -> Fetched:
        """Bars for ``start <= date <= end``; an implausible symbol or window fails by name."""
        if isinstance(tickers, str):
            tickers = [tickers]
        start, end = as_date(start), as_date(end)
        out = Fetched()
        for ticker in dict.fromkeys(tickers):
            if not valid_ticker(ticker):
                out.failed[ticker] = (f"not a plausible ticker symbol: {ticker!r} "
                                      f"(expected something like SPY, ^VIX, CL=F, BTC-USD)")
                continue
            lo, hi = max(start, EPOCH), min(end, HORIZON)
            if start > end:
                out.failed[ticker] = f"the window starts ({start}) after it ends ({end})"
                continue
            if lo > hi:
                out.failed[ticker] = (f"no sample bars between {start} and {end}: the sample "
                                      f"market runs from {EPOCH} to {HORIZON}")
                continue
            frame = self.history(ticker)
            a = frame.index.searchsorted(pd.Timestamp(lo), side="left")
            b = frame.index.searchsorted(pd.Timestamp(hi), side="right")
            if a >= b:
                out.failed[ticker] = f"no NYSE session between {start} and {end}"
                continue
            out.bars[ticker] = frame.iloc[a:b].copy()
        return out

    def earnings(self, ticker: str) -> tuple[dt.date, ...]:
        """Report dates (after the close; the gap is on the next session), epoch to mid-2031."""
        if not valid_ticker(ticker):
            return ()
        profile = profile_for(ticker)
        if not profile.has_earnings:
            return ()
        return report_dates(self.seed, ticker, profile)

    def options(self, ticker: str, asof: dt.date) -> pd.DataFrame | None:
        """A chain as of ``asof``'s close: 3-4 expiries, OI on round strikes, puts below."""
        if not valid_ticker(ticker):
            return None
        profile = profile_for(ticker)
        if not profile.has_options:
            return None
        asof = as_date(asof)
        if asof < EPOCH or asof > HORIZON:
            return None
        return option_chain(self.seed, ticker, self.history(ticker), asof)

    def atm_iv_history(self, ticker: str, asof: dt.date) -> pd.Series | None:
        """The ATM IV (percent) of each of the 252 sessions up to ``asof``, as its chains read.

        The sample market's counterpart of the history a live cache records each day.
        """
        from newsletter.analysis.volatility import IV_RANK_WINDOW

        if not valid_ticker(ticker) or not profile_for(ticker).has_options:
            return None
        asof = as_date(asof)
        return atm_iv_history(self.seed, ticker, self.history(ticker), min(asof, HORIZON),
                              IV_RANK_WINDOW)
