"""SIGKILL the target publisher at random requests, rerun it, and count what each platform holds.

Each trial starts fresh local platforms (listmonk, Ghost, Buttondown), runs
``publish_targets`` in a child process, and SIGKILLs that process when the
platforms see their k-th request, before or after handling it (k random over
a clean run's requests). Then it reruns the child to the end and counts: every
platform must hold exactly one object for the issue, published, and the state
database must record exactly that object's id. ``benchmarks/bench_target_kills.py``
runs 100 trials; the test suite a few.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.publish.targets.api_server import ApiServer, Request
from tests.publish.targets.buttondown_app import API_KEY, ButtondownApp
from tests.publish.targets.factories import SUNDAY, WEB_URL, write_issue
from tests.publish.targets.ghost_app import KEY_ID, SECRET, GhostApp
from tests.publish.targets.listmonk_app import ListmonkApp

REPO = Path(__file__).resolve().parents[3]
ENV = {"NEWSLETTER_LISTMONK_TOKEN": "secret-token", "NEWSLETTER_GHOST_ADMIN_KEY": f"{KEY_ID}:{SECRET}",
       "NEWSLETTER_BUTTONDOWN_API_KEY": API_KEY}


class KillSwitch:
    """Counts requests over all platforms; SIGKILLs ``pid`` at request ``at`` in ``phase``."""

    def __init__(self, at: int = 0, phase: str = "before") -> None:
        self.at, self.phase, self.count, self.pid = at, phase, 0, 0
        self.fired = threading.Event()
        self._lock = threading.Lock()

    def __call__(self, request: Request, phase: str) -> bool:
        with self._lock:
            if phase == "before":
                self.count += 1
            if not self.at or self.count != self.at or phase != self.phase or self.fired.is_set():
                return False
            os.kill(self.pid, signal.SIGKILL)
            self.fired.set()
            return True


def _workspace(root: Path, urls: dict[str, str]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    write_issue(root / "issues" / SUNDAY.isoformat())
    (root / "newsletter.yaml").write_text(f"""\
base_url: https://example.com/letter/
publish:
  retries: 2
  targets:
    - {{kind: listmonk, url: "{urls['listmonk']}", username: api, lists: [1]}}
    - {{kind: ghost, url: "{urls['ghost']}", newsletter: weekly}}
    - {{kind: buttondown, url: "{urls['buttondown']}"}}
""")


def child(root: str) -> None:
    """The publisher: every target of the workspace at ``root``, once (run in its own process)."""
    from newsletter.publish.state import STATE_FILE, PublishStore
    from newsletter.publish.targets import publish_targets
    from newsletter.publish.targets.runner import policy_for
    from newsletter.workspace import Workspace

    ws = Workspace.open(Path(root))
    with PublishStore(ws.state_dir / STATE_FILE) as store:
        lines = publish_targets(ws, store, SUNDAY, ws.output_dir / SUNDAY.isoformat(), WEB_URL,
                                policy=policy_for(ws, sleep=lambda seconds: None))
    print(json.dumps(lines))


def _run_child(root: Path, switch: KillSwitch) -> int:
    process = subprocess.Popen(
        [sys.executable, "-c", f"from tests.publish.targets.kill_harness import child; child({str(root)!r})"],
        cwd=REPO, env={**os.environ, **ENV}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    switch.pid = process.pid
    process.communicate(timeout=120)
    return process.returncode


@dataclass
class Figures:
    trials: int = 0
    killed: int = 0
    kills_after_handling: int = 0
    objects: Counter = field(default_factory=Counter)
    """Platform → how many trials ended with exactly one object there."""
    duplicates: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [f"{self.trials} trials, {self.killed} SIGKILLs landed "
                f"({self.kills_after_handling} after the platform handled the request, before the answer)",
                "exactly one object per platform: " + ", ".join(
                    f"{name} {count}/{self.trials}" for name, count in sorted(self.objects.items())),
                f"created twice: {len(self.duplicates)}; wrong final state: {len(self.wrong)}"]


def _urls(servers: list[ApiServer]) -> dict[str, str]:
    return dict(zip(("listmonk", "ghost", "buttondown"), (s.url for s in servers), strict=True))


def _clean_run_requests(work: Path) -> int:
    switch = KillSwitch()
    apps = ListmonkApp(), GhostApp(), ButtondownApp()
    servers = [ApiServer(app, switch) for app in apps]
    try:
        apps[1].url = servers[1].url
        _workspace(work / "clean", _urls(servers))
        assert _run_child(work / "clean", switch) == 0
        return switch.count
    finally:
        for server in servers:
            server.close()


def run_trials(trials: int, work: Path, *, seed: int = 0) -> Figures:
    """``trials`` kill-and-rerun trials under ``work``; the counts."""
    rng = random.Random(seed)
    total = _clean_run_requests(work)
    figures = Figures()
    for trial in range(trials):
        switch = KillSwitch(rng.randint(1, total), rng.choice(["before", "after"]))
        listmonk, ghost, buttondown = ListmonkApp(), GhostApp(), ButtondownApp()
        servers = [ApiServer(app, switch) for app in (listmonk, ghost, buttondown)]
        try:
            ghost.url = servers[1].url
            root = work / f"trial-{trial}"
            _workspace(root, _urls(servers))
            first = _run_child(root, switch)
            figures.killed += first == -signal.SIGKILL
            figures.kills_after_handling += first == -signal.SIGKILL and switch.phase == "after"
            switch.at = 0
            if _run_child(root, switch) != 0:
                figures.wrong.append(f"trial {trial}: the rerun failed")
            _count(figures, trial, root, listmonk, ghost, buttondown)
        finally:
            for server in servers:
                server.close()
        figures.trials += 1
    return figures


def _count(figures: Figures, trial: int, root: Path, listmonk, ghost, buttondown) -> None:
    from newsletter.publish.state import STATE_FILE, PublishStore

    held = {"listmonk": [(str(c["id"]), c["status"]) for c in listmonk.campaigns.values()],
            "ghost": [(p["id"], p["status"]) for p in ghost.posts.values()],
            "buttondown": [(e["id"], e["status"]) for e in buttondown.emails.values()]}
    final = {"listmonk": "running", "ghost": "published", "buttondown": "about_to_send"}
    with PublishStore(root / ".newsletter" / STATE_FILE if (root / ".newsletter").exists()
                      else next(root.rglob(STATE_FILE))) as store:
        recorded = {r.target: (r.status, r.remote_id) for r in store.target_outcomes(SUNDAY)}
    for name, objects in held.items():
        if len(objects) == 1:
            figures.objects[name] += 1
        if len(objects) > 1:
            figures.duplicates.append(f"trial {trial}: {name} holds {len(objects)}")
        if len(objects) != 1 or objects[0][1] != final[name] or recorded.get(name) != ("done", objects[0][0]):
            figures.wrong.append(f"trial {trial}: {name} {objects} recorded {recorded.get(name)}")
