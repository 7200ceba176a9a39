"""The author's own calls, from the notes: ledger Calls, each checked as a trade plan.

The author's call is theirs: it goes in the ledger as written and is graded
like any other. It is also checked against the same rules as every section's
call (newsletter/trade_plan.py); one that breaks a rule is printed with its
reasons in the issue's "My calls" block and raises a one-line build warning,
so the author sees it in the build output and the preview before readers do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from newsletter.analysis.history import NotEnoughData
from newsletter.analysis.indicators import atr
from newsletter.config import CallsConfig
from newsletter.model import Call, Snapshot
from newsletter.notes import Notes
from newsletter.trade_plan import TradePlan, plan

SETUP = "author's call"


@dataclass(frozen=True)
class NoteCallPlan:
    """One notes call as the issue prints it."""

    call: Call
    plan: TradePlan | None
    """None when the snapshot has no prices to check it against."""
    warning: str = ""
    """The one-line build warning; empty when the call passes every rule."""


def calls_from_notes(notes: Notes, issue_date: dt.date) -> list[Call]:
    return [
        Call(
            id=f"{issue_date.isoformat()}-notes-{i + 1}-{c.ticker}",
            ticker=c.ticker,
            direction=c.direction,
            trigger=c.trigger,
            target=c.target,
            stop=c.stop,
            horizon=c.horizon,
            origin="notes",
            made_on=issue_date,
            text=c.text,
            setup=SETUP,
        )
        for i, c in enumerate(notes.calls)
    ]


def _check(call: Call, snapshot: Snapshot, rules: CallsConfig) -> NoteCallPlan:
    where = f"notes call {call.ticker} {call.direction} {call.trigger:g}"
    bars = snapshot.bars.get(call.ticker)
    if bars is None or bars.empty:
        return NoteCallPlan(call, None, f"{where}: no prices for {call.ticker}, printed unchecked")
    try:
        atr14 = float(atr(bars).iloc[-1])
    except NotEnoughData:
        atr14 = float("nan")
    checked = plan(call.ticker, call.direction, call.trigger, call.stop, call.target, call.horizon,
                   float(bars["Close"].iloc[-1]), atr14, rules, setup=SETUP)
    warning = "" if checked.ok else f"{where}: {checked.verdict} (printed as written, with the warning)"
    return NoteCallPlan(call, checked, warning)


def plan_notes_calls(notes: Notes, snapshot: Snapshot, issue_date: dt.date,
                     rules: CallsConfig) -> tuple[NoteCallPlan, ...]:
    """Every notes call with its checked plan, in the notes' order."""
    return tuple(_check(c, snapshot, rules) for c in calls_from_notes(notes, issue_date))
