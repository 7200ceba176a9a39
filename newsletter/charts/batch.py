"""Render an issue's charts: reuse every chart whose inputs have not changed, draw the rest.

A hit costs a hash of the inputs and a hard link; it imports no matplotlib
(the chart modules are imported by name only when something must be drawn).
A miss is drawn in this process (or, when asked, in a process pool: see
:func:`pool_size` for why that is not the default). One chart failing does not stop
the others: it is logged and reported in :attr:`Rendered.failed`.
"""

from __future__ import annotations

import dataclasses
import gc
import importlib
import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsletter.charts.cache import ChartCache, chart_key
from newsletter.charts.files import place
from newsletter.charts.style import style_path
from newsletter.model import Chart

log = logging.getLogger(__name__)

KINDS: dict[str, str] = {
    "candles": "newsletter.charts.candles:candle_chart",
    "ratio": "newsletter.charts.ratio:ratio_chart",
    "returns": "newsletter.charts.returns:returns_chart",
    "open_interest": "newsletter.charts.open_interest:open_interest_chart",
    "event_study": "newsletter.charts.event_study:event_study_chart",
    "gamma": "newsletter.charts.gamma:gamma_chart",
    "iv_term": "newsletter.charts.iv_term:iv_term_chart",
    "breadth": "newsletter.charts.breadth:breadth_chart",
}
"""Chart kind to ``module:function``; each function takes ``(out, *, workspace, **kwargs)``."""

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


@dataclass(frozen=True)
class ChartSpec:
    """One chart to render: its file stem, its kind (a key of :data:`KINDS`) and its inputs."""

    name: str
    kind: str
    kwargs: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Rendered:
    """What :func:`render_charts` did: the charts in spec order and which were drawn or reused."""

    charts: tuple[Chart, ...]
    failed: Mapping[str, str] = field(default_factory=dict)
    """Name to ``Type: message`` for each chart that could not be drawn."""
    drawn: tuple[str, ...] = ()
    reused: tuple[str, ...] = ()


def chart_function(kind: str) -> Callable[..., Chart]:
    """The drawing function of ``kind`` (imports its module, and so matplotlib)."""
    module, _, name = KINDS[kind].partition(":")
    return getattr(importlib.import_module(module), name)


def draw(kind: str, kwargs: Mapping[str, Any], out: Path, workspace: Path | None) -> Chart:
    """Draw one chart to ``out``. Module-level so that a worker process can run it."""
    return chart_function(kind)(Path(out), workspace=workspace, **kwargs)


def pool_size(misses: int, workers: int) -> int:
    """How many processes draw ``misses`` charts: ``workers`` capped by the misses; 1 = this process.

    Serial is the default because of what ``benchmarks/bench_charts.py`` measured
    on the 2-CPU build machine over four runs: an issue's 8 charts cold took
    1.2-2.3 s serially against 1.4-3.3 s in a pool of 2 (serial won every run);
    16 charts took 2.3-3.8 s against 2.7-4.4 s (the pool won one run in four,
    by 3%). Workers come from a fork server that imports the chart modules once
    (the same ~0.9 s this process would pay), but each then pays its own
    first-chart warm-up (fonts, text layout caches), the frames are pickled
    across, and two processes share the memory bandwidth that Agg and zlib
    lean on. A pool is for many charts on a machine with cores to spare
    (rebuilding an archive's charts): pass ``workers`` > 1.

    Nor is a chart worker forked at the start of a build, to import matplotlib and draw
    while this process gathers, composes and writes the snapshot: measured 2026-12-06 with
    ``benchmarks/bench_vs_quantstats.py --checkout`` (a prototype, paired with this code,
    3 runs each), the sample issue cold took 3.13 s against 3.36 s (0.55 against 0.58 of
    quantstats): the charts stage fell from 1.59 to 0.92 s, but gathering, composing and the
    snapshot slowed by about as much, sharing the two cores with the worker's imports; the
    warm build, which draws nothing, slowed from 1.42 to 1.58 s (the worker still starts);
    and the peak of all processes together rose from 173 to 244 MiB, over the 200 MiB aim.
    """
    return max(1, min(workers, misses))


def render_charts(specs: Iterable[ChartSpec], out_dir: Path, cache_dir: Path | None,
                  *, workspace: Path | None = None, workers: int = 1) -> Rendered:
    """Write ``<out_dir>/<name>.png`` for every spec, from the cache when its inputs are unchanged.

    ``cache_dir`` None draws everything. ``workspace`` selects the style sheet
    (``<workspace>/charts/newsletter.mplstyle`` before the packaged one).
    ``workers`` > 1 draws the misses in a process pool (see :func:`pool_size`: serial is
    faster for an issue's worth of charts).
    """
    specs = _checked(specs)
    out_dir = Path(out_dir)
    cache = ChartCache(Path(cache_dir)) if cache_dir is not None else None
    style = style_path(workspace).read_bytes()
    charts: dict[str, Chart] = {}
    failed: dict[str, str] = {}
    jobs: list[tuple[ChartSpec, str | None, Path]] = []
    reused: list[str] = []
    for spec in specs:
        try:
            key = chart_key(spec.kind, dict(spec.kwargs), style) if cache else None
        except TypeError as exc:
            log.error("chart %s: %s", spec.name, exc)
            failed[spec.name] = f"TypeError: {exc}"
            (out_dir / f"{spec.name}.png").unlink(missing_ok=True)
            continue
        hit = cache.get(key, spec.name) if cache and key else None
        if hit is not None:
            place(hit[0], out_dir / f"{spec.name}.png")
            charts[spec.name] = hit[1]
            reused.append(spec.name)
        else:
            jobs.append((spec, key, cache.scratch() if cache else out_dir / f"{spec.name}.png"))
    drawn = _draw_all(jobs, pool_size(len(jobs), workers), workspace, cache, out_dir, charts,
                      failed)
    log.info("charts: %d drawn, %d reused from the cache, %d failed",
             len(drawn), len(reused), len(failed))
    return Rendered(charts=tuple(charts[s.name] for s in specs if s.name in charts),
                    failed=failed, drawn=tuple(drawn), reused=tuple(reused))


def _checked(specs: Iterable[ChartSpec]) -> tuple[ChartSpec, ...]:
    specs = tuple(specs)
    seen: set[str] = set()
    for spec in specs:
        if spec.kind not in KINDS:
            raise ValueError(f"chart {spec.name!r}: unknown kind {spec.kind!r} "
                             f"(one of {', '.join(KINDS)})")
        if not _NAME.match(spec.name):
            raise ValueError(f"chart name {spec.name!r} is not a plain file stem")
        if spec.name in seen:
            raise ValueError(f"two charts are named {spec.name!r}")
        seen.add(spec.name)
    return specs


def _draw_all(jobs: Sequence[tuple[ChartSpec, str | None, Path]], size: int,
              workspace: Path | None, cache: ChartCache | None, out_dir: Path,
              charts: dict[str, Chart], failed: dict[str, str]) -> list[str]:
    drawn: list[str] = []
    for (spec, key, dest), outcome in zip(jobs, _outcomes(jobs, size, workspace), strict=True):
        if isinstance(outcome, BaseException):
            log.error("chart %s (%s) failed: %s", spec.name, spec.kind, outcome,
                      exc_info=outcome)
            failed[spec.name] = f"{type(outcome).__name__}: {outcome}"
            dest.unlink(missing_ok=True)
            (out_dir / f"{spec.name}.png").unlink(missing_ok=True)  # never leave last week's
            continue
        chart = dataclasses.replace(outcome, name=spec.name)
        if cache and key:
            place(cache.put(key, dest, chart), out_dir / f"{spec.name}.png")
        charts[spec.name] = chart
        drawn.append(spec.name)
    return drawn


def _written(outcome: Chart | BaseException,
             write_error: BaseException | None) -> Chart | BaseException:
    """A drawn chart whose PNG could not be encoded or written is a failed chart."""
    return write_error if isinstance(outcome, Chart) and write_error is not None else outcome


def _outcomes(jobs: Sequence[tuple[ChartSpec, str | None, Path]], size: int,
              workspace: Path | None) -> list[Chart | BaseException]:
    """Each job's Chart, or the exception it raised, in job order.

    A drawn figure lives in reference cycles, so only the garbage collector frees it; a
    young-generation pass after each chart (about 1 ms) frees it before the next is drawn.
    Without it an issue's figures piled up until a full collection: 13 MiB more at a cold
    build's peak (224 against 211 MiB, measured in the process on the sample issue).
    """
    if not jobs:
        return []
    if size <= 1:
        from newsletter.charts.png import overlapped_writes  # imports matplotlib: only to draw

        outcomes: list[Chart | BaseException] = []
        with overlapped_writes() as writes:  # chart n's PNG is encoded while n + 1 is drawn
            for spec, _, dest in jobs:
                try:
                    outcomes.append(draw(spec.kind, spec.kwargs, dest, workspace))
                except Exception as exc:  # one bad chart must not sink the issue
                    outcomes.append(exc)
                gc.collect(1)  # see above
        # every write has settled: a chart whose PNG could not be written failed
        return [_written(outcome, writes.error(dest))
                for (_, _, dest), outcome in zip(jobs, outcomes, strict=True)]
    import multiprocessing  # only for a pool: a serial build need not load it
    from concurrent.futures import ProcessPoolExecutor

    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(sorted({KINDS[s.kind].partition(":")[0]
                                               for s, _, _ in jobs}))
    else:  # Windows: every worker imports matplotlib itself
        context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=size, mp_context=context) as pool:
        futures = [pool.submit(draw, spec.kind, dict(spec.kwargs), dest, workspace)
                   for spec, _, dest in jobs]
        return [f.exception() or f.result() for f in futures]
