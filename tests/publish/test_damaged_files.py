"""Files publishing reads back, damaged between the build and the send: one line, never a traceback.

- the frozen email (``email.json`` in the state folder) that a held issue is sent from;
- the built email's ``meta.json`` (its subject);
- the preheader check's ``meta.json``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from newsletter.checks import _preheader as _preheader_item
from newsletter.errors import NewsletterError
from newsletter.publish.email_message import RenderedEmail
from newsletter.publish.outgoing import email_from_folder
from newsletter.publish.state import freeze_email, outbox, thaw_email

DAY = dt.date(2026, 11, 22)


def _frozen(tmp_path: Path) -> Path:
    email = RenderedEmail("Subject", "<p>hi</p>", "hi", {}, "preheader")
    freeze_email(tmp_path, DAY, email)
    return outbox(tmp_path, DAY) / "email.json"


def test_a_frozen_email_thaws(tmp_path: Path) -> None:
    _frozen(tmp_path)
    assert thaw_email(tmp_path, DAY).subject == "Subject"


@pytest.mark.parametrize("damage", ["{", "[]", '{"subject": "s"}', '{"subject": "s", "html": "", "text": "", '
                                    '"preheader": "", "images": [1]}', ""])
def test_a_damaged_frozen_email_is_one_line(tmp_path: Path, damage: str) -> None:
    path = _frozen(tmp_path)
    path.write_text(damage, encoding="utf-8")
    with pytest.raises(NewsletterError) as caught:
        thaw_email(tmp_path, DAY)
    assert caught.value.file == str(path) and "\n" not in caught.value.one_line()


def _built(folder: Path, meta: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "email.html").write_text("<p>hi</p>", encoding="utf-8")
    (folder / "email.txt").write_text("hi", encoding="utf-8")
    (folder / "meta.json").write_text(meta, encoding="utf-8")
    return folder


def test_the_built_email_reads_its_subject(tmp_path: Path) -> None:
    assert email_from_folder(_built(tmp_path / "i", json.dumps({"subject": "S"}))).subject == "S"


@pytest.mark.parametrize("meta", ["{}", "[]", '{"subject": 3}', "{"])
def test_a_built_email_without_a_subject_is_one_line(tmp_path: Path, meta: str) -> None:
    folder = _built(tmp_path / "i", meta)
    with pytest.raises(NewsletterError) as caught:
        email_from_folder(folder)
    assert "\n" not in caught.value.one_line()


@pytest.mark.parametrize("meta", ["[]", '"text"', '{"preheader": 5}'])
def test_the_preheader_check_fails_on_a_damaged_meta(tmp_path: Path, meta: str) -> None:
    folder = _built(tmp_path / "i", meta)
    item = _preheader_item(folder)
    assert not item.ok and "meta.json" in item.detail
