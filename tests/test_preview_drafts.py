"""The preview's draft builder: what each change rebuilds, and how errors keep the last good draft.

Gathering and reading notes are the real functions (counted); rendering is
replaced by a fast stand-in that reports what it was given.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import newsletter.build as build
import newsletter.preview.drafts as drafts
from newsletter.preview.drafts import GATHER, RENDER, DraftBuilder, preview_folder

ISSUE_DATE = dt.date(2026, 11, 22)


class Counting:
    """Wraps gather and with_fresh_notes with counters; renders with a stand-in."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.gathers = self.refreshes = self.renders = 0
        self.render_error: Exception | None = None
        self.folders: list[Path] = []
        real_gather, real_fresh = build.gather, build.with_fresh_notes

        def gather(ws: Any, **kwargs: Any) -> Any:
            self.gathers += 1
            return real_gather(ws, **kwargs)

        def with_fresh_notes(ws: Any, draft: Any) -> Any:
            self.refreshes += 1
            return real_fresh(ws, draft)

        monkeypatch.setattr(build, "gather", gather)
        monkeypatch.setattr(build, "with_fresh_notes", with_fresh_notes)
        monkeypatch.setattr(build, "render_issue", self.render)
        monkeypatch.setattr(drafts, "publish_checks", lambda ws, result, **kwargs: ())

    def render(self, ws: Any, draft: Any, folder: Path | None = None, *, save_data: bool = True) -> Any:
        assert save_data is False, "the preview must not save data snapshots"
        self.renders += 1
        self.folders.append(folder)
        if self.render_error is not None:
            raise self.render_error
        issue = SimpleNamespace(headline=draft.notes.headline or "data headline", title=ws.config.title)
        return SimpleNamespace(issue=issue, folder=folder, warnings=(), composed=None)


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> Counting:
    return Counting(monkeypatch)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "notes").mkdir()
    (tmp_path / "newsletter.yaml").write_text("title: Test Letter\n", encoding="utf-8")
    return tmp_path


def write_notes(workspace: Path, text: str) -> Path:
    path = workspace / "notes" / f"{ISSUE_DATE}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def builder(workspace: Path) -> DraftBuilder:
    return DraftBuilder(workspace, source="sample", issue_date=ISSUE_DATE)


def test_a_notes_change_renders_again_without_gathering(workspace: Path, counting: Counting) -> None:
    b = builder(workspace)
    first = b.build(GATHER)
    assert (counting.gathers, counting.renders, first.draft_version) == (1, 1, 1)
    assert counting.folders[0] == preview_folder(first.workspace, ISSUE_DATE)
    assert counting.folders[0] == workspace / ".newsletter" / "preview" / "2026-11-22"

    write_notes(workspace, "headline: Fresh from the notes\n")
    state = b.build(RENDER)
    assert (counting.gathers, counting.refreshes, counting.renders) == (1, 1, 2)
    assert state.result.issue.headline == "Fresh from the notes"
    assert state.draft_version == 2 and state.error == "" and not state.busy


def test_bad_notes_keep_the_last_good_draft_and_name_file_line_key(workspace: Path,
                                                                  counting: Counting) -> None:
    b = builder(workspace)
    write_notes(workspace, "headline: Good one\n")
    good = b.build(GATHER)

    write_notes(workspace, "headline: Typo\ncalls:\n  - ticker: TSLA\n    direction: short\n"
                           "    trigger: two-forty\n    target: 200\n    stop: 260\n"
                           "    horizon: 2026-12-31\n")
    bad = b.build(RENDER)
    assert bad.error == "notes/2026-11-22.yaml:5: calls[0].trigger: expected a number, got 'two-forty'"
    assert not bad.bug
    assert bad.result is good.result and bad.draft_version == good.draft_version

    write_notes(workspace, "headline: Fixed\n")
    fixed = b.build(RENDER)
    assert fixed.error == "" and fixed.result.issue.headline == "Fixed"
    assert fixed.draft_version == good.draft_version + 1


def test_a_bug_in_a_rebuild_is_a_banner_with_its_traceback_logged(workspace: Path, counting: Counting,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    b = builder(workspace)
    good = b.build(GATHER)
    counting.render_error = ZeroDivisionError("division by zero in a section")
    with caplog.at_level(logging.ERROR, logger="newsletter.preview.drafts"):
        broken = b.build(RENDER)
    assert broken.bug and broken.result is good.result
    assert broken.error == "ZeroDivisionError: division by zero in a section (traceback in the log)"
    assert any(r.exc_info and r.exc_info[0] is ZeroDivisionError for r in caplog.records)

    counting.render_error = None
    assert b.build(RENDER).error == ""


def test_a_config_change_opens_the_workspace_again_and_gathers(workspace: Path, counting: Counting) -> None:
    b = builder(workspace)
    b.build(GATHER)
    (workspace / "newsletter.yaml").write_text("title: Renamed Letter\n", encoding="utf-8")
    state = b.build(GATHER)
    assert counting.gathers == 2 and state.result.issue.title == "Renamed Letter"

    (workspace / "newsletter.yaml").write_text("titel: Oops\n", encoding="utf-8")
    bad = b.build(GATHER)
    assert bad.error.startswith("newsletter.yaml:1: titel: unknown key")
    assert bad.result.issue.title == "Renamed Letter"


def test_a_first_build_that_fails_is_retried_in_full(workspace: Path, counting: Counting) -> None:
    write_notes(workspace, "headline: [unclosed\n")
    b = builder(workspace)
    failed = b.build(GATHER)
    assert failed.result is None and failed.error.startswith("notes/2026-11-22.yaml:2: invalid YAML")

    write_notes(workspace, "headline: Now it works\n")
    state = b.build(RENDER)  # a notes change, but there is no draft yet: gather
    assert counting.gathers == 2 and state.result.issue.headline == "Now it works"


def test_requests_waiting_together_make_one_build_of_the_largest_kind(workspace: Path,
                                                                      counting: Counting) -> None:
    b = builder(workspace)
    b.build(GATHER)
    for kind in (RENDER, GATHER, RENDER):
        b.request(kind)
    b.stop()
    b.run()  # drains the queue in this thread
    assert (counting.gathers, counting.renders) == (2, 2)


def test_only_this_drafts_notes_trigger_a_rebuild(workspace: Path, counting: Counting) -> None:
    b = builder(workspace)
    b.build(GATHER)
    b.request(RENDER, workspace / "notes" / "2026-11-29.yaml")
    b.request(RENDER, workspace / "notes" / "2026-11-22.yaml")
    b.request(RENDER, workspace / "templates" / "issue.md.j2")
    b.stop()
    b.run()
    assert counting.renders == 2  # the first build, then one build for the two that concern it


def test_listeners_see_busy_then_the_outcome(workspace: Path, counting: Counting) -> None:
    seen: list[tuple[bool, int]] = []
    b = DraftBuilder(workspace, source="sample", issue_date=ISSUE_DATE,
                     on_change=lambda s: seen.append((s.busy, s.draft_version)))
    b.build(GATHER)
    assert seen == [(True, 0), (False, 1)]


def test_slow_checks_come_after_the_draft_and_only_for_the_draft_still_shown(
        workspace: Path, counting: Counting, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from newsletter.preview.status import CHECKING, CheckLine

    first = (CheckLine("real data", True, "source csv"), CheckLine("spam score", True, CHECKING))
    monkeypatch.setattr(drafts, "slow_checks_pending", lambda: True)
    monkeypatch.setattr(drafts, "publish_checks", lambda ws, result, deferred: first if deferred else ())
    release, answered = threading.Event(), threading.Event()

    def slow(ws: Any, result: Any, shown: tuple) -> tuple:
        release.wait(30)
        return (shown[0], CheckLine("spam score", True, f"1.0 (limit 5) for {result.folder.name}"))

    monkeypatch.setattr(drafts, "slow_checks", slow)
    seen: list[tuple] = []
    b = DraftBuilder(workspace, source="sample", issue_date=ISSUE_DATE,
                     on_change=lambda state: (seen.append(state.checks),
                                              answered.set() if "limit" in str(state.checks) else None))
    state = b.build(GATHER)
    assert state.checks == first  # the draft is shown without waiting for SpamAssassin
    release.set()
    assert answered.wait(30)
    assert b.state.checks[1].detail.startswith("1.0 (limit 5)") and b.state.checks[0] == first[0]
