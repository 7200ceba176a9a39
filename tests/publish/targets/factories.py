"""Factories for the target tests: a built issue's folder, a state store and a retry policy."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from newsletter.publish.state import PublishStore
from newsletter.publish.targets.api import RetryPolicy
from newsletter.publish.targets.contract import OutgoingIssue, TargetState, load_issue

SUNDAY = dt.date(2026, 11, 22)
WEB_URL = "https://example.com/letter/2026-11-22/"
NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
       b"\x1f\x15\xc4\x89\x00\x00\x00\x0bIDATx\x9cc\x00\x01\x00\x00\x05\x00\x01\r\n-\xb4\x00\x00"
       b"\x00\x00IEND\xaeB`\x82")


def write_issue(folder: Path) -> Path:
    """The files a build writes that the targets read, with one chart."""
    (folder / "charts").mkdir(parents=True, exist_ok=True)
    (folder / "charts" / "spy-weekly.png").write_bytes(PNG)
    (folder / "meta.json").write_text(json.dumps({
        "date": SUNDAY.isoformat(), "title": "Test Letter", "headline": "Small caps break out",
        "hook": "IWM beat SPY for the ninth session running.", "subject": "Small caps break out",
        "preheader": "IWM beat SPY for the ninth session running."}))
    (folder / "build.json").write_text(json.dumps({"charts": ["spy-weekly"]}))
    (folder / "email.html").write_text(
        '<!doctype html><html><body><h1>Small caps break out</h1>'
        '<img src="cid:spy-weekly" alt="SPY weekly"></body></html>')
    (folder / "email.txt").write_text("Small caps break out\n\nIWM beat SPY.\n")
    (folder / "issue.md").write_text("# Small caps break out\n\nIWM beat SPY.\n\n"
                                     "![SPY weekly](charts/spy-weekly.png)\n")
    return folder


def issue(tmp_path: Path) -> OutgoingIssue:
    return load_issue(write_issue(tmp_path / "issue"), WEB_URL,
                      from_address="Test Letter <letter@example.com>", timezone="America/New_York")


def store(tmp_path: Path) -> PublishStore:
    return PublishStore(tmp_path / "state" / "publish.sqlite")


def state(db: PublishStore, target: str) -> TargetState:
    return TargetState(db, SUNDAY, target)


def policy(sleeps: list[float], *, retries: int = 3, timeout: float = 5.0,
           max_wait: float = 120.0) -> RetryPolicy:
    """Retries that record their waits in ``sleeps`` instead of sleeping."""
    return RetryPolicy(retries=retries, timeout=timeout, max_wait=max_wait, sleep=sleeps.append,
                       now=lambda: NOW)


class KilledAfterCreate(BaseException):
    """Stands for a SIGKILL between the platform's "created" and our commit of it."""


class KillOnCreated(TargetState):
    """A TargetState whose process dies before it records ``created``."""

    def created(self, remote_id: str, url: str = "") -> None:
        raise KilledAfterCreate(remote_id)
