"""Unadjusted splits judged against the source's split record (issue 17).

- A move by a recorded split's ratio on its ex-date: named as an unadjusted split,
  left out as the split-ratio rule leaves it out (last bar dropped, else the history cut).
- A recorded split the data adjusted: no finding.
- No split record: the sigma rule as before.

On small frames at the tolerance's edges, and on the real SPY bars from ../shared
with the fault planted (skips when absent).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from newsletter.config import Config, ValidationConfig
from newsletter.data.base import split_record
from newsletter.data.csv_folder import CsvFolderSource
from newsletter.data.snapshot import load_snapshot, save_snapshot
from newsletter.model import Snapshot
from newsletter.validate import validate_bars, validate_snapshot
from tests.test_validate import calm, frame, only

TOL = ValidationConfig().split_tolerance
PRICES = ["Open", "High", "Low", "Close", "Adj Close"]


def unadjusted(ratio: float, at: int = 200, count: int = 300) -> pd.DataFrame:
    """Calm bars whose history before ``at`` was never adjusted for a ``ratio`` split on ``at``."""
    closes = calm(count)
    closes[:at] *= ratio
    return frame(closes)


# small frames


def test_a_recorded_split_the_data_did_not_adjust_is_named_and_cuts_the_history() -> None:
    f = unadjusted(4.0)
    day = f.index[200].date()
    result = validate_bars({"X": f}, splits={"X": [(day, 4.0)]})
    finding = only(result, kind="split")
    assert finding.line().startswith(f"X: 4:1 split on {day} not adjusted in the bars (")
    assert finding.action == "cut" and finding.dates == (day,)
    assert result.bars["X"].index[0] == f.index[200]
    assert [x.kind for x in result.findings] == ["split"]  # not named twice by the sigma rule


def test_a_recorded_split_on_the_last_bar_drops_that_bar() -> None:
    f = unadjusted(2.0, at=299)
    day = f.index[-1].date()
    result = validate_bars({"X": f}, splits={"X": [(day, 2.0)]})
    finding = only(result, kind="split")
    assert finding.action == "dropped" and "2:1 split on" in finding.message
    assert "bar left out" in finding.message and result.bars["X"].index[-1] == f.index[-2]


def test_a_recorded_reverse_split_is_named_the_other_way_round() -> None:
    f = unadjusted(0.1)
    day = f.index[200].date()
    finding = only(validate_bars({"X": f}, splits={"X": [(day, 0.1)]}), kind="split")
    assert f"1:10 split on {day} not adjusted" in finding.message


def test_a_recorded_split_the_data_adjusted_is_no_finding() -> None:
    f = frame(calm(300))
    result = validate_bars({"X": f}, splits={"X": [(f.index[200].date(), 4.0)]})
    assert result.findings == ()
    pd.testing.assert_frame_equal(result.bars["X"], f)


def test_without_a_split_record_the_sigma_rule_names_it_as_before() -> None:
    f = unadjusted(4.0)
    for record in (None, {}, {"X": []}, {"OTHER": [(f.index[200].date(), 4.0)]}):
        finding = only(validate_bars({"X": f}, splits=record), kind="split")
        assert "an unadjusted split; the history before" in finding.message
        assert "not adjusted in the bars" not in finding.message


def test_a_record_on_another_date_leaves_the_jump_to_the_sigma_rule() -> None:
    f = unadjusted(4.0)
    result = validate_bars({"X": f}, splits={"X": [(f.index[150].date(), 4.0)]})
    assert "not adjusted in the bars" not in only(result, kind="split").message


def test_a_record_on_a_day_without_a_bar_is_not_matched() -> None:
    f = unadjusted(4.0)
    saturday = f.index[200].date() - dt.timedelta(days=(f.index[200].weekday() + 2) % 7)
    assert saturday.weekday() == 5
    result = validate_bars({"X": f}, splits={"X": [(saturday, 4.0)]})
    assert "not adjusted in the bars" not in only(result, kind="split").message


def test_a_record_on_the_first_bar_has_nothing_to_compare_with() -> None:
    f = unadjusted(4.0)
    result = validate_bars({"X": f}, splits={"X": [(f.index[0].date(), 4.0)]})
    assert "not adjusted in the bars" not in only(result, kind="split").message


def _off_by(relative: float) -> tuple[pd.DataFrame, dt.date]:
    """Bars whose ex-date move is the unadjusted 1/2 times (1 + relative)."""
    closes = calm(300)
    closes[200:] *= closes[199] / closes[200]  # adjusted, the ex-date closes where the day before did
    closes[:200] *= 2.0 / (1 + relative)
    f = frame(closes)
    return f, f.index[200].date()


@pytest.mark.parametrize("relative, named", [
    (TOL * 0.99, True),   # just inside the tolerance
    (TOL, True),          # exactly at it: a tolerance met matches
    (-TOL, True),
    (TOL * 1.01, False),  # just outside
    (-TOL * 1.01, False),
])
def test_the_split_tolerance_boundary(relative: float, named: bool) -> None:
    f, day = _off_by(relative)
    move = f["Close"].iloc[200] / f["Close"].iloc[199]
    assert move * 2.0 - 1 == pytest.approx(relative, rel=1e-9)
    result = validate_bars({"X": f}, splits={"X": [(day, 2.0)]})
    recorded = [x for x in result.findings if "not adjusted in the bars" in x.message]
    assert bool(recorded) is named, [x.line() for x in result.findings]
    if not named:  # outside the record's tolerance, the sigma rule still sees the jump
        assert {x.kind for x in result.findings} == {"jump"}


def _snapshot(bars: dict[str, pd.DataFrame], splits) -> Snapshot:
    last = max(f.index[-1] for f in bars.values()).date()
    return Snapshot("csv:test", last, bars, splits=splits)


def test_an_unadjusted_split_of_a_key_ticker_holds_the_issue_a_non_key_one_does_not() -> None:
    f = unadjusted(4.0)
    day = f.index[200].date()
    config = Config()
    key = config.key_tickers()[0]
    _, validation = validate_snapshot(_snapshot({key: f, "XLK": f}, {key: ((day, 4.0),),
                                                                    "XLK": ((day, 4.0),)}), config)
    held = validation.holding()
    assert [x.ticker for x in held] == [key] and "4:1 split on" in held[0].message
    assert any(x.ticker == "XLK" and x.kind == "split" for x in validation.findings)
    _, adjusted = validate_snapshot(_snapshot({key: frame(calm(300))}, {key: ((day, 4.0),)}), config)
    assert adjusted.findings == () and adjusted.holding() == ()


# where the record comes from


def test_the_split_record_is_the_stock_splits_column() -> None:
    days = pd.DatetimeIndex(["2021-06-09", "2021-06-10", "2021-06-11", "2021-06-14"])
    raw = pd.DataFrame({"Close": 1.0, "Stock Splits": [0.0, 4.0, np.nan, 0.1]}, index=days)
    assert split_record(raw) == ((dt.date(2021, 6, 10), 4.0), (dt.date(2021, 6, 14), 0.1))
    assert split_record(raw.assign(**{"Stock Splits": 0.0})) == ()
    assert split_record(raw.drop(columns="Stock Splits")) is None


def test_a_snapshot_keeps_its_split_record(tmp_path: Path) -> None:
    f = frame(calm(30))
    snap = _snapshot({"X": f, "Y": f}, {"X": ((dt.date(2021, 1, 20), 4.0),), "Y": ()})
    save_snapshot(snap, tmp_path)
    assert load_snapshot(tmp_path).splits == snap.splits
    meta = (tmp_path / "meta.json").read_text().replace('"splits"', '"old_splits"')
    (tmp_path / "meta.json").write_text(meta)  # a snapshot saved before splits were kept
    assert load_snapshot(tmp_path).splits == {}


# real bars


SPLIT_DAY = dt.date(2021, 6, 10)


def _real_spy(real_data_dir: Path, tmp_path: Path, *, unadjusted_ratio: float | None,
              record: float | None) -> Path:
    """A copy of the real SPY CSV, its history before SPLIT_DAY multiplied by
    ``unadjusted_ratio`` (the fault) and a ``Stock Splits`` column holding ``record``."""
    folder = tmp_path / "bars"
    folder.mkdir()
    shutil.copy(real_data_dir / "SPY.csv", folder / "SPY.csv")
    raw = pd.read_csv(folder / "SPY.csv", index_col="Date", parse_dates=["Date"])
    before = raw.index < pd.Timestamp(SPLIT_DAY)
    if unadjusted_ratio is not None:
        raw.loc[before, PRICES] *= unadjusted_ratio
    if record is not None:
        raw["Stock Splits"] = np.where(raw.index == pd.Timestamp(SPLIT_DAY), record, 0.0)
    raw.to_csv(folder / "SPY.csv")
    return folder


def _real_validation(folder: Path):
    source = CsvFolderSource(folder)
    fetched = source.bars(["SPY"], dt.date(2020, 1, 1), dt.date(2022, 11, 18))
    snapshot = Snapshot(source.name, dt.date(2022, 11, 18), fetched.bars, splits=fetched.splits)
    return validate_snapshot(snapshot, Config())


def test_real_spy_with_a_recorded_4_for_1_split_left_unadjusted(real_data_dir: Path,
                                                                  tmp_path: Path) -> None:
    folder = _real_spy(real_data_dir, tmp_path, unadjusted_ratio=4.0, record=4.0)
    clean, validation = _real_validation(folder)
    [held] = validation.holding()
    assert held.line().startswith("SPY: 4:1 split on 2021-06-10 not adjusted in the bars (")
    assert held.action == "cut" and clean.bars["SPY"].index[0] == pd.Timestamp(SPLIT_DAY)
    assert [f.kind for f in validation.findings if f.ticker == "SPY"] == ["split"]


def test_real_spy_with_a_recorded_split_the_data_adjusted(real_data_dir: Path, tmp_path: Path) -> None:
    folder = _real_spy(real_data_dir, tmp_path, unadjusted_ratio=None, record=4.0)
    clean, validation = _real_validation(folder)
    assert [f for f in validation.findings if f.kind in ("split", "jump")] == []
    assert validation.holding() == ()
    assert clean.bars["SPY"].index[0] == pd.Timestamp("2020-01-02")


def test_real_spy_without_a_record_keeps_the_sigma_rule(real_data_dir: Path, tmp_path: Path) -> None:
    folder = _real_spy(real_data_dir, tmp_path, unadjusted_ratio=4.0, record=None)
    _, validation = _real_validation(folder)
    [held] = validation.holding()
    assert held.kind == "split" and "an unadjusted split" in held.message
    assert "not adjusted in the bars" not in held.message
