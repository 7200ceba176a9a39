"""Run every benchmark and print its figures (`make bench`). Figures, not assertions.

    .venv/bin/python -m benchmarks.run            all of them (about 25 minutes)
    .venv/bin/python -m benchmarks.run build      only those whose name contains "build"
"""

from __future__ import annotations

import subprocess
import sys
import time

BENCHMARKS = (
    ("analysis", "benchmarks.bench_analysis", "3,000 tickers x 500 sessions scanned (target <= 2 s)"),
    ("charts", "benchmarks.bench_charts", "each chart kind, an issue's charts cold and warm"),
    ("build", "benchmarks.bench_build", "full issue build cold and warm (target <= 1.5 s warm)"),
    ("validate", "benchmarks.bench_validate", "the data validation stage: a snapshot, whole histories"),
    ("preview", "benchmarks.bench_preview", "notes save to reloaded page (target <= 1 s)"),
    ("faults", "benchmarks.bench_fault_injection", "200 SIGKILLs while publishing: never twice"),
    ("target-kills", "benchmarks.bench_target_kills", "100 SIGKILLs publishing to listmonk, Ghost, Buttondown"),
    ("publish-kills", "benchmarks.bench_publish_kills", "100 SIGKILLs of the CLI publish: smtp+DKIM, Ghost, listmonk"),
    ("replay", "benchmarks.bench_replay", "every Sunday 2000-2022 replayed on real bars (target <= 60 s)"),
    ("send", "benchmarks.bench_send", "SMTP send to 1,000/10,000/50,000 readers, rate, memory, resume"),
    ("vs-quantstats", "benchmarks.bench_vs_quantstats",
     "one issue cold and warm against quantstats' reports.html, whole processes (bench extra)"),
    ("interval-coverage", "benchmarks.bench_interval_coverage",
     "how often the event studies' 90% interval takes in the true mean, by independent windows"),
    ("sample", "benchmarks.bench_sample", "60 tickers x 10 years of the sample market, cold and cached"),
    ("kill-build", "benchmarks.bench_kill_build",
     "200 SIGKILLs mid-build, 20 clean failures: the previous issue or the new one, whole"),
)


def main(argv: list[str]) -> int:
    wanted = argv[1:]
    failures = 0
    for name, module, what in BENCHMARKS:
        if wanted and not any(w in name for w in wanted):
            continue
        print(f"\n=== {name}: {what}", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, "-m", module])
        print(f"=== {name}: exit {code}, {time.perf_counter() - started:.0f} s", flush=True)
        failures += code != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
