"""Relative strength of one ticker (or basket) against another: spreads, streaks, the ratio.

Pass closes (``Close`` or a bars frame). The two series are aligned on the
sessions both have. Returns are in percent (1.5 means +1.5 %), spreads in
percentage points (first minus second), daily edges in basis points. A session
"beats" when the first's daily return is strictly greater than the second's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from newsletter.analysis.history import (
    NotEnoughData,
    as_date,
    close_series,
    last_on_or_before,
    require,
)
from newsletter.analysis.periods import month_start, week_start
from newsletter.rounding import shown_difference

WINDOWS = ("1d", "1w", "1m", "ytd")
SHOWN_DECIMALS = {"1d": 2}
"""The decimals a window's returns print with (the day's two, the others one): a spread is the
difference of the returns as printed, so that the issue's own arithmetic adds up."""


def basket(closes: pd.DataFrame, weights: Sequence[float] | None = None) -> pd.Series:
    """An index of a basket, starting at 100, rebalanced daily to ``weights`` (default equal).

    Only sessions where every member has a close are kept.
    """
    c = closes.astype(np.float64).dropna()
    require(len(c), 2, "basket")
    w = np.full(c.shape[1], 1.0 / c.shape[1]) if weights is None else np.asarray(weights, float)
    w = w / w.sum()
    daily = (c.pct_change().iloc[1:] * w).sum(axis=1)
    level = 100.0 * np.concatenate([[1.0], np.cumprod(1.0 + daily.to_numpy())])
    return pd.Series(level, index=c.index, name="basket")


def aligned(first: pd.Series | pd.DataFrame, second: pd.Series | pd.DataFrame) -> pd.DataFrame:
    """Closes of both on the sessions they share: columns ``first`` and ``second``."""
    a, b = close_series(first), close_series(second)
    if a.index.equals(b.index) and a.index.is_monotonic_increasing:
        # the same sessions, in order (nearly always): the join's answer without the join
        return pd.DataFrame({"first": a.to_numpy(), "second": b.to_numpy()}, index=a.index)
    frame = pd.concat({"first": a, "second": b}, axis=1, join="inner")
    return frame.sort_index()


def daily_edges(first: pd.Series | pd.DataFrame, second: pd.Series | pd.DataFrame) -> pd.DataFrame:
    """Daily returns in percent (``first``, ``second``) and ``edge`` = first - second in bp."""
    return _edges(aligned(first, second))


def _edges(both: pd.DataFrame) -> pd.DataFrame:
    """:func:`daily_edges` of closes :func:`aligned` already."""
    a, b = both["first"].to_numpy(), both["second"].to_numpy()
    ra, rb = a[1:] / a[:-1] - 1.0, b[1:] / b[:-1] - 1.0  # pct_change, in arrays
    return pd.DataFrame({"first": ra * 100.0, "second": rb * 100.0,
                         "edge_bp": (ra - rb) * 10_000.0}, index=both.index[1:])


def outperformance_streaks(first: pd.Series | pd.DataFrame,
                           second: pd.Series | pd.DataFrame) -> pd.Series:
    """For each shared session after the first, how many sessions in a row the first has beaten
    the second (0 on a session it did not)."""
    return streaks_of(daily_edges(first, second)["edge_bp"])


def streaks_of(edge_bp: pd.Series) -> pd.Series:
    """:func:`outperformance_streaks` of daily edges found already (:func:`daily_edges`)."""
    return pd.Series(run_lengths(edge_bp.to_numpy() > 0), index=edge_bp.index, name="streak")


def run_lengths(flags: np.ndarray) -> np.ndarray:
    """For each position, how many flags in a row up to it are True (0 where it is False)."""
    at = np.arange(len(flags))
    last_false = np.maximum.accumulate(np.where(flags, -1, at)) if len(flags) else at
    return at - last_false


def _window_start(index: pd.DatetimeIndex, window: str) -> tuple[int | None, dt.date]:
    """Position of a window's base close (None when the history is too short), and the date
    it had to be on or before (for the error)."""
    last = index[-1]
    if window == "1d":
        return (len(index) - 2 if len(index) > 1 else None), as_date(last)
    if window == "1w":
        return week_start(index), as_date(last) - dt.timedelta(days=last.weekday() + 1)
    if window == "1m":
        pos = month_start(index)
        return pos, as_date(index[pos]) if pos is not None else as_date(index[0])
    if window == "ytd":
        anchor = pd.Timestamp(last.year - 1, 12, 31)
        return last_on_or_before(index, anchor), as_date(anchor)
    raise ValueError(f"unknown window {window!r}; use one of {WINDOWS}")


@dataclass(frozen=True)
class RelativeStrength:
    """Everything a rotation paragraph quotes about ``first`` against ``second``."""

    asof: dt.date
    first_returns: dict[str, float]
    """Percent by window: ``1d`` (last session), ``1w`` (the week, since the last close before
    this week's Monday), ``1m`` (the month, 21 sessions), ``ytd`` (since last year's last close);
    the week and the month are :mod:`newsletter.analysis.periods`'."""
    second_returns: dict[str, float]
    spreads: dict[str, float]
    """First minus second, percentage points, by window, as the returns print
    (:data:`SHOWN_DECIMALS`): "+9.0% vs +8.9%" is a 0.1-point spread, whatever the decimals behind."""
    window_starts: dict[str, dt.date]
    """The session each window's return is measured from."""
    streak_length: int
    """Sessions in a row, up to ``asof``, that the first beat the second (0 if it lagged today)."""
    streak_start: dt.date | None
    streak_avg_edge_bp: float | None
    longest_streak: int
    longest_streak_start: dt.date | None
    longest_streak_end: dt.date | None
    """The first time the record length was set (a later tie "matches the record")."""
    longest_streak_avg_edge_bp: float | None
    ratio: float
    ratio_high_50d: float
    ratio_low_50d: float
    ratio_position_50d: float | None
    """0 at the 50-session low of first/second, 1 at the high; None when the range is flat."""
    history_start: dt.date
    behind_streak_length: int = 0
    """Sessions in a row, up to ``asof``, that the second beat the first (0 if it did not today):
    the run the other way."""
    behind_streak_avg_edge_bp: float | None = None
    """The second's average daily edge over that run, basis points (positive)."""
    previous_longest: int = 0
    """The longest run before the current one began: the record the current run matches or
    beats (:attr:`longest_streak` counts the current run too)."""

    @property
    def beats_record(self) -> bool:
        """The current run is longer than every run before it (and there was one): a new record,
        not a tie ("matches the longest run since 2000 (13 sessions)" was said of a run of 13
        past a record of 10, the real bars' 2008-06-08)."""
        return self.previous_longest > 0 and self.streak_length > self.previous_longest

    @property
    def matches_record(self) -> bool:
        return self.streak_length > 0 and self.streak_length >= self.longest_streak


def _run_stats(edges: pd.Series, end: int, length: int) -> tuple[dt.date, dt.date, float]:
    run = edges.iloc[end - length + 1:end + 1]
    return as_date(run.index[0]), as_date(run.index[-1]), float(run.mean())


def _window_returns(both: pd.DataFrame, windows: Sequence[str], ratio_window: int) -> tuple[
        dict[str, float], dict[str, float], dict[str, float], dict[str, dt.date]]:
    require(len(both), max(ratio_window, 2), f"relative strength ({ratio_window}-day ratio)")
    idx = both.index
    first_r, second_r, spreads, starts = {}, {}, {}, {}
    for w in windows:
        start, anchor = _window_start(idx, w)
        if start is None:
            raise NotEnoughData(f"{w} relative return", 1, 0, f"close on or before {anchor}")
        r = both.iloc[-1] / both.iloc[start] - 1.0
        first_r[w], second_r[w] = float(r["first"] * 100), float(r["second"] * 100)
        spreads[w] = shown_difference(first_r[w], second_r[w], SHOWN_DECIMALS.get(w, 1))
        starts[w] = as_date(idx[start])
    return first_r, second_r, spreads, starts


@dataclass(frozen=True)
class WindowReturns:
    """The returns part of :class:`RelativeStrength` alone (no streaks, no ratio)."""

    first_returns: dict[str, float]
    second_returns: dict[str, float]
    spreads: dict[str, float]
    window_starts: dict[str, dt.date]


def window_returns(first: pd.Series | pd.DataFrame, second: pd.Series | pd.DataFrame,
                   windows: Sequence[str] = WINDOWS, ratio_window: int = 50) -> WindowReturns:
    """:func:`relative_strength`'s returns and spreads by window, the same values and the same
    errors, without the streak and ratio work (a sector's week against the index)."""
    return WindowReturns(*_window_returns(aligned(first, second), windows, ratio_window))


def relative_strength(first: pd.Series | pd.DataFrame, second: pd.Series | pd.DataFrame,
                      windows: Sequence[str] = WINDOWS, ratio_window: int = 50) -> RelativeStrength:
    """Spreads by window, the current and record outperformance streaks, the ratio's position.

    Needs ``ratio_window`` shared sessions and, for every window, a close at
    or before its start.
    """
    both = aligned(first, second)
    first_r, second_r, spreads, starts = _window_returns(both, windows, ratio_window)
    idx = both.index

    edges = _edges(both)["edge_bp"]  # daily_edges and outperformance_streaks of ``both``, read once
    streaks = run_lengths(edges.to_numpy() > 0)
    now = int(streaks[-1])
    cur_start = cur_edge = None
    if now:
        cur_start, _, cur_edge = _run_stats(edges, len(edges) - 1, now)
    best = int(streaks.max())
    best_start = best_end = best_edge = None
    if best:
        best_start, best_end, best_edge = _run_stats(edges, int(np.argmax(streaks)), best)

    previous = int(streaks[:len(streaks) - now].max()) if len(streaks) > now else 0
    behind = trailing_run(edges.to_numpy() < 0)
    behind_edge = -float(edges.iloc[-behind:].mean()) if behind else None

    ratio = (both["first"] / both["second"]).iloc[-ratio_window:]
    hi, lo, last = float(ratio.max()), float(ratio.min()), float(ratio.iloc[-1])
    return RelativeStrength(
        as_date(idx[-1]), first_r, second_r, spreads, starts,
        now, cur_start, cur_edge, best, best_start, best_end, best_edge,
        last, hi, lo, (last - lo) / (hi - lo) if hi > lo else None, as_date(idx[0]),
        behind, behind_edge, previous,
    )


def trailing_run(flags: np.ndarray | pd.Series) -> int:
    """How many of the last ``flags`` in a row are True (the run up to the last session)."""
    flags = np.asarray(flags, dtype=bool)
    misses = np.flatnonzero(~flags)
    return len(flags) - 1 - int(misses[-1]) if len(misses) else len(flags)
