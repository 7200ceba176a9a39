"""SIGKILL the real ``newsletter publish`` (smtp+DKIM, Ghost, listmonk) at 100 random points; count.

    .venv/bin/python -m benchmarks.bench_publish_kills                 # 100 trials, 50 readers
    .venv/bin/python -m benchmarks.bench_publish_kills --trials 20 --seed 3 --readers 20

One workspace with the smtp target signed with DKIM (a key file), a Ghost and a
listmonk target, publishing the issue built by ``newsletter build`` from the
shipped ``examples/data/yahoo-daily`` to a real aiosmtpd and the local Ghost and
listmonk servers on 127.0.0.1. Each trial: fresh state, the CLI publish in a
child process SIGKILLed once at a seeded random point (a stage drawn uniformly
among start-up/rebuild/checks, archive, a Ghost request, a listmonk request, an
SMTP message, then a point inside it from a clean run's observed sequence),
then rerun until it exits 0. Printed: kills landed, objects per platform, archive
rows, Message-IDs per reader, DKIM signatures verified, final states, and the
elapsed time. Exits 1 when anything was created twice (a second post, campaign,
archive entry or Message-ID) or a trial did not end sent; copies resent with
the same Message-ID after a kill inside the SMTP commit window are counted
apart. The harness is ``tests/publish/publish_kill_harness.py``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.publish.publish_kill_harness import missing_tools, run_trials  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if missing_tools():
        print(f"publish kills: skipped: {missing_tools()}")
        return 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-publish-kills-") as work:
        figures = run_trials(args.trials, Path(work), readers=args.readers, seed=args.seed)
    print(f"publish kills: {args.trials} trials, {args.readers} readers, seed {args.seed}, "
          f"elapsed {time.perf_counter() - started:.0f} s")
    for line in figures.lines():
        print("  " + line)
    for problem in figures.duplicates + figures.failures:
        print("  PROBLEM " + problem)
    return 1 if figures.duplicates or figures.failures else 0


if __name__ == "__main__":
    sys.exit(main())
