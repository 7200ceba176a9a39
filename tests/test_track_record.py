"""The hit rate counts decided calls only: open calls are neither hits nor misses (issue 17)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsletter.calls import save_calls
from newsletter.model import Call, GradedCall
from newsletter.track_record import Tally, tally, track_record


def _call(n: int, origin: str = "breakdown", direction: str = "short") -> Call:
    return Call(id=f"c{n}", ticker="TSLA", direction=direction, trigger=100.0, target=90.0, stop=105.0,
                horizon=dt.date(2026, 12, 18), origin=origin, made_on=dt.date(2026, 11, 20))


def _graded(*grades: str) -> list[GradedCall]:
    return [GradedCall(_call(n), grade) for n, grade in enumerate(grades)]


@pytest.mark.parametrize("grades, rate", [
    (("hit", "failed", "open", "open"), 50.0),      # open calls left out of the denominator
    (("hit", "open", "open", "open"), 100.0),
    (("failed", "open"), 0.0),
    (("open", "open"), None),                       # nothing decided: no rate, not 0 %
    ((), None),
    (("hit",), 100.0),
    (("hit", "hit", "failed"), pytest.approx(200 / 3)),
])
def test_hit_rate_is_hits_over_decided_calls(grades: tuple[str, ...], rate) -> None:
    counted = tally("all", _graded(*grades))
    assert (counted.hit, counted.failed, counted.open) == (
        grades.count("hit"), grades.count("failed"), grades.count("open"))
    assert counted.decided == counted.hit + counted.failed
    assert counted.hit_rate == rate


def test_a_tally_with_open_calls_has_the_rate_of_its_decided_calls() -> None:
    assert Tally("x", hit=1, failed=1, open=0).hit_rate == Tally("x", hit=1, failed=1, open=9).hit_rate


def test_an_issue_of_open_calls_shows_no_hit_rate(tmp_path: Path) -> None:
    folder = tmp_path / "2026-11-22"
    folder.mkdir()
    save_calls(folder, [_call(1), _call(2, origin="notes", direction="long")])
    record = track_record(tmp_path)
    assert [g.grade for g in record.graded] == ["open", "open"]
    assert record.overall == Tally("all", 0, 0, 2) and record.overall.hit_rate is None
    assert {t.origin: t.hit_rate for t in record.by_origin} == {"breakdown": None, "notes": None}


def test_staging_folders_of_a_build_are_not_issues(tmp_path: Path) -> None:
    (tmp_path / "2026-11-22").mkdir()
    save_calls(tmp_path / "2026-11-22", [_call(1)])
    staging = tmp_path / ".2026-11-29.staging-123"
    staging.mkdir()
    save_calls(staging, [_call(2)])
    assert [g.call.id for g in track_record(tmp_path).graded] == ["c1"]
