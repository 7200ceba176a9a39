"""Calls made in one issue are graded by the next from the prices in between."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd

from newsletter.calls import grade_call
from newsletter.cli import main
from newsletter.data.sample import SampleSource
from newsletter.model import Call

FIRST, SECOND = dt.date(2026, 11, 8), dt.date(2026, 11, 15)


def _bars(rows: list[tuple[str, float, float, float]]) -> pd.DataFrame:
    idx = pd.DatetimeIndex([r[0] for r in rows], name="Date")
    return pd.DataFrame({"Open": [r[3] for r in rows], "High": [r[1] for r in rows],
                         "Low": [r[2] for r in rows], "Close": [r[3] for r in rows],
                         "Adj Close": [r[3] for r in rows], "Volume": 1.0}, index=idx)


def _call(**kw) -> Call:
    base = dict(id="c", ticker="X", direction="short", trigger=100.0, target=90.0, stop=110.0,
                horizon=dt.date(2026, 1, 30), origin="notes", made_on=dt.date(2026, 1, 4))
    base.update(kw)
    return Call(**base)


def test_short_hits_after_trigger() -> None:
    bars = _bars([("2026-01-05", 103, 99, 101), ("2026-01-06", 101, 95, 99), ("2026-01-07", 99, 89.5, 92)])
    g = grade_call(_call(), bars, dt.date(2026, 1, 9))
    assert (g.grade, g.date, g.price) == ("hit", dt.date(2026, 1, 7), 89.5)


def test_target_before_trigger_does_not_count() -> None:
    bars = _bars([("2026-01-05", 103, 85, 101), ("2026-01-06", 102, 100.5, 101)])
    assert grade_call(_call(), bars, dt.date(2026, 1, 9)).grade == "open"


def test_stop_and_target_same_day_is_a_failure() -> None:
    bars = _bars([("2026-01-05", 101, 98, 99), ("2026-01-06", 111, 89, 100)])
    g = grade_call(_call(), bars, dt.date(2026, 1, 9))
    assert (g.grade, g.price) == ("failed", 111)
    assert "same day" in g.reason


def test_horizon_passed_without_trigger_fails() -> None:
    bars = _bars([("2026-01-05", 103, 101, 102), ("2026-01-30", 104, 101, 103)])
    g = grade_call(_call(), bars, dt.date(2026, 2, 2))
    assert g.grade == "failed" and g.reason == "horizon passed without the trigger"


def test_long_mirrors_short() -> None:
    bars = _bars([("2026-01-05", 101.5, 99, 101), ("2026-01-06", 111, 100, 108)])
    g = grade_call(_call(direction="long", trigger=100, target=110, stop=95), bars, dt.date(2026, 1, 9))
    assert (g.grade, g.price) == ("hit", 111)


def _write_notes(root: Path, calls: list[dict]) -> None:
    (root / "notes").mkdir(exist_ok=True)
    lines = ["calls:"]
    for c in calls:
        lines.append(f"  - ticker: {c['ticker']}")
        for key in ("direction", "trigger", "target", "stop", "horizon"):
            lines.append(f"    {key}: {c[key]}")
    (root / "notes" / f"{FIRST.isoformat()}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_two_consecutive_issues_grade_hit_failed_open(tmp_path: Path, capsys) -> None:
    source = SampleSource(seed=7)
    week = source.bars(["SPY", "QQQ", "DIA"], dt.date(2026, 11, 6), dt.date(2026, 11, 13)).bars
    spy, qqq, dia = (week[t] for t in ("SPY", "QQQ", "DIA"))
    spy_after, qqq_after = spy.loc["2026-11-09":], qqq.loc["2026-11-09":]
    # SPY short: triggers on the first session after the issue, target just above the week's later low
    s_trig = float(spy_after["Close"].iloc[0]) + 0.01
    later = spy_after.iloc[1:]
    s_target = float(later["Low"].min()) + 0.005
    s_stop = float(spy_after["High"].max()) + 50
    hit_day = later.index[(later["Low"] <= s_target).to_numpy()][0].date()
    hit_price = float(later.loc[pd.Timestamp(hit_day), "Low"])
    # QQQ short: triggers on the first session, stopped by the highest high after it
    q_trig = float(qqq_after["Close"].iloc[0]) + 0.01
    q_later = qqq_after.iloc[1:]
    q_stop = float(q_later["High"].max()) - 0.005
    q_target = float(qqq_after["Low"].min()) - 50
    stop_day = q_later.index[(q_later["High"] >= q_stop).to_numpy()][0].date()
    # DIA: a trigger far away, a horizon far off: still open
    d_close = float(dia["Close"].iloc[-1])
    calls = [
        dict(ticker="SPY", direction="short", trigger=round(s_trig, 4), target=round(s_target, 4),
             stop=round(s_stop, 2), horizon="2026-12-31"),
        dict(ticker="QQQ", direction="short", trigger=round(q_trig, 4), target=round(q_target, 2),
             stop=round(q_stop, 4), horizon="2026-12-31"),
        dict(ticker="DIA", direction="short", trigger=round(d_close * 0.5, 2), target=round(d_close * 0.4, 2),
             stop=round(d_close * 2, 2), horizon="2027-03-31"),
    ]
    _write_notes(tmp_path, calls)
    out = tmp_path / "issues"
    for day in (FIRST, SECOND):
        assert main(["-C", str(tmp_path), "build", "--source", "sample", "--date", day.isoformat(),
                     "--out", str(out)]) == 0, capsys.readouterr().err
    stored = json.loads((out / FIRST.isoformat() / "calls.json").read_text())
    assert {c["ticker"] for c in stored if c["origin"] == "notes"} == {"SPY", "QQQ", "DIA"}
    issue = (out / SECOND.isoformat() / "issue.md").read_text(encoding="utf-8")
    recap = issue.split("## 🔙 Last Week Recap", 1)[1].split("\n## ", 1)[0]
    spy_line = next(ln for ln in recap.splitlines() if ln.startswith("✅ **$SPY**"))
    assert f"Target hit on {hit_day:%b} {hit_day.day} (a trade at {hit_price:,.2f})" in spy_line
    qqq_line = next(ln for ln in recap.splitlines() if ln.startswith("❌ **$QQQ**"))
    assert f"Stopped out on {stop_day:%b} {stop_day.day} (a trade at " in qqq_line
    dia_line = next(ln for ln in recap.splitlines() if ln.startswith("🟡 **$DIA**"))
    assert "not triggered yet" in dia_line
