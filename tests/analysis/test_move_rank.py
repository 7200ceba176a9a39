"""How rare a move is (newsletter/analysis/move_rank.py): the boundaries of the quarter's reach."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from newsletter.analysis.move_rank import REACH_WEEKS, Rank, as_big_lately, move_rank

WHEN = pd.Timestamp("2024-06-28")


def _earlier(**days_back: float) -> pd.Series:
    """Moves ``d<days>=pct`` that many calendar days before :data:`WHEN`, plus small ones filling a year."""
    moves = {WHEN - pd.Timedelta(days=d): 0.1 for d in range(1, 366)}
    for key, pct in days_back.items():
        moves[WHEN - pd.Timedelta(days=int(key[1:]))] = pct
    return pd.Series(moves).sort_index()


@pytest.mark.parametrize(("days", "place", "since"), [
    (REACH_WEEKS * 7, "", REACH_WEEKS * 7),        # exactly a quarter back: ranks from it
    (REACH_WEEKS * 7 - 1, "second-", None),        # a day nearer: it holds first place, no earlier one
    (REACH_WEEKS * 7 + 1, "", REACH_WEEKS * 7 + 1)])
def test_the_latest_move_as_big_must_be_a_quarter_back(days: int, place: str, since: int | None) -> None:
    rank = move_rank(_earlier(**{f"d{days}": -4.0}), -3.0, WHEN)
    assert rank is not None and rank.place == place
    assert rank.since == (None if since is None else (WHEN - pd.Timedelta(days=since)).date())


def test_a_tie_counts_as_as_big_and_the_other_way_does_not() -> None:
    assert move_rank(_earlier(d200=-3.0), -3.0, WHEN) == Rank("", (WHEN - pd.Timedelta(days=200)).date(),
                                                             -3.0, dt.date(2023, 6, 29))
    assert move_rank(_earlier(d200=3.0), -3.0, WHEN) == Rank("", None, None, dt.date(2023, 6, 29))


def test_short_data_ranks_nothing_and_counts_nothing() -> None:
    short = pd.Series({WHEN - pd.Timedelta(days=d): 0.1 for d in range(1, REACH_WEEKS * 7)}).sort_index()
    assert move_rank(short, 2.0, WHEN) is None and as_big_lately(short, 2.0, WHEN) is None
    enough = pd.Series({WHEN - pd.Timedelta(days=d): 0.1 for d in range(1, REACH_WEEKS * 7 + 1)}).sort_index()
    assert move_rank(enough, 2.0, WHEN) == Rank("", None, None, enough.index[0].date())
    assert as_big_lately(enough, 2.0, WHEN) == 1


def test_as_big_lately_counts_the_quarter_only_and_this_move() -> None:
    moves = _earlier(d10=3.0, d20=3.5, d30=2.9, d90=4.0, d91=5.0)  # d91: a quarter back, outside
    assert as_big_lately(moves, 3.0, WHEN) == 4  # d10 (a tie), d20, d90 and this one
    assert move_rank(moves, 3.0, WHEN) is None  # three as big in the quarter: no place left
