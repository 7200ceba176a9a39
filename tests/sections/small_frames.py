"""Small contexts for section tests (rotation, edge, headline, sentiment, technical): hand-made closes, the default config."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from newsletter.config import Config
from newsletter.model import Snapshot
from newsletter.notes import Notes
from newsletter.sections.base import Context
from tests.analysis.factories import make_bars


def context(bars: Mapping[str, pd.DataFrame], *, config: Config | None = None,
            source: str = "csv:/data", earnings: Mapping[str, tuple[dt.date, ...]] | None = None,
            notes: Notes | None = None) -> Context:
    """A Context over ``bars``, as of their last session, the issue on the Sunday after."""
    asof = max(f.index[-1] for f in bars.values()).date()
    snapshot = Snapshot(source=source, asof=asof, bars=dict(bars), earnings=dict(earnings or {}))
    issue = asof + dt.timedelta(days=(6 - asof.weekday()) or 7)
    return Context(config=config or Config(), snapshot=snapshot, notes=notes or Notes(),
                   issue_date=issue)


def pair_from_edges(edges_bp: Sequence[float], start: str = "2015-01-02", drift_bp: float = 3.0,
                    seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(lead, lag) bars whose daily returns differ by ``edges_bp`` basis points, session by session.

    The lag is a seeded random walk; the lead's return is the lag's plus the edge, so the
    lead "beats" exactly on the sessions with a positive edge.
    """
    rng = np.random.default_rng(seed)
    lag_r = rng.normal(drift_bp / 10_000, 0.01, len(edges_bp))
    lead_r = lag_r + np.asarray(edges_bp, float) / 10_000
    lag = 100.0 * np.cumprod(np.r_[1.0, 1.0 + lag_r])
    lead = 100.0 * np.cumprod(np.r_[1.0, 1.0 + lead_r])
    return make_bars(lead, start), make_bars(lag, start)


def streak_edges(runs: Sequence[int], gap: int = 30, tail: int = 0, edge_bp: float = 20.0,
                 lead_in: int = 260) -> list[float]:
    """Daily edges with a winning run of each length in ``runs``, ``gap`` losing sessions between
    them, ``lead_in`` losing sessions first; ``tail`` winning sessions at the very end."""
    edges = [-edge_bp] * lead_in
    for run in runs:
        edges += [edge_bp] * run + [-edge_bp] * gap
    return edges + [edge_bp] * tail


def render_sections(ctx: Context, *modules: object) -> str:
    """Compose only ``modules`` over ``ctx`` and render the issue's Markdown."""
    from unittest import mock

    from newsletter.compose import compose
    from newsletter.render import environment, render_markdown
    from newsletter.workspace import PACKAGE_DIR

    with mock.patch("newsletter.compose.SECTION_MODULES", tuple(modules)):
        composed = compose(ctx.config, ctx.snapshot, ctx.notes, ctx.issue_date)
    return render_markdown(environment([PACKAGE_DIR / "templates"]), composed.issue)


LOOSE = {"max_reward_risk": 100.0, "max_stretch_pct": 100.0}
"""Call rules (``CallsConfig``) a small frame's crash fails by construction (a plan far under its
200-day, a tight stop against a far target): tests of other rules lift them with ``**LOOSE``."""
