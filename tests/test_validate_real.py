"""Faults planted in the real bars from ../shared (skips when absent): 0 silently wrong numbers.

Each test copies the Yahoo CSV folder, plants one fault, builds the 2022-11-20 issue as of
2022-11-18 in-process and asserts three things: the issue text never shows the wrong
figure that the fault produced before the validation stage existed (quoted beside each
test), build.json names the finding, and when a key ticker (the indices) is hit the
publishing checks hold the issue.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import re
import shutil
from pathlib import Path

import pytest

from newsletter.build import build_issue
from newsletter.checks import run_checks
from newsletter.cli import main
from newsletter.publish.pipeline import publish
from newsletter.workspace import Workspace
from tests.publish.smtp_server import SmtpTestServer, smtp_server_fixture  # noqa: F401
from tests.publish.test_pipeline_factories import NY, make_workspace

ASOF = dt.date(2022, 11, 18)
SUNDAY_EVENING = dt.datetime(2022, 11, 20, 20, 0)
FIELDS = ["Date", "Open", "High", "Low", "Close", "Adj Close", "Volume"]


class Planted:
    """A copy of the real bars folder to plant faults in, and the issue built from it."""

    def __init__(self, real: Path, tmp_path: Path) -> None:
        self.dir = tmp_path / "bars"
        shutil.copytree(real, self.dir)
        self.ws_dir = tmp_path / "ws"
        self.ws_dir.mkdir()
        self.out = tmp_path / "issues"

    def rows(self, ticker: str) -> list[dict[str, str]]:
        with (self.dir / f"{ticker}.csv").open(newline="") as handle:
            return list(csv.DictReader(handle))

    def write(self, ticker: str, rows: list[dict[str, str]]) -> None:
        with (self.dir / f"{ticker}.csv").open("w", newline="") as handle:
            writer = csv.DictWriter(handle, FIELDS)
            writer.writeheader()
            writer.writerows(rows)

    def close(self, ticker: str, day: str) -> float:
        return next(float(r["Close"]) for r in self.rows(ticker) if r["Date"] == day)

    def build(self, config: str = ""):
        (self.ws_dir / "newsletter.yaml").write_text(config, encoding="utf-8")
        ws = Workspace.open(self.ws_dir)
        result = build_issue(ws, source=f"csv:{self.dir}", asof=ASOF, out=self.out)
        self.issue = (result.folder / "issue.md").read_text(encoding="utf-8")
        self.report = json.loads((result.folder / "build.json").read_text(encoding="utf-8"))
        self.checks = run_checks(ws, result, now=SUNDAY_EVENING)
        return result

    def findings(self, ticker: str, kind: str | None = None) -> list[dict]:
        return [f for f in self.report.get("validation", [])
                if f["ticker"] == ticker and (kind is None or f["kind"] == kind)]

    def scoreboard_line(self, ticker: str) -> str | None:
        return next((ln for ln in self.issue.splitlines() if f"${ticker} **" in ln), None)

    def held_by_validation(self, ticker: str) -> bool:
        return any(r.startswith("data validation: ") and f"{ticker}: " in r for r in self.checks.reasons)


@pytest.fixture
def planted(real_data_dir: Path, tmp_path: Path) -> Planted:
    return Planted(real_data_dir, tmp_path)


def _week(new: float, old: float) -> str:
    return f"{(new / old - 1) * 100:+.1f}%"


def test_the_clean_bars_pass_with_no_finding(planted: Planted) -> None:
    planted.build()
    assert planted.report["validation"] == []
    assert not [r for r in planted.checks.reasons if r.startswith(("data validation", "fresh data"))]
    assert "**$SPY near a round number.** It closed 1.0% under the **400** milestone." in planted.issue


def test_a_duplicated_last_date_with_close_500(planted: Planted) -> None:
    """Before: the loader kept the last duplicate; headline "🚨 The S&P Rips 25.5%"."""
    rows = planted.rows("SPY")
    rows.append({**rows[-1], "Close": "500.0"})
    planted.write("SPY", rows)
    wrong = _week(500.0, planted.close("SPY", "2022-11-11"))
    planted.build()
    assert wrong == "+25.5%"
    assert wrong not in planted.issue and "500.00" not in planted.issue
    [dup] = planted.findings("SPY", "duplicate")
    assert dup["dates"] == ["2022-11-18"] and dup["action"] == "dropped"
    assert f"Close {planted.close('SPY', '2022-11-18'):g} / 500" in dup["message"]
    assert planted.findings("SPY", "stale"), "with both bars out, SPY ends on Nov 17"
    assert planted.held_by_validation("SPY")


def test_an_identical_duplicate_is_corrected_and_does_not_hold(planted: Planted) -> None:
    rows = planted.rows("QQQ")
    rows.append(dict(rows[-1]))
    planted.write("QQQ", rows)
    planted.build()
    [dup] = planted.findings("QQQ", "duplicate")
    assert dup["action"] == "corrected" and "one bar of each kept" in dup["message"]
    assert planted.scoreboard_line("QQQ") is not None
    assert not planted.held_by_validation("QQQ")
    assert "data: QQQ: 1 date delivered more than once" in " ".join(planted.report["warnings"])


def test_a_last_bar_times_ten(planted: Planted) -> None:
    """Before: "Rips 893.8%"."""
    rows = planted.rows("SPY")
    rows[-1] = {**rows[-1], **{k: str(float(rows[-1][k]) * 10) for k in ("Open", "High", "Low", "Close", "Adj Close")}}
    planted.write("SPY", rows)
    wrong = _week(float(rows[-1]["Close"]), planted.close("SPY", "2022-11-11"))
    planted.build()
    assert wrong == "+893.8%"
    assert wrong not in planted.issue and f"{float(rows[-1]['Close']):,.2f}" not in planted.issue
    [split] = planted.findings("SPY", "split")
    assert split["dates"] == ["2022-11-18"] and "10.05× the session before" in split["message"]
    assert planted.held_by_validation("SPY")


def test_an_unadjusted_iwm_history(planted: Planted) -> None:
    """Before: "IWM -90.2% · 89.9% under the 200-day" (every bar but the last ×10)."""
    rows = planted.rows("IWM")
    for row in rows[:-1]:
        for k in ("Open", "High", "Low", "Close", "Adj Close"):
            row[k] = str(float(row[k]) * 10)
    planted.write("IWM", rows)
    planted.build()
    assert "-90.2%" not in planted.issue and "89.9% under" not in planted.issue
    assert planted.scoreboard_line("IWM") is None
    [split] = planted.findings("IWM", "split")
    assert "0.10×" in split["message"] and "unadjusted split" in split["message"]
    assert planted.held_by_validation("IWM")


@pytest.mark.parametrize("value", ["", "NaN", "abc"])
def test_a_last_close_that_is_not_a_number(planted: Planted, value: str) -> None:
    """Before: the row was dropped and the issue said "week to Nov 18" with the Nov 17 close."""
    rows = planted.rows("SPY")
    rows[-1]["Close"] = value
    planted.write("SPY", rows)
    nov17 = planted.close("SPY", "2022-11-17")
    planted.build()
    assert f"**{nov17:.2f}**" not in planted.issue
    assert planted.scoreboard_line("SPY") is None
    [bad] = planted.findings("SPY", "non_finite")
    assert bad["dates"] == ["2022-11-18"] and "Close nan" in bad["message"]
    assert planted.findings("SPY", "stale")[0]["dates"] == ["2022-11-17"]
    assert planted.held_by_validation("SPY")


def test_spy_alone_five_bars_stale(planted: Planted) -> None:
    """Before: "No data this week" yet the headline said "$SPY Knocking on 400" (Nov 11)."""
    planted.write("SPY", [r for r in planted.rows("SPY") if r["Date"] <= "2022-11-11"])
    nov11 = planted.close("SPY", "2022-11-11")
    planted.build()
    assert "Knocking on 400" not in planted.issue and "**400** milestone" not in planted.issue
    assert f"{nov11:.2f}" not in planted.issue and "$SPY" not in planted.issue.splitlines()[0]
    [stale] = planted.findings("SPY", "stale")
    assert stale["dates"] == ["2022-11-11"] and "5 sessions before" in stale["message"]
    assert planted.held_by_validation("SPY")
    assert any(r.startswith("fresh data: stale: ") and "SPY 2022-11-11" in r for r in planted.checks.reasons)


def test_a_close_above_the_high(planted: Planted) -> None:
    """Before: +12.9% on a close no trade printed."""
    rows = planted.rows("SPY")
    rows[-1]["Close"] = "450.0"
    planted.write("SPY", rows)
    wrong = _week(450.0, planted.close("SPY", "2022-11-11"))
    planted.build()
    assert wrong not in planted.issue and "450.00" not in planted.issue
    [ohlc] = planted.findings("SPY", "ohlc")
    assert "Close 450 above the High" in ohlc["message"] and ohlc["action"] == "dropped"
    assert planted.held_by_validation("SPY")


@pytest.mark.parametrize(("value", "kind"), [("1e308", "magnitude"), ("inf", "non_finite"),
                                             ("-394.24", "non_positive")])
def test_an_impossible_last_close(planted: Planted, value: str, kind: str) -> None:
    """Before: a 300-digit price in the headline; "inf%"; -199.4%."""
    rows = planted.rows("SPY")
    rows[-1] = {**rows[-1], "Close": value, "Adj Close": value}
    planted.write("SPY", rows)
    planted.build()
    assert not re.search(r"\d{12,}", planted.issue), "a price with a dozen digits"
    assert "inf" not in planted.issue.lower().replace("info", "")
    assert "-199" not in planted.issue and "-394" not in planted.issue
    [finding] = planted.findings("SPY", kind)
    assert finding["dates"] == ["2022-11-18"]
    assert planted.held_by_validation("SPY")


def _sma_distance(rows: list[dict[str, str]]) -> str:
    closes = [float(r["Close"]) for r in rows if r["Date"] <= "2022-11-18"]
    distance = (closes[-1] / (sum(closes[-200:]) / 200) - 1) * 100
    return f"{abs(distance):.1f}% {'over' if distance >= 0 else 'under'} the 200-day"


def test_five_percent_of_rows_missing(planted: Planted) -> None:
    """Before: the 200-day distance moved from 2.4% to 3.1% with no note."""
    rows = planted.rows("SPY")
    right = _sma_distance(rows)
    chooser = random.Random(5)
    kept = [r for r in rows[:-10] if chooser.random() >= 0.05] + rows[-10:]
    planted.write("SPY", kept)
    wrong = _sma_distance(kept)
    assert wrong != right
    planted.build()
    assert wrong not in planted.issue
    [gap] = planted.findings("SPY", "gap")
    assert gap["action"] == "excluded" and "NYSE sessions missing" in gap["message"]
    assert planted.held_by_validation("SPY")


def test_a_missing_month(planted: Planted) -> None:
    """Before: the 200-day distance moved from 2.4% to 4.4% with no note."""
    rows = planted.rows("SPY")
    kept = [r for r in rows if not r["Date"].startswith("2022-06")]
    planted.write("SPY", kept)
    wrong = _sma_distance(kept)
    assert wrong != _sma_distance(rows)
    planted.build()
    assert wrong not in planted.issue
    [gap] = planted.findings("SPY", "gap")
    assert gap["action"] == "cut" and gap["dates"][0] == "2022-06-01" and len(gap["dates"]) == 21
    assert "the history before 2022-07-01 left out" in gap["message"]
    assert planted.held_by_validation("SPY")


def test_a_ticker_ending_a_week_early_is_not_this_weeks(planted: Planted, capsys) -> None:
    """Issue 18: a file ending a week early was quoted as this week's, with no warning."""
    planted.write("IWM", [r for r in planted.rows("IWM") if r["Date"] <= "2022-11-11"])
    result = planted.build()
    assert planted.scoreboard_line("IWM") is None
    assert "1 day: $IWM" not in planted.issue and "$IWM beat $SPY" not in planted.issue
    assert "No data this week for $IWM" in planted.issue
    [stale] = planted.findings("IWM", "stale")
    assert stale["dates"] == ["2022-11-11"] and stale["key"] is True
    assert "stale: last bar 2022-11-11, 5 sessions before the as-of session 2022-11-18" in stale["message"]
    assert "IWM" not in result.snapshot.bars and result.snapshot.failed["IWM"].startswith("stale: ")
    assert planted.held_by_validation("IWM")
    assert any(w.startswith("stale data: IWM last bar 2022-11-11") for w in planted.report["warnings"])
    # the same through the command line: the warning is printed
    assert main(["-C", str(planted.ws_dir), "build", "--source", f"csv:{planted.dir}",
                 "--asof", "2022-11-18", "--out", str(planted.out / "cli")]) == 0
    assert "warning: data: IWM: stale: last bar 2022-11-11" in capsys.readouterr().out


def test_a_stale_ticker_that_is_not_key_is_left_out_without_holding(planted: Planted) -> None:
    planted.write("IWM", [r for r in planted.rows("IWM") if r["Date"] <= "2022-11-11"])
    planted.build("data:\n  validation:\n    key_tickers: [SPY, QQQ, DIA]\n")
    assert planted.scoreboard_line("IWM") is None and "1 day: $IWM" not in planted.issue
    [stale] = planted.findings("IWM", "stale")
    assert stale["key"] is False
    item = next(i for i in planted.checks.items if i.name == "data validation")
    assert item.ok, item.detail


def test_the_preview_names_the_stale_ticker_in_its_checks_and_warnings(planted: Planted) -> None:
    from newsletter.preview.drafts import PreviewState
    from newsletter.preview.status import publish_checks, status_html

    planted.write("IWM", [r for r in planted.rows("IWM") if r["Date"] <= "2022-11-11"])
    result = planted.build()
    ws = Workspace.open(planted.ws_dir)
    state = PreviewState(draft_version=1, result=result, workspace=ws, checks=publish_checks(ws, result),
                         built_at=dt.datetime(2022, 11, 19, 9, 0))
    html = status_html(state)
    assert "data validation" in html and "IWM: stale: last bar 2022-11-11" in html
    assert "STALE DATA" in html and "Held" in html


def test_a_rebuild_from_the_saved_snapshot_finds_and_holds_the_same(planted: Planted, tmp_path: Path) -> None:
    rows = planted.rows("SPY")
    rows.append({**rows[-1], "Close": "500.0"})
    planted.write("SPY", rows)
    first = planted.build()
    ws = Workspace.open(planted.ws_dir)
    again = build_issue(ws, from_snapshot=first.folder, out=tmp_path / "rebuilt")
    assert [f.as_dict() for f in again.validation.findings] == [f.as_dict() for f in first.validation.findings]
    assert (again.folder / "issue.md").read_bytes() == (first.folder / "issue.md").read_bytes()
    assert not run_checks(ws, again, now=SUNDAY_EVENING).ok


def test_publish_holds_on_a_stale_key_ticker_and_sends_the_clean_bars(
        planted: Planted, tmp_path: Path, smtp_server: SmtpTestServer) -> None:
    now = dt.datetime(2022, 11, 20, 20, 0, tzinfo=NY)
    clean = make_workspace(tmp_path / "clean", smtp_port=smtp_server.port, bars=planted.dir)
    assert publish(clean, dt.date(2022, 11, 20), now=now).outcome == "sent"
    planted.write("IWM", [r for r in planted.rows("IWM") if r["Date"] <= "2022-11-11"])
    ws = make_workspace(tmp_path / "stale", smtp_port=smtp_server.port, bars=planted.dir)
    report = publish(ws, dt.date(2022, 11, 20), now=now)
    assert report.outcome == "held"
    assert "data validation: IWM: stale: last bar 2022-11-11" in report.reason
    assert smtp_server.count_by_recipient() == {f"reader{i}@example.com": 1 for i in range(5)}
