"""A damaged snapshot folder is one line naming the file and the key, never a traceback and
never numbers read wrong.

Snapshots are read back by ``build --from-snapshot``, by ``notes new`` (the open calls), and by
the track record the public archive is rebuilt with at publishing time: a snapshot someone
edited, a disk that cut a file short, or a folder copied from elsewhere must not crash any of
them (the track record turns the error into "left ungraded" and goes on).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from newsletter.data.parquet import frame_bytes, read_frame
from newsletter.data.snapshot import load_snapshot, save_snapshot
from newsletter.errors import NewsletterError
from newsletter.model import BAR_COLUMNS, Snapshot
from newsletter.track_record import track_record

GOOD = Path(__file__).parent / "pyarrow_written" / "snapshot"


def _bars() -> pd.DataFrame:
    return read_frame(GOOD / "bars.parquet")


def _options() -> pd.DataFrame:
    return read_frame(GOOD / "options.parquet")


def _write_bars(frame: pd.DataFrame) -> Callable[[Path], None]:
    return lambda folder: (folder / "bars.parquet").write_bytes(frame_bytes(frame))


def _write_options(frame: pd.DataFrame) -> Callable[[Path], None]:
    return lambda folder: (folder / "options.parquet").write_bytes(frame_bytes(frame, index=False))


def _edit_meta(change: Callable[[dict], None]) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        meta = json.loads((folder / "meta.json").read_text())
        change(meta)
        (folder / "meta.json").write_text(json.dumps(meta))
    return edit


def _cut(name: str, keep: int) -> Callable[[Path], None]:
    def cut(folder: Path) -> None:
        data = (folder / name).read_bytes()
        (folder / name).write_bytes(data[:keep] if keep >= 0 else data[: len(data) // 2])
    return cut


DAMAGE: dict[str, tuple[Callable[[Path], None], str, str | None, str]] = {
    # name: (damage, file named, key named, words in the message)
    "bars cut in half": (_cut("bars.parquet", -1), "bars.parquet", None, "not a readable Parquet file"),
    "bars empty file": (_cut("bars.parquet", 0), "bars.parquet", None, "not a readable Parquet file"),
    "options cut short": (_cut("options.parquet", 100), "options.parquet", None,
                          "not a readable Parquet file"),
    "bars without Ticker": (_write_bars(_bars().drop(columns="Ticker")), "bars.parquet", "Ticker",
                            "missing"),
    "bars without Close": (_write_bars(_bars().drop(columns="Close")), "bars.parquet", "Close",
                           "missing"),
    "bars Close as text": (_write_bars(_bars().astype({"Close": str})), "bars.parquet", "Close",
                           "not numbers"),
    "bars Volume as true/false": (_write_bars(_bars().assign(Volume=True)), "bars.parquet", "Volume",
                                  "not numbers"),
    "bars without dates": (_write_bars(_bars().reset_index(drop=True)), "bars.parquet", "Date",
                           "dates"),
    "options without expiry": (_write_options(_options().drop(columns="expiry")), "options.parquet",
                               "expiry", "missing"),
    "options expiry not a date": (_write_options(_options().assign(expiry="soon")), "options.parquet",
                                  "expiry", "not a date"),
    "options strike as text": (_write_options(_options().astype({"strike": str})), "options.parquet",
                               "strike", "not numbers"),
    "meta without asof": (_edit_meta(lambda m: m.pop("asof")), "meta.json", "asof", "missing"),
    "meta asof not a date": (_edit_meta(lambda m: m.update(asof="last friday")), "meta.json", "asof",
                             "expected a date (YYYY-MM-DD)"),
    "meta earnings not a mapping": (_edit_meta(lambda m: m.update(earnings=[1, 2])), "meta.json",
                                    "earnings", "expected ticker: [YYYY-MM-DD, ...]"),
    "meta earnings date wrong": (_edit_meta(lambda m: m.update(earnings={"SPY": ["soon"]})),
                                 "meta.json", "earnings", "expected ticker: [YYYY-MM-DD, ...]"),
    "meta not JSON": (lambda folder: (folder / "meta.json").write_text('{"source": "x",\n  "asof"'),
                      "meta.json", None, "not valid JSON"),
    "meta a list": (lambda folder: (folder / "meta.json").write_text("[1, 2]"), "meta.json", None,
                    "mapping"),
    "meta splits wrong": (_edit_meta(lambda m: m.update(splits={"SPY": [["2022-01-01"]]})), "meta.json",
                          "splits", "expected ticker: [[YYYY-MM-DD, ratio], ...]"),
    "meta sample not a bool": (_edit_meta(lambda m: m.update(sample="yes")), "meta.json", "sample",
                               "expected true or false"),
    "meta source not text": (_edit_meta(lambda m: m.update(source=3)), "meta.json", "source",
                             "expected the source's name"),
    "meta failed a list": (_edit_meta(lambda m: m.update(failed=["SPY"])), "meta.json", "failed",
                           "expected ticker: reason"),
    "options file gone": (lambda folder: (folder / "options.parquet").unlink(), "options.parquet", None,
                          "missing"),
}


@pytest.mark.parametrize("case", sorted(DAMAGE))
def test_a_damaged_snapshot_is_one_line_naming_file_and_key(tmp_path: Path, case: str) -> None:
    damage, file, key, words = DAMAGE[case]
    folder = tmp_path / "snapshot"
    shutil.copytree(GOOD, folder)
    damage(folder)
    with pytest.raises(NewsletterError) as caught:
        load_snapshot(folder)
    error = caught.value
    assert error.file is not None and error.file.endswith(file), error.one_line()
    assert error.key == key, error.one_line()
    assert words in error.one_line()
    assert "\n" not in error.one_line()


def test_the_undamaged_folder_loads() -> None:  # the cases above start from a good folder
    assert load_snapshot(GOOD).bars["SPY"].shape == (3, len(BAR_COLUMNS))


def test_whole_numbers_are_numbers(tmp_path: Path) -> None:  # the boundary of "not numbers"
    folder = tmp_path / "snapshot"
    shutil.copytree(GOOD, folder)
    _write_bars(_bars().astype({"Volume": "int64"}))(folder)
    assert load_snapshot(folder).bars["SPY"]["Volume"].tolist() == _bars()["Volume"].astype("int64")[
        _bars()["Ticker"] == "SPY"].tolist()


def test_an_empty_snapshot_is_not_damage(tmp_path: Path) -> None:
    save_snapshot(Snapshot("csv:x", dt.date(2022, 11, 18), {}), tmp_path)
    assert load_snapshot(tmp_path).bars == {}


def test_the_track_record_leaves_a_damaged_snapshot_ungraded(tmp_path: Path) -> None:
    issue = tmp_path / "2022-11-20"
    shutil.copytree(GOOD, issue / "snapshot")
    (issue / "calls.json").write_text(json.dumps([{
        "id": "2022-11-20-breakdown-SPY", "ticker": "SPY", "direction": "short", "trigger": 390.0,
        "target": 380.0, "stop": 395.0, "horizon": "2022-12-16", "made_on": "2022-11-20",
        "origin": "breakdown"}]))
    _write_bars(_bars().drop(columns="Ticker"))(issue / "snapshot")
    record = track_record(tmp_path)
    assert [g.grade for g in record.graded] == ["open"]
