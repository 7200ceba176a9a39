"""Build one issue: collect (or load a snapshot) → compose → render → write the issue folder.

The folder ``<output>/<issue-date>/`` gets ``issue.md``, ``index.html``,
``calls.json``, ``meta.json``, ``build.json``, ``charts/`` and ``snapshot/``. All of
it is written into a staging folder beside it and swapped in whole, so a failed or
killed build never damages the previous issue.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from newsletter import process_memory
from newsletter.analysis.memo import whole_history
from newsletter.atomic import atomic_write_text, folder_lock, recover_folder, staged_folder
from newsletter.calls import earlier_calls, grade_calls, save_calls
from newsletter.collect import collect
from newsletter.compose import Composed, compose
from newsletter.data.snapshot import load_snapshot, save_snapshot
from newsletter.data.snapshot_cache import collect_cached
from newsletter.data.sources import open_source
from newsletter.errors import NewsletterError
from newsletter.illustrate import draw_charts
from newsletter.jsonfile import iso_day, load_json
from newsletter.model import Call, GradedCall, Snapshot
from newsletter.notes import Notes, load_notes
from newsletter.progress import advance_progress
from newsletter.render import environment, render_markdown, render_page
from newsletter.render_email import preheader, render_email_html, render_email_text, subject
from newsletter.replay.record import load_report, matching_report, with_record
from newsletter.sessions import (
    last_completed_session,
    last_completed_session_now,
    require_session,
    require_sunday,
)
from newsletter.track_record import live_record
from newsletter.validate import Validation, validate_snapshot
from newsletter.workspace import Workspace

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildResult:
    folder: Path
    composed: Composed
    snapshot: Snapshot
    files: dict[str, Path]
    warnings: tuple[str, ...] = field(default=())
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds per stage: gather, compose, charts, render, write."""
    validation: Validation | None = None
    """What the data validation found (``snapshot`` is the validated one the sections saw)."""

    @property
    def issue(self):
        return self.composed.issue


def resolve_dates(
    issue_date: dt.date | None, asof: dt.date | None, extra_closures=(), now: dt.datetime | None = None
) -> tuple[dt.date, dt.date]:
    """Issue date (a Sunday) and the session it is as of; a non-Sunday or non-session is an error."""
    if issue_date is not None:
        require_sunday(issue_date)
    if asof is not None:
        require_session(asof, extra_closures)
    if asof is not None and issue_date is None:
        issue_date = asof + dt.timedelta(days=(6 - asof.weekday()) % 7 or 7)
    if issue_date is None:
        today = (now or dt.datetime.now()).date()
        issue_date = today + dt.timedelta(days=(6 - today.weekday()) % 7)
    if asof is None:
        asof = min(last_completed_session(issue_date, extra_closures),
                   last_completed_session_now(now, extra_closures))
    if asof >= issue_date:
        raise NewsletterError(f"the as-of session {asof} must be before the issue date {issue_date}",
                              key="--asof")
    return issue_date, asof


def notes_tickers(notes: Notes) -> list[str]:
    tickers = [*notes.watch, *(c.ticker for c in notes.calls)]
    for items in notes.items.values():
        tickers += [i.ticker for i in items if i.ticker]
    return tickers


def recap_grades(calls: list[Call], graded: list[GradedCall], previous_asof: dt.date | None) -> tuple[GradedCall, ...]:
    """What the recap shows: calls still open, and those decided since the last issue."""
    shown = []
    for g in graded:
        if g.grade == "open" or previous_asof is None or (g.date is not None and g.date > previous_asof):
            shown.append(g)
    return tuple(shown)


def _previous_asof(output_dir: Path, issue_date: dt.date) -> dt.date | None:
    """The as-of session of the newest issue dated before ``issue_date`` (from its meta.json).

    Only that issue's meta.json is read; if it cannot say its date and as-of, that is one line
    naming it, not a guess from an older issue (which would widen the recap in silence).
    """
    issues = []
    if output_dir.is_dir():
        for folder in output_dir.iterdir():
            try:
                day = iso_day(folder.name)
            except ValueError:  # a staging folder or anything else: not an issue
                continue
            if day < issue_date and (folder / "meta.json").is_file():
                issues.append((day, folder / "meta.json"))
    if not issues:
        return None
    path = max(issues)[1]
    data = load_json(path)
    if not isinstance(data, dict):
        raise NewsletterError("expected a mapping of keys to values", file=path, line=1)
    days = {}
    for key in ("date", "asof"):
        try:
            days[key] = iso_day(data[key])
        except KeyError:
            raise NewsletterError("the key is missing", file=path, key=key) from None
        except (TypeError, ValueError):
            raise NewsletterError(f"{data[key]!r} is not a date (YYYY-MM-DD)", file=path, key=key) from None
    return days["asof"]


@dataclass(frozen=True)
class Draft:
    """What an issue is built from: its dates, the data and the author's notes."""

    issue_date: dt.date
    asof: dt.date
    snapshot: Snapshot
    notes: Notes
    output_dir: Path
    warnings: tuple[str, ...] = ()
    seconds: float = 0.0
    validation: Validation | None = None
    """What the data validation found; ``snapshot`` is already the validated one."""
    history_dir: Path | None = None
    """Where the earlier issues (their calls to grade) are, when not ``output_dir``: a rebuild
    from a snapshot into another ``--out`` grades the calls stored beside the snapshot's issue."""


def _issues_beside(snapshot_folder: Path) -> Path:
    """The folder holding the issue whose snapshot this is (``issues/`` for ``issues/DATE``)."""
    folder = snapshot_folder.resolve()
    return folder.parent if (folder / "snapshot").is_dir() else folder.parent.parent


def gather(
    ws: Workspace,
    *,
    source: str | None = None,
    issue_date: dt.date | None = None,
    asof: dt.date | None = None,
    out: Path | None = None,
    from_snapshot: Path | None = None,
    now: dt.datetime | None = None,
) -> Draft:
    """Collect (or load) the data and read the notes: everything before composing."""
    started = time.perf_counter()
    config = ws.config
    closures = tuple(config.data.extra_closures)
    output_dir = out or ws.output_dir
    warnings: list[str] = []
    snapshot = None
    if from_snapshot is not None:
        snapshot = load_snapshot(from_snapshot)
        asof = snapshot.asof
        if issue_date is None:
            try:
                issue_date = dt.date.fromisoformat(from_snapshot.resolve().name)
            except ValueError:
                issue_date = None
    issue_date, asof = resolve_dates(issue_date, asof, closures, now)
    notes = load_notes(ws.notes_dir, issue_date, display_root=ws.root)
    if snapshot is None:
        extra = notes_tickers(notes) + [c.ticker for c in earlier_calls(output_dir, issue_date)]
        snapshot, source_warnings = _collect(ws, source, asof, extra)
        warnings += source_warnings
        process_memory.trim()  # what the source held, now freed (the sample market's arrays)
    snapshot, validation = validate_snapshot(snapshot, config)
    warnings += validation.warnings()
    return Draft(issue_date, asof, snapshot, notes, output_dir, tuple(warnings),
                 time.perf_counter() - started, validation,
                 _issues_beside(from_snapshot) if from_snapshot is not None else None)


def _collect(ws: Workspace, source: str | None, asof: dt.date,
             extra: list[str]) -> tuple[Snapshot, list[str]]:
    """The snapshot from the source (or the sample's cache) and the source's warnings; the
    source, and whatever it keeps, is gone when this returns."""
    config = ws.config
    data_source = open_source(source or config.data.source, ws.root, config)
    snapshot = collect_cached(lambda: collect(data_source, config, asof, extra_tickers=extra),
                              data_source, config, asof, extra,
                              ws.root / config.data.cache_dir / "collected")
    return snapshot, list(getattr(data_source, "warnings", []))


def with_fresh_notes(ws: Workspace, draft: Draft) -> Draft:
    """The same draft with the notes read again (the preview's fast path: no data fetch)."""
    return replace(draft, notes=load_notes(ws.notes_dir, draft.issue_date, display_root=ws.root))


PUBLISHED_MARK = "published.json"


def mark_published(folder: Path, when: dt.datetime) -> None:
    """Mark an issue folder as published, so no later build overwrites what readers got."""
    atomic_write_text(folder / PUBLISHED_MARK, json.dumps({"archived_at": when.isoformat()}) + "\n")


def _refuse_published(folder: Path) -> None:
    if (folder / PUBLISHED_MARK).is_file():
        raise NewsletterError("this issue is published; rebuilding it would change what readers were "
                              "sent (build into another folder with --out)", file=folder)


def render_issue(ws: Workspace, draft: Draft, folder: Path | None = None, *,
                 save_data: bool = True) -> BuildResult:
    """Grade last calls, compose, draw charts, render every output and write the issue folder.

    Everything (charts included) is written into a staging folder beside the issue
    folder and swapped in whole at the end (:func:`newsletter.atomic.staged_folder`),
    under the folder's lock, so an error or a kill at any point leaves the previous
    issue exactly as it was, and a build never runs while that date is being published.
    """
    clock = time.perf_counter()
    timings = {"gather": draft.seconds}

    def lap(name: str) -> None:
        nonlocal clock
        now_ = time.perf_counter()
        timings[name] = now_ - clock
        clock = now_
        advance_progress(1, step=f"{name} done")

    config = ws.config
    issue_date, asof, snapshot, notes = draft.issue_date, draft.asof, draft.snapshot, draft.notes
    output_dir = draft.output_dir
    warnings = list(draft.warnings)
    history = draft.history_dir or output_dir
    previous = earlier_calls(history, issue_date)
    graded = grade_calls(previous, snapshot.bars, asof)
    shown = recap_grades(previous, graded, _previous_asof(history, issue_date))
    report, mismatch = matching_report(load_report(ws.root, config.replay_report), snapshot.sample)
    warnings += [mismatch] if mismatch else []
    with whole_history(snapshot.bars):  # support/resistance pivots found once per ticker
        composed = compose(config, snapshot, notes, issue_date, graded=shown,
                           record=live_record(graded), replay=report, ledger=tuple(graded))
    warnings += composed.warnings
    composed = replace(composed, issue=with_record(composed.issue, report, asof))
    lap("compose")
    folder = folder or output_dir / issue_date.isoformat()
    with folder_lock(folder, "built or published"):
        recover_folder(folder)
        _refuse_published(folder)
        with staged_folder(folder) as staging:
            if save_data:  # before the charts: its buffers are freed before matplotlib loads
                _save_data(ws, draft, staging)
                process_memory.trim()  # the Parquet buffers, before matplotlib loads
                lap("snapshot")
            composed, chart_problems = draw_charts(composed, snapshot, staging / "charts",
                                                   ws.root / config.data.cache_dir / "charts", ws.root)
            warnings += chart_problems
            lap("charts")
            names = _write_issue(ws, draft, composed, staging, warnings)
            lap("render")
    for warning in warnings:
        log.warning("%s", warning)
    lap("write")
    log.info("build timings: %s", ", ".join(f"{k} {v:.3f}s" for k, v in timings.items()))
    return BuildResult(folder=folder, composed=composed, snapshot=snapshot,
                       files={name: folder / name for name in names},
                       warnings=tuple(warnings), timings=timings, validation=draft.validation)


def _save_data(ws: Workspace, draft: Draft, staging: Path) -> None:
    """The data as collected into ``staging/snapshot``: a rebuild from it validates (and finds)
    the same."""
    raw = draft.validation.raw if draft.validation and draft.validation.raw else draft.snapshot
    save_snapshot(raw, staging / "snapshot", ws.root / ws.config.data.cache_dir / "snapshots")


def _write_issue(ws: Workspace, draft: Draft, composed: Composed, staging: Path,
                 warnings: list[str]) -> list[str]:
    """Render every output of the composed issue into ``staging``; the names of the outputs."""
    config, snapshot = ws.config, draft.snapshot
    env = environment(ws.template_dirs(), ws.root / config.data.cache_dir / "templates")
    texts = {
        "issue.md": render_markdown(env, composed.issue),
        "index.html": render_page(env, composed.issue),
        "email.html": render_email_html(env, composed.issue, config),
        "email.txt": render_email_text(env, composed.issue, config),
    }
    email_kb = len(texts["email.html"].encode("utf-8")) / 1024
    if email_kb > config.email.max_html_kb:
        warnings.append(f"email.html is {email_kb:.1f} KB, over the {config.email.max_html_kb} KB limit")
    save_calls(staging, composed.issue.calls)
    # no fsync per file: staged_folder flushes the whole folder once before swapping it in
    for name, text in texts.items():
        atomic_write_text(staging / name, text, durable=False)
    meta = {
        "date": draft.issue_date.isoformat(), "asof": draft.asof.isoformat(), "title": config.title,
        "headline": composed.issue.headline, "hook": composed.issue.hook,
        "source": snapshot.source, "sample": snapshot.sample,
        "subject": subject(composed.issue), "preheader": preheader(composed.issue),
        "email_kb": round(email_kb, 1),
    }
    atomic_write_text(staging / "meta.json", json.dumps(meta, indent=1, ensure_ascii=False) + "\n",
                      durable=False)
    report = {"failures": list(composed.failures), "warnings": warnings,
              "charts": [c.name for c in composed.issue.charts],
              "failed_tickers": snapshot.failed,
              "validation": draft.validation.as_json() if draft.validation else []}
    atomic_write_text(staging / "build.json", json.dumps(report, indent=1) + "\n", durable=False)
    return [*texts, "calls.json"]


def build_issue(
    ws: Workspace,
    *,
    source: str | None = None,
    issue_date: dt.date | None = None,
    asof: dt.date | None = None,
    out: Path | None = None,
    from_snapshot: Path | None = None,
    now: dt.datetime | None = None,
) -> BuildResult:
    """Build one issue from fresh (or snapshotted) data into ``<output>/<issue-date>/``."""
    draft = gather(ws, source=source, issue_date=issue_date, asof=asof, out=out,
                   from_snapshot=from_snapshot, now=now)
    return render_issue(ws, draft)
