"""Collect: fetch what one issue needs from a source into a Snapshot."""

from __future__ import annotations

import datetime as dt
import logging

import pandas as pd

from newsletter.analysis.history import NotEnoughData
from newsletter.config import Config
from newsletter.data.base import Source
from newsletter.errors import DataError
from newsletter.model import Snapshot
from newsletter.progress import advance_progress
from newsletter.sessions import calendar_version, sessions_between
from newsletter.universes import load_universe

log = logging.getLogger(__name__)

IV_TICKER = "SPY"
"""The index whose option chain every snapshot carries and whose ATM-IV history is kept:
the one the volatility section reads."""


def history_start(asof: dt.date, sessions: int, extra_closures=()) -> dt.date:
    """The first session of a window of ``sessions`` sessions ending at ``asof``."""
    days = sessions_between(asof - dt.timedelta(days=int(sessions * 1.5) + 20), asof, extra_closures)
    return days[-sessions] if len(days) >= sessions else days[0]


def up_to(frame: pd.DataFrame, asof: dt.date) -> pd.DataFrame:
    """The rows of ``frame`` up to the end of ``asof``: ``frame.loc[: str(asof)]``, by a binary
    search when the index is in order (the replay cuts every ticker every week: 0.9 ms a cut
    parsing the date string, profiled)."""
    index = frame.index
    if isinstance(index, pd.DatetimeIndex) and index.tz is None and index.is_monotonic_increasing:
        end = index.searchsorted(pd.Timestamp(asof) + pd.Timedelta(days=1), side="left")
        return frame.iloc[:end]
    return frame.loc[: str(asof)]


def collect(
    source: Source, config: Config, asof: dt.date, extra_tickers: list[str] | None = None
) -> Snapshot:
    """Fetch bars for every configured ticker up to ``asof``, plus option chains and earnings.

    A ticker the source fails on is recorded in ``Snapshot.failed``; the sections
    that need it say so. Only a source that delivers nothing at all is an error.
    The breadth universe's members are fetched too (when the breadth section, the Regime Read or
    the Three Minds is on: each reads breadth over them); breadth is measured over those the
    source has.
    """
    reads_breadth = config.sections.breadth or config.sections.regime or config.sections.lenses
    universe = load_universe(config.breadth.universe).tickers if reads_breadth else ()
    tickers = list(dict.fromkeys([*config.all_tickers(), *(extra_tickers or []), *universe]))
    start = history_start(asof, config.data.history_sessions, tuple(config.data.extra_closures))
    advance_progress(step=f"fetching {len(tickers)} tickers ({source.name.split(':')[0]})")
    fetched = source.bars(tickers, start, asof)
    if not fetched.bars:
        first, reason = next(iter(fetched.failed.items()), ("", "no reason given"))
        raise DataError(f"the {source.name} source delivered no bars for any of {len(tickers)} tickers "
                        f"({first}: {reason}); is the network down? a build with a warm cache "
                        "works offline", key="--source")
    bars = {t: up_to(f, asof) for t, f in fetched.bars.items()}
    failed = dict(fetched.failed)
    for ticker, frame in bars.items():
        if frame.empty:
            failed[ticker] = f"no bars up to {asof}"
    bars = {t: f for t, f in bars.items() if not f.empty}
    if failed:
        log.warning("no data for %s", ", ".join(sorted(failed)))
    w = config.watchlists
    options = {}
    for ticker in dict.fromkeys([*w.breakdown, IV_TICKER]):
        if ticker in bars:
            advance_progress(step=f"fetching the {ticker} option chain")
            chain = source.options(ticker, asof)
            if chain is not None and not chain.empty:
                options[ticker] = chain
    iv_history = {}
    if config.sections.volatility and IV_TICKER in options:
        history = atm_iv_history(source, IV_TICKER, options[IV_TICKER], bars[IV_TICKER], asof)
        if history is not None:
            iv_history[IV_TICKER] = history
    earnings = {}
    for ticker in dict.fromkeys([*w.sentiment, *w.breakdown, *w.story]):
        if ticker in bars:
            advance_progress(step=f"fetching {ticker} earnings dates")
            dates = source.earnings(ticker)
            if dates:
                earnings[ticker] = tuple(d for d in dates if d <= asof + dt.timedelta(days=120))
    return Snapshot(
        source=source.name,
        asof=asof,
        bars=bars,
        options=options,
        earnings=earnings,
        sample=bool(getattr(source, "sample", False)),
        calendar=calendar_version(),
        failed=failed,
        iv_history=iv_history,
        splits={t: tuple((d, r) for d, r in s if d <= asof) for t, s in fetched.splits.items() if t in bars},
    )


def atm_iv_history(source: Source, ticker: str, chain: pd.DataFrame, frame: pd.DataFrame,
                   asof: dt.date) -> pd.Series | None:
    """``ticker``'s ATM IV by session up to ``asof``, today's included; None when the source keeps none.

    A source that records (the cache in front of a live source) is first told
    today's value, read off ``chain`` at the as-of close exactly as the volatility
    section reads it; a source that knows its history (the sample market) answers it.
    """
    from newsletter.analysis.volatility import atm_iv

    record = getattr(source, "record_atm_iv", None)
    if record is not None:
        try:
            today = atm_iv(chain, float(frame["Close"].iloc[-1]), asof).iv
        except NotEnoughData:
            today = None
        if today is not None:
            record(ticker, frame.index[-1].date(), today)
    history = getattr(source, "atm_iv_history", None)
    return None if history is None else history(ticker, asof)
