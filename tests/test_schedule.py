"""The scheduler under a controlled clock: DST, restarts inside and outside the grace window,
the safety rules through the real job, validation errors, and a clean shutdown."""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest
from apscheduler.executors.debug import DebugExecutor
from apscheduler.schedulers.base import BaseScheduler

from newsletter import schedule
from newsletter.errors import NewsletterError
from newsletter.publish import pipeline
from newsletter.publish.pipeline import latest_issue_date
from newsletter.publish.state import PublishStore
from newsletter.schedule import list_jobs, load_schedules, make_scheduler, run_job, start_scheduler
from tests.publish.smtp_server import SmtpTestServer, smtp_server_fixture  # noqa: F401
from tests.publish.test_pipeline_factories import (
    NY,
    SUNDAY,
    failing_checks,
    make_workspace,
)

REPO = Path(__file__).resolve().parents[1]
UTC = dt.UTC


class ManualScheduler(BaseScheduler):
    """No thread: the test calls ``_process_jobs()`` itself, under its own clock."""

    def shutdown(self, wait: bool = True) -> None:
        super().shutdown(wait)

    def wakeup(self) -> None:
        pass


def freeze(monkeypatch, instant: dt.datetime) -> None:
    """Set APScheduler's clock (scheduler and executor) and the job's clock to ``instant``."""

    class Frozen(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return instant.astimezone(tz) if tz else instant.replace(tzinfo=None)

    monkeypatch.setattr("apscheduler.schedulers.base.datetime", Frozen)
    monkeypatch.setattr("apscheduler.executors.base.datetime", Frozen)
    monkeypatch.setattr(schedule, "_clock", lambda: instant)


def workspace(tmp_path: Path, **kwargs):
    ws = make_workspace(tmp_path / "ws", **kwargs)
    (ws.root / "schedules").mkdir()
    shutil.copy(REPO / "schedules" / "sunday.yaml", ws.root / "schedules" / "sunday.yaml")
    return ws


def scheduler_at(monkeypatch, ws, instant: dt.datetime) -> BaseScheduler:
    """The machine (re)starts at ``instant``: a scheduler on the persistent store, jobs synced."""
    freeze(monkeypatch, instant)
    return start_scheduler(make_scheduler(ws, ManualScheduler, executor=DebugExecutor()), ws,
                           load_schedules(ws))


@pytest.fixture
def published(monkeypatch) -> list[tuple[dt.date, bool]]:
    """Record the job's publish calls instead of publishing: (issue date, fresh)."""
    calls: list[tuple[dt.date, bool]] = []

    def record(ws, issue_date=None, *, now, fresh=True, **kwargs):
        calls.append((latest_issue_date(now.date()), fresh))
        return pipeline.PublishReport(latest_issue_date(now.date()), "sent", "sent")

    monkeypatch.setattr(pipeline, "publish", record)
    return calls


def test_the_shipped_schedule_is_sunday_8pm_new_york(tmp_path: Path) -> None:
    (spec,) = load_schedules(workspace(tmp_path))
    assert (spec.name, spec.kind, spec.cron, spec.timezone) == (
        "sunday", "build+publish", "0 20 * * sun", "America/New_York")
    assert spec.grace_seconds == 6 * 3600


def test_next_run_is_8pm_new_york_across_the_dst_change(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    trigger = load_schedules(ws)[0].trigger()
    before = trigger.get_next_fire_time(None, dt.datetime(2026, 10, 25, 12, tzinfo=NY))
    after = trigger.get_next_fire_time(before, before + dt.timedelta(seconds=1))
    assert before.astimezone(UTC) == dt.datetime(2026, 10, 26, 0, 0, tzinfo=UTC)  # EDT, UTC-4
    assert after.astimezone(UTC) == dt.datetime(2026, 11, 2, 1, 0, tzinfo=UTC)  # EST, UTC-5
    assert (after.hour, after.weekday(), after.date()) == (20, 6, dt.date(2026, 11, 1))
    (row,) = list_jobs(ws, now=dt.datetime(2026, 10, 26, 12, tzinfo=NY))
    assert row == ("sunday", dt.datetime(2026, 11, 1, 20, tzinfo=NY))
    assert row[1].utcoffset() == dt.timedelta(hours=-5)


def test_restart_inside_the_grace_window_publishes_once(tmp_path: Path, monkeypatch, published) -> None:
    ws = workspace(tmp_path)
    first = scheduler_at(monkeypatch, ws, dt.datetime(2026, 11, 22, 12, tzinfo=NY))
    first._process_jobs()
    assert published == []
    first.shutdown()  # the machine is off at 20:00
    second = scheduler_at(monkeypatch, ws, dt.datetime(2026, 11, 22, 23, 30, tzinfo=NY))
    assert list_jobs(ws)[0][1] == dt.datetime(2026, 11, 22, 20, tzinfo=NY)  # still due
    second._process_jobs()
    second._process_jobs()
    assert published == [(SUNDAY, True)]
    assert second.get_job("schedule:sunday").next_run_time == dt.datetime(2026, 11, 29, 20, tzinfo=NY)
    second.shutdown()


def test_two_missed_sundays_coalesce_into_one_run(tmp_path: Path, monkeypatch, published) -> None:
    ws = workspace(tmp_path)
    scheduler_at(monkeypatch, ws, dt.datetime(2026, 11, 22, 12, tzinfo=NY)).shutdown()
    later = scheduler_at(monkeypatch, ws, dt.datetime(2026, 11, 29, 22, tzinfo=NY))
    later._process_jobs()
    assert published == [(dt.date(2026, 11, 29), True)]
    later.shutdown()


def test_restart_after_the_grace_window_logs_the_miss_and_does_not_publish(
        tmp_path: Path, monkeypatch, caplog, published) -> None:
    ws = workspace(tmp_path)
    scheduler_at(monkeypatch, ws, dt.datetime(2026, 11, 22, 12, tzinfo=NY)).shutdown()
    late = scheduler_at(monkeypatch, ws, dt.datetime(2026, 11, 23, 9, tzinfo=NY))  # 13 h late
    with caplog.at_level(logging.WARNING, logger="newsletter.schedule"):
        late._process_jobs()
    assert published == []
    missed = [r.getMessage() for r in caplog.records if r.name == "newsletter.schedule"]
    assert len(missed) == 1 and "schedule:sunday: the run due at 2026-11-22 20:00:00-05:00 was missed" in missed[0]
    assert late.get_job("schedule:sunday").next_run_time == dt.datetime(2026, 11, 29, 20, tzinfo=NY)
    late.shutdown()


def test_the_sunday_job_publishes_a_real_issue(tmp_path: Path, monkeypatch,
                                               smtp_server: SmtpTestServer) -> None:
    ws = workspace(tmp_path, smtp_port=smtp_server.port)
    sunday = scheduler_at(monkeypatch, ws, dt.datetime(2026, 11, 22, 19, 59, tzinfo=NY))
    sunday._process_jobs()
    assert smtp_server.messages == []
    freeze(monkeypatch, dt.datetime(2026, 11, 22, 20, 0, 5, tzinfo=NY))
    sunday._process_jobs()
    assert len(smtp_server.messages) == 5
    sunday._process_jobs()
    sunday.shutdown()
    assert run_job(str(ws.root), "build+publish", "again").startswith("2026-11-22: already-sent")
    assert smtp_server.count_by_recipient() == {f"reader{i}@example.com": 1 for i in range(5)}


@pytest.mark.parametrize("case", ["sample", "stale", "failed-check"])
def test_the_scheduled_job_never_publishes_an_unsafe_issue(case: str, tmp_path: Path, monkeypatch,
                                                          caplog, smtp_server: SmtpTestServer) -> None:
    ws = workspace(tmp_path, smtp_port=smtp_server.port, source="sample" if case == "sample" else None,
                   last_session=dt.date(2026, 11, 13) if case == "stale" else dt.date(2026, 11, 20))
    if case == "failed-check":
        monkeypatch.setattr(pipeline, "default_checks", failing_checks)
    freeze(monkeypatch, dt.datetime(2026, 11, 22, 20, 0, 5, tzinfo=NY))
    with caplog.at_level(logging.WARNING):
        summary = run_job(str(ws.root), "build+publish", "sunday")
    reason = {"sample": "SAMPLE data", "stale": "stale data", "failed-check": "over the 60 KB limit"}[case]
    assert summary.startswith("2026-11-22: held") and reason in summary
    assert any(reason in r.getMessage() and "held" in r.getMessage() for r in caplog.records)
    assert smtp_server.messages == []
    with PublishStore(ws.state_dir / "publish.sqlite") as store:
        assert store.get(SUNDAY).state == "held" and store.archive_entries() == []


@pytest.mark.parametrize("text, expected", [
    ("job: publish\ncron: '0 20 * * 0'\n", "schedules/bad.yaml:2: cron: write the day of the week as a name"),
    ("job: publish\ncron: '0 25 * * sun'\n", "schedules/bad.yaml:2: cron: not a valid cron expression"),
    ("job: publish\ntimezone: Mars/Olympus\n", "schedules/bad.yaml:2: timezone: unknown time zone"),
    ("job: send\n", "schedules/bad.yaml:1: job: "),
    ("job: publish\nwhen: sunday\n", "schedules/bad.yaml:2: when: unknown key"),
    ("- job\n", "schedules/bad.yaml:1: expected a mapping"),
])
def test_schedule_errors_name_file_line_and_key(tmp_path: Path, text: str, expected: str) -> None:
    ws = workspace(tmp_path)
    (ws.root / "schedules" / "bad.yaml").write_text(text)
    with pytest.raises(NewsletterError) as error:
        load_schedules(ws)
    assert error.value.one_line().startswith(expected), error.value.one_line()


def test_the_scheduler_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    before = signal.getsignal(signal.SIGTERM)

    def terminate() -> None:
        deadline = time.monotonic() + 10
        while signal.getsignal(signal.SIGTERM) is before and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=terminate, daemon=True).start()
    schedule.run_scheduler(ws)  # returns once SIGTERM sets its stop event
    assert signal.getsignal(signal.SIGTERM) is before
    assert (ws.state_dir / "jobs.sqlite").is_file()
    assert list_jobs(ws)[0][0] == "sunday"
