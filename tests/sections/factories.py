"""Small contexts for section tests: a few named bars frames, a config, notes, one issue date."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np
import pandas as pd

from newsletter.config import CallsConfig, Config, Watchlists
from newsletter.model import Issue, Section, Snapshot
from newsletter.notes import Notes
from newsletter.render import environment, render_markdown
from newsletter.sections.base import Context
from newsletter.workspace import PACKAGE_DIR
from tests.analysis.factories import make_bars


def context(bars: dict[str, pd.DataFrame], breakdown: list[str] | None = None,
            notes: Notes | None = None, calls: CallsConfig | None = None,
            **config) -> Context:
    last = max(b.index[-1] for b in bars.values()).date()
    cfg = Config(watchlists=Watchlists(breakdown=breakdown or []), calls=calls or CallsConfig(),
                 **config)
    snapshot = Snapshot(source="test", asof=last, bars=bars)
    return Context(config=cfg, snapshot=snapshot, notes=notes or Notes(),
                   issue_date=last + dt.timedelta(days=(6 - last.weekday()) or 7))


def render(ctx: Context, *sections: Section, tensions: tuple = ()) -> str:
    """The issue's Markdown with just these sections."""
    numbered = tuple(replace(s, number=1) for s in sections)
    issue = Issue(date=ctx.issue_date, asof=ctx.snapshot.asof, title="T", headline="H", hook="",
                  sections=numbered, tensions=tensions)
    return render_markdown(environment([PACKAGE_DIR / "templates"]), issue)


def rejected_then_broke_out() -> pd.DataFrame:
    """Flat at 100 (one dip to a support pivot at 85), a slide to 90, a high that tags the 200-day (99.4) three sessions ago and
    closes at 91, then a close at 101: over the 200-day. The rejection did not hold."""
    closes = [100.0] * 260 + list(np.linspace(100, 90, 21)[1:]) + [91.0, 92.0, 93.0, 101.0]
    closes[40:51] = [100, 97, 94, 91, 88, 85, 88, 91, 94, 97, 100]  # a support pivot at 85
    b = make_bars(closes)
    b.iloc[-4, b.columns.get_loc("High")] = 99.73
    return b


def rejected_broke_out_fell_back() -> pd.DataFrame:
    """IWM 2008-06-06 in small: rejected at the 200-day, closed over it the next day
    (76.20 over a 74.95 high), then fell back under it on the last session."""
    b = rejected_then_broke_out().iloc[:-1]
    closes = [*b["Close"], 101.0, 92.5]
    out = make_bars(closes)
    out.iloc[-4, out.columns.get_loc("High")] = 99.73
    return out


def crash_to_new_lows() -> pd.DataFrame:
    """A year-long slide, a short bounce, then three closes to new 52-week closing lows:
    RSI falls through 50 two sessions ago; no pivot lies under the price."""
    return make_bars(list(np.linspace(100, 80, 280)) + [80, 81, 82, 83, 84, 85, 86, 85, 82, 79, 76])


def rising(top: float = 120.0) -> pd.DataFrame:
    """A steady climb from 100 to ``top``: well above its 200-day, nothing broke."""
    return make_bars(list(np.linspace(100, top, 300)))
