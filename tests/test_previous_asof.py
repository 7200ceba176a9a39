"""The last issue's as-of (the recap shows calls decided since then) is read from its meta.json.

An issue folder's meta.json that cannot say its date and as-of is one line naming the file and
the key: it used to be a ``KeyError`` or ``TypeError`` traceback in the Sunday build (no
``asof``, or not a mapping), or was skipped in silence (not JSON), which widened the recap to
every call decided since the issue before it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from newsletter.build import _previous_asof
from newsletter.errors import NewsletterError

SUNDAY = dt.date(2026, 11, 22)


def _issue(root: Path, name: str, meta: object | str) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    text = meta if isinstance(meta, str) else json.dumps(meta)
    (folder / "meta.json").write_text(text, encoding="utf-8")
    return folder / "meta.json"


def test_the_newest_issue_before_the_date_gives_the_as_of(tmp_path: Path) -> None:
    _issue(tmp_path, "2026-11-08", {"date": "2026-11-08", "asof": "2026-11-06"})
    _issue(tmp_path, "2026-11-15", {"date": "2026-11-15", "asof": "2026-11-14"})
    assert _previous_asof(tmp_path, SUNDAY) == dt.date(2026, 11, 14)


def test_an_issue_on_the_date_itself_is_not_the_previous_one(tmp_path: Path) -> None:
    _issue(tmp_path, "2026-11-15", {"date": "2026-11-15", "asof": "2026-11-14"})
    _issue(tmp_path, "2026-11-22", {"date": "2026-11-22", "asof": "2026-11-20"})  # a rebuild
    assert _previous_asof(tmp_path, SUNDAY) == dt.date(2026, 11, 14)
    assert _previous_asof(tmp_path, SUNDAY + dt.timedelta(days=1)) == dt.date(2026, 11, 20)


def test_no_issue_before_gives_none(tmp_path: Path) -> None:
    assert _previous_asof(tmp_path / "absent", SUNDAY) is None
    _issue(tmp_path, "2026-11-29", {"date": "2026-11-29", "asof": "2026-11-27"})
    assert _previous_asof(tmp_path, SUNDAY) is None


def test_folders_that_are_not_issues_are_left_alone(tmp_path: Path) -> None:
    _issue(tmp_path, ".2026-11-22.staging", "not json")
    _issue(tmp_path, "drafts", "not json")
    _issue(tmp_path, "2026-11-15", {"date": "2026-11-15", "asof": "2026-11-14"})
    assert _previous_asof(tmp_path, SUNDAY) == dt.date(2026, 11, 14)


@pytest.mark.parametrize("meta, key", [
    ({"date": "2026-11-15"}, "asof"),
    ({"date": "2026-11-15", "asof": "friday"}, "asof"),
    ({"date": "2026-11-15", "asof": 20261114}, "asof"),
    ({"asof": "2026-11-14"}, "date"),
    ([1, 2], None),
    ("not json", None),
    ("", None),
])
def test_a_damaged_issue_meta_is_one_line_naming_it(tmp_path: Path, meta: object, key: str | None) -> None:
    path = _issue(tmp_path, "2026-11-15", meta)
    with pytest.raises(NewsletterError) as caught:
        _previous_asof(tmp_path, SUNDAY)
    assert caught.value.file == str(path) and caught.value.key == key
    assert "\n" not in caught.value.one_line()


def test_a_damaged_meta_after_the_date_does_not_matter(tmp_path: Path) -> None:
    _issue(tmp_path, "2026-11-15", {"date": "2026-11-15", "asof": "2026-11-14"})
    _issue(tmp_path, "2026-11-29", "not json")
    assert _previous_asof(tmp_path, SUNDAY) == dt.date(2026, 11, 14)
