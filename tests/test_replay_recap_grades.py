"""A rendered replayed issue grades the calls earlier replayed issues made, as a live issue does.

All five replay reviews of 2026-12-07: no replayed issue had a ✅/❌ line (the weeks are composed
alone), so 2018-12-23 called a $SPY short "dead" the week the one before hit its target.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from newsletter.compose import Composed
from newsletter.config import Config, Watchlists
from newsletter.model import Call, Issue
from newsletter.render import environment, render_markdown
from newsletter.replay.recap_grades import RecapLedger
from newsletter.sections import recap
from newsletter.workspace import PACKAGE_DIR
from tests.analysis.factories import make_bars
from tests.sections.small_frames import context


def _week(bars: pd.DataFrame, upto: int, calls: tuple[Call, ...] = ()):
    ctx = context({"SPY": bars.iloc[:upto]}, config=Config(watchlists=Watchlists(indices=["SPY"])))
    built = recap.build(ctx)
    assert built is not None
    issue = Issue(date=ctx.issue_date, asof=ctx.snapshot.asof, title="T", headline="H", hook="",
                  sections=(dataclasses.replace(built.section, number=1),), calls=calls)
    return Composed(issue, (), ()), ctx.snapshot


def test_the_next_rendered_week_grades_the_call_and_the_week_itself_is_unchanged() -> None:
    closes = [101.0] * 260 + [101.0, 100.5, 99.0, 98.0, 96.0, 94.5, 94.0, 95.0, 95.0, 95.0]
    index = pd.bdate_range(end="2026-03-20", periods=len(closes))  # a Friday
    bars = make_bars(closes, index=index, spread=0.1)
    first, snap1 = _week(bars, 260)  # as of Fri Mar 6
    call = Call(id="c1", ticker="SPY", direction="short", trigger=100.0, target=95.0, stop=102.0,
                horizon=dt.date(2026, 4, 3), origin="breakdown", made_on=snap1.asof,
                setup="support break")
    first = dataclasses.replace(first, issue=dataclasses.replace(first.issue, calls=(call,)))
    ledger = RecapLedger()
    shown = ledger.recap(first, snap1)
    assert shown.issue.sections[0].data.graded == ()  # nothing before it
    second, snap2 = _week(bars, len(closes))  # as of Fri Mar 20: the target traded on Mar 13
    graded = ledger.recap(second, snap2)
    (g,) = graded.issue.sections[0].data.graded
    assert g.call.id == "c1" and g.grade == "hit", g
    text = render_markdown(environment([PACKAGE_DIR / "templates"]), graded.issue)
    assert "$SPY**" in text and "short under **100.00**" in text, text
    assert second.issue.sections[0].data.graded == ()  # the composed week itself is untouched


def test_the_rendered_week_is_composed_as_a_live_build_with_the_ledger() -> None:
    """The replay's 2022-10-16 printed a new $QQQ short beside the open one of Oct 9 (two stops
    for one trade) and never graded it: the rendered copy is now composed with the earlier calls
    graded, as a live build is, so the recap grades them and a section's repeat says it stands."""
    closes = [101.0] * 260 + [101.0, 100.5, 99.0, 98.0, 96.0, 94.5, 94.0, 95.0, 95.0, 95.0]
    index = pd.bdate_range(end="2026-03-20", periods=len(closes))
    bars = make_bars(closes, index=index, spread=0.1)
    first, snap1 = _week(bars, 260)
    call = Call(id="c1", ticker="SPY", direction="short", trigger=100.0, target=95.0, stop=102.0,
                horizon=dt.date(2026, 4, 3), origin="breakdown", made_on=snap1.asof,
                setup="support break")
    first = dataclasses.replace(first, issue=dataclasses.replace(first.issue, calls=(call,)))
    config = Config(watchlists=Watchlists(indices=["SPY"]))
    ledger = RecapLedger(config)
    ledger.recap(first, snap1)
    second, snap2 = _week(bars, len(closes))
    rendered = ledger.recap(second, snap2)
    (recap_section,) = [s for s in rendered.issue.sections if s.key == "recap"]
    (g,) = recap_section.data.graded
    assert g.call.id == "c1" and g.grade == "hit"
    assert ledger.kept == [call]
