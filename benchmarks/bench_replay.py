"""The replay on the shared real bars: whole process, linearity in weeks, per week against a build.

Figures, never assertions. Prints:

- the whole replay as one process (`newsletter replay`, every Sunday 2000-2022
  after the 200-session warm-up, no rendering), with 2 workers and with 1, its
  peak memory, and the import floor of the same moment (this machine's speed
  moves by half from day to day, and other people's jobs share its 2 cores);
- in-process, 1 worker: 5, 10 and 20 years of Sundays, seconds and ms a week;
- one plain in-process `build_issue` on the same data (gather, compose, charts,
  render, write) and one plain compose without the replay's memo, per week.

    .venv/bin/python -m benchmarks.bench_replay
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CONFIG = REPO / "examples" / "replay-indices.yaml"


def data_dir() -> Path | None:
    env = os.environ.get("NEWSLETTER_SHARED_DATA")
    for path in ([Path(env)] if env else []) + [REPO.parent / "shared" / "data" / "yahoo-daily"]:
        if (path / "SPY.csv").is_file():
            return path
    return None


WHOLE = """
import resource, sys, time
t0 = time.perf_counter()
from newsletter.cli import main
code = main(sys.argv[1:])
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
print(f"RESULT {code} {me.ru_maxrss} {kids.ru_maxrss} {cpu}", file=sys.stderr)
"""


def whole_process(folder: Path, jobs: int) -> tuple[float, float, float, float]:
    """Wall seconds, peak MiB of the main process and of its largest worker, CPU seconds."""
    with tempfile.TemporaryDirectory(prefix="bench-replay-") as out:
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", WHOLE, "-q", "replay", "--config", str(CONFIG),
                               "--source", f"csv:{folder}", "--from", "2000-01-01",
                               "--to", "2022-12-31", "--out", out, "--jobs", str(jobs)],
                              capture_output=True, text=True, check=True)
        wall = time.perf_counter() - started
    line = [ln for ln in done.stderr.splitlines() if ln.startswith("RESULT")][-1].split()
    return wall, int(line[2]) / 1024, int(line[3]) / 1024, float(line[4])


def import_floor() -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import pandas, numpy, jinja2, pydantic, newsletter.replay.run, "
                    "newsletter.cli"], check=True)
    return time.perf_counter() - started


def in_process(folder: Path) -> None:
    import logging

    from newsletter.build import build_issue
    from newsletter.replay.cli import QUIET_LOGGERS

    for name in QUIET_LOGGERS:  # as `newsletter replay` does: per-week warnings are counted, not printed
        logging.getLogger(name).setLevel(logging.CRITICAL)
    from newsletter.collect import collect
    from newsletter.compose import compose
    from newsletter.data.csv_folder import CsvFolderSource
    from newsletter.notes import Notes
    from newsletter.replay.run import asof_for, load_config_file, run_replay
    from newsletter.workspace import Workspace

    config = load_config_file(CONFIG)
    source = CsvFolderSource(folder)
    run_replay(config, source, dt.date(2010, 1, 1), dt.date(2010, 3, 1))  # load the files once
    print("\nIn-process, 1 worker (no rendering):")
    print(f"{'years':<16}{'weeks':>7}{'seconds':>9}{'ms/week':>9}{'CPU ms/week':>13}")
    per_week = []
    for years, first in ((5, 2018), (10, 2013), (20, 2003)):
        started, cpu = time.perf_counter(), time.process_time()
        replay = run_replay(config, source, dt.date(first, 1, 1), dt.date(2022, 11, 18))
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        per_week.append(seconds / len(replay.weeks))
        print(f"{years:<3}({first}-2022) {len(replay.weeks):>7}{seconds:>9.1f}"
              f"{1000 * per_week[-1]:>9.1f}{1000 * cpu / len(replay.weeks):>13.1f}", flush=True)

    day = dt.date(2015, 6, 7)
    asof = asof_for(day, config)
    with tempfile.TemporaryDirectory(prefix="bench-build-") as root:
        ws = Workspace(root=Path(root), config=config)
        build_issue(ws, source=f"csv:{folder}", issue_date=day)  # warm the chart cache
        times = []
        for i in range(3):
            started = time.perf_counter()
            build_issue(ws, source=f"csv:{folder}", issue_date=day, out=Path(root) / f"again{i}")
            times.append(time.perf_counter() - started)
    build = min(times)
    compose_times = []
    for _ in range(3):
        started = time.perf_counter()
        compose(config, collect(source, config, asof), Notes(), day)
        compose_times.append(time.perf_counter() - started)
    plain = min(compose_times)
    print(f"one plain build_issue, in-process, warm chart cache: {1000 * build:.0f} ms "
          f"({build / per_week[-1]:.1f}x a replayed week)")
    print(f"one plain collect + compose without the memo:        {1000 * plain:.0f} ms "
          f"({plain / per_week[-1]:.1f}x a replayed week)")


def main() -> None:
    folder = data_dir()
    if folder is None:
        print("skipped: the shared real bars are absent (set NEWSLETTER_SHARED_DATA)")
        return
    print(f"Replay of every Sunday 2000-2022 on {folder} with {CONFIG.name} (seconds)")
    floor = import_floor()
    print(f"import floor (a process importing the stack): {floor:.2f} s")
    jobs = [int(j) for j in os.environ.get("BENCH_REPLAY_JOBS", "2,1").split(",") if j.isdigit()]
    for n in jobs:
        wall, main_mib, worker_mib, cpu = whole_process(folder, n)
        print(f"whole process, --jobs {n}: {wall:6.1f} s wall ({wall / floor:.0f}x the floor), "
              f"{cpu:.1f} s CPU, peak {main_mib:.0f} MiB main"
              + (f", {worker_mib:.0f} MiB a worker" if n > 1 else ""), flush=True)
    in_process(folder)
    print(json.dumps({"cpu_count": os.cpu_count(), "load": os.getloadavg()}))


if __name__ == "__main__":
    main()
