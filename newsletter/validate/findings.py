"""What the validation stage reports: one :class:`Finding` per fault, gathered per build."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from newsletter.model import Snapshot

HARMLESS = frozenset({"corrected", "noted"})
"""Actions that change no figure: they never hold an issue."""


@dataclass(frozen=True)
class Finding:
    """One fault in one ticker's bars and what was done about it."""

    ticker: str
    kind: str
    """duplicate, non_finite, non_positive, magnitude, ohlc, gap, jump, split, stale or empty."""
    dates: tuple[dt.date, ...]
    message: str
    action: str
    """corrected, noted, dropped (bars left out), cut (history before a date left out),
    excluded (the ticker left out of this issue's figures) or flagged (suspect, kept)."""

    @property
    def holds(self) -> bool:
        """Whether this finding on a key ticker holds the issue from publishing."""
        return self.action not in HARMLESS

    def line(self) -> str:
        return f"{self.ticker}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {"ticker": self.ticker, "kind": self.kind, "action": self.action,
                "dates": [d.isoformat() for d in self.dates], "message": self.message}


@dataclass(frozen=True)
class Validated:
    """What :func:`validate_bars` returns: the bars fit to use, the findings, who was left out."""

    bars: dict[str, pd.DataFrame]
    findings: tuple[Finding, ...]
    excluded: dict[str, str] = field(default_factory=dict)
    """Tickers left out entirely, with a short reason for readers (they are not in ``bars``)."""


@dataclass(frozen=True)
class Validation:
    """What the stage found in one build's snapshot: written to build.json, read by the checks."""

    findings: tuple[Finding, ...]
    keys: tuple[str, ...] = ()
    raw: Snapshot | None = None
    """The snapshot as collected, before validation: what is saved with the issue, so a
    rebuild from it validates (and finds) the same."""

    def holding(self, keys: Iterable[str] | None = None) -> tuple[Finding, ...]:
        """The findings that hold the issue: those on a key ticker that changed a figure."""
        chosen = set(self.keys if keys is None else keys)
        return tuple(f for f in self.findings if f.ticker in chosen and f.holds)

    def warnings(self) -> list[str]:
        """One build warning per finding, and a ``stale data`` line when a key ticker is stale."""
        lines = [f"data: {f.line()}" for f in self.findings]
        stale = [f for f in self.findings if f.kind == "stale" and f.ticker in self.keys]
        if stale:
            lines.insert(0, "stale data: " + "; ".join(
                f"{f.ticker} last bar {f.dates[0] if f.dates else 'none'}" for f in stale))
        return lines

    def as_json(self) -> list[dict[str, object]]:
        return [{**f.as_dict(), "key": f.ticker in self.keys} for f in self.findings]


