"""A second build from the same cache makes no call to the live source."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import newsletter.data.yahoo as yahoo_module
from newsletter.cli import main
from newsletter.data.sample import SampleSource


class CountingSource(SampleSource):
    """Stands in for yfinance: real-looking bars, and a count of every request."""

    instances: list[CountingSource] = []

    def __init__(self, **_: object) -> None:
        super().__init__(seed=11)
        self.name, self.sample = "yahoo", False
        self.calls = {"bars": 0, "options": 0, "earnings": 0}
        CountingSource.instances.append(self)

    def bars(self, tickers, start, end):
        self.calls["bars"] += 1
        return super().bars(tickers, start, end)

    def options(self, ticker, asof):
        self.calls["options"] += 1
        return super().options(ticker, asof)

    def earnings(self, ticker):
        self.calls["earnings"] += 1
        return super().earnings(ticker)


@pytest.fixture
def counting(monkeypatch) -> type[CountingSource]:
    CountingSource.instances = []
    monkeypatch.setattr(yahoo_module, "YahooSource", CountingSource)
    return CountingSource


def test_second_build_from_cache_makes_no_source_call(tmp_path: Path, counting, capsys) -> None:
    argv = ["-C", str(tmp_path), "build", "--source", "yahoo", "--date", "2026-11-22",
            "--out", str(tmp_path / "issues")]
    assert main(argv) == 0, capsys.readouterr().err
    first = counting.instances[-1].calls
    assert first["bars"] >= 1
    first_md = (tmp_path / "issues" / "2026-11-22" / "issue.md").read_text(encoding="utf-8")
    assert main(argv) == 0, capsys.readouterr().err
    second = counting.instances[-1].calls
    assert second == {"bars": 0, "options": 0, "earnings": 0}
    assert (tmp_path / "issues" / "2026-11-22" / "issue.md").read_text(encoding="utf-8") == first_md
    assert "SAMPLE" not in first_md


def test_next_week_fetches_only_the_new_sessions(tmp_path: Path, counting, monkeypatch, capsys) -> None:
    requested: list[tuple[dt.date, dt.date]] = []
    original = CountingSource.bars

    def spy(self, tickers, start, end):
        requested.append((start, end))
        return original(self, tickers, start, end)

    monkeypatch.setattr(CountingSource, "bars", spy)
    base = ["-C", str(tmp_path), "build", "--source", "yahoo", "--out", str(tmp_path / "issues")]
    assert main([*base, "--date", "2026-11-15"]) == 0, capsys.readouterr().err
    requested.clear()
    assert main([*base, "--date", "2026-11-22"]) == 0, capsys.readouterr().err
    assert requested, "the new week must be fetched"
    assert all(start >= dt.date(2026, 11, 12) for start, _ in requested), requested
