"""📰 Another index's day that is rarer than any of $SPY's leads the headline under its own name.

The replay's 2022-02-06 led "VIX Sinks 16% & $SPY Drops 2.4% on Thursday": that Thursday $QQQ fell
4.1%, its worst day since Sep 8, 2020 (Meta's earnings), said only in a ⚡ line under the lead.
$SPY's own day, its worst since Feb 25, 2021, reached back less far.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from newsletter.sections import recap
from newsletter.sections.headline import make_headline
from tests.analysis.factories import make_bars
from tests.sections.test_headline import _ctx

YEAR = 400
"""Sessions of history before the as-of week (from Jan 6, 2025): 80 weeks."""


def _with_day(base: float, week: list[float], earlier: dict[int, float] | None = None) -> list[float]:
    """``YEAR`` closes at ``base`` (with a one-session dip of ``earlier[at]`` percent at each
    position ``at``), then the as-of week's closes."""
    closes = [base] * YEAR
    for at, pct in (earlier or {}).items():
        closes[at] = base * (1 + pct / 100)
    return closes + week


SPY_WEEK = [100.0, 100.0, 100.0, 97.6, 99.0]
"""A quiet week (-1.0%) with a 2.4% drop on its fourth session."""
QQQ_WEEK = [100.0, 100.0, 100.0, 95.9, 98.5]
"""The same session, -4.1%, in a week of -1.5% (a day that outweighs its week)."""


def _signals(spy: list[float], qqq: list[float]):
    return list(recap.build(_ctx(SPY=spy, QQQ=qqq)).signals)


def _weekday() -> str:
    days = make_bars(_with_day(100.0, SPY_WEEK), "2025-01-06").index
    return f"{days[YEAR + 3]:%A}"


def test_another_index_s_rarer_day_leads_and_the_same_day_is_told_once() -> None:
    spy = _with_day(100.0, SPY_WEEK, {300: -3.0})  # $SPY's -2.4% is its worst since that dip
    qqq = _with_day(100.0, QQQ_WEEK)  # $QQQ's -4.1% is its worst in the data
    signals = _signals(spy, qqq)
    headline, hook = make_headline(_ctx(SPY=spy, QQQ=qqq), signals)
    day = _weekday()
    assert headline.startswith(f"$QQQ Drops 4.1% on {day}"), headline
    assert "$SPY Drops 2.4%" not in headline, headline  # one session, one story
    assert (f"{day}'s 4.1% drop was $QQQ's worst day in the data here, back to Jan 2025; it ended "
            "the week down 1.5%.") in hook, hook


@pytest.mark.parametrize(("qqq_dip_at", "leads"), [(99, True), (100, False), (101, False)])
def test_it_leads_only_when_it_reaches_further_back_than_spy_s_day(qqq_dip_at: int,
                                                                    leads: bool) -> None:
    spy = _with_day(100.0, SPY_WEEK, {100: -3.0})  # 60 weeks back: $SPY's day ranks back a year
    qqq = _with_day(100.0, QQQ_WEEK, {qqq_dip_at: -4.5})  # $QQQ's worst since that dip
    phrases = [s.phrase for s in _signals(spy, qqq)]
    assert any(p.startswith("$QQQ Drops 4.1% on") for p in phrases) is leads, phrases


@pytest.mark.parametrize(("weeks_back", "said"), [(51, False), (52, True), (53, True)])
def test_without_a_day_of_spy_s_it_needs_a_rank_back_a_year(weeks_back: int, said: bool) -> None:
    spy = _with_day(100.0, [100.0, 100.0, 100.0, 100.2, 100.3])  # no day of $SPY's is news
    at = YEAR + 3 - 5 * weeks_back  # the same weekday, ``weeks_back`` weeks before the drop
    qqq = _with_day(100.0, QQQ_WEEK, {at: -4.5})
    phrases = [s.phrase for s in _signals(spy, qqq)]
    assert any(p.startswith("$QQQ Drops 4.1% on") for p in phrases) is said, phrases


@pytest.mark.parametrize(("friday", "said"), [(97.3, True), (97.2, False)])
def test_only_a_day_that_outweighs_its_name_s_week(friday: float, said: bool) -> None:
    """-4.1% against a week of -2.7% (as printed: 1.5 times is 4.05) or -2.8% (4.2)."""
    spy = _with_day(100.0, [100.0, 100.0, 100.0, 100.2, 100.3])
    qqq = _with_day(100.0, [100.0, 100.0, 100.0, 95.9, friday])
    phrases = [s.phrase for s in _signals(spy, qqq)]
    assert any(p.startswith("$QQQ Drops 4.1% on") for p in phrases) is said, phrases


def test_the_vix_s_day_is_never_an_index_day() -> None:
    vix = pd.Series(_with_day(20.0, [20.0, 20.0, 20.0, 26.0, 25.0])).tolist()
    spy = _with_day(100.0, [100.0, 100.0, 100.0, 100.2, 100.3])
    signals = list(recap.build(_ctx(SPY=spy, _VIX=vix)).signals)
    assert not any(re.match(r"VIX \w+ [\d.]+% on \w+day", s.phrase) for s in signals), signals


@pytest.mark.parametrize(("market", "apart"), [
    (-2.7, True),     # 1.5 times is 4.05: -4.1% is apart
    (-2.74, True),    # prints -2.7
    (-2.76, False),   # prints -2.8: 4.2 over 4.1
    (-2.8, False),
    (0.04, True),     # prints 0.0: nothing to be a multiple of
    (0.5, True),      # the other way
    (None, True),     # no such session of $SPY's
])
def test_a_day_apart_from_the_market_s(market: float | None, apart: bool) -> None:
    assert recap.apart_from_market(-4.1, market) is apart


@pytest.mark.parametrize(("spy_thursday", "leads"), [(97.3, True), (97.2, False)])
def test_a_day_that_moved_with_the_market_is_spy_s_to_tell(spy_thursday: float,
                                                            leads: bool) -> None:
    """The replay's 2018-12-26: $QQQ +6.2% against $SPY's +5.1%, the market's best day since 2009."""
    spy = _with_day(100.0, [100.0, 100.0, 100.0, spy_thursday, 99.0], {300: -3.0})
    qqq = _with_day(100.0, QQQ_WEEK)
    phrases = [s.phrase for s in _signals(spy, qqq)]
    assert any(p.startswith("$QQQ Drops 4.1% on") for p in phrases) is leads, phrases
