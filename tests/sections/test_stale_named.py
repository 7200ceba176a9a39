"""A ticker whose data stopped early is named as stale in the issue, never as plain "no data".

Found building the README's real-data workspace with $QQQ's file ending on 2022-11-10 and the
issue as of 2022-11-18: the build warned "QQQ: stale: last bar 2022-11-10 ... left out of this
week's figures", and the issue told readers only "No data this week for $QQQ." and "Not scanned
this week: QQQ (no data)." (READER: a ticker whose data stopped early is named as stale).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np

from newsletter.checks import stale_note
from newsletter.config import Config, Watchlists
from newsletter.sections import breakdown, recap
from newsletter.sections.base import why_missing
from tests.analysis.factories import make_bars
from tests.sections.small_frames import context, render_sections


def _ctx(failed: dict[str, str]):
    spy = make_bars(np.linspace(400.0, 450.0, 260), "2021-11-01")
    cfg = Config(watchlists=Watchlists(indices=["SPY", "QQQ"], macro=[], sectors=[],
                                       breakdown=["SPY", "QQQ"]))
    ctx = context({"SPY": spy}, config=cfg)
    return replace(ctx, snapshot=replace(ctx.snapshot, failed=failed))


def _stale(last: dt.date, asof: dt.date) -> str:
    return f"{stale_note(last, asof, 6)}; left out of this week's figures"


def test_a_stale_ticker_is_named_stale_in_the_recap_and_the_breakdown_watch() -> None:
    ctx = _ctx({})
    asof = ctx.snapshot.asof
    last = asof - dt.timedelta(days=8)
    ctx = _ctx({"QQQ": _stale(last, asof)})
    words = f"stale: last bar {last:%b} {last.day}"
    assert why_missing(ctx.snapshot, "QQQ") == words
    text = render_sections(ctx, recap)
    assert f"*No data this week for $QQQ ({words}).*" in text, text
    text = render_sections(ctx, breakdown)
    assert f"Not scanned this week: $QQQ ({words})." in text, text


def test_a_ticker_that_failed_otherwise_is_no_data() -> None:
    ctx = _ctx({"QQQ": "no data found, symbol may be delisted"})
    assert why_missing(ctx.snapshot, "QQQ") == "no data"
    assert "*No data this week for $QQQ.*" in render_sections(ctx, recap)


def test_a_stale_bar_from_another_year_says_the_year() -> None:
    ctx = _ctx({})
    asof = ctx.snapshot.asof
    last = dt.date(asof.year - 1, 12, 30)
    ctx = _ctx({"QQQ": _stale(last, asof)})
    assert why_missing(ctx.snapshot, "QQQ") == f"stale: last bar Dec 30, {asof.year - 1}"


def test_a_key_index_without_figures_is_named_in_the_technical_setup() -> None:
    from newsletter.sections import technical

    ctx = _ctx({})
    asof = ctx.snapshot.asof
    last = asof - dt.timedelta(days=8)
    ctx = _ctx({"QQQ": _stale(last, asof)})
    text = render_sections(ctx, technical)
    assert "**$SPY** closed at" in text
    assert f"*No figures this week for $QQQ (stale: last bar {last:%b} {last.day}).*" in text, text


def test_a_rotation_pair_without_figures_is_named_not_dropped() -> None:
    from newsletter.config import Pair
    from newsletter.sections import rotation
    from tests.sections.small_frames import pair_from_edges

    lead, lag = pair_from_edges([5.0, -5.0] * 150)
    cfg = Config(rotation=[Pair(lead="IWM", lag="SPY"), Pair(lead="QQQ", lag="SPY")])
    ctx = context({"IWM": lead, "SPY": lag}, config=cfg)
    asof = ctx.snapshot.asof
    last = asof - dt.timedelta(days=8)
    ctx = replace(ctx, snapshot=replace(ctx.snapshot, failed={"QQQ": _stale(last, asof)}))
    text = render_sections(ctx, rotation)
    assert (f"- $QQQ against $SPY: no figures this week ($QQQ stale: last bar {last:%b} "
            f"{last.day}).") in text, text
