"""📌 A break that failed does not lead the headline as "Breaks Support".

The real bars' 2008-08-24 whole headline was "$IWM Breaks Support" over a lead that said "it already
closed under the 73.10 trigger on Aug 20 and came back: no fresh call" (IWM +2.1% on the Friday);
2007-11-25's over a setup "dead since it traded at or above the stop 75.84 on Nov 23". A reader's
first ten seconds told them the opposite of what happened.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from newsletter.sections.breakdown import news_pick


def _pick(ticker: str, *failures: str) -> SimpleNamespace:
    plan = SimpleNamespace(failures=failures, dead=any(f.startswith("dead") for f in failures))
    return SimpleNamespace(ticker=ticker, plan=plan)


@pytest.mark.parametrize(("failure", "leads"), [
    ("R/R 1.50 under 2", True),
    ("dead since it traded at or above the stop 75.84 on Nov 23", False),
    ("fired already, with a close under the trigger 73.10 on Aug 20, after the setup formed", False),
    # the move is done: the replay's 2015-01-18 led "VIX Jumps 19% & $IWM Breaks Support" over
    # "but it already traded at the 114.29 target on Jan 16: the move is done" ($IWM back at 116.70)
    ("played out, with a trade at or below the target 114.29 on Jan 16, after the setup formed",
     False),
])
def test_a_failed_break_is_no_headline_news(failure: str, leads: bool) -> None:
    iwm = _pick("IWM", failure)
    found = news_pick([iwm], {}, {"IWM": -0.5})
    assert (found is iwm) is leads
    # the next pick that is news leads instead
    qqq = _pick("QQQ", "R/R 1.20 under 2")
    assert news_pick([iwm, qqq], {}, {"IWM": -0.5, "QQQ": -1.0}) is (iwm if leads else qqq)
