"""No look-ahead: a replayed week equals a normal build on the data cut at that week's as-of.

The replay reads one source holding the whole history; the reference build here
gets a source (or a folder of CSV files) that physically ends at the as-of, so
nothing after it can reach the sections. Calls and every Section value must be
equal, exactly, float for float; the Three Minds section is on, so each lens's read
and the synthesis (what the replay's lens record is made of) are compared too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from newsletter.analysis import memo
from newsletter.build import gather
from newsletter.collect import collect
from newsletter.compose import compose
from newsletter.config import Config
from newsletter.data.base import Fetched
from newsletter.data.csv_folder import CsvFolderSource
from newsletter.data.sample import SampleSource
from newsletter.notes import Notes
from newsletter.replay.run import load_config_file, replay_window, run_replay
from newsletter.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
WEEKS = 20


def canonical(value):
    """A value made comparable with ==: dataclasses to dicts, pandas to lists, NaN to a marker."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__,
                {f.name: canonical(getattr(value, f.name)) for f in dataclasses.fields(value)})
    if isinstance(value, pd.DataFrame):
        return ("frame", [str(i) for i in value.index], canonical(value.to_dict("list")))
    if isinstance(value, pd.Series):
        return ("series", [str(i) for i in value.index], canonical(value.tolist()))
    if isinstance(value, np.ndarray):
        return canonical(value.tolist())
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if isinstance(value, (float, np.floating)):
        return "nan" if math.isnan(value) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    return value


def week_values(composed) -> tuple:
    issue = composed.issue
    return canonical(issue.calls), canonical(issue.sections), issue.headline, composed.failures


class Cut:
    """A source that physically ends at ``cut`` (optionally with a spike planted after it)."""

    def __init__(self, inner, cut: dt.date | None = None, spike_after: dt.date | None = None) -> None:
        self.inner, self.cut, self.spike_after = inner, cut, spike_after
        self.name, self.sample = inner.name, getattr(inner, "sample", False)

    def bars(self, tickers, start, end) -> Fetched:
        got = self.inner.bars(tickers, start, end)
        out = Fetched(failed=dict(got.failed))
        for ticker, frame in got.bars.items():
            frame = frame.copy()
            if self.cut is not None:
                frame = frame.loc[: pd.Timestamp(self.cut)]
            if self.spike_after is not None:
                later = frame.index > pd.Timestamp(self.spike_after)
                for column in ("Open", "High", "Low", "Close", "Adj Close"):
                    frame.loc[later, column] = frame.loc[later, column] * 3.0
                frame.loc[later, "Volume"] = frame.loc[later, "Volume"] * 10
            if frame.empty:
                out.failed[ticker] = "cut"
            else:
                out.bars[ticker] = frame
        return out

    def options(self, ticker, asof):
        return self.inner.options(ticker, asof)

    def earnings(self, ticker):
        return self.inner.earnings(ticker)

    def atm_iv_history(self, ticker, asof):
        """The sample market's ATM-IV history read off this source's own (cut, spiked) bars."""
        if not hasattr(self.inner, "atm_iv_history"):
            return None
        from newsletter.analysis.volatility import IV_RANK_WINDOW
        from newsletter.data.sample.options import atm_iv_history

        frame = self.bars([ticker], dt.date(1990, 1, 1), asof).bars.get(ticker)
        return None if frame is None else atm_iv_history(self.inner.seed, ticker, frame, asof,
                                                         IV_RANK_WINDOW)


def sample_config() -> Config:
    """Few tickers (fast), every call-making section on, regime fed by all five components."""
    return Config.model_validate({
        "data": {"history_sessions": 400},
        "watchlists": {"indices": ["SPY", "QQQ", "IWM", "DIA", "^VIX"], "macro": ["HYG", "IEF"],
                       "sectors": ["XLU", "XLP"], "breakdown": ["SPY", "QQQ", "IWM", "TSLA"],
                       "sentiment": [], "story": []},
        "themes": [],
        "sections": {"regime": True, "macro": False, "sentiment": False, "lenses": True},
    })


def random_weeks(source, config: Config, seed: int, first: dt.date, last: dt.date) -> list[dt.date]:
    from newsletter.replay.run import _history

    weeks = replay_window(_history(source, config), first, last, config)
    return sorted(random.Random(seed).sample(weeks, WEEKS))


def test_sample_replay_equals_a_build_on_data_cut_at_each_asof(monkeypatch) -> None:
    config = sample_config()
    source = SampleSource(seed=7)
    chosen = random_weeks(source, config, seed=12, first=dt.date(2017, 6, 1), last=dt.date(2026, 6, 1))
    seen = {}
    found = []  # the replay's whole-history memo must be what this test checks
    real_pivots = memo.close_pivots
    monkeypatch.setattr(memo, "close_pivots", lambda *a: found.append(real_pivots(*a)) or found[-1])
    replay = run_replay(config, source, only=chosen,
                        on_week=lambda c, s: seen.__setitem__(c.issue.date, week_values(c)))
    assert [w.issue_date for w in replay.weeks] == chosen
    calls = 0
    for week in replay.weeks:
        cut = Cut(SampleSource(seed=7), cut=week.asof)
        reference = compose(config, collect(cut, config, week.asof), Notes(), week.issue_date)
        assert seen[week.issue_date] == week_values(reference), week.issue_date
        calls += len(reference.issue.calls)
    assert calls > 0, "the weeks compared must include some calls"
    assert sum(f is not None for f in found) > 100
    assert any(s.key == "regime" for w in replay.weeks for s in w.sections)
    assert_lens_reads_compared(replay)


def assert_lens_reads_compared(replay) -> None:
    """The weeks compared carry lens reads, and they are what the replay's lens record reads."""
    from newsletter.replay.lenses import lens_weeks

    recorded = lens_weeks(replay.weeks, replay.bars, replay.data_end)
    assert len(recorded) == len(replay.weeks), "every compared week must have its lens reads"
    assert all(len(w.reads) == 3 for w in recorded)


def test_real_replay_equals_a_normal_build_on_files_cut_at_each_asof(real_data_dir, tmp_path) -> None:
    config = load_config_file(REPO / "examples" / "replay-lenses.yaml")
    source = CsvFolderSource(real_data_dir)
    chosen = random_weeks(source, config, seed=2003, first=dt.date(2003, 1, 1), last=dt.date(2022, 11, 18))
    seen = {}
    replay = run_replay(config, source, only=chosen,
                        on_week=lambda c, s: seen.__setitem__(c.issue.date, week_values(c)))
    calls = 0
    for week in replay.weeks:
        folder = tmp_path / week.issue_date.isoformat()
        folder.mkdir()
        for csv in real_data_dir.glob("*.csv"):
            frame = pd.read_csv(csv)
            frame[frame["Date"] <= week.asof.isoformat()].to_csv(folder / csv.name, index=False)
        ws = Workspace(root=tmp_path, config=config)
        draft = gather(ws, source=f"csv:{folder}", issue_date=week.issue_date,
                       now=dt.datetime.combine(week.issue_date, dt.time(12)))
        assert draft.asof == week.asof
        reference = compose(config, draft.snapshot, draft.notes, week.issue_date)
        assert seen[week.issue_date] == week_values(reference), week.issue_date
        calls += len(reference.issue.calls)
    assert calls > 0
    assert_lens_reads_compared(replay)


@pytest.mark.parametrize("kind", ["sample", "real"])
def test_a_spike_planted_after_the_asof_changes_no_replayed_figure(kind, request) -> None:
    if kind == "sample":
        config, inner = sample_config(), SampleSource(seed=7)
        first, last, spike = dt.date(2019, 1, 1), dt.date(2019, 3, 31), dt.date(2019, 3, 15)
    else:
        folder = request.getfixturevalue("real_data_dir")
        config, inner = load_config_file(REPO / "examples" / "replay-lenses.yaml"), CsvFolderSource(folder)
        first, last, spike = dt.date(2008, 8, 1), dt.date(2008, 10, 31), dt.date(2008, 10, 10)
    plain = run_replay(config, Cut(inner), first, last)
    spiked = run_replay(config, Cut(inner, spike_after=spike), first, last)
    before = [(a, b) for a, b in zip(plain.weeks, spiked.weeks, strict=True) if a.asof <= spike]
    after = [(a, b) for a, b in zip(plain.weeks, spiked.weeks, strict=True) if a.asof > spike]
    assert len(before) >= 8 and after
    for a, b in before:
        assert canonical((a.calls, a.sections)) == canonical((b.calls, b.sections)), a.issue_date
    # the lens reads of those weeks are the same; only their grades may see the spike
    from newsletter.replay.lenses import lens_weeks

    plain_reads = {w.issue_date: w.reads for w in lens_weeks(plain.weeks, plain.bars, plain.data_end)}
    spiked_reads = {w.issue_date: w.reads for w in lens_weeks(spiked.weeks, spiked.bars, spiked.data_end)}
    assert plain_reads and all(canonical(plain_reads[a.issue_date]) == canonical(spiked_reads[a.issue_date])
                               for a, _ in before)
    # the spike is real: the weeks that can see it say something else
    assert any(canonical(a.sections) != canonical(b.sections) for a, b in after)
