"""Publish one issue: build → check → archive → send, resumable, and at most once.

Each step commits its state (:mod:`newsletter.publish.state`) before the next
starts, so a rerun after a crash resumes where the last run stopped:

- nothing yet: build (fresh data from ``data.source``; with ``fresh=False`` the
  draft's saved snapshot when there is one) → ``built``;
- ``built``: rebuild from the issue's own snapshot, then the safety rules, the
  publishing checks and the email render; the checked email is frozen → ``checked``;
- ``checked``: list the issue in the web archive and rewrite the archive → ``archived``;
- ``archived``/``sending``: deliver the frozen email from the per-reader ledger
  (each reader once, resumed from the ledger) → ``sent`` when every reader is settled.

Safety rules that never bend: an issue built on SAMPLE data, on stale data (its
last bar older than the last completed session) or failing a check is *held*:
kept as a draft, never archived or sent, its reason logged in one line (and
emailed to ``email.author_address`` when set, instead of the readers). A held
issue stays held on every rerun until a manual ``publish --recheck``, which starts
it again from a fresh build. There is no switch that publishes past a hold.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from newsletter.atomic import FolderBusy, folder_lock, recover_folder
from newsletter.build import mark_published
from newsletter.checks import stale_reason
from newsletter.errors import NewsletterError
from newsletter.publish.archive import archive_entry, issue_url, write_site
from newsletter.publish.author_report import email_report, report_once
from newsletter.publish.email_message import RenderedEmail, check_sender
from newsletter.publish.plan import plan
from newsletter.publish.recipients import RecipientsFile
from newsletter.publish.state import (
    STATE_FILE,
    PublisherBusy,
    PublishStore,
    State,
    discard_frozen_email,
    freeze_email,
    publish_lock,
    thaw_email,
)
from newsletter.workspace import Workspace

log = logging.getLogger(__name__)

LEDGER_FILE = "deliveries.sqlite"


@dataclass(frozen=True)
class PublishReport:
    """What a publish run did (or, on a dry run, would do) and where the issue stands."""

    issue_date: dt.date
    outcome: str
    """sent, already-sent, held, incomplete (a rerun resumes), busy or dry-run."""
    state: str
    """The issue's state afterwards: none, built, checked, archived, sending, sent or held."""
    reason: str = ""
    steps: tuple[str, ...] = ()
    delivery: Any = None
    """The DeliveryReport of this run's send, when it sent."""
    web_url: str = ""

    def summary(self) -> str:
        """One line for the author, e.g. ``2026-11-22: held (stale data: …)``."""
        return f"{self.issue_date}: {self.outcome}" + (f" ({self.reason})" if self.reason else "")

    @property
    def exit_code(self) -> int:
        """What ``newsletter publish`` exits with: see :data:`EXIT_CODES`."""
        return EXIT_CODES[self.outcome]


EXIT_CODES = {"sent": 0, "already-sent": 0, "dry-run": 0, "held": 3, "busy": 4, "incomplete": 5}
"""The exit code of ``newsletter publish`` for each outcome; 2 is a user error (bad config,
an invalid sender address: nothing was archived or sent). Documented in the README."""


def default_build(ws: Workspace, *, issue_date: dt.date, now: dt.datetime,
                  from_snapshot: Path | None = None) -> Any:
    """Build the issue with :func:`newsletter.build.build_issue` (fresh, or from a snapshot)."""
    from newsletter.build import build_issue

    return build_issue(ws, issue_date=issue_date, now=now, from_snapshot=from_snapshot)


def default_checks(ws: Workspace, result: Any, now: dt.datetime) -> Any:
    """The publishing checks of :mod:`newsletter.checks`."""
    from newsletter.checks import run_checks

    return run_checks(ws, result, now)


def default_render_email(ws: Workspace, result: Any) -> RenderedEmail:
    """The email the build wrote, read back from the issue folder."""
    from newsletter.publish.outgoing import render_email

    return render_email(ws, result)


def default_deliver(email: RenderedEmail, recipients: list[str], **kwargs: Any) -> Any:
    """Send with :func:`newsletter.publish.smtp_delivery.deliver`."""
    from newsletter.publish.smtp_delivery import deliver

    return deliver(email, recipients, **kwargs)


def default_notify_author(ws: Workspace, issue_date: dt.date, reason: str) -> None:
    """Email the author why the issue is held (a fresh Message-ID; never counted as the issue)."""
    from newsletter.publish.smtp_delivery import send_test

    subject = f"The {issue_date} issue of {ws.config.title} was not published"
    text = (f"{subject}.\n\nReason: {reason}\n\nFix it, then run:\n"
            f"  newsletter publish --recheck --date {issue_date}\n")
    notice = RenderedEmail(subject, f"<p>{html.escape(text).replace(chr(10), '<br>')}</p>", text, {})
    send_test(notice, ws.config.email.author_address, config=ws.config.email, issue_date=issue_date,
              web_url="", label="[HELD]")


def latest_issue_date(today: dt.date) -> dt.date:
    """The Sunday on or before ``today``: the issue that goes out today or should have."""
    return today - dt.timedelta(days=(today.weekday() + 1) % 7)


def safety_reasons(ws: Workspace, result: Any, issue_date: dt.date, now: dt.datetime) -> list[str]:
    """Why the safety rules forbid publishing this build (empty: they allow it).

    These hold whatever checks are plugged in: SAMPLE and stale data are never published.
    """
    reasons = []
    if result.snapshot.sample:
        reasons.append("built on SAMPLE data, which is never published")
    stale = stale_reason(result.snapshot, issue_date, now, tuple(ws.config.data.extra_closures),
                         keys=ws.config.key_tickers())
    if stale:
        reasons.append(f"stale data: {stale}")
    return reasons


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return "missing"


class _Publisher:
    """One run of the state machine for one issue, under the publish lock."""

    def __init__(self, ws: Workspace, store: PublishStore, issue_date: dt.date, now: dt.datetime,
                 hooks: dict[str, Callable[..., Any]]) -> None:
        self.ws, self.store, self.date, self.now, self.hooks = ws, store, issue_date, now, hooks
        self.folder = ws.output_dir / issue_date.isoformat()
        self.url = issue_url(ws.config.base_url, issue_date)
        self.steps: list[str] = []

    def report(self, outcome: str, state: State | None, reason: str = "", delivery: Any = None) -> PublishReport:
        return PublishReport(self.date, outcome, str(state or "none"), reason, tuple(self.steps),
                             delivery, self.url)

    def run(self, *, recheck: bool, fresh: bool) -> PublishReport:
        record = self.store.get(self.date)
        if record is None or record.state != State.SENT:
            check_sender(self.ws.config.email)  # a header that cannot be sent: refuse before archiving
        if recheck and record is not None and record.state == State.HELD:
            self.store.release_held(self.date)
            discard_frozen_email(self.ws.state_dir, self.date)
            self.steps.append(f"released the hold ({record.reason})")
            record, fresh = None, True
        state = record.state if record else None
        if record is not None and record.state == State.SENT:
            self.publish_targets()  # a platform a temporary failure left behind
            return self.report("already-sent", record.state, record.reason)
        if record is not None and record.state == State.HELD:
            log.warning("the %s issue is held: %s; fix it, then run `newsletter publish --recheck "
                        "--date %s`", self.date, record.reason, self.date)
            self.tell_author(record.reason, record.notified)
            return self.report("held", record.state, record.reason)
        if state in (None, State.BUILT):
            result = self.build(state, fresh)
            if result is None or not self.check(result):
                return self.report("held", State.HELD, self.store.require(self.date).reason)
            state = State.CHECKED
        if state == State.CHECKED:
            if not self.archive():
                return self.report("held", State.HELD, self.store.require(self.date).reason)
            state = State.ARCHIVED
        self.publish_targets()
        if "smtp" not in self.ws.config.publish.kinds():
            return self.without_smtp(state)
        return self.send(state)

    def hold(self, reason: str) -> None:
        reason = " ".join(reason.split())  # one log line, whatever the checks wrote
        self.store.hold(self.date, reason)
        self.steps.append(f"held: {reason}")
        log.warning("the %s issue is held, not published: %s", self.date, reason)
        self.tell_author(reason, "")

    def tell_author(self, reason: str, already_told: str) -> None:
        if not self.ws.config.email.author_address or already_told == reason:
            return
        try:
            self.hooks["notify_author"](self.ws, self.date, reason)
        except (NewsletterError, OSError) as exc:
            log.warning("could not email the author why the issue is held: %s", exc)
            return
        self.store.mark_notified(self.date, reason)
        self.steps.append(f"told the author ({self.ws.config.email.author_address})")

    def build(self, state: State | None, fresh: bool) -> Any:
        snapshot = self.folder / "snapshot"
        reuse = (state == State.BUILT or not fresh) and (snapshot / "meta.json").is_file()
        try:
            result = self.hooks["build"](self.ws, issue_date=self.date, now=self.now,
                                         from_snapshot=snapshot if reuse else None)
        except NewsletterError as exc:
            self.hold(f"the build failed: {exc.one_line()}")
            return None
        self.steps.append(f"built from {'the saved snapshot' if reuse else 'fresh data'} "
                          f"({result.snapshot.source})")
        if state is None:
            self.store.move(self.date, State.BUILT, expect=(None,))
        return result

    def check(self, result: Any) -> bool:
        reasons = safety_reasons(self.ws, result, self.date, self.now)
        email = None
        try:
            verdict = self.hooks["checks"](self.ws, result, self.now)
            if not verdict.ok:
                reasons += list(verdict.reasons) or ["the publishing checks failed"]
        except NewsletterError as exc:
            reasons.append(f"the checks could not run: {exc.one_line()}")
        if not reasons:
            try:
                email = self.hooks["render_email"](self.ws, result)
            except NewsletterError as exc:
                reasons.append(f"the email could not be rendered: {exc.one_line()}")
        if reasons or email is None:
            self.hold("; ".join(reasons))
            return False
        discard_frozen_email(self.ws.state_dir, self.date)
        freeze_email(self.ws.state_dir, self.date, email)
        self.store.move(self.date, State.CHECKED, expect=(State.BUILT,),
                        page_sha256=_sha256(result.folder / "index.html"))
        self.steps.append("checked: real data, current, checks passed; email frozen")
        return True

    def archive(self) -> bool:
        if _sha256(self.folder / "index.html") != self.store.require(self.date).page_sha256:
            self.hold("the issue page changed after it was checked (rebuilt by hand?)")
            return False
        entry = archive_entry(self.folder, self.now.astimezone(dt.UTC))
        mark_published(self.folder, entry.archived_at)
        others = [e for e in self.store.archive_entries() if e.issue_date != self.date]
        write_site(self.ws, [*others, entry])
        self.store.archive(entry)
        self.steps.append(f"archived at {self.url}")
        return True

    def publish_targets(self) -> None:
        """The platform targets of ``publish.targets`` (:mod:`newsletter.publish.targets`)."""
        from newsletter.publish.targets import publish_targets

        self.steps += publish_targets(self.ws, self.store, self.date, self.folder, self.url)

    def without_smtp(self, state: State) -> PublishReport:
        """No ``smtp`` target: the issue is out once the platform targets ran."""
        if state == State.ARCHIVED:
            self.store.move(self.date, State.SENDING, expect=(State.ARCHIVED,))
        self.store.move(self.date, State.SENT, expect=(State.SENDING,), reason="no smtp target")
        return self.report("sent", State.SENT, "no smtp target")

    def send(self, state: State) -> PublishReport:
        if state == State.ARCHIVED:
            self.store.move(self.date, State.SENDING, expect=(State.ARCHIVED,))
        config = self.ws.config.email
        try:
            email = thaw_email(self.ws.state_dir, self.date)
            recipients = RecipientsFile(self.ws.root / config.recipients_file)
            recipients.check()  # a bad line stops the send before anyone is mailed
            delivery = self.hooks["deliver"](
                email, recipients, config=config, issue_date=self.date, web_url=self.url,
                ledger_path=self.ws.state_dir / LEDGER_FILE)
        except NewsletterError as exc:
            log.error("the %s issue is archived but not sent yet: %s", self.date, exc.one_line())
            return self.report("incomplete", State.SENDING, exc.one_line())
        self.steps.append(delivery.summary())
        if not delivery.complete:
            self.store.move(self.date, State.SENDING, expect=(State.SENDING,), reason=delivery.summary())
            return self.report("incomplete", State.SENDING, delivery.summary(), delivery)
        self.store.move(self.date, State.SENT, expect=(State.SENDING,), reason=delivery.summary())
        return self.report("sent", State.SENT, delivery.summary(), delivery)


def _clock(ws: Workspace, now: dt.datetime | None) -> dt.datetime:
    zone = ZoneInfo(ws.config.timezone)
    if now is None:
        return dt.datetime.now(zone)
    return now.replace(tzinfo=zone) if now.tzinfo is None else now.astimezone(zone)


def publish(
    ws: Workspace,
    issue_date: dt.date | None = None,
    *,
    dry_run: bool = False,
    recheck: bool = False,
    fresh: bool = True,
    build: Callable[..., Any] | None = None,
    checks: Callable[..., Any] | None = None,
    render_email: Callable[..., RenderedEmail] | None = None,
    deliver: Callable[..., Any] | None = None,
    notify_author: Callable[..., None] | None = None,
    report_author: Callable[..., None] | None = None,
    now: dt.datetime | None = None,
) -> PublishReport:
    """Take the issue dated ``issue_date`` (default: the Sunday on or before today) as far
    toward sent as the safety rules allow; resumable, and never twice.

    ``dry_run`` says what would happen and changes nothing. ``recheck`` releases a
    held issue for a fresh build and new checks. ``fresh=False`` builds from the
    draft's saved snapshot when there is one. ``build``, ``checks``,
    ``render_email``, ``deliver``, ``notify_author`` and ``report_author`` (the report
    after the send, :mod:`~newsletter.publish.author_report`) replace the stages (tests).
    """
    now = _clock(ws, now)
    issue_date = issue_date or latest_issue_date(now.date())
    if issue_date > now.date():
        raise NewsletterError(f"the {issue_date} issue cannot be published before its date", key="--date")
    if dry_run:
        return plan(ws, issue_date, recheck=recheck, fresh=fresh)
    hooks = {"build": build or default_build, "checks": checks or default_checks,
             "render_email": render_email or default_render_email,
             "deliver": deliver or default_deliver, "notify_author": notify_author or default_notify_author}
    folder = ws.output_dir / issue_date.isoformat()
    try:
        with (publish_lock(ws.state_dir), folder_lock(folder, "built or published"),
              PublishStore(ws.state_dir / STATE_FILE) as store):
            recover_folder(folder)
            report = _Publisher(ws, store, issue_date, now, hooks).run(recheck=recheck, fresh=fresh)
            if report.state == State.SENT:  # the author's report, once per issue
                step = report_once(ws, store, issue_date, report_author or email_report)
                report = replace(report, steps=(*report.steps, step)) if step else report
    except (PublisherBusy, FolderBusy) as exc:
        log.warning("the %s issue: %s; this run does nothing", issue_date, exc.message)
        return PublishReport(issue_date, "busy", "unknown", exc.message)
    log.info("%s", report.summary())
    return report
