"""The author's own calls, from the notes, as ledger Calls."""

from __future__ import annotations

import datetime as dt

from newsletter.model import Call
from newsletter.notes import Notes


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
        )
        for i, c in enumerate(notes.calls)
    ]
