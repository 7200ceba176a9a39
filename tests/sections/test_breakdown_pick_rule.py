"""The Breakdown Watch pick rule at its edges (issue 17: loosening it went unnoticed).

A name is a pick when the 200-day rejected it, when it broke support while weak (under
its 50-day, or a momentum crack), or when it closes *under* its 200-day with a momentum
crack or at its 52-week closing low. Each signal is pinned here (the analysis functions
are replaced) so the rule alone decides: equal, just under and just over each line.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pandas as pd
import pytest

from newsletter.analysis.breakdown import MomentumCrack, SupportBreak
from newsletter.sections import breakdown
from newsletter.sections.breakdown import Pick, WatchLine
from tests.sections.factories import context, crash_to_new_lows

BARS = crash_to_new_lows()
CLOSE = float(BARS["Close"].iloc[-1])
LAST = BARS.index[-1].date()
CRACK = MomentumCrack(LAST, CLOSE, "rsi_below_50", 45.0, 50.0, 55.0, 0)
BREAK = SupportBreak(LAST, CLOSE, CLOSE * 1.02, LAST - dt.timedelta(days=30), CLOSE * 1.03, 0)
CENT = 0.01


def _decide(monkeypatch, *, sma200: float, sma50: float, cracks=(), breaks=(),
            pct_above_low: float = 5.0) -> Pick | WatchLine:
    def fake_sma(close: pd.Series, window: int) -> pd.Series:
        return pd.Series([{200: sma200, 50: sma50}[window]])

    monkeypatch.setattr(breakdown, "sma", fake_sma)
    monkeypatch.setattr(breakdown, "still_rejected", lambda bars, found: ())
    monkeypatch.setattr(breakdown, "still_broken", lambda bars, found: tuple(breaks))
    monkeypatch.setattr(breakdown, "momentum_cracks", lambda close, within=5: tuple(cracks))
    monkeypatch.setattr(breakdown, "range_52w",
                        lambda close: SimpleNamespace(pct_above_low=pct_above_low))
    return breakdown._pick(context({"IWM": BARS}, breakdown=["IWM"]), "IWM")


@pytest.mark.parametrize("sma200, picked", [
    (CLOSE + CENT, True),   # a cent under the 200-day: a crack there is a setup
    (CLOSE, False),         # exactly at it is not under it
    (CLOSE - CENT, False),  # a cent over it
])
def test_a_crack_counts_only_under_the_200_day(monkeypatch, sma200: float, picked: bool) -> None:
    found = _decide(monkeypatch, sma200=sma200, sma50=CLOSE + 10, cracks=[CRACK])
    assert isinstance(found, Pick) is picked
    if picked:
        assert found.cracks == (CRACK,) and found.setup == breakdown.SETUPS["crack"]


@pytest.mark.parametrize("pct_above_low, picked", [
    (0.0, True),     # the close is the 52-week low
    (CENT, False),   # a hair above it
])
def test_a_52_week_low_under_the_200_day_is_a_setup(monkeypatch, pct_above_low: float,
                                                     picked: bool) -> None:
    found = _decide(monkeypatch, sma200=CLOSE + 10, sma50=CLOSE + 10, pct_above_low=pct_above_low)
    assert isinstance(found, Pick) is picked


def test_a_52_week_low_over_the_200_day_is_not(monkeypatch) -> None:
    assert isinstance(_decide(monkeypatch, sma200=CLOSE, sma50=CLOSE, pct_above_low=0.0), WatchLine)


def test_under_the_200_day_with_no_crack_and_no_low_is_quiet(monkeypatch) -> None:
    assert isinstance(_decide(monkeypatch, sma200=CLOSE + 10, sma50=CLOSE + 10), WatchLine)


@pytest.mark.parametrize("sma50, picked", [
    (CLOSE + CENT, True),   # a cent under the 50-day: the trend is weak, the break counts
    (CLOSE, False),         # at the 50-day, no crack: a break in a strong trend is ignored
    (CLOSE - CENT, False),
])
def test_a_support_break_counts_only_when_the_trend_is_weak(monkeypatch, sma50: float,
                                                             picked: bool) -> None:
    found = _decide(monkeypatch, sma200=CLOSE - 10, sma50=sma50, breaks=[BREAK])
    assert isinstance(found, Pick) is picked
    if picked:
        assert found.support_break == BREAK


def test_a_support_break_over_the_50_day_counts_with_a_crack(monkeypatch) -> None:
    found = _decide(monkeypatch, sma200=CLOSE - 10, sma50=CLOSE - 10, breaks=[BREAK], cracks=[CRACK])
    assert isinstance(found, Pick) and found.support_break == BREAK


def test_a_crack_over_the_200_day_without_a_break_is_quiet(monkeypatch) -> None:
    assert isinstance(_decide(monkeypatch, sma200=CLOSE - 10, sma50=CLOSE - 10, cracks=[CRACK]),
                      WatchLine)
