"""Run every configured publishing target for an issue, each at most once, each on its own.

A target that fails (a 4xx, or temporary failures outlasting the retries)
records why in one line and the next target still runs; a target recorded
``done`` is skipped on every later run.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsletter.errors import NewsletterError
from newsletter.publish.state import PublishStore
from newsletter.publish.targets.api import RetryPolicy, TargetFailed
from newsletter.publish.targets.contract import OutgoingIssue, Publisher, TargetState, load_issue
from newsletter.workspace import Workspace

log = logging.getLogger(__name__)


def publishers() -> dict[str, Publisher]:
    """Each platform target's ``publish`` by its ``kind`` (smtp is the pipeline's own send)."""
    from newsletter.publish.targets import buttondown, ghost, listmonk

    found: dict[str, Any] = {"listmonk": listmonk.publish, "ghost": ghost.publish,
                             "buttondown": buttondown.publish}
    return found  # each takes its own kind of target config


def policy_for(ws: Workspace, sleep: Callable[[float], None] | None = None) -> RetryPolicy:
    """The retry policy of ``publish:`` in newsletter.yaml (``sleep`` replaced in tests)."""
    config = ws.config.publish
    policy = RetryPolicy(retries=config.retries, timeout=config.timeout, max_wait=config.max_wait)
    if sleep is not None:
        policy = RetryPolicy(retries=policy.retries, timeout=policy.timeout,
                             max_wait=policy.max_wait, sleep=sleep)
    return policy


def publish_targets(ws: Workspace, store: PublishStore, issue_date: dt.date, folder: Path,
                    web_url: str, *, policy: RetryPolicy | None = None) -> list[str]:
    """Hand the issue to every platform target not yet done; one line per target."""
    targets = [t for t in ws.config.publish.targets if t.kind != "smtp"]
    if not targets:
        return []
    policy = policy or policy_for(ws)
    lines: list[str] = []
    issue: OutgoingIssue | None = None
    for config in targets:
        state = TargetState(store, issue_date, config.kind)
        record = state.record
        if record is not None and record.status == "done":
            continue
        try:
            issue = issue or load_issue(folder, web_url, from_address=ws.config.email.from_address,
                                        timezone=ws.config.timezone)
            remote_id = publishers()[config.kind](issue, config, state, policy)
        except (TargetFailed, NewsletterError) as exc:
            why = exc.message if isinstance(exc, TargetFailed) else exc.one_line()
            state.failed(why)
            log.error("%s: the %s issue was not published there: %s", config.kind, issue_date, why)
            lines.append(f"{config.kind}: failed: {why}")
            continue
        done = state.record
        lines.append(f"{config.kind}: {done.detail if done else 'done'} ({remote_id})")
        log.info("%s", lines[-1])
    return lines
