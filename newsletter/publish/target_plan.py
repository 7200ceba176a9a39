"""What each configured publishing target would do for an issue now (the dry run's lines).

Read from the target's recorded outcome: done targets do nothing, a created one
resumes its remote object, a failed one is tried again; the rest say what they
would make on their platform and whether it is left a draft, scheduled or sent.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from newsletter.config import ButtondownTarget, GhostTarget, ListmonkTarget
from newsletter.publish.state import TargetRecord
from newsletter.workspace import Workspace


def _when(ws: Workspace, issue_date: dt.date, send_time: str) -> str:
    if not send_time:
        return "now (no send_time)"
    return f"at {send_time} {ws.config.timezone} on {issue_date} (now, if that has passed)"


def _ghost(ws: Workspace, target: GhostTarget, issue_date: dt.date) -> str:
    emailed = (f", emailed to newsletter {target.newsletter!r} (segment {target.email_segment})"
               if target.newsletter else ", on the site only (no newsletter set)")
    action = {"draft": "leave it a draft",
              "schedule": f"schedule it {_when(ws, issue_date, target.send_time)}{emailed}",
              "publish": f"publish it{emailed}"}[target.mode]
    return (f"create the post newsletter-{issue_date} at {target.url} (lead chart as feature "
            f"image, tags {', '.join(target.tags) or 'none'}), then {action}")


def _listmonk(ws: Workspace, target: ListmonkTarget, issue_date: dt.date) -> str:
    action = {"draft": "leave it a draft", "start": "start it",
              "schedule": f"schedule it {_when(ws, issue_date, target.send_time)}"}[target.mode]
    lists = ", ".join(str(n) for n in target.lists)
    return (f"create the campaign newsletter-{issue_date} at {target.url} on list"
            f"{'s' if len(target.lists) > 1 else ''} {lists}, then {action}")


def _buttondown(ws: Workspace, target: ButtondownTarget, issue_date: dt.date) -> str:
    action = {"draft": "as a draft", "send": "and send it",
              "schedule": f"scheduled {_when(ws, issue_date, target.send_time)}"}[target.mode]
    return f"create the email at {target.url} (Markdown, absolute image URLs) {action}"


_WOULD: dict[str, Any] = {"ghost": _ghost, "listmonk": _listmonk, "buttondown": _buttondown}


def target_steps(ws: Workspace, issue_date: dt.date, recorded: dict[str, TargetRecord],
                 smtp_line: str) -> list[str]:
    """One line per configured target, in the config's order (``smtp_line`` for smtp)."""
    lines = []
    for target in ws.config.publish.targets:
        if target.kind == "smtp":
            lines.append(f"smtp: {smtp_line}")
            continue
        record = recorded.get(target.kind)
        if record is not None and record.status == "done":
            lines.append(f"{target.kind}: nothing: done ({record.detail}) [{record.remote_id}]")
            continue
        would = _WOULD[target.kind](ws, target, issue_date)
        if record is not None and record.remote_id:
            would = f"resume {record.remote_id}, created in an earlier run: " + would.split(", then ")[-1]
        if record is not None and record.status == "failed":
            would += f" (again: it failed earlier: {record.detail})"
        lines.append(f"{target.kind}: {would}")
    return lines
