"""How rare a move is: the latest earlier move at least as big, a quarter or more back.

"Its best week since the week to May 22" said on May 31 (the replay's 2020-05-31 issue) and
"its best day since Mar 13" said on Mar 21 tell nothing the scoreboard does not: a rank is news
when it reaches back :data:`REACH_WEEKS` or more. When the latest move as big is nearer, the
rank names the move's place among those since an earlier one ("second-worst week since the week
to Oct 10, 2008", where the replay's 2020-03-15 issue had said "since the week to Feb 28, 2020",
two weeks back), up to :data:`PLACES`; past that, a move that size is too common lately to rank.
One rule for the S&P's weeks and its days (newsletter/sections/recap.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from newsletter.analysis.history import close_series

REACH_WEEKS = 13
"""A rank is news when it reaches back a quarter (13 calendar weeks) or more."""
PLACES = ("", "second-", "third-")
"""The places a rank may name, as the word's prefix ("second-worst")."""


@dataclass(frozen=True)
class Rank:
    """Where a move stands: its ``place`` among the moves as big the same way since ``since``."""

    place: str
    """"", "second-" or "third-"."""
    since: dt.date | None
    """The earlier move the place is counted from; None: no earlier one in the data."""
    size: float | None
    """That move, in the moves' unit; None with ``since``."""
    first: dt.date
    """The first move of the data, for "in the data here, back to Jan 2000"."""


def move_rank(earlier: pd.Series, now: float, when: pd.Timestamp) -> Rank | None:
    """The rank of the move ``now`` made at ``when`` against the ``earlier`` moves (oldest first,
    indexed by date; moves after ``when``, later in its week, count as nearer than any): the latest of them at least as big the same way (a
    tie counts as as big) that is :data:`REACH_WEEKS` or more back, at the place it holds (up to
    :data:`PLACES`); with none that far, its place in the whole data. None when the rank is no
    news: the places run out first, or the data reaches back less than :data:`REACH_WEEKS`."""
    earlier = close_series(earlier)
    if earlier.empty:
        return None
    beaten = (earlier[earlier >= now] if now > 0 else earlier[earlier <= now]).iloc[::-1]
    reach = pd.Timestamp(when) - pd.Timedelta(weeks=REACH_WEEKS)
    first = earlier.index[0]
    for place, (day, size) in zip(PLACES, beaten.items(), strict=False):
        if day <= reach:
            return Rank(place, pd.Timestamp(day).date(), float(size), pd.Timestamp(first).date())
    if len(beaten) >= len(PLACES) or first > reach:
        return None
    return Rank(PLACES[len(beaten)], None, None, pd.Timestamp(first).date())


def as_big_lately(earlier: pd.Series, now: float, when: pd.Timestamp) -> int | None:
    """How many moves at least as big the same way as ``now`` (this one counted) came in the
    :data:`REACH_WEEKS` to ``when``: what a move whose rank is no news is said as ("its fourth
    drop this big in 13 weeks"). None when the data reaches back less than that."""
    earlier = close_series(earlier)
    reach = pd.Timestamp(when) - pd.Timedelta(weeks=REACH_WEEKS)
    if earlier.empty or earlier.index[0] > reach:
        return None
    recent = earlier[earlier.index > reach]
    return 1 + int((recent >= now).sum() if now > 0 else (recent <= now).sum())
