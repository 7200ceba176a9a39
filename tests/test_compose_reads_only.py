"""Composing an issue never writes into the snapshot it reads.

The analysis hands closes around without copying them (``close_series`` gives
back the Series itself when nothing is missing: copies took some 10% of a replay); that is only
safe while no section writes into a Series. The replay composes a thousand weeks from the same
frames, so one write would change every later week.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from newsletter.collect import collect
from newsletter.compose import compose
from newsletter.config import Config
from newsletter.data.sample import SampleSource
from newsletter.notes import Notes


def test_a_composed_issue_leaves_every_bar_of_its_snapshot_as_it_was() -> None:
    config = Config()
    snapshot = collect(SampleSource(seed=7), config, dt.date(2026, 11, 20))
    before = {t: f.copy(deep=True) for t, f in snapshot.bars.items()}
    composed = compose(config, snapshot, Notes(), dt.date(2026, 11, 22))
    assert not composed.failures
    assert len(composed.issue.sections) >= 8  # every section read the bars
    assert set(snapshot.bars) == set(before)
    for ticker, frame in snapshot.bars.items():
        pd.testing.assert_frame_equal(frame, before[ticker], check_exact=True, check_freq=True,
                                      obj=ticker)
        assert frame.index.name == before[ticker].index.name
        assert all(frame[c].name == c for c in frame.columns), ticker
