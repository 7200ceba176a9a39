"""Kill a real publishing process with SIGKILL at random points, rerun, and count what arrived.

The publisher is a real process running the real pipeline (real build on CSV
bars, real archive, real SMTP delivery) against a real aiosmtpd server on
127.0.0.1 in this process. To keep a trial fast, a "zygote" subprocess imports
everything once and forks one publishing process per run; the test kills that
forked process by its pid. The publishing checks and the email are the real ones.

After every trial: the issue is sent, the archive holds exactly one entry for
it, and every reader got exactly one message (one Message-ID). A kill inside
the unavoidable window (the server has the message, the ledger has not yet
committed it) makes the rerun send the same Message-ID again: those copies are
counted as duplicates, next to the kills that landed in the window, not hidden.

``benchmarks/bench_fault_injection.py`` runs the same harness with 200 trials.
"""

from __future__ import annotations

import datetime as dt
import email.parser
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.publish.ledger_reads import issue_state, query
from tests.publish.smtp_server import SmtpTestServer
from tests.publish.test_pipeline_factories import SUNDAY, SUNDAY_8PM, make_workspace, write_bars

REPO = Path(__file__).resolve().parents[2]
EXIT_SENT = 0


@dataclass
class Figures:
    """What the trials saw; :meth:`lines` prints them."""

    trials: int = 0
    runs: int = 0
    kills: int = 0
    kills_by_state: Counter[str] = field(default_factory=Counter)
    kills_in_window: int = 0
    archive_entries: Counter[int] = field(default_factory=Counter)
    copies: Counter[int] = field(default_factory=Counter)
    """How many copies a reader got (duplicates included) → how many readers got that many."""
    distinct: Counter[int] = field(default_factory=Counter)
    """How many different Message-IDs a reader got → how many readers."""
    duplicates: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    run_seconds: float = 0.0

    def lines(self) -> list[str]:
        states = ", ".join(f"{s} {n}" for s, n in sorted(self.kills_by_state.items()))
        return [
            f"trials: {self.trials} ({self.runs} publishing processes, {self.seconds:.1f} s; "
            f"an uninterrupted publish takes {self.run_seconds * 1000:.0f} ms)",
            f"kills landed: {self.kills} (by state at the kill: {states})",
            f"kills inside the SMTP window (server had the message, ledger not committed): "
            f"{self.kills_in_window}",
            f"archive entries per trial: min {min(self.archive_entries)}, max {max(self.archive_entries)}",
            f"deliveries per reader: min {min(self.copies)}, max {max(self.copies)}; distinct "
            f"Message-IDs per reader: min {min(self.distinct)}, max {max(self.distinct)}",
            f"duplicates (same Message-ID resent after a window kill): {self.duplicates}",
            f"failed trials: {len(self.failures)}",
        ]


class Zygote:
    """A subprocess that imported the pipeline once and forks one publisher per run."""

    def __init__(self, warm: Path) -> None:
        env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.publish.test_fault_injection", str(warm)], cwd=REPO, env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        assert self._read() == "ready"

    def _read(self) -> str:
        line = self.proc.stdout.readline().strip()
        if not line:
            raise RuntimeError(f"the zygote died (exit {self.proc.wait()})")
        return line

    def start(self, workspace: Path) -> int:
        self.proc.stdin.write(f"run {workspace}\n")
        return int(self._read().split()[1])

    def wait(self, pid: int) -> int:
        self.proc.stdin.write(f"wait {pid}\n")
        return int(self._read().split()[2])

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


def _message_ids(server: SmtpTestServer) -> list[tuple[str, str]]:
    parser = email.parser.BytesHeaderParser()
    return [(m.rcpt_tos[0].lower(), parser.parsebytes(m.data)["Message-ID"]) for m in server.messages]


def _query(path: Path, sql: str) -> list[tuple]:
    return query(path, sql, SUNDAY)


def _state(ws_root: Path) -> str:
    return issue_state(ws_root, SUNDAY)


def _in_window(ws_root: Path, arrived: list[tuple[str, str]]) -> bool:
    """Did this run's kill leave a reader whose message the server got, still pending in the ledger?"""
    pending = _query(ws_root / ".newsletter" / "deliveries.sqlite",
                     "SELECT recipient FROM deliveries WHERE issue_date = ? AND status = 'pending'")
    return bool({r for (r,) in pending} & {rcpt for rcpt, _ in arrived})


@dataclass(frozen=True)
class Timing:
    """When an uninterrupted publish reached each state, in seconds from its start."""

    at: dict[str, float]

    def run_length(self, state: str) -> tuple[float, float]:
        """(when the send phase starts, how long the run lasts) for a run resuming from ``state``.

        A run from nothing or from ``built`` builds again; later runs skip what is done.
        """
        done = 0.0 if state in ("none", "built") else self.at[state]
        return max(self.at["sending"] - done, 0.0), max(self.at["sent"] - done, 0.01)


def _calibrate(zygote: Zygote, server: SmtpTestServer, root: Path, readers: int, bars: Path) -> Timing:
    """Time one uninterrupted publish, state by state."""
    ws = make_workspace(root, smtp_port=server.port, readers=readers, bars=bars)
    started = time.time()
    pid = zygote.start(ws.root)
    assert zygote.wait(pid) == EXIT_SENT, (ws.root / "publish.log").read_text()
    rows = _query(ws.root / ".newsletter" / "publish.sqlite",
                  "SELECT to_state, at FROM events WHERE issue_date = ?")
    with server.handler.lock:
        server.handler.messages.clear()
    return Timing({state: dt.datetime.fromisoformat(at).timestamp() - started for state, at in rows})


def _trial(zygote: Zygote, server: SmtpTestServer, root: Path, readers: int, rng: random.Random,
           timing: Timing, max_kills: int, figures: Figures, bars: Path) -> None:
    ws = make_workspace(root, smtp_port=server.port, readers=readers, bars=bars)
    with server.handler.lock:
        server.handler.messages.clear()
    kills_left = rng.randint(1, max_kills)
    for _ in range(max_kills + 3):
        before = len(server.messages)
        sending_at, length = timing.run_length(_state(ws.root))
        pid = zygote.start(ws.root)
        figures.runs += 1
        if kills_left:
            kills_left -= 1
            # half the kills anywhere in the run, half inside its send phase
            delay = rng.uniform(0, length) if rng.random() < 0.5 else rng.uniform(sending_at, length)
            time.sleep(delay)
            os.kill(pid, signal.SIGKILL)
        status = zygote.wait(pid)
        if status == -signal.SIGKILL:
            time.sleep(0.05)  # let the server finish a DATA the dead client had already sent
            figures.kills += 1
            figures.kills_by_state[_state(ws.root)] += 1
            figures.kills_in_window += _in_window(ws.root, _message_ids(server)[before:])
        elif status == EXIT_SENT:
            break
        elif status != -signal.SIGKILL:
            figures.failures.append(f"{root}: publish exited {status}")
            return
    _check_trial(ws.root, server, readers, figures)


def _check_trial(root: Path, server: SmtpTestServer, readers: int, figures: Figures) -> None:
    figures.trials += 1
    entries = _query(root / ".newsletter" / "publish.sqlite", "SELECT COUNT(*) FROM archive WHERE issue_date = ?")
    figures.archive_entries[entries[0][0] if entries else 0] += 1
    feed = (root / "issues" / "feed.xml").read_text(encoding="utf-8") if (root / "issues" / "feed.xml").exists() else ""
    ids = _message_ids(server)
    for i in range(readers):
        mine = [mid for rcpt, mid in ids if rcpt == f"reader{i}@example.com"]
        figures.copies[len(mine)] += 1
        figures.distinct[len(set(mine))] += 1
        figures.duplicates += len(mine) - len(set(mine))
    if _state(root) != "sent" or feed.count("<item>") != 1 or entries != [(1,)]:
        figures.failures.append(f"{root}: state {_state(root)}, archive {entries}, feed items {feed.count('<item>')}")


def run_trials(trials: int, work: Path, *, readers: int = 10, max_kills: int = 2, seed: int = 0,
               min_kills: int = 0, max_trials: int | None = None) -> Figures:
    """Run ``trials`` kill-and-rerun trials in ``work``; return the figures.

    Then, while fewer than ``min_kills`` kills have landed, more trials up to ``max_trials``:
    the kill times come from one calibration run, and on a loaded machine that run can be
    slow enough that later, faster runs finish before their kill.
    """
    figures, rng = Figures(), random.Random(seed)
    started = time.monotonic()
    bars = write_bars(work / "bars")
    with SmtpTestServer() as server:
        zygote = Zygote(make_workspace(work / "warm", bars=bars).root)
        try:
            timing = _calibrate(zygote, server, work / "calibrate", readers, bars)
            figures.run_seconds = timing.at["sent"]
            n = 0
            while n < trials or (figures.kills < min_kills and n < (max_trials or trials)):
                _trial(zygote, server, work / f"trial{n:03d}", readers, rng, timing, max_kills, figures, bars)
                n += 1
        finally:
            zygote.close()
    figures.seconds = time.monotonic() - started
    return figures


def test_sigkill_at_random_points_never_double_publishes(tmp_path: Path) -> None:
    figures = run_trials(20, tmp_path, readers=8, min_kills=10, max_trials=60)
    print("\n".join(figures.lines()))
    assert figures.failures == []
    assert figures.trials >= 20 and figures.kills >= 10
    assert set(figures.archive_entries) == {1}
    assert set(figures.distinct) == {1}  # every reader got the issue, under one Message-ID
    assert figures.duplicates == figures.kills_in_window  # each window kill shows, once


# --- the zygote (run as ``python -m tests.publish.test_fault_injection WARM_WORKSPACE``) ---

def _publish_once(workspace: Path) -> int:
    import logging

    from newsletter.publish.pipeline import publish
    from newsletter.workspace import Workspace

    logging.basicConfig(filename=workspace / "publish.log", level=logging.INFO,
                        format=f"%(asctime)s {os.getpid()} %(name)s: %(message)s")
    report = publish(Workspace.open(workspace), now=SUNDAY_8PM)
    return EXIT_SENT if report.outcome in ("sent", "already-sent") else 1


def _zygote(warm: Path) -> None:
    from newsletter.build import build_issue
    from newsletter.publish import pipeline, smtp_delivery  # noqa: F401  (imported before forking)
    from newsletter.workspace import Workspace

    build_issue(Workspace.open(warm), now=SUNDAY_8PM)  # imports and warms every lazy import
    print("ready", flush=True)
    for line in sys.stdin:
        command, arg = line.split()
        if command == "run":
            pid = os.fork()
            if pid == 0:
                devnull = os.open(os.devnull, os.O_RDWR)
                os.dup2(devnull, 0)
                os.dup2(devnull, 1)
                try:
                    code = _publish_once(Path(arg))
                except BaseException as exc:  # noqa: BLE001 - a child must never return into the loop
                    Path(arg, "publish.log").open("a").write(f"crash: {exc!r}\n")
                    code = 70
                os._exit(code)
            print(f"pid {pid}", flush=True)
        else:
            _, status = os.waitpid(int(arg), 0)
            code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
            print(f"exit {arg} {code}", flush=True)


if __name__ == "__main__":
    _zygote(Path(sys.argv[1]))
