"""Factories for the publish tests: a small real workspace on CSV bars, and stage stand-ins.

The workspace uses the ``csv`` source on CSVs written here (real, not SAMPLE),
so the safety rules apply to it exactly as to a live issue; there is no test
switch that lets a sample issue through. The publishing checks and the email
are the real ones; ``failing_checks`` stands in for a check that fails.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from newsletter.sessions import sessions_between
from newsletter.workspace import Workspace

NY = ZoneInfo("America/New_York")
SUNDAY = dt.date(2026, 11, 22)
FRIDAY = dt.date(2026, 11, 20)
SUNDAY_8PM = dt.datetime(2026, 11, 22, 20, 0, tzinfo=NY)
TICKERS = ("SPY", "QQQ", "IWM", "DIA", "^VIX", "XLK", "XLF", "TSLA")


def write_bars(folder: Path, last_session: dt.date = FRIDAY, sessions: int = 300, seed: int = 1) -> Path:
    """Yahoo-layout CSVs for TICKERS ending at ``last_session`` (a random walk)."""
    folder.mkdir(parents=True, exist_ok=True)
    days = sessions_between(last_session - dt.timedelta(days=int(sessions * 1.5)), last_session)[-sessions:]
    rng = np.random.default_rng(seed)
    for ticker in TICKERS:
        close = 100 * np.exp(np.cumsum(rng.normal(0, 0.012, len(days))))
        frame = pd.DataFrame({"Date": [d.isoformat() for d in days], "Open": close, "High": close * 1.01,
                              "Low": close * 0.99, "Close": close, "Adj Close": close, "Volume": 1e6})
        frame.to_csv(folder / f"{ticker}.csv", index=False)
    return folder


def make_workspace(root: Path, *, smtp_port: int = 2525, last_session: dt.date = FRIDAY,
                   source: str | None = None, readers: int = 5, author: str = "",
                   bars: Path | None = None) -> Workspace:
    """A workspace on fresh CSV bars with ``readers`` recipients and SMTP on 127.0.0.1.

    ``bars``: an existing folder of CSVs to use instead of writing new ones.
    """
    root.mkdir(parents=True, exist_ok=True)
    data = bars or write_bars(root / "data", last_session)
    (root / "recipients.txt").write_text("".join(f"reader{i}@example.com\n" for i in range(readers)))
    (root / "newsletter.yaml").write_text(f"""\
title: Test Letter
base_url: https://example.com/letter/
data:
  source: {source or f"csv:{data}"}
  history_sessions: 260
watchlists:
  indices: [SPY, QQQ, IWM, DIA, ^VIX]
  macro: []
  sectors: [XLK, XLF]
  breakdown: [TSLA]
  sentiment: []
  story: []
rotation:
  - lead: IWM
    lag: SPY
themes: []
email:
  from: Test Letter <letter@example.com>
  author_address: "{author}"
  rate_per_minute: 100000
  smtp:
    host: 127.0.0.1
    port: {smtp_port}
    security: none
    timeout: 5
""")
    return Workspace.open(root)


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reasons: tuple[str, ...] = ()


def failing_checks(ws: Workspace, result, now: dt.datetime) -> Verdict:
    return Verdict(False, ("the email HTML is 130 KB, over the 60 KB limit",))

