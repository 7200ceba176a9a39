"""Sector ranking and market breadth over any universe of tickers.

Both take a wide frame of closes (sessions x tickers, see
:func:`newsletter.analysis.universe.wide`). A ticker counts in a breadth
measure on a session only if it has a bar that session and enough bars of its
own for the measure (200 for the 200-day, 252 for 52-week highs and lows).
A new 52-week high is a close above every one of the previous 251 closes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from newsletter.analysis.history import NotEnoughData, as_date, require
from newsletter.analysis.levels import WEEKS_52
from newsletter.analysis.periods import week_start
from newsletter.analysis.universe import max_wide, min_wide, previous_bar, sma_wide, valid_bars


@dataclass(frozen=True)
class RankedTicker:
    """One row of a :class:`Ranking`."""

    ticker: str
    rank: int
    """1 for the best week."""
    week_return: float
    """Percent, from the close on ``Ranking.since`` to the close on ``Ranking.asof``."""
    close: float


@dataclass(frozen=True)
class Ranking:
    """Tickers ranked by their return over the week."""

    asof: dt.date
    since: dt.date
    """The week's base close (:func:`newsletter.analysis.periods.week_start`)."""
    rows: tuple[RankedTicker, ...]
    missing: tuple[str, ...]
    """Tickers without a close on ``asof`` or ``since``."""


def weekly_ranking(closes: pd.DataFrame) -> Ranking:
    """Rank sector and industry ETFs (or any tickers) by their return over the last week."""
    c = closes.dropna(how="all")
    require(len(c), 2, "weekly ranking")
    end = c.index[-1]
    start = week_start(c.index)
    if start is None:
        raise NotEnoughData("weekly ranking", 1, 0, f"sessions before the week of {as_date(end)}")
    ret = ((c.iloc[-1] / c.iloc[start] - 1.0) * 100.0).dropna().sort_values(ascending=False, kind="stable")
    rows = tuple(RankedTicker(str(t), i + 1, float(r), float(c.at[end, t]))
                 for i, (t, r) in enumerate(ret.items()))
    missing = tuple(str(t) for t in c.columns if t not in ret.index)
    return Ranking(as_date(end), as_date(c.index[start]), rows, missing)


def breadth_history(closes: pd.DataFrame) -> pd.DataFrame:
    """Breadth counts on every session.

    Columns: ``n_200d``, ``above_200d``, ``pct_above_200d``; ``n_52w``,
    ``new_highs_52w``, ``new_lows_52w``; ``n_adv_dec``, ``advancing``,
    ``declining``, ``unchanged``. ``pct_above_200d`` is NaN where ``n_200d`` is 0.
    """
    mask = valid_bars(closes)
    c = closes.to_numpy(dtype=np.float64)
    sma = sma_wide(closes, 200, mask).to_numpy()
    prior_hi = previous_bar(max_wide(closes, WEEKS_52 - 1, mask), mask).to_numpy()
    prior_lo = previous_bar(min_wide(closes, WEEKS_52 - 1, mask), mask).to_numpy()
    prev = previous_bar(closes, mask).to_numpy()
    with np.errstate(invalid="ignore"):
        n200 = (~np.isnan(sma)).sum(axis=1)
        above = (c > sma).sum(axis=1)
        n52 = (~np.isnan(prior_hi)).sum(axis=1)
        highs, lows = (c > prior_hi).sum(axis=1), (c < prior_lo).sum(axis=1)
        nad = (~np.isnan(prev)).sum(axis=1)
        adv, dec, unch = (c > prev).sum(axis=1), (c < prev).sum(axis=1), (c == prev).sum(axis=1)
        pct = np.where(n200 > 0, 100.0 * above / np.maximum(n200, 1), np.nan)
    return pd.DataFrame({"n_200d": n200, "above_200d": above, "pct_above_200d": pct,
                         "n_52w": n52, "new_highs_52w": highs, "new_lows_52w": lows,
                         "n_adv_dec": nad, "advancing": adv, "declining": dec, "unchanged": unch},
                        index=closes.index)


@dataclass(frozen=True)
class Breadth:
    """Participation across a universe on one session."""

    date: dt.date
    n_200d: int
    """Tickers with a bar today and 200 bars of history."""
    above_200d: int
    pct_above_200d: float
    n_52w: int
    new_highs_52w: int
    new_lows_52w: int
    n_adv_dec: int
    advancing: int
    declining: int
    unchanged: int
    excluded: tuple[str, ...]
    """Tickers without a bar today, or too short for the 200-day."""


def breadth(closes: pd.DataFrame) -> Breadth:
    """Breadth on the last session of a wide frame of closes.

    Raises NotEnoughData when no ticker has the 200 sessions the 200-day needs.
    """
    hist = breadth_history(closes)
    row = hist.iloc[-1]
    require(int(row["n_200d"]), 1, "breadth (% above the 200-day)", "tickers with 200 sessions")
    counts = closes.notna().sum(axis=0)
    today = closes.iloc[-1].notna()
    excluded = tuple(str(t) for t in closes.columns if not today[t] or counts[t] < 200)
    return Breadth(as_date(hist.index[-1]), int(row["n_200d"]), int(row["above_200d"]),
                   float(row["pct_above_200d"]), int(row["n_52w"]), int(row["new_highs_52w"]),
                   int(row["new_lows_52w"]), int(row["n_adv_dec"]), int(row["advancing"]),
                   int(row["declining"]), int(row["unchanged"]), excluded)
