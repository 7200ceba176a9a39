"""A damaged calls.json is one line naming the file, the line or the key: never a traceback.

Every earlier issue's calls.json is read by each Sunday's build (to grade last week's calls
and fetch their tickers), by ``notes new``, by ``newsletter calls`` and by the archive's track
record. One file cut short or edited by hand used to stop the Sunday build with a
``JSONDecodeError`` or ``KeyError`` traceback. A call is never dropped from the record in
silence: the file is named, and the author mends or removes it.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import pytest

from newsletter.calls import call_to_json, earlier_calls, load_calls
from newsletter.cli import main
from newsletter.errors import NewsletterError
from newsletter.model import Call

CALL = Call(id="2022-11-13-breakdown-SPY", ticker="SPY", direction="short", trigger=390.0,
            target=370.0, stop=398.0, horizon=dt.date(2022, 12, 9), origin="breakdown",
            made_on=dt.date(2022, 11, 13), text="If 390 cracks, 370 is next.", setup="support break")


def _write(folder: Path, entries: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "calls.json"
    path.write_text(json.dumps(entries, indent=1) + "\n", encoding="utf-8")
    return path


def _error(folder: Path) -> NewsletterError:
    with pytest.raises(NewsletterError) as caught:
        load_calls(folder)
    assert "\n" not in caught.value.one_line()
    return caught.value


def test_a_good_file_loads(tmp_path: Path) -> None:
    _write(tmp_path, [call_to_json(CALL)])
    assert load_calls(tmp_path) == [CALL]


def test_text_and_setup_may_be_absent(tmp_path: Path) -> None:  # older files have no setup
    entry = call_to_json(CALL)
    del entry["text"], entry["setup"]
    _write(tmp_path, [entry])
    assert load_calls(tmp_path)[0].setup == "" and load_calls(tmp_path)[0].text == ""


def test_a_file_cut_short_names_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, [call_to_json(CALL), call_to_json(CALL)])
    lines = path.read_text().splitlines()
    path.write_text("\n".join(lines[:8]) + "\n")
    error = _error(tmp_path)
    assert error.file == str(path) and error.line == 9 and "not valid JSON" in error.one_line()


@pytest.mark.parametrize("content", ["", "{}", '"calls"', "3"])
def test_not_a_list_of_calls(tmp_path: Path, content: str) -> None:
    (tmp_path / "calls.json").write_text(content)
    error = _error(tmp_path)
    assert error.file == str(tmp_path / "calls.json")


def test_an_entry_that_is_not_a_mapping_is_named(tmp_path: Path) -> None:
    _write(tmp_path, [call_to_json(CALL), ["SPY", 390]])
    assert _error(tmp_path).key == "[1]"


@pytest.mark.parametrize("key", ["id", "ticker", "direction", "trigger", "target", "stop", "horizon",
                                 "origin", "made_on"])
def test_a_missing_key_is_named(tmp_path: Path, key: str) -> None:
    entry = call_to_json(CALL)
    del entry[key]
    _write(tmp_path, [call_to_json(CALL), entry])
    error = _error(tmp_path)
    assert error.key == f"[1].{key}" and "missing" in error.one_line()


@pytest.mark.parametrize("key,value", [
    ("trigger", "abc"), ("trigger", "nan"), ("trigger", True), ("trigger", None), ("target", [370]),
    ("stop", math.inf), ("stop", math.nan), ("trigger", 0.0), ("trigger", -1.0),
    ("direction", "sideways"), ("direction", "SHORT"), ("horizon", "soon"), ("made_on", 20221113),
    ("horizon", "2022-12-09T00:00"), ("id", ""), ("ticker", 3), ("origin", None), ("text", 5),
    ("setup", ["support break"]),
])
def test_a_bad_value_is_named(tmp_path: Path, key: str, value: object) -> None:
    entry = call_to_json(CALL)
    entry[key] = value
    _write(tmp_path, [entry])
    error = _error(tmp_path)
    assert error.key == f"[0].{key}", error.one_line()


@pytest.mark.parametrize("price", [1e-9, 0.01, 1e6])
def test_any_finite_positive_price_is_a_price(tmp_path: Path, price: float) -> None:  # the boundary
    entry = call_to_json(CALL)
    entry["trigger"] = price
    _write(tmp_path, [entry])
    assert load_calls(tmp_path)[0].trigger == price


@pytest.mark.parametrize("stored", [390, "390", "390.0"])
def test_whole_numbers_and_numeric_text_load_as_floats(tmp_path: Path, stored: object) -> None:
    entry = call_to_json(CALL)  # older files kept some prices as text
    entry["trigger"] = stored
    _write(tmp_path, [entry])
    assert load_calls(tmp_path)[0].trigger == 390.0


def test_earlier_calls_name_the_damaged_issue(tmp_path: Path) -> None:
    _write(tmp_path / "2022-11-06", [call_to_json(CALL)])
    (tmp_path / "2022-11-13").mkdir()
    (tmp_path / "2022-11-13" / "calls.json").write_text('[{"id": "x"')
    with pytest.raises(NewsletterError) as caught:
        earlier_calls(tmp_path, dt.date(2022, 11, 20))
    assert caught.value.file == str(tmp_path / "2022-11-13" / "calls.json")


def test_the_build_stops_in_one_line_on_a_damaged_earlier_calls_file(tmp_path: Path, capsys) -> None:
    ws = tmp_path / "ws"
    assert main(["-q", "init", str(ws)]) == 0
    (ws / "issues" / "2026-11-15").mkdir(parents=True)
    (ws / "issues" / "2026-11-15" / "calls.json").write_text('[{"id": "x"')
    capsys.readouterr()
    code = main(["-q", "-C", str(ws), "build", "--source", "sample", "--date", "2026-11-22"])
    err = capsys.readouterr().err
    assert code == 2
    assert "2026-11-15/calls.json" in err and "not valid JSON" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (ws / "issues" / "2026-11-22").exists()  # nothing half-built


def test_newsletter_calls_stops_in_one_line_too(tmp_path: Path, capsys) -> None:
    ws = tmp_path / "ws"
    assert main(["-q", "init", str(ws)]) == 0
    (ws / "issues" / "2026-11-15").mkdir(parents=True)
    entry = call_to_json(CALL)
    del entry["stop"]
    _write(ws / "issues" / "2026-11-15", [entry])
    capsys.readouterr()
    assert main(["-q", "-C", str(ws), "calls"]) == 2
    err = capsys.readouterr().err
    assert "calls.json" in err and "[0].stop" in err and "Traceback" not in err
