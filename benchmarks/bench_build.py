"""Full issue build on the sample market: cold (empty chart cache) and warm, median of 5.

Prints, per run kind, the whole-process time of `newsletter build`, the time
inside the process (gather → compose → charts → render → write) with the
charts' share, and the import floor of the same moment (a process that only
imports the stack), because this machine's speed moves by half from day to day.

    .venv/bin/python -m benchmarks.bench_build
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 5
DATE = "2026-11-22"
BUILD = f"""
import json, sys, time, datetime as dt
from pathlib import Path
t0 = time.perf_counter()
from newsletter import process_memory
process_memory.configure()  # as the command's process entry does, before pandas loads
from newsletter.workspace import Workspace
from newsletter.build import build_issue
t1 = time.perf_counter()
ws = Workspace.open(Path(sys.argv[1]))
result = build_issue(ws, source="sample", issue_date=dt.date.fromisoformat("{DATE}"))
t2 = time.perf_counter()
images = sum(p.stat().st_size for p in (result.folder / "charts").glob("*.png"))
print(json.dumps({{"imports": t1 - t0, "build": t2 - t1, "timings": result.timings,
                  "image_bytes": images, "charts": len(result.issue.charts),
                  "email_bytes": result.files["email.html"].stat().st_size}}))
"""


def _process(code: str, *args: str) -> tuple[float, str]:
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True,
                         text=True).stdout
    return time.perf_counter() - started, out


def import_floor() -> float:
    return _process("import pandas, numpy, talib, jinja2, pydantic, newsletter.build")[0]


def run(kind: str) -> dict[str, float]:
    wall, builds, charts, floors = [], [], [], []
    info: dict = {}
    workspace = Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        if kind == "warm":
            _process(BUILD, str(workspace))
        for _ in range(RUNS):
            if kind == "cold":
                shutil.rmtree(workspace / ".cache", ignore_errors=True)
                shutil.rmtree(workspace / "issues", ignore_errors=True)
            floors.append(import_floor())
            seconds, out = _process(BUILD, str(workspace))
            info = json.loads(out)
            wall.append(seconds)
            builds.append(info["build"])
            charts.append(info["timings"]["charts"])
    finally:
        shutil.rmtree(workspace, ignore_errors=True)
    med = statistics.median
    return {"wall": med(wall), "build": med(builds), "charts": med(charts), "floor": med(floors),
            "image_bytes": info["image_bytes"], "n_charts": info["charts"],
            "email_bytes": info["email_bytes"], "timings": info["timings"]}


def main() -> None:
    print(f"Full issue build, sample market, issue {DATE}, median of {RUNS} (seconds)")
    print(f"{'run':<6}{'process':>9}{'in-process':>12}{'charts':>8}{'share':>7}{'floor':>7}"
          f"{'process/floor':>15}")
    for kind in ("cold", "warm"):
        r = run(kind)
        print(f"{kind:<6}{r['wall']:>9.3f}{r['build']:>12.3f}{r['charts']:>8.3f}"
              f"{r['charts'] / r['build']:>7.0%}{r['floor']:>7.3f}{r['wall'] / r['floor']:>15.2f}")
        stages = ", ".join(f"{k} {v:.3f}" for k, v in r["timings"].items())
        print(f"       last run's stages: {stages}")
    print(f"images: {r['n_charts']} charts, {r['image_bytes'] / 1024:.0f} KB in all (budget 600 KB); "
          f"email.html {r['email_bytes'] / 1024:.1f} KB (limit 60 KB)")
    print("target: a warm build in 1.5 s or less (in-process; the process adds the import floor)")


if __name__ == "__main__":
    main()
