"""The replayed issue's recap grades the calls earlier replayed issues made, as a live issue's does.

A live build grades the ledger's earlier calls at its as-of and shows those still open or decided
since the last issue (:func:`newsletter.build.recap_grades`). A replay composes each week alone
(so that each week's own calls are what a build on truncated data makes, which the look-ahead
test checks), so its rendered issues never said how last week's call went: all five replay
reviews of 2026-12-07 found the 2018-12-23 issue calling a $SPY short "dead" the week the one
before hit its target, and no ✅/❌ line in any replayed issue. This fills the recap's grades in
the rendered copy only; the week's sections and calls are not touched.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from newsletter.build import recap_grades
from newsletter.calls import grade_call, standing_call
from newsletter.compose import Composed, compose
from newsletter.config import Config
from newsletter.model import Call, GradedCall, Issue, Snapshot
from newsletter.notes import Notes
from newsletter.sections.recap import RecapData, from_issue_words


class RecapLedger:
    """The calls the replayed issues made so far, in order, held back as the replay's record
    holds them back (:func:`newsletter.replay.run.hold_back_repeats`). With a ``config``, the
    rendered copy of each week is composed again as a live build composes it with its ledger:
    a section does not repeat a trade still open, it says the earlier call stands (the replay's
    2022-10-16 printed a new $QQQ short beside the open one of Oct 9, two stops for one trade,
    and never graded it: 4 such issues of 2022, 2 of 2015-2016)."""

    def __init__(self, config: Config | None = None) -> None:
        self.config = config
        self.kept: list[Call] = []
        self.previous_asof: dt.date | None = None

    def graded(self, snapshot: Snapshot) -> list[GradedCall]:
        """The earlier calls graded on the snapshot's bars (data to its as-of only)."""
        return [grade_call(c, snapshot.bars.get(c.ticker), snapshot.asof) for c in self.kept]

    def recap(self, composed: Composed, snapshot: Snapshot) -> Composed:
        """``composed`` with its recap grading the earlier calls as a live build would, then this
        week's calls added to the ledger."""
        graded = self.graded(snapshot)
        shown = recap_grades(self.kept, graded, self.previous_asof)
        if self.config is not None:
            rendered = compose(self.config, snapshot, Notes(), composed.issue.date, graded=shown,
                               ledger=tuple(graded))
            issue = rendered.issue
            composed = dataclasses.replace(rendered, issue=composed.issue)  # this week's own calls
        else:
            issue = with_recap_grades(composed.issue, shown)
        for call in composed.issue.calls:
            earlier = [g for g in graded if g.call.ticker == call.ticker
                       and g.call.direction == call.direction and g.call.horizon > snapshot.asof]
            if standing_call(call, earlier) is None:
                self.kept.append(call)
        self.previous_asof = snapshot.asof
        return dataclasses.replace(composed, issue=issue)


def with_recap_grades(issue: Issue, shown: tuple[GradedCall, ...]) -> Issue:
    """``issue`` with its recap section's grades set to ``shown`` (unchanged without a recap)."""
    sections = []
    for section in issue.sections:
        if section.key == "recap" and isinstance(section.data, RecapData):
            data = dataclasses.replace(
                section.data, graded=shown,
                from_issue={g.call.id: words for g in shown
                            if (words := from_issue_words(g.call, issue.date))})
            section = dataclasses.replace(section, data=data)
        sections.append(section)
    return dataclasses.replace(issue, sections=tuple(sections))
