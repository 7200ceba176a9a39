"""Analysis benchmark: one universe scan (200-day rejections, breakouts, breadth, RSI).

Run from the repository root, either way:

    .venv/bin/python benchmarks/bench_analysis.py
    .venv/bin/python -m benchmarks.bench_analysis

It scans 500, 1,000 and 3,000 synthetic tickers x 500 sessions with
:func:`newsletter.analysis.scan_universe` on wide frames (sessions x tickers)
and prints each time beside the same run's import floor (a process that only
imports pandas, numpy and talib), since this machine's speed moves by half
from one day to the next. It also measures the alternatives: the one-ticker
functions in a loop, and the cost of building the wide frames from per-ticker
bars. Exit status 1 when 3,000 tickers take over the 2 s budget.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from newsletter.analysis import breakouts, rejected_at_200d, rsi, scan_universe, wide  # noqa: E402

BUDGET_S = 2.0
SIZES = (500, 1000, 3000)


def synthetic_universe(tickers: int, sessions: int = 500, seed: int = 0
                       ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Wide Close, High, Volume frames: random walks with a few halted, late-listed and holed tickers."""
    rng = np.random.default_rng(seed)
    idx = pd.bdate_range("2021-01-04", periods=sessions, name="Date")
    cols = [f"S{i:04d}" for i in range(tickers)]
    drift = rng.normal(0.0003, 0.0005, tickers)
    vol = rng.uniform(0.01, 0.035, tickers)
    close = 50.0 * np.exp(np.cumsum(rng.normal(drift, vol, (sessions, tickers)), axis=0))
    high = close * (1.0 + np.abs(rng.normal(0.0, vol / 2, (sessions, tickers))))
    volume = rng.lognormal(13.0, 0.5, (sessions, tickers))
    spike = rng.random((sessions, tickers)) < 0.02
    volume[spike] *= 3.0
    halted = rng.choice(tickers, tickers // 100, replace=False)
    close[-30:, halted] = close[-31, halted]
    high[-30:, halted] = close[-31, halted]
    volume[-30:, halted] = 0.0
    late = rng.choice(tickers, tickers // 50, replace=False)
    for j in late:
        start = int(rng.integers(50, 400))
        close[:start, j] = high[:start, j] = volume[:start, j] = np.nan
    holed = rng.choice(tickers, tickers // 100, replace=False)
    for j in holed:
        rows = rng.choice(sessions, 3, replace=False)
        close[rows, j] = high[rows, j] = volume[rows, j] = np.nan
    frame = lambda a: pd.DataFrame(a, index=idx, columns=cols)  # noqa: E731
    return frame(close), frame(high), frame(volume)


def best_of(fn: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    """Best and median wall time, and best CPU time, of ``repeat`` runs (after a warm-up run).

    CPU time is quoted too because other work on this machine stretches wall time.
    """
    fn()
    wall, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return min(wall), statistics.median(wall), min(cpu)


def import_floor(repeat: int = 5) -> float:
    """Best wall time of a fresh process that only imports pandas, numpy and talib."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import pandas, numpy, talib"], check=True)
        times.append(time.perf_counter() - t0)
    return min(times)


def per_ticker_loop(close: pd.DataFrame, high: pd.DataFrame, volume: pd.DataFrame) -> None:
    """The same scan with the one-ticker functions, ticker by ticker (the slow way)."""
    for t in close.columns:
        bars = pd.DataFrame({"High": high[t], "Low": high[t], "Close": close[t],
                             "Volume": volume[t]}).dropna()
        if len(bars) >= 201:
            rejected_at_200d(bars, within=5)
        if len(bars) >= 51:
            breakouts(bars, within=5)
        if len(bars) >= 15:
            rsi(bars["Close"]).iloc[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per size (best is quoted)")
    parser.add_argument("--sessions", type=int, default=500)
    args = parser.parse_args(argv)

    floor = import_floor()
    close, high, volume = synthetic_universe(max(SIZES), args.sessions)
    print(f"analysis scan benchmark: {args.sessions} sessions; 200-day rejections, "
          f"50-day breakouts on 1.5x volume, breadth, RSI-14")
    print(f"import floor (python -c 'import pandas, numpy, talib'): {floor:.3f} s\n")
    print(f"{'tickers':>8} {'best s':>8} {'median s':>9} {'cpu s':>7} {'ms/1k tk':>9} {'x 500':>6} "
          f"{'x floor':>8} {'rejections':>11} {'breakouts':>10} {'% > 200d':>9}")
    results, cpus = {}, {}
    for n in SIZES:
        c, h, v = close.iloc[:, :n], high.iloc[:, :n], volume.iloc[:, :n]
        best, median, cpu = best_of(lambda c=c, h=h, v=v: scan_universe(c, h, v), args.repeat)
        scan = scan_universe(c, h, v)
        results[n], cpus[n] = best, cpu
        print(f"{n:>8,} {best:>8.3f} {median:>9.3f} {cpu:>7.3f} {best * 1e6 / n:>9.1f} "
              f"{best / results[SIZES[0]]:>6.2f} {best / floor:>8.2f} {len(scan.rejections):>11} "
              f"{len(scan.breakouts):>10} {scan.breadth.pct_above_200d:>9.1f}")

    sample = 200
    loop_best, _, _ = best_of(lambda: per_ticker_loop(close.iloc[:, :sample], high.iloc[:, :sample],
                                                   volume.iloc[:, :sample]), 1)
    loop_3000 = loop_best / sample * max(SIZES)
    bars = {t: pd.DataFrame({"Close": close[t], "High": high[t], "Volume": volume[t]})
            for t in close.columns}
    pivot_best, _, _ = best_of(lambda: (wide(bars, "Close"), wide(bars, "High"), wide(bars, "Volume")), 1)

    big, small = results[max(SIZES)], results[SIZES[0]]
    print(f"\ngrowth 500 -> 3,000 tickers (x6): wall x{big / small:.2f}, "
          f"cpu x{cpus[max(SIZES)] / cpus[SIZES[0]]:.2f}")
    print(f"one-ticker functions in a loop: {loop_best:.3f} s for {sample} tickers, "
          f"~{loop_3000:.1f} s for 3,000 (x{loop_3000 / big:.0f} the wide scan)")
    print(f"building the wide frames from 3,000 per-ticker frames: {pivot_best:.3f} s "
          f"(not in the scan figures)")
    ok = big <= BUDGET_S
    print(f"\n3,000 tickers: {big:.3f} s against a {BUDGET_S:.1f} s budget: {'PASS' if ok else 'FAIL'} "
          f"({big / floor:.2f} x this run's import floor)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
