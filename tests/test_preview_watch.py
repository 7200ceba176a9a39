"""What the preview watches, and what each change asks for."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsletter.preview.drafts import GATHER, RENDER
from newsletter.preview.watch import change_kind, watch_workspace, watched_dirs


@pytest.mark.parametrize(("rel", "kind"), [
    ("newsletter.yaml", GATHER),
    ("notes/2026-11-22.yaml", RENDER),
    ("templates/issue.md.j2", RENDER),
    ("templates/sections/recap.md.j2", RENDER),
    ("charts/newsletter.mplstyle", RENDER),
    ("notes/.2026-11-22.yaml.swp", None),
    ("notes/2026-11-22.yaml~", None),
    ("templates/.#issue.md.j2", None),
    ("charts/.newsletter.mplstyle.x1y2.tmp", None),
    ("issues/2026-11-22/index.html", None),
    (".newsletter/preview/2026-11-22/index.html", None),
    (".cache/charts/abc.png", None),
    ("README.md", None),
    ("notes", None),
])
def test_change_kind(tmp_path: Path, rel: str, kind: str | None) -> None:
    assert change_kind(tmp_path, tmp_path / rel) == kind


def test_outside_the_workspace_is_ignored(tmp_path: Path) -> None:
    assert change_kind(tmp_path / "letter", tmp_path / "other" / "newsletter.yaml") is None


def test_watched_dirs_are_the_sources_not_the_outputs(tmp_path: Path) -> None:
    for rel in ("notes", "templates/sections", "templates/.git", "charts", "issues/2026-11-22",
                ".newsletter/preview", ".venv/lib"):
        (tmp_path / rel).mkdir(parents=True)
    assert watched_dirs(tmp_path) == [tmp_path, tmp_path / "notes", tmp_path / "templates",
                                      tmp_path / "templates" / "sections", tmp_path / "charts"]


PROBE = "ready-probe-"


class Watching:
    """A running watch: the changes it reported, and a readiness handshake instead of sleeps."""

    def __init__(self) -> None:
        self.seen: queue.Queue[tuple[str, Path]] = queue.Queue()
        self.probes: queue.Queue[Path] = queue.Queue()

    def notify(self, kind: str, path: Path) -> None:
        (self.probes.put(path) if path.name.startswith(PROBE) else self.seen.put((kind, path)))

    def await_watching(self, folder: Path) -> None:
        """Return once a file written now in ``folder`` is reported by the live watch.

        Two rounds: a probe seen in the first may come from the scan a restart makes
        of a new folder; one written after that can only be seen by the watch itself.
        """
        for round_ in range(2):
            for n in range(200):
                (folder / f"{PROBE}{round_}-{n}.yaml").write_text("probe\n", encoding="utf-8")
                try:
                    self.probes.get(timeout=0.1)
                    break
                except queue.Empty:
                    continue
            else:
                raise AssertionError(f"the watch never reported a change in {folder}")
        while not self.probes.empty():
            self.probes.get_nowait()


@pytest.fixture
def watching(tmp_path: Path) -> Iterator[Watching]:
    (tmp_path / "notes").mkdir()
    (tmp_path / ".newsletter").mkdir()
    watch = Watching()
    stop = threading.Event()
    thread = threading.Thread(target=watch_workspace, args=(tmp_path, watch.notify, stop), daemon=True)
    thread.start()
    watch.await_watching(tmp_path / "notes")
    yield watch
    stop.set()
    thread.join(5)
    assert not thread.is_alive(), "the watcher did not stop"


def next_change(watching: Watching, timeout: float = 5.0) -> tuple[str, Path]:
    return watching.seen.get(timeout=timeout)


def test_a_real_watch_reports_notes_config_and_new_folders(tmp_path: Path, watching) -> None:
    notes = tmp_path / "notes" / "2026-11-22.yaml"
    notes.write_text("headline: x\n", encoding="utf-8")
    assert next_change(watching) == (RENDER, notes)

    (tmp_path / ".newsletter" / "draft.html").write_text("ours", encoding="utf-8")
    (tmp_path / "README.md").write_text("not a source", encoding="utf-8")
    (tmp_path / "newsletter.yaml").write_text("title: T\n", encoding="utf-8")
    assert next_change(watching) == (GATHER, tmp_path / "newsletter.yaml")

    (tmp_path / "templates" / "sections").mkdir(parents=True)  # a folder made after the start
    watching.await_watching(tmp_path / "templates" / "sections")
    template = tmp_path / "templates" / "sections" / "recap.md.j2"
    template.write_text("{{ issue }}", encoding="utf-8")
    kinds = set()
    while (RENDER, template) not in kinds:
        kinds.add(next_change(watching))

    (tmp_path / "charts").mkdir()  # a file written at once, before the new folder is watched
    style = tmp_path / "charts" / "newsletter.mplstyle"
    style.write_text("axes.grid: True\n", encoding="utf-8")
    while (RENDER, style) not in kinds:
        kinds.add(next_change(watching))


def test_an_editor_that_saves_by_renaming_is_seen(tmp_path: Path, watching) -> None:
    notes = tmp_path / "notes" / "2026-11-22.yaml"
    temporary = tmp_path / "notes" / ".2026-11-22.yaml.tmp"
    temporary.write_text("headline: saved by rename\n", encoding="utf-8")
    temporary.replace(notes)
    assert next_change(watching) == (RENDER, notes)
