"""An issue folder is replaced whole or not at all, and never while its date is being published.

Issue 17: a build that failed cleanly (a broken ``page.html.j2``) left the previous
issue carrying the new build's charts; a kill mid-build left old text beside new files.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

import newsletter.atomic as atomic
from newsletter.atomic import FolderBusy, folder_lock, leftovers, recover_folder
from newsletter.build import build_issue, mark_published
from newsletter.cli import main
from newsletter.errors import NewsletterError
from newsletter.workspace import Workspace

DATE = "2026-12-06"
BEFORE, AFTER = "2026-12-02", "2026-12-03"


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path, with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(root: Path, asof: str, capsys) -> tuple[int, str]:
    code = main(["-C", str(root), "build", "--source", "sample", "--date", DATE, "--asof", asof])
    return code, capsys.readouterr().err


@pytest.fixture
def previous(tmp_path: Path, capsys) -> tuple[Path, dict[str, bytes]]:
    """A workspace whose 2026-12-06 issue was built as of 12-02: (its folder, its files)."""
    (tmp_path / "newsletter.yaml").write_text("title: Atomic Letter\n", encoding="utf-8")
    code, err = build(tmp_path, BEFORE, capsys)
    assert code == 0, err
    folder = tmp_path / "issues" / DATE
    files = tree(folder)
    assert "charts" in {Path(name).parts[0] for name in files}, "the sample issue draws charts"
    return folder, files


def test_a_broken_template_leaves_the_previous_issue_byte_identical(tmp_path, previous, capsys) -> None:
    folder, files = previous
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html.j2").write_text("{% if %}broken", encoding="utf-8")
    code, err = build(tmp_path, AFTER, capsys)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert tree(folder) == files  # the 12-03 charts did not leak into the 12-02 issue
    assert leftovers(folder) == []


def test_a_good_build_replaces_every_file(tmp_path, previous, capsys) -> None:
    folder, files = previous
    code, err = build(tmp_path, AFTER, capsys)
    assert code == 0, err
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["asof"] == AFTER
    assert tree(folder) != files
    assert leftovers(folder) == []


def test_a_failure_between_staging_and_swap_leaves_the_previous_issue(tmp_path, previous, monkeypatch,
                                                                    capsys) -> None:
    folder, files = previous

    def fail(staging: Path, target: Path) -> None:
        assert (staging / "email.html").is_file() and (staging / "charts").is_dir()  # fully staged
        raise OSError("injected: the disk went away before the swap")

    monkeypatch.setattr(atomic, "swap_in", fail)
    with pytest.raises(OSError, match="injected"):
        build_issue(Workspace.open(tmp_path), source="sample", issue_date=dt.date(2026, 12, 6),
                    asof=dt.date(2026, 12, 3))
    assert tree(folder) == files
    assert leftovers(folder) == []


def test_without_an_exchanging_rename_the_swap_still_replaces_whole(tmp_path, previous, monkeypatch,
                                                                  capsys) -> None:
    folder, files = previous
    monkeypatch.setattr(atomic, "_exchange", lambda a, b: False)
    code, err = build(tmp_path, AFTER, capsys)
    assert code == 0, err
    assert json.loads((folder / "meta.json").read_text(encoding="utf-8"))["asof"] == AFTER
    assert leftovers(folder) == []


KILL_BETWEEN_RENAMES = textwrap.dedent("""
    import os, signal, sys
    import newsletter.atomic as atomic
    from newsletter.cli import main

    atomic._exchange = lambda a, b: False   # the two-rename swap: its worst moment
    rename = os.rename

    def rename_then_die(src, dst):
        rename(src, dst)
        if ".old-" in os.fspath(dst):        # the old folder moved aside, the new not yet in
            os.kill(os.getpid(), signal.SIGKILL)

    os.rename = rename_then_die
    sys.exit(main(sys.argv[1:]))
""")


def test_a_kill_inside_the_swap_is_recovered_to_the_previous_issue(tmp_path, previous) -> None:
    folder, files = previous
    run = subprocess.run(
        [sys.executable, "-c", KILL_BETWEEN_RENAMES, "-C", str(tmp_path), "build", "--source", "sample",
         "--date", DATE, "--asof", AFTER], capture_output=True, text=True, timeout=240)
    assert run.returncode == -9, run.stderr
    assert not folder.exists()  # killed at the one moment the folder is away
    assert any(".old-" in p.name for p in leftovers(folder))
    with folder_lock(folder):
        recover_folder(folder)
    assert tree(folder) == files
    assert leftovers(folder) == []


def test_a_build_of_a_published_issue_is_refused_and_changes_nothing(tmp_path, previous, capsys) -> None:
    folder, _ = previous
    mark_published(folder, dt.datetime(2026, 12, 6, 20, tzinfo=dt.UTC))
    files = tree(folder)
    code, err = build(tmp_path, AFTER, capsys)
    assert code == 2 and "published" in err
    assert tree(folder) == files


def test_a_build_while_the_date_is_being_published_is_refused_in_one_line(tmp_path, previous,
                                                                         capsys) -> None:
    folder, files = previous
    taken, release = threading.Event(), threading.Event()

    def publisher() -> None:  # another run holding the date's lock, as publish does
        with folder_lock(folder):
            taken.set()
            release.wait(60)

    thread = threading.Thread(target=publisher)
    thread.start()
    try:
        assert taken.wait(60)
        code, err = build(tmp_path, AFTER, capsys)
    finally:
        release.set()
        thread.join()
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "being built or published" in err
    assert tree(folder) == files


def test_the_folder_lock_is_reentrant_in_one_thread_and_exclusive_across_threads(tmp_path) -> None:
    target = tmp_path / "issues" / DATE
    with folder_lock(target), folder_lock(target):  # a publish run building its own issue
        errors: list[BaseException] = []
        thread = threading.Thread(target=lambda: _try_lock(target, errors))
        thread.start()
        thread.join()
        assert len(errors) == 1 and isinstance(errors[0], FolderBusy)
        assert isinstance(errors[0], NewsletterError)
    with folder_lock(target):  # released whole after the outer block
        pass


def _try_lock(target: Path, errors: list[BaseException]) -> None:
    try:
        with folder_lock(target):
            pass
    except FolderBusy as exc:
        errors.append(exc)


def test_recovery_puts_back_an_old_folder_and_drops_a_half_staged_one(tmp_path) -> None:
    target = tmp_path / DATE
    target.mkdir()
    (target / "issue.md").write_text("previous\n", encoding="utf-8")
    old = tmp_path / f".{DATE}.old-4242"
    os.rename(target, old)
    staging = tmp_path / f".{DATE}.staging-4242"
    staging.mkdir()
    (staging / "issue.md").write_text("half of the new one\n", encoding="utf-8")
    recover_folder(target)
    assert tree(target) == {"issue.md": b"previous\n"}
    assert leftovers(target) == []


def test_recovery_drops_the_old_folder_once_the_new_one_is_in_place(tmp_path) -> None:
    target = tmp_path / DATE
    target.mkdir()
    (target / "issue.md").write_text("new\n", encoding="utf-8")
    old = tmp_path / f".{DATE}.old-4242"
    old.mkdir()
    (old / "issue.md").write_text("previous\n", encoding="utf-8")
    recover_folder(target)
    assert tree(target) == {"issue.md": b"new\n"}
    assert leftovers(target) == []


def test_charts_still_come_from_the_cache_on_a_rebuild(tmp_path, previous, capsys) -> None:
    folder, files = previous
    code, err = build(tmp_path, BEFORE, capsys)  # the same data: every chart a cache hit
    assert code == 0, err
    charts = sorted((folder / "charts").glob("*.png"))
    assert charts
    cached = {p.stat().st_ino for p in (tmp_path / ".cache" / "charts").rglob("*.png")}
    assert all(p.stat().st_ino in cached for p in charts)  # hard links to the cache, not redrawn
    assert tree(folder) == files


def test_a_publish_while_a_build_of_its_date_runs_is_busy_and_changes_nothing(tmp_path: Path) -> None:
    from newsletter.publish.pipeline import publish
    from tests.publish.test_pipeline_factories import SUNDAY, SUNDAY_8PM, make_workspace

    ws = make_workspace(tmp_path / "ws")
    taken, release = threading.Event(), threading.Event()

    def builder() -> None:  # a `newsletter build` of the same date, mid-way
        with folder_lock(ws.output_dir / SUNDAY.isoformat()):
            taken.set()
            release.wait(60)

    thread = threading.Thread(target=builder)
    thread.start()
    try:
        assert taken.wait(60)
        report = publish(ws, now=SUNDAY_8PM)
    finally:
        release.set()
        thread.join()
    assert report.outcome == "busy" and report.exit_code == 4
    assert "being built or published" in report.reason
    assert not (ws.output_dir / SUNDAY.isoformat()).exists()
