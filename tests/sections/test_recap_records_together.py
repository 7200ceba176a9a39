"""📰 Indices that close the week at records of the same words are one story, in one phrase.

The replay's 2018-08-26 led "$SPY Closes at a Record High & $IWM Gains 1.9%": $IWM closed at its own
record that Friday (its third record close of the week, its 25th of 2018), said in a ⚡ line only.
Now "$SPY and $IWM Close at Record Highs", the hook telling each record; beside a lead about one of
them the phrase leaves that name out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from newsletter.sections import recap
from newsletter.sections.base import Signal
from newsletter.sections.headline import make_headline
from tests.sections.small_frames import render_sections
from tests.sections.test_headline import _ctx

BASE = [100.0] * 300
BASE_DAY = dt.date(2025, 1, 6)
UP = [100.0, 100.2, 100.4, 100.6, 100.8]
"""A quiet week (+0.8%, unsized) that ends at a close over every one before it."""


def _lead(**series: list[float]) -> tuple[str, str, str]:
    ctx = _ctx(**series)
    headline, hook = make_headline(ctx, list(recap.build(ctx).signals))
    return headline, hook, render_sections(ctx, recap)


def _group(**series: list[float]) -> str:
    (group,) = [s.phrase for s in recap.build(_ctx(**series)).signals if " Close at " in s.phrase]
    return group


def test_two_indices_at_records_of_the_same_words_are_one_phrase() -> None:
    series = {"SPY": BASE + UP, "QQQ": BASE + [100.0, 100.3, 100.6, 100.9, 101.2]}
    assert _group(**series) == "$SPY and $QQQ Close at 52-Week Highs"
    headline, hook, text = _lead(**series)
    # $QQQ's +1.2%, the week's biggest move, carries its own record; the group leaves it out
    assert headline == "$SPY Closes at a 52-Week High & $QQQ Gains 1.2% to a 52-Week High", headline
    assert hook.startswith("$SPY and $QQQ ended the week at their highest closes in the data here, "
                           "back to Jan 2025."), hook
    assert "⚡ $QQQ ended the week" not in text  # the lead told it


def test_three_strongest_first_then_in_scoreboard_order() -> None:
    series = {"SPY": BASE + UP, "QQQ": BASE + [100.0, 100.3, 100.6, 100.9, 101.2],
              "DIA": BASE + [100.0, 100.1, 100.2, 100.3, 100.4]}
    assert _group(**series) == "$SPY, $QQQ and $DIA Close at 52-Week Highs"
    assert _lead(**series)[0] == ("$SPY and $DIA Close at 52-Week Highs & $QQQ Gains 1.2% to a "
                                  "52-Week High")
    # $SPY's and $QQQ's highs one more of a run (each rose to one the week before): $DIA's
    # fresh high is the strongest and leads the phrase (the replay's 2013-03-10 put $IWM's 22nd
    # record close of the year before $DIA's first since 2007)
    run = BASE[:-5] + [100.1, 100.2, 100.3, 100.4, 100.5]
    spy, qqq = run + [100.5, 100.6, 100.7, 100.8, 100.9], run + [100.5, 100.6, 100.8, 101.0, 101.2]
    assert _group(SPY=spy, QQQ=qqq, DIA=series["DIA"]) == "$DIA, $SPY and $QQQ Close at 52-Week Highs"


def test_beside_a_lead_about_one_of_them_the_phrase_leaves_it_out() -> None:
    """The replay's 2021-07-09 would have said "$QQQ Rises 8 Weeks in a Row & $SPY, $QQQ and $DIA
    Close at Record Highs"."""
    qqq = BASE + [100.0, 94.0, 100.0, 100.2, 100.5]   # the week's biggest day and week: $QQQ's
    signals = list(recap.build(ctx := _ctx(SPY=BASE + UP, QQQ=qqq,
                                           DIA=BASE + [100.0, 100.1, 100.2, 100.3, 100.4])).signals)
    (group,) = [s for s in signals if " Close at " in s.phrase]
    assert group.phrase == "$SPY, $QQQ and $DIA Close at 52-Week Highs"
    assert dict(group.without) == {"$SPY": "$QQQ and $DIA Close at 52-Week Highs",
                                   "$QQQ": "$SPY and $DIA Close at 52-Week Highs",
                                   "$DIA": "$SPY and $QQQ Close at 52-Week Highs"}
    lead = Signal(5.0, "$QQQ Rises 8 Weeks in a Row", "$QQQ rose for an eighth straight week.")
    headline, hook = make_headline(ctx, [lead, *signals])
    assert headline == "$QQQ Rises 8 Weeks in a Row & $SPY and $DIA Close at 52-Week Highs", headline
    assert "$SPY, $QQQ and $DIA ended the week at their highest closes" in hook  # every record
    two = replace(group, phrase="$SPY and $QQQ Close at 52-Week Highs",
                  without=(("$SPY", "$QQQ Closes at a 52-Week High"),
                           ("$QQQ", "$SPY Closes at a 52-Week High")))
    assert make_headline(ctx, [lead, two])[0] == "$QQQ Rises 8 Weeks in a Row & $SPY Closes at a 52-Week High"


def test_a_second_phrase_about_one_of_them_leaves_it_out_of_the_first() -> None:
    """The replay's 2020-12-04: all four indices at records, and $IWM's +18.2% November, its best
    month in the data, the other phrase; 2019-05-05 "$SPY and $QQQ Close at Record Highs & $QQQ
    Rises 8 Weeks in a Row" said $QQQ twice."""
    group = Signal(2.8, "$SPY and $IWM Close at Record Highs", "",
                   without=(("$SPY", "$IWM Closes at a Record High"),
                            ("$IWM", "$SPY Closes at a Record High")))
    month = Signal(2.0, "$IWM Ends November Up 18.2%", "")
    ctx = _ctx(SPY=BASE + UP)
    assert make_headline(ctx, [group, month])[0] == ("$SPY Closes at a Record High & $IWM Ends "
                                                     "November Up 18.2%")
    other = Signal(2.0, "$QQQ Ends November Up 11.2%", "")
    assert make_headline(ctx, [group, other])[0] == ("$SPY and $IWM Close at Record Highs & $QQQ "
                                                     "Ends November Up 11.2%")


def test_names_of_one_span_are_said_together() -> None:
    assert recap._records_hook([
        ("$SPY", "highest close in the data here, back to Jan 2000"),
        ("$QQQ", "highest close in the data here, back to Jan 2000"),
        ("$IWM", "highest close in the data here, back to May 2000"),
        ("$DIA", "highest close in the data here, back to Jan 2000")]) == (
        "$SPY, $QQQ and $DIA ended the week at their highest closes in the data here, back to Jan "
        "2000; $IWM at its highest close in the data here, back to May 2000.")
    assert recap._records_hook([("$SPY", "lowest close since Mar 5, 2021"),
                                ("$DIA", "lowest close since Mar 4, 2021")]) == (
        "$SPY ended the week at its lowest close since Mar 5, 2021; $DIA at its lowest close since "
        "Mar 4, 2021.")


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


def test_the_hook_names_records_of_other_words_too() -> None:
    """The replay's 2013-01-20 "$SPY and $DIA Close at 5-Year Highs" left $IWM's record closes of
    those weeks to the count line."""
    flat = [100.0] * 600
    qqq = flat[:300] + [101.5] + flat[301:] + [100.0, 100.3, 100.6, 100.9, 101.2]  # a 52-week high
    (record,) = [s for s in recap.build(_ctx(SPY=flat + UP, QQQ=qqq)).signals
                 if s.phrase == "$SPY Closes at a 2-Year High"]
    assert record.hook == ("$SPY ended the week at its highest close in the data here, back to Jan "
                           "2025; $QQQ at its highest close since Mar 2, 2026."), record.hook


def test_the_sp500_s_week_to_a_record_names_the_others_in_its_hook() -> None:
    """The replay's 2013-05-19 "$SPY Rips 2.2% to a Record High" left $IWM's and $DIA's record
    closes of that Friday to the count line."""
    rip = [100.0, 100.5, 101.0, 101.5, 102.5]  # +2.5%, a sized week to a high
    ctx = _ctx(SPY=BASE + rip, DIA=BASE + UP)
    (week,) = [s for s in recap.build(ctx).signals if s.phrase.startswith("$SPY Rips 2.5%")]
    assert week.phrase == "$SPY Rips 2.5% to a 52-Week High"
    assert week.hook.endswith(" $DIA ended the week at its highest close in the data here, back to "
                              "Jan 2025."), week.hook


def test_a_mover_carries_its_own_record_the_same_way_only() -> None:
    from newsletter.analysis.close_records import CloseRecord

    high = CloseRecord("high", 1, None, BASE_DAY)
    mover = Signal(0.6, "$QQQ Gains 1.9%", "$QQQ rose 1.9% on the week.")
    assert recap._with_record(mover, high, 1.9).phrase == "$QQQ Gains 1.9% to a 52-Week High"
    assert recap._with_record(mover, high, 1.9).strength == 0.6  # the record weighs on its own
    assert recap._with_record(mover, high, -1.9) is mover  # a high in a falling week: its own story
    assert recap._with_record(mover, None, 1.9) is mover
    leads = Signal(0.6, "$QQQ Leads the Rally, +3.7%", "")
    assert recap._with_record(leads, high, 3.7) is leads
