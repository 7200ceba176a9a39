"""Parquet kept by its frame's content: equal bytes to a fresh write, never stale, never a crash."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from newsletter.data.parquet_cache import frame_key, write_parquet


def frame() -> pd.DataFrame:
    index = pd.DatetimeIndex(pd.date_range("2026-01-02", periods=5, freq="B"), name="Date")
    return pd.DataFrame({"Close": np.linspace(100, 104, 5), "Volume": np.arange(5, dtype=float),
                         "Ticker": ["SPY"] * 5}, index=index)


def test_a_hit_is_a_link_to_the_same_bytes_a_fresh_write_gives(tmp_path: Path):
    cache = tmp_path / "cache"
    write_parquet(frame(), tmp_path / "a.parquet", cache)
    write_parquet(frame(), tmp_path / "b.parquet", cache)
    assert (tmp_path / "b.parquet").read_bytes() == frame().to_parquet()
    assert os.path.samefile(tmp_path / "a.parquet", tmp_path / "b.parquet")
    assert len(list(cache.rglob("*.parquet"))) == 1


@pytest.mark.parametrize("change", ["one ulp", "a string", "a date", "a column name", "index flag"])
def test_any_change_to_the_frame_misses(tmp_path: Path, change: str):
    cache = tmp_path / "cache"
    write_parquet(frame(), tmp_path / "a.parquet", cache)
    f = frame()
    kwargs = {}
    if change == "one ulp":
        f.iloc[2, 0] = np.nextafter(f.iloc[2, 0], np.inf)
    elif change == "a string":
        f.iloc[4, 2] = "SPX"
    elif change == "a date":
        f.index = f.index.where(f.index != f.index[-1], f.index[-1] + pd.Timedelta(days=3))
    elif change == "a column name":
        f = f.rename(columns={"Volume": "volume"})
    else:
        kwargs = {"index": False}
    assert frame_key(f, **kwargs) != frame_key(frame())
    write_parquet(f, tmp_path / "b.parquet", cache, **kwargs)
    assert (tmp_path / "b.parquet").read_bytes() == f.to_parquet(**kwargs)


def test_text_and_numbers_that_print_alike_differ():
    as_text = pd.DataFrame({"x": ["1", "2"]})
    as_objects = pd.DataFrame({"x": pd.Series([1, "2"], dtype=object)})
    assert frame_key(as_text) != frame_key(as_objects)


@pytest.mark.parametrize("damage", ["file", "digest", "no digest"])
def test_a_damaged_entry_is_ignored_and_written_again(tmp_path: Path, damage: str):
    cache = tmp_path / "cache"
    write_parquet(frame(), tmp_path / "a.parquet", cache)
    cached = next(cache.rglob("*.parquet"))
    digest = cached.with_suffix(".sha256")
    if damage == "file":
        os.unlink(tmp_path / "a.parquet")  # a link shares the damage; the issue's own copy is gone
        cached.write_bytes(b"PAR1 not really")
    elif damage == "digest":
        digest.write_text("0" * 64, encoding="ascii")
    else:
        digest.unlink()
    write_parquet(frame(), tmp_path / "b.parquet", cache)
    assert (tmp_path / "b.parquet").read_bytes() == frame().to_parquet()
    assert cached.read_bytes() == frame().to_parquet()


def test_without_a_cache_it_writes_plainly(tmp_path: Path):
    write_parquet(frame(), tmp_path / "a.parquet", None)
    assert (tmp_path / "a.parquet").read_bytes() == frame().to_parquet()
