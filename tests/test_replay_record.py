"""The replay's record reaches the issue beside each call, and the track-record page, apart."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from newsletter.build import build_issue
from newsletter.config import Config
from newsletter.errors import NewsletterError
from newsletter.model import Call
from newsletter.publish.archive import write_site
from newsletter.replay.record import setup_record
from newsletter.workspace import Workspace


def row(hit: int, stopped: int, expired: int, r: float) -> dict:
    return {"made": hit + stopped + expired + 3, "hit": hit, "stopped": stopped, "expired": expired,
            "failed": stopped + expired, "not_triggered": 3, "open": 0,
            "hit_rate": hit / (hit + stopped + expired) if hit + stopped + expired else None,
            "expectancy_r": r}


REPORT = {
    "banner": "Hypothetical: built after the fact from the rules of newsletter 0.1.0, not a live record.",
    "weeks": {"first": "2003-01-05", "last": "2022-11-13", "count": 1037},
    "by_setup": {"rejection at the 200-day": row(14, 10, 7, 0.42), "support break": row(5, 5, 0, -0.1),
                 "momentum crack": row(3, 2, 1, 0.2), "regime risk-off": row(0, 0, 0, 0.0)},
}
CALL = Call(id="x", ticker="TSLA", direction="short", trigger=275.0, target=245.0, stop=290.0,
            horizon=dt.date(2026, 12, 18), origin="breakdown", made_on=dt.date(2026, 11, 22),
            setup="rejection at the 200-day")


def test_a_call_quotes_its_setups_replayed_record() -> None:
    # with its 90% interval, as the live record and the replay page print theirs: the sample
    # issue's "0 of 3 ... hit the target, -1.0R a call" beside a new call read as a verdict
    assert setup_record(REPORT, CALL).words("$TSLA") == (
        "This setup (rejection at the 200-day) across the names replayed since 2003: 14 of 31 hit "
        "the target (90% interval 31% to 60%), +0.4R a call (replay, hypothetical)")
    assert setup_record(REPORT, Call(**{**CALL.__dict__, "setup": "regime risk-off"})) is None
    assert setup_record(REPORT, Call(**{**CALL.__dict__, "setup": "", "origin": "notes"})) is None


# The README's replay ran to 2022-11-18; a build of the 2020-03-22 issue in that workspace printed
# "📜 $QQQ, this setup (support break): 91 of 213 since 2003 hit the target, +0.7R a call": calls
# decided in 2021 and 2022 counted in a 2020 issue. The record is what was decided by the as-of.

def _decided_report() -> dict:
    return {**REPORT, "data_end": "2022-11-18", "decided": [
        ["2019-05-03", "rejection at the 200-day", "hit", 2.0],
        ["2020-03-20", "rejection at the 200-day", "stopped", -1.0],
        ["2020-03-23", "rejection at the 200-day", "hit", 3.0],
        ["2020-03-20", "support break", "expired", 0.5]]}


@pytest.mark.parametrize(("asof", "line"), [
    (dt.date(2019, 5, 2), None),
    (dt.date(2019, 5, 3), "1 of 1 hit the target (90% interval 27% to 100%), +2.0R a call"),
    (dt.date(2020, 3, 19), "1 of 1 hit the target (90% interval 27% to 100%), +2.0R a call"),
    (dt.date(2020, 3, 20), "1 of 2 hit the target (90% interval 12% to 88%), +0.5R a call"),
    (dt.date(2020, 3, 23), "2 of 3 hit the target (90% interval 25% to 92%), +1.3R a call"),
])
def test_the_record_counts_only_calls_decided_by_the_as_of(asof: dt.date, line: str | None) -> None:
    got = setup_record(_decided_report(), CALL, asof)
    if line is None:
        assert got is None
    else:
        assert got.words("$TSLA") == (f"This setup (rejection at the 200-day) across the names "
                                      f"replayed since 2003: {line} (replay, hypothetical)")


# Found on the real bars (the 2011-08-14 issue of the README's replay workspace): "📜 $IWM, this
# setup (support break): 19 of 52 since 2003 ..." and "📜 $SPY, this setup (support break): 19 of
# 52 since 2003 ..." under two calls of the same issue. The record pools the setup's calls on every
# name replayed; led by the ticker, it read as each name's own. It now says what it pools, and how
# the call's own ticker did within it.

def _by_ticker(*rows: tuple[str, str, float]) -> dict:
    return {**REPORT, "data_end": "2022-11-18",
            "decided": [["2019-05-03", "support break", outcome, r, ticker]
                        for ticker, outcome, r in rows]}


BREAK = Call(**{**CALL.__dict__, "ticker": "IWM", "setup": "support break"})


@pytest.mark.parametrize(("rows", "words"), [
    ((("IWM", "hit", 2.0), ("SPY", "stopped", -1.0), ("QQQ", "stopped", -1.0), ("IWM", "stopped", -1.0)),
     "This setup (support break) on the 3 names replayed since 2003: 1 of 4 hit the target (90% "
     "interval 6% to 64%), -0.2R a call; $IWM alone 1 of 2, +0.5R (replay, hypothetical)"),
    ((("SPY", "hit", 2.0), ("QQQ", "stopped", -1.0)),
     "This setup (support break) on the 2 names replayed since 2003: 1 of 2 hit the target (90% "
     "interval 12% to 88%), +0.5R a call; none of them on $IWM (replay, hypothetical)"),
    ((("IWM", "hit", 2.0), ("IWM", "stopped", -1.0)),
     "This setup (support break) on $IWM since 2003: 1 of 2 hit the target (90% interval 12% to "
     "88%), +0.5R a call (replay, hypothetical)"),
    ((("SPY", "hit", 2.0),),
     "This setup (support break) on the one name replayed since 2003: 1 of 1 hit the target (90% "
     "interval 27% to 100%), +2.0R a call; none of them on $IWM (replay, hypothetical)"),
])
def test_the_record_says_which_names_it_pools(rows, words: str) -> None:
    assert setup_record(_by_ticker(*rows), BREAK, dt.date(2020, 1, 3)).words("$IWM") == words


def test_rows_without_tickers_say_the_record_is_pooled() -> None:
    """A report written before the rows named their ticker: the scope is still said."""
    words = setup_record(_decided_report(), CALL, dt.date(2020, 3, 23)).words("$TSLA")
    assert words.startswith("This setup (rejection at the 200-day) across the names replayed since")
    assert "$TSLA" not in words


def test_a_report_without_decision_dates_past_the_as_of_is_not_quoted() -> None:
    """An older report.json (no "decided" rows) whose data runs past the as-of cannot be cut."""
    old = {**REPORT, "data_end": "2022-11-18"}
    assert setup_record(old, CALL, dt.date(2020, 3, 22)) is None
    assert setup_record(old, CALL, dt.date(2022, 11, 18)) is not None


def test_the_replay_report_lists_each_decided_call_with_its_date() -> None:
    from newsletter.calls import grade_call
    from newsletter.replay.report import decided_rows
    from tests.test_replay_report import SHORT, bars

    hit = grade_call(SHORT, bars([(99, 101, 99.5), (89, 100, 91)]), dt.date(2024, 1, 31))
    never = grade_call(SHORT, bars([(100.5, 103, 101)] * 8), dt.date(2024, 1, 31))
    assert decided_rows([hit, never]) == [["2024-01-03", "breakdown", "hit", 1.727273,  # 9.5 / 5.5
                                           SHORT.ticker]]


def workspace(root: Path, report: str) -> Workspace:
    (root / "replay").mkdir(parents=True, exist_ok=True)
    (root / "replay" / "report.json").write_text(json.dumps(REPORT), encoding="utf-8")
    return Workspace(root=root, config=Config(replay_report=report))


def test_the_issue_prints_the_record_under_each_call(tmp_path: Path) -> None:
    ws = workspace(tmp_path, "replay/report.json")
    result = build_issue(ws, source="sample", issue_date=dt.date(2026, 11, 22))
    calls = [c for c in result.issue.calls if c.origin == "breakdown"]
    assert calls and all(c.setup for c in calls)
    text = result.files["issue.md"].read_text(encoding="utf-8")
    for c in calls:
        assert f"📜 This setup ({c.setup}) across the names replayed since 2003: " in text
    assert "(replay, hypothetical)" in result.files["index.html"].read_text(encoding="utf-8")
    saved = json.loads((result.folder / "calls.json").read_text(encoding="utf-8"))
    assert {d["setup"] for d in saved if d["origin"] == "breakdown"} <= set(REPORT["by_setup"])


def test_each_breakdown_record_sits_under_its_own_call_not_after_the_last_pick(tmp_path: Path) -> None:
    """The replay config's week to 2011-08-05 printed "📜 $QQQ, this setup …" under $IWM's
    "No trade", the section's last block: a reader takes it for IWM's record. (One short a week
    since 2026-12-07: the sample's other pick is a no-trade, whose block carries no record.)"""
    ws = workspace(tmp_path, "replay/report.json")
    result = build_issue(ws, source="sample", issue_date=dt.date(2026, 11, 22))
    calls = [c for c in result.issue.calls if c.origin == "breakdown"]
    assert len(calls) == 1
    blocks = result.files["issue.md"].read_text(encoding="utf-8").split("\n## ")
    picks = [b for b in blocks if b.startswith("📌 ")]
    assert len(picks) >= 2 and sum("🚫 **No trade**" in b for b in picks) >= 1
    for c in calls:
        own = next(b for b in blocks if b.startswith("📌 ") and f" ${c.ticker} – " in b.split("\n")[0])
        lines = [line for line in own.splitlines() if line.strip()]
        plan = next(i for i, line in enumerate(lines) if line.startswith("👉 "))
        assert lines[plan + 1].startswith(f"📜 This setup ({c.setup}) "), lines
        assert sum(line.startswith("📜 ") for line in lines) == 1
    assert sum(b.count("📜 ") for b in blocks) == len(calls)  # each printed once


def test_the_track_record_page_shows_the_replay_apart(tmp_path: Path) -> None:
    ws = workspace(tmp_path, "replay/report.json")
    ws.output_dir.mkdir()
    write_site(ws, [])
    page = (ws.output_dir / "track-record.html").read_text(encoding="utf-8")
    live, replay = page.split("Replay: a hypothetical record", 1)
    assert "No calls yet." in live and "14 of" not in live
    assert "rejection at the 200-day" in replay and "45% (n = 31)" in replay and "+0.42R" in replay


def test_the_track_record_page_sets_the_replay_against_its_random_week_baseline(tmp_path: Path) -> None:
    """The page's replay table gave each setup's hit rate and R a call with no baseline beside it
    (READER.md); the report has the random-week sceptic's record of the same plans."""
    ws = workspace(tmp_path, "replay/report.json")
    report = {**REPORT, "baseline": {"what": "random weeks", "overall": row(9, 20, 2, -0.05)}}
    (tmp_path / "replay" / "report.json").write_text(json.dumps(report), encoding="utf-8")
    ws.output_dir.mkdir()
    write_site(ws, [])
    page = (ws.output_dir / "track-record.html").read_text(encoding="utf-8")
    replay = page.split("Replay: a hypothetical record", 1)[1]
    baseline = replay.split("The same plans on random weeks", 1)[1].split("</tr>", 1)[0]
    assert "29% (n = 31)" in baseline and "-0.05R" in baseline, baseline


def test_a_missing_report_names_the_key(tmp_path: Path) -> None:
    ws = Workspace(root=tmp_path, config=Config(replay_report="nowhere/report.json"))
    with pytest.raises(NewsletterError, match="replay_report: no replay report here"):
        build_issue(ws, source="sample", issue_date=dt.date(2026, 11, 22))


def test_calls_json_without_a_setup_still_loads_and_a_setup_round_trips() -> None:
    from newsletter.calls import call_from_json, call_to_json

    old = {k: v for k, v in call_to_json(CALL).items() if k != "setup"}
    assert call_from_json(old).setup == ""
    assert call_from_json(call_to_json(CALL)) == CALL


# A replay on the sample market quoted beside a call on real bars (or the reverse) is a record of
# another market: a wrong number with a true-looking n. It is not quoted, and the build says why.

@pytest.mark.parametrize(("report_source", "quoted"), [("sample", True), ("csv:yahoo-daily", False),
                                                      ("yahoo", False)])
def test_a_sample_build_quotes_only_a_sample_replay(tmp_path: Path, report_source: str,
                                                    quoted: bool) -> None:
    (tmp_path / "replay").mkdir()
    (tmp_path / "replay" / "report.json").write_text(json.dumps({**REPORT, "source": report_source}),
                                                     encoding="utf-8")
    ws = Workspace(root=tmp_path, config=Config(replay_report="replay/report.json"))
    result = build_issue(ws, source="sample", issue_date=dt.date(2026, 11, 22))
    text = result.files["issue.md"].read_text(encoding="utf-8")
    assert ("📜 " in text) is quoted
    said = [w for w in result.warnings if "replay_report" in w]
    if quoted:
        assert said == []
    else:
        assert said == [f"replay_report: the replay ran on {report_source}, not the sample market: "
                        "its record is not quoted beside this issue's calls"]


def test_a_real_data_build_does_not_quote_a_sample_replay() -> None:
    from newsletter.replay.record import matching_report

    report = {**REPORT, "source": "sample"}
    assert matching_report(report, sample=False) == (
        None, "replay_report: the replay ran on the sample market, not real data: its record is "
              "not quoted beside this issue's calls")
    assert matching_report({**REPORT, "source": "csv:yahoo-daily"}, sample=False) == (
        {**REPORT, "source": "csv:yahoo-daily"}, None)
    assert matching_report(REPORT, sample=False) == (REPORT, None)  # no source: as before
    assert matching_report(None, sample=True) == (None, None)


def test_build_takes_a_replay_report_for_one_run(tmp_path: Path) -> None:
    """`newsletter build --replay-report FILE` quotes a report the config does not name (the demo's
    sample replay): the config and the workspace are left as they are."""
    from newsletter.cli import main

    ws = tmp_path / "ws"
    assert main(["-q", "init", str(ws)]) == 0
    config = (ws / "newsletter.yaml").read_text(encoding="utf-8")
    report = tmp_path / "elsewhere" / "report.json"
    report.parent.mkdir()
    report.write_text(json.dumps({**REPORT, "source": "sample"}), encoding="utf-8")
    assert main(["-q", "-C", str(ws), "build", "--source", "sample", "--date", "2026-11-22",
                 "--replay-report", str(report)]) == 0
    text = (ws / "issues" / "2026-11-22" / "issue.md").read_text(encoding="utf-8")
    assert "📜 This setup (" in text and "(replay, hypothetical)" in text
    assert (ws / "newsletter.yaml").read_text(encoding="utf-8") == config
    assert main(["-q", "-C", str(ws), "build", "--source", "sample", "--date", "2026-11-22",
                 "--out", str(tmp_path / "plain")]) == 0
    assert "📜 " not in (tmp_path / "plain" / "2026-11-22" / "issue.md").read_text(encoding="utf-8")


# A replay report written before R was counted at the fills says "+0.6R a call" of calls that
# earned -0.2R at the prices a reader could get: quoting it beside a new call is a wrong number
# with a true-looking n. Reports say how they counted R; one that does not is not quoted.

def test_a_report_that_counted_r_from_the_trigger_is_not_quoted() -> None:
    from newsletter.replay.record import matching_report
    from newsletter.replay.stats import R_COUNTED

    old = {**REPORT, "source": "csv:yahoo-daily", "r_definition": "One R is the distance from a "
           "call's trigger to its stop."}
    assert matching_report(old, sample=False) == (
        None, "replay_report: the replay counted R from the trigger level, as replays did before "
              "R was counted at the fills; run `newsletter replay` again: until then its record "
              "is not quoted")
    current = {**old, "r_counted": R_COUNTED}
    assert matching_report(current, sample=False) == (current, None)


def test_the_track_record_page_leaves_out_a_report_that_counted_r_from_the_trigger(
        tmp_path: Path) -> None:
    ws = Workspace(root=tmp_path, config=Config(replay_report="replay/report.json"))
    (tmp_path / "replay").mkdir()
    old = {**REPORT, "source": "csv:yahoo-daily", "r_definition": "from the trigger"}
    (tmp_path / "replay" / "report.json").write_text(json.dumps(old), encoding="utf-8")
    ws.output_dir.mkdir(parents=True, exist_ok=True)
    write_site(ws, [])
    page = (ws.output_dir / "track-record.html").read_text(encoding="utf-8")
    assert "Hypothetical" not in page


# READER.md: every historical figure carries its n, a baseline and an interval. The line under a
# call gave the setup's hit rate and R a call with no baseline: on the real bars the support
# breaks' -0.24R a call against the random-week sceptic's -0.05R is the point a trader needs. The
# baseline rows are each dated by the later of the random call's decision and the real call it
# copies (its geometry is not known before that call was made).

def _with_baseline(rows: list[list]) -> dict:
    report = _by_ticker(("IWM", "hit", 2.0), ("SPY", "stopped", -1.0))
    return {**report, "baseline": {**report.get("baseline", {}), "decided": rows}}


@pytest.mark.parametrize(("asof", "tail"), [
    (dt.date(2019, 5, 3), None),
    (dt.date(2019, 5, 4), ", against -1.0R for the same plans on random weeks (n = 1)"),
    (dt.date(2019, 5, 7), ", against 0.0R for the same plans on random weeks (n = 2)"),
])
def test_a_calls_record_carries_the_random_week_baseline_known_by_the_as_of(
        asof: dt.date, tail: str | None) -> None:
    rows = [["2019-05-04", "support break", "stopped", -1.0, "SPY"],
            ["2019-05-07", "support break", "hit", 1.0, "IWM"],
            ["2019-05-07", "rejection at the 200-day", "hit", 3.0, "IWM"]]
    words = setup_record(_with_baseline(rows), BREAK, asof).words("$IWM")
    assert words.startswith("This setup (support break) on the 2 names replayed since 2003: 1 of 2 "
                            "hit the target (90% interval 12% to 88%), +0.5R a call")
    if tail is None:
        assert "random weeks" not in words
    else:
        assert f"+0.5R a call{tail}; $IWM alone 1 of 1, +2.0R (replay, hypothetical)" in words


def test_the_replay_report_dates_each_baseline_call_by_the_call_it_copies() -> None:
    from newsletter.calls import grade_call
    from newsletter.replay import stats
    from newsletter.replay.report import baseline_rows
    from tests.test_replay_report import SHORT, bars

    source = grade_call(SHORT, bars([(99, 101, 99.5), (89, 100, 91)]), dt.date(2024, 1, 31))
    early = dataclasses.replace(source.call, id=stats.baseline_id(0, SHORT.id),
                                made_on=SHORT.made_on - dt.timedelta(days=70))
    copied = dataclasses.replace(source, call=early, date=SHORT.made_on - dt.timedelta(days=60))
    later = dataclasses.replace(source, call=dataclasses.replace(early, id=stats.baseline_id(1, SHORT.id)),
                                date=SHORT.made_on + dt.timedelta(days=9))
    rows = baseline_rows([copied, later], [source])
    assert [r[0] for r in rows] == [SHORT.made_on.isoformat(),
                                    (SHORT.made_on + dt.timedelta(days=9)).isoformat()]
    assert rows[0][1:] == ["breakdown", "hit", 1.727273, SHORT.ticker]


@pytest.mark.parametrize(("r", "words"), [(-0.03, "0.0R"), (-0.05, "-0.1R"), (0.049, "0.0R"),
                                          (0.05, "+0.1R"), (0.0, "0.0R"), (-1.0, "-1.0R")])
def test_an_r_that_prints_as_zero_has_no_sign(r: float, words: str) -> None:
    from newsletter.replay.record import r_words

    assert r_words(r) == words


def test_a_baseline_copy_names_the_call_it_copies() -> None:
    """The report dates each copy by its source call (baseline_rows): a copy whose source could
    not be found would be quoted before its plan existed, so the id round-trips or fails loudly."""
    from newsletter.replay import stats

    source = "2015-06-28-breakdown-QQQ"
    assert stats.baseline_source(stats.baseline_id(12, source)) == source
    with pytest.raises(ValueError, match="not a baseline call id"):
        stats.baseline_source(source)
