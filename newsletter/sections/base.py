"""What every section gets (Context) and gives back (Built)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import pandas as pd

from newsletter.config import Config
from newsletter.display import day_words
from newsletter.model import Call, GradedCall, Section, Snapshot
from newsletter.notes import Notes

if TYPE_CHECKING:
    from newsletter.track_record import LiveRecord
    from newsletter.trade_plan import TradePlan


class SectionDataMissing(Exception):
    """A section cannot be built because its data is missing. The message is shown to readers:
    what is missing. ``fix`` is for the author only (the build's warnings and the preview), never
    the issue: "build with --source yahoo" is no line for a subscriber's email."""

    def __init__(self, message: str, fix: str = "") -> None:
        super().__init__(message)
        self.fix = fix


class NothingQualified(Exception):
    """The data is there but nothing met the section's bar this week; the message (a sentence
    that says what was looked for, and the closest candidate when there is one) is shown."""


def how_to_get(snapshot: Snapshot) -> str:
    """What the author can do about tickers the snapshot lacks, for the source it came from."""
    if snapshot.source.startswith("csv:"):
        return "add or update their CSV files in the folder, or build with --source yahoo"
    return "retry the build later or check the symbols in newsletter.yaml"


def why_missing(snapshot: Snapshot, ticker: str) -> str:
    """Why a ticker has no figures this week, for readers: "stale: last bar Nov 10" when its data
    stopped early (READER: named as stale, never quoted as current), else "no data"."""
    from newsletter.checks import stale_since

    last = stale_since(snapshot.failed.get(ticker, ""))
    return "no data" if last is None else f"stale: last bar {day_words(last, snapshot.asof)}"


def missing_data(snapshot: Snapshot, tickers: Sequence[str], what: str) -> SectionDataMissing:
    """The one-line reason a section lacks ``what``: the tickers and why; how to get them is the
    author's :attr:`SectionDataMissing.fix`."""
    absent = [t for t in tickers if not snapshot.has(t)]
    reasons = list(dict.fromkeys(snapshot.failed[t] for t in absent if t in snapshot.failed))
    names = ", ".join(absent) if absent else ", ".join(tickers)
    why = f"; {reasons[0]}{f' and {len(reasons) - 1} more' if len(reasons) > 1 else ''}" if reasons else ""
    return SectionDataMissing(f"no data for {what} ({names}{why})", fix=how_to_get(snapshot))


@dataclass(frozen=True)
class Context:
    config: Config
    snapshot: Snapshot
    notes: Notes
    issue_date: dt.date
    graded: tuple[GradedCall, ...] = ()
    record: LiveRecord | None = None
    """Every earlier call graded at the as-of (the recap's "record so far"); None in a replay."""
    ledger: tuple[GradedCall, ...] = ()
    """Every earlier call graded at the as-of, decided long ago or not (:attr:`graded` holds
    what the recap shows: the open ones and those decided since the last issue)."""
    replay: dict[str, Any] | None = None
    """The replay report quoted beside the calls (``replay_report``, matched to this market);
    None without one, and in a replay (which grades every setup it finds)."""

    def record_checked(self, checked: TradePlan, origin: str) -> TradePlan:
        """``checked``, held back as news when its setup lost in the replay as of this issue
        (``calls.losing_setups: news``, :func:`newsletter.trade_plan.held_back_by_record`)."""
        rules = self.config.calls
        if self.replay is None or not checked.ok or rules.losing_setups != "news":
            return checked
        from newsletter.replay.record import setup_record
        from newsletter.trade_plan import held_back_by_record

        probe = checked.call(f"{self.issue_date.isoformat()}-{origin}-{checked.ticker}", origin,
                             self.issue_date)
        record = setup_record(self.replay, probe, self.snapshot.asof)
        if record is None:
            return checked
        return held_back_by_record(checked, record.decided, record.expectancy, record.since, rules)

    def bars(self, ticker: str) -> pd.DataFrame:
        frame = self.snapshot.bars.get(ticker)
        if frame is None or frame.empty:
            reason = self.snapshot.failed.get(ticker, "not in the snapshot")
            raise SectionDataMissing(f"no data for {ticker} ({reason})")
        return frame

    def available(self, tickers: Sequence[str]) -> list[str]:
        return [t for t in tickers if self.snapshot.has(t)]

    def variant(self, key: str, choices: int) -> int:
        """A phrasing variant picked from the issue date, so consecutive issues read differently."""
        digest = hashlib.sha256(f"{self.issue_date.isoformat()}:{key}".encode()).digest()
        return int.from_bytes(digest[:4], "big") % choices


@dataclass(frozen=True)
class ChartRequest:
    """A chart a section wants drawn: the chart kind's function name and its inputs."""

    name: str
    kind: str
    inputs: dict[str, Any]
    section: str = ""
    """The key of the section that asked; compose fills it in."""


@dataclass(frozen=True)
class Built:
    section: Section
    calls: tuple[Call, ...] = ()
    charts: tuple[ChartRequest, ...] = ()
    signals: tuple[Signal, ...] = field(default=())
    warnings: tuple[str, ...] = ()
    """For the author only (the build's warnings and the preview), never the issue: how to give a
    section the data it lacks."""


@dataclass(frozen=True)
class Signal:
    """A candidate for the headline: how strong it is and a short phrase for it."""

    strength: float
    phrase: str
    hook: str = ""
    subject: str = ""
    """The cashtag the phrase is about when its words do not start with it ("Small Caps Are
    Heating Up" is $IWM): two phrases about one name make a headline say one thing twice."""
    fallback: bool = False
    """Only for a headline that has nothing else ("A Quiet Week: …"), never a second phrase."""
    story: str = ""
    """What the phrase tells when two signals about different names can tell one story (the S&P's
    52-week low and $DIA's): the headline takes only the first of a story; empty: its own."""
    aside: str = ""
    """A sentence that stands alone, for the hook when another phrase about the same subject leads
    the headline ("The S&P fell 4.6%, its worst week since ..." beside "$SPY Cracking Support");
    empty: this story is told only under its own phrase."""
    lean: int = 0
    """Which way the news leans for stocks: +1 (a rally, a high, the VIX sinking), -1 (a drop, a
    low, a break), 0 when it does not say (a yield's move, a rotation)."""
    market: bool = False
    """The market's own story of the week, rare enough to rank (the S&P's best or worst week in a
    quarter or more): it always takes one of the headline's two places
    (:func:`newsletter.sections.headline.make_headline`), whatever a single name weighs."""
    call: bool = False
    """The issue's trade call (a plan that passed every rule): it keeps its headline place when the
    market's story is added (:func:`newsletter.sections.headline.make_headline`)."""
    background: bool = False
    """A standing state, not something that happened this week (a name under its 200-day for
    weeks that fell no further): it fills a quiet week, and beside news it is a second phrase
    only when it leans against the lead (:func:`newsletter.sections.headline.make_headline`).
    A record close in a run of records is not one: that close was made this week."""
    without: tuple[tuple[str, str], ...] = ()
    """For a phrase that names several names ("$SPY, $QQQ and $DIA Close at Record Highs"): each
    name's cashtag and the phrase without it, for a headline whose other phrase is about that
    name ("$QQQ Rises 8 Weeks in a Row & $SPY and $DIA Close at Record Highs")."""


def together(members: Sequence[tuple[str, Signal]], phrase: Callable[[list[str]], str]) -> Signal:
    """Several names' signals of one story as one signal: ``phrase`` of every name (each as
    printed, in ``members``' order), the first member's kind, the strongest's weight, every hook
    told, the market's story when any member's is, and the phrase without each name
    (:attr:`Signal.without`). The week's 200-day crosses of one side and its same-day records
    inside the week are told this way."""
    who = [name for name, _ in members]
    hook = " ".join(signal.hook for _, signal in members)
    return replace(members[0][1], strength=max(signal.strength for _, signal in members),
                   phrase=phrase(who), hook=hook, aside=hook,
                   market=any(signal.market for _, signal in members),
                   without=tuple((name, phrase([o for o in who if o != name])) for name in who))
