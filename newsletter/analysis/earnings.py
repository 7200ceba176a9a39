"""Earnings gap and fade: "blew out earnings and stalled".

The reaction session is the first session after the earnings date (reports
after the close; pass ``timing="before_open"`` for reports before the open,
when it is the earnings session itself). A gap up opens at least
``min_gap_pct`` % over the previous close. It stalls when each of the next
``confirm`` closes finishes under the reaction session's high; the stall is
known on the ``confirm``-th of them (``confirmed_on``), never before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from newsletter.analysis.history import as_date, clean_bars, require


@dataclass(frozen=True)
class GapFade:
    """One earnings gap up and what the closes after it did."""

    earnings_date: dt.date
    date: dt.date
    """The reaction session (the gap)."""
    prev_close: float
    open: float
    high: float
    close: float
    gap_pct: float
    """``(open / prev_close - 1) * 100``."""
    sessions_after: int
    """Sessions after the reaction session looked at (at most ``window``)."""
    closes_below_high: int
    stalled: bool
    confirmed_on: dt.date | None
    """The session the stall became known; None when not stalled (or not yet)."""
    last_close: float
    """Close of the last session looked at (the reaction close when there is none)."""
    from_high_pct: float
    """``(last_close / high - 1) * 100``."""
    gap_filled: bool
    """A close after the gap at or under the pre-gap close."""


def earnings_gaps(bars: pd.DataFrame, earnings_dates: Iterable[dt.date], min_gap_pct: float = 2.0,
                  confirm: int = 2, window: int = 10,
                  timing: Literal["after_close", "before_open"] = "after_close") -> tuple[GapFade, ...]:
    """Every earnings gap up in the bars, oldest first, with its stall analysis.

    Earnings dates whose reaction session or previous session is outside the
    bars are skipped.
    """
    b = clean_bars(bars, ("Open", "High", "Close"))
    require(len(b), 2, "earnings gap")
    idx = b.index
    # plain arrays, not a pandas row per date: the same float64 values, a tenth of the time
    opens, highs = b["Open"].to_numpy(dtype=float), b["High"].to_numpy(dtype=float)
    closes = b["Close"].to_numpy(dtype=float)
    side: Literal["left", "right"] = "right" if timing == "after_close" else "left"
    out = []
    for day in sorted(set(earnings_dates)):
        pos = int(idx.searchsorted(pd.Timestamp(day), side=side))
        if pos < 1 or pos >= len(b):
            continue
        prev_close = float(closes[pos - 1])
        gap = (float(opens[pos]) / prev_close - 1.0) * 100.0
        if gap < min_gap_pct:
            continue
        high = float(highs[pos])
        after = closes[pos + 1:pos + 1 + window]
        below = after < high
        first = below[:confirm]
        stalled = len(first) == confirm and bool(first.all())
        last = float(after[-1]) if len(after) else float(closes[pos])
        out.append(GapFade(
            day, as_date(idx[pos]), prev_close, float(opens[pos]), high, float(closes[pos]), gap,
            len(after), int(below.sum()), stalled,
            as_date(idx[pos + confirm]) if stalled else None, last, (last / high - 1.0) * 100.0,
            bool((after <= prev_close).any()),
        ))
    return tuple(out)


def gap_and_fade(bars: pd.DataFrame, earnings_dates: Iterable[dt.date],
                 **kwargs: object) -> GapFade | None:
    """The latest earnings gap up that stalled, or None (same options as :func:`earnings_gaps`)."""
    stalled = [g for g in earnings_gaps(bars, earnings_dates, **kwargs) if g.stalled]
    return stalled[-1] if stalled else None


def gap_fade_days(bars: pd.DataFrame, earnings_dates: Iterable[dt.date],
                  **kwargs: object) -> pd.Series:
    """True on each session a gap-and-fade became known (for event studies)."""
    b = clean_bars(bars, ("Open", "High", "Close"))
    out = pd.Series(False, index=b.index, name="gap_fade")
    for g in earnings_gaps(b, earnings_dates, **kwargs):
        if g.confirmed_on is not None:
            out[pd.Timestamp(g.confirmed_on)] = True
    return out
