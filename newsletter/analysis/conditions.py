"""Ready-made conditions for :func:`~newsletter.analysis.event_study.event_study`.

Each returns a boolean Series on session dates that uses only what was known
at each session's close.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

import pandas as pd

from newsletter.analysis.earnings import gap_fade_days
from newsletter.analysis.levels import near_milestone
from newsletter.analysis.relative_strength import outperformance_streaks


def outperformance_streak_at_least(first: pd.Series | pd.DataFrame, second: pd.Series | pd.DataFrame,
                                   sessions: int) -> pd.Series:
    """True while the first has beaten the second ``sessions`` sessions in a row or more
    (small caps over the S&P 500: ``outperformance_streak_at_least(iwm, spy, 5)``)."""
    return (outperformance_streaks(first, second) >= sessions).rename(f"streak>={sessions}")


def within_pct_of_milestone(close: pd.Series | pd.DataFrame, step: float = 1000.0,
                            within_pct: float = 1.0) -> pd.Series:
    """True when the close is within ``within_pct`` % of a multiple of ``step`` (SPX 7,000)."""
    return near_milestone(close, step, within_pct)


def leader_gap_and_fade(bars: pd.DataFrame, earnings_dates: Iterable[dt.date],
                        min_gap_pct: float = 2.0, confirm: int = 2,
                        timing: Literal["after_close", "before_open"] = "after_close") -> pd.Series:
    """True on the session a leader's earnings gap up was confirmed as stalling."""
    return gap_fade_days(bars, earnings_dates, min_gap_pct=min_gap_pct, confirm=confirm,
                         timing=timing)
