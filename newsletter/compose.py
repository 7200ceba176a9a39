"""Compose: run every enabled section over the snapshot and the notes, and make the Issue."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, replace
from types import ModuleType
from typing import Any

from newsletter.calls import repeated_in_issue, standing_call
from newsletter.config import Config
from newsletter.model import Call, GradedCall, Issue, Section, Snapshot
from newsletter.notes import Notes
from newsletter.sections import SECTION_MODULES
from newsletter.sections.base import (
    Built,
    ChartRequest,
    Context,
    NothingQualified,
    SectionDataMissing,
    Signal,
)
from newsletter.sections.headline import make_headline
from newsletter.sections.note_calls import NoteCallPlan, plan_notes_calls
from newsletter.story import tensions
from newsletter.track_record import LiveRecord

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Composed:
    issue: Issue
    charts: tuple[ChartRequest, ...]
    failures: tuple[str, ...]
    """Sections that failed with a bug (not missing data): the issue must not publish."""
    warnings: tuple[str, ...] = ()
    """Build warnings for the author, never in the issue: how to give a section the data it
    lacks, a notes call that breaks the call rules."""


def _run(module: ModuleType, ctx: Context) -> tuple[Built | None, str | None, tuple[str, ...]]:
    """The section, or its one-line note: nothing qualified, data missing, or a bug; and the
    author's warnings (how to get missing data: :attr:`SectionDataMissing.fix`).

    The two quiet notes (nothing qualified, data missing) are left out when the
    config's ``sections.one_liners`` is off; a bug's note always shows.
    """
    key, emoji, title = module.KEY, module.EMOJI, module.TITLE
    quiet = ctx.config.sections.one_liners
    try:
        built = module.build(ctx)
        return built, None, built.warnings if built is not None else ()
    except NothingQualified as exc:
        log.info("%s section: %s", key, exc)
        note = f"{exc}".rstrip(".") + "."
        return (Built(section=Section(key=key, emoji=emoji, title=title, note=note)) if quiet
                else None), None, ()
    except SectionDataMissing as exc:
        log.warning("%s section: %s%s", key, exc, f": {exc.fix}" if exc.fix else "")
        note = f"{emoji} {title} is skipped this week: {exc}."
        fixes = (f"{emoji} {title} is skipped: {exc}: {exc.fix}",) if exc.fix else ()
        return (Built(section=Section(key=key, emoji=emoji, title=title, note=note,
                                      data_missing=True)) if quiet else None), None, fixes
    except Exception as exc:  # a bug in one section must not take the whole issue down
        log.exception("%s section failed", key)
        note = f"{emoji} {title} could not be built this week ({type(exc).__name__})."
        return (Built(section=Section(key=key, emoji=emoji, title=title, note=note)),
                f"{key}: {type(exc).__name__}: {exc}", ())


def _leaning(calls: list[Call], my_calls: tuple[NoteCallPlan, ...] | list[NoteCallPlan]) -> list[Call]:
    """The calls that still lean a way: the author's calls that have already played out (past
    the target or through the stop at the last close) are printed, with their warning, but are
    no view to set against a section's."""
    over = {id(n.call) for n in my_calls if n.plan is not None and n.plan.played_out}
    return [c for c in calls if id(c) not in over]


def compose(
    config: Config,
    snapshot: Snapshot,
    notes: Notes,
    issue_date: dt.date,
    graded: tuple[GradedCall, ...] = (),
    record: LiveRecord | None = None,
    replay: dict[str, Any] | None = None,
    ledger: tuple[GradedCall, ...] = (),
) -> Composed:
    ctx = Context(config=config, snapshot=snapshot, notes=notes, issue_date=issue_date, graded=graded,
                  record=record, replay=replay, ledger=ledger)
    enabled = config.sections
    sections: list[Section] = []
    calls: list[Call] = []
    charts: list[ChartRequest] = []
    signals: list[Signal] = []
    failures: list[str] = []
    author: list[str] = []
    number = 1
    for module in SECTION_MODULES:
        if not getattr(enabled, module.KEY) or notes.hidden(module.KEY):
            continue
        built, failure, fixes = _run(module, ctx)
        author.extend(fixes)
        if failure:
            failures.append(failure)
        if built is None or built.section.empty:
            continue
        section = built.section
        if getattr(module, "NUMBERED", False) and section.data is not None:
            section = replace(section, number=number)
            number += getattr(section.data, "count", 1)
        sections.append(section)
        calls.extend(built.calls)
        charts.extend(replace(c, section=section.key) for c in built.charts)
        signals.extend(built.signals)
    # one open call per ticker and direction: a setup that persists is the same trade
    standing = {c.id: g for c in calls if (g := standing_call(c, graded)) is not None}
    leaning = list(calls)
    calls = [c for c in calls if c.id not in standing]
    # and one position per ticker and direction within the issue: the first section's call stands
    repeats = repeated_in_issue(calls)
    calls = [c for c in calls if c.id not in repeats]
    my_calls = plan_notes_calls(notes, snapshot, issue_date, config.calls)
    calls.extend(n.call for n in my_calls)
    leaning.extend(n.call for n in my_calls)
    headline, hook = make_headline(ctx, signals)
    issue = Issue(
        date=issue_date,
        asof=snapshot.asof,
        title=config.title,
        headline=notes.headline or headline,
        hook=notes.hook or hook,
        sections=tuple(sections),
        calls=tuple(calls),
        graded=graded,
        source=snapshot.source,
        sample=snapshot.sample,
        go_deeper=(notes.go_deeper or config.go_deeper_url or None) if enabled.go_deeper else None,
        web_url=f"{config.base_url}{issue_date.isoformat()}/",
        disclaimer=config.disclaimer,
        provenance={"source": snapshot.source, "asof": snapshot.asof.isoformat(),
                    "calendar": snapshot.calendar, "adjusted": snapshot.adjusted},
        my_calls=my_calls,
        tensions=tensions(sections, _leaning(leaning, my_calls)),
        names=dict(config.names),
        standing=standing,
        repeats=repeats,
    )
    return Composed(issue=issue, charts=tuple(charts), failures=tuple(failures),
                    warnings=(*author, *(n.warning for n in my_calls if n.warning)))
