"""Every record and event study reaches as far back as the data does, by default.

Found on the real bars (the README's replay workspace, before the default rose from 1500 sessions):
the 2013-05-05 issue headlined "The S&P Closes at a 5-Year High" for an all-time high, and its
hook said "The S&P's highest close in the data here, back to May 2007", from a folder that goes
back to 2000; the Historical Edge's streak study counted n = 96 where the folder held 213.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from newsletter.analysis.close_records import close_record
from newsletter.collect import collect
from newsletter.config import Config
from newsletter.data.csv_folder import CsvFolderSource
from tests.analysis.factories import make_bars


def _twelve_years(folder: Path) -> dt.date:
    """SPY over twelve years: a peak at 170 in the second year, a fall, and a climb back to 160
    at the end, the highest close for eight years but not of the data."""
    idx = pd.bdate_range("2012-01-03", "2023-12-29", name="Date")
    t = np.arange(len(idx))
    peak = 500
    closes = np.where(t <= peak, 100 + 70 * t / peak, 170 - 90 * np.minimum(t - peak, 1000) / 1000)
    closes = np.where(t > peak + 1000, 80 + 80 * (t - peak - 1000) / (len(idx) - 1 - peak - 1000),
                      closes)
    make_bars(closes, index=idx).to_csv(folder / "SPY.csv")
    return idx[-1].date()


def test_the_default_history_reaches_the_start_of_the_data(tmp_path: Path) -> None:
    asof = _twelve_years(tmp_path)
    config = Config.model_validate({"watchlists": {"indices": ["SPY"], "macro": [], "sectors": [],
                                                   "breakdown": [], "sentiment": [], "story": []},
                                    "rotation": [], "themes": []})
    snapshot = collect(CsvFolderSource(tmp_path), config, asof)
    bars = snapshot.bars["SPY"]
    assert bars.index[0] == pd.Timestamp("2012-01-03")
    record = close_record(bars)
    assert record is not None and record.kind == "high"
    assert record.since is not None and record.since.year == 2014  # on the way down from 170
    assert record.years == 9  # "a 9-Year High", not the 5 years that 1500 sessions reach
