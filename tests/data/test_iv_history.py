"""IV rank's history: recorded by the cache day by day, the sample market's own, and what the issue says."""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from newsletter.analysis.volatility import IV_RANK_MIN_OBSERVATIONS, atm_iv
from newsletter.collect import atm_iv_history
from newsletter.data.cache import CachedSource
from newsletter.data.iv_history import history_path, load_atm_iv, record_atm_iv
from newsletter.data.sample import SampleSource
from newsletter.data.snapshot import load_snapshot, save_snapshot
from newsletter.errors import NewsletterError
from newsletter.model import Snapshot
from newsletter.sections import volatility
from tests.analysis.factories import make_bars
from tests.sections.factories import context, render
from tests.sections.test_volatility import CLOSES, spy_chain

D = dt.date(2024, 3, 1)


def test_recorded_values_come_back_up_to_the_asof_only(tmp_path):
    record_atm_iv(tmp_path, "SPY", D, 18.5)
    record_atm_iv(tmp_path, "SPY", D + dt.timedelta(days=3), 19.25)
    record_atm_iv(tmp_path, "SPY", D + dt.timedelta(days=4), 21.0)
    at_second, problems = load_atm_iv(tmp_path, "SPY", D + dt.timedelta(days=3))  # equal: in
    assert problems == []
    assert at_second.tolist() == [18.5, 19.25]
    before_second, _ = load_atm_iv(tmp_path, "SPY", D + dt.timedelta(days=2))  # just under: out
    assert before_second.tolist() == [18.5]
    assert load_atm_iv(tmp_path, "SPY", D - dt.timedelta(days=1))[0].empty
    assert load_atm_iv(tmp_path, "QQQ", D)[0].empty  # nothing recorded: empty, no error


def test_a_session_recorded_again_keeps_the_newer_value_and_one_row(tmp_path):
    record_atm_iv(tmp_path, "^VIX", D, 18.5)
    record_atm_iv(tmp_path, "^VIX", D, 17.0)
    history, _ = load_atm_iv(tmp_path, "^VIX", D)
    assert history.tolist() == [17.0]
    assert history_path(tmp_path, "^VIX").name == "%5EVIX.csv"
    assert history_path(tmp_path, "^VIX").read_text().splitlines() == ["date,atm_iv", "2024-03-01,17.0"]


@pytest.mark.parametrize("iv, kept", [(0.0, False), (-1.0, False), (math.nan, False),
                                      (math.inf, False), (1e-9, True)])
def test_only_a_finite_positive_iv_is_recorded(tmp_path, iv, kept):
    record_atm_iv(tmp_path, "SPY", D, iv)
    assert (not load_atm_iv(tmp_path, "SPY", D)[0].empty) == kept


def test_a_damaged_row_is_named_by_file_and_line_and_never_read_as_a_number(tmp_path):
    path = history_path(tmp_path, "SPY")
    path.parent.mkdir(parents=True)
    path.write_text("date,atm_iv\n2024-03-01,18.5\nnot-a-date,19\n2024-03-04,nan\n2024-03-05,-2\n"
                    "2024-03-06,20.5\n")
    history, problems = load_atm_iv(tmp_path, "SPY", D + dt.timedelta(days=10))
    assert history.tolist() == [18.5, 20.5]
    assert [p.split(": ")[0].rsplit(":", 1)[1] for p in problems] == ["3", "4", "5"]
    assert all(p.startswith(str(path)) and "\n" not in p for p in problems)
    record_atm_iv(tmp_path, "SPY", D + dt.timedelta(days=11), 21.0)  # rewritten without them
    history, problems = load_atm_iv(tmp_path, "SPY", D + dt.timedelta(days=11))
    assert history.tolist() == [18.5, 20.5, 21.0] and problems == []


def test_an_unreadable_file_says_so_and_starts_over(tmp_path):
    path = history_path(tmp_path, "SPY")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xff\xfe\x00bad")
    history, problems = load_atm_iv(tmp_path, "SPY", D)
    assert history.empty and len(problems) == 1 and "IV rank starts over" in problems[0]


def test_the_sample_market_history_is_what_each_days_chain_reads():
    """Independent computation: the quote model's shortcut against atm_iv on each session's chain."""
    source = SampleSource()
    for ticker in ("SPY", "IWM"):
        frame = source.history(ticker)
        asof = frame.index[-300].date()
        history = source.atm_iv_history(ticker, asof)
        assert len(history) == 252 and history.index[-1].date() == asof
        rng = np.random.default_rng(11)
        for k in rng.choice(len(history), 25, replace=False):
            day = history.index[k].date()
            chain = source.options(ticker, day)
            close = float(frame.loc[pd.Timestamp(day), "Close"])
            assert history.iloc[k] == pytest.approx(atm_iv(chain, close, day).iv, abs=1e-9)


def test_the_cache_records_each_day_it_fetches_and_rank_arrives_on_day_60(tmp_path):
    sample = SampleSource()
    cached = CachedSource(sample, tmp_path)
    frame = sample.history("SPY")
    end = len(frame) - 300
    days = [d.date() for d in frame.index[end - IV_RANK_MIN_OBSERVATIONS:end]]
    for n, day in enumerate(days, start=1):
        upto = frame.loc[: pd.Timestamp(day)]
        history = atm_iv_history(cached, "SPY", cached.options("SPY", day), upto, day)
        assert len(history) == n
    assert cached.warnings == []
    # the recorded history is the sample market's own, day for day
    own = sample.atm_iv_history("SPY", days[-1]).iloc[-IV_RANK_MIN_OBSERVATIONS:]
    assert history.to_numpy() == pytest.approx(own.to_numpy(), abs=1e-12)
    assert list(history.index) == list(own.index)


def _with_history(days_before: int):
    """The section's small-frame build with ``days_before`` recorded days ahead of today's chain."""
    bars = make_bars(CLOSES)
    ctx = context({"SPY": bars})
    asof, spot = ctx.snapshot.asof, float(bars["Close"].iloc[-1])
    session = bars.index[-1]
    earlier = pd.bdate_range(end=session - pd.Timedelta(days=1), periods=days_before) \
        if days_before else pd.DatetimeIndex([])
    # 10 % to 30 %, and one day after the as-of that must never count
    values = np.linspace(10.0, 30.0, days_before) if days_before else np.array([])
    recorded = pd.Series(values, index=earlier, dtype=float)
    recorded[session + pd.Timedelta(days=1)] = 99.0
    snapshot = replace(ctx.snapshot, options={"SPY": spy_chain(asof, spot, 100.0, 5000.0)},
                       iv_history={"SPY": recorded})
    ctx = replace(ctx, snapshot=snapshot)
    built = volatility.build(ctx)
    return built.section.data, render(ctx, built.section)


def test_rank_needs_60_days_just_under_is_counted():
    read, text = _with_history(IV_RANK_MIN_OBSERVATIONS - 2)  # 58 recorded + today = 59
    assert read.rank.observations == 59 and read.rank.rank is None
    assert "IV rank: not yet; it needs 60 days of ATM-IV history and this data has 59." in text


def test_rank_at_exactly_60_days_is_stated_with_its_range():
    read, text = _with_history(IV_RANK_MIN_OBSERVATIONS - 1)  # 59 recorded + today = 60
    r = read.rank
    assert r.observations == 60 and r.high == 30.0 and r.low == 10.0  # the 99 after the as-of: out
    assert r.current == pytest.approx(20.0, abs=0.01)  # today's chain: a flat 20 % IV
    assert r.rank == pytest.approx(100 * (r.current - 10) / 20)
    assert r.percentile == pytest.approx(100 * sum(v < r.current for v in np.linspace(10, 30, 59)) / 59)
    assert (f"- IV rank {r.rank:.0f} of 100 over 60 days of ATM-IV history, where 0 is its low (10.0%) "
            "and 100 its high (30.0%); "
            f"IV percentile {r.percentile:.0f}%: that share of the earlier days was lower.") in text


def test_the_snapshot_keeps_the_history_it_was_built_with(tmp_path):
    source = SampleSource()
    frame = source.history("SPY")
    asof = frame.index[-300].date()
    snap = Snapshot(source="sample", asof=asof, bars={"SPY": frame.loc[: pd.Timestamp(asof)]},
                    iv_history={"SPY": source.atm_iv_history("SPY", asof)})
    save_snapshot(snap, tmp_path)
    back = load_snapshot(tmp_path)
    pd.testing.assert_series_equal(back.iv_history["SPY"], snap.iv_history["SPY"],
                                   check_freq=False)
    meta = json.loads((tmp_path / "meta.json").read_text())
    meta["iv_history"] = {"SPY": ["not", "a", "mapping"]}
    (tmp_path / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(NewsletterError) as caught:
        load_snapshot(tmp_path)
    assert "iv_history" in str(caught.value) and "\n" not in str(caught.value)
    del meta["iv_history"]  # a snapshot saved before histories were kept
    (tmp_path / "meta.json").write_text(json.dumps(meta))
    assert load_snapshot(tmp_path).iv_history == {}
