"""Kill-anywhere benchmark for builds: SIGKILL ``newsletter build`` at random points.

    .venv/bin/python -m benchmarks.bench_kill_build              200 kills + 20 clean failures
    .venv/bin/python -m benchmarks.bench_kill_build --trials 50  fewer kills
    .venv/bin/python -m benchmarks.bench_kill_build --two-renames  without renameat2's exchange

A temporary workspace holds the 2026-12-06 issue built as of 12-02 (the previous
issue). Each trial rebuilds it as of 12-03 in a subprocess (``newsletter build
--source sample``) and SIGKILLs it after a random delay between 0 and 1.1 times a
whole build's time (even trials), or
0-1.2 times the staging phase after the staging folder appears (odd trials, so that
half the kills land in the writes, however slow the machine is). After each kill the issue folder must be byte-identical to the
previous issue or to the new one built whole (compared file by file with the same build
run to the end first); then the leftovers are recovered as the next build would
(:func:`newsletter.atomic.recover_folder`) and the folder checked again. Then 20
builds fail cleanly (a broken ``templates/page.html.j2``): each must exit 2 and leave
the previous issue byte-identical. Exit status 1 on any folder that is neither.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from newsletter.atomic import folder_lock, leftovers, recover_folder  # noqa: E402

DATE, BEFORE, AFTER = "2026-12-06", "2026-12-02", "2026-12-03"
RUNNER = """
import sys
import newsletter.atomic as atomic
from newsletter.cli import main
if sys.argv[1] == "two-renames":
    atomic._exchange = lambda a, b: False
sys.exit(main(sys.argv[2:]))
"""


def tree(folder: Path) -> dict[str, bytes] | None:
    if not folder.is_dir():
        return None
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def command(root: Path, asof: str, mode: str) -> list[str]:
    return [sys.executable, "-c", RUNNER, mode, "-q", "-C", str(root), "build", "--source", "sample",
            "--date", DATE, "--asof", asof]


def build(root: Path, asof: str, mode: str = "exchange") -> subprocess.CompletedProcess:
    return subprocess.run(command(root, asof, mode), capture_output=True, text=True, cwd=REPO)


def workspace(root: Path) -> Path:
    root.mkdir(parents=True)
    (root / "newsletter.yaml").write_text("title: Kill Letter\n", encoding="utf-8")
    return root


def timed_build(root: Path, folder: Path) -> tuple[float, float]:
    """Rebuild as of AFTER to the end: (seconds until a staging folder appeared, seconds in all)."""
    started = time.perf_counter()
    process = subprocess.Popen(command(root, AFTER, "exchange"), cwd=REPO,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    staged_at = None
    while process.poll() is None:
        if staged_at is None and leftovers(folder):
            staged_at = time.perf_counter() - started
        time.sleep(0.002)
    seconds = time.perf_counter() - started
    assert process.returncode == 0
    return (staged_at if staged_at is not None else seconds), seconds


def judge(folder: Path, previous: dict, new: dict) -> str:
    found = tree(folder)
    if found == previous:
        return "previous"
    if found == new:
        return "new"
    return "missing" if found is None else "MIXED"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=200, help="builds to SIGKILL (default 200)")
    parser.add_argument("--failures", type=int, default=20, help="clean failures (default 20)")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--two-renames", action="store_true",
                        help="swap by two renames, as where renameat2 cannot exchange")
    args = parser.parse_args(argv)
    mode = "two-renames" if args.two_renames else "exchange"
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="bench-kill-") as tmp:
        root = workspace(Path(tmp) / "ws")
        folder = root / "issues" / DATE
        first = build(root, BEFORE)
        assert first.returncode == 0, first.stderr
        previous = tree(folder)
        pristine = Path(tmp) / "previous"
        shutil.copytree(folder, pristine)
        done = build(root, AFTER)  # the new issue, whole; it also warms the chart cache
        assert done.returncode == 0, done.stderr
        new = tree(folder)
        shutil.rmtree(folder)
        shutil.copytree(pristine, folder)
        staged_at, seconds = timed_build(root, folder)  # warm, as every trial's is
        assert tree(folder) == new, "the build is not reproducible"
        assert previous and new and previous != new
        window = seconds - staged_at
        print(f"a whole build takes {seconds:.2f} s here ({len(new)} files), {window:.2f} s of it "
              f"with a staging folder; killing {args.trials} builds ({mode}): half after 0-"
              f"{1.1 * seconds:.2f} s, half 0-{1.2 * window:.2f} s after staging began", flush=True)

        raw: Counter[str] = Counter()
        recovered: Counter[str] = Counter()
        found_staging = finished_first = kills = trial = 0
        while kills < args.trials:  # a build that finished before its kill does not count
            trial += 1
            if tree(folder) != previous:  # start every trial from the previous issue
                shutil.rmtree(folder)
                shutil.copytree(pristine, folder)
            process = subprocess.Popen(command(root, AFTER, mode), cwd=REPO,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            began = time.perf_counter()
            if trial % 2 == 0:  # anywhere in the build, start-up included
                deadline = began + rng.uniform(0, 1.1 * seconds)
            else:  # inside the write phase, however slow the machine is today
                while not leftovers(folder) and process.poll() is None:
                    time.sleep(0.002)
                staged = time.perf_counter()
                deadline = staged + rng.uniform(0, 1.2 * window)
            while time.perf_counter() < deadline and process.poll() is None:
                time.sleep(0.002)
            if process.poll() is None:
                os.kill(process.pid, signal.SIGKILL)
                kills += 1
            else:  # it finished first: the machine is faster now; learn its pace
                finished_first += 1
                took = time.perf_counter() - began
                seconds = 0.7 * seconds + 0.3 * took
                if trial % 2:
                    window = 0.7 * window + 0.3 * (time.perf_counter() - staged)
            process.wait()
            raw[judge(folder, previous, new)] += 1
            found_staging += bool(leftovers(folder))
            with folder_lock(folder):
                recover_folder(folder)
            outcome = judge(folder, previous, new)
            recovered[outcome] += 1
            if outcome == "MIXED" or leftovers(folder):
                print(f"trial {trial}: the folder is neither issue ({outcome})", flush=True)

        failures: Counter[str] = Counter()
        shutil.rmtree(folder)
        shutil.copytree(pristine, folder)
        (root / "templates").mkdir(exist_ok=True)
        (root / "templates" / "page.html.j2").write_text("{% if %}broken\n", encoding="utf-8")
        for _ in range(args.failures):
            failed = build(root, AFTER, mode)
            one_line = len(failed.stderr.strip().splitlines()) == 1
            intact = tree(folder) == previous and not leftovers(folder)
            failures["exit 2, one line, previous intact" if failed.returncode == 2 and one_line and intact
                     else f"BAD: exit {failed.returncode}, intact {intact}"] += 1

    print(f"SIGKILLs: {kills} (and {finished_first} builds that finished before their kill); "
          f"right after: {dict(raw)}; {found_staging} left a staging or old folder beside it")
    print(f"after recovery: {dict(recovered)} (previous byte-identical or new complete: "
          f"{recovered['previous'] + recovered['new']} of {trial})")
    print(f"clean failures (broken page.html.j2): {dict(failures)}")
    bad = recovered["MIXED"] + recovered["missing"] + raw["MIXED"] + sum(
        n for k, n in failures.items() if k.startswith("BAD"))
    if mode == "exchange":
        bad += raw["missing"]  # one exchanging rename: the folder is never away
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
