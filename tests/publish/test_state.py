"""The publish state store: compare-and-set moves, holds, archive entries, the lock, the outbox."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsletter.publish.email_message import RenderedEmail
from newsletter.publish.state import (
    ArchiveEntry,
    PublisherBusy,
    PublishStore,
    State,
    StateConflict,
    freeze_email,
    publish_lock,
    thaw_email,
)

DAY = dt.date(2026, 11, 22)
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16


def _entry(day: dt.date = DAY, headline: str = "Cracks", at: int = 1) -> ArchiveEntry:
    return ArchiveEntry(day, "Letter", headline, "hook", dt.datetime(2026, 11, 23, at, tzinfo=dt.UTC))


def test_moves_check_the_state_they_come_from(tmp_path: Path) -> None:
    with PublishStore(tmp_path / "publish.sqlite") as store:
        assert store.get(DAY) is None
        store.move(DAY, State.BUILT, expect=(None,))
        with pytest.raises(StateConflict, match="cannot move from built to sent"):
            store.move(DAY, State.SENT, expect=(State.SENDING,))
        store.move(DAY, State.CHECKED, expect=(State.BUILT,), page_sha256="abc")
        record = store.get(DAY)
        assert record.state == State.CHECKED and record.page_sha256 == "abc"
        assert [to for _, to, _, _ in store.history(DAY)] == ["built", "checked"]


def test_archive_is_one_entry_and_keeps_its_first_date(tmp_path: Path) -> None:
    with PublishStore(tmp_path / "publish.sqlite") as store:
        store.move(DAY, State.BUILT, expect=(None,))
        store.move(DAY, State.CHECKED, expect=(State.BUILT,))
        store.archive(_entry(at=1))
        assert store.get(DAY).state == State.ARCHIVED
        with pytest.raises(StateConflict):
            store.archive(_entry(headline="Again", at=5))  # archived already: rolled back whole
        assert store.archive_entries() == [_entry(at=1)]


def test_a_hold_is_left_only_by_a_release(tmp_path: Path) -> None:
    with PublishStore(tmp_path / "publish.sqlite") as store:
        store.hold(DAY, "stale data")
        with pytest.raises(StateConflict):
            store.move(DAY, State.BUILT, expect=(None,))
        store.mark_notified(DAY, "stale data")
        assert store.get(DAY).notified == "stale data"
        store.release_held(DAY)
        assert store.get(DAY) is None
        assert store.history(DAY)[-1][2] == "recheck after: stale data"


def test_nothing_public_is_ever_held(tmp_path: Path) -> None:
    with PublishStore(tmp_path / "publish.sqlite") as store:
        store.move(DAY, State.BUILT, expect=(None,))
        store.move(DAY, State.CHECKED, expect=(State.BUILT,))
        store.archive(_entry())
        with pytest.raises(StateConflict):
            store.hold(DAY, "too late")


def test_state_survives_reopening_and_peek_is_read_only(tmp_path: Path) -> None:
    assert PublishStore.peek(tmp_path) is None
    assert not (tmp_path / "publish.sqlite").exists()
    with PublishStore(tmp_path / "publish.sqlite") as store:
        store.move(DAY, State.BUILT, expect=(None,))
    with PublishStore.peek(tmp_path) as store:
        assert store.get(DAY).state == State.BUILT
        with pytest.raises(Exception, match="readonly"):
            store.move(DAY, State.CHECKED, expect=(State.BUILT,))


def test_only_one_publisher_holds_the_lock(tmp_path: Path) -> None:
    with publish_lock(tmp_path):
        with pytest.raises(PublisherBusy, match="another publish run"):
            with publish_lock(tmp_path):
                pass
    with publish_lock(tmp_path):  # released on exit
        pass


def test_the_checked_email_is_frozen_with_its_images(tmp_path: Path) -> None:
    chart = tmp_path / "chart.png"
    chart.write_bytes(PNG)
    email = RenderedEmail("Subject", '<img src="cid:c1">', "text", {"c1": chart}, "pre")
    freeze_email(tmp_path / "state", DAY, email)
    chart.write_bytes(b"changed later")
    thawed = thaw_email(tmp_path / "state", DAY)
    assert (thawed.subject, thawed.html, thawed.text, thawed.preheader) == ("Subject", email.html, "text", "pre")
    assert thawed.images["c1"].read_bytes() == PNG
