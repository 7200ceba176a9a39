"""Chart benchmark: per-kind render time, a typical issue's charts cold and warm, bytes, import floor.

Run ``.venv/bin/python benchmarks/bench_charts.py`` (add ``--images docs/images``
to also rewrite the example PNGs committed under docs/images).

This machine's speed moves by half from one day to the next, so every figure is
printed beside the same run's import floor (a process that only imports
matplotlib's Figure and Agg canvas) and quoted as a ratio of it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from newsletter.charts.batch import ChartSpec, render_charts  # noqa: E402
from tests.charts import factories as f  # noqa: E402

EXAMPLES = {
    "chart_candles": "candles",
    "chart_ratio": "ratio",
    "chart_returns": "returns",
    "chart_open_interest": "open_interest",
    "chart_event_study": "event_study",
    "chart_breadth": "breadth",
}


def kind_specs(sample: bool = False, seed: int = 13) -> dict[str, ChartSpec]:
    """One spec per chart kind, from synthetic data."""
    bars = f.breakdown_bars(seed)
    last = float(bars["Close"].iloc[-1])
    lead, base = f.pair(seed=seed % 7 + 3)
    return {
        "candles": ChartSpec("candles", "candles", {
            "bars": bars, "ticker": "TSLA", "levels": f.breakdown_levels(bars), "sample": sample}),
        "ratio": ChartSpec("ratio", "ratio", {
            "numerator": lead, "denominator": base, "names": ("IWM", "SPY"), "sample": sample}),
        "returns": ChartSpec("returns", "returns", {
            "returns": f.weekly_returns(seed), "asof": f.ASOF,
            "indices": ("SPY", "QQQ", "IWM", "DIA"), "sample": sample}),
        "open_interest": ChartSpec("open_interest", "open_interest", {
            "chain": f.chain(last, seed=seed), "price": last, "ticker": "TSLA", "asof": f.ASOF,
            "sample": sample}),
        "event_study": ChartSpec("event_study", "event_study", {
            "rows": f.edge_rows(), "asof": f.ASOF,
            "title": "SPY after small caps beat it 10+ days",
            "event_label": "After a 10+ day IWM streak", "sample": sample}),
        "breadth": ChartSpec("breadth", "breadth", {
            "pct_above_200d": f.breadth_lines(seed)[0], "ad_line": f.breadth_lines(seed)[1],
            "universe": "the Dow 30", "members": 30, "sample": sample}),
    }


def typical_specs(copies: int = 1) -> list[ChartSpec]:
    """A typical issue's 8 charts: 3 candles, 2 open interest, ratio, returns, event study."""
    specs = []
    for copy in range(copies):
        seeds = (13 + 10 * copy, 21 + 10 * copy, 31 + 10 * copy)
        for i, seed in enumerate(seeds):
            one = kind_specs(seed=seed)
            specs.append(_renamed(one["candles"], f"candles_{copy}_{i}"))
            if i < 2:
                specs.append(_renamed(one["open_interest"], f"oi_{copy}_{i}"))
        one = kind_specs(seed=11 + copy)
        specs += [_renamed(one[k], f"{k}_{copy}") for k in ("ratio", "returns", "event_study")]
    return specs


def _renamed(spec: ChartSpec, name: str) -> ChartSpec:
    return ChartSpec(name, spec.kind, spec.kwargs)


def per_kind(repeats: int = 5) -> dict[str, float]:
    """Median seconds to draw and encode each kind (in this process, matplotlib imported)."""
    from newsletter.charts.batch import draw

    times = {}
    with tempfile.TemporaryDirectory() as tmp:
        for kind, spec in kind_specs().items():
            draw(spec.kind, spec.kwargs, Path(tmp) / "warmup.png", None)
            samples = []
            for _ in range(repeats):
                start = time.perf_counter()
                draw(spec.kind, spec.kwargs, Path(tmp) / f"{kind}.png", None)
                samples.append(time.perf_counter() - start)
            times[kind] = statistics.median(samples)
    return times


def candle_peer(bars: int = 500, repeats: int = 5) -> tuple[float, float]:
    """Median seconds for a bare 500-bar candle figure: our two collections vs a patch per bar."""
    import io

    import numpy as np
    from matplotlib.collections import LineCollection, PolyCollection
    from matplotlib.patches import Rectangle

    from newsletter.charts.canvas import new_figure

    frame = f.bars(sessions=bars)
    o, h, lo, c = (frame[k].to_numpy() for k in ("Open", "High", "Low", "Close"))
    x = np.arange(bars, dtype=float)
    colours = np.where(c >= o, "#16A34A", "#DC2626")

    def collections(ax):
        ax.add_collection(LineCollection(np.stack([np.column_stack([x, lo]),
                                                   np.column_stack([x, h])], axis=1),
                                         colors=colours, linewidths=0.8))
        verts = np.stack([np.column_stack([x - .35, o]), np.column_stack([x + .35, o]),
                          np.column_stack([x + .35, c]), np.column_stack([x - .35, c])], axis=1)
        ax.add_collection(PolyCollection(verts, facecolors=colours))

    def patches(ax):
        for i in range(bars):
            ax.plot([x[i], x[i]], [lo[i], h[i]], color=colours[i], linewidth=0.8)
            ax.add_patch(Rectangle((x[i] - .35, min(o[i], c[i])), .7, abs(c[i] - o[i]),
                                   color=colours[i]))

    results = []
    for way in (collections, patches):
        samples = []
        for _ in range(repeats):
            start = time.perf_counter()
            fig = new_figure(600, 400)
            ax = fig.add_subplot()
            way(ax)
            ax.set_xlim(-1, bars)
            ax.set_ylim(lo.min(), h.max())
            fig.savefig(io.BytesIO(), format="png")
            samples.append(time.perf_counter() - start)
        results.append(statistics.median(samples))
    return results[0], results[1]


def child(mode: str, cache: str, out: str, copies: int) -> None:
    """Run in a fresh process: render the typical charts, print JSON timings."""
    workers = {"serial": 1, "pool": 2, "warm": 1}[mode]
    specs = typical_specs(copies)
    start = time.perf_counter()
    result = render_charts(specs, Path(out), Path(cache), workers=workers)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "drawn": len(result.drawn),
                      "reused": len(result.reused), "failed": dict(result.failed),
                      "matplotlib": "matplotlib" in sys.modules}))


def run_child(mode: str, root: Path, copies: int = 1, repeats: int = 3,
              warm_from: Path | None = None) -> dict:
    """Median of ``repeats`` fresh processes rendering the typical charts (a new cache each
    time when cold; ``warm_from``'s filled cache when warm)."""
    runs = []
    for i in range(repeats):
        cache = warm_from if warm_from is not None else root / f"cache-{mode}-{copies}-{i}"
        out = root / f"out-{mode}-{copies}-{i}"
        start = time.perf_counter()
        done = subprocess.run([sys.executable, __file__, "--child", mode, str(cache), str(out),
                               str(copies)], check=True, capture_output=True, text=True)
        report = json.loads(done.stdout.strip().splitlines()[-1])
        report["process"] = time.perf_counter() - start
        report["out"] = out
        report["cache"] = cache
        runs.append(report)
    runs.sort(key=lambda r: r["process"])
    return runs[len(runs) // 2]


def import_floor(code: str, repeats: int = 3) -> float:
    """Median wall seconds of a fresh process that runs ``code`` (imports only)."""
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


MATPLOTLIB_FLOOR = ("from matplotlib.figure import Figure\n"
                    "from matplotlib.backends.backend_agg import FigureCanvasAgg")
CACHE_FLOOR = "import tests.charts.factories"
"""What a warm render must import anyway: pandas, numpy and the cache (no matplotlib)."""


def write_examples(folder: Path) -> dict[str, int]:
    """Draw one example PNG per kind (SAMPLE-stamped) into ``folder``; return their sizes."""
    from newsletter.charts.batch import draw

    folder.mkdir(parents=True, exist_ok=True)
    specs = kind_specs(sample=True)
    sizes = {}
    for stem, kind in EXAMPLES.items():
        path = folder / f"{stem}.png"
        draw(kind, specs[kind].kwargs, path, None)
        sizes[path.name] = path.stat().st_size
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=Path, help="also write the example PNGs here")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, cache, out, copies = args.child
        child(mode, cache, out, int(copies))
        return
    floor = import_floor(MATPLOTLIB_FLOOR)
    data_floor = import_floor(CACHE_FLOOR)
    print(f"import floor (process importing matplotlib Figure + Agg): {floor * 1000:.0f} ms")
    print(f"data floor (process importing pandas + the chart cache, no matplotlib): "
          f"{data_floor * 1000:.0f} ms\n")
    print("per kind, median of 5, draw + encode PNG, in process:")
    for kind, seconds in per_kind().items():
        print(f"  {kind:<14} {seconds * 1000:6.0f} ms   ({seconds / floor:.2f} x floor)")
    ours, peer = candle_peer()
    print(f"\n500-bar candles, bare figure to PNG: collections {ours * 1000:.0f} ms, "
          f"a patch per bar {peer * 1000:.0f} ms ({peer / ours:.1f} x)")
    print("\ntypical issue, each run a fresh process (median of 3):")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        cold = run_child("serial", root)
        rows = [("8 charts cold, serial", cold),
                ("8 charts cold, pool of 2", run_child("pool", root)),
                ("8 charts warm cache", run_child("warm", root, warm_from=cold["cache"])),
                ("16 charts cold, serial", run_child("serial", root, 2)),
                ("16 charts cold, pool of 2", run_child("pool", root, 2))]
        for label, r in rows:
            print(f"  {label:<26} render_charts {r['seconds'] * 1000:5.0f} ms; process "
                  f"{r['process'] * 1000:5.0f} ms = {r['process'] / floor:.2f} x import floor, "
                  f"{r['process'] / data_floor:.2f} x data floor; drawn {r['drawn']}, "
                  f"reused {r['reused']}, matplotlib imported: "
                  f"{'yes' if r['matplotlib'] else 'no'}")
            if r["failed"]:
                print(f"    failed: {r['failed']}")
        sizes = sorted((p.stat().st_size, p.name) for p in cold["out"].glob("*.png"))
    total = sum(s for s, _ in sizes)
    print(f"\nimage bytes, typical issue: total {total / 1000:.1f} KB for {len(sizes)} charts "
          f"(budget 600 KB); largest {sizes[-1][0] / 1000:.1f} KB {sizes[-1][1]} (budget 80 KB)")
    if args.images:
        print(f"\nexamples written to {args.images}:")
        for name, size in write_examples(args.images).items():
            print(f"  {name:<26} {size / 1000:5.1f} KB")


if __name__ == "__main__":
    main()
