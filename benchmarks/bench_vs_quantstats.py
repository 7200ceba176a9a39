"""One issue against a well-known report, side by side, each as a whole process (figures only).

    .venv/bin/pip install -e '.[bench]'      # quantstats
    .venv/bin/python -m benchmarks.bench_vs_quantstats [--runs 3]

Paired in one run so machine load hits both alike:

- ``newsletter build --source sample`` in a fresh workspace: **cold** (empty caches:
  sessions file, chart cache) and then **warm** (the same build again);
- ``quantstats.reports.html`` of IWM against SPY on the real daily bars shipped in
  ``examples/data/yahoo-daily`` (2021-01 to 2022-11), written to an HTML file.

It prints the median wall time of each, the ratio newsletter / quantstats, and the peak
resident memory of each process (``ru_maxrss`` of the child). Without quantstats it says
so and exits 0.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "data" / "yahoo-daily"

QUANTSTATS = """
import sys, warnings
warnings.filterwarnings("ignore")
import pandas as pd
import quantstats as qs
def returns(t):
    f = pd.read_csv(sys.argv[1] + "/" + t + ".csv", index_col="Date", parse_dates=True)
    return f["Adj Close"].pct_change().dropna()
qs.reports.html(returns("IWM"), benchmark=returns("SPY"), output=sys.argv[2], title="IWM vs SPY")
"""


PEAK = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], capture_output=True).returncode\n"
    "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)
"""Runs one command in a fresh parent, so ru_maxrss is that command's own peak (KiB on Linux)."""


def _timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and the command's peak resident memory in MiB."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", PEAK, *cmd], cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    code, peak_kib = done.stdout.split()
    if int(code) != 0:
        raise SystemExit(f"{' '.join(cmd[:6])}... failed with exit {code}")
    return seconds, int(peak_kib) / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if importlib.util.find_spec("quantstats") is None:
        print("skipped: quantstats is not installed (pip install -e '.[bench]')")
        return 0
    newsletter = [sys.executable, "-m", "newsletter", "-q"]
    cold, warm, qs_times = [], [], []
    peaks: dict[str, float] = {}
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            ws = Path(tmp) / "ws"
            subprocess.run([*newsletter, "init", str(ws)], check=True, capture_output=True)
            shutil.rmtree(ws / ".cache", ignore_errors=True)
            build = [*newsletter, "-C", str(ws), "build", "--source", "sample", "--date", "2026-11-22"]
            seconds, peak = _timed(build, ws)
            cold.append(seconds)
            peaks["newsletter cold"] = max(peaks.get("newsletter cold", 0.0), peak)
            seconds, peak = _timed(build, ws)
            warm.append(seconds)
            peaks["newsletter warm"] = max(peaks.get("newsletter warm", 0.0), peak)
            seconds, peak = _timed([sys.executable, "-c", QUANTSTATS, str(EXAMPLE),
                                    str(Path(tmp) / "qs.html")], REPO)
            qs_times.append(seconds)
            peaks["quantstats"] = max(peaks.get("quantstats", 0.0), peak)
    qs_median = statistics.median(qs_times)
    print(f"runs: {args.runs} (median wall time as whole processes; peak RSS, the largest run)")
    for name, times in (("newsletter cold", cold), ("newsletter warm", warm), ("quantstats", qs_times)):
        median = statistics.median(times)
        print(f"{name:16s} {median:6.2f} s  ratio to quantstats {median / qs_median:5.2f}  "
              f"peak RSS {peaks[name]:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
