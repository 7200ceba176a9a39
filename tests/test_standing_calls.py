"""One open call per ticker and direction: a setup that persists is the same trade, not a new one.

The README replay (2003-2022) made 71 of its 357 calls while an earlier call on the same
ticker and direction was still open: $DIA short under 104.50 on 2004-04-11 and again, the
same trigger, on 2004-04-18, both counted as hits. The live ledger did the same ($IWM short
under 197.00 on 2022-02-27, open, and a new $IWM short under 196.98 on 2022-03-06). A trader
holds one position; counting it twice inflates n and narrows every interval.
"""

from __future__ import annotations

import datetime as dt

import pytest

from newsletter.calls import standing_call
from newsletter.model import Call, GradedCall
from tests.sections.small_frames import LOOSE


def _call(made_on: dt.date, ticker: str = "IWM", direction: str = "short",
          origin: str = "breakdown", n: int = 0) -> Call:
    return Call(id=f"{made_on}-{origin}-{ticker}-{n}", ticker=ticker, direction=direction,
                trigger=197.0, target=179.77, stop=204.16, horizon=made_on + dt.timedelta(days=26),
                origin=origin, made_on=made_on)


LAST, THIS = dt.date(2022, 2, 27), dt.date(2022, 3, 6)


@pytest.mark.parametrize(("earlier", "stands"), [
    (GradedCall(_call(LAST), "open", reason="not triggered yet"), True),
    (GradedCall(_call(LAST), "failed", reason="stopped out"), False),          # decided: gone
    (GradedCall(_call(LAST), "hit", reason="target hit"), False),
    (GradedCall(_call(LAST, direction="long"), "open"), False),                # the other way
    (GradedCall(_call(LAST, ticker="SPY"), "open"), False),                    # another name
    (GradedCall(_call(LAST, origin="notes"), "open"), False),                  # the author's own
    (GradedCall(_call(LAST, origin="regime"), "open"), True),                  # any section's
    (GradedCall(_call(THIS, n=1), "open"), False)])                            # not earlier
def test_an_open_earlier_section_call_on_the_same_trade_stands(earlier: GradedCall,
                                                                stands: bool) -> None:
    found = standing_call(_call(THIS), [earlier])
    assert (found is earlier) if stands else found is None


def test_a_notes_call_is_never_held_back() -> None:
    earlier = GradedCall(_call(LAST), "open")
    assert standing_call(_call(THIS, origin="notes"), [earlier]) is None


def _compose(graded: tuple[GradedCall, ...]):
    from newsletter.compose import compose
    from newsletter.config import CallsConfig, Config, Sections, Watchlists
    from newsletter.notes import Notes
    from tests.sections.factories import context, crash_to_new_lows

    ctx = context({"IWM": crash_to_new_lows()}, breakdown=["IWM"])
    off = {k: False for k in Sections.model_fields if k not in ("breakdown", "headline")}
    # R/R 1.18 on this frame: a rule of 1 lets it be a call
    cfg = Config(watchlists=Watchlists(breakdown=["IWM"], indices=[], macro=[], sectors=[]),
                 sections=Sections(**off), calls=CallsConfig(min_reward_risk=1.0, **LOOSE))
    return compose(cfg, ctx.snapshot, Notes(), ctx.issue_date, graded=graded)


def _render(issue) -> str:
    from newsletter.render import environment, render_markdown
    from newsletter.workspace import PACKAGE_DIR

    return render_markdown(environment([PACKAGE_DIR / "templates"]), issue)


def test_the_build_makes_no_second_call_while_the_first_is_open() -> None:
    fresh = _compose(()).issue
    (made,) = fresh.calls
    before = made.made_on - dt.timedelta(days=7)
    open_call = Call(id=f"{before}-breakdown-IWM", ticker="IWM", direction="short", trigger=70.0,
                     target=60.0, stop=75.0, horizon=before + dt.timedelta(days=26),
                     origin="breakdown", made_on=before)
    earlier = GradedCall(open_call, "open", reason="not triggered yet, last 71.20, horizon Mar 25")
    issue = _compose((earlier,)).issue
    assert issue.calls == () and issue.standing == {made.id: earlier}
    text = _render(issue)
    assert (f"👉 The call from {before:%b} {before.day} stands: short under **70.00**, target "
            "**60.00**, stop 75.00 (not triggered yet, last 71.20, horizon Mar 25). This week's "
            "setup is the same trade: no new call.") in text
    assert "👉 If **" not in text
    assert "👉 If **" in _render(fresh)


def test_the_hook_quotes_the_standing_call_not_a_trade_the_issue_does_not_make() -> None:
    """The sample issue of 2026-11-22 (built after 11-08 and 11-15) hooked "$TSLA was rejected at
    its 200-day: short under 397.33, target 350.00, R/R 3.7 to 1." while its Breakdown Watch said
    "The call from Nov 15 stands: short under 400.42 ... no new call"."""
    fresh = _compose(()).issue
    (made,) = fresh.calls
    assert f"short under {made.trigger:,.2f}" in fresh.hook
    before = made.made_on - dt.timedelta(days=7)
    open_call = Call(id=f"{before}-breakdown-IWM", ticker="IWM", direction="short", trigger=70.0,
                     target=60.0, stop=75.0, horizon=before + dt.timedelta(days=26),
                     origin="breakdown", made_on=before)
    issue = _compose((GradedCall(open_call, "open", reason="not triggered yet"),)).issue
    assert f"short under {made.trigger:,.2f}" not in issue.hook
    assert (f"the same trade as the call from {before:%b} {before.day}, short under 70.00, "
            "which stands.") in issue.hook


def test_a_decided_earlier_call_does_not_hold_the_new_one_back() -> None:
    fresh = _compose(()).issue
    (made,) = fresh.calls
    before = made.made_on - dt.timedelta(days=7)
    done = GradedCall(Call(id="x", ticker="IWM", direction="short", trigger=70.0, target=60.0,
                           stop=75.0, horizon=before + dt.timedelta(days=26), origin="breakdown",
                           made_on=before), "failed", reason="stopped out")
    assert _compose((done,)).issue.calls == fresh.calls


# -- the replay keeps the live rule ------------------------------------------------------------

def _week(issue: dt.date, asof: dt.date, *calls: Call):
    from newsletter.replay.run import Week

    return Week(issue, asof, (), tuple(calls), (), ())


def _short(made_on: dt.date, trigger: float, n: str = "") -> Call:
    return Call(id=f"{made_on}-breakdown-IWM{n}", ticker="IWM", direction="short", trigger=trigger,
                target=trigger - 10, stop=trigger + 5, horizon=made_on + dt.timedelta(days=26),
                origin="breakdown", made_on=made_on)


def _daily(closes: dict[str, float]):
    import pandas as pd

    index = pd.DatetimeIndex([pd.Timestamp(d) for d in closes], name="Date")
    values = list(closes.values())
    return pd.DataFrame({"Open": values, "High": [v + 0.5 for v in values],
                         "Low": [v - 0.5 for v in values], "Close": values, "Adj Close": values,
                         "Volume": 1.0}, index=index)


def test_the_replay_holds_back_a_call_while_the_same_trade_is_open() -> None:
    from newsletter.replay.run import hold_back_repeats

    w1, w2, w3 = dt.date(2024, 1, 7), dt.date(2024, 1, 14), dt.date(2024, 1, 21)
    first, again, later = _short(w1, 100.0), _short(w2, 99.0), _short(w3, 98.0)
    # never under 100 through Jan 12: the first call is open (not triggered) at the second's as-of
    quiet = _daily({"2024-01-05": 101.0, "2024-01-08": 101.0, "2024-01-12": 101.5})
    weeks = [_week(w1, dt.date(2024, 1, 5), first), _week(w2, dt.date(2024, 1, 12), again)]
    kept, held = hold_back_repeats(weeks, {"IWM": quiet})
    assert (kept, held) == ([first], [again])
    # stopped out on Jan 9 (a high of 105.5 over the 105 stop, after a close under 100): decided,
    # so the next week's call is a new trade
    stopped = _daily({"2024-01-05": 101.0, "2024-01-08": 99.0, "2024-01-09": 105.0,
                      "2024-01-12": 102.0})
    kept, held = hold_back_repeats(weeks, {"IWM": stopped})
    assert (kept, held) == ([first, again], [])
    # a held-back call holds nothing back itself: the week after is judged against the first only
    weeks3 = [*weeks, _week(w3, dt.date(2024, 1, 19), later)]
    gone = _daily({"2024-01-05": 101.0, "2024-01-08": 101.0, "2024-01-12": 101.5,
                   "2024-01-16": 99.0, "2024-01-17": 89.0, "2024-01-19": 95.0})
    kept, held = hold_back_repeats(weeks3, {"IWM": gone})
    assert (kept, held) == ([first, later], [again])


def test_the_report_says_how_many_calls_were_held_back() -> None:
    from dataclasses import replace

    from newsletter.replay.report import build_report, summary
    from newsletter.replay.run import Replay

    w1 = dt.date(2024, 1, 7)
    quiet = _daily({"2024-01-05": 101.0, "2024-01-08": 101.0, "2024-01-12": 101.5})
    replay = Replay(source="test", start=w1, end=w1, weeks=(_week(w1, dt.date(2024, 1, 5)),),
                    graded=(), bars={"IWM": quiet}, data_end=dt.date(2024, 1, 12))
    held = replace(replay, held_back=(_short(w1, 99.0), _short(w1, 98.0, "b")))
    report = build_report(held)
    assert report["held_back"]["calls"] == 2
    assert ("held back: 2 calls repeated a trade still open from an earlier week (one position, "
            "counted once)") in summary(report)
    assert build_report(replay)["held_back"]["calls"] == 0
    one = build_report(replace(replay, held_back=(_short(w1, 99.0),)))
    assert "held back: 1 call repeated a trade still open" in "\n".join(summary(one))


def test_the_replay_counts_only_missing_data_as_a_skipped_section() -> None:
    """"No edge in force this week" is the section speaking, not a gap in the data: the replay's
    sections_skipped (which names the data a source lacks) must not count it."""
    from types import SimpleNamespace

    from newsletter.compose import _run
    from newsletter.sections.base import NothingQualified, SectionDataMissing
    from tests.sections.factories import context, crash_to_new_lows

    ctx = context({"IWM": crash_to_new_lows()})

    def module(exc: Exception):
        def build(_ctx):
            raise exc
        return SimpleNamespace(KEY="edge", EMOJI="📈", TITLE="The Historical Edge", build=build)

    quiet, _, _ = _run(module(NothingQualified("📈 No edge in force this week")), ctx)
    missing, _, _ = _run(module(SectionDataMissing("no data for SPY")), ctx)
    assert quiet is not None and not quiet.section.data_missing
    assert missing is not None and missing.section.data_missing


def test_a_standing_call_carries_its_setups_replayed_record() -> None:
    """READER.md: "How often has this setup worked? The replayed record, with n, ... beside the
    call." A call restated as standing is still the call the reader acts on."""
    from dataclasses import replace

    from newsletter.replay.record import with_record

    fresh = _compose(()).issue
    (made,) = fresh.calls
    before = made.made_on - dt.timedelta(days=7)
    open_call = Call(id=f"{before}-breakdown-IWM", ticker="IWM", direction="short", trigger=70.0,
                     target=60.0, stop=75.0, horizon=before + dt.timedelta(days=26),
                     origin="breakdown", made_on=before, setup="support break")
    issue = _compose((GradedCall(open_call, "open", reason="not triggered yet"),)).issue
    report = {"weeks": {"first": "2003-01-05"},
              "by_setup": {"support break": {"hit": 91, "stopped": 119, "expired": 3,
                                             "expectancy_r": 0.673}}}
    text = _render(replace(with_record(issue, report)))
    assert ("no new call.\n\n📜 This setup (support break) across the names replayed since 2003: "
            "91 of 213 hit the target (90% interval 37% to 48%), +0.7R a call (replay, "
            "hypothetical)") in text


def test_the_chart_draws_the_standing_call_not_the_plan_it_replaces() -> None:
    """The sample issue of 2026-11-22 said "The call from Nov 15 stands: short under 400.42,
    target 292.53, stop 423.75" under a chart drawn with this week's plan, not made: "levels:
    trigger 397.33, target 350, stop 410.13". The chart shows the trade the text stands by."""
    fresh = _compose(())
    (made,) = fresh.issue.calls
    (chart,) = [c for c in fresh.charts if c.kind == "candles"]
    assert dict(chart.inputs["levels"]) == {"trigger": made.trigger, "target": made.target,
                                            "stop": made.stop}
    before = made.made_on - dt.timedelta(days=7)
    open_call = Call(id=f"{before}-breakdown-IWM", ticker="IWM", direction="short", trigger=70.0,
                     target=60.0, stop=75.0, horizon=before + dt.timedelta(days=26),
                     origin="breakdown", made_on=before)
    held = _compose((GradedCall(open_call, "open", reason="not triggered yet"),))
    (chart,) = [c for c in held.charts if c.kind == "candles"]
    assert dict(chart.inputs["levels"]) == {"trigger": 70.0, "target": 60.0, "stop": 75.0}


# One position per ticker and direction within an issue, too.

def _two_minds_market() -> dict:
    """Three Minds up (the 10-year down half a point, IWM +4 on a still SPY) and the Regime Read
    risk-on (the VIX 15 against 20, HYG +4 on IEF, IWM +4): both make the same $SPY long."""
    from tests.analysis.factories import make_bars

    def ending(last: float, first: float = 100.0):
        return make_bars([first] * 299 + [last], spread=1.0)

    return {"^TNX": ending(3.5, 4.0), "SPY": ending(100.0), "IWM": ending(104.0),
            "IEF": ending(100.0), "HYG": ending(104.0), "^VIX": ending(15.0, 20.0)}


def test_two_sections_making_the_same_trade_in_one_issue_make_one_call() -> None:
    """The sample market of 2025-10-05 with Three Minds and the Regime Read on: each printed
    "🎯 One call: $SPY under 574.26 opens 544.75 by Oct 17" and the ledger held both, one
    position counted twice. The first section's call stands; the second says it is the same."""
    from newsletter.compose import compose
    from tests.sections.factories import context

    ctx = context(_two_minds_market(), sections={"lenses": True, "regime": True})
    issue = compose(ctx.config, ctx.snapshot, ctx.notes, ctx.issue_date).issue
    (made,) = issue.calls
    assert (made.origin, made.ticker, made.direction) == ("lenses", "SPY", "long")
    (repeat_id,) = issue.repeats
    assert repeat_id.endswith("-regime-SPY") and issue.repeats[repeat_id] is made
    text = _render(issue)
    assert text.count("🎯 One call") == 1
    assert ("👉 The same trade as the call in 🧩 Three Minds above: long $SPY over **100.50**, "
            "target **106.00**, stop 98.00. One position: no second call.") in text
    alone = context(_two_minds_market(), sections={"lenses": False, "regime": True})
    (own,) = compose(alone.config, alone.snapshot, alone.notes, alone.issue_date).issue.calls
    assert own.origin == "regime"  # on its own the Regime Read makes it


def _made(origin: str, ticker: str = "SPY", direction: str = "long") -> Call:
    day = dt.date(2025, 10, 5)
    return Call(id=f"{day}-{origin}-{ticker}-{direction}", ticker=ticker, direction=direction,
                trigger=100.0, target=106.0, stop=98.0, horizon=day + dt.timedelta(days=12),
                origin=origin, made_on=day)


@pytest.mark.parametrize(("second", "repeats"), [
    (_made("regime"), True),                        # same ticker and direction
    (_made("regime", direction="short"), False),    # the other way: a tension, not a repeat
    (_made("regime", ticker="QQQ"), False),         # another name
    (_made("notes"), False)])                       # the author's own book
def test_a_repeat_is_a_later_section_call_on_the_same_ticker_and_direction(second: Call,
                                                                           repeats: bool) -> None:
    from newsletter.calls import repeated_in_issue

    first = _made("lenses")
    assert repeated_in_issue([first, second]) == ({second.id: first} if repeats else {})


def test_a_notes_call_holds_no_section_call_back_in_the_issue() -> None:
    from newsletter.calls import repeated_in_issue

    mine, section, third = _made("notes"), _made("lenses"), _made("regime")
    assert repeated_in_issue([mine, section, third]) == {third.id: section}


def test_the_replay_counts_the_calls_made_once_in_an_issue() -> None:
    from dataclasses import replace

    from newsletter.replay.report import build_report, summary
    from newsletter.replay.run import Replay

    w1 = dt.date(2024, 1, 7)
    quiet = _daily({"2024-01-05": 101.0, "2024-01-08": 101.0, "2024-01-12": 101.5})
    week = _week(w1, dt.date(2024, 1, 5))
    replay = Replay(source="test", start=w1, end=w1, weeks=(week,), graded=(),
                    bars={"IWM": quiet}, data_end=dt.date(2024, 1, 12))
    assert build_report(replay)["repeated_in_issue"]["calls"] == 0
    assert "made once" not in "\n".join(summary(build_report(replay)))
    report = build_report(replace(replay, weeks=(replace(week, repeated=1),)))
    assert report["repeated_in_issue"]["calls"] == 1
    assert ("made once: 1 call was the same trade as another section's call in the same issue "
            "(one position, counted once)") in summary(report)
    two = build_report(replace(replay, weeks=(replace(week, repeated=1), replace(week, repeated=1))))
    assert "made once: 2 calls were the same trade" in "\n".join(summary(two))


def test_a_standing_call_weighs_as_news_not_as_a_fresh_call() -> None:
    """The replay's 2022-03-13, 05-01, 10-02 and 10-16 led "... Cracking Support" with a call
    made the week before ("the same trade as the call from Mar 6 ... which stands") over $DIA's
    correction and $SPY's worst day since 2020: the trade is last week's news. It weighs as a
    notable week's news and rides in the lead beside its name's story, as a call always does."""
    from dataclasses import replace

    from newsletter.config import CallsConfig
    from newsletter.sections import breakdown
    from tests.sections.factories import context, crash_to_new_lows

    ctx = context({"IWM": crash_to_new_lows()}, breakdown=["IWM"],
                  calls=CallsConfig(min_reward_risk=1.0, **LOOSE))
    (fresh,) = breakdown.build(ctx).signals
    assert fresh.call and fresh.strength > 2.0
    (made,) = breakdown.build(ctx).calls
    before = made.made_on - dt.timedelta(days=7)
    earlier = GradedCall(Call(id=f"{before}-breakdown-IWM", ticker="IWM", direction="short",
                              trigger=70.0, target=60.0, stop=75.0,
                              horizon=before + dt.timedelta(days=26), origin="breakdown",
                              made_on=before), "open", reason="not triggered yet")
    (standing,) = breakdown.build(replace(ctx, graded=(earlier,))).signals
    assert standing.call and standing.strength == breakdown.RISING_WEEK_CALL_STRENGTH
    assert standing.aside == standing.hook and "which stands" in standing.hook
