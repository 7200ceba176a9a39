"""The public track record: every stored call graded with the newest prices, hit rates by origin."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from newsletter.calls import grade_calls, load_calls
from newsletter.data.snapshot import load_snapshot
from newsletter.errors import NewsletterError
from newsletter.model import GradedCall

log = logging.getLogger(__name__)


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


def tally(origin: str, graded: list[GradedCall]) -> Tally:
    """Hit, failed and open counts of ``graded`` under the label ``origin``."""
    return Tally(origin, sum(g.grade == "hit" for g in graded), sum(g.grade == "failed" for g in graded),
                 sum(g.grade == "open" for g in graded))


def _issue_dates(output_dir: Path) -> list[dt.date]:
    dates = []
    for folder in output_dir.glob("*/calls.json"):
        try:
            dates.append(dt.date.fromisoformat(folder.parent.name))
        except ValueError:
            continue
    return sorted(dates)


def track_record(output_dir: Path, dates: Iterable[dt.date] | None = None) -> TrackRecord:
    """Grade the calls of the issues dated ``dates`` (default: every issue) with the newest snapshot.

    The public archive passes only its published issues; ``newsletter calls`` passes none.
    """
    chosen = sorted(set(dates)) if dates is not None else _issue_dates(output_dir)
    calls = [c for d in chosen for c in load_calls(output_dir / d.isoformat())]
    snapshots = [output_dir / d.isoformat() for d in chosen
                 if (output_dir / d.isoformat() / "snapshot" / "meta.json").is_file()]
    graded: list[GradedCall] = []
    asof = None
    if calls and snapshots:
        try:
            snapshot = load_snapshot(snapshots[-1])
        except NewsletterError as exc:
            log.warning("track record left ungraded: %s", exc.one_line())
            graded = [GradedCall(c, "open", reason="no prices to grade it with") for c in calls]
        else:  # a snapshot holds the bars as collected: grade on the validated ones
            from newsletter.validate import validate_bars

            graded = grade_calls(calls, validate_bars(snapshot.bars).bars, snapshot.asof)
            asof = snapshot.asof
    elif calls:
        graded = [GradedCall(c, "open", reason="no prices to grade it with") for c in calls]
    origins = sorted({g.call.origin for g in graded})
    directions = sorted({g.call.direction for g in graded})
    return TrackRecord(
        asof, tuple(graded),
        tuple(tally(o, [g for g in graded if g.call.origin == o]) for o in origins),
        tuple(tally(d, [g for g in graded if g.call.direction == d]) for d in directions),
        tally("all", graded))


def print_track_record(ws, echo: Callable[[str], None]) -> None:
    record = track_record(ws.output_dir)
    if not record.graded:
        echo(f"No calls stored yet under {ws.output_dir}.")
        return
    echo(f"Track record, graded with prices to {record.asof}:" if record.asof else
         "Track record, not graded yet (no saved prices):")
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
