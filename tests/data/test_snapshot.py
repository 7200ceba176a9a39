"""A saved snapshot loads back with each chain's quote columns exactly where they were."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from newsletter.data.snapshot import load_snapshot, save_snapshot
from newsletter.model import BAR_COLUMNS, OPTION_COLUMNS, Snapshot


def bars() -> pd.DataFrame:
    index = pd.DatetimeIndex([pd.Timestamp("2026-11-20")], name="Date")
    return pd.DataFrame([[1.0, 2.0, 0.5, 1.5, 1.5, 100.0]], index=index, columns=list(BAR_COLUMNS))


def test_quotes_round_trip_and_a_chain_without_them_stays_without(tmp_path):
    expiry = dt.date(2026, 12, 18)
    plain = pd.DataFrame({"expiry": [expiry], "kind": ["call"], "strike": [100.0],
                          "open_interest": [10.0], "volume": [np.nan]})
    quoted = plain.assign(bid=[1.0], ask=[1.1], implied_volatility=[0.2])
    snap = Snapshot("sample", dt.date(2026, 11, 20), {"SPY": bars(), "TSLA": bars()},
                    options={"SPY": quoted, "TSLA": plain})
    save_snapshot(snap, tmp_path)
    back = load_snapshot(tmp_path)
    pd.testing.assert_frame_equal(back.options["SPY"], quoted)
    pd.testing.assert_frame_equal(back.options["TSLA"], plain)
    assert list(back.options["TSLA"].columns) == list(OPTION_COLUMNS)
