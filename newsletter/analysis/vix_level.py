"""The VIX against its own past year: one reading that 🧩 Three Minds and 🧭 the Regime Read both
print and vote, defined once ("VIX 19.0 against a 1-year median of 20.0" had voted risk-on in one
section and neither in the other)."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from newsletter.analysis.history import close_series
from newsletter.analysis.levels import WEEKS_52

VIX_HIGH, VIX_LOW = 1.2, 0.85
"""The VIX over 1.2x its 1-year median votes down (fear), under 0.85x up (calm)."""


class VixLevel(NamedTuple):
    last: float
    """The last close, as printed (one decimal)."""
    median: float
    """The median close of the last 52 weeks of sessions, as printed (one decimal)."""
    vote: int
    """+1 under :data:`VIX_LOW` x the median, -1 over :data:`VIX_HIGH` x, 0 between: read on the
    two printed figures."""

    @property
    def reading(self) -> str:
        return f"VIX {self.last:.1f} against a 1-year median of {self.median:.1f}"


def vix_level(vix: pd.Series) -> VixLevel:
    """The VIX's last close against its median over the last :data:`WEEKS_52` sessions."""
    s = close_series(vix).iloc[-WEEKS_52:]
    median, last = round(float(s.median()), 1), round(float(s.iloc[-1]), 1)
    ratio = round(last / median, 9)  # past float noise: 17.0 / 20.0 is the 0.85 it prints
    return VixLevel(last, median, 1 if ratio < VIX_LOW else -1 if ratio > VIX_HIGH else 0)
