"""The public track record: every stored call graded with the newest prices, hit rates by origin."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from newsletter.calls import earlier_calls, grade_calls
from newsletter.data.snapshot import load_snapshot
from newsletter.model import GradedCall


@dataclass(frozen=True)
class Tally:
    origin: str
    hit: int
    failed: int
    open: int

    @property
    def decided(self) -> int:
        return self.hit + self.failed

    @property
    def hit_rate(self) -> float | None:
        """Hits over decided calls, in percent; None until one is decided."""
        return 100.0 * self.hit / self.decided if self.decided else None


@dataclass(frozen=True)
class TrackRecord:
    asof: dt.date | None
    graded: tuple[GradedCall, ...]
    by_origin: tuple[Tally, ...]
    by_direction: tuple[Tally, ...]
    """By kind of call: long or short."""
    overall: Tally


def _tally(origin: str, graded: list[GradedCall]) -> Tally:
    return Tally(origin, sum(g.grade == "hit" for g in graded), sum(g.grade == "failed" for g in graded),
                 sum(g.grade == "open" for g in graded))


def track_record(output_dir: Path) -> TrackRecord:
    """Grade every call in ``output_dir`` with the newest issue's snapshot."""
    folders = sorted((p for p in output_dir.glob("*/snapshot/meta.json")), key=lambda p: p.parent.parent.name)
    calls = earlier_calls(output_dir, dt.date.max)
    if not folders:
        graded: list[GradedCall] = []
        asof = None
    else:
        snapshot = load_snapshot(folders[-1].parent)
        graded = grade_calls(calls, snapshot.bars, snapshot.asof)
        asof = snapshot.asof
    origins = sorted({g.call.origin for g in graded})
    directions = sorted({g.call.direction for g in graded})
    return TrackRecord(
        asof, tuple(graded),
        tuple(_tally(o, [g for g in graded if g.call.origin == o]) for o in origins),
        tuple(_tally(d, [g for g in graded if g.call.direction == d]) for d in directions),
        _tally("all", graded))


def print_track_record(ws, echo: Callable[[str], None]) -> None:
    record = track_record(ws.output_dir)
    if not record.graded:
        echo(f"No calls stored yet under {ws.output_dir}.")
        return
    echo(f"Track record, graded with prices to {record.asof}:")
    marks = {"hit": "✅", "failed": "❌", "open": "🟡"}
    for g in record.graded:
        c = g.call
        evidence = f"{g.date} at {g.price:,.2f}" if g.date and g.price is not None else ""
        echo(f"  {marks[g.grade]} {c.made_on} {c.origin:<10} {c.ticker:<6} {c.direction:<5} "
             f"trigger {c.trigger:,.2f} target {c.target:,.2f} stop {c.stop:,.2f}  {g.reason} {evidence}".rstrip())
    echo("Hit rate of decided calls, by section, by kind, in all:")
    for t in (*record.by_origin, *record.by_direction, record.overall):
        rate = f"{t.hit_rate:.0f}%" if t.hit_rate is not None else "n/a"
        echo(f"  {t.origin:<10} {rate:>5}  ({t.hit} hit, {t.failed} failed, {t.open} open)")
