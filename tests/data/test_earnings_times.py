"""Earnings dates keep their time of day: before the open reacts that session, after the close the next."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yfinance as yf

from newsletter.analysis.earnings import earnings_gaps
from newsletter.data.csv_folder import CsvFolderSource
from tests.analysis.factories import make_bars
from tests.data.test_yahoo import earnings_frame, source

REPORT = dt.date(2024, 3, 6)  # a Wednesday


def _bars_gapping_on(day: dt.date) -> pd.DataFrame:
    idx = pd.bdate_range("2024-01-02", "2024-03-29", name="Date")
    closes = np.full(len(idx), 100.0)
    opens = closes.copy()
    pos = idx.get_loc(pd.Timestamp(day))
    closes[pos:] = 108.0
    opens[pos] = 106.0  # the gap opens the reaction session
    opens[pos + 1:] = 108.0
    return make_bars(closes, opens=opens, index=idx)


def _csv(tmp_path: Path, time: str) -> CsvFolderSource:
    (tmp_path / "earnings.csv").write_text(f"ticker,date,time\nNVDA,{REPORT},{time}\n"
                                           "AVGO,2024-03-07,\n", encoding="utf-8")
    return CsvFolderSource(tmp_path)


@pytest.mark.parametrize(("time", "reaction"), [("bmo", REPORT), ("amc", dt.date(2024, 3, 7)),
                                                ("", dt.date(2024, 3, 7))])
def test_the_csv_time_decides_the_reaction_session(tmp_path: Path, time: str,
                                                    reaction: dt.date) -> None:
    src = _csv(tmp_path, time)
    dates = src.earnings("NVDA")
    gaps = earnings_gaps(_bars_gapping_on(reaction), dates)
    assert [g.date for g in gaps] == [reaction]
    assert src.earnings("AVGO") == (dt.date(2024, 3, 7),)
    assert src.earnings("MU") == ()


def test_a_bad_time_is_a_warning_not_a_crash(tmp_path: Path, caplog) -> None:
    (tmp_path / "earnings.csv").write_text("ticker,date,time\nNVDA,2024-03-06,noon\n", encoding="utf-8")
    assert CsvFolderSource(tmp_path).earnings("NVDA") == ()
    assert "expected bmo or amc" in caplog.text


def test_yahoo_keeps_the_time_of_day(monkeypatch) -> None:
    frame = earnings_frame(["2024-03-06 06:30", "2024-05-22 16:05", "2024-08-28 00:00"])

    class EarningsTicker:
        def __init__(self, ticker, session=None):
            self.ticker = ticker

        def get_earnings_dates(self, limit=12, offset=0):
            return frame

    monkeypatch.setattr(yf, "Ticker", EarningsTicker)
    # before the open: kept as the day before, so the reaction is the report's own session
    assert source().earnings("NVDA") == (dt.date(2024, 3, 5), dt.date(2024, 5, 22),
                                         dt.date(2024, 8, 28))
