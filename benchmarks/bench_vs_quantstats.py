"""One issue against a well-known report, side by side, each as a whole process (figures only).

    .venv/bin/pip install -e '.[bench]'      # quantstats
    .venv/bin/python -m benchmarks.bench_vs_quantstats [--runs 3] [--checkout DIR]

``--checkout DIR`` times the ``newsletter`` package of another checkout (e.g. the main
branch's, for a before/after pair), from a compiled copy in a temporary folder, so that
nothing is written into that checkout.

Paired in one run so machine load hits both alike:

- ``newsletter build --source sample`` in a fresh workspace: **cold** (the workspace's
  caches empty: collected data, snapshots, charts, its templates) and then **warm** (the
  same build again); and, for the record, **first on a machine**: a fresh workspace with
  the per-user cache empty too (``$XDG_CACHE_HOME/newsletter``: the NYSE calendar's
  sessions and the packaged templates compiled, both the same for every workspace, kept
  as Python keeps the package's compiled modules);
- ``quantstats.reports.html`` of IWM against SPY on the real daily bars shipped in
  ``examples/data/yahoo-daily`` (2021-01 to 2022-11), written to an HTML file.

It prints the median wall time of each, the ratio newsletter / quantstats, and the peak
resident memory of each process (``ru_maxrss`` of the child), then where a newsletter
build's time goes: each stage's median (the build's own ``build timings`` log line) and
the rest of the process (interpreter start, imports, config); last, each of issue 12's aims
against its figure, and the cold build's floor (start and imports plus the charts stage: what
no speed-up of gathering, composing or rendering can remove). Without quantstats it says so
and exits 0.

Both sides run from compiled bytecode, as installed packages do: quantstats and every
library were byte-compiled by pip; this checkout is compiled once before timing
(``compileall``), because with ``PYTHONDONTWRITEBYTECODE`` set (as on the build machine)
every newsletter process would otherwise compile its own ~100 modules from source, a
cost no installed copy pays (0.1-0.2 s a run, measured 2026-12-04).
"""

from __future__ import annotations

import argparse
import atexit
import compileall
import importlib.util
import os
import re
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
    "import os, resource, subprocess, sys\n"
    "def tree(pid):\n"
    "    out = [pid]\n"
    "    try:\n"
    "        for task in os.listdir(f'/proc/{pid}/task'):\n"
    "            with open(f'/proc/{pid}/task/{task}/children') as f:\n"
    "                for child in f.read().split():\n"
    "                    out += tree(int(child))\n"
    "    except OSError:\n"
    "        pass\n"
    "    return out\n"
    "def pss(pid):\n"
    "    try:\n"
    "        with open(f'/proc/{pid}/smaps_rollup') as f:\n"
    "            for line in f:\n"
    "                if line.startswith('Pss:'):\n"
    "                    return int(line.split()[1])\n"
    "    except OSError:\n"
    "        pass\n"
    "    return 0\n"
    "watch = sys.argv[1] == 'pss'\n"
    "child = subprocess.Popen(sys.argv[2:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)\n"
    "import threading\n"
    "top = [0]\n"
    "def sample():\n"
    "    while child.poll() is None:\n"
    "        top[0] = max(top[0], sum(pss(p) for p in tree(child.pid)))\n"
    "        threading.Event().wait(0.005)\n"
    "t = threading.Thread(target=sample, daemon=True)\n"
    "if watch and os.path.exists('/proc/self/smaps_rollup'):\n"
    "    t.start()\n"
    "out, err = child.communicate()\n"
    "sys.stderr.write(err)\n"
    "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(child.returncode, use.ru_maxrss, use.ru_utime + use.ru_stime, top[0])\n"
)
"""Runs one command in a fresh parent, so ru_maxrss is that command's own peak (KiB on Linux:
the largest of its processes) and ru_utime + ru_stime its own CPU seconds (every thread and
child it waited for); and, with ``pss`` as its first argument, on Linux, the peak of its
processes' proportional set sizes summed (sampled every 5 ms from /proc): the memory the build
holds on the machine, shared pages counted once.

The sampler is off in the timed runs: reading ``smaps_rollup`` walks the process's page tables
under its memory-map lock, so sampling every 5 ms slowed the very build it watched (the cold
build 2.07-2.22 s plain against 2.30-2.49 s sampled, three pairs, 2026-12-07). The peaks come
from runs of their own."""

_TIMINGS = re.compile(r"build timings: (.*)")
_STAGE = re.compile(r"(\w+) ([0-9.]+)s")


def _timed(cmd: list[str], cwd: Path, stages: dict[str, list[float]] | None = None,
           env: dict[str, str] | None = None, cpu: list[float] | None = None,
           pss: list[float] | None = None) -> tuple[float, float]:
    """Wall seconds and the command's peak resident memory in MiB; the build's stage times
    (from its ``build timings`` log line) are appended to ``stages``, its CPU seconds to ``cpu``."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", PEAK, "pss" if pss is not None else "-", *cmd],
                          cwd=cwd, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    code, peak_kib, cpu_seconds, pss_kib = done.stdout.split()
    if int(code) != 0:
        raise SystemExit(f"{' '.join(cmd[:6])}... failed with exit {code}:\n{done.stderr[-2000:]}")
    if cpu is not None:
        cpu.append(float(cpu_seconds))
    if pss is not None and int(pss_kib):
        pss.append(int(pss_kib) / 1024)
    if stages is not None:
        found = _TIMINGS.search(done.stderr)
        inside = 0.0
        for name, value in _STAGE.findall(found.group(1) if found else ""):
            stages.setdefault(name, []).append(float(value))
            inside += float(value)
        stages.setdefault("rest of the process", []).append(seconds - inside)
    return seconds, int(peak_kib) / 1024


def _print_stages(name: str, stages: dict[str, list[float]]) -> None:
    parts = [f"{stage} {statistics.median(values):.2f}" for stage, values in stages.items()]
    print(f"  {name} stages (median s): {', '.join(parts)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--checkout", type=Path, default=None,
                        help="time this checkout's newsletter package instead of this one's")
    args = parser.parse_args(argv)
    if importlib.util.find_spec("quantstats") is None:
        print("skipped: quantstats is not installed (pip install -e '.[bench]')")
        return 0
    env = None
    if args.checkout is None:
        compileall.compile_dir(REPO / "newsletter", quiet=1)  # as an installed copy would be
    else:
        copy = Path(tempfile.mkdtemp(prefix="bench-checkout-"))
        atexit.register(shutil.rmtree, copy, ignore_errors=True)
        shutil.copytree(args.checkout.resolve() / "newsletter", copy / "newsletter",
                        ignore=shutil.ignore_patterns("__pycache__"))
        compileall.compile_dir(copy / "newsletter", quiet=1)
        env = {**os.environ, "PYTHONPATH": str(copy)}
        print(f"newsletter from {args.checkout.resolve()} (a compiled copy in {copy})")
    newsletter = [sys.executable, "-m", "newsletter"]
    cold, warm, first, qs_times = [], [], [], []
    cold_stages: dict[str, list[float]] = {}
    cold_cpu: list[float] = []
    warm_stages: dict[str, list[float]] = {}
    peaks: dict[str, float] = {}
    pss: dict[str, list[float]] = {}
    times: dict[str, list[float]] = {"newsletter cold": cold, "newsletter warm": warm,
                                     "newsletter first": first, "quantstats": qs_times}
    # the timed rounds first, then as many rounds again with the memory sampler on, untimed
    for round_ in range(2 * args.runs):
        timed = round_ < args.runs

        def run(name: str, cmd: list[str], cwd: Path, stages: dict[str, list[float]] | None = None,
                env: dict[str, str] | None = env, cpu: list[float] | None = None,
                timed: bool = timed) -> None:
            seconds, peak = _timed(cmd, cwd, stages if timed else None, env,
                                   cpu if timed else None,
                                   None if timed else pss.setdefault(name, []))
            if timed:
                times[name].append(seconds)
            peaks[name] = max(peaks.get(name, 0.0), peak)

        with tempfile.TemporaryDirectory() as tmp:
            ws = Path(tmp) / "ws"
            # cwd: `python -m` puts the working directory first on sys.path, and in this checkout
            # that would be its own package, not the --checkout one
            subprocess.run([*newsletter, "-q", "init", str(ws)], check=True, capture_output=True,
                           env=env, cwd=tmp)
            shutil.rmtree(ws / ".cache", ignore_errors=True)
            # -v: the build logs its stage times (one line); its summary goes to a pipe
            build = [*newsletter, "-v", "-C", str(ws), "build", "--source", "sample", "--date", "2026-11-22"]
            run("newsletter cold", build, ws, cold_stages, cpu=cold_cpu)
            run("newsletter warm", build, ws, warm_stages)
            fresh = Path(tmp) / "fresh"  # a first build on a machine: no per-user cache either
            subprocess.run([*newsletter, "-q", "init", str(fresh)], check=True, capture_output=True,
                           env=env, cwd=tmp)
            shutil.rmtree(fresh / ".cache", ignore_errors=True)
            machine = {**(env or os.environ), "XDG_CACHE_HOME": str(Path(tmp) / "user-cache")}
            run("newsletter first", [*newsletter, "-C", str(fresh), "build", "--source", "sample",
                                     "--date", "2026-11-22"], fresh, env=machine)
            run("quantstats", [sys.executable, "-c", QUANTSTATS, str(EXAMPLE),
                               str(Path(tmp) / "qs.html")], REPO)
    qs_median = statistics.median(qs_times)
    print(f"runs: {args.runs} timed (median wall time as whole processes), then {args.runs} "
          f"more for memory (peak RSS of the largest process, of every run; peak PSS of all its "
          f"processes together, sampled in the memory runs only)")
    for name, runs in times.items():
        median = statistics.median(runs)
        together = f", all processes {max(pss[name]):.0f} MiB" if pss.get(name) else ""
        print(f"{name:16s} {median:6.2f} s  ratio to quantstats {median / qs_median:5.2f}  "
              f"peak RSS {peaks[name]:.0f} MiB{together}")
        peaks[name] = max(peaks[name], *pss.get(name, []))  # the aim reads the larger
    _print_stages("cold", cold_stages)
    _print_stages("warm", warm_stages)
    _print_aims({"warm": statistics.median(warm), "cold": statistics.median(cold)}, qs_median,
                max(peaks["newsletter cold"], peaks["newsletter warm"]), cold_stages)
    imports_cpu: list[float] = []
    for _ in range(args.runs):  # what a second drawing process would pay before its first chart
        _timed([sys.executable, "-c", CHART_IMPORTS], REPO, cpu=imports_cpu)
    _print_cpu_bound(statistics.median(cold_cpu), statistics.median(imports_cpu), qs_median)
    return 0


AIMS = {"warm": 0.25, "cold": 0.35}
"""Issue 12's aims: each build's wall time as a share of quantstats'."""
PEAK_AIM_MIB = 200


def _print_aims(medians: dict[str, float], qs_median: float, peak: float,
                cold_stages: dict[str, list[float]]) -> None:
    """Each aim against its figure, and the cold build's floor: the process start and imports
    plus the charts stage (matplotlib's import and ten charts), as if gathering, composing and
    rendering took no time at all."""
    for name, aim in AIMS.items():
        ratio = medians[name] / qs_median
        print(f"  aim {name} <= {aim:.2f} of quantstats: {ratio:.2f} "
              f"({'met' if ratio <= aim else 'not met'})")
    print(f"  aim peak <= {PEAK_AIM_MIB} MiB: {peak:.0f} MiB "
          f"({'met' if peak <= PEAK_AIM_MIB else 'not met'})")
    floor = sum(statistics.median(cold_stages[k]) for k in ("rest of the process", "charts")
                if k in cold_stages)
    print(f"  cold floor (start and imports + charts stage alone): {floor:.2f} s, "
          f"{floor / qs_median:.2f} of quantstats")


CHART_IMPORTS = "import pandas, matplotlib.figure, matplotlib.backends.backend_agg"
"""What a process must import before it can draw a chart."""


def _print_cpu_bound(cpu_seconds: float, imports_cpu: float, qs_median: float) -> None:
    """The cold build's CPU time and what it bounds. Spread perfectly over every core at no cost,
    the build still takes CPU / cores of wall time; drawing the charts in a second process adds
    that process's own imports (measured: a fresh interpreter importing pandas and matplotlib)."""
    cores = os.cpu_count() or 1
    bound = cpu_seconds / cores
    split = (cpu_seconds + imports_cpu) / cores
    print(f"  cold CPU time {cpu_seconds:.2f} s: on {cores} cores no schedule ends under "
          f"{bound:.2f} s, {bound / qs_median:.2f} of quantstats; with the charts drawn in a second "
          f"process (its imports {imports_cpu:.2f} s CPU) under {split:.2f} s, "
          f"{split / qs_median:.2f} (the aim is {AIMS['cold']:.2f})")


if __name__ == "__main__":
    sys.exit(main())
