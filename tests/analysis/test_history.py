"""NotEnoughData says what is missing in plain words."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("need", "unit", "said"), [
    (1, "tickers with 200 sessions", "need 1 ticker with 200 sessions, have 0"),
    (2, "tickers with 200 sessions", "need 2 tickers with 200 sessions, have 0"),
    (1, "sessions", "need 1 session, have 0"),
    (1, "close on or before 2015-12-31", "need 1 close on or before 2015-12-31, have 0")])
def test_one_of_a_unit_is_singular(need: int, unit: str, said: str) -> None:
    """The sample (seed 29): "Breadth over the Dow 30 needs more history this week (not enough
    data for breadth trend (10 sessions ago): need 1 tickers with 200 sessions, have 0)"."""
    from newsletter.analysis.history import NotEnoughData

    assert str(NotEnoughData("x", need, 0, unit)).endswith(said)
