"""📰 Indices that close the week at records of the same words are one story, in one phrase.

The replay's 2018-08-26 led "$SPY Closes at a Record High & $IWM Gains 1.9%": $IWM closed at its own
record that Friday (its third record close of the week, its 25th of 2018), said in a ⚡ line only.
Now "$SPY and $IWM Close at Record Highs", the hook telling each record, and no second phrase
about a name the first one names.
"""

from __future__ import annotations

from newsletter.sections import recap
from newsletter.sections.headline import make_headline
from tests.sections.small_frames import render_sections
from tests.sections.test_headline import _ctx

BASE = [100.0] * 300
UP = [100.0, 100.2, 100.4, 100.6, 100.8]
"""A quiet week (+0.8%, unsized) that ends at a close over every one before it."""


def _lead(**series: list[float]) -> tuple[str, str, str]:
    ctx = _ctx(**series)
    headline, hook = make_headline(ctx, list(recap.build(ctx).signals))
    return headline, hook, render_sections(ctx, recap)


def test_two_indices_at_records_of_the_same_words_are_one_phrase() -> None:
    headline, hook, text = _lead(SPY=BASE + UP, QQQ=BASE + [100.0, 100.3, 100.6, 100.9, 101.2])
    assert headline == "$SPY and $QQQ Close at 52-Week Highs", headline
    assert hook.startswith("$SPY ended the week at its highest close in the data here, back to Jan "
                           "2025; $QQQ at its highest close in the data here, back to Jan 2025."), hook
    assert "⚡ $QQQ ended the week" not in text  # the lead told it


def test_three_in_scoreboard_order_and_the_weaker_second_phrase_is_not_about_them() -> None:
    headline, _, _ = _lead(SPY=BASE + UP, QQQ=BASE + [100.0, 100.3, 100.6, 100.9, 101.2],
                           DIA=BASE + [100.0, 100.1, 100.2, 100.3, 100.4])
    # $QQQ's +1.2%, the week's biggest move, is about a name the record phrase names
    assert headline == "$SPY, $QQQ and $DIA Close at 52-Week Highs", headline


def test_a_high_and_a_low_stay_apart() -> None:
    headline, _, _ = _lead(SPY=BASE + UP, QQQ=BASE + [100.0, 99.8, 99.6, 99.4, 99.2])
    assert "Close at" not in headline, headline
    assert "$SPY Closes at a 52-Week High" in headline, headline


def test_records_of_other_spans_stay_apart() -> None:
    flat = [100.0] * 600
    qqq = flat[:300] + [101.5] + flat[301:] + [100.0, 100.3, 100.6, 100.9, 101.2]  # a 52-week high
    ctx = _ctx(SPY=flat + UP, QQQ=qqq)
    phrases = [s.phrase for s in recap.build(ctx).signals]
    assert "$SPY Closes at a 2-Year High" in phrases, phrases  # the strongest, alone
    assert not any(" Close at " in p for p in phrases), phrases
