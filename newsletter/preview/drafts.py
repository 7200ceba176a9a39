"""Keep the preview's draft up to date: rebuild only what a change needs, never die on it.

- notes, templates or the chart style changed → re-read the notes and render
  again (no data fetch; charts come from their cache unless their inputs changed);
- ``newsletter.yaml`` changed → open the workspace again and gather the data again.

Drafts are written under ``.newsletter/preview/<date>/``, never into the
published issues folder. A user error (:class:`NewsletterError`) or a bug in
a rebuild keeps the last good draft and is shown as a one-line banner.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from newsletter.errors import NewsletterError
from newsletter.preview.status import CheckLine, publish_checks, slow_checks, slow_checks_pending

if TYPE_CHECKING:
    from newsletter.build import BuildResult, Draft
    from newsletter.workspace import Workspace

log = logging.getLogger(__name__)

RENDER = "render"
"""Notes, templates or chart style changed: re-read the notes and render again."""
GATHER = "gather"
"""The config changed: open the workspace again and gather the data again."""
_COST = {RENDER: 1, GATHER: 2}


@dataclass(frozen=True)
class PreviewState:
    """Everything the pages show, swapped whole after each build (readers never lock)."""

    draft_version: int = 0
    """Bumped by every successful build: the browser reloads the draft when it changes."""
    result: BuildResult | None = None
    workspace: Workspace | None = None
    checks: tuple[CheckLine, ...] = ()
    error: str = ""
    """The one-line error shown over the last good draft; empty when the last build worked."""
    bug: bool = False
    busy: bool = False
    built_at: dt.datetime = dt.datetime.min
    build_seconds: float = 0.0


def preview_folder(ws: Workspace, issue_date: dt.date) -> Path:
    """Where the draft of ``issue_date`` is built: ``.newsletter/preview/<date>/``."""
    return ws.state_dir / "preview" / issue_date.isoformat()


class DraftBuilder:
    """Builds the draft on request from one worker thread; others read :attr:`state`."""

    def __init__(self, root: Path, *, source: str | None = None, issue_date: dt.date | None = None,
                 on_change: Callable[[PreviewState], None] = lambda state: None) -> None:
        self.root = root
        self.source = source
        self.issue_date = issue_date
        self._on_change = on_change
        self._state = PreviewState()
        self._draft: Draft | None = None
        self._requests: queue.Queue[str | None] = queue.Queue()
        self._checks_lock = threading.Lock()

    @property
    def state(self) -> PreviewState:
        return self._state

    def request(self, kind: str, path: Path | None = None) -> None:
        """Ask for a rebuild of ``kind`` (RENDER or GATHER) because ``path`` changed."""
        if path is not None and not self._concerns(path):
            log.debug("ignored %s: not this draft's notes", path)
            return
        self._requests.put(kind)

    def stop(self) -> None:
        self._requests.put(None)

    def run(self) -> None:
        """Serve requests until :meth:`stop`; changes that arrive during a build are merged."""
        stopping = False
        while not stopping:
            kind = self._requests.get()
            if kind is None:
                return
            while True:  # take every request already waiting: one build covers them all
                try:
                    more = self._requests.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stopping = True
                    break
                kind = max(kind, more, key=_COST.__getitem__)
            self.build(kind)

    def start(self) -> threading.Thread:
        """Run :meth:`run` in a daemon thread, starting with a full build."""
        self.request(GATHER)
        thread = threading.Thread(target=self.run, name="preview-builder", daemon=True)
        thread.start()
        return thread

    def build(self, kind: str) -> PreviewState:
        """Rebuild now; the outcome (a new draft or an error over the old one) becomes the state."""
        self._set(busy=True)
        started = time.perf_counter()
        try:
            ws, result, draft = self._build(kind)
        except NewsletterError as exc:
            log.warning("draft not rebuilt: %s", exc.one_line())
            return self._set(busy=False, error=exc.one_line(), bug=False)
        except Exception as exc:  # a bug: keep serving the last good draft, keep the traceback
            log.exception("draft not rebuilt: a bug in the build")
            text = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
            return self._set(busy=False, error=f"{text} (traceback in the log)", bug=True)
        self._draft = draft
        deferred = slow_checks_pending()
        checks = publish_checks(ws, result, deferred=deferred)
        seconds = time.perf_counter() - started
        log.info("draft of %s rebuilt in %.2f s (%s)", draft.issue_date, seconds, kind)
        with self._checks_lock:
            state = self._set(draft_version=self._state.draft_version + 1, result=result, workspace=ws,
                              checks=checks, error="", bug=False, busy=False,
                              built_at=dt.datetime.now(), build_seconds=seconds)
        if deferred:
            threading.Thread(target=self._check_slowly, args=(ws, result, state.draft_version),
                             name="preview-slow-checks", daemon=True).start()
        return state

    def _check_slowly(self, ws: Workspace, result: BuildResult, version: int) -> None:
        """Links and spam score for draft ``version``, shown unless a newer draft replaced it."""
        checks = slow_checks(ws, result, self._state.checks)
        with self._checks_lock:
            if self._state.draft_version == version:
                self._set(checks=checks)

    def _build(self, kind: str) -> tuple[Workspace, BuildResult, Draft]:
        from newsletter.build import gather, render_issue, with_fresh_notes
        from newsletter.workspace import Workspace

        ws = self._state.workspace
        if kind == GATHER or ws is None or self._draft is None:
            ws = Workspace.open(self.root)
            draft = gather(ws, source=self.source, issue_date=self.issue_date)
        else:
            draft = with_fresh_notes(ws, self._draft)
        result = render_issue(ws, draft, preview_folder(ws, draft.issue_date), save_data=False)
        return ws, result, draft

    def _concerns(self, path: Path) -> bool:
        """A notes file matters only when it is this draft's (or no draft exists yet)."""
        notes = self.root / "notes"
        if self._draft is None or not path.is_relative_to(notes):
            return True
        return path.name == f"{self._draft.issue_date.isoformat()}.yaml"

    def _set(self, **changes: object) -> PreviewState:
        self._state = replace(self._state, **changes)
        try:
            self._on_change(self._state)
        except Exception:  # a listener's bug must not stop the builder
            log.exception("a preview listener failed")
        return self._state
