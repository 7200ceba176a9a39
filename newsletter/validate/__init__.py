"""The data validation stage: every bar passes here between collect (or a snapshot load) and analyse.

Each fault found is a :class:`Finding` (ticker, kind, dates, one line) and is either
corrected with a note or left out of the figures with a note; nothing is silently
dropped or kept. The kinds, in the order they are looked for:

- ``duplicate``: a date delivered twice. Identical bars: one is kept (corrected).
  Bars that disagree: every bar of that date is left out, since nothing says which is right.
- ``non_finite``: a price that is NaN, inf, empty or text that did not parse: bar left out.
- ``non_positive``: a price at or below zero (except ``signed`` tickers): bar left out.
- ``magnitude``: a price above ``max_price`` or below ``min_price``: bar left out.
- ``ohlc``: Open or Close outside Low..High, or High below Low: bar left out.
- ``gap``: NYSE sessions with no bar. A run longer than ``max_gap_sessions`` cuts the
  history there (what came before is left out); more missing than ``max_missing_pct`` of
  what is left leaves the ticker out; fewer is noted.
- ``jump``/``split``: a daily move beyond ``jump_sigma`` standard deviations of the
  ticker's own moves (log returns over the ``jump_window`` sessions before), or beyond
  ``split_sigma`` by a split ratio (2, 3, 10, 1/2, …; never for an index, future or
  currency). A bar that jumps and comes straight back is left out. A split-ratio jump is
  an unadjusted split or a bad bar: on the last bar that bar is left out, earlier the
  history before it. Any other such move is flagged as suspect and kept.
  Where the source keeps a split record (:attr:`newsletter.model.Snapshot.splits`), each
  recorded split is checked first: a move by its ratio on its ex-date is named an
  unadjusted split ("4:1 split on 2021-06-10 not adjusted in the bars") and left out the
  same way; a recorded split the data adjusted is no finding.
- ``stale``: the last bar is before the as-of session (:func:`newsletter.checks.stale_tickers`,
  the one definition of stale): the ticker is left out of this issue's figures.

:func:`validate_bars` judges whole histories once (the replay calls it on the full
history); :func:`stale_findings` is the per-as-of freshness check; :func:`validate_snapshot`
is the build's entry and runs both. Every action except ``corrected`` and ``noted`` on a
key ticker (:meth:`newsletter.config.Config.key_tickers`) holds the issue from publishing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

import pandas as pd

from newsletter.checks import stale_note, stale_tickers
from newsletter.config import ValidationConfig
from newsletter.sessions import sessions_between
from newsletter.validate.bars import Judge, session_table
from newsletter.validate.findings import HARMLESS, Finding, Validated, Validation

if TYPE_CHECKING:
    from newsletter.config import Config
    from newsletter.model import Snapshot

__all__ = ["HARMLESS", "Finding", "Validated", "Validation", "stale_findings", "validate_bars",
           "validate_snapshot"]


def validate_bars(bars: Mapping[str, pd.DataFrame], settings: ValidationConfig | None = None,
                  extra_closures: Iterable[dt.date] = (),
                  splits: Mapping[str, Iterable[tuple[dt.date, float]]] | None = None) -> Validated:
    """Judge every ticker's whole history once: the cleaned bars, the findings, who is left out.

    ``splits`` is the source's split record by ticker (:attr:`newsletter.model.Snapshot.splits`).

    Needs no as-of date: the per-as-of freshness is :func:`stale_findings`. Frames may
    hold duplicate dates and bad prices (what sources deliver); the frames returned keep
    the bars contract (:data:`newsletter.model.BAR_COLUMNS`: sorted, unique, finite).
    """
    settings = settings or ValidationConfig()
    sessions = session_table(bars, extra_closures)
    clean: dict[str, pd.DataFrame] = {}
    findings: list[Finding] = []
    excluded: dict[str, str] = {}
    for ticker, frame in bars.items():
        judge = Judge(ticker, settings, sessions, (splits or {}).get(ticker, ()))
        if frame is None or frame.empty:
            judge.exclude("empty", (), "no bars; left out")
            result = None
        else:
            result = judge.run(frame)
        findings += judge.findings
        if result is None:
            excluded[ticker] = judge.excluded or "its bars failed the data validation"
        else:
            clean[ticker] = result
    return Validated(clean, tuple(findings), excluded)


def stale_findings(bars: Mapping[str, pd.DataFrame], asof: dt.date,
                   extra_closures: Iterable[dt.date] = ()) -> list[Finding]:
    """Tickers whose last bar on or before ``asof`` is before it (the one definition,
    :func:`newsletter.checks.stale_tickers`): each is left out of that as-of's figures."""
    stamp = pd.Timestamp(asof)
    last: dict[str, dt.date] = {}
    findings = []
    for ticker, frame in bars.items():
        upto = frame.index.searchsorted(stamp, side="right")
        if upto == 0:
            findings.append(Finding(ticker, "stale", (), f"stale: no bar on or before the as-of session "
                                    f"{asof}; left out of this week's figures", "excluded"))
        else:
            last[ticker] = frame.index[upto - 1].date()
    for ticker, day in stale_tickers(last, asof).items():
        behind = len(sessions_between(day + dt.timedelta(days=1), asof, tuple(extra_closures)))
        findings.append(Finding(ticker, "stale", (day,),
                                f"{stale_note(day, asof, behind)}; left out of this week's figures",
                                "excluded"))
    order = {t: i for i, t in enumerate(bars)}
    return sorted(findings, key=lambda f: order[f.ticker])


def validate_snapshot(snapshot: Snapshot, config: Config | None = None) -> tuple[Snapshot, Validation]:
    """The build's validation: the snapshot the sections see, and what was found.

    Tickers left out (stale ones included) leave ``bars``, ``options`` and ``earnings``
    and are listed in ``failed`` with a one-line reason, so each section names them
    the way it names any ticker without data.
    """
    from newsletter.config import Config

    config = config or Config()
    closures = tuple(config.data.extra_closures)
    checked = validate_bars(snapshot.bars, config.data.validation, closures, snapshot.splits)
    stale = stale_findings(checked.bars, snapshot.asof, closures)
    failed = dict(snapshot.failed)
    failed.update({t: f"left out: {why}" for t, why in checked.excluded.items()})
    for finding in stale:
        failed[finding.ticker] = finding.message.split(";")[0]
    out = set(checked.excluded) | {f.ticker for f in stale}
    order = {t: i for i, t in enumerate(snapshot.bars)}
    findings = sorted([*checked.findings, *stale], key=lambda f: order.get(f.ticker, len(order)))
    clean = replace(
        snapshot,
        bars={t: f for t, f in checked.bars.items() if t not in out},
        options={t: c for t, c in snapshot.options.items() if t not in out},
        earnings={t: d for t, d in snapshot.earnings.items() if t not in out},
        failed=failed,
    )
    return clean, Validation(tuple(findings), config.key_tickers(), snapshot)
