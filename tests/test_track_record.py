"""The hit rate counts decided calls only: open calls are neither hits nor misses (issue 17)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsletter.calls import save_calls
from newsletter.model import Call, GradedCall
from newsletter.track_record import Tally, tally, track_record


def _call(n: int, origin: str = "breakdown", direction: str = "short") -> Call:
    return Call(id=f"c{n}", ticker="TSLA", direction=direction, trigger=100.0, target=90.0, stop=105.0,
                horizon=dt.date(2026, 12, 18), origin=origin, made_on=dt.date(2026, 11, 20))


def _graded(*grades: str) -> list[GradedCall]:
    return [GradedCall(_call(n), grade) for n, grade in enumerate(grades)]


@pytest.mark.parametrize("grades, rate", [
    (("hit", "failed", "open", "open"), 50.0),      # open calls left out of the denominator
    (("hit", "open", "open", "open"), 100.0),
    (("failed", "open"), 0.0),
    (("open", "open"), None),                       # nothing decided: no rate, not 0 %
    ((), None),
    (("hit",), 100.0),
    (("hit", "hit", "failed"), pytest.approx(200 / 3)),
])
def test_hit_rate_is_hits_over_decided_calls(grades: tuple[str, ...], rate) -> None:
    counted = tally("all", _graded(*grades))
    assert (counted.hit, counted.failed, counted.open) == (
        grades.count("hit"), grades.count("failed"), grades.count("open"))
    assert counted.decided == counted.hit + counted.failed
    assert counted.hit_rate == rate


def test_a_tally_with_open_calls_has_the_rate_of_its_decided_calls() -> None:
    assert Tally("x", hit=1, failed=1, open=0).hit_rate == Tally("x", hit=1, failed=1, open=9).hit_rate


def test_an_issue_of_open_calls_shows_no_hit_rate(tmp_path: Path) -> None:
    folder = tmp_path / "2026-11-22"
    folder.mkdir()
    save_calls(folder, [_call(1), _call(2, origin="notes", direction="long")])
    record = track_record(tmp_path)
    assert [g.grade for g in record.graded] == ["open", "open"]
    assert record.overall == Tally("all", 0, 0, 2) and record.overall.hit_rate is None
    assert {t.origin: t.hit_rate for t in record.by_origin} == {"breakdown": None, "notes": None}


def test_staging_folders_of_a_build_are_not_issues(tmp_path: Path) -> None:
    (tmp_path / "2026-11-22").mkdir()
    save_calls(tmp_path / "2026-11-22", [_call(1)])
    staging = tmp_path / ".2026-11-29.staging-123"
    staging.mkdir()
    save_calls(staging, [_call(2)])
    assert [g.call.id for g in track_record(tmp_path).graded] == ["c1"]


def _bars(rows: list[tuple[str, float, float, float]]):
    """Daily bars from (date, low, high, close) rows."""
    import pandas as pd

    index = pd.DatetimeIndex([pd.Timestamp(d) for d, *_ in rows], name="Date")
    return pd.DataFrame({"Open": [c for *_, c in rows], "High": [h for _, _, h, _ in rows],
                         "Low": [lo for _, lo, _, _ in rows], "Close": [c for *_, c in rows],
                         "Adj Close": [c for *_, c in rows], "Volume": [1_000] * len(rows)}, index=index)


def _store(root: Path, day: str, calls: list[Call], bars=None) -> None:
    from newsletter.data.snapshot import save_snapshot
    from newsletter.model import Snapshot

    folder = root / day
    folder.mkdir(parents=True)
    save_calls(folder, calls)
    if bars is not None:
        save_snapshot(Snapshot("csv:test", dt.date.fromisoformat(bars.index[-1].date().isoformat()),
                               {"TSLA": bars}), folder / "snapshot")


def _short(n: int, origin: str, made_on: dt.date, target: float = 90.0) -> Call:
    return Call(id=f"c{n}", ticker="TSLA", direction="short", trigger=100.0, target=target, stop=105.0,
                horizon=dt.date(2026, 12, 31), origin=origin, made_on=made_on)


def test_the_track_record_grades_every_issue_with_the_newest_snapshot(tmp_path: Path, capsys) -> None:
    week1, week2 = dt.date(2026, 11, 13), dt.date(2026, 11, 20)
    hit = _short(1, "breakdown", week1)                    # triggered, then the target
    failed = _short(2, "notes", week1, target=50.0)        # triggered, then the stop
    still_open = Call(id="c3", ticker="TSLA", direction="long", trigger=500.0, target=600.0, stop=400.0,
                      horizon=dt.date(2026, 12, 31), origin="notes", made_on=week2)
    old = _bars([("2026-11-13", 110, 112, 111)])
    new = _bars([("2026-11-13", 110, 112, 111), ("2026-11-16", 99, 101, 99.5),
                 ("2026-11-17", 89, 100, 95), ("2026-11-18", 95, 106, 104), ("2026-11-19", 100, 104, 102),
                 ("2026-11-20", 100, 104, 102)])
    _store(tmp_path, "2026-11-15", [hit, failed], old)
    _store(tmp_path, "2026-11-22", [still_open], new)
    record = track_record(tmp_path)
    assert record.asof == dt.date(2026, 11, 20)  # the newest snapshot, not the first
    assert {g.call.id: g.grade for g in record.graded} == {"c1": "hit", "c2": "failed", "c3": "open"}
    # R from the entry, the 99.50 close that triggered both shorts (5.50 under the stop: 1R):
    # the hit earns 9.50 to its target, 9.5/5.5 R; the stop loses 1R
    hit_r = 9.5 / 5.5
    assert record.overall == Tally("all", 1, 1, 1, 0, pytest.approx(hit_r - 1.0))
    assert record.overall.hit_rate == 50.0
    assert record.by_origin == (Tally("breakdown", 1, 0, 0, 0, pytest.approx(hit_r)),
                                Tally("notes", 0, 1, 1, 0, -1.0))
    assert record.by_direction == (Tally("long", 0, 0, 1),
                                   Tally("short", 1, 1, 0, 0, pytest.approx(hit_r - 1.0)))
    only_first = track_record(tmp_path, [dt.date(2026, 11, 15)])  # the archive's published issues
    assert [g.call.id for g in only_first.graded] == ["c1", "c2"]
    assert only_first.asof == dt.date(2026, 11, 13)
    assert {g.grade for g in only_first.graded} == {"open"}  # nothing after the call in that snapshot


def test_calls_without_any_snapshot_stay_open_with_the_reason(tmp_path: Path) -> None:
    _store(tmp_path, "2026-11-15", [_short(1, "breakdown", dt.date(2026, 11, 13))])
    [graded] = track_record(tmp_path).graded
    assert (graded.grade, graded.reason) == ("open", "no prices to grade it with")
    assert track_record(tmp_path).asof is None


def test_a_damaged_snapshot_leaves_the_calls_open_instead_of_failing(tmp_path: Path, caplog) -> None:
    _store(tmp_path, "2026-11-15", [_short(1, "breakdown", dt.date(2026, 11, 13))],
           _bars([("2026-11-13", 110, 112, 111)]))
    (tmp_path / "2026-11-15" / "snapshot" / "bars.parquet").write_bytes(b"not parquet")
    with caplog.at_level("WARNING", logger="newsletter.track_record"):
        record = track_record(tmp_path)
    assert [(g.grade, g.reason) for g in record.graded] == [("open", "no prices to grade it with")]
    assert record.asof is None
    [warning] = [r.getMessage() for r in caplog.records]
    assert warning.startswith(f"track record left ungraded: {tmp_path / '2026-11-15' / 'snapshot'}")


def test_newsletter_calls_prints_each_call_and_the_rate_of_decided_calls_only(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from newsletter.track_record import print_track_record

    week1 = dt.date(2026, 11, 13)
    bars = _bars([("2026-11-13", 110, 112, 111), ("2026-11-16", 99, 101, 99.5),
                  ("2026-11-17", 89, 100, 95), ("2026-11-18", 95, 106, 104)])
    still_open = Call(id="c3", ticker="TSLA", direction="long", trigger=120.0, target=130.0, stop=80.0,
                      horizon=dt.date(2026, 12, 31), origin="notes", made_on=week1)
    calls = [_short(1, "breakdown", week1), _short(2, "notes", week1, target=50.0), still_open]
    _store(tmp_path, "2026-11-15", calls, bars)
    lines: list[str] = []
    print_track_record(SimpleNamespace(output_dir=tmp_path), lines.append)
    assert lines[0] == "Track record, graded with prices to 2026-11-18:"
    assert lines[1].startswith("  ✅ 2026-11-13 breakdown  TSLA   short trigger 100.00 target 90.00 stop 105.00")
    # each call ends as the recap says it: the price is the trade that decided it, not a fill
    # ("stopped out 2026-11-18 at 106.00" read as out at 106.00, a point past the 105.00 stop)
    assert lines[1].endswith("  Target hit on Nov 17, 2026 (a trade at 89.00): +1.7R, in at 99.50 "
                             "on the close that triggered it.")
    assert lines[2].startswith("  ❌ 2026-11-13 notes      TSLA   short trigger 100.00 target 50.00")
    assert lines[2].endswith("  Stopped out on Nov 18, 2026 (a trade at 106.00): -1.0R, in at 99.50 "
                             "on the close that triggered it.")
    assert lines[3].startswith("  🟡 2026-11-13 notes      TSLA   long  trigger 120.00")
    assert lines[3].endswith("  Still open: not triggered yet, last 104.00, horizon Dec 31.")
    assert lines[4] == ("Hit rate of triggered, decided calls with its 90% interval (one never "
                        "triggered is counted apart), R a decided call; by section, by kind, in all:")
    assert lines[5:] == [
        "  breakdown   100% (90% 27% to 100%)  (1 hit, 0 failed, 0 never triggered, 0 open), "
        "+1.73R a decided call",
        "  notes         0% (90% 0% to 73%)  (0 hit, 1 failed, 0 never triggered, 1 open), "
        "-1.00R a decided call",
        "  long         n/a  (0 hit, 0 failed, 0 never triggered, 1 open)",
        "  short        50% (90% 12% to 88%)  (1 hit, 1 failed, 0 never triggered, 0 open), "
        "+0.36R a decided call",
        "  all          50% (90% 12% to 88%)  (1 hit, 1 failed, 0 never triggered, 1 open), "
        "+0.36R a decided call",
    ]


def test_newsletter_calls_with_no_calls_says_so(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from newsletter.track_record import print_track_record

    lines: list[str] = []
    print_track_record(SimpleNamespace(output_dir=tmp_path / "issues"), lines.append)
    assert lines == [f"No calls stored yet under {tmp_path / 'issues'}."]


def test_newsletter_calls_without_prices_prints_the_reason_and_no_evidence(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from newsletter.track_record import print_track_record

    _store(tmp_path, "2026-11-15", [_short(1, "breakdown", dt.date(2026, 11, 13))])
    lines: list[str] = []
    print_track_record(SimpleNamespace(output_dir=tmp_path), lines.append)
    assert lines[0] == "Track record, not graded yet (no saved prices):"
    assert lines[1] == ("  🟡 2026-11-13 breakdown  TSLA   short trigger 100.00 target 90.00 stop 105.00  "
                        "Still open: no prices to grade it with.")


# -- one definition of a hit rate, live and replayed ---------------------------------------
# The track-record page showed the live record with a call that never triggered counted as ❌
# failed (hit rate = hits ÷ hits and failures), and beside it the replay, which counts such a
# call apart (hits ÷ triggered decided calls). Two hit rates on one page meant different things.

NEVER = "horizon passed without the trigger"


def _outcomes(*pairs: tuple[str, str]) -> list[GradedCall]:
    return [GradedCall(_call(n), grade, reason=reason) for n, (grade, reason) in enumerate(pairs)]


def test_a_call_that_never_triggered_is_counted_apart_not_as_a_failure() -> None:
    graded = _outcomes(("hit", "target hit"), ("failed", NEVER), ("failed", "stopped out"),
                       ("failed", "horizon passed without the target"), ("open", ""))
    counted = tally("all", graded)
    assert (counted.hit, counted.failed, counted.not_triggered, counted.open) == (1, 2, 1, 1)
    assert counted.made == 5 and counted.decided == 3
    assert counted.hit_rate == pytest.approx(100 / 3)
    low, high = counted.interval
    assert (round(low), round(high)) == (8, 75)  # Wilson, 90%: the replay's interval


def test_nothing_decided_has_no_interval() -> None:
    assert tally("all", _outcomes(("open", ""), ("failed", NEVER))).interval is None


def test_the_live_tally_and_the_replay_agree_on_the_same_calls() -> None:
    from newsletter.replay.stats import record

    graded = _outcomes(("hit", "target hit"), ("failed", NEVER), ("failed", "stopped out"),
                       ("hit", "target hit"))
    live, replayed = tally("all", graded), record(graded)
    assert live.hit_rate == pytest.approx(100 * replayed.hit_rate)
    assert (live.hit, live.failed, live.not_triggered) == (
        replayed.hit, replayed.stopped + replayed.expired, replayed.not_triggered)
    assert live.r_per_call == pytest.approx(replayed.expectancy)


@pytest.mark.parametrize(("pairs", "r"), [
    ((("hit", "target hit"),), 2.0),                       # target 10 under a 100 trigger, stop 5 over
    ((("failed", "stopped out"),), -1.0),
    ((("hit", "target hit"), ("failed", "stopped out")), 0.5),
    ((("failed", NEVER),), None),                          # never triggered: no R, no rate
    ((("open", ""),), None)])
def test_the_live_record_says_its_r_a_call(pairs, r) -> None:
    assert tally("all", _outcomes(*pairs)).r_per_call == (pytest.approx(r) if r is not None else None)


def _recap_text(graded: list[GradedCall], record: bool = False) -> str:
    """The recap of an issue whose ``graded`` calls are last week's (or, with ``record``, every
    earlier call: the live record)."""
    from dataclasses import replace

    from newsletter.config import Config, Watchlists
    from newsletter.sections import recap
    from newsletter.track_record import live_record
    from tests.analysis.factories import make_bars
    from tests.sections.factories import render
    from tests.sections.small_frames import context

    ctx = context({"SPY": make_bars([100.0] * 30, "2026-10-12")},
                  config=Config(watchlists=Watchlists(indices=["SPY"], macro=[], sectors=[])))
    ctx = replace(ctx, record=live_record(graded)) if record else replace(ctx, graded=tuple(graded))
    return render(ctx, recap.build(ctx).section)


def test_the_recap_marks_a_call_that_never_triggered_apart_from_a_failure() -> None:
    never = GradedCall(_call(1), "failed", dt.date(2026, 11, 20), 101.0, NEVER)
    stopped = GradedCall(_call(2), "failed", dt.date(2026, 11, 18), 105.5, "stopped out")
    text = _recap_text([never, stopped])
    assert ("⚪ **$TSLA**: short under **100.00**, target **90.00**, stop 105.00. Never triggered: "
            "its horizon passed with the last close at 101.00 (Nov 20).") in text
    assert "❌ **$TSLA**: short under **100.00**, target **90.00**, stop 105.00. Stopped out " \
           "on Nov 18 (a trade at 105.50): -1.0R." in text


def test_the_recap_says_a_killed_setup_was_cancelled_before_its_trigger() -> None:
    from newsletter.calls import KILLED_BEFORE_TRIGGER

    killed = GradedCall(_call(1), "failed", dt.date(2026, 11, 17), 105.5, KILLED_BEFORE_TRIGGER)
    text = _recap_text([killed])
    assert ("⚪ **$TSLA**: short under **100.00**, target **90.00**, stop 105.00. Never triggered: "
            "the setup was killed first, a trade at 105.50 on Nov 17 (at or past the stop).") in text
    assert "horizon passed" not in text


# Found building the sample week after week: "❌ $TSLA: short under 524.78, ... stop 538.50.
# Stopped out (May 12, 555.21): -1.0R" read as out at 555.21, the day's high; the fill was the
# 538.50 stop. The price quoted is the trade that decided the call, and the recap says so; an
# expired call's is its horizon close, which is where it was left.

def test_a_decided_call_in_the_recap_says_what_it_earned() -> None:
    hit = GradedCall(_call(1), "hit", dt.date(2026, 11, 24), 89.0, "target hit")
    expired = GradedCall(_call(2), "failed", dt.date(2026, 12, 18), 98.0,
                         "horizon passed without the target")
    text = _recap_text([hit, expired])
    assert "stop 105.00. Target hit on Nov 24 (a trade at 89.00): +2.0R." in text
    assert "stop 105.00. Horizon passed without the target (the Dec 18 close, 98.00): +0.4R." in text


# Found building the sample market (seed 11) week after week: "❌ $SPY (from the Nov 16 issue):
# short under 501.15, ... Horizon passed without the target (the Nov 28 close, 490.93): +0.6R." A
# cross beside a call that made money: it failed its target, not the trade. A call whose time ran
# out has its own mark; it still counts as decided and not hit, as the hit rate defines.

def test_a_call_whose_horizon_passed_is_marked_for_time_not_for_a_loss() -> None:
    from newsletter.calls import OUTCOME_MARKS, outcome

    stopped = GradedCall(_call(1), "failed", dt.date(2026, 11, 18), 106.0, "stopped out")
    up = GradedCall(_call(2), "failed", dt.date(2026, 12, 18), 98.0,
                    "horizon passed without the target")
    down = GradedCall(_call(3), "failed", dt.date(2026, 12, 18), 101.0,
                      "horizon passed without the target")
    lines = [ln for ln in _recap_text([stopped, up, down]).splitlines() if "**$TSLA**" in ln]
    assert [ln.split(" ")[0] for ln in lines] == ["❌", "⌛", "⌛"]
    assert "+0.4R" in lines[1] and "-0.2R" in lines[2]  # the R says how the time ran out
    assert [outcome(g) for g in (stopped, up, down)] == ["stopped", "expired", "expired"]
    assert OUTCOME_MARKS["expired"] == "⌛" and OUTCOME_MARKS["stopped"] == "❌"


def test_a_decided_call_in_the_recap_says_where_it_was_entered_and_left() -> None:
    """R is counted from the close that triggered the call, out at the open when the price gapped
    past the level: the recap shows both, so "+1.7R" on a 10-point target with 5 of risk can be
    checked by hand."""
    hit = GradedCall(_call(1), "hit", dt.date(2026, 11, 24), 89.0, "target hit", 99.0, 90.0)
    gapped = GradedCall(_call(2), "failed", dt.date(2026, 11, 18), 108.0, "stopped out", 99.0, 107.5)
    at_stop = GradedCall(_call(3), "failed", dt.date(2026, 11, 18), 106.0, "stopped out", 99.0, 105.0)
    text = _recap_text([hit, gapped, at_stop])
    assert ("Target hit on Nov 24 (a trade at 89.00): +1.5R, in at 99.00 on the close that "
            "triggered it.") in text
    assert ("Stopped out on Nov 18 (a trade at 108.00): -1.4R, in at 99.00 on the close that "
            "triggered it, out at the 107.50 open, gapped past the stop.") in text
    assert ("Stopped out on Nov 18 (a trade at 106.00): -1.0R, in at 99.00 on the close that "
            "triggered it.") in text


def test_the_calls_command_counts_never_triggered_calls_apart(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from newsletter.track_record import print_track_record

    week1 = dt.date(2026, 11, 13)
    bars = _bars([("2026-11-13", 110, 112, 111), ("2026-11-16", 109, 112, 111),
                  ("2026-11-17", 109, 112, 110)])
    never = Call(id="c9", ticker="TSLA", direction="short", trigger=100.0, target=90.0, stop=105.0,
                 horizon=dt.date(2026, 11, 17), origin="breakdown", made_on=week1)
    _store(tmp_path, "2026-11-15", [never], bars)
    lines: list[str] = []
    print_track_record(SimpleNamespace(output_dir=tmp_path), lines.append)
    assert lines[1].startswith("  ⚪ 2026-11-13 breakdown  TSLA ")
    assert lines[-1] == "  all          n/a  (0 hit, 0 failed, 1 never triggered, 0 open)"


# -- the live record in the issue itself ------------------------------------------------------

def _with_record(graded: list[GradedCall]) -> str:
    return _recap_text(graded, record=True)


def test_the_recap_says_how_often_the_newsletter_was_right() -> None:
    """READER.md: "a record that says how much to trust it". The live record was only on the
    archive's track-record page; an issue never said how its earlier calls had done."""
    graded = _outcomes(("hit", "target hit"), ("failed", "stopped out"), ("failed", NEVER),
                       ("open", ""), ("hit", "target hit"))
    text = _with_record(graded)
    assert ("📒 **The record so far** (live, every call since Nov 20, 2026): 5 calls: 2 hit, 1 failed, "
            "1 never triggered, 1 open. 67% of the 3 decided hit (90% interval 25% to 92%), "
            "+1.00R a decided call.") in text


def test_a_record_with_nothing_decided_says_so() -> None:
    text = _with_record(_outcomes(("open", ""), ("failed", NEVER)))
    assert ("📒 **The record so far** (live, every call since Nov 20, 2026): 2 calls: 1 never triggered, "
            "1 open. None decided yet: no hit rate.") in text


def test_no_earlier_call_no_record_line() -> None:
    assert "The record so far" not in _with_record([])


# Found building the README workspace's issues out of order: the 2021-11-28 issue's Last Week
# Recap graded "$QQQ: short under 170.12 ... Never triggered" with nothing to say it came from the
# Mar 22, 2020 issue. After a skipped week, or beside a call still open from weeks ago, a call
# older than last week's issue says which issue made it.

@pytest.mark.parametrize(("made_on", "words"), [
    (dt.date(2026, 11, 15), ""),                                  # last week's issue (Nov 22 now)
    (dt.date(2026, 11, 14), " (from the Nov 14 issue)"),          # a day before it
    (dt.date(2026, 11, 8), " (from the Nov 8 issue)"),
    (dt.date(2025, 11, 30), " (from the Nov 30, 2025 issue)")])                # another year
def test_a_call_older_than_last_weeks_issue_says_which_issue_made_it(made_on: dt.date,
                                                                     words: str) -> None:
    from dataclasses import replace as swap

    call = swap(_call(1), made_on=made_on)
    text = _recap_text([GradedCall(call, "open", reason="not triggered yet")])
    assert f"🟡 **$TSLA**{words}: short under **100.00**" in text, text


def test_the_recap_says_a_call_triggered_past_its_target_was_never_entered() -> None:
    """The 2014-10-19 issue marked "✅ $QQQ ... Target hit on Aug 9 at 49.93: -0.2R, in at 50.59"
    for a call whose triggering close was already under its 51.45 target."""
    import datetime as dt

    import pandas as pd

    from newsletter.calls import grade_call
    from newsletter.model import Call

    call = Call(id="c", ticker="QQQ", direction="short", trigger=53.79, target=51.45, stop=54.47,
                horizon=dt.date(2011, 9, 2), origin="breakdown", made_on=dt.date(2011, 8, 7))
    idx = pd.DatetimeIndex(["2011-08-08", "2011-08-09"], name="Date")
    bars = pd.DataFrame({"Open": [53.0, 51.35], "High": [53.2, 52.0], "Low": [50.3, 49.93],
                         "Close": [50.59, 51.9], "Adj Close": [50.59, 51.9], "Volume": 1.0}, index=idx)
    g = grade_call(call, bars, dt.date(2011, 8, 12))
    text = _recap_text([g])
    assert "⚪ **$QQQ**" in text and "✅" not in text
    assert ("Never entered: the close that crossed the trigger, 50.59 on Aug 8, was already past "
            "the target, with nothing left to make.") in text


# The sample's `newsletter calls` (seed 11) read "regime 0% (90% 0% to 57%) (0 hit, 2 failed, ...),
# +0.39R a decided call": both failures were calls whose time ran out in profit, and nothing said
# so. A failed count says how many expired, as the replay's summary does.

@pytest.mark.parametrize(("failed", "expired", "words"), [
    (2, 0, "2 failed"),
    (2, 1, "2 failed (1 stopped, 1 expired)"),
    (2, 2, "2 failed (0 stopped, 2 expired)")])
def test_a_failed_count_says_how_many_expired(failed: int, expired: int, words: str) -> None:
    from newsletter.track_record import LiveRecord

    tally = Tally("all", 1, failed, 0, 1, 0.5, expired)
    assert tally.failed_words == words
    assert LiveRecord(tally, dt.date(2025, 10, 5)).summary().startswith(
        f"{tally.made} calls: 1 hit, {words}, 1 never triggered. ")


def test_the_tally_counts_expired_calls_among_the_failed() -> None:
    stopped = GradedCall(_call(1), "failed", dt.date(2026, 11, 18), 106.0, "stopped out")
    expired = GradedCall(_call(2), "failed", dt.date(2026, 12, 18), 98.0,
                         "horizon passed without the target")
    t = tally("all", [stopped, expired])
    assert (t.failed, t.expired) == (2, 1)
