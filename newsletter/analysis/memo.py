"""Whole-history memo for the replay: swing pivots found once per ticker, read at each as-of.

A pivot is decided by the ``left`` closes before it and the ``right`` closes
after it, by comparisons only, so the pivots of any window of a series are
exactly the whole series' pivots whose neighbourhoods lie inside that window.
While :func:`whole_history` is active (the replay runs inside it), a window of
closes that is, value for value, a stretch of a registered history gets its
pivots from that history's flags; anything else (a normal build, a series the
memo does not know, different values) takes the ordinary path. Outside the
block nothing is registered and nothing changes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import numpy as np
import pandas as pd

from newsletter.analysis.levels import pivot_flags

_HISTORIES: list[_History] = []


class _History:
    def __init__(self, close: pd.Series) -> None:
        self.values = close.to_numpy(dtype=np.float64)
        self.stamps = close.index.to_numpy(dtype="datetime64[ns]")
        self._flags: dict[tuple[int, int], np.ndarray] = {}

    def locate(self, stamps: np.ndarray, values: np.ndarray) -> int | None:
        """Where the window (its ``stamps`` and ``values``) starts in this history, if it is
        exactly a stretch of it."""
        n = len(stamps)
        if n == 0:
            return None
        a = int(np.searchsorted(self.stamps, stamps[0]))
        b = a + n - 1
        if b >= len(self.stamps) or self.stamps[a] != stamps[0] or self.stamps[b] != stamps[-1]:
            return None
        if self.values[b] != values[-1]:  # most histories differ already in the last close
            return None
        if not np.array_equal(self.values[a:b + 1], values):
            return None
        return a

    def flags(self, left: int, right: int) -> np.ndarray:
        """True where a close is a swing high or low of the whole history (0 near its ends)."""
        key = (left, right)
        if key not in self._flags:
            found = pivot_flags(self.values, left, right) | pivot_flags(-self.values, left, right)
            self._flags[key] = found
        return self._flags[key]


@contextmanager
def whole_history(bars: Mapping[str, pd.DataFrame]) -> Iterator[None]:
    """Register each ticker's whole history of closes for the duration of the block."""
    from newsletter.analysis.history import close_series

    added = [_History(close_series(frame)) for frame in bars.values() if len(frame)]
    _HISTORIES.extend(added)
    try:
        yield
    finally:
        for h in added:
            _HISTORIES.remove(h)


def close_pivots(window: pd.Series, left: int, right: int) -> tuple[np.ndarray, np.ndarray] | None:
    """Prices and positions (in ``window``) of its swing pivots on closes, from a registered
    history; None when no registered history holds this exact window."""
    if not _HISTORIES or len(window) < left + right + 1:
        return None
    stamps = window.index.to_numpy(dtype="datetime64[ns]")
    values = window.to_numpy(dtype=np.float64)
    for history in _HISTORIES:
        a = history.locate(stamps, values)
        if a is None:
            continue
        flags = history.flags(left, right)
        lo, hi = a + left, a + len(window) - 1 - right
        positions = np.flatnonzero(flags[lo:hi + 1]) + left
        return history.values[a + positions], positions
    return None
