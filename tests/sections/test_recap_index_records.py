"""🔙 Every index's close record is said, the VIX's too.

The replay's 2010-2012 review: the VIX closed at 48.00 on Aug 8, 2011, its highest close since
Mar 2009, and no line of the 2011-08-14 issue said so; $IWM's first record close since 2007
(Apr 5-6, 2011) was in no line either, under a headline that took another story (47 records in
30 issues). Only $SPY's record inside the week had a line.
"""

from __future__ import annotations

from dataclasses import replace

from newsletter.model import Issue
from newsletter.render import environment, render_markdown
from newsletter.sections import recap
from newsletter.workspace import PACKAGE_DIR
from tests.sections.test_headline import FLAT, _ctx, _week


def _records(**series: list[float]) -> tuple[str, ...]:
    built = recap.build(_ctx(**series))
    assert built is not None
    return built.section.data.records


def test_the_vix_s_spike_inside_the_week_is_said() -> None:
    # Monday 160 over the year's 150 peak, then back to 105 by Thursday
    lines = _records(SPY=_week(0.3), _VIX=FLAT + [100.0, 160.0, 120.0, 110.0, 105.0])
    assert any(line.startswith("The VIX's Monday close, **160.00**, was its highest close")
               for line in lines), lines


def test_an_index_s_fresh_record_at_the_last_close_is_said() -> None:
    lines = _records(SPY=_week(0.3), QQQ=FLAT + [100.0] * 4 + [151.0])
    assert "$QQQ ended the week at its highest close in the data here, back to Jan 2025." in lines


def test_a_record_in_a_run_of_records_is_not() -> None:
    # the close before the week's base was a record as long-lived: the tenth high, not the first
    run = FLAT[:-10] + [150.0 + i for i in range(1, 12)]
    lines = _records(SPY=_week(0.3), QQQ=run)
    assert not any(line.startswith("$QQQ ended the week") for line in lines), lines


def test_a_record_short_of_the_peak_is_no_record() -> None:
    lines = _records(SPY=_week(0.3), QQQ=FLAT + [100.0] * 4 + [149.0])  # under the 150 peak
    assert not any("$QQQ" in line for line in lines), lines


def test_a_record_the_hook_tells_is_not_said_twice() -> None:
    ctx = _ctx(SPY=_week(0.3), QQQ=FLAT + [100.0] * 4 + [151.0])
    built = recap.build(ctx)
    line = "$QQQ ended the week at its highest close in the data here, back to Jan 2025."
    section = replace(built.section, number=1)
    for hook, said in (("", True), (line, False)):
        issue = Issue(date=ctx.issue_date, asof=ctx.snapshot.asof, title="T", headline="H",
                      hook=hook, sections=(section,))
        text = render_markdown(environment([PACKAGE_DIR / "templates"]), issue)
        assert (f"⚡ {line}" in text) is said


def test_a_spike_inside_the_week_in_a_run_of_records_is_not() -> None:
    # the VIX closed over the peak (at 151) six sessions before the week too: Monday's is no first
    vix = FLAT[:253] + [151.0] + [100.0] * 5 + [100.0, 160.0, 120.0, 110.0, 105.0]
    assert len(vix) == len(_week(0.3))
    lines = _records(SPY=_week(0.3), _VIX=vix)
    assert not any(line.startswith("The VIX's") for line in lines), lines


def test_at_most_four_records_those_reaching_furthest_back_first() -> None:
    # every index at a fresh low over a year of data, and the VIX at a high: five records
    low = FLAT + [100.0] * 4 + [49.0]          # under the year's 50 trough: the data's lowest
    old_low = FLAT[:2] + [44.0] + FLAT[3:] + [100.0] * 4 + [45.0]  # over Jan 8's 44: less far back
    lines = _records(SPY=low, QQQ=low, IWM=low, DIA=old_low, _VIX=FLAT + [100.0] * 4 + [151.0])
    assert len(lines) == recap.MAX_RECORD_LINES == 4
    assert not any(line.startswith("$DIA") for line in lines), lines
