"""The scheduler: APScheduler 3 over ``schedules/*.yaml``, with a persistent job store.

One file is one job::

    # schedules/sunday.yaml
    job: build+publish          # build | publish | build+publish
    cron: "0 20 * * sun"        # minute hour day month day-of-week (names for the weekday)
    timezone: America/New_York
    misfire_grace_minutes: 360  # a run missed by less than this still happens, once

Jobs live in a SQLAlchemy job store (``.newsletter/jobs.sqlite``) with
``coalesce=True``: a machine that was off at 20:00 runs the job once when it
comes back inside the grace window; beyond it the run is logged as missed
(EVENT_JOB_MISSED), never silently lost. The stored next run time survives
restarts: re-reading the YAML keeps it unless the file's trigger changed.
``publish`` is idempotent (the state machine), so a double fire still sends once.

- ``build``: build the coming Sunday's issue as a draft (nothing is published).
- ``publish``: publish today's (or the last) Sunday issue from the draft's saved
  snapshot when there is one, else from fresh data.
- ``build+publish``: build from fresh data, then publish.
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, field_validator

from newsletter.config import TimeZone
from newsletter.errors import NewsletterError
from newsletter.workspace import Workspace
from newsletter.yamlfile import load_yaml, validate

log = logging.getLogger(__name__)

SCHEDULES_DIR = "schedules"
JOBS_FILE = "jobs.sqlite"
JOB_FUNCTION = "newsletter.schedule:run_job"
JOB_PREFIX = "schedule:"
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class ScheduleFile(BaseModel):
    """One ``schedules/<name>.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    job: Literal["build", "publish", "build+publish"]
    cron: str = "0 20 * * sun"
    timezone: TimeZone = "America/New_York"
    misfire_grace_minutes: int = Field(default=360, ge=1, le=6 * 24 * 60)
    enabled: bool = True

    @field_validator("cron")
    @classmethod
    def _cron(cls, value: str) -> str:
        from apscheduler.triggers.cron import CronTrigger

        fields = value.split()
        if len(fields) != 5:
            raise ValueError(f"expected 5 cron fields (minute hour day month day-of-week), got {len(fields)}")
        if any(ch.isdigit() for ch in fields[4].split("/")[0]):
            raise ValueError("write the day of the week as a name (sun, mon-fri): APScheduler 3 "
                             "counts 0 as Monday where cron counts it as Sunday")
        try:
            CronTrigger.from_crontab(value, timezone="UTC")
        except ValueError as exc:
            raise ValueError(f"not a valid cron expression: {exc}") from None
        return value


@dataclass(frozen=True)
class JobSpec:
    """A validated schedule file, ready for the scheduler."""

    name: str
    path: Path
    kind: str
    cron: str
    timezone: str
    grace_seconds: int
    enabled: bool = True

    @property
    def job_id(self) -> str:
        return JOB_PREFIX + self.name

    def trigger(self) -> Any:
        from apscheduler.triggers.cron import CronTrigger

        return CronTrigger.from_crontab(self.cron, timezone=ZoneInfo(self.timezone))


def load_schedules(ws: Workspace) -> list[JobSpec]:
    """Every ``schedules/*.yaml`` of the workspace, validated (errors name file, line and key)."""
    specs = []
    for path in sorted((ws.root / SCHEDULES_DIR).glob("*.y*ml")):
        shown = str(path.relative_to(ws.root))
        loaded = load_yaml(path, display=shown)
        if not isinstance(loaded.data, dict):
            raise NewsletterError("expected a mapping with job, cron and timezone", file=shown, line=1)
        model: ScheduleFile = validate(loaded, ScheduleFile)
        specs.append(JobSpec(path.stem, path, model.job, model.cron, model.timezone,
                             model.misfire_grace_minutes * 60, model.enabled))
    return specs


def _clock() -> dt.datetime:
    """The time now (tests replace this)."""
    return dt.datetime.now(dt.UTC)


def run_job(workspace: str, kind: str, schedule: str = "") -> str:
    """The scheduled job itself (a module-level callable the job store refers to by name).

    The workspace is opened afresh on every run so that config edits count. A
    user error (bad YAML, a missing recipients file) is logged in one line.
    """
    from newsletter.publish.pipeline import publish

    try:
        ws = Workspace.open(Path(workspace))
        now = _clock().astimezone(ZoneInfo(ws.config.timezone))
        if kind == "build":
            from newsletter.build import build_issue

            result = build_issue(ws, now=now)
            summary = f"built the draft {result.folder}"
        else:
            summary = publish(ws, now=now, fresh=kind == "build+publish").summary()
    except NewsletterError as exc:
        summary = f"failed: {exc.one_line()}"
        log.error("schedule %s (%s): %s", schedule, kind, summary)
        return summary
    log.info("schedule %s (%s): %s", schedule, kind, summary)
    return summary


def make_scheduler(ws: Workspace, scheduler_class: type | None = None, *, executor: Any = None) -> Any:
    """A scheduler with the workspace's persistent job store (not started)."""
    from apscheduler.executors.pool import ThreadPoolExecutor
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.background import BackgroundScheduler

    ws.state_dir.mkdir(parents=True, exist_ok=True)
    cls = scheduler_class or BackgroundScheduler
    return cls(
        jobstores={"default": SQLAlchemyJobStore(url=f"sqlite:///{ws.state_dir / JOBS_FILE}")},
        executors={"default": executor or ThreadPoolExecutor(max_workers=1)},
        job_defaults={"coalesce": True, "max_instances": 1},
        timezone=ZoneInfo(ws.config.timezone),
    )


def _same_trigger(a: Any, b: Any) -> bool:
    return (str(a), str(getattr(a, "timezone", ""))) == (str(b), str(getattr(b, "timezone", "")))


def sync_jobs(scheduler: Any, ws: Workspace, specs: list[JobSpec]) -> None:
    """Make the started (paused) scheduler's store hold exactly the enabled ``specs``.

    A job whose trigger is unchanged keeps its stored next run time, so a run
    missed while the machine was off is still due (and judged against its grace).
    """
    from apscheduler.util import undefined

    stored = {job.id: job for job in scheduler.get_jobs() if job.id.startswith(JOB_PREFIX)}
    for spec in specs:
        if not spec.enabled:
            continue
        trigger = spec.trigger()
        old = stored.pop(spec.job_id, None)
        keep = old.next_run_time if old is not None and _same_trigger(old.trigger, trigger) else undefined
        scheduler.add_job(JOB_FUNCTION, trigger=trigger, id=spec.job_id, name=f"{spec.name} ({spec.kind})",
                          kwargs={"workspace": str(ws.root), "kind": spec.kind, "schedule": spec.name},
                          misfire_grace_time=spec.grace_seconds, coalesce=True, max_instances=1,
                          replace_existing=True, next_run_time=keep)
    for job_id in stored:
        scheduler.remove_job(job_id)
        log.info("removed the job %s: its schedule file is gone or disabled", job_id)


def _on_event(event: Any) -> None:
    from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED

    if event.code == EVENT_JOB_MAX_INSTANCES:
        log.warning("%s: a run is still going; this fire is skipped (the publish resumes anyway)",
                    event.job_id)
    elif event.code == EVENT_JOB_MISSED:
        log.warning("%s: the run due at %s was missed by more than its grace window (machine off "
                    "or busy); nothing was published for it; run `newsletter publish` by hand",
                    event.job_id, event.scheduled_run_time)
    elif event.code == EVENT_JOB_ERROR:
        log.error("%s: the run due at %s failed: %r", event.job_id, event.scheduled_run_time,
                  event.exception)


def start_scheduler(scheduler: Any, ws: Workspace, specs: list[JobSpec]) -> Any:
    """Start ``scheduler`` paused, sync the jobs, listen for missed runs, then run."""
    from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED

    scheduler.add_listener(_on_event, EVENT_JOB_MISSED | EVENT_JOB_ERROR | EVENT_JOB_MAX_INSTANCES)
    scheduler.start(paused=True)
    sync_jobs(scheduler, ws, specs)
    scheduler.resume()
    return scheduler


def run_scheduler(ws: Workspace, stop_event: threading.Event | None = None) -> None:
    """Run the schedules in the foreground until ``stop_event`` is set or SIGTERM/SIGINT arrives.

    Shutdown waits for a running job to finish (a publish interrupted anyway
    resumes on its next run).
    """
    stop = stop_event or threading.Event()
    specs = load_schedules(ws)
    if not any(s.enabled for s in specs):
        raise NewsletterError("no enabled schedule: add one like schedules/sunday.yaml",
                              file=SCHEDULES_DIR)
    previous = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            previous[sig] = signal.signal(sig, lambda signum, frame: stop.set())
    scheduler = start_scheduler(make_scheduler(ws), ws, specs)
    try:
        for name, when in list_jobs(ws):
            log.info("schedule %s: next run %s", name, when.isoformat() if when else "paused")
        stop.wait()
        log.info("stopping the scheduler")
    finally:
        scheduler.shutdown(wait=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def list_jobs(ws: Workspace, now: dt.datetime | None = None) -> list[tuple[str, dt.datetime | None]]:
    """(schedule name, next run time in its own time zone) for every enabled schedule.

    The stored next run (possibly a missed one, still due) wins over the trigger's.
    """
    now = now or _clock()
    stored: dict[str, Any] = {}
    path = ws.state_dir / JOBS_FILE
    if path.is_file():
        from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore

        store = SQLAlchemyJobStore(url=f"sqlite:///{path}")
        store.start(None, "default")
        try:
            stored = {job.id: job for job in store.get_all_jobs()}
        finally:
            store.shutdown()
    rows = []
    for spec in (s for s in load_schedules(ws) if s.enabled):
        trigger, job = spec.trigger(), stored.get(spec.job_id)
        when = (job.next_run_time if job is not None and _same_trigger(job.trigger, trigger)
                else trigger.get_next_fire_time(None, now))
        rows.append((spec.name, when.astimezone(ZoneInfo(spec.timezone)) if when else None))
    return rows
