"""The sample snapshot read back from the cache equals a fresh collect, exactly; nothing else is cached."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from newsletter.collect import collect
from newsletter.config import Config
from newsletter.data.sample import SampleSource
from newsletter.data.snapshot_cache import collect_cached, snapshot_key

ASOF = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def config() -> Config:
    return Config()


def _cached(source, config, cache: Path, extra=()):
    calls: list[int] = []

    def fresh():
        calls.append(1)
        return collect(source, config, ASOF, extra_tickers=list(extra))

    return collect_cached(fresh, source, config, ASOF, list(extra), cache), calls


def assert_same(a, b) -> None:
    """Every field of the Snapshot (a field added later included), values, order and types."""
    for field in dataclasses.fields(a):
        x, y = getattr(a, field.name), getattr(b, field.name)
        if not isinstance(x, dict):
            assert x == y, field.name
            continue
        assert list(x) == list(y), f"{field.name} order"
        for key in x:
            if isinstance(x[key], pd.DataFrame):
                pd.testing.assert_frame_equal(x[key], y[key], check_freq=True)
            elif isinstance(x[key], pd.Series):
                pd.testing.assert_series_equal(x[key], y[key], check_freq=False)
            else:
                assert x[key] == y[key], f"{field.name}[{key}]"
    assert a.iv_history, "the sample snapshot carries an ATM-IV history"
    for ticker in a.options:
        assert type(a.options[ticker]["expiry"].iloc[0]) is type(b.options[ticker]["expiry"].iloc[0])


def test_a_hit_equals_a_fresh_collect_and_does_not_collect(tmp_path: Path, config):
    source = SampleSource(seed=7)
    first, calls = _cached(source, config, tmp_path, extra=["SHOP"])
    again, calls_again = _cached(SampleSource(seed=7), config, tmp_path, extra=["SHOP"])
    assert calls == [1] and calls_again == []
    assert_same(first, again)
    assert_same(collect(SampleSource(seed=7), config, ASOF, extra_tickers=["SHOP"]), again)


def test_the_key_covers_seed_date_tickers_and_config(config):
    base = snapshot_key(SampleSource(7), config, ASOF, [])
    assert snapshot_key(SampleSource(7), config, ASOF, []) == base
    assert snapshot_key(SampleSource(8), config, ASOF, []) != base
    assert snapshot_key(SampleSource(7), config, ASOF - dt.timedelta(days=1), []) != base
    assert snapshot_key(SampleSource(7), config, ASOF, ["SHOP"]) != base
    longer = config.model_copy(update={"data": config.data.model_copy(update={"history_sessions": 900})})
    assert snapshot_key(SampleSource(7), longer, ASOF, []) != base


@pytest.mark.parametrize("victim", ["values.npy", "meta.json", "options.json", "manifest.json"])
def test_a_damaged_entry_is_collected_again(tmp_path: Path, config, victim: str):
    first, _ = _cached(SampleSource(seed=7), config, tmp_path)
    damaged = next(tmp_path.glob(f"*/{victim}"))
    damaged.write_bytes(damaged.read_bytes()[:-3] + b"xyz")
    again, calls = _cached(SampleSource(seed=7), config, tmp_path)
    assert calls == [1]
    assert_same(first, again)
    third, calls = _cached(SampleSource(seed=7), config, tmp_path)
    assert calls == []  # rewritten sound


def test_a_source_dressed_as_another_is_never_cached(tmp_path: Path, config):
    class Live(SampleSource):
        name = "yahoo"

    _, calls = _cached(Live(seed=7), config, tmp_path)
    _, calls_again = _cached(Live(seed=7), config, tmp_path)
    assert calls == calls_again == [1]
    assert not list(tmp_path.iterdir())
