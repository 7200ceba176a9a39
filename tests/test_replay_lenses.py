"""The lenses' record in the replay: graded reads, the in-sample fit, both periods in the report."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from newsletter.analysis.lenses import LensRead
from newsletter.analysis.synthesis import realised_direction
from newsletter.cli import main
from newsletter.lens_weights import read_lens_weights
from newsletter.replay import lenses as lens_record
from newsletter.replay.lenses import LensWeek, fit_in_sample, period, summarise
from newsletter.replay.run import Week

SPLIT = lens_record.SPLIT


def read(name: str, direction: str, confidence: float = 0.6) -> LensRead:
    return LensRead(name, direction, confidence, (), (name,), ())  # type: ignore[arg-type]


def week(made: dt.date, macro: str, flow: str, contrarian: str, realised: str,
         horizon_days: int = 12) -> LensWeek:
    """A graded week: SPY from 100 to 101 (up), 99 (down) or 100 (flat)."""
    end = {"up": 101.0, "down": 99.0, "flat": 100.0}[realised]
    return LensWeek(made, made - dt.timedelta(days=2), made + dt.timedelta(days=horizon_days),
                    (read("macro", macro), read("flow", flow), read("contrarian", contrarian)),
                    100.0, end)


def in_sample_weeks(n: int = 40) -> list[LensWeek]:
    """``n`` weeks in 2005-2006, the market up and down in turn (chance is one half): macro right
    3 in 4, flow 5 in 8, contrarian 6 in 10."""
    out = []
    for i in range(n):
        realised = "up" if i % 2 else "down"
        other = "down" if realised == "up" else "up"
        out.append(week(dt.date(2005, 1, 2) + dt.timedelta(weeks=i),
                        realised if i % 4 else other, realised if i % 8 > 2 else other,
                        realised if i % 10 < 6 else other, realised))
    return out


# --- the split ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("made", "graded_by", "where"), [
    (dt.date(2012, 12, 19), dt.date(2012, 12, 30), "in_sample"),     # graded the day before
    (dt.date(2012, 12, 19), dt.date(2012, 12, 31), "in_sample"),     # graded on the split: in
    (dt.date(2012, 12, 19), dt.date(2013, 1, 1), "between"),         # graded the day after
    (dt.date(2012, 12, 31), dt.date(2012, 12, 31), "in_sample"),     # made and graded on it
    (dt.date(2012, 12, 31), dt.date(2013, 1, 12), "between"),        # made on it, graded after
    (dt.date(2013, 1, 1), dt.date(2013, 1, 13), "out_of_sample"),    # made the day after: out
])
def test_the_split_date_boundaries(made, graded_by, where) -> None:
    assert period(made, graded_by) == where


def test_the_split_is_the_end_of_2012() -> None:
    assert SPLIT == dt.date(2012, 12, 31)


@pytest.mark.parametrize(("start", "end", "side"), [
    (100.0, 100.0, "flat"), (100.0, 100.00001, "up"), (100.0, 99.99999, "down")])
def test_the_market_side_at_its_boundary(start, end, side) -> None:
    assert realised_direction(start, end) == side


# --- the fit -----------------------------------------------------------------------------------

def test_the_fit_reads_in_sample_rows_only() -> None:
    base = in_sample_weeks()
    weights = fit_in_sample(base)
    assert weights == pytest.approx({"macro": 0.25 / 0.475, "flow": 0.125 / 0.475,
                                     "contrarian": 0.1 / 0.475})
    # planted after the split: contrarian perfect, macro always wrong, 200 times over
    planted = [week(dt.date(2013, 1, 6) + dt.timedelta(weeks=i), "down", "up", "up", "up")
               for i in range(200)]
    # and made in 2012 but graded in 2013 (between): as potent, as ignored
    planted.append(week(dt.date(2012, 12, 30), "down", "up", "up", "up"))
    assert fit_in_sample(base + planted) == weights
    # the same plant dated in sample does move the weights: the plant is potent
    early = [week(dt.date(2008, 1, 6) + dt.timedelta(weeks=i), "down", "up", "up", "up")
             for i in range(200)]
    assert fit_in_sample(base + early) != weights


def test_one_planted_out_of_sample_record_changes_no_weight() -> None:
    base = in_sample_weeks()
    planted = week(dt.date(2013, 1, 1), "down", "down", "up", "up", horizon_days=0)
    assert fit_in_sample([*base, planted]) == fit_in_sample(base)
    inside = week(dt.date(2012, 12, 31), "down", "down", "up", "up", horizon_days=0)
    assert fit_in_sample([*base, inside]) != fit_in_sample(base)  # the day before is in sample


def test_an_ungraded_week_is_not_fitted() -> None:
    base = in_sample_weeks()
    still_open = LensWeek(dt.date(2006, 6, 4), dt.date(2006, 6, 2), dt.date(2006, 6, 16),
                          (read("macro", "up"), read("flow", "up"), read("contrarian", "up")), 100.0, None)
    assert still_open.realised is None
    assert fit_in_sample([*base, still_open]) == fit_in_sample(base)


# --- calibration -------------------------------------------------------------------------------

def test_summary_and_calibration_on_a_hand_case() -> None:
    points = [("up", 0.6, "up"), ("up", 0.6, "down"), ("down", 0.75, "down"),
              ("flat", 0.4, "up"), ("down", 0.8, "flat"), ("up", 0.5999, "up")]
    got = summarise(points)
    # six reads, one flat (not graded); of five up/down reads three right; a realised flat proves
    # a "down" wrong
    assert (got["reads"], got["flat"], got["stated"], got["right"]) == (6, 1, 5, 3)
    assert got["hit_rate"] == 0.6
    assert [(b["low"], b["n"], b["stated"], b["realised"]) for b in got["calibration"]] == [
        (0.55, 1, 0.5999, 1.0),     # just under 0.60: the bin below
        (0.6, 2, 0.6, 0.5),         # exactly 0.60: its own bin
        (0.75, 1, 0.75, 1.0),
        (0.8, 1, 0.8, 0.0),
    ]
    lo, hi = got["interval_90"]
    # Wilson 90% for 3 of 5: centre 0.5649, half-width 0.2924
    assert lo == pytest.approx(0.2725, abs=1e-4) and hi == pytest.approx(0.8573, abs=1e-4)


# --- grading on SPY ----------------------------------------------------------------------------

def spy(closes: dict[str, float]) -> pd.DataFrame:
    index = pd.DatetimeIndex([pd.Timestamp(d) for d in closes], name="Date")
    return pd.DataFrame({"Close": list(closes.values())}, index=index)


def test_each_week_is_graded_on_spy_from_the_asof_to_the_horizon() -> None:
    from newsletter.model import Section
    from newsletter.sections.lenses import LensesData

    reads = (read("macro", "up"), read("flow", "down"), read("contrarian", "flat"))
    from newsletter.analysis.synthesis import synthesize
    data = LensesData(reads, synthesize(reads), (), (), 0.6, None, None, "flat")
    section = Section(key="lenses", emoji="🧩", title="Three Minds", data=data)
    bars = {"SPY": spy({"2024-01-05": 100.0, "2024-01-18": 103.0, "2024-01-19": 98.0,
                        "2024-01-26": 97.0})}
    weeks = [Week(dt.date(2024, 1, 7), dt.date(2024, 1, 5), (section,), (), (), ()),
             Week(dt.date(2024, 1, 14), dt.date(2024, 1, 12), (section,), (), (), ())]
    got = lens_record.lens_weeks(weeks, bars, data_end=dt.date(2024, 1, 24))
    # horizon 2024-01-19 (issue + 12 days): the close that day, 98, under the as-of's 100
    assert (got[0].start, got[0].end, got[0].realised) == (100.0, 98.0, "down")
    # the second week's horizon (2024-01-26) is past the data: not graded
    assert got[1].realised is None
    rows = lens_record.csv_rows(got, {"macro": 1.0, "flow": 1.0, "contrarian": 1.0})
    assert [str(x) for x in rows[1][:9]] == ["2024-01-07", "2024-01-05", "2024-01-19", "out_of_sample",
                                             "100.0", "98.0", "down", "flat", "0.4000"]
    assert rows[2][3] == "open" and rows[2][5] == "" and rows[2][6] == ""
    assert rows[1][9:11] == ["up", "0.6000"]  # macro as read


# --- the report and the page -------------------------------------------------------------------

SAMPLE_CONFIG = """\
data: {history_sessions: 400}
watchlists:
  indices: [SPY, QQQ, IWM, DIA, ^VIX]
  macro: [HYG, IEF]
  sectors: [XLU, XLP]
  breakdown: [SPY]
  sentiment: []
  story: []
themes: []
sections: {regime: false, macro: false, sentiment: false, breakdown: false, lenses: true}
"""


@pytest.fixture
def sample_split(monkeypatch):
    """The sample market starts in 2016: split it in March 2019 instead."""
    monkeypatch.setattr(lens_record, "SPLIT", dt.date(2019, 3, 10))


def replay(workspace: Path, out: str, *args: str) -> int:
    return main(["-q", "-C", str(workspace), "replay", "--config", str(workspace / "replay.yaml"),
                 "--source", "sample", "--from", "2019-01-01", "--to", "2019-05-15", "--out",
                 str(workspace / out), *args])


def test_report_and_page_carry_both_periods_the_same_bytes_every_run(tmp_path, sample_split,
                                                                     capsys) -> None:
    (tmp_path / "replay.yaml").write_text(SAMPLE_CONFIG, encoding="utf-8")
    assert replay(tmp_path, "a", "--jobs", "2") == 0
    printed = capsys.readouterr().out
    assert replay(tmp_path, "b", "--jobs", "1") == 0
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert {"report.json", "index.html", "lenses.csv", "lens_weights.json", "lens_calibration.png"} <= set(names)
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    part = json.loads((tmp_path / "a" / "report.json").read_text(encoding="utf-8"))["lenses"]
    assert part["split"] == "2019-03-10"
    assert part["periods"]["in_sample"]["weeks"] > 0 and part["periods"]["out_of_sample"]["weeks"] > 0
    assert part["periods"]["in_sample"]["to"] <= "2019-03-10" < part["periods"]["out_of_sample"]["from"]
    for row in ("macro", "flow", "contrarian", "synthesis", "synthesis (equal weights)"):
        for where in ("in_sample", "out_of_sample"):
            rec = part["rows"][row][where]
            assert rec["reads"] == rec["flat"] + rec["stated"]
            assert sum(b["n"] for b in rec["calibration"]) == rec["stated"]
    assert sum(part["weights"].values()) == pytest.approx(1.0, abs=1e-5)
    page = (tmp_path / "a" / "index.html").read_text(encoding="utf-8")
    assert "Lenses and synthesis (hypothetical)" in page
    assert "The weights were fitted on 2019 only" in page and "is out of sample" in page
    assert "in sample (2019)" in page and "out of sample (2019)" in page
    assert "lenses and synthesis (hypothetical): weights fitted on 2019" in printed
    weights = read_lens_weights(tmp_path / "a" / "lens_weights.json")
    assert weights.weights == part["weights"]
    assert weights.out_of_sample.of == part["rows"]["synthesis"]["out_of_sample"]["stated"]


def test_no_lenses_no_lens_part_and_no_stale_weights_file(tmp_path) -> None:
    (tmp_path / "replay.yaml").write_text(SAMPLE_CONFIG.replace("lenses: true", "lenses: false")
                                          .replace("breakdown: false", "breakdown: true"),
                                          encoding="utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "lens_weights.json").write_text("{}", encoding="utf-8")
    assert replay(tmp_path, "a") == 0
    assert json.loads((tmp_path / "a" / "report.json").read_text(encoding="utf-8"))["lenses"] is None
    assert not (tmp_path / "a" / "lens_weights.json").exists()
    assert "Lenses and synthesis" not in (tmp_path / "a" / "index.html").read_text(encoding="utf-8")


def test_the_real_replay_splits_at_the_end_of_2012_and_says_what_the_data_lacks(
        real_data_dir, tmp_path, capsys) -> None:
    repo = Path(__file__).resolve().parents[1]
    code = main(["-q", "-C", str(tmp_path), "replay", "--config",
                 str(repo / "examples" / "replay-lenses.yaml"), "--source", f"csv:{real_data_dir}",
                 "--from", "2012-11-01", "--to", "2013-02-28", "--sections", "lenses",
                 "--out", str(tmp_path / "r")])
    assert code == 0
    part = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))["lenses"]
    # the Sundays of 23 and 30 December 2012 are graded in January 2013: in neither period
    assert part["between"] == ["2012-12-23", "2012-12-30"]
    assert part["periods"]["in_sample"]["to"] == "2012-12-16"
    assert part["periods"]["out_of_sample"]["from"] == "2013-01-06"
    page = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert "The weights were fitted on 2012 only" in page and "2013 is out of sample" in page
    lacks = part["lacks"]
    assert lacks == (
        "What this data lacks: the macro lens never read rates (^TNX), dollar (DX-Y.NYB), oil (CL=F), "
        "VIX term structure (^VIX3M), credit (HYG/LQD), so it read only VIX level (^VIX), "
        "VIX change (^VIX); the flow lens never read breadth (the breadth universe), sector rotation "
        "(offense/defense), dealer gamma (option chain), so it read only size rotation (IWM/SPY).")
    assert lacks in page


@pytest.mark.parametrize(("weeks", "fitted"), [(30, True), (29, False)])
def test_the_report_says_why_the_weights_stayed_equal(weeks, fitted) -> None:
    """Every lens states up or down each week here: 30 weeks is the fit's minimum record, 29 not."""
    from newsletter.replay.lens_report import lens_lines

    part = lens_record.lens_report(in_sample_weeks(weeks))
    assert part["fitted"] is fitted
    weights_line = lens_lines(part)[1]
    if fitted:
        assert "equal" not in weights_line and part["too_short"] == []
    else:
        assert part["weights"] == {"macro": 0.333333, "flow": 0.333333, "contrarian": 0.333333}
        assert weights_line.endswith("(equal: macro had 29, flow had 29, contrarian had 29 graded "
                                     "up/down reads in sample, under the 30 the fit needs)")


def test_the_replays_weights_reach_the_issue(real_data_dir, tmp_path) -> None:
    """replay → lens_weights.json → `lenses: {weights: …}` → the issue's synthesis states its record."""
    repo = Path(__file__).resolve().parents[1]
    example = (repo / "examples" / "replay-lenses.yaml").read_text(encoding="utf-8")
    assert main(["-q", "-C", str(tmp_path), "replay", "--config", str(repo / "examples" / "replay-lenses.yaml"),
                 "--source", f"csv:{real_data_dir}", "--from", "2012-11-01", "--to", "2013-02-28",
                 "--sections", "lenses", "--out", str(tmp_path / "replay")]) == 0
    fitted = read_lens_weights(tmp_path / "replay" / "lens_weights.json")
    (tmp_path / "newsletter.yaml").write_text(
        example + "lenses: {weights: replay/lens_weights.json}\n", encoding="utf-8")
    out = tmp_path / "issues"
    assert main(["-q", "-C", str(tmp_path), "build", "--source", f"csv:{real_data_dir}",
                 "--asof", "2022-11-18", "--out", str(out)]) == 0
    issue = (out / "2022-11-20" / "issue.md").read_text(encoding="utf-8")
    o = fitted.out_of_sample
    assert (f"fitted on the replay, synthesis: {o.right} of {o.of} right out of sample 2013 "
            "(replay, hypothetical)") in issue
