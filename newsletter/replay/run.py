"""Replay: every Sunday in a range, the same collect → compose as a build, then grade every call.

Nothing here decides what a section says or how a call is graded: each week is
``collect`` (the data cut at that week's as-of session, as ``resolve_dates``
defines it) and ``compose`` with empty notes, exactly what ``newsletter build``
runs; each call is graded by :func:`newsletter.calls.grade_call` on the bars
that came after. The replay only loops, collects and counts.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from newsletter.analysis.memo import whole_history
from newsletter.calls import grade_call, standing_call
from newsletter.collect import collect
from newsletter.compose import Composed, compose
from newsletter.config import Config, Sections
from newsletter.data.base import Source
from newsletter.errors import NewsletterError
from newsletter.model import Call, GradedCall, Section, Snapshot
from newsletter.notes import Notes
from newsletter.sections import lenses as lenses_section
from newsletter.sections import regime as regime_section
from newsletter.sessions import sessions_between
from newsletter.validate import validate_snapshot

log = logging.getLogger(__name__)

WARMUP_SESSIONS = 200
"""Sessions of data a week needs before its as-of: the 200-day average is the longest look-back."""
CALL_SECTIONS = ("breakdown", "regime", "lenses")
"""Sections that make calls (the notes make the others, and a replay has no notes)."""
EARLIEST = dt.date(1990, 1, 1)
LATEST = dt.date(2100, 1, 1)


@dataclass(frozen=True)
class Week:
    """One replayed Sunday: what its issue said, as the section values and the calls."""

    issue_date: dt.date
    asof: dt.date
    sections: tuple[Section, ...]
    calls: tuple[Call, ...]
    failures: tuple[str, ...]
    skipped: tuple[str, ...]
    """Keys of sections that said "skipped this week" (their data was missing)."""
    repeated: int = 0
    """Section calls not made because an earlier section of the same issue made the same trade
    (:func:`newsletter.calls.repeated_in_issue`)."""


@dataclass(frozen=True)
class Replay:
    """Every replayed week and every call graded on what came after."""

    source: str
    start: dt.date
    end: dt.date
    weeks: tuple[Week, ...]
    graded: tuple[GradedCall, ...]
    bars: dict[str, pd.DataFrame] = field(repr=False)
    """Each ticker's whole history as the source gave it (what grading and baselines read)."""
    data_end: dt.date = dt.date.min
    no_data: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Enabled sections none of whose tickers the source has, with those tickers."""
    held_back: tuple[Call, ...] = ()
    """Calls a week's sections made while an earlier call on the same trade was still open: not
    made, as in a live build (:func:`hold_back_repeats`)."""


def sundays(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every Sunday with ``start <= day <= end``."""
    first = start + dt.timedelta(days=(6 - start.weekday()) % 7)
    return [first + dt.timedelta(weeks=i) for i in range(max(0, (end - first).days // 7 + 1))]


def asof_for(issue_date: dt.date, config: Config) -> dt.date:
    """The session a Sunday issue is as of: the build's own definition, with a clock after it."""
    from newsletter.build import resolve_dates

    closures = tuple(config.data.extra_closures)
    noon = dt.datetime.combine(issue_date, dt.time(12, 0))
    return resolve_dates(issue_date, None, closures, now=noon)[1]


def replay_week(config: Config, source: Source, issue_date: dt.date,
                asof: dt.date | None = None) -> tuple[Composed, Snapshot]:
    """One week's issue, composed as a build composes it: collect at the as-of, validate, empty notes."""
    asof = asof or asof_for(issue_date, config)
    snapshot, _ = validate_snapshot(collect(source, config, asof), config)
    return compose(config, snapshot, Notes(), issue_date), snapshot


def section_tickers(config: Config) -> dict[str, tuple[str, ...]]:
    """The tickers each section reads, for telling the author which sections a source cannot feed."""
    w = config.watchlists
    pairs = tuple(t for p in config.rotation for t in (p.lead, p.lag))
    return {
        "recap": tuple(w.indices),
        "breakdown": tuple(w.breakdown),
        "rotation": pairs,
        "sentiment": tuple(w.sentiment),
        "macro": tuple([*w.macro, *(t for th in config.themes for t in (*th.lead, *th.lag))]),
        "edge": tuple(dict.fromkeys([*pairs, *w.indices])),
        "regime": regime_section.TICKERS,
        "lenses": lenses_section.TICKERS,
    }


def only_sections(config: Config, keys: Sequence[str]) -> Config:
    """The config with only ``keys`` enabled (``--sections``); an unknown key is a user error."""
    known = [k for k in Sections.model_fields if k not in ("headline", "go_deeper")]
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise NewsletterError(f"unknown section {unknown[0]!r}: expected some of {', '.join(known)}",
                              key="--sections")
    flags = {k: (k in keys) for k in Sections.model_fields}
    flags["headline"] = config.sections.headline
    return config.model_copy(update={"sections": Sections(**flags)})


def _history(source: Source, config: Config) -> dict[str, pd.DataFrame]:
    graded_on = [lenses_section.INDEX] if config.sections.lenses else []  # the lens reads' market
    tickers = list(dict.fromkeys([*config.all_tickers(), *graded_on]))
    fetched = source.bars(tickers, EARLIEST, LATEST)
    return {t: f for t, f in fetched.bars.items() if not f.empty}


def _check_sections(config: Config, bars: dict[str, pd.DataFrame],
                    source: Source) -> dict[str, tuple[str, ...]]:
    enabled = [k for k in section_tickers(config) if getattr(config.sections, k)]
    no_data = {k: v for k, v in section_tickers(config).items()
               if k in enabled and v and not any(t in bars for t in v)}
    callers = [k for k in CALL_SECTIONS if k in enabled]
    if not callers or all(k in no_data for k in callers):
        what = "; ".join(f"{k} needs one of {', '.join(no_data.get(k, section_tickers(config)[k]))}"
                         for k in (callers or CALL_SECTIONS))
        raise NewsletterError(
            f"the {source.name} source has no data for any section that makes calls ({what}); "
            f"sections with no data: {', '.join(no_data) or 'none'}; name tickers it has in the "
            "watchlists (e.g. --config examples/replay-indices.yaml)", key="--source")
    return no_data


def replay_window(bars: dict[str, pd.DataFrame], start: dt.date | None, end: dt.date | None,
                  config: Config, today: dt.date | None = None) -> list[dt.date]:
    """The Sundays to replay: in [start, end], with the warm-up passed and bars up to the as-of."""
    if start and end and start > end:
        raise NewsletterError(f"--from {start} is after --to {end}", key="--from")
    if not bars:
        raise NewsletterError("the source has none of the configured tickers", key="--source")
    first = min(f.index[0].date() for f in bars.values())
    last = max(f.index[-1].date() for f in bars.values())
    closures = tuple(config.data.extra_closures)
    days = sessions_between(first, last, closures)
    warm = days[WARMUP_SESSIONS] if len(days) > WARMUP_SESSIONS else None
    lo = max(d for d in (start, warm) if d is not None) if warm else None
    newest = min(last, today or last)
    hi = end or newest + dt.timedelta(days=7)  # by default, the Sunday after the last bar too
    weeks = [] if lo is None else [s for s in sundays(lo, hi)
                                   if warm <= asof_for(s, config) <= newest]
    if not weeks:
        asked = f"{start or 'the start'} to {end or 'the end'}"
        raise NewsletterError(f"no week to replay from {asked}: the data runs {first} to {last} and "
                              f"needs {WARMUP_SESSIONS} sessions of warm-up"
                              + (f" (first week as of {warm})" if warm else ""), key="--from")
    return weeks


Progress = Callable[[int, int, int], None]
"""Called after each week with (weeks done, weeks in all, calls so far)."""
OnWeek = Callable[[Composed, Snapshot], None]
"""Called with each week's composed issue and its snapshot (``--render`` draws and writes it)."""


def _one_week(config: Config, source: Source, issue_date: dt.date,
              on_week: OnWeek | None = None) -> Week:
    asof = asof_for(issue_date, config)
    composed, snapshot = replay_week(config, source, issue_date, asof)
    if on_week is not None:
        on_week(composed, snapshot)
    skipped = tuple(s.key for s in composed.issue.sections if s.data_missing)
    return Week(issue_date, asof, composed.issue.sections, composed.issue.calls,
                composed.failures, skipped, len(composed.issue.repeats))


_FORKED: dict = {}
"""The config and source a forked worker inherits (set just before the pool forks)."""


def _forked_week(issue_date: dt.date) -> Week:
    return _one_week(_FORKED["config"], _FORKED["source"], issue_date)


def _loop(config: Config, source: Source, weeks_to_run: list[dt.date], weeks: list[Week],
          calls: list[Call], progress: Progress | None, on_week: OnWeek | None, jobs: int = 1) -> None:
    """Each week in order; with ``jobs`` > 1, spread over forked workers (same weeks, same order)."""
    import multiprocessing

    if jobs > 1 and on_week is None and len(weeks_to_run) > jobs \
            and "fork" in multiprocessing.get_all_start_methods():
        _FORKED.update(config=config, source=source)
        pool = multiprocessing.get_context("fork").Pool(jobs)
        results = pool.imap(_forked_week, weeks_to_run, chunksize=4)
    else:
        pool = None
        results = (_one_week(config, source, d, on_week) for d in weeks_to_run)
    if progress is not None:
        progress(0, len(weeks_to_run), 0)
    try:
        for done, week in enumerate(results, 1):
            weeks.append(week)
            calls.extend(week.calls)
            if progress is not None:
                progress(done, len(weeks_to_run), len(calls))
    finally:
        if pool is not None:
            pool.close()
            pool.join()
        _FORKED.clear()


def hold_back_repeats(weeks: Sequence[Week], bars: dict[str, pd.DataFrame]) -> tuple[list[Call], list[Call]]:
    """The live ledger's rule across the replayed weeks, in order: a section's call is held back
    while an earlier kept call on the same ticker and direction is still open at its week's
    as-of (:func:`newsletter.calls.standing_call`, graded on the bars up to that session only).
    Returns (kept, held back). The weeks themselves are composed alone, as a build on truncated
    data is, so each week's own calls stay what a fresh build would make."""
    kept: list[Call] = []
    held: list[Call] = []
    for week in weeks:
        for call in week.calls:
            earlier = [grade_call(p, bars.get(p.ticker), week.asof) for p in kept
                       if p.ticker == call.ticker and p.direction == call.direction
                       and p.horizon > week.asof]  # at or past its horizon a call is decided
            (held if standing_call(call, earlier) is not None else kept).append(call)
    return kept, held


def run_replay(config: Config, source: Source, start: dt.date | None = None,
               end: dt.date | None = None, *, progress: Progress | None = None,
               on_week: OnWeek | None = None, today: dt.date | None = None,
               only: Sequence[dt.date] | None = None, jobs: int = 1) -> Replay:
    """Replay every Sunday from ``start`` to ``end`` (or just those in ``only``), grade every call."""
    bars = _history(source, config)
    weeks_to_run = replay_window(bars, start, end, config, today)
    if only is not None:
        weeks_to_run = [w for w in weeks_to_run if w in set(only)]
        if not weeks_to_run:
            raise NewsletterError("none of the weeks asked for can be replayed", key="--from")
    no_data = _check_sections(config, bars, source)
    weeks: list[Week] = []
    calls: list[Call] = []
    with whole_history(bars):
        _loop(config, source, weeks_to_run, weeks, calls, progress, on_week, jobs)
    data_end = min(max(f.index[-1].date() for f in bars.values()), today or dt.date.max)
    calls, held = hold_back_repeats(weeks, bars)
    graded = tuple(grade_call(c, bars.get(c.ticker), data_end) for c in calls)
    return Replay(source=source.name, start=weeks_to_run[0], end=weeks_to_run[-1],
                  weeks=tuple(weeks), graded=graded, bars=bars, data_end=data_end, no_data=no_data,
                  held_back=tuple(held))


def load_config_file(path) -> Config:
    """A config from any YAML file (``--config``), validated like ``newsletter.yaml``."""
    from pathlib import Path

    from newsletter.yamlfile import load_yaml, validate

    loaded = load_yaml(Path(path))
    if loaded.data is not None and not isinstance(loaded.data, dict):
        raise NewsletterError("expected a mapping of keys to values at the top", file=path, line=1)
    return validate(loaded, Config)
