"""Spam score: SpamAssassin's answer parsed; the threshold at, under and over; skipped
with a note when SpamAssassin is missing; the real one on a real email when installed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from newsletter.presend.spam import parse_status, spam_score, spamassassin

REPORT = """X-Spam-Checker-Version: SpamAssassin 4.0.1 (2024-03-26) on host
X-Spam-Level: ***
X-Spam-Status: No, score=3.3 required=5.0 tests=MISSING_DATE,MISSING_MID,
\tNO_RECEIVED,NO_RELAYS autolearn=no autolearn_force=no version=4.0.1
Subject: hello
"""


def issue_folder(tmp_path: Path, body: str = "Small caps beat large caps for the ninth week.") -> Path:
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "meta.json").write_text(json.dumps({"subject": "The Weekly Edge: small caps"}))
    (tmp_path / "email.txt").write_text(body)
    (tmp_path / "email.html").write_text(f"<html><body><p>{body}</p></body></html>")
    return tmp_path


def test_the_folded_status_header_gives_score_and_every_rule():
    assert parse_status(REPORT) == (3.3, "MISSING_DATE MISSING_MID NO_RECEIVED NO_RELAYS")
    assert parse_status("X-Spam-Status: No, score=-0.1 required=5.0 tests=none\n") == (-0.1, "")


def test_an_answer_without_the_header_is_an_error():
    with pytest.raises(ValueError):
        parse_status("Subject: hi\n")


@pytest.mark.parametrize(("score", "ok"), [(4.9, True), (5.0, False), (5.1, False)])
def test_the_threshold_is_spamassassins_required_score(tmp_path, score, ok):
    item = spam_score(issue_folder(tmp_path), lambda message: (score, "HTML_MESSAGE"), threshold=5.0)
    assert item.ok is ok and "rules: HTML_MESSAGE" in item.detail


def test_the_scorer_sees_subject_text_and_html(tmp_path):
    seen = []
    spam_score(issue_folder(tmp_path), lambda m: seen.append(m) or (0.0, ""), threshold=5.0)
    text = seen[0].decode()
    assert "Subject: The Weekly Edge: small caps" in text and "text/html" in text
    assert "Date:" in text and "Message-ID:" in text  # as the sent message has them


def test_without_spamassassin_the_check_is_skipped_with_a_note(tmp_path):
    item = spam_score(issue_folder(tmp_path), None, "SpamAssassin is not installed", threshold=5.0)
    assert item.ok and item.detail == "skipped: SpamAssassin is not installed"


def test_a_scorer_that_breaks_skips_with_why(tmp_path):
    def broken(message: bytes):
        raise OSError("spamd is not running")

    item = spam_score(issue_folder(tmp_path), broken, threshold=5.0)
    assert item.ok and item.detail == "skipped: SpamAssassin did not answer (spamd is not running)"


@pytest.mark.skipif(not shutil.which("spamassassin"), reason="SpamAssassin is not installed "
                    "(apt-get install spamassassin)")
def test_real_spamassassin_scores_a_plain_letter_low_and_a_scam_high(tmp_path):
    plain, _ = spamassassin(_message(issue_folder(tmp_path / "a")))
    scam = ("CONGRATULATIONS!!! You are a WINNER. Claim your FREE MONEY now, 100% GUARANTEED, "
            "no risk, act now, limited time, wire transfer, viagra, cialis, Nigerian prince. ") * 5
    spammy, rules = spamassassin(_message(issue_folder(tmp_path / "b", scam)))
    assert plain < 5.0 and spammy > plain and rules


def _message(folder: Path) -> bytes:
    from newsletter.presend.spam import message_bytes

    return message_bytes(folder)
