"""CachedSource over a counting fake source: what is fetched, what is served, what is kept."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from newsletter import atomic as atomic_module
from newsletter.atomic import atomic_write_bytes
from newsletter.data.base import Fetched, Source, normalise_bars
from newsletter.data.cache import (
    CachedSource,
    file_stem,
    merge_ranges,
    ticker_from_stem,
    uncovered,
)
from newsletter.model import OPTION_COLUMNS
from newsletter.sessions import sessions_between

D = dt.date
FRI_12 = D(2024, 1, 12)
FRI_19 = D(2024, 1, 19)
JAN_2 = D(2024, 1, 2)
LATER = D(2030, 1, 1)


def make_bars(ticker: str, days: list[dt.date], factor: float = 1.0,
              adj_factor: float = 1.0) -> pd.DataFrame:
    """Deterministic bars: each close depends on the ticker and the date."""
    base = np.array([100.0 + d.toordinal() % 97 + len(ticker) for d in days])
    close = base * factor
    frame = pd.DataFrame({"Open": close - 1, "High": close + 2, "Low": close - 2,
                          "Close": close, "Adj Close": close * 0.99 * adj_factor,
                          "Volume": 1e6 / factor}, index=pd.DatetimeIndex(days))
    return normalise_bars(frame)


class FakeSource:
    """A Source that counts its calls and can fail, halt, lag or re-adjust on demand."""

    name = "fake"
    sample = False

    def __init__(self) -> None:
        self.calls: list[tuple[tuple[str, ...], dt.date, dt.date]] = []
        self.failing: set[str] = set()
        self.raising = False
        self.halted: dict[str, set[dt.date]] = {}
        self.published_through: dt.date | None = None
        self.factor: dict[str, float] = {}
        self.adj_factor: dict[str, float] = {}
        self.option_calls: list[tuple[str, dt.date]] = []
        self.chain: pd.DataFrame | None = None
        self.earnings_calls: list[str] = []
        self.dates: tuple[dt.date, ...] = ()

    def bars(self, tickers, start, end) -> Fetched:
        self.calls.append((tuple(tickers), start, end))
        if self.raising:
            raise ConnectionError("offline")
        out = Fetched()
        for t in tickers:
            if t in self.failing:
                out.failed[t] = "offline"
                continue
            days = [d for d in sessions_between(start, end)
                    if d not in self.halted.get(t, set())
                    and (self.published_through is None or d <= self.published_through)]
            out.bars[t] = make_bars(t, days, self.factor.get(t, 1.0), self.adj_factor.get(t, 1.0))
        return out

    def options(self, ticker, asof):
        self.option_calls.append((ticker, asof))
        return None if self.chain is None else self.chain.copy()

    def earnings(self, ticker):
        self.earnings_calls.append(ticker)
        return self.dates


@pytest.fixture
def fake() -> FakeSource:
    return FakeSource()


class Clock:
    def __init__(self, today: dt.date) -> None:
        self.today = today

    def __call__(self) -> dt.date:
        return self.today


def cached(fake: FakeSource, root: Path, today: dt.date = LATER) -> CachedSource:
    return CachedSource(fake, root, today=Clock(today))


def expected(ticker: str, start: dt.date, end: dt.date, **kw) -> pd.DataFrame:
    return make_bars(ticker, sessions_between(start, end), **kw)


def assert_bars_equal(got: pd.DataFrame, want: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(got, want, check_freq=False)


def test_same_protocol_and_name(fake, tmp_path):
    source = cached(fake, tmp_path)
    assert isinstance(source, Source)
    assert (source.name, source.sample) == ("fake", False)
    assert source.adjusted is None
    fake.adjusted = "Close split-adjusted"
    assert cached(fake, tmp_path).adjusted == "Close split-adjusted"


def test_second_identical_call_makes_no_source_call(fake, tmp_path):
    source = cached(fake, tmp_path)
    first = source.bars(["SPY", "^VIX"], JAN_2, FRI_12)
    second = source.bars(["SPY", "^VIX"], JAN_2, FRI_12)
    assert fake.calls == [(("SPY", "^VIX"), JAN_2, FRI_12)]
    for ticker in ("SPY", "^VIX"):
        assert_bars_equal(second.bars[ticker], expected(ticker, JAN_2, FRI_12))
        assert_bars_equal(first.bars[ticker], second.bars[ticker])
    assert (source.stats.source_calls, source.stats.cache_hits) == (1, 2)
    assert source.cache_age == {"SPY": FRI_12, "^VIX": FRI_12}
    assert source.warnings == []


def test_extending_end_by_a_week_fetches_only_the_new_sessions(fake, tmp_path):
    source = cached(fake, tmp_path)
    source.bars(["SPY", "^VIX"], JAN_2, FRI_12)
    got = source.bars(["SPY", "^VIX"], JAN_2, FRI_19)
    assert fake.calls[1:] == [(("SPY", "^VIX"), FRI_12, FRI_19)]
    assert fake.calls[1][1] == max(sessions_between(JAN_2, FRI_12))
    assert_bars_equal(got.bars["SPY"], expected("SPY", JAN_2, FRI_19))
    assert pd.Timestamp("2024-01-15") not in got.bars["SPY"].index
    assert got.bars["SPY"].index[-1] == pd.Timestamp(FRI_19)


def test_earlier_start_fetches_only_the_head(fake, tmp_path):
    source = cached(fake, tmp_path)
    source.bars(["SPY"], D(2024, 1, 8), FRI_12)
    got = source.bars(["SPY"], JAN_2, FRI_12)
    assert fake.calls[1:] == [(("SPY",), JAN_2, D(2024, 1, 8))]
    assert_bars_equal(got.bars["SPY"], expected("SPY", JAN_2, FRI_12))


def test_tickers_missing_the_same_range_share_one_call(fake, tmp_path):
    source = cached(fake, tmp_path)
    source.bars(["SPY"], JAN_2, FRI_12)
    got = source.bars(["SPY", "QQQ", "IWM"], JAN_2, FRI_19)
    assert sorted(fake.calls[1:]) == [(("QQQ", "IWM"), JAN_2, FRI_19),
                                      (("SPY",), FRI_12, FRI_19)]
    assert set(got.bars) == {"SPY", "QQQ", "IWM"} and got.failed == {}


def test_weekend_only_gap_is_not_fetched(fake, tmp_path):
    source = cached(fake, tmp_path)
    source.bars(["SPY"], JAN_2, FRI_12)
    source.bars(["SPY"], JAN_2, D(2024, 1, 14))
    assert len(fake.calls) == 1


@pytest.mark.parametrize("break_source", ["failing", "raising"])
def test_failed_fetch_serves_the_warm_cache_with_its_age(fake, tmp_path, break_source):
    source = cached(fake, tmp_path)
    source.bars(["SPY"], JAN_2, FRI_12)
    if break_source == "failing":
        fake.failing = {"SPY", "QQQ"}
    else:
        fake.raising = True
    got = source.bars(["SPY", "QQQ"], JAN_2, FRI_19)
    assert_bars_equal(got.bars["SPY"], expected("SPY", JAN_2, FRI_12))
    assert "SPY" not in got.failed
    assert list(got.failed) == ["QQQ"] and "offline" in got.failed["QQQ"]
    [warning] = source.warnings
    assert warning.startswith("SPY: fake failed (")
    assert "last bar 2024-01-12, 4 sessions before 2024-01-19" in warning
    assert source.stats.stale_served == 1


def test_halted_session_is_not_refetched(fake, tmp_path):
    fake.halted = {"SPY": {D(2024, 1, 9)}}
    source = cached(fake, tmp_path)
    first = source.bars(["SPY"], JAN_2, FRI_12)
    second = source.bars(["SPY"], JAN_2, FRI_12)
    assert len(fake.calls) == 1
    assert pd.Timestamp("2024-01-09") not in second.bars["SPY"].index
    assert_bars_equal(first.bars["SPY"], second.bars["SPY"])


def test_unpublished_last_session_is_asked_for_again(fake, tmp_path):
    clock_day = D(2024, 1, 13)
    fake.published_through = D(2024, 1, 11)
    source = cached(fake, tmp_path, today=clock_day)
    assert source.bars(["SPY"], JAN_2, FRI_12).bars["SPY"].index[-1] == pd.Timestamp("2024-01-11")
    fake.published_through = None
    got = source.bars(["SPY"], JAN_2, FRI_12)
    assert fake.calls[1:] == [(("SPY",), D(2024, 1, 11), FRI_12)]
    assert_bars_equal(got.bars["SPY"], expected("SPY", JAN_2, FRI_12))
    source.bars(["SPY"], JAN_2, FRI_12)
    assert len(fake.calls) == 2


def test_missing_last_session_is_a_halt_once_settled(fake, tmp_path):
    fake.published_through = D(2024, 1, 11)
    source = cached(fake, tmp_path, today=D(2024, 1, 20))
    source.bars(["SPY"], JAN_2, FRI_12)
    source.bars(["SPY"], JAN_2, FRI_12)
    assert len(fake.calls) == 1


@pytest.mark.parametrize("adjustment", ["factor", "adj_factor"])
def test_readjusted_history_is_refetched_whole(fake, tmp_path, adjustment):
    source = cached(fake, tmp_path)
    source.bars(["SPY", "QQQ"], JAN_2, FRI_12)
    getattr(fake, adjustment)["SPY"] = 0.25
    got = source.bars(["SPY", "QQQ"], JAN_2, FRI_19)
    assert fake.calls[1:] == [(("SPY", "QQQ"), FRI_12, FRI_19), (("SPY",), JAN_2, FRI_19)]
    assert_bars_equal(got.bars["SPY"],
                                  expected("SPY", JAN_2, FRI_19, **{adjustment: 0.25}))
    assert_bars_equal(got.bars["QQQ"], expected("QQQ", JAN_2, FRI_19))
    source.bars(["SPY"], JAN_2, FRI_19)
    assert len(fake.calls) == 3


def test_failed_write_leaves_no_partial_file(fake, tmp_path, monkeypatch, caplog):
    source = cached(fake, tmp_path)
    source.bars(["SPY"], JAN_2, FRI_12)
    path = source.store.path("SPY")
    before = path.read_bytes()

    def disk_full(fd):  # the new bytes are in the temporary file; the disk fills before they land
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_module.os, "fsync", disk_full)
    with caplog.at_level(logging.WARNING, logger="newsletter.data.cache"):
        got = source.bars(["SPY"], JAN_2, FRI_19)
    assert "could not write the bars cache for SPY" in caplog.text
    assert_bars_equal(got.bars["SPY"], expected("SPY", JAN_2, FRI_19))
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
    assert path.read_bytes() == before
    monkeypatch.undo()
    assert cached(fake, tmp_path).store.load("SPY").last == FRI_12


def test_write_atomic_keeps_the_old_file_on_failure(tmp_path, monkeypatch):
    path = tmp_path / "sub" / "x.json"
    atomic_write_bytes(path, b"old")

    def failing(fd):  # the new bytes are written; the process dies before they land
        raise RuntimeError("killed")

    monkeypatch.setattr(atomic_module.os, "fsync", failing)
    with pytest.raises(RuntimeError):
        atomic_write_bytes(path, b"new")
    assert path.read_bytes() == b"old"
    assert [p.name for p in path.parent.iterdir()] == ["x.json"]


@pytest.mark.parametrize("ticker", ["^VIX", "CL=F", "BRK-B", "DX-Y.NYB", "^TNX", ".HIDDEN",
                                    "a/b", "100%", "BTC-USD"])
def test_ticker_file_names_round_trip(ticker):
    stem = file_stem(ticker)
    assert ticker_from_stem(stem) == ticker
    assert not set(stem) & set("^=/\\:*?\"<>|") and not stem.startswith(".")


def test_special_tickers_are_cached_and_read_back(fake, tmp_path):
    cached(fake, tmp_path).bars(["^VIX", "CL=F"], JAN_2, FRI_12)
    files = sorted(p.name for p in (tmp_path / "bars").iterdir())
    assert files == ["%5EVIX.parquet", "CL%3DF.parquet"]
    again = cached(fake, tmp_path)
    assert again.store.tickers() == ["CL=F", "^VIX"]
    got = again.bars(["^VIX", "CL=F"], JAN_2, FRI_12)
    assert len(fake.calls) == 1
    assert_bars_equal(got.bars["CL=F"], expected("CL=F", JAN_2, FRI_12))


def test_corrupt_parquet_is_refetched_with_a_warning(fake, tmp_path, caplog):
    cached(fake, tmp_path).bars(["SPY"], JAN_2, FRI_12)
    path = tmp_path / "bars" / "SPY.parquet"
    path.write_bytes(b"this is not parquet")
    source = cached(fake, tmp_path)
    with caplog.at_level(logging.WARNING, logger="newsletter.data.cache"):
        got = source.bars(["SPY"], JAN_2, FRI_12)
    assert "unreadable" in caplog.text and "SPY" in caplog.text
    assert fake.calls[1:] == [(("SPY",), JAN_2, FRI_12)]
    assert_bars_equal(got.bars["SPY"], expected("SPY", JAN_2, FRI_12))
    assert cached(fake, tmp_path).store.load("SPY").last == FRI_12


def test_no_bars_in_range_is_a_failure(fake, tmp_path):
    fake.halted = {"SPY": set(sessions_between(JAN_2, FRI_12))}
    got = cached(fake, tmp_path).bars(["SPY"], JAN_2, FRI_12)
    assert got.bars == {} and got.failed == {"SPY": "no bars between 2024-01-02 and 2024-01-12"}


def chain() -> pd.DataFrame:
    return pd.DataFrame({"expiry": [D(2024, 1, 19), D(2024, 1, 19), D(2024, 1, 26)],
                         "kind": ["call", "put", "call"], "strike": [480.0, 470.0, 485.0],
                         "open_interest": [1200.0, 3400.0, np.nan],
                         "volume": [10.0, 20.0, 30.0]}, columns=list(OPTION_COLUMNS))


def test_options_are_cached_per_asof(fake, tmp_path):
    fake.chain = chain()
    source = cached(fake, tmp_path)
    assert_bars_equal(source.options("^VIX", FRI_12), chain())
    fake.chain = None
    again = cached(fake, tmp_path).options("^VIX", FRI_12)
    assert_bars_equal(again, chain())
    assert isinstance(again["expiry"].iloc[0], dt.date)
    assert fake.option_calls == [("^VIX", FRI_12)]
    assert source.options("^VIX", FRI_19) is None
    assert fake.option_calls[-1] == ("^VIX", FRI_19)


def test_earnings_are_cached_for_a_week(fake, tmp_path):
    fake.dates = (D(2024, 3, 7), D(2024, 6, 12))
    clock = Clock(D(2024, 1, 14))
    source = CachedSource(fake, tmp_path, today=clock)
    assert source.earnings("AVGO") == fake.dates
    clock.today = D(2024, 1, 20)
    assert source.earnings("AVGO") == fake.dates
    assert fake.earnings_calls == ["AVGO"]
    clock.today = D(2024, 1, 21)
    fake.dates = ()
    assert source.earnings("AVGO") == (D(2024, 3, 7), D(2024, 6, 12))
    assert fake.earnings_calls == ["AVGO", "AVGO"]
    assert source.warnings == ["AVGO: fake gave no earnings dates; serving those cached on "
                               "2024-01-14"]


def test_range_arithmetic():
    assert merge_ranges([(D(2024, 1, 5), D(2024, 1, 9)), (D(2024, 1, 1), D(2024, 1, 4))]) == (
        (D(2024, 1, 1), D(2024, 1, 9)),)
    covered = [(D(2024, 1, 5), D(2024, 1, 9)), (D(2024, 1, 15), D(2024, 1, 20))]
    assert uncovered(D(2024, 1, 1), D(2024, 1, 31), covered) == [
        (D(2024, 1, 1), D(2024, 1, 4)), (D(2024, 1, 10), D(2024, 1, 14)),
        (D(2024, 1, 21), D(2024, 1, 31))]
    assert uncovered(D(2024, 1, 6), D(2024, 1, 8), covered) == []


def test_options_keep_their_quotes_through_the_cache(fake, tmp_path):
    quoted = chain().assign(bid=[1.5, 2.0, 0.0], ask=[1.6, 2.2, 0.05],
                            implied_volatility=[0.21, 0.24, np.nan])
    fake.chain = quoted
    cached(fake, tmp_path).options("SPY", FRI_12)
    fake.chain = None
    again = cached(fake, tmp_path).options("SPY", FRI_12)
    assert list(again.columns) == [*OPTION_COLUMNS, "bid", "ask", "implied_volatility"]
    assert_bars_equal(again, quoted)
    assert fake.option_calls == [("SPY", FRI_12)]
