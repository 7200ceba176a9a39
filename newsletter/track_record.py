"""The public track record: every stored call graded with the newest prices, hit rates by origin."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from newsletter.calls import grade_calls, grade_words, load_calls, outcome, outcome_mark, r_multiple
from newsletter.data.snapshot import load_snapshot
from newsletter.display import signed, year_date
from newsletter.errors import NewsletterError
from newsletter.model import GradedCall
from newsletter.replay.stats import wilson

log = logging.getLogger(__name__)



@dataclass(frozen=True)
class Tally:
    """A group of graded calls counted as the replay counts them (:data:`calls.OUTCOMES`)."""

    origin: str
    hit: int
    failed: int
    """Triggered, then stopped or expired at the horizon without the target."""
    open: int
    not_triggered: int = 0
    """The horizon passed before the trigger, or the stop traded first and killed the setup:
    neither a hit nor a failure."""
    r_total: float = 0.0
    """R earned by the decided calls (:func:`calls.r_multiple`)."""
    expired: int = 0
    """Of :attr:`failed`, those whose horizon passed without the target (the rest were stopped)."""

    @property
    def failed_words(self) -> str:
        """"3 failed", or "3 failed (2 stopped, 1 expired)" when time ran out on any (as the
        replay's summary counts them): an expired call may have made money, and "0% hit, +0.39R"
        with no word of it read as a contradiction."""
        if not self.expired:
            return f"{self.failed} failed"
        return f"{self.failed} failed ({self.failed - self.expired} stopped, {self.expired} expired)"

    @property
    def made(self) -> int:
        return self.hit + self.failed + self.open + self.not_triggered

    @property
    def decided(self) -> int:
        return self.hit + self.failed

    @property
    def hit_rate(self) -> float | None:
        """Hits over triggered, decided calls, in percent; None until one is decided."""
        return 100.0 * self.hit / self.decided if self.decided else None

    @property
    def interval(self) -> tuple[float, float] | None:
        """The hit rate's 90% Wilson interval in percent (the replay's own); None until one is
        decided."""
        if not self.decided:
            return None
        low, high = wilson(self.hit, self.decided)
        return 100.0 * low, 100.0 * high

    @property
    def r_per_call(self) -> float | None:
        """Mean R of the decided calls; None until one is decided."""
        return self.r_total / self.decided if self.decided else None


@dataclass(frozen=True)
class LiveRecord:
    """Every earlier call of the newsletter, graded at this issue's as-of: what the recap says of
    how often the newsletter was right (live; the replay's record is kept apart)."""

    tally: Tally
    since: dt.date
    """The first call's issue date."""

    def summary(self) -> str:
        """"5 calls: 2 hit, 1 failed, 1 never triggered, 1 open. 67% of the 3 decided hit (90%
        interval 25% to 92%), +1.00R a decided call."."""
        t = self.tally
        counts = [(t.hit, f"{t.hit} hit"), (t.failed, t.failed_words),
                  (t.not_triggered, f"{t.not_triggered} never triggered"), (t.open, f"{t.open} open")]
        made = f"{t.made} call{'s' if t.made != 1 else ''}: " + ", ".join(
            words for n, words in counts if n) + "."
        if t.hit_rate is None or t.r_per_call is None or t.interval is None:
            return f"{made} None decided yet: no hit rate."
        low, high = t.interval
        return (f"{made} {t.hit_rate:.0f}% of the {t.decided} decided hit (90% interval "
                f"{low:.0f}% to {high:.0f}%), {signed(t.r_per_call, 2)}R a decided call.")


def live_record(graded: list[GradedCall] | tuple[GradedCall, ...]) -> LiveRecord | None:
    """The :class:`LiveRecord` of ``graded``; None without any call."""
    if not graded:
        return None
    return LiveRecord(tally("all", list(graded)), min(g.call.made_on for g in graded))


@dataclass(frozen=True)
class TrackRecord:
    asof: dt.date | None
    graded: tuple[GradedCall, ...]
    by_origin: tuple[Tally, ...]
    by_direction: tuple[Tally, ...]
    """By kind of call: long or short."""
    overall: Tally


def tally(origin: str, graded: list[GradedCall]) -> Tally:
    """``graded`` counted by outcome under the label ``origin``, with the R of the decided."""
    kinds = [outcome(g) for g in graded]
    rs = [r for r in (r_multiple(g) for g in graded) if r is not None]
    return Tally(origin, kinds.count("hit"), kinds.count("stopped") + kinds.count("expired"),
                 kinds.count("open"), kinds.count("not triggered"), sum(rs), kinds.count("expired"))


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
    for g in record.graded:
        c = g.call
        echo(f"  {outcome_mark(g)} {c.made_on} {c.origin:<10} {c.ticker:<6} {c.direction:<5} "
             f"trigger {c.trigger:,.2f} target {c.target:,.2f} stop {c.stop:,.2f}  "
             f"{grade_words(g, year_date)}")
    echo("Hit rate of triggered, decided calls with its 90% interval (one never triggered is "
         "counted apart), R a decided call; by section, by kind, in all:")
    for t in (*record.by_origin, *record.by_direction, record.overall):
        rate = f"{t.hit_rate:.0f}%" if t.hit_rate is not None else "n/a"
        ci = f" (90% {t.interval[0]:.0f}% to {t.interval[1]:.0f}%)" if t.interval is not None else ""
        r = f", {signed(t.r_per_call, 2)}R a decided call" if t.r_per_call is not None else ""
        echo(f"  {t.origin:<10} {rate:>5}{ci}  ({t.hit} hit, {t.failed_words}, {t.not_triggered} "
             f"never triggered, {t.open} open){r}")
