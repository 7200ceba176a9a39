"""Checks before publishing: each rule holds an issue back with a one-line reason."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsletter.build import build_issue
from newsletter.checks import run_checks
from newsletter.data.sample import SampleSource
from newsletter.workspace import Workspace

DATE = dt.date(2026, 11, 22)
SUNDAY_EVENING = dt.datetime(2026, 11, 22, 20, 0)


class LiveLookingSource(SampleSource):
    """The sample market, presented as a live source (what yfinance would hand over)."""

    last_day: dt.date | None = None
    dead: frozenset[str] = frozenset()

    def __init__(self, **_: object) -> None:
        super().__init__(seed=7)
        self.name, self.sample = "yahoo", False

    def bars(self, tickers, start, end):
        if self.last_day is not None:
            end = min(end, self.last_day)
        fetched = super().bars([t for t in tickers if t not in self.dead], start, end)
        fetched.failed.update({t: "no data found, symbol may be delisted" for t in tickers if t in self.dead})
        return fetched


@pytest.fixture
def live(monkeypatch):
    import newsletter.data.yahoo as yahoo

    monkeypatch.setattr(yahoo, "YahooSource", LiveLookingSource)


def _build(tmp_path: Path, source: str = "yahoo", config: str = ""):
    (tmp_path / "newsletter.yaml").write_text(config, encoding="utf-8")
    ws = Workspace.open(tmp_path)
    return ws, build_issue(ws, source=source, issue_date=DATE, now=SUNDAY_EVENING)


def test_a_good_issue_passes_every_check(tmp_path: Path, live) -> None:
    ws, result = _build(tmp_path)
    report = run_checks(ws, result, now=SUNDAY_EVENING)
    assert report.ok, report.reasons
    assert {i.name for i in report.items} >= {"real data", "fresh data", "sections", "email size",
                                              "charts", "calls file"}


def test_sample_data_is_held(tmp_path: Path) -> None:
    ws, result = _build(tmp_path, source="sample")
    report = run_checks(ws, result, now=SUNDAY_EVENING)
    assert not report.ok
    assert report.reasons == ["real data: built on the SAMPLE market"]


def test_stale_data_is_held(tmp_path: Path, live, monkeypatch) -> None:
    monkeypatch.setattr(LiveLookingSource, "last_day", dt.date(2026, 11, 18))
    ws, result = _build(tmp_path)
    report = run_checks(ws, result, now=SUNDAY_EVENING)
    assert "fresh data: stale: the last bar is 2026-11-18, the last completed session is 2026-11-20" \
        in report.reasons, report.reasons


def test_missing_chart_is_held(tmp_path: Path, live) -> None:
    ws, result = _build(tmp_path)
    victim = sorted((result.folder / "charts").glob("*.png"))[0]
    victim.unlink()
    report = run_checks(ws, result, now=SUNDAY_EVENING)
    assert any(f"charts: missing charts/{victim.name}" in r for r in report.reasons), report.reasons


def test_email_without_the_charts_is_held(tmp_path: Path, live) -> None:
    ws, result = _build(tmp_path)
    email = result.folder / "email.html"
    email.write_text(email.read_text(encoding="utf-8").replace('src="cid:', 'data-src="x:'),
                     encoding="utf-8")
    report = run_checks(ws, result, now=SUNDAY_EVENING)
    assert any(r.startswith("charts: email.html does not show the same charts") for r in report.reasons)


def test_oversized_email_is_held(tmp_path: Path, live) -> None:
    ws, result = _build(tmp_path, config="email:\n  max_html_kb: 10\n")
    report = run_checks(ws, result, now=SUNDAY_EVENING)
    [reason] = [r for r in report.reasons if r.startswith("email size: email.html")]
    assert "(limit 10 KB; Gmail clips over 102 KB); biggest: " in reason
    assert "KB (" in reason.split("biggest: ")[1]


def test_a_section_that_crashed_is_held_but_the_issue_builds(tmp_path: Path, live, monkeypatch) -> None:
    from newsletter.sections import rotation

    def broken(ctx):
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(rotation, "build", broken)
    ws, result = _build(tmp_path)
    text = (result.folder / "issue.md").read_text(encoding="utf-8")
    assert "Rotation Play could not be built this week (ZeroDivisionError)" in text
    assert "Breakdown Watch" in text
    report = run_checks(ws, result, now=SUNDAY_EVENING)
    assert report.reasons == ["sections: rotation: ZeroDivisionError: bug"]


def test_missing_data_degrades_a_section_with_a_note(tmp_path: Path, live, monkeypatch) -> None:
    monkeypatch.setattr(LiveLookingSource, "dead", frozenset({"IWM"}))
    ws, result = _build(tmp_path)
    text = (result.folder / "issue.md").read_text(encoding="utf-8")
    assert ("📊 Rotation Play is skipped this week: no data for the rotation pairs (IWM; no data found, "
            "symbol may be delisted).*" in text)
    assert "newsletter.yaml" not in text  # what to do about it is the author's, not the readers'
    assert any(w.startswith("📊 Rotation Play is skipped: no data for the rotation pairs") and
               w.endswith(": retry the build later or check the symbols in newsletter.yaml")
               for w in result.warnings), result.warnings
    assert "Last Week Recap" in text and "Breakdown Watch" in text
    report = run_checks(ws, result, now=SUNDAY_EVENING)
    assert report.reasons == ["index data: no data for IWM"]


def test_an_empty_section_disappears(tmp_path: Path, live) -> None:
    ws, result = _build(tmp_path, config="watchlists:\n  sentiment: []\n  story: []\nthemes: []\n")
    text = (result.folder / "issue.md").read_text(encoding="utf-8")
    assert "Sentiment Top" not in text and "Macro + Theme Watch" not in text


def test_the_checks_before_send_hold_on_a_dead_link_and_show_in_the_preview(tmp_path: Path, live) -> None:
    from newsletter.preview.status import publish_checks

    ws, result = _build(tmp_path)
    fetched: list[str] = []
    passing = run_checks(ws, result, now=SUNDAY_EVENING, probe=lambda url: fetched.append(url) or 200,
                         scorer=lambda message: (1.2, "HTML_MESSAGE"))
    assert passing.ok, passing.reasons
    items = {i.name: i for i in passing.items}
    assert fetched and all(url.startswith("http") for url in fetched)
    assert items["spam score"].detail == "1.2 (limit 5); rules: HTML_MESSAGE"
    assert items["image weight"].detail.startswith(f"{len(result.issue.charts)} images")
    assert "caniemail data of" in items["css support"].detail

    dead = run_checks(ws, result, now=SUNDAY_EVENING, probe=lambda url: 404 if url == fetched[0] else 200,
                      scorer=None)
    assert not dead.ok and dead.reasons == [f"links reachable: 1 of {len(fetched)} unreachable: "
                                            f"{fetched[0]} (404); 2 into the web archive not fetched "
                                            "(publishing puts them there)"]
    assert not any(url.startswith(ws.config.base_url) for url in fetched)

    shown = {line.name: line for line in publish_checks(ws, result)}  # the tests' env: offline, no spam
    assert shown["links reachable"].ok and shown["links reachable"].detail.startswith("skipped: offline")
    assert shown["spam score"].detail == "skipped: NEWSLETTER_SPAM_CHECK=off"
    assert {"image weight", "css support", "email size"} <= shown.keys()
