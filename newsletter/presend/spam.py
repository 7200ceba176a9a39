"""A spam score from SpamAssassin, when it is installed: ``spamc`` (a running spamd) or
``spamassassin -t -L`` (local rules only: no network tests). Not installed: skipped with a note.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from newsletter.presend import CheckItem

Scorer = Callable[[bytes], tuple[float, str]]
"""A message → (its score, the rules it hit)."""

TIMEOUT = 120.0
_STATUS = re.compile(r"^X-Spam-Status:[^\n]*?score=(-?[\d.]+)(?:[^\n]*?tests=(\w+(?:,\s*\w+)*))?",
                     re.MULTILINE)


def message_bytes(folder: Path) -> bytes:
    """The email as SpamAssassin would see it: subject, plain text and HTML alternatives."""
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    message = EmailMessage()
    message["Subject"] = meta.get("subject", "")
    message["From"] = meta.get("from", "letter@example.com")
    message["To"] = "reader@example.com"
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="newsletter.invalid")
    message.set_content((folder / "email.txt").read_text(encoding="utf-8"))
    message.add_alternative((folder / "email.html").read_text(encoding="utf-8"), subtype="html")
    return bytes(message)


def parse_status(report: str) -> tuple[float, str]:
    """The score and rule names of an ``X-Spam-Status`` header (as ``spamassassin -t`` writes)."""
    match = _STATUS.search(re.sub(r"\r?\n[ \t]+", " ", report))  # unfold the header
    if match is None:
        raise ValueError("no X-Spam-Status header in SpamAssassin's answer")
    rules = " ".join((match.group(2) or "").replace(",", " ").split())
    rules = "" if rules == "none" else rules
    return float(match.group(1)), rules


def spamassassin(message: bytes) -> tuple[float, str]:
    """Score with spamc (when spamd answers) or spamassassin -t -L."""
    if shutil.which("spamc"):
        done = subprocess.run(["spamc", "-x"], input=message, capture_output=True, timeout=TIMEOUT)
        if done.returncode == 0:
            return parse_status(done.stdout.decode("utf-8", "replace"))
    done = subprocess.run(["spamassassin", "-t", "-L"], input=message, capture_output=True,
                          timeout=TIMEOUT, check=False)
    return parse_status(done.stdout.decode("utf-8", "replace"))


OFF_ENV = "NEWSLETTER_SPAM_CHECK"
"""Set to ``off`` to skip SpamAssassin (the tests do: it takes seconds a run)."""


def default_scorer() -> tuple[Scorer | None, str]:
    """SpamAssassin when installed and not turned off, else None and why."""
    if os.environ.get(OFF_ENV, "").lower() == "off":
        return None, f"{OFF_ENV}=off"
    if shutil.which("spamassassin") or shutil.which("spamc"):
        return spamassassin, ""
    return None, "SpamAssassin is not installed"


def spam_score(folder: Path, scorer: Scorer | None, skipped: str = "no spam scorer", *,
               threshold: float) -> CheckItem:
    """The score under ``threshold`` (SpamAssassin's required_score: at or above, it is spam).
    Without a scorer, skipped with the note ``skipped``."""
    if scorer is None:
        return CheckItem("spam score", True, f"skipped: {skipped}")
    try:
        score, rules = scorer(message_bytes(folder))
    except (OSError, ValueError, subprocess.SubprocessError) as exc:
        return CheckItem("spam score", True, f"skipped: SpamAssassin did not answer ({exc})")
    hits = f"; rules: {rules}" if rules else ""
    if score >= threshold:
        return CheckItem("spam score", False, f"{score:.1f}, at or over the limit {threshold:g}{hits}")
    return CheckItem("spam score", True, f"{score:.1f} (limit {threshold:g}){hits}")
