"""The sample market's per-user history cache: read back bit for bit, never serving a damaged file."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from newsletter.cli import main
from newsletter.data.sample import SampleSource, history_cache
from newsletter.data.sample.source import kept_symbols

TICKERS = ["SPY", "^VIX", "^TNX", "NVDA", "JNJ"]  # an index, the VIX, a yield, a stock, a Dow member


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert a.to_numpy().tobytes() == b.to_numpy().tobytes()


def _files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.bars"))


def test_a_kept_history_reads_back_bit_for_bit(tmp_path: Path, monkeypatch) -> None:
    assert set(TICKERS) <= kept_symbols()
    fresh = {t: SampleSource(7).history(t) for t in TICKERS}
    first = SampleSource(7, cache_dir=tmp_path)
    for t in TICKERS:
        _same(first.history(t), fresh[t])
    assert len(_files(tmp_path)) == len(TICKERS)
    monkeypatch.setattr(SampleSource, "_generated", lambda self, t: pytest.fail(f"generated {t}"))
    second = SampleSource(7, cache_dir=tmp_path)
    for t in TICKERS:
        _same(second.history(t), fresh[t])


def test_the_source_protocol_serves_the_same_bars_from_the_cache(tmp_path: Path) -> None:
    SampleSource(7, cache_dir=tmp_path).history("TSLA")  # keep it
    kept = SampleSource(7, cache_dir=tmp_path).bars(["TSLA", "SPY"], dt.date(2024, 1, 1),
                                                    dt.date(2026, 11, 20))
    fresh = SampleSource(7).bars(["TSLA", "SPY"], dt.date(2024, 1, 1), dt.date(2026, 11, 20))
    for t in ("TSLA", "SPY"):
        _same(kept.bars[t], fresh.bars[t])


def test_a_symbol_outside_the_shipped_ones_is_generated_not_kept(tmp_path: Path) -> None:
    assert "ZZQX" not in kept_symbols()
    frame = SampleSource(7, cache_dir=tmp_path).history("ZZQX")
    assert not frame.empty and _files(tmp_path) == []


def test_each_seed_has_its_own_histories(tmp_path: Path) -> None:
    a = SampleSource(7, cache_dir=tmp_path).history("SPY")
    b = SampleSource(8, cache_dir=tmp_path).history("SPY")
    assert not np.allclose(a["Close"].to_numpy(), b["Close"].to_numpy())
    _same(SampleSource(8, cache_dir=tmp_path).history("SPY"), b)
    assert len(_files(tmp_path)) == 2


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty", "extra"])
def test_a_damaged_file_is_generated_again_and_rewritten(tmp_path: Path, damage: str) -> None:
    good = SampleSource(7, cache_dir=tmp_path).history("SPY")
    (path,) = _files(tmp_path)
    data = bytearray(path.read_bytes())
    if damage == "flip":
        data[len(data) // 2] ^= 0x01  # one bit of one close: a wrong number, not a crash
    elif damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "empty":
        data = bytearray()
    else:
        data += b"\0"
    path.write_bytes(bytes(data))
    _same(SampleSource(7, cache_dir=tmp_path).history("SPY"), good)
    folder = path.parent
    index = good.index
    _same(history_cache.load(folder, "SPY", index), good)  # repaired on disk


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the folder should be")
    _same(SampleSource(7, cache_dir=blocked).history("SPY"), SampleSource(7).history("SPY"))


def test_only_the_newest_code_digests_are_kept(tmp_path: Path, monkeypatch) -> None:
    for age, name in enumerate(["d1", "d2", "d3", "d4"]):
        old = tmp_path / name / "7"
        old.mkdir(parents=True)
        (old / "x.bars").write_bytes(b"")
        stamp = 1_700_000_000 + age * 1000  # d4 the newest
        os.utime(tmp_path / name, (stamp, stamp))
    SampleSource(7, cache_dir=tmp_path).history("SPY")
    left = sorted(p.name for p in tmp_path.iterdir())
    current = history_cache.cache_folder(tmp_path, 7).parent.name
    assert current in left and len(left) == history_cache.KEEP, left
    assert left == sorted([current, "d4", "d3"][: history_cache.KEEP])


def test_a_build_reads_the_same_issue_from_the_kept_histories(tmp_path: Path, monkeypatch) -> None:
    """The sample issue built while generating and while reading the cache: byte for byte."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    outputs = []
    for run in ("generating", "from the cache"):
        ws = tmp_path / run
        ws.mkdir()
        assert main(["-q", "-C", str(ws), "build", "--source", "sample", "--date", "2026-11-22",
                     "--out", str(ws / "issues")]) == 0
        outputs.append({name: (ws / "issues" / "2026-11-22" / name).read_bytes()
                        for name in ("issue.md", "calls.json", "email.txt")})
    assert len(_files(tmp_path / "user-cache")) >= len(kept_symbols() & {"SPY", "QQQ", "IWM"})
    assert outputs[0] == outputs[1]
