"""The publishing gates at their edges (issue 17: a mutation probe found these unguarded).

- calls.json unreadable, corrupt or not a list of calls fails the checks; ``[]`` passes.
- Data exactly one session stale is held; data as of the last session passes.
- Freshness is judged from the key index (SPY), not from the freshest ticker.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsletter.checks import run_checks
from tests.test_checks import SUNDAY_EVENING, LiveLookingSource, _build, live  # noqa: F401

LAST_SESSION = dt.date(2026, 11, 20)  # the Friday before the 2026-11-22 issue
ONE_SESSION_BEFORE = dt.date(2026, 11, 19)


def _item(report, name: str):
    [item] = [i for i in report.items if i.name == name]
    return item


@pytest.fixture
def built(tmp_path: Path, live):  # noqa: F811
    return _build(tmp_path)


@pytest.mark.parametrize("content, ok", [
    ("[]\n", True),
    ("[", False),
    ("", False),
    ("{}", False),
    ("[1, 2]", False),
    ('[{"id": "x"}]', False),
    ("null", False),
])
def test_calls_file_must_hold_a_list_of_calls(built, content: str, ok: bool) -> None:
    ws, result = built
    (result.folder / "calls.json").write_text(content, encoding="utf-8")
    item = _item(run_checks(ws, result, now=SUNDAY_EVENING), "calls file")
    assert item.ok is ok, item.detail


def test_the_built_calls_file_passes_with_its_count(built) -> None:
    ws, result = built
    item = _item(run_checks(ws, result, now=SUNDAY_EVENING), "calls file")
    assert item.ok and item.detail == f"{len(result.issue.calls)} calls stored"


@pytest.mark.parametrize("damage", ["missing", "a folder", "not UTF-8"])
def test_an_unreadable_calls_file_fails_the_checks(built, damage: str) -> None:
    ws, result = built
    path = result.folder / "calls.json"
    path.unlink()
    if damage == "a folder":
        path.mkdir()
    elif damage == "not UTF-8":
        path.write_bytes(b"[\xff\xfe]")
    report = run_checks(ws, result, now=SUNDAY_EVENING)
    assert not report.ok
    assert any(r.startswith("calls file: calls.json unreadable") for r in report.reasons), report.reasons


@pytest.mark.parametrize("last_day, fresh", [
    (LAST_SESSION, True),          # equal: the last completed session
    (ONE_SESSION_BEFORE, False),   # just under: one session stale is not tolerated
])
def test_data_one_session_stale_is_held(tmp_path: Path, live, monkeypatch,  # noqa: F811
                                        last_day: dt.date, fresh: bool) -> None:
    monkeypatch.setattr(LiveLookingSource, "last_day", last_day)
    ws, result = _build(tmp_path)
    report = run_checks(ws, result, now=SUNDAY_EVENING)
    item = _item(report, "fresh data")
    assert item.ok is fresh, item.detail
    if not fresh:
        assert (f"fresh data: stale: the last bar is {ONE_SESSION_BEFORE}, the last completed "
                f"session is {LAST_SESSION}") in report.reasons


class KeyIndexLags(LiveLookingSource):
    """SPY's feed stopped a session early; every other ticker is current."""

    def bars(self, tickers, start, end):
        fetched = super().bars(tickers, start, end)
        if "SPY" in fetched.bars:
            frame = fetched.bars["SPY"]
            fetched.bars["SPY"] = frame.loc[frame.index.date <= ONE_SESSION_BEFORE]
        return fetched


def test_freshness_is_judged_from_the_key_index_not_the_freshest_ticker(tmp_path: Path,
                                                                        monkeypatch) -> None:
    import newsletter.data.yahoo as yahoo

    monkeypatch.setattr(yahoo, "YahooSource", KeyIndexLags)
    ws, result = _build(tmp_path)
    assert max(f.index[-1].date() for f in result.snapshot.bars.values()) == LAST_SESSION
    item = _item(run_checks(ws, result, now=SUNDAY_EVENING), "fresh data")
    assert not item.ok
    assert f"SPY {ONE_SESSION_BEFORE}" in item.detail
