"""SIGKILL the platform publisher (listmonk, Ghost, Buttondown) at 100 random requests; count objects.

    .venv/bin/python -m benchmarks.bench_target_kills              # 100 trials
    .venv/bin/python -m benchmarks.bench_target_kills --trials 20 --seed 3

Each trial: fresh local platforms, a child process publishing to all three,
SIGKILLed at a random request (before or after the platform handled it),
then rerun to the end. Printed: how many kills landed, how many trials ended
with exactly one object per platform, and how many created one twice (must
be 0). The harness is ``tests/publish/targets/kill_harness.py``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.publish.targets.kill_harness import run_trials  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-target-kills-") as work:
        figures = run_trials(args.trials, Path(work), seed=args.seed)
    print(f"target kills: {args.trials} trials, seed {args.seed}, {time.perf_counter() - started:.0f} s")
    for line in figures.lines():
        print("  " + line)
    for problem in figures.duplicates + figures.wrong:
        print("  PROBLEM " + problem)
    return 1 if figures.duplicates or figures.wrong else 0


if __name__ == "__main__":
    sys.exit(main())
