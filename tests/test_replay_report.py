"""The replay's figures, its report files, and its command line on bad input."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from newsletter.calls import grade_call
from newsletter.cli import main
from newsletter.data.sample import SampleSource
from newsletter.model import Call
from newsletter.replay import stats
from newsletter.replay.report import build_report
from newsletter.replay.run import run_replay
from newsletter.sections import rotation

SAMPLE_CONFIG = """\
data: {history_sessions: 400}
watchlists:
  indices: [SPY, QQQ, IWM, DIA, ^VIX]
  macro: [HYG, IEF]
  sectors: [XLU, XLP]
  breakdown: [SPY, QQQ, IWM, TSLA]
  sentiment: []
  story: []
themes: []
sections: {regime: true, macro: false, sentiment: false}
"""


def bars(rows: list[tuple[float, float, float]], start: str = "2024-01-02") -> pd.DataFrame:
    """Bars from (low, high, close) rows on consecutive business days."""
    index = pd.bdate_range(start, periods=len(rows), name="Date")
    frame = pd.DataFrame(rows, index=index, columns=["Low", "High", "Close"])
    frame["Open"] = frame["Close"]
    frame["Adj Close"] = frame["Close"]
    frame["Volume"] = 1.0
    return frame


SHORT = Call(id="c", ticker="X", direction="short", trigger=100.0, target=90.0, stop=105.0,
             horizon=dt.date(2024, 1, 12), origin="breakdown", made_on=dt.date(2024, 1, 1))


@pytest.mark.parametrize(("rows", "kind", "r"), [     # in at the 99.5 close, 5.5 under the stop
    ([(99, 101, 99.5), (89, 100, 91)], "hit", 9.5 / 5.5),              # out at the 90 target
    ([(99, 101, 99.5), (98, 106, 104)], "stopped", -1.0),
    ([(99, 101, 99.5), (96, 101, 97)] + [(96, 99, 97.5)] * 6, "expired", 2 / 5.5),  # out at 97.5
    ([(100.5, 103, 101)] * 8, "not triggered", None),
])
def test_each_outcome_earns_its_r(rows, kind, r) -> None:
    graded = grade_call(SHORT, bars(rows), dt.date(2024, 1, 31))
    assert stats.outcome(graded) == kind
    assert stats.r_multiple(graded) == (pytest.approx(r) if r is not None else None)


def test_a_call_past_the_data_is_open_and_not_counted() -> None:
    graded = grade_call(SHORT, bars([(99, 101, 99.5)]), dt.date(2024, 1, 2))
    rec = stats.record([graded])
    assert (stats.outcome(graded), rec.open, rec.hit_rate, rec.expectancy) == ("open", 1, None, None)


# The sample replay printed "337 calls, 259 triggered: 105 hit, 153 failed (138 stopped, 15
# expired), 2 open, 77 never triggered": the list after "259 triggered:" sums to 260 and takes in
# calls never triggered. Each count once, summing to the calls made, the rate's base named.

def test_the_record_line_counts_each_call_once_and_names_the_rate_base() -> None:
    from newsletter.replay.report import record_line

    asof = dt.date(2024, 1, 31)
    hit = grade_call(SHORT, bars([(99, 101, 99.5), (89, 100, 91)]), asof)
    stopped = grade_call(SHORT, bars([(99, 101, 99.5), (98, 106, 104)]), asof)
    never = grade_call(SHORT, bars([(100.5, 103, 101)] * 8), asof)
    open_live = grade_call(SHORT, bars([(99, 101, 99.5)]), dt.date(2024, 1, 2))
    open_waiting = grade_call(SHORT, bars([(100.5, 103, 101)]), dt.date(2024, 1, 2))
    rec = stats.record([hit, stopped, never, open_live, open_waiting]).as_dict()
    assert (rec["made"], rec["triggered"], rec["open"]) == (5, 3, 2)
    line = record_line(rec)
    assert line.startswith("5 calls: 1 hit, 1 failed (1 stopped, 0 expired), 1 never triggered, "
                           "2 open (1 triggered); hit rate 50% of 2 decided (90% ")
    assert "triggered:" not in line
    # R is a mean over the decided calls: "291 calls ... -0.26R a call" beside "-31.03R in all"
    # (2003-2022) read as per call made, and 291 x -0.26 is not -31.03 (118 x -0.26 is)
    assert f"{stats.pct(rec['hit_rate'])} of 2 decided" in line and "R a decided call, " in line


def test_wilson_interval_matches_the_textbook_figures() -> None:
    low, high = stats.wilson(0, 10)
    assert low == 0.0 and high == pytest.approx(0.2130, abs=1e-4)
    low, high = stats.wilson(14, 31)
    # worked by hand: centre 0.4555, half-width 0.1410
    assert low == pytest.approx(0.3144, abs=1e-4) and high == pytest.approx(0.5966, abs=1e-4)


def test_worst_run_counts_consecutive_losses_in_the_order_made() -> None:
    def g(day: int, rows) -> object:
        call = Call(**{**SHORT.__dict__, "id": f"c{day}", "made_on": dt.date(2024, 1, 1)
                       + dt.timedelta(days=day)})
        return grade_call(call, bars(rows, start=str(call.made_on + dt.timedelta(days=1))),
                          dt.date(2024, 3, 1))
    win, loss = [(99, 101, 99.5), (89, 100, 91)], [(99, 101, 99.5), (98, 106, 104)]
    rec = stats.record([g(0, loss), g(1, win), g(2, loss), g(3, loss), g(4, loss), g(5, win)])
    assert (rec.worst_run, rec.worst_run_r, rec.hit, rec.stopped) == (3, -3.0, 2, 4)


def test_calibration_bins_stated_against_realised() -> None:
    bins = stats.calibration([(0.05, True), (0.15, False), (0.17, True), (0.9, True)])
    assert [(b.n, round(b.stated, 2), b.realised) for b in bins] == [
        (1, 0.05, 1.0), (2, 0.16, 0.5), (1, 0.9, 1.0)]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "replay.yaml").write_text(SAMPLE_CONFIG, encoding="utf-8")
    return tmp_path


def run(workspace: Path, *args: str) -> int:
    return main(["-q", "-C", str(workspace), "replay", "--config", str(workspace / "replay.yaml"),
                 "--source", "sample", *args])


def test_the_report_is_the_same_bytes_twice_whatever_the_jobs_and_says_hypothetical_first(workspace, capsys) -> None:
    span = ["--from", "2019-01-01", "--to", "2019-04-30"]
    assert run(workspace, *span, "--out", str(workspace / "a")) == 0
    printed = capsys.readouterr().out
    # a second run, in one process instead of two workers: the same bytes
    assert run(workspace, *span, "--out", str(workspace / "b"), "--jobs", "1") == 0
    names = sorted(p.name for p in (workspace / "a").iterdir())
    assert {"index.html", "report.json", "calls.csv", "cumulative_r.png", "hit_rate_by_year.png",
            "calibration.png"} <= set(names)
    for name in names:
        assert (workspace / "a" / name).read_bytes() == (workspace / "b" / name).read_bytes(), name
    page = (workspace / "a" / "index.html").read_text(encoding="utf-8")
    body = page.split("<body>", 1)[1]
    assert body.index("Hypothetical: built after the fact from the rules of newsletter") < body.index("<h1>")
    assert "one R is the distance from that entry to the stop" in page
    assert "<div>per decided call<b>" in page and "<div>baseline per decided call<b>" in page
    assert "<th>R a decided call</th>" in page and "R a call" not in page
    report = json.loads((workspace / "a" / "report.json").read_text(encoding="utf-8"))
    assert report["weeks"]["count"] == 17 and report["overall"]["made"] > 0
    assert report["r_counted"] == "at fills"  # how an issue knows the report's R can be quoted
    assert report["calibration"]["bins"], "the regime read states a confidence on the sample"
    assert printed.startswith("Hypothetical:") and "hit rate" in printed and "baseline:" in printed
    lines = (workspace / "a" / "calls.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == report["overall"]["made"] + 1
    # each decided trade shows where it was entered and left, and its R follows from them
    rows = list(csv.DictReader(lines))
    traded = [r for r in rows if r["outcome"] in ("hit", "stopped", "expired")]
    assert traded, "the sample replay has decided trades"
    for row in traded:
        entry, fill, stop = float(row["entry"]), float(row["fill"]), float(row["stop"])
        sign = 1.0 if row["direction"] == "long" else -1.0
        assert float(row["r"]) == pytest.approx(sign * (fill - entry) / (sign * (entry - stop)),
                                                abs=1e-3)
    assert all(r["entry"] == r["fill"] == "" for r in rows if r["outcome"] == "not triggered")


@pytest.mark.parametrize(("args", "says"), [
    (["--from", "2020-03-01", "--to", "2020-01-01"], "--from: --from 2020-03-01 is after --to 2020-01-01"),
    (["--from", "2001-01-01", "--to", "2002-01-01"], "no week to replay from 2001-01-01 to 2002-01-01"),
    (["--sections", "breakdown,nonsense"], "--sections: unknown section 'nonsense'"),
])
def test_bad_input_is_one_line_and_exit_2(workspace, capsys, args, says) -> None:
    assert run(workspace, *args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and says in err and "Traceback" not in err


def test_default_config_on_a_folder_without_its_tickers_names_the_sections(tmp_path, capsys) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    SampleSource(7).history("SPY").to_csv(folder / "SPY.csv")
    assert main(["-q", "-C", str(tmp_path), "replay", "--source", f"csv:{folder}"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "breakdown needs one of TSLA" in err


def test_a_section_that_fails_one_week_is_counted_and_the_replay_goes_on(monkeypatch) -> None:
    import yaml

    from newsletter.config import Config

    config = Config.model_validate(yaml.safe_load(SAMPLE_CONFIG))
    real = rotation.build
    bad_week = dt.date(2019, 2, 10)

    def flaky(ctx):
        if ctx.issue_date == bad_week:
            raise ZeroDivisionError("planted")
        return real(ctx)

    monkeypatch.setattr(rotation, "build", flaky)
    replay = run_replay(config, SampleSource(7), dt.date(2019, 1, 27), dt.date(2019, 2, 24))
    assert len(replay.weeks) == 5
    report = build_report(replay)
    assert report["section_failures"] == {
        "rotation": {"weeks": 1, "first": "2019-02-10: rotation: ZeroDivisionError: planted"}}
    from newsletter.replay.report import _html, summary

    assert ("section failed: rotation in 1 week (first 2019-02-10: rotation: ZeroDivisionError: "
            "planted)") in summary(report)  # not "in 1 weeks" (the real bars' replay, 2003-09-07)
    assert "<b>rotation</b> failed in 1 week (first:" in _html(report, {})


def test_render_writes_each_weeks_issue_and_plain_replay_does_not(workspace) -> None:
    span = ["--from", "2019-03-01", "--to", "2019-03-12"]
    assert run(workspace, *span, "--out", str(workspace / "plain")) == 0
    assert not (workspace / "plain" / "weeks").exists()
    assert run(workspace, *span, "--out", str(workspace / "drawn"), "--render") == 0
    weeks = sorted(p.name for p in (workspace / "drawn" / "weeks").iterdir())
    assert weeks == ["2019-03-03", "2019-03-10"]
    for week in weeks:
        folder = workspace / "drawn" / "weeks" / week
        text = (folder / "issue.md").read_text(encoding="utf-8")
        assert "SAMPLE DATA" in text
        assert any((folder / "charts").glob("*.png"))
        # the replay's 2004-2006 review: none of 157 replayed issues said it was hypothetical,
        # each read as a dated live issue ("I expect a move down to 35.63 by Aug 4")
        assert text.startswith("> ⏪ **REPLAYED, HYPOTHETICAL**: built after the fact"), text[:300]
        page = (folder / "index.html").read_text(encoding="utf-8")
        assert "REPLAYED · HYPOTHETICAL" in page


# The replay's random-week baseline earned -0.03R a call on the real bars: at two decimals a
# smaller mean prints "-0.00R". What prints as zero has no sign, in the report as in the issue
# (newsletter.rounding.signed).

@pytest.mark.parametrize(("r", "said"), [
    (-0.004, "0.00R"), (0.004, "0.00R"), (-0.006, "-0.01R"), (0.26, "+0.26R"), (None, "n/a")])
def test_an_r_that_prints_as_zero_has_no_sign(r, said: str) -> None:
    from newsletter.replay.report import _r

    assert _r(r) == said
