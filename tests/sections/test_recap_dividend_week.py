"""🔙 An ex-dividend week says its move with the dividend beside the price move.

Three replay reviews (2004-2006, 2010-2012, 2012-2014) found $SPY's price week 0.4 to 0.7 point
under the S&P's in every ex-dividend week, with nothing on the page to say why: 2006-06-18 said
"$SPY ... (-0.6%)", -0.12% with the dividend. The price move stays the figure; the scoreboard
says the other beside it when the two print apart.
"""

from __future__ import annotations

import numpy as np
import pytest

from newsletter.sections import recap
from tests.sections.test_headline import FLAT, _ctx, _week


@pytest.mark.parametrize(("adj_last", "said"), [
    (99.9, "(-0.6%; -0.1% with its dividend)"),   # a 0.5-point dividend on the Friday
    (99.42, None),                                # prints -0.6% too: no note
])
def test_the_scoreboard_says_the_week_with_its_dividend(adj_last: float, said: str | None) -> None:
    from tests.sections.small_frames import render_sections

    ctx = _ctx(SPY=_week(-0.6), QQQ=_week(0.2))
    bars = ctx.snapshot.bars["SPY"]
    adj = bars["Close"].to_numpy(copy=True)
    adj[-1] = adj_last  # Adj Close: the last close with the dividend paid back
    bars["Adj Close"] = adj
    text = render_sections(ctx, recap)
    line = next(line for line in text.splitlines() if line.startswith("- ") and "$SPY" in line)
    if said is None:
        assert "dividend" not in line and "(-0.6%)" in line, line
    else:
        assert said in line, line


def test_a_yield_has_no_dividend_figure() -> None:
    bars = _ctx(SPY=_week(0.3), _TNX=list(np.full(len(FLAT) + 5, 4.0))).snapshot.bars["^TNX"]
    move = recap.weekly_move(bars, bars.index[-1].date(), "^TNX")
    assert move is not None and move.total_pct is None and move.with_dividend is None


def test_a_faulty_adjusted_close_is_not_read_as_a_dividend() -> None:
    """The shared bars' 2022-05-15 printed "$SPY (-2.3%; -2.8% with its dividend)" in a week $SPY
    paid no dividend: the Adj Close factor stepped down on May 10 (a fault, analysis/dividends.py)."""
    import pandas as pd

    from newsletter.sections import recap
    from tests.analysis.factories import make_bars

    closes = [100.0] * 300 + [100.0, 99.0, 98.5, 98.0, 97.7]
    index = pd.bdate_range(end="2026-03-20", periods=len(closes))
    bars = make_bars(closes, index=index)
    bars["Adj Close"] = bars["Close"] * 0.9
    bars.loc[index[-3]:, "Adj Close"] = bars.loc[index[-3]:, "Close"] * 0.8955  # a step down
    move = recap.weekly_move(bars, index[-1].date(), "SPY")
    assert move is not None and move.total_pct is None and move.with_dividend is None
