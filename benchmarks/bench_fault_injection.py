"""Fault injection at scale: SIGKILL a real publisher at random points, rerun, count.

    .venv/bin/python benchmarks/bench_fault_injection.py            # 200 trials, 10 readers
    .venv/bin/python benchmarks/bench_fault_injection.py --trials 50 --readers 20 --seed 3

Each trial publishes a fresh issue (real build on CSV bars, real archive, real
SMTP to aiosmtpd on 127.0.0.1), kills the publishing process 1 to 3 times at
random points (half anywhere in the run, half inside its send phase), reruns
until it is sent, then counts archive entries and deliveries per reader. Kills
inside the SMTP window (the server has the message, the ledger has not
committed it) and the duplicates they cause are printed, not hidden. The
harness is ``tests/publish/test_fault_injection.py``.

Timings move with the machine's load, so the same run prints its own floors: a
bare Python start and a process that only imports the publishing stack.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.publish.test_fault_injection import run_trials  # noqa: E402

STACK = "import newsletter.build, newsletter.publish.pipeline, newsletter.publish.smtp_delivery"


def _process_seconds(code: str, repeat: int = 3) -> float:
    """The best wall time of ``repeat`` fresh processes running ``code``."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)
        best = min(best, time.perf_counter() - started)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--readers", type=int, default=10)
    parser.add_argument("--max-kills", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    python_floor = _process_seconds("pass")
    import_floor = _process_seconds(STACK)
    with tempfile.TemporaryDirectory(prefix="bench-fault-") as work:
        figures = run_trials(args.trials, Path(work), readers=args.readers, max_kills=args.max_kills,
                             seed=args.seed)
    print(f"fault injection: {args.trials} trials, {args.readers} readers, up to {args.max_kills} kills "
          f"a trial, seed {args.seed}")
    for line in figures.lines():
        print("  " + line)
    print(f"  floors: python start {python_floor * 1000:.0f} ms, stack import {import_floor * 1000:.0f} ms; "
          f"one warm publish = {figures.run_seconds / import_floor:.1f}× the import floor")
    ok = (not figures.failures and set(figures.archive_entries) == {1} and set(figures.distinct) == {1}
          and figures.duplicates == figures.kills_in_window)
    print("  verdict: " + ("exactly one archive entry and one Message-ID per reader in every trial" if ok
                          else "FAILED: " + "; ".join(figures.failures[:5])))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
