"""⚡ The VIX's week, when its size made it a headline candidate that the headline left out.

Found on the real bars (the replay's 2021-06-20, the Fed's dots): the VIX rose 32% on the week
(+5.05 points, to 20.70), its biggest weekly jump since Jan 29, 2021, a candidate over the S&P's
week, and the headline went to a call and the S&P's -2.2%: the move was in the scoreboard alone.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from newsletter.config import Config, Watchlists
from newsletter.model import Issue
from newsletter.render import environment, render_markdown
from newsletter.sections import recap
from newsletter.workspace import PACKAGE_DIR
from tests.analysis.factories import make_bars
from tests.sections.factories import render
from tests.sections.small_frames import context


def _ctx(vix: list[float]):
    spy = [100.0] * (len(vix) - 1) + [100.3]
    bars = {"SPY": make_bars(spy, "2025-01-06"), "^VIX": make_bars(vix, "2025-01-06")}
    return context(bars, config=Config(watchlists=Watchlists(indices=["SPY", "^VIX"], macro=[],
                                                             sectors=[])))


QUIET = [15.65] * 271
JUMPED = [15.65] * 150 + [26.0] * 5 + [15.65] * 116  # a bigger week some 23 weeks back


def _with_headline(ctx, section, headline: str) -> str:
    issue = Issue(date=ctx.issue_date, asof=ctx.snapshot.asof, title="T", headline=headline,
                  hook="", sections=(replace(section, number=1),))
    return render_markdown(environment([PACKAGE_DIR / "templates"]), issue)


def test_a_vix_week_the_headline_left_out_has_its_line_with_its_rank() -> None:
    ctx = _ctx(JUMPED + [20.70])
    built = recap.build(ctx)
    (vix,) = [s for s in built.signals if s.subject == "VIX"]
    assert vix.phrase == "VIX Jumps 32%"
    assert built.section.data.vix_week == ("The VIX rose 32.3% on the week, to 20.70, its biggest "
                                           "weekly jump since the week to Aug 8, 2025 (+66.1%).")
    assert "⚡ " + built.section.data.vix_week in render(ctx, built.section)  # headline "H"
    # under a headline that names the VIX, the line is not said again
    assert "⚡ The VIX rose" not in _with_headline(ctx, built.section, "VIX Jumps 32%")


def test_a_vix_week_under_the_candidate_size_has_no_line() -> None:
    # +11.8% (1.85 points): under the 12% a VIX week needs to be news
    built = recap.build(_ctx(JUMPED + [17.50]))
    assert not [s for s in built.signals if s.subject == "VIX"]
    assert built.section.data.vix_week == ""


def test_a_vix_week_that_ranks_back_a_year_is_said_by_its_rank_line_only() -> None:
    ctx = _ctx(QUIET + [20.70])
    built = recap.build(ctx)
    assert built.section.data.vix_week == ""
    text = render(ctx, built.section)
    assert text.count("The VIX rose") == 1 and "biggest weekly jump in the data here" in text


def test_a_vix_week_with_a_record_inside_it_is_said_by_the_record_line_only() -> None:
    """The replay's 2011-08-14: "⚡ The VIX rose 14% on the week, to 36.36." beside "⚡ The VIX's
    Monday close, 48.00, was its highest close since Mar 9, 2009.", 24% over Friday's close."""
    ctx = _ctx(JUMPED[:-6] + [15.65, 26.5, 22.0, 20.0, 19.0])  # Mon to Fri: Tuesday a record, +21%
    built = recap.build(ctx)
    assert [s.phrase for s in built.signals if s.subject == "VIX"][0].startswith("VIX Jumps 21%")
    assert any(r.who == "The VIX" for r in built.section.data.records)
    assert built.section.data.vix_week == ""


# Found on the real bars (the replays' 2021-09-26, read twice): the whole issue was "VIX Sinks 15%",
# and no line named Monday Sep 20 (Evergrande): every index down 1.7% to 2.4%, the VIX up 23.5% to
# 25.71; 2021-07-25 the same of Jul 19 (+22%). A session the VIX jumped 20% or more (as printed)
# has its line, with $SPY's move that day.

def _vix_day(jump_pct: float) -> object:
    """A quiet year, then a week whose Tuesday the VIX jumped ``jump_pct`` and $SPY fell 1.7%
    (its worst day in the data), both back by Friday."""
    n = 265  # sessions from Mon 2025-01-06 to Fri 2026-01-02... aligned below
    vix = [15.0] * n
    spy = [100.0] * n
    vix[100] = 30.0  # a higher close in the year: the jump sets no record (its own line would tell it)
    vix[-4] = round(15.0 * (1 + jump_pct / 100), 2)  # Tuesday
    spy[-4] = 98.3
    bars = {"SPY": make_bars(spy, "2025-01-06"), "^VIX": make_bars(vix, "2025-01-06")}
    assert bars["SPY"].index[-4].weekday() == 1 and bars["SPY"].index[-1].weekday() == 4
    return context(bars, config=Config(watchlists=Watchlists(indices=["SPY", "^VIX"], macro=[],
                                                             sectors=[])))


@pytest.mark.parametrize(("jump", "said"), [(19.9, False), (20.0, True), (24.0, True)])
def test_a_session_the_vix_jumped_20_percent_has_its_line(jump: float, said: bool) -> None:
    ctx = _vix_day(jump)
    line = recap.build(ctx).section.data.vix_day
    if not said:
        assert line == ""
        return
    assert line == (f"Tuesday: the VIX jumped {jump:.1f}% to {round(15.0 * (1 + jump / 100), 2):.2f}, "
                    "as $SPY fell 1.7%, its worst day in the data here, back to Jan 2025.")
    assert "⚡ " + line in render(ctx, recap.build(ctx).section)


def test_the_vix_s_day_leaves_spy_s_part_to_spy_s_big_day_line() -> None:
    """The replay's 2021-11-28: "Friday: the VIX jumped 54% to 28.62, as $SPY fell 2.2%, its worst
    day since Feb 25." above "Friday's 2.2% drop was $SPY's worst day since Feb 25, 2021."."""
    n = 265
    vix, spy = [15.0] * n, [100.0] * n
    vix[100] = 30.0  # a higher close in the year: no VIX record line
    vix[-1], spy[-1] = 21.0, 97.0  # Friday: the VIX +40%, $SPY -3.0%
    bars = {"SPY": make_bars(spy, "2025-01-06"), "^VIX": make_bars(vix, "2025-01-06")}
    ctx = context(bars, config=Config(watchlists=Watchlists(indices=["SPY", "^VIX"], macro=[],
                                                            sectors=[])))
    data = recap.build(ctx).section.data
    assert data.big_day.startswith("Friday's 3.0% drop was $SPY's")
    assert data.vix_day == "Friday: the VIX jumped 40.0% to 21.00."


def test_the_vix_s_record_inside_the_week_is_a_plain_hook_and_no_markup_reaches_the_page_s_description() -> None:
    """The replay's 2014-10-19 led "The VIX's Wednesday close, **25.27**, was its highest close
    since Jun 4, 2012." and its page's <meta name="description"> carried the asterisks."""
    from newsletter.render import render_page

    ctx = _ctx(JUMPED[:-6] + [15.65, 26.5, 22.0, 20.0, 19.0])  # Tuesday a record, Friday off it
    (record,) = [s for s in recap.build(ctx).signals if s.phrase.startswith("VIX Closed at")]
    assert "**" not in record.hook and "26.50" in record.hook
    issue = Issue(date=ctx.issue_date, asof=ctx.snapshot.asof, title="T", headline="H",
                  hook="$SPY's close, **101.00**, was its highest.", sections=(),
                  provenance={"source": "test", "calendar": "XNYS"})
    page = render_page(environment([PACKAGE_DIR / "templates"]), issue)
    assert '<meta name="description" content="$SPY&#39;s close, 101.00, was its highest.">' in page



def test_the_vix_s_day_is_left_to_its_record_line_and_ranks_spy_s_day_in_the_whole_week() -> None:
    """The replay's 2020-03-22 said "Monday: the VIX jumped 43% to 82.69." beside "The VIX's Monday
    close, 82.69, was its highest close in the data here"; 2020-03-01 called $SPY's Monday "its
    worst day since Feb 8, 2018" beside its big-day line's "second-worst" (a later day of the week
    was worse)."""
    n = 265
    vix, spy = [15.0] * n, [100.0] * n
    vix[-4] = 24.0                       # Tuesday: +60%, the VIX's highest close in the data
    ctx = context({"SPY": make_bars(spy, "2025-01-06"), "^VIX": make_bars(vix, "2025-01-06")},
                  config=Config(watchlists=Watchlists(indices=["SPY", "^VIX"], macro=[],
                                                      sectors=[])))
    data = recap.build(ctx).section.data
    assert any(r.line.startswith("The VIX's Tuesday close, ") for r in data.records)
    assert data.vix_day == ""
    # $SPY's Tuesday -1.5%, then Thursday -2.0%: Tuesday is its second-worst day of the data
    vix[-4], vix[100] = 18.6, 30.0
    spy[-4:] = [98.5, 98.5, 96.53, 96.53]
    ctx = context({"SPY": make_bars(spy, "2025-01-06"), "^VIX": make_bars(vix, "2025-01-06")},
                  config=Config(watchlists=Watchlists(indices=["SPY", "^VIX"], macro=[],
                                                      sectors=[])))
    assert recap.build(ctx).section.data.vix_day == (
        "Tuesday: the VIX jumped 24.0% to 18.60, as $SPY fell 1.5%, its second-worst day in the "
        "data here, back to Jan 2025.")


@pytest.mark.parametrize(("friday", "said"), [
    (18.5, True),     # -7.5% on the week: the low is the week's story
    (20.0, True),     # flat
    (20.98, True),    # +4.9%: an ordinary VIX day
    (20.995, False),  # +4.975% prints +5.0%
    (21.0, False),    # +5.0%
    (22.0, False)])   # +10%: the VIX jumped off Tuesday's low
def test_a_vix_low_inside_the_week_leads_unless_the_week_turned_5_percent(friday: float,
                                                                        said: bool) -> None:
    """The replay's 2009-11-29 led "VIX Closes at a 52-Week Low on Tuesday" the week the VIX rose
    11.5% (Friday +20.8%, the Dubai scare)."""
    ctx = _ctx([20.0] * 265 + [19.0, 15.0, 16.0, 17.0, friday])  # Fri the base, Tue the low
    lows = [s for s in recap.build(ctx).signals if s.phrase.startswith("VIX Closed at")]
    assert bool(lows) is said, [s.phrase for s in recap.build(ctx).signals]
