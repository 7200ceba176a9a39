"""A momentum crack the indicator has already undone is no crack.

Found on the real bars (the README's replay workspace, 2018-09-23): "$IWM closed under support
... Momentum is cracking: RSI fell through 50 to 47 on Sep 19, 51 now." RSI was back over 50,
and the crack still counted: it let a support break 0.08% deep through the rule that a break
matters only when the close is under the 50-day or momentum is cracking.
"""

from __future__ import annotations

import pandas as pd
import pytest

from newsletter.analysis.breakdown import _crossed_under


def _crack(values: list[float], level: float = 50.0):
    index = pd.bdate_range("2018-09-17", periods=len(values), name="Date")
    close = pd.Series(100.0, index=index)
    (crack,) = _crossed_under(close, pd.Series(values, index=index),
                              pd.Series(level, index=index), "rsi_below_50", 5)
    return crack


@pytest.mark.parametrize(("now", "holds"), [
    (49.99, True),    # still under 50: the crack holds
    (50.0, False),    # back at 50: not under it any more
    (50.01, False)])  # over it
def test_a_crack_holds_while_the_indicator_stays_under_its_level(now: float, holds: bool) -> None:
    crack = _crack([52.0, 47.0, 48.0, now])
    assert crack.sessions_ago == 2 and crack.holds is holds


def test_a_crack_on_the_last_session_holds() -> None:
    assert _crack([52.0, 53.0, 47.0]).holds


@pytest.mark.parametrize("holds", [True, False])
def test_an_undone_crack_does_not_count_for_the_pick(monkeypatch, holds: bool) -> None:
    """The same support break over the 50-day: a pick with a crack that holds, none without."""
    from newsletter.analysis.breakdown import MomentumCrack, SupportBreak
    from newsletter.sections import breakdown
    from tests.sections.test_breakdown_pick_rule import BARS, _decide

    close = float(BARS["Close"].iloc[-1])
    brk = SupportBreak(BARS.index[-1].date(), close, close + 0.14, BARS.index[-60].date(),
                       close + 0.5, 0)
    crack = MomentumCrack(BARS.index[-3].date(), close, "rsi_below_50", 47.0, 50.0, 52.0, 2, holds)
    found = _decide(monkeypatch, sma200=close - 20, sma50=close - 5, breaks=[brk], cracks=[crack])
    assert isinstance(found, breakdown.Pick) is holds


# The Breakdown Watch said "RSI sits at 35" where the Technical Setup beside it said "The 14-day
# RSI sits at 35.5" for the same $QQQ (2020-03-22, the real-data replay): one figure printed at
# two precisions, and rounded two ways. The RSI prints to one decimal everywhere, and its crack
# under 50 is read on that figure: 49.96 prints 50.0, not under 50.

@pytest.mark.parametrize(("values", "cracked", "holds"), [
    ([50.04, 49.96], False, None),    # prints 50.0: never under 50
    ([50.04, 49.94], True, True),     # prints 49.9
    ([49.96, 49.90], True, True),     # from 50.0 as printed to 49.9: the cross is on the last day
    ([50.2, 49.9, 49.96], True, False)])   # back at 50.0 as printed: undone
def test_the_rsi_crack_is_read_on_the_rsi_as_printed(monkeypatch, values, cracked, holds) -> None:
    from newsletter.analysis import breakdown as analysis

    index = pd.bdate_range("2018-09-03", periods=20, name="Date")
    close = pd.Series(100.0, index=index)
    monkeypatch.setattr(analysis, "rsi", lambda c, length=14: pd.Series(
        [55.0] * (20 - len(values)) + values, index=c.index))
    found = analysis.rsi_below_50(close)
    assert bool(found) is cracked, found
    if cracked:
        assert found[-1].holds is holds and f"{found[-1].value:.1f}" != "50.0"
