"""Sample-market benchmark: 60 tickers x 10 years generated, then again from the cache.

    .venv/bin/python -m benchmarks.bench_sample

Moved out of tests/data/test_sample.py (issue 17: a timing assertion there failed on a
busy machine). Prints the median of 5 runs of each, beside the same run's import floor
(a process that only imports the sample source), and the old budgets (1 s cold, 0.2 s
cached) for comparison; exit status 1 when the cold median is over 1 s.
"""

from __future__ import annotations

import datetime as dt
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from newsletter.data.sample import EPOCH, PROFILES, SampleSource  # noqa: E402
from newsletter.sessions import sessions_between  # noqa: E402

ASOF = dt.date(2026, 11, 20)
START = dt.date(2016, 11, 21)
COLD_BUDGET_S, CACHED_BUDGET_S = 1.0, 0.2


def import_floor() -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import newsletter.data.sample"], check=True, cwd=REPO)
    return time.perf_counter() - started


def main() -> int:
    sessions_between(EPOCH, dt.date(2030, 12, 31))  # the calendar is built once per process
    SampleSource(1).bars(["SPY"], EPOCH, ASOF)  # and the sample grid
    tickers = list(PROFILES) + [f"GEN{i}" for i in range(60 - len(PROFILES))]
    cold, cached = [], []
    for run in range(5):
        source = SampleSource(11 + run)
        started = time.perf_counter()
        source.bars(tickers, START, ASOF)
        cold.append(time.perf_counter() - started)
        started = time.perf_counter()
        source.bars(tickers, START, ASOF)
        cached.append(time.perf_counter() - started)
    floor = import_floor()
    cold_s, cached_s = statistics.median(cold), statistics.median(cached)
    print(f"60 tickers x 10 years: {cold_s * 1000:.0f} ms cold (budget {COLD_BUDGET_S * 1000:.0f}), "
          f"{cached_s * 1000:.1f} ms cached (budget {CACHED_BUDGET_S * 1000:.0f}); median of 5")
    print(f"import floor (a process importing the sample source): {floor:.2f} s; "
          f"cold / floor = {cold_s / floor:.2f}")
    return 0 if cold_s <= COLD_BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
