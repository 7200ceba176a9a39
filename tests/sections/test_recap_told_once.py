"""🔙 A recap line the lead already tells is not said again.

The replay's 2018-2021 reviews: a ⚡ line restated a sentence of the lead in 32 of 65 issues of
2020-2021 (2020-03-22: the lead "$SPY fell 15.0%, its worst week since the week to Oct 10, 2008
(-19.8%) ..." over "⚡ $SPY fell 15.0% on the week, its worst week since the week to Oct 10, 2008
(-19.8%).") and 35 of 57 of 2018-2019 (2019-02-03: "$DIA Rises 6 Weeks in a Row", its lead and
its only ⚡ line one sentence). Only records, other indices' ranks and crosses were checked.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from newsletter.model import Issue
from newsletter.render import environment, render_markdown
from newsletter.sections import recap
from newsletter.sections.told import told
from newsletter.workspace import PACKAGE_DIR
from tests.sections.test_headline import FLAT, _ctx

LEAD_2020_03_22 = ("$SPY fell 15.0%, its worst week since the week to Oct 10, 2008 (-19.8%), and "
                   "its lowest close since Feb 2, 2017. $QQQ closed under its 182.07 support: short "
                   "under 170.12. Here's everything I'm watching this week.")


@pytest.mark.parametrize(("line", "lead"), [
    ("$SPY fell 15.0% on the week, its worst week since the week to Oct 10, 2008 (-19.8%).",
     LEAD_2020_03_22),
    ("$SPY's Monday close, **222.95**, was its lowest close since Dec 6, 2016.",
     "$SPY's Monday close, 222.95, was its lowest close since Dec 6, 2016, and it ended the week "
     "up 10.3%."),
    ("$DIA rose for a sixth straight week, its longest winning run since the week to Nov 3, 2017.",
     "$DIA rose for a sixth straight week, its longest winning run since the week to Nov 3, 2017. "
     "Here's what matters."),
    ("$SPY closed 20.4% under its highest close (338.34 on Feb 19, 2020): a bear market by the "
     "usual 20% rule.",
     "$SPY's Thursday close, 248.11, was 26.7% under its highest close (338.34 on Feb 19, 2020): "
     "a bear market by the usual 20% rule; it ended the week 20.4% under it."),
])
def test_a_line_whose_names_and_figures_one_lead_sentence_has_is_told(line: str, lead: str) -> None:
    assert told(line, lead)


@pytest.mark.parametrize(("line", "lead"), [
    # another name with the same figures
    ("$IWM fell 15.0% on the week, its worst week since the week to Oct 10, 2008 (-19.8%).",
     LEAD_2020_03_22),
    # the name with one figure the lead lacks
    ("$SPY fell 7 sessions in a row to Tuesday, its longest losing run since Oct 10, 2008.",
     LEAD_2020_03_22),
    ("Record closes this week: $SPY on 1 of 5 sessions (4 so far this year), $DIA on 1 (1).",
     "$SPY's Thursday close, 295.86, was its highest close in the data here, back to Jan 2000."),
    # the figures spread over two sentences tell no one fact
    ("$SPY fell 15.0% on the week, its lowest close since Feb 2, 2017.",
     "$SPY fell 15.0% on the week. $QQQ closed at its lowest close since Feb 2, 2017."),
    # no figure: nothing pins the fact
    ("The NYSE was closed.", "The NYSE was closed."),
    ("$SPY fell 15.0% on the week.", ""),
])
def test_a_line_with_a_name_or_figure_no_lead_sentence_has_is_not(line: str, lead: str) -> None:
    assert not told(line, lead)


def _rendered(ctx, hook: str) -> str:
    built = recap.build(ctx)
    assert built is not None
    issue = Issue(date=ctx.issue_date, asof=ctx.snapshot.asof, title="T", headline="H", hook=hook,
                  sections=(replace(built.section, number=1),))
    return render_markdown(environment([PACKAGE_DIR / "templates"]), issue)


def test_the_s_p_week_s_rank_the_lead_tells_is_not_said_again() -> None:
    ctx = _ctx(SPY=FLAT + [100.0] * 4 + [91.0])  # -9.0%: the worst week in the data
    built = recap.build(ctx)
    line = built.section.data.week_rank
    assert line.startswith("$SPY fell 9.0% on the week, its worst week"), line
    assert f"⚡ {line}" in _rendered(ctx, "")
    lead = next(s.hook for s in built.signals if s.phrase.startswith("$SPY Tumbles"))
    assert f"⚡ {line}" not in _rendered(ctx, f"{lead} Here's everything I'm watching.")


def test_a_day_run_the_lead_tells_is_not_said_again() -> None:
    up = FLAT + [100.0 + i for i in range(1, 9)]  # 8 sessions up: the longest run in the data
    ctx = _ctx(SPY=FLAT + [100.0] * 7 + [100.3], DIA=up)
    built = recap.build(ctx)
    (line,) = [x for x in built.section.data.day_streaks if x.startswith("$DIA")]
    assert f"⚡ {line}" in _rendered(ctx, "")
    assert f"⚡ {line}" not in _rendered(ctx, line)


@pytest.mark.parametrize(("line", "lead", "shown"), [
    ("June: $SPY -8.8% on the month, its worst month since Sep 2002 (-10.9%); $QQQ -9.0%, $IWM "
     "-7.8%.",
     "$SPY fell 8.8% in June, its worst month since Sep 2002 (-10.9%). Here's what matters.",
     "June: $SPY -8.8% on the month; $QQQ -9.0%, $IWM -7.8%."),
    ("June: $SPY -8.8% on the month, its worst month since Sep 2002 (-10.9%).",
     "$SPY fell 8.8% in June, its worst month since Sep 2002 (-10.9%).", ""),
    ("June: $SPY -8.8% on the month, its worst month since Sep 2002 (-10.9%); $QQQ -9.0%.",
     "$IWM fell 7.8% on the week.",
     "June: $SPY -8.8% on the month, its worst month since Sep 2002 (-10.9%); $QQQ -9.0%."),
    # the replay's 2011-09-04: the lead told $IWM's rank, the line's second name
    ("August: $SPY -5.7% on the month; $IWM -8.9%, its worst month since Feb 2009 (-12.0%); "
     "$QQQ -5.1%, its worst month since Aug 2010 (-5.1%).",
     "$IWM fell 8.9% in August, its worst month since Feb 2009 (-12.0%). Here's what matters.",
     "August: $SPY -5.7% on the month; $IWM -8.9%; $QQQ -5.1%, its worst month since Aug 2010 "
     "(-5.1%)."),
    ("August: $SPY -5.7% on the month; $IWM -8.9%, its worst month since Feb 2009 (-12.0%); "
     "$QQQ -5.1%.",
     "$IWM fell 8.9% in August, its worst month since Feb 2009 (-12.0%).",
     "August: $SPY -5.7% on the month; $IWM -8.9%, $QQQ -5.1%."),
])
def test_a_calendar_line_leaves_out_the_rank_the_lead_tells(line: str, lead: str, shown: str) -> None:
    """The replay's 2008-07-06 led "$SPY fell 8.8% in June, its worst month since Sep 2002
    (-10.9%)" over "🗓️ June: $SPY -8.8% on the month, its worst month since Sep 2002 (-10.9%);
    ..." (4 of 4 issues of 2008-2009 and of 2015-2016 whose lead told the month or year)."""
    from newsletter.sections.told import untold_calendar

    assert untold_calendar(line, lead) == shown


@pytest.mark.parametrize(("lead", "shown"), [
    ("$IWM rose 10.3% on the week, its best week since the week to Mar 13, 2009 (+11.8%), against "
     "$SPY's +5.4%. Here's what matters.",
     "On the week: $QQQ rose 6.4%, its second-best week since the week to Jul 17, 2009 (+7.6%)."),
    ("$SPY rose 5.4% on the week.", None),   # the lead tells neither: the line whole
    ("$IWM rose 10.3% on the week, its best week since the week to Mar 13, 2009 (+11.8%). $QQQ "
     "rose 6.4%, its second-best week since the week to Jul 17, 2009 (+7.6%).", ""),
])
def test_a_grouped_line_leaves_out_the_parts_the_lead_tells(lead: str, shown: str | None) -> None:
    """The replay's 2011-12-04 led "$IWM rose 10.3% on the week, its best week since ..." above
    "⚡ On the week: $IWM rose 10.3%, its best week since ...; ..." (5 issues of 2011)."""
    from newsletter.sections.told import untold_parts

    line = ("On the week: $IWM rose 10.3%, its best week since the week to Mar 13, 2009 (+11.8%); "
            "$QQQ rose 6.4%, its second-best week since the week to Jul 17, 2009 (+7.6%).")
    assert untold_parts(line, lead) == (line if shown is None else shown)
