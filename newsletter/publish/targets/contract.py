"""The one contract every publishing target keeps: ``publish(issue, config, state, policy) -> remote id``.

A target hands the issue to a platform (Ghost, Buttondown, listmonk) at most
once. It finds the issue there by a stable key before it creates anything
(the recorded remote id first, then the key: a tag or slug made from the issue
date), commits the remote id the moment the platform answers "created", and
only then publishes, schedules or starts it. A crash anywhere leaves either
nothing on the platform (the rerun creates it), or an object the rerun finds
by its key (and resumes), never two.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

from newsletter.errors import NewsletterError
from newsletter.publish.state import PublishStore, TargetRecord

KEY_PREFIX = "newsletter-"


def issue_key(issue_date: dt.date) -> str:
    """The stable key a target finds the issue by on its platform: ``newsletter-2026-11-22``."""
    return f"{KEY_PREFIX}{issue_date.isoformat()}"


@dataclass(frozen=True)
class OutgoingIssue:
    """What the targets hand out: the built issue, every image as an absolute URL."""

    date: dt.date
    key: str
    title: str
    subject: str
    headline: str
    hook: str
    preheader: str
    email_html: str
    """The email's HTML, charts pointing at the web archive instead of ``cid:``."""
    text: str
    markdown: str
    """``issue.md`` with absolute image URLs."""
    web_url: str
    lead_chart: Path | None
    """The first chart of the issue (a post's feature image), when it has charts."""
    from_address: str = ""
    """``email.from``: the sender a platform shows, where it takes one."""
    timezone: str = "UTC"
    """``timezone``: the zone of a target's ``send_time``."""

    def send_at(self, send_time: str, now: dt.datetime) -> dt.datetime | None:
        """``send_time`` (HH:MM) on the issue date in UTC, or None when empty or already past."""
        if not send_time:
            return None
        hour, minute = (int(part) for part in send_time.split(":"))
        when = dt.datetime.combine(self.date, dt.time(hour, minute), ZoneInfo(self.timezone))
        return when.astimezone(dt.UTC) if when > now else None


def _absolute_images(text: str, web_url: str) -> str:
    text = re.sub(r"""(src=["']?)cid:([\w.\-]+)""", rf"\g<1>{web_url}charts/\g<2>.png", text)
    text = re.sub(r"""(src=["'])charts/""", rf"\g<1>{web_url}charts/", text)
    return re.sub(r"\]\(charts/", f"]({web_url}charts/", text)


def load_issue(folder: Path, web_url: str, *, from_address: str = "",
               timezone: str = "UTC") -> OutgoingIssue:
    """The issue built in ``folder`` (email.html, email.txt, issue.md, meta.json, build.json)."""
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        html = (folder / "email.html").read_text(encoding="utf-8")
        text = (folder / "email.txt").read_text(encoding="utf-8")
        markdown = (folder / "issue.md").read_text(encoding="utf-8")
        charts = json.loads((folder / "build.json").read_text(encoding="utf-8")).get("charts", [])
        issue_date = dt.date.fromisoformat(meta["date"])
        lead = next((folder / "charts" / f"{name}.png" for name in charts
                     if (folder / "charts" / f"{name}.png").is_file()), None)
        return OutgoingIssue(
            date=issue_date, key=issue_key(issue_date), title=meta["title"],
            subject=meta["subject"], headline=meta["headline"], hook=meta.get("hook", ""),
            preheader=meta.get("preheader", ""), email_html=_absolute_images(html, web_url),
            text=text, markdown=_absolute_images(markdown, web_url), web_url=web_url,
            lead_chart=lead, from_address=from_address, timezone=timezone)
    except (OSError, ValueError, KeyError) as exc:
        raise NewsletterError(f"the built issue is incomplete ({exc})", file=folder) from None


class TargetState:
    """One target's recorded outcome for one issue, in the publish state database."""

    def __init__(self, store: PublishStore, issue_date: dt.date, target: str) -> None:
        self.store, self.issue_date, self.target = store, issue_date, target

    @property
    def record(self) -> TargetRecord | None:
        return self.store.target_outcome(self.issue_date, self.target)

    @property
    def remote_id(self) -> str:
        """The remote id recorded by an earlier step or run ('' when none)."""
        record = self.record
        return record.remote_id if record else ""

    def created(self, remote_id: str, url: str = "") -> None:
        """The platform holds the object (not yet published): commit its id at once."""
        self.store.record_target(self.issue_date, self.target, "created", remote_id=remote_id,
                                 url=url)

    def uploaded(self, url: str) -> None:
        """A file the object will need is on the platform at ``url``: commit it before using it.

        Recorded as ``created`` with no remote id yet, so a rerun reuses the file rather
        than uploading it again (Ghost's API cannot look an uploaded image up).
        """
        self.store.record_target(self.issue_date, self.target, "created", url=url,
                                 detail="feature image uploaded")

    @property
    def uploaded_url(self) -> str:
        """The file recorded by :meth:`uploaded` while no object exists yet ('' when none)."""
        record = self.record
        return record.url if record is not None and not record.remote_id else ""

    def done(self, remote_id: str, detail: str, url: str = "") -> None:
        """Published, scheduled or started: nothing is left for this target to do."""
        self.store.record_target(self.issue_date, self.target, "done", remote_id=remote_id,
                                 url=url, detail=detail)

    def failed(self, detail: str) -> None:
        """Stopped (``detail`` says why); the remote id, if any, is kept for the rerun."""
        self.store.record_target(self.issue_date, self.target, "failed", detail=detail)


class Publisher(Protocol):
    """A target's entry point: hand the issue over, resuming from ``state``; the remote id."""

    def __call__(self, issue: OutgoingIssue, config: object, state: TargetState,
                 policy: object) -> str: ...
