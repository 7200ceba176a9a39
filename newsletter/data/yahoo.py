"""Live market data from Yahoo Finance through yfinance.

yfinance is imported inside the methods: importing it costs about 1.4 s and most
builds are served from the cache without ever calling Yahoo.

yfinance 1.7 reports a failed ticker by leaving its columns all-NaN and logging
the reason on the ``yfinance`` logger (``multi.py`` keeps its error dict in a
per-call context; ``shared._ERRORS`` is no longer written). Offline it returns an
empty frame without raising. :class:`YahooSource` turns both into
:attr:`Fetched.failed` entries, with yfinance's reason when it logged one.
"""

from __future__ import annotations

import ast
import datetime as dt
import logging
import re
import time
from collections.abc import Callable, Iterator, Sequence

import numpy as np
import pandas as pd

from newsletter.data.base import Fetched, normalise_bars
from newsletter.model import OPTION_COLUMNS, OPTION_QUOTE_COLUMNS

log = logging.getLogger(__name__)

ADJUSTMENT = "Close split-adjusted; Adj Close dividend-adjusted (yfinance auto_adjust=False)"
"""What the bars from this source are adjusted for, to record in the snapshot."""

CHAIN_MAX_LAG = dt.timedelta(days=7)
"""Yahoo serves only today's option chain: older ``asof`` dates get none."""

_SUMMARY = re.compile(r"^\s*\[(?P<symbols>[^\]]*)\]: (?P<reason>.+)$", re.DOTALL)
_PER_TICKER = re.compile(r"^\$(?P<symbol>\S+): (?P<reason>.+)$", re.DOTALL)


class YahooSource:
    """The yfinance source: daily bars, option chains and earnings dates."""

    name = "yahoo"
    sample = False
    adjusted = ADJUSTMENT

    def __init__(
        self,
        *,
        retries: int,
        timeout: float,
        backoff: float = 2.0,
        threads: bool | int = True,
        expiries: int = 4,
        earnings_limit: int = 25,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """``retries`` extra attempts for what failed, waiting ``backoff * 2**n`` s
        before attempt n + 1; ``timeout`` seconds per HTTP request."""
        if retries < 0 or timeout <= 0 or backoff < 0:
            raise ValueError("retries >= 0, timeout > 0 and backoff >= 0 are required")
        self.retries = retries
        self.timeout = timeout
        self.backoff = backoff
        self.threads = threads
        self.expiries = expiries
        self.earnings_limit = earnings_limit
        self._sleep = sleep

    def bars(self, tickers: Sequence[str], start: dt.date, end: dt.date) -> Fetched:
        """Daily bars for ``start <= date <= end``; failed tickers name yfinance's reason."""
        pending = list(dict.fromkeys(tickers))
        result = Fetched()
        if not pending:
            return result
        for _ in self._attempts("bars"):
            got = self._download(pending, start, end)
            result.bars.update(got.bars)
            result.failed = got.failed
            pending = list(got.failed)
            if not pending:
                break
        if result.failed:
            by_reason: dict[str, list[str]] = {}
            for ticker, reason in result.failed.items():
                by_reason.setdefault(reason, []).append(ticker)
            log.warning("yahoo: no bars for %s", "; ".join(
                f"{len(ts)} ticker{'s' if len(ts) > 1 else ''} ({', '.join(ts[:6])}"
                f"{', …' if len(ts) > 6 else ''}): {reason}" for reason, ts in by_reason.items()))
        return result

    def options(self, ticker: str, asof: dt.date) -> pd.DataFrame | None:
        """The nearest expiries' calls and puts (OPTION_COLUMNS), or None with a warning."""
        if dt.date.today() - asof > CHAIN_MAX_LAG:
            log.warning("yahoo: no option chain for %s as of %s: Yahoo serves only today's",
                        ticker, asof)
            return None
        error: Exception | None = None
        for _ in self._attempts(f"options {ticker}"):
            try:
                chain = self._chain(ticker, asof)
            except Exception as exc:
                error = exc
                continue
            if chain.empty:
                log.warning("yahoo: %s has no listed options after %s", ticker, asof)
                return None
            return chain
        log.warning("yahoo: option chain for %s failed: %r", ticker, error)
        return None

    def earnings(self, ticker: str) -> tuple[dt.date, ...]:
        """Past and scheduled earnings dates (exchange-local), ascending, in the after-the-close
        convention: a report before the open is dated the day before (its reaction is that session)."""
        import yfinance as yf

        error: Exception | None = None
        for _ in self._attempts(f"earnings {ticker}"):
            try:
                frame = yf.Ticker(ticker).get_earnings_dates(limit=self.earnings_limit)
            except Exception as exc:
                error = exc
                continue
            if frame is None or frame.empty:
                log.warning("yahoo: no earnings dates for %s", ticker)
                return ()
            return tuple(sorted({_reaction_date(pd.Timestamp(ts)) for ts in frame.index if pd.notna(ts)}))
        log.warning("yahoo: earnings dates for %s failed: %r", ticker, error)
        return ()

    def _attempts(self, what: str) -> Iterator[int]:
        for attempt in range(self.retries + 1):
            if attempt:
                wait = self.backoff * 2 ** (attempt - 1)
                log.info("yahoo: retrying %s in %.1f s (attempt %d of %d)",
                         what, wait, attempt + 1, self.retries + 1)
                self._sleep(wait)
            yield attempt

    def _download(self, tickers: list[str], start: dt.date, end: dt.date) -> Fetched:
        import yfinance as yf

        with _YfinanceErrors() as errors:
            try:
                frame = yf.download(
                    tickers,
                    start=start.isoformat(),
                    end=(end + dt.timedelta(days=1)).isoformat(),
                    interval="1d",
                    auto_adjust=False,
                    actions=False,
                    group_by="column",
                    multi_level_index=True,
                    threads=self.threads,
                    progress=False,
                    timeout=self.timeout,
                )
            except Exception as exc:
                return Fetched(failed={t: f"yfinance raised {exc!r}" for t in tickers})
        return split_download(frame, tickers, start, end, errors.reasons)

    def _chain(self, ticker: str, asof: dt.date) -> pd.DataFrame:
        import yfinance as yf

        handle = yf.Ticker(ticker)
        expiries = sorted(d for d in map(dt.date.fromisoformat, handle.options) if d >= asof)
        parts = []
        for expiry in expiries[: self.expiries]:
            chain = handle.option_chain(expiry.isoformat())
            for kind, contracts in (("call", chain.calls), ("put", chain.puts)):
                if contracts is not None and not contracts.empty:
                    parts.append(chain_rows(contracts, expiry, kind))
        if not parts:
            return pd.DataFrame(columns=list(OPTION_COLUMNS))
        return pd.concat(parts, ignore_index=True)


def split_download(
    frame: pd.DataFrame | None,
    tickers: Sequence[str],
    start: dt.date,
    end: dt.date,
    reasons: dict[str, str] | None = None,
) -> Fetched:
    """Split ``yf.download(group_by="column", multi_level_index=True)`` output by ticker.

    A ticker whose columns are absent or hold no Close in ``[start, end]`` fails,
    with the reason yfinance logged for it (keyed by upper-case symbol) when known.
    """
    reasons = reasons or {}
    out = Fetched()
    present = set()
    if frame is not None and isinstance(frame.columns, pd.MultiIndex):
        present = set(frame.columns.get_level_values("Ticker"))
    for ticker in tickers:
        symbol = ticker.upper()
        bars = None
        if symbol in present:
            bars = normalise_bars(frame.xs(symbol, axis=1, level="Ticker"))
            bars = bars.loc[pd.Timestamp(start): pd.Timestamp(end)]
        if bars is None or bars.empty:
            out.failed[ticker] = reasons.get(symbol, f"no bars from Yahoo for {start}..{end}")
        else:
            out.bars[ticker] = bars
    return out


def chain_rows(contracts: pd.DataFrame, expiry: dt.date, kind: str) -> pd.DataFrame:
    """One side of ``Ticker.option_chain(expiry)`` as OPTION_COLUMNS rows with the quote columns."""
    def column(name: str) -> np.ndarray:
        if name not in contracts:
            return np.full(len(contracts), np.nan)
        return pd.to_numeric(contracts[name], errors="coerce").astype(float).to_numpy()

    return pd.DataFrame({
        "expiry": [expiry] * len(contracts),
        "kind": kind,
        "strike": contracts["strike"].astype(float).to_numpy(),
        "open_interest": contracts["openInterest"].astype(float).to_numpy(),
        "volume": contracts["volume"].astype(float).to_numpy(),
        "bid": column("bid"),
        "ask": column("ask"),
        "implied_volatility": column("impliedVolatility"),
    }, columns=[*OPTION_COLUMNS, *OPTION_QUOTE_COLUMNS])


def parse_error_message(message: str) -> dict[str, str]:
    """Reasons by symbol from one ERROR record of the ``yfinance`` logger.

    ``download`` logs ``"['A', 'B']: reason"`` (multi.py); ``history`` logs
    ``"$A: reason"`` (scrapers/history.py). Anything else gives nothing.
    """
    match = _SUMMARY.match(message)
    if match:
        try:
            symbols = ast.literal_eval(f"[{match['symbols']}]")
        except (ValueError, SyntaxError):
            return {}
        return {str(s): match["reason"].strip() for s in symbols}
    match = _PER_TICKER.match(message.strip())
    if match:
        return {match["symbol"]: match["reason"].strip()}
    return {}


class _YfinanceErrors(logging.Handler):
    """Collects the reasons yfinance logs while a download runs."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.reasons: dict[str, str] = {}
        self._logger = logging.getLogger("yfinance")

    def emit(self, record: logging.LogRecord) -> None:
        for symbol, reason in parse_error_message(record.getMessage()).items():
            if symbol not in self.reasons or _SUMMARY.match(record.getMessage()):
                self.reasons[symbol] = reason

    def __enter__(self) -> _YfinanceErrors:
        self._logger.addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        self._logger.removeHandler(self)


def _reaction_date(stamp: pd.Timestamp) -> dt.date:
    """The time of day decides the reaction session: a report before noon (exchange time, and not
    a bare midnight, which means the time is unknown) is dated the day before, so that the
    after-the-close convention puts its reaction on the report's own session."""
    before_open = 1 <= stamp.hour < 12
    return stamp.date() - dt.timedelta(days=1 if before_open else 0)
