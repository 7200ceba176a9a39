"""SpamAssassin's avoidable points: an obfuscated-looking subject with Bitcoin in the body
(BITCOIN_OBFU_SUBJ) and the white-on-white hidden preheader (HTML_FONT_LOW_CONTRAST)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from newsletter.cli import main
from newsletter.config import EmailConfig
from newsletter.model import Issue
from newsletter.publish.email_message import build_message
from newsletter.publish.outgoing import email_from_folder
from newsletter.render_email import subject

SUBJ_OBFU_PUNCT = re.compile(
    r"""(?:[-~`"!@\#$%^&*()_+={}|\\\/?<>,.:;][a-z][-~`"!@\#$%^&*()_+={}|\\\/?<>,.:;\s]"""
    r"""|(?:[a-z][~`"!@\#$%^&*()_+={}|\\?<>,.:;][a-z](?![a-z])))""", re.IGNORECASE)
"""SpamAssassin 4's ``__SUBJ_OBFU_PUNCT`` (72_active.cf), as written there."""
DATE = "2026-11-22"


@pytest.fixture(scope="module")
def issue_folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("spam")
    assert main(["-q", "-C", str(root), "build", "--source", "sample", "--date", DATE]) == 0
    return root / "issues" / DATE


@pytest.mark.parametrize("headline, shown", [
    ("$TSLA Rejected at the 200-Day & The S&P Rips 3.3%", "$TSLA Rejected at the 200-Day & The SPX Rips 3.3%"),
    ("M&A Season: $KRE Breaks Out", "M & A Season: $KRE Breaks Out"),
])
def test_the_subject_has_no_letter_punctuation_letter(headline: str, shown: str) -> None:
    issue = Issue(date=dt.date(2026, 11, 22), asof=dt.date(2026, 11, 20), title="T", headline=headline,
                  hook="", sections=(), source="csv:x", sample=False)
    assert SUBJ_OBFU_PUNCT.search(headline)
    assert subject(issue) == f"🚨 {shown}"
    assert not SUBJ_OBFU_PUNCT.search(subject(issue))


def test_the_hidden_preheader_is_not_white_on_white(issue_folder: Path) -> None:
    html = (issue_folder / "email.html").read_text(encoding="utf-8")
    hidden = re.search(r'<div style="(display:none;[^"]*)"', html)
    assert hidden and "opacity:0" in hidden.group(1)
    assert "color:" not in hidden.group(1)


@pytest.mark.skipif(shutil.which("spamassassin") is None, reason="spamassassin is not installed")
def test_spamassassin_scores_the_sent_email_near_zero(issue_folder: Path, tmp_path: Path) -> None:
    email = email_from_folder(issue_folder)
    assert "Bitcoin" in email.text
    message = build_message(email, to="reader@example.org", config=EmailConfig(),
                            issue_date=dt.date.fromisoformat(DATE), web_url=f"https://example.com/{DATE}/")
    report = subprocess.run(["spamassassin", "-L", "-t"], input=message.as_bytes(),
                            capture_output=True, timeout=120).stdout.decode("utf-8", "replace")
    score = float(re.search(r"Content analysis details:\s+\(([-\d.]+) points", report).group(1))
    for rule in ("BITCOIN_OBFU_SUBJ", "HTML_FONT_LOW_CONTRAST"):
        assert rule not in report, report
    assert score < 0.5, report
