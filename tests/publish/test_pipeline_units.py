"""The publish state machine with every stage replaced: each step, hold and outcome, fast.

tests/publish/test_pipeline.py runs real builds and a real SMTP server; here the build,
the checks, the email and the delivery are stand-ins that record what they were given,
so each rule of :mod:`newsletter.publish.pipeline` (what is held, what is reused, what
counts as sent, what each report says) is pinned in milliseconds (the mutation run's
selection, docs/mutation.md).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest

from newsletter.errors import NewsletterError
from newsletter.model import Snapshot
from newsletter.publish import pipeline
from newsletter.publish.email_message import RenderedEmail
from newsletter.publish.pipeline import (
    EXIT_CODES,
    LEDGER_FILE,
    PublishReport,
    latest_issue_date,
    publish,
    safety_reasons,
)
from newsletter.publish.state import PublishStore, publish_lock, thaw_email
from newsletter.workspace import Workspace
from tests.publish.test_pipeline_factories import NY, make_workspace

SUNDAY = dt.date(2026, 11, 22)
FRIDAY, THURSDAY = dt.date(2026, 11, 20), dt.date(2026, 11, 19)
EVENING = dt.datetime(2026, 11, 22, 20, tzinfo=NY)


def bars(last: dt.date) -> pd.DataFrame:
    days = pd.bdate_range(end=pd.Timestamp(last), periods=3)
    return pd.DataFrame({c: 100.0 for c in ("Open", "High", "Low", "Close", "Adj Close", "Volume")},
                        index=pd.DatetimeIndex(days, name="Date"))


class Stages:
    """Stand-ins for build, checks, render_email, deliver and notify_author; each call recorded."""

    def __init__(self, ws: Workspace, *, last: dt.date = FRIDAY, sample: bool = False,
                 verdict: tuple[str, ...] = (), complete: bool = True,
                 others: dict[str, dt.date] | None = None) -> None:
        self.ws, self.last, self.sample, self.verdict, self.complete = ws, last, sample, verdict, complete
        self.others = others or {}
        """Tickers besides SPY (a key index) and their last bar."""
        self.calls: list[tuple[str, Any]] = []
        self.fail: dict[str, Exception] = {}

    def hooks(self) -> dict[str, Any]:
        return {"build": self.build, "checks": self.checks, "render_email": self.render_email,
                "deliver": self.deliver, "notify_author": self.notify_author}

    def _maybe_fail(self, stage: str) -> None:
        if stage in self.fail:
            raise self.fail[stage]

    def build(self, ws: Workspace, *, issue_date: dt.date, now: dt.datetime,
              from_snapshot: Path | None = None) -> Any:
        assert ws is self.ws and issue_date.weekday() == 6
        assert now.tzinfo is not None
        self.calls.append(("build", from_snapshot))
        self._maybe_fail("build")
        folder = ws.output_dir / issue_date.isoformat()
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(f"<h1>{issue_date}</h1>", encoding="utf-8")
        (folder / "calls.json").write_text("[]\n", encoding="utf-8")
        (folder / "snapshot").mkdir(exist_ok=True)
        (folder / "snapshot" / "meta.json").write_text("{}", encoding="utf-8")
        (folder / "meta.json").write_text(json.dumps({
            "date": issue_date.isoformat(), "title": "Test Letter", "headline": "Stocks Fall",
            "hook": "Third week down."}), encoding="utf-8")
        frames = {"SPY": bars(self.last), **{t: bars(d) for t, d in self.others.items()}}
        snap = Snapshot("csv:test", self.last, frames, sample=self.sample)
        return SimpleNamespace(snapshot=snap, folder=folder)

    def checks(self, ws: Workspace, result: Any, now: dt.datetime) -> Any:
        assert ws is self.ws and result.folder == ws.output_dir / result.folder.name
        self.calls.append(("checks", now))
        self._maybe_fail("checks")
        return SimpleNamespace(ok=not self.verdict, reasons=list(self.verdict))

    def render_email(self, ws: Workspace, result: Any) -> RenderedEmail:
        assert ws is self.ws
        self.calls.append(("render_email", result.folder))
        self._maybe_fail("render_email")
        return RenderedEmail("Stocks Fall", "<p>hi</p>", "hi", {})

    def deliver(self, email: RenderedEmail, recipients: list[str], **kwargs: Any) -> Any:
        self.calls.append(("deliver", (email.subject, tuple(recipients), kwargs)))
        self._maybe_fail("deliver")
        done = len(recipients) if self.complete else len(recipients) - 1
        self.delivery = SimpleNamespace(complete=self.complete,
                                        summary=lambda: f"sent {done} of {len(recipients)}")
        return self.delivery

    def notify_author(self, ws: Workspace, issue_date: dt.date, reason: str) -> None:
        assert ws is self.ws and issue_date == SUNDAY
        self.calls.append(("notify_author", reason))
        self._maybe_fail("notify_author")

    def names(self) -> list[str]:
        return [name for name, _ in self.calls]


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path / "ws", readers=2)


def run(ws: Workspace, stages: Stages, **kw) -> PublishReport:
    return publish(ws, SUNDAY, now=EVENING, **stages.hooks(), **kw)


def state(ws: Workspace) -> tuple[str | None, str]:
    with PublishStore(ws.state_dir / "publish.sqlite") as store:
        record = store.get(SUNDAY)
        return (None, "") if record is None else (str(record.state), record.reason)


def archived(ws: Workspace) -> list[dt.date]:
    with PublishStore(ws.state_dir / "publish.sqlite") as store:
        return [e.issue_date for e in store.archive_entries()]


# the whole way


def test_the_archive_keeps_the_issues_archived_before(ws: Workspace) -> None:
    publish(ws, SUNDAY - dt.timedelta(days=7), now=EVENING, **Stages(ws).hooks())
    run(ws, Stages(ws))
    assert archived(ws) == [SUNDAY, SUNDAY - dt.timedelta(days=7)]
    index = (ws.output_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="2026-11-22/index.html"' in index and 'href="2026-11-15/index.html"' in index


def test_the_archive_time_is_recorded_in_utc_whatever_the_machine_zone(ws: Workspace,
                                                                      monkeypatch) -> None:
    import time

    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        run(ws, Stages(ws))
    finally:
        monkeypatch.undo()
        time.tzset()
    marked = json.loads((ws.output_dir / "2026-11-22" / "published.json").read_text())
    assert marked == {"archived_at": "2026-11-23T01:00:00+00:00"}


def test_the_platform_targets_get_the_issue_and_their_lines_are_steps(ws: Workspace,
                                                                     monkeypatch) -> None:
    from newsletter.publish import targets

    given: list[tuple] = []

    def fake_targets(ws_, store, issue_date, folder, url):
        given.append((ws_, type(store).__name__, issue_date, folder, url))
        return ["ghost: posted (abc)"]

    monkeypatch.setattr(targets, "publish_targets", fake_targets)
    report = run(ws, Stages(ws))
    assert given == [(ws, "PublishStore", SUNDAY, ws.output_dir / "2026-11-22",
                      "https://example.com/letter/2026-11-22/")]
    assert "ghost: posted (abc)" in report.steps


def test_a_clean_run_builds_checks_archives_and_sends_once(ws: Workspace, caplog) -> None:
    stages = Stages(ws)
    with caplog.at_level(logging.INFO, logger="newsletter.publish.pipeline"):
        report = run(ws, stages)
    assert [r.getMessage() for r in caplog.records if r.name == "newsletter.publish.pipeline"] == [
        "2026-11-22: sent (sent 2 of 2)"]
    assert report.outcome == "sent" and report.state == "sent" and report.exit_code == 0
    assert report.reason == "sent 2 of 2"
    assert report.summary() == "2026-11-22: sent (sent 2 of 2)"
    assert report.web_url == "https://example.com/letter/2026-11-22/"
    assert report.issue_date == SUNDAY
    assert stages.names() == ["build", "checks", "render_email", "deliver"]
    assert stages.calls[0][1] is None  # a fresh build, not the saved snapshot
    assert stages.calls[1][1] == EVENING
    subject, readers, kwargs = stages.calls[3][1]
    assert subject == "Stocks Fall" and readers == ("reader0@example.com", "reader1@example.com")
    assert kwargs["issue_date"] == SUNDAY and kwargs["web_url"] == report.web_url
    assert kwargs["config"] == ws.config.email and kwargs["ledger_path"] == ws.state_dir / LEDGER_FILE
    assert report.steps[:3] == ("built from fresh data (csv:test)",
                                "checked: real data, current, checks passed; email frozen",
                                "archived at https://example.com/letter/2026-11-22/")
    assert report.steps[3] == "sent 2 of 2" and report.delivery is stages.delivery
    assert len(report.steps) == 4  # no author address: no report step, not even an empty one
    assert state(ws) == ("sent", "sent 2 of 2") and archived(ws) == [SUNDAY]
    assert (ws.output_dir / "index.html").is_file() and (ws.output_dir / "feed.xml").is_file()
    marked = json.loads((ws.output_dir / "2026-11-22" / "published.json").read_text())
    assert marked == {"archived_at": "2026-11-23T01:00:00+00:00"}  # the archive time, in UTC
    again = run(ws, stages)
    assert (again.outcome, again.state, again.reason) == ("already-sent", "sent", "sent 2 of 2")
    assert stages.names().count("deliver") == 1 and again.exit_code == 0


def test_the_frozen_email_is_what_the_checks_passed(ws: Workspace) -> None:
    stages = Stages(ws, complete=False)
    run(ws, stages)
    frozen = thaw_email(ws.state_dir, SUNDAY)
    assert (frozen.subject, frozen.html, frozen.text) == ("Stocks Fall", "<p>hi</p>", "hi")


def test_an_incomplete_send_stays_sending_and_resumes(ws: Workspace) -> None:
    stages = Stages(ws, complete=False)
    report = run(ws, stages)
    assert (report.outcome, report.state, report.reason) == ("incomplete", "sending", "sent 1 of 2")
    assert report.exit_code == 5 and report.delivery is not None
    assert state(ws) == ("sending", "sent 1 of 2")
    stages.complete = True
    again = run(ws, stages)
    assert (again.outcome, again.state) == ("sent", "sent")
    assert stages.names() == ["build", "checks", "render_email", "deliver", "deliver"]
    assert archived(ws) == [SUNDAY]


def test_a_send_that_raises_a_user_error_is_incomplete_not_sent(ws: Workspace, caplog) -> None:
    stages = Stages(ws)
    stages.fail["deliver"] = NewsletterError("the SMTP server refused the login", key="email.smtp")
    with caplog.at_level(logging.ERROR, logger="newsletter.publish.pipeline"):
        report = run(ws, stages)
    assert (report.outcome, report.state) == ("incomplete", "sending")
    assert report.reason == "email.smtp: the SMTP server refused the login"
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR] == [
        "the 2026-11-22 issue is archived but not sent yet: email.smtp: the SMTP server refused the login"]
    assert state(ws)[0] == "sending" and archived(ws) == [SUNDAY]


def test_without_an_smtp_target_the_issue_is_out_once_archived(ws: Workspace) -> None:
    publish_config = ws.config.publish.model_copy(update={"targets": []})
    bare = dataclasses.replace(ws, config=ws.config.model_copy(update={"publish": publish_config}))
    stages = Stages(bare)
    report = run(bare, stages)
    assert (report.outcome, report.state, report.reason) == ("sent", "sent", "no smtp target")
    assert "deliver" not in stages.names()
    assert state(bare) == ("sent", "no smtp target")


# holds


@pytest.mark.parametrize("kind, reason", [
    ("sample", "built on SAMPLE data, which is never published"),
    ("stale", "stale data: the last bar is 2026-11-19, the last completed session is 2026-11-20"),
    ("checks", "charts: missing charts/a.png; preheader: empty"),
])
def test_unsafe_builds_are_held_with_the_reason(ws: Workspace, kind: str, reason: str, caplog) -> None:
    stages = Stages(ws, sample=kind == "sample", last=THURSDAY if kind == "stale" else FRIDAY,
                    verdict=("charts: missing charts/a.png", "preheader: empty") if kind == "checks" else ())
    with caplog.at_level(logging.WARNING, logger="newsletter.publish.pipeline"):
        report = run(ws, stages)
    assert (report.outcome, report.state, report.reason) == ("held", "held", reason)
    assert report.exit_code == 3 and report.steps[-1] == f"held: {reason}"
    assert state(ws) == ("held", reason) and archived(ws) == []
    assert "render_email" not in stages.names() and "deliver" not in stages.names()
    assert [r.getMessage() for r in caplog.records if "not published" in r.getMessage()] == [
        f"the 2026-11-22 issue is held, not published: {reason}"]
    assert not (ws.output_dir / "index.html").exists()


def test_a_failing_check_with_no_reason_still_holds(ws: Workspace) -> None:
    stages = Stages(ws, verdict=())
    stages.checks = lambda ws, result, now: SimpleNamespace(ok=False, reasons=[])  # type: ignore
    report = run(ws, stages)
    assert (report.outcome, report.reason) == ("held", "the publishing checks failed")


def test_safety_reasons_stack_and_hold_whatever_checks_are_plugged_in(ws: Workspace) -> None:
    result = Stages(ws, sample=True, last=THURSDAY).build(ws, issue_date=SUNDAY, now=EVENING)
    assert safety_reasons(ws, result, SUNDAY, EVENING) == [
        "built on SAMPLE data, which is never published",
        "stale data: the last bar is 2026-11-19, the last completed session is 2026-11-20"]
    fresh = Stages(ws).build(ws, issue_date=SUNDAY, now=EVENING)
    assert safety_reasons(ws, fresh, SUNDAY, EVENING) == []
    closed = ws.config.data.model_copy(update={"extra_closures": [FRIDAY]})
    ws2 = dataclasses.replace(ws, config=ws.config.model_copy(update={"data": closed}))
    thursday = Stages(ws2, last=THURSDAY).build(ws2, issue_date=SUNDAY, now=EVENING)
    assert safety_reasons(ws2, thursday, SUNDAY, EVENING) == []


def test_a_failing_stage_holds_with_its_one_line(ws: Workspace) -> None:
    for stage, said in (("build", "the build failed: notes/x.yaml:3: bad"),
                        ("checks", "the checks could not run: notes/x.yaml:3: bad"),
                        ("render_email", "the email could not be rendered: notes/x.yaml:3: bad")):
        root = ws.root.parent / stage
        fresh = make_workspace(root, readers=1)
        stages = Stages(fresh)
        stages.fail[stage] = NewsletterError("bad", file="notes/x.yaml", line=3)
        report = publish(fresh, SUNDAY, now=EVENING, **stages.hooks())
        assert (report.outcome, report.reason) == ("held", said), stage


def test_a_bug_in_a_stage_keeps_its_traceback(ws: Workspace) -> None:
    stages = Stages(ws)
    stages.fail["checks"] = ZeroDivisionError("bug")
    with pytest.raises(ZeroDivisionError):
        run(ws, stages)


def test_a_held_issue_stays_held_until_recheck_which_builds_fresh(ws: Workspace, caplog) -> None:
    stages = Stages(ws, last=THURSDAY)
    run(ws, stages)
    with caplog.at_level(logging.WARNING, logger="newsletter.publish.pipeline"):
        again = run(ws, stages)
    assert (again.outcome, again.state, again.reason) == ("held", "held", state(ws)[1])
    assert again.reason.startswith("stale data: ")
    assert (f"the 2026-11-22 issue is held: {again.reason}; fix it, then run `newsletter publish "
            "--recheck --date 2026-11-22`") in [r.getMessage() for r in caplog.records]
    assert stages.names() == ["build", "checks"]
    stages.last = FRIDAY
    released = run(ws, stages, recheck=True, fresh=False)
    assert released.outcome == "sent"
    assert released.steps[0].startswith("released the hold (stale data: ")
    assert stages.calls[2] == ("build", None)  # fresh data after a release, even with fresh=False


def test_a_recheck_of_an_issue_not_held_changes_nothing(ws: Workspace) -> None:
    stages = Stages(ws)
    report = run(ws, stages, recheck=True)
    assert report.outcome == "sent" and not report.steps[0].startswith("released")


def test_not_fresh_builds_from_the_saved_snapshot_when_there_is_one(ws: Workspace) -> None:
    stages = Stages(ws)
    Stages(ws).build(ws, issue_date=SUNDAY, now=EVENING)  # a draft built before, with its snapshot
    run(ws, stages, fresh=False)
    assert stages.calls[0] == ("build", ws.output_dir / "2026-11-22" / "snapshot")
    assert state(ws)[0] == "sent"


def test_fresh_ignores_a_saved_draft_and_no_snapshot_means_fresh_data(ws: Workspace,
                                                                        tmp_path: Path) -> None:
    stages = Stages(ws)
    Stages(ws).build(ws, issue_date=SUNDAY, now=EVENING)
    run(ws, stages)
    assert stages.calls[0] == ("build", None)
    other = make_workspace(tmp_path / "other", readers=1)
    bare = Stages(other)
    publish(other, SUNDAY, now=EVENING, fresh=False, **bare.hooks())
    assert bare.calls[0] == ("build", None)


def test_a_build_after_a_crash_reuses_the_snapshot(ws: Workspace) -> None:
    stages = Stages(ws)
    stages.fail["checks"] = KeyError("crash")
    with pytest.raises(KeyError):
        run(ws, stages)
    assert state(ws)[0] == "built"
    del stages.fail["checks"]
    report = run(ws, stages)
    assert report.outcome == "sent"
    assert stages.calls[2] == ("build", ws.output_dir / "2026-11-22" / "snapshot")
    assert report.steps[0] == "built from the saved snapshot (csv:test)"


def _crash_before_the_archive(ws: Workspace, stages: Stages) -> None:
    """One run that dies just before the archive step (the state stays "checked")."""
    real_archive = pipeline._Publisher.archive

    def crash(self) -> bool:
        raise KeyError("crash before the archive")

    pipeline._Publisher.archive = crash  # type: ignore[method-assign]
    try:
        with pytest.raises(KeyError):
            run(ws, stages)
    finally:
        pipeline._Publisher.archive = real_archive  # type: ignore[method-assign]


def test_a_page_changed_after_the_checks_is_held_at_the_archive(ws: Workspace) -> None:
    stages = Stages(ws)
    _crash_before_the_archive(ws, stages)
    assert state(ws)[0] == "checked"
    (ws.output_dir / "2026-11-22" / "index.html").write_text("<h1>edited by hand</h1>")
    report = run(ws, stages)
    assert (report.outcome, report.state, report.reason) == (
        "held", "held", "the issue page changed after it was checked (rebuilt by hand?)")
    assert archived(ws) == []


def test_an_unchanged_page_after_a_crash_is_archived(ws: Workspace) -> None:
    stages = Stages(ws)
    _crash_before_the_archive(ws, stages)
    report = run(ws, stages)
    assert report.outcome == "sent" and archived(ws) == [SUNDAY]
    assert stages.names() == ["build", "checks", "render_email", "deliver"]


# the author


def test_the_author_is_told_once_per_reason(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws", readers=1, author="me@example.com")
    stages = Stages(ws, last=THURSDAY)
    report = run(ws, stages)
    told = [c for c in stages.calls if c[0] == "notify_author"]
    assert told == [("notify_author", report.reason)]
    assert report.steps[-1] == "told the author (me@example.com)"
    run(ws, stages)
    assert [c[0] for c in stages.calls].count("notify_author") == 1  # the same reason: not again


def test_an_author_that_cannot_be_told_is_retried_next_run(tmp_path: Path, caplog) -> None:
    ws = make_workspace(tmp_path / "ws", readers=1, author="me@example.com")
    stages = Stages(ws, last=THURSDAY)
    stages.fail["notify_author"] = OSError("connection refused")
    with caplog.at_level(logging.WARNING, logger="newsletter.publish.pipeline"):
        report = run(ws, stages)
    assert "could not email the author why the issue is held: connection refused" in [
        r.getMessage() for r in caplog.records]
    assert not any(s.startswith("told the author") for s in report.steps)
    del stages.fail["notify_author"]
    again = run(ws, stages)
    assert again.steps[-1] == "told the author (me@example.com)"
    assert [c[0] for c in stages.calls].count("notify_author") == 2


def test_no_author_address_tells_no_one(ws: Workspace) -> None:
    stages = Stages(ws, last=THURSDAY)
    run(ws, stages)
    assert "notify_author" not in stages.names()


def test_the_default_notice_to_the_author(tmp_path: Path, monkeypatch) -> None:
    ws = make_workspace(tmp_path / "ws", readers=1, author="me@example.com")
    sent: list[tuple] = []
    from newsletter.publish import smtp_delivery

    monkeypatch.setattr(smtp_delivery, "send_test", lambda notice, to, **kw: sent.append((notice, to, kw)))
    pipeline.default_notify_author(ws, SUNDAY, "stale data: x <y>")
    [(notice, to, kw)] = sent
    assert to == "me@example.com" and kw["label"] == "[HELD]" and kw["web_url"] == ""
    assert kw["issue_date"] == SUNDAY and kw["config"] == ws.config.email
    assert notice.subject == "The 2026-11-22 issue of Test Letter was not published"
    assert notice.text == ("The 2026-11-22 issue of Test Letter was not published.\n\n"
                           "Reason: stale data: x <y>\n\nFix it, then run:\n"
                           "  newsletter publish --recheck --date 2026-11-22\n")
    assert notice.html == ("<p>The 2026-11-22 issue of Test Letter was not published.<br><br>"
                           "Reason: stale data: x &lt;y&gt;<br><br>Fix it, then run:<br>"
                           "  newsletter publish --recheck --date 2026-11-22<br></p>")
    assert notice.images == {}


# dates, locks, reports


def test_the_issue_date_is_the_last_sunday_and_never_the_future(ws: Workspace) -> None:
    assert latest_issue_date(dt.date(2026, 11, 22)) == SUNDAY
    assert latest_issue_date(dt.date(2026, 11, 28)) == SUNDAY  # Saturday
    assert latest_issue_date(dt.date(2026, 11, 23)) == SUNDAY  # Monday
    assert latest_issue_date(dt.date(2026, 11, 29)) == dt.date(2026, 11, 29)
    stages = Stages(ws)
    report = publish(ws, now=dt.datetime(2026, 11, 24, 9), **stages.hooks())
    assert report.issue_date == SUNDAY
    with pytest.raises(NewsletterError) as caught:
        publish(ws, dt.date(2026, 11, 29), now=EVENING, **stages.hooks())
    assert caught.value.key == "--date"
    assert caught.value.message == "the 2026-11-29 issue cannot be published before its date"


def test_the_clock_is_read_in_the_workspace_time_zone(ws: Workspace) -> None:
    stages = Stages(ws)
    utc_monday = dt.datetime(2026, 11, 23, 3, tzinfo=dt.UTC)  # still Sunday evening in New York
    report = publish(ws, now=utc_monday, **stages.hooks())
    assert report.issue_date == SUNDAY
    assert stages.calls[1][1].isoformat() == "2026-11-22T22:00:00-05:00"


def test_without_a_clock_given_the_real_one_is_read_in_the_workspace_zone(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws", readers=1)
    stages = Stages(ws)
    report = publish(ws, SUNDAY, **stages.hooks())  # today is after that Sunday
    assert report.outcome == "sent"
    now = stages.calls[1][1]
    assert now.tzinfo is not None and now.utcoffset() == now.astimezone(NY).utcoffset()



def test_a_naive_clock_is_taken_as_workspace_time(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws", readers=1)
    naive = Stages(ws)
    publish(ws, SUNDAY, now=dt.datetime(2026, 11, 22, 20), **naive.hooks())
    assert naive.calls[1][1] == EVENING and naive.calls[1][1].tzinfo is not None


def test_a_publish_while_another_runs_is_busy(ws: Workspace, caplog) -> None:
    stages = Stages(ws)
    with publish_lock(ws.state_dir), caplog.at_level(logging.WARNING, logger="newsletter.publish.pipeline"):
        report = run(ws, stages)
    assert (report.outcome, report.state, report.exit_code) == ("busy", "unknown", 4)
    assert report.issue_date == SUNDAY and report.reason and stages.calls == []
    assert [r.getMessage() for r in caplog.records] == [
        f"the 2026-11-22 issue: {report.reason}; this run does nothing"]


def test_a_dry_run_changes_nothing(ws: Workspace) -> None:
    stages = Stages(ws)
    report = run(ws, stages, dry_run=True)
    assert report.outcome == "dry-run" and stages.calls == [] and state(ws) == (None, "")


def test_the_report_and_its_exit_codes() -> None:
    report = PublishReport(SUNDAY, "held", "held", "stale data")
    assert report.summary() == "2026-11-22: held (stale data)"
    assert PublishReport(SUNDAY, "sent", "sent").summary() == "2026-11-22: sent"
    assert EXIT_CODES == {"sent": 0, "already-sent": 0, "dry-run": 0, "held": 3, "busy": 4,
                          "incomplete": 5}
    assert [PublishReport(SUNDAY, o, "x").exit_code for o in EXIT_CODES] == [0, 0, 0, 3, 4, 5]


def test_the_author_report_goes_once_after_the_send(ws: Workspace) -> None:
    reports: list[Any] = []
    stages = Stages(ws)
    report = run(ws, stages, report_author=lambda *a, **k: reports.append(a))
    assert report.outcome == "sent" and reports == []  # no author address: no report


def test_the_author_report_follows_the_send_once(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws", readers=1, author="me@example.com")
    reports: list[Any] = []
    stages = Stages(ws)
    report = run(ws, stages, report_author=lambda *a, **k: reports.append(a))
    assert report.outcome == "sent" and len(reports) == 1
    assert report.steps[-1] == "report: emailed to me@example.com"
    again = run(ws, stages, report_author=lambda *a, **k: reports.append(a))
    assert again.outcome == "already-sent" and len(reports) == 1


def test_the_default_stages_are_the_real_ones(ws: Workspace, monkeypatch) -> None:
    """Each default hook hands its arguments to the stage it stands for, unchanged."""
    from newsletter import build, checks
    from newsletter.publish import outgoing, smtp_delivery

    seen: dict[str, tuple] = {}

    def recorder(name: str):
        def record(*args, **kwargs):
            seen[name] = (args, kwargs)
            return name
        return record

    monkeypatch.setattr(build, "build_issue", recorder("build"))
    monkeypatch.setattr(checks, "run_checks", recorder("checks"))
    monkeypatch.setattr(outgoing, "render_email", recorder("render_email"))
    monkeypatch.setattr(smtp_delivery, "deliver", recorder("deliver"))
    snapshot = Path("/x/snapshot")
    assert pipeline.default_build(ws, issue_date=SUNDAY, now=EVENING, from_snapshot=snapshot) == "build"
    assert seen["build"] == ((ws,), {"issue_date": SUNDAY, "now": EVENING, "from_snapshot": snapshot})
    assert pipeline.default_checks(ws, "result", EVENING) == "checks"
    assert seen["checks"] == ((ws, "result", EVENING), {})
    assert pipeline.default_render_email(ws, "result") == "render_email"
    assert seen["render_email"] == ((ws, "result"), {})
    email = RenderedEmail("s", "h", "t", {})
    assert pipeline.default_deliver(email, ["a@example.com"], config="c", web_url="u") == "deliver"
    assert seen["deliver"] == ((email, ["a@example.com"]), {"config": "c", "web_url": "u"})


def test_the_safety_rules_judge_at_the_runs_clock_not_the_machines(ws: Workspace, monkeypatch) -> None:
    """``now`` reaches the stale rule: here the machine's clock (now=None) would say an old
    session, under which Thursday's bars look current."""
    from newsletter import checks

    real = checks.last_completed_session_now

    def clock(now=None, extra_closures=()):
        return dt.date(2000, 1, 3) if now is None else real(now, extra_closures)

    monkeypatch.setattr(checks, "last_completed_session_now", clock)
    report = run(ws, Stages(ws, last=THURSDAY))
    assert report.outcome == "held" and report.reason.startswith("stale data: ")


def test_the_sender_is_checked_before_anything_unless_the_issue_is_sent(ws: Workspace) -> None:
    broken = dataclasses.replace(ws, config=ws.config.model_copy(update={
        "email": ws.config.email.model_copy(update={"reply_to": "x@example.com\nBcc: all@example.com"})}))
    held = Stages(ws, last=THURSDAY)
    run(ws, held)
    with pytest.raises(NewsletterError):
        run(broken, Stages(broken))  # held: the sender is refused before the hold is even read
    held.last = FRIDAY
    run(ws, held, recheck=True)
    assert state(ws)[0] == "sent"
    again = run(broken, Stages(broken))  # sent: nothing more will be sent, nothing to refuse
    assert again.outcome == "already-sent"


def test_a_publish_while_the_issue_folder_is_being_built_is_busy(ws: Workspace) -> None:
    import fcntl

    ws.output_dir.mkdir(parents=True, exist_ok=True)
    with open(ws.output_dir / ".2026-11-22.lock", "ab") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # another process building the issue
        stages = Stages(ws)
        report = run(ws, stages)
    assert (report.outcome, report.exit_code, stages.calls) == ("busy", 4, [])
    assert report.reason.startswith("the 2026-11-22 issue is being built or published by another run")


def test_a_dry_run_passes_recheck_and_fresh_on(ws: Workspace) -> None:
    def steps(**kw) -> tuple[str, ...]:
        return run(ws, Stages(ws), dry_run=True, **kw).steps

    assert steps()[0] == f"build from fresh {ws.config.data.source} data"
    assert steps(fresh=False)[0] == "rebuild from the issue's saved snapshot (when there is one)"
    run(ws, Stages(ws, last=THURSDAY))  # held
    assert steps()[0].startswith("nothing: held (stale data: ")
    assert steps(recheck=True)[0] == "release the hold"


def test_safety_and_check_reasons_add_up(ws: Workspace) -> None:
    report = run(ws, Stages(ws, sample=True, verdict=("charts: missing",)))
    assert report.reason == "built on SAMPLE data, which is never published; charts: missing"


def test_stale_tickers_that_are_no_key_do_not_hold(ws: Workspace) -> None:
    result = Stages(ws, others={"XLK": THURSDAY}).build(ws, issue_date=SUNDAY, now=EVENING)
    assert safety_reasons(ws, result, SUNDAY, EVENING) == []
    assert run(ws, Stages(ws, others={"XLK": THURSDAY})).outcome == "sent"


def test_an_email_stage_that_returns_nothing_holds(ws: Workspace) -> None:
    stages = Stages(ws)
    stages.render_email = lambda ws_, result: None  # type: ignore[method-assign,assignment,return-value]
    report = run(ws, stages)
    assert (report.outcome, report.state) == ("held", "held") and archived(ws) == []
