"""The trend channel: a least-squares line through the log closes, its band, and the swing structure.

Over the last ``sessions`` closes, ``log(close)`` is regressed on the session
number; the channel is the line plus and minus two standard deviations of the
residuals. ``slope_pct_month`` is the line's growth over 21 sessions in percent.
``structure`` compares the last two confirmed swing highs and the last two swing
lows (:func:`~newsletter.analysis.levels.swing_points` on closes): ``higher``
when both rose, ``lower`` when both fell, else ``mixed``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from newsletter.analysis.history import as_date, close_series, require
from newsletter.analysis.levels import close_swings
from newsletter.analysis.periods import SESSIONS_PER_MONTH

Structure = Literal["higher", "lower", "mixed"]


@dataclass(frozen=True)
class Channel:
    """A regression channel over ``sessions`` closes to ``date``."""

    date: dt.date
    sessions: int
    slope_pct_month: float
    """The line's growth over 21 sessions, percent (negative: a falling channel)."""
    middle: float
    lower: float
    upper: float
    """The channel at the last session: the line, and the line -/+ two residual deviations."""
    position: float
    """Where the last close sits in the channel: 0 at the lower edge, 1 at the upper; under 0
    below the channel, over 1 above it (not clipped: a crash through the channel is news)."""
    structure: Structure
    """Higher highs and higher lows, lower ones, or mixed (last two swings of each kind)."""
    swing_highs: tuple[float, float] | None
    swing_lows: tuple[float, float] | None
    """The last two swing highs and lows (older first), None with fewer than two."""
    close: float
    """The last close, the one ``position`` places."""

    @property
    def broken_swing(self) -> float | None:
        """The swing the last close has broken against the structure: the last swing low when
        the close is strictly under it in a ``higher`` structure, the last swing high when it is
        strictly over it in a ``lower`` one; else None (a close on the swing has not broken it)."""
        if self.structure == "higher" and self.swing_lows and self.close < self.swing_lows[1]:
            return self.swing_lows[1]
        if self.structure == "lower" and self.swing_highs and self.close > self.swing_highs[1]:
            return self.swing_highs[1]
        return None


def _structure(highs: tuple[float, float] | None, lows: tuple[float, float] | None) -> Structure:
    if highs is None or lows is None:
        return "mixed"
    if highs[1] > highs[0] and lows[1] > lows[0]:
        return "higher"
    if highs[1] < highs[0] and lows[1] < lows[0]:
        return "lower"
    return "mixed"


def trend_channel(close: pd.Series | pd.DataFrame, sessions: int = 126, left: int = 5,
                  right: int = 5) -> Channel:
    """The regression channel and swing structure of the last ``sessions`` closes."""
    c = close_series(close)
    require(len(c), sessions, f"{sessions}-session trend channel")
    window = c.iloc[-sessions:]
    y = np.log(window.to_numpy())
    x = np.arange(len(y), dtype=float)
    slope, intercept = np.polyfit(x, y, 1)
    resid = y - (slope * x + intercept)
    width = 2.0 * float(resid.std(ddof=1))
    mid = slope * x[-1] + intercept
    lower, upper = float(np.exp(mid - width)), float(np.exp(mid + width))
    last = float(window.iloc[-1])
    position = (np.log(last) - (mid - width)) / (2 * width) if width > 0 else 0.5
    highs, lows = close_swings(window, left, right)
    two_highs = (float(highs[-2]), float(highs[-1])) if len(highs) >= 2 else None
    two_lows = (float(lows[-2]), float(lows[-1])) if len(lows) >= 2 else None
    return Channel(as_date(window.index[-1]), sessions,
                   float((np.exp(slope * SESSIONS_PER_MONTH) - 1.0) * 100.0),
                   float(np.exp(mid)), lower, upper, float(position),
                   _structure(two_highs, two_lows), two_highs, two_lows, last)
