"""💡 A stall that ended this week is said, not dropped without a word.

The sample (seed 71), 2026-06-21: "⚖️ ... What settles it: a close over the reaction high ends the
stall (**278.64** for $AVGO)"; AVGO closed at 284.01 on Jun 26, and the 2026-06-28 issue never
mentioned it (7 issues: PLTR +24% on the week over its reaction high, and the section said "No
leader on the watchlist gapped up on earnings and stalled"). READER.md: nothing vanishes silently.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from newsletter.sections import sentiment
from newsletter.sections.base import NothingQualified
from tests.sections.small_frames import context
from tests.sections.test_sentiment import CFG, _gapped


def _ctx(week: list[float]):
    bars, reaction = _gapped(np.r_[np.full(294, 100.0), [108.0, 107.0, 106.5, 106.0, 105.5, 105.0],
                                   week], 294)
    return context({"NVDA": bars}, config=CFG,
                   earnings={"NVDA": (reaction - dt.timedelta(days=1),)}), bars


@pytest.mark.parametrize(("last", "ended"), [(109.99, False), (110.004, False), (110.01, True)])
def test_a_stall_that_ended_this_week_is_said(last: float, ended: bool) -> None:
    ctx, bars = _ctx([106.0, 107.0, 108.0, 109.0, last])
    if not ended:  # under the 110.00 reaction high, or at it as printed: not over it
        try:
            assert sentiment.build(ctx).section.data.stalls[0].ticker == "NVDA"
        except NothingQualified as exc:  # at the high: no stall, and no end either
            assert "stall ended" not in str(exc)
        return
    with pytest.raises(NothingQualified) as caught:
        sentiment.build(ctx)
    day = bars.index[-1].date()
    assert (f"$NVDA's stall ended on {day:%b} {day.day}: a close at 110.01 over its 110.00 "
            "reaction high") in str(caught.value)


def test_a_stall_that_ended_before_this_week_is_old_news() -> None:
    ctx, _ = _ctx([111.0, 109.0, 108.0] + [107.0] * 7)  # over it two weeks back, under it since
    with pytest.raises(NothingQualified) as caught:
        sentiment.build(ctx)
    assert "stall ended" not in str(caught.value)


def test_beside_a_stall_an_ended_one_gets_its_line() -> None:
    from tests.sections.small_frames import render_sections
    from tests.sections.test_sentiment import _stalled

    ctx, bars = _ctx([106.0, 107.0, 108.0, 109.0, 110.01])
    amd, reaction = _stalled()
    amd = amd.reindex(bars.index, method="ffill") if len(amd) != len(bars) else amd
    both = context({"NVDA": bars, "AMD": amd}, config=CFG,
                   earnings={"NVDA": ctx.snapshot.earnings["NVDA"],
                             "AMD": (reaction - dt.timedelta(days=1),)})
    text = render_sections(both, sentiment)
    day = bars.index[-1].date()
    assert "– Sentiment Top?" in text and "$AMD" in text
    # 🔚, not ✅: in this letter ✅ marks a call that worked, and this is the end of the
    # section's own short lean (the sample's seed-41 review, 6 issues)
    assert (f"🔚 $NVDA's stall ended on {day:%b} {day.day}: a close at 110.01 over its 110.00 "
            "reaction high.") in text, text
    assert "✅" not in text
