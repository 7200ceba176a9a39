"""Parquet written by earlier versions (with pyarrow) reads back the same with fastparquet.

The files in ``tests/data/pyarrow_written/`` were written on 2026-12-05 by main at 1ae9776 with
pyarrow 26.0.1, through the code of that time (``save_snapshot``, ``BarCache.save``, and the
option-chain cache's ``pq.write_table``), from the frames :func:`bars` and :func:`chain` below.
Existing issue folders, bar caches and option-chain caches are such files: a rebuild, a track
record or a cached build must read them exactly as before.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from newsletter.data.base import Fetched
from newsletter.data.cache import CachedSource
from newsletter.data.parquet import dates_column, frame_bytes, read_frame, read_frame_and_metadata
from newsletter.data.snapshot import load_snapshot, save_snapshot
from newsletter.data.store import BarCache, CachedBars
from newsletter.errors import NewsletterError
from newsletter.model import BAR_COLUMNS, Snapshot

OLD = Path(__file__).parent / "pyarrow_written"
INDEX = pd.DatetimeIndex(pd.to_datetime(["2022-11-16", "2022-11-17", "2022-11-18"]), name="Date")
EXPIRY = dt.date(2022, 12, 16)


def bars(base: float) -> pd.DataFrame:
    values = np.arange(18, dtype=float).reshape(3, 6) / 7 + base
    return pd.DataFrame(values, index=INDEX, columns=list(BAR_COLUMNS))


def chain() -> pd.DataFrame:
    return pd.DataFrame({"expiry": [EXPIRY, EXPIRY], "kind": ["call", "put"], "strike": [400.0, 390.0],
                         "open_interest": [1200.0, 800.0], "volume": [np.nan, 15.0],
                         "bid": [3.1, 2.2], "ask": [3.3, 2.4], "implied_volatility": [0.21, 0.23]})


def test_a_snapshot_pyarrow_wrote_loads_exactly() -> None:
    snap = load_snapshot(OLD / "snapshot")
    assert sorted(snap.bars) == ["SPY", "^VIX"]
    pd.testing.assert_frame_equal(snap.bars["SPY"], bars(390.0))
    pd.testing.assert_frame_equal(snap.bars["^VIX"], bars(22.0))
    pd.testing.assert_frame_equal(snap.options["SPY"], chain())
    assert snap.asof == dt.date(2022, 11, 18) and snap.source == "csv:fixture"


def test_a_bar_cache_pyarrow_wrote_loads_with_its_covered_ranges() -> None:
    entry = BarCache(OLD / "cache").load("^VIX")
    pd.testing.assert_frame_equal(entry.frame, bars(22.0), check_freq=False)
    assert entry.covered == ((dt.date(2022, 11, 14), dt.date(2022, 11, 18)),)


class NoFetch:
    """A source that must not be asked: the cache answers."""

    name = "never"
    sample = False

    def bars(self, tickers, start, end) -> Fetched:  # pragma: no cover - must not run
        raise AssertionError("the cache should have answered")

    def options(self, ticker, asof):  # pragma: no cover - must not run
        raise AssertionError("the cache should have answered")


def test_an_option_chain_cache_pyarrow_wrote_loads_with_dates(tmp_path: Path) -> None:
    shutil.copytree(OLD / "cache", tmp_path / "cache")
    source = CachedSource(NoFetch(), tmp_path / "cache")
    got = source.options("SPY", dt.date(2022, 11, 18))
    assert got is not None
    pd.testing.assert_frame_equal(got, chain())
    assert type(got["expiry"].iloc[0]) is dt.date


def test_an_option_chain_cached_now_reads_back_with_dates(tmp_path: Path) -> None:
    class Chains(NoFetch):
        def options(self, ticker, asof):
            return chain()

    first = CachedSource(Chains(), tmp_path).options("SPY", dt.date(2022, 11, 18))
    again = CachedSource(NoFetch(), tmp_path).options("SPY", dt.date(2022, 11, 18))
    assert first is not None and again is not None
    pd.testing.assert_frame_equal(again, chain())
    assert type(again["expiry"].iloc[0]) is dt.date


def test_a_snapshot_written_now_round_trips(tmp_path: Path) -> None:
    snap = Snapshot("csv:fixture", dt.date(2022, 11, 18), {"SPY": bars(390.0), "^VIX": bars(22.0)},
                    options={"SPY": chain()}, earnings={"SPY": ()})
    save_snapshot(snap, tmp_path)
    back = load_snapshot(tmp_path)
    for ticker in snap.bars:
        pd.testing.assert_frame_equal(back.bars[ticker], snap.bars[ticker])
    pd.testing.assert_frame_equal(back.options["SPY"], chain())


def test_an_empty_snapshot_round_trips(tmp_path: Path) -> None:
    save_snapshot(Snapshot("csv:fixture", dt.date(2022, 11, 18), {}), tmp_path)
    back = load_snapshot(tmp_path)
    assert back.bars == {} and back.options == {}


def test_a_bar_cache_written_now_keeps_its_ranges(tmp_path: Path) -> None:
    store = BarCache(tmp_path)
    covered = ((dt.date(2022, 11, 1), dt.date(2022, 11, 18)),)
    assert store.save("^VIX", CachedBars(bars(22.0), covered))
    frame, metadata = read_frame_and_metadata(store.path("^VIX"))
    assert "newsletter.covered" in metadata
    back = store.load("^VIX")
    pd.testing.assert_frame_equal(back.frame, bars(22.0), check_freq=False)
    assert back.covered == covered


def test_the_same_frame_gives_the_same_bytes() -> None:
    frame = bars(1.0).assign(Ticker="SPY")
    assert frame_bytes(frame) == frame_bytes(frame.copy())
    pd.testing.assert_frame_equal(read_frame(frame_bytes(frame)), frame)


def test_the_index_is_kept_unless_it_is_a_plain_range() -> None:
    frame = chain()
    assert list(read_frame(frame_bytes(frame.astype({"expiry": str}))).index) == [0, 1]
    assert read_frame(frame_bytes(bars(1.0))).index.equals(INDEX)


@pytest.mark.parametrize("stored", [["2022-12-16"], [EXPIRY], [pd.Timestamp(EXPIRY)],
                                    [1_671_148_800_000_000_000]])
def test_dates_column_reads_every_way_a_date_was_stored(stored: list[object]) -> None:
    got = dates_column(pd.Series(stored, dtype=object))
    assert list(got) == [EXPIRY] and type(got.iloc[0]) is dt.date


def test_a_damaged_snapshot_is_one_line_naming_the_folder(tmp_path: Path) -> None:
    shutil.copytree(OLD / "snapshot", tmp_path / "snapshot")
    (tmp_path / "snapshot" / "bars.parquet").write_bytes(b"not parquet")
    with pytest.raises(NewsletterError, match="unreadable snapshot") as caught:
        load_snapshot(tmp_path)
    assert "\n" not in caught.value.one_line()


@pytest.mark.parametrize("damage", [b"", b"PAR1", b"not parquet at all", None])
def test_a_damaged_cache_file_is_refetched_not_raised(tmp_path: Path, damage: bytes | None,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    shutil.copytree(OLD / "cache", tmp_path / "cache")
    path = tmp_path / "cache" / "bars" / "%5EVIX.parquet"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] if damage is None else damage)  # None: cut in half
    entry = BarCache(tmp_path / "cache").load("^VIX")
    assert entry.frame.empty and entry.covered == ()
    assert "unreadable" in caplog.text
