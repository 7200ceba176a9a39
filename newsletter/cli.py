"""The command line: parses, calls one stage, prints. User errors are one line, exit 2."""

from __future__ import annotations

import datetime as dt
import gc
import logging
import shlex
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import click

from newsletter import process_memory
from newsletter.errors import NewsletterError


class DateType(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            self.fail(f"expected a date like 2026-11-22, got {value!r}", param, ctx)


DATE = DateType()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="More logging (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors.")
@click.option("-C", "--workspace", "workspace", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Workspace folder (default: the nearest with newsletter.yaml).")
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: bool, workspace: Path | None) -> None:
    """Write, render and publish a weekly stock-market newsletter."""
    level = logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    if verbose < 2:
        # yfinance logs every failed ticker at ERROR; our data layer collects those reasons
        # (its own handler on that logger) and reports them once, grouped
        logging.getLogger("yfinance").propagate = False
    from newsletter.progress import set_quiet

    set_quiet(quiet)
    ctx.obj = {"workspace": workspace, "quiet": quiet}


_process_entry = False
"""Set by :func:`run`: this process ends when the command does."""


@contextmanager
def _collections_paused() -> Iterator[None]:
    """No garbage collection while the stack imports: pandas, numpy and pydantic loading make
    some 200 collections that find nothing (50 ms of a 0.9 s build).

    In a process that ends with the command, what the imports made is then frozen (moved out
    of the collector's sight): otherwise the first collection after this walks all of it at
    once (30 ms), and every full one again. Not for :func:`main` called in a longer-lived
    process (tests), where frozen garbage would stay for good.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _process_entry:
            gc.freeze()
        if was:
            gc.enable()


def _workspace(ctx: click.Context):
    from newsletter.workspace import Workspace

    return Workspace.open(ctx.obj.get("workspace"))


@cli.command()
@click.option("--source", default=None, metavar="sample|csv:DIR|yahoo",
              help="Where market data comes from (default: data.source in newsletter.yaml).")
@click.option("--asof", type=DATE, default=None, help="Build as of this NYSE session's close (a trading day).")
@click.option("--date", "issue_date", type=DATE, default=None, help="The issue date (a Sunday).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: output in newsletter.yaml).")
@click.option("--from-snapshot", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="Rebuild offline from an issue folder's saved snapshot.")
@click.option("--replay-report", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Quote this replay report.json beside each call, for this build only "
                   "(default: replay_report in newsletter.yaml).")
@click.pass_context
def build(ctx, source, asof, issue_date, out, from_snapshot, replay_report) -> None:
    """Build one issue: fetch data, compose the sections, render every output."""
    with _collections_paused():
        from newsletter.build import build_issue
    from newsletter.progress import progress

    if from_snapshot is not None and (source or asof):
        raise click.UsageError("--from-snapshot cannot be combined with --source or --asof")
    ws = _workspace(ctx)
    if replay_report is not None:
        ws = replace(ws, config=ws.config.model_copy(
            update={"replay_report": str(replay_report.resolve())}))
    with progress("Building the issue"):
        result = build_issue(ws, source=source, asof=asof, issue_date=issue_date,
                             out=out, from_snapshot=from_snapshot)
    if ctx.obj.get("quiet"):
        return  # -q: only errors (they are raised, and printed by main)
    issue = result.issue
    banner = " [SAMPLE DATA]" if issue.sample else ""
    click.echo(f"Built the {issue.date} issue{banner}: {issue.headline}")
    click.echo(f"  data: {issue.source}, as of the {issue.asof} close")
    for name, path in result.files.items():
        click.echo(f"  {name:<11} {path}")
    for warning in result.warnings:
        click.echo(f"  warning: {warning}")
    for failure in result.composed.failures:
        click.echo(f"  section failed: {failure}")


@cli.command()
@click.pass_context
def calls(ctx) -> None:
    """Print the track record: every stored call graded, hit rate by section and origin."""
    from newsletter.track_record import print_track_record

    print_track_record(_workspace(ctx), click.echo)


@cli.command()
@click.option("--date", "issue_date", type=DATE, default=None,
              help="The issue date (default: the last Sunday in the configured time zone).")
@click.pass_context
def status(ctx, issue_date) -> None:
    """How an issue's publishing went: its state, SMTP counts and failures, each platform's link."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from newsletter.publish.pipeline import latest_issue_date
    from newsletter.publish.status import status_lines

    ws = _workspace(ctx)
    today = dt.datetime.now(ZoneInfo(ws.config.timezone)).date()
    for line in status_lines(ws, issue_date or latest_issue_date(today)):
        click.echo(line)


@cli.command()
@click.option("--date", "issue_date", type=DATE, default=None,
              help="The issue date (default: the last Sunday in the configured time zone).")
@click.option("--dry-run", is_flag=True, help="Say what would happen; change nothing.")
@click.option("--recheck", is_flag=True, help="Release a held issue: fresh build, checks again.")
@click.option("--from-draft", is_flag=True, help="Publish the draft's saved snapshot, not fresh data.")
@click.pass_context
def publish(ctx, issue_date, dry_run, recheck, from_draft) -> None:
    """Build, check, archive and send one issue, exactly once (what the Sunday job runs).

    \b
    Exit codes:
      0  sent, already sent, or a dry run
      2  a user error (bad config or sender address): nothing archived or sent
      3  held (sample or stale data, a failed check): a draft, never sent
      4  busy: another run is publishing, or building this date
      5  incomplete: archived, some readers not sent yet; a rerun resumes
    """
    from newsletter.progress import progress
    from newsletter.publish.pipeline import publish as run_publish

    with progress("Publishing the issue"):
        report = run_publish(_workspace(ctx), issue_date, dry_run=dry_run, recheck=recheck,
                             fresh=not from_draft)
    for step in report.steps:
        click.echo(f"  {step}")
    click.echo(report.summary())
    if report.exit_code:
        ctx.exit(report.exit_code)


@cli.command()
@click.option("--test", "address", required=True, metavar="ADDRESS",
              help="Send one copy marked [TEST] to this address; it never counts as the real send.")
@click.option("--date", "issue_date", type=DATE, default=None,
              help="Which built issue (default: the newest in the output folder).")
@click.pass_context
def send(ctx, address, issue_date) -> None:
    """Email a built issue to one address as a [TEST] copy (readers get it only via publish)."""
    from newsletter.publish.outgoing import send_test_copy

    ws = _workspace(ctx)
    folder = ws.output_dir / issue_date.isoformat() if issue_date else None
    if folder is not None and not (folder / "email.html").is_file():
        raise NewsletterError("no built email for this date: run `newsletter build` first",
                              file=folder)
    message_id = send_test_copy(ws, address, folder)
    click.echo(f"Sent a [TEST] copy to {address} ({message_id}).")


@cli.command()
@click.pass_context
def archive(ctx) -> None:
    """Rewrite the web archive (index, track record, RSS and Atom) from the published issues."""
    from newsletter.publish.archive import rebuild_site

    for path in rebuild_site(_workspace(ctx)):
        click.echo(f"  {path}")


@cli.group()
def schedule() -> None:
    """The Sunday-night job: list the schedules or run the scheduler in the foreground."""


@schedule.command("list")
@click.pass_context
def schedule_list(ctx) -> None:
    """Each job with its next run time in its own time zone."""
    from newsletter.schedule import list_jobs

    jobs = list_jobs(_workspace(ctx.parent))
    if not jobs:
        click.echo("No schedules: add a file to schedules/ (see schedules/sunday.yaml).")
    for name, when in jobs:
        click.echo(f"{name:<16} {when:%Y-%m-%d %H:%M %Z}" if when else f"{name:<16} paused")


@schedule.command("run")
@click.pass_context
def schedule_run(ctx) -> None:
    """Run the scheduler until SIGTERM or Ctrl-C (for systemd; see the README)."""
    from newsletter.schedule import run_scheduler

    run_scheduler(_workspace(ctx.parent))


@cli.command()
@click.argument("directory", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
def init(directory: Path, force: bool) -> None:
    """Scaffold a workspace in DIR: config, example notes, schedule, chart style (no templates)."""
    from newsletter.init import init_workspace

    report = init_workspace(directory, force=force)
    click.echo(f"Created a newsletter workspace in {report.root}:")
    for path in report.created:
        replaced = " (replaced)" if path in report.replaced else ""
        click.echo(f"  {path.relative_to(report.root)}{replaced}")
    _next_step(f"cd {shlex.quote(str(report.root))} && {{newsletter}} preview")


def _next_step(template: str) -> None:
    """Print "Next: …" with the ``newsletter`` spelling that works in this shell (see invocation)."""
    from newsletter.invocation import activate_hint, newsletter_command

    click.echo("Next: " + template.format(newsletter=newsletter_command()))
    hint = activate_hint()
    if hint:
        click.echo(f"  {hint}")


@cli.group()
def notes() -> None:
    """The author's notes: start next week's file."""


@notes.command("new")
@click.option("--date", "issue_date", type=DATE, default=None,
              help="The issue date (default: the next Sunday).")
@click.pass_context
def notes_new(ctx, issue_date) -> None:
    """Write notes/<date>.yaml: every key commented, the open calls to grade, the watch names."""
    from newsletter.notes_new import new_notes

    ws = _workspace(ctx.parent)
    made = new_notes(ws, issue_date)
    shown = made.path.relative_to(ws.root) if made.path.is_relative_to(ws.root) else made.path
    calls = len(made.open_calls)
    if ctx.obj.get("quiet"):
        return
    click.echo(f"Wrote {shown}: every key commented out, {calls} open call{'s' * (calls != 1)} "
               "from earlier issues listed.")
    _next_step(f"edit {shlex.quote(str(shown))}, then {{newsletter}} preview")


@cli.command()
@click.option("--date", "issue_date", type=DATE, default=None,
              help="Which built issue (default: the newest in the output folder).")
@click.pass_context
def paste(ctx, issue_date) -> None:
    """Print the issue's Markdown ready to paste into Substack, Ghost or Buttondown.

    Chart images point at the issue's web address (base_url + date), so they
    show once the issue is published there.
    """
    from newsletter.paste import paste_ready

    _, text = paste_ready(_workspace(ctx), issue_date)
    click.echo(text, nl=False)


@cli.group()
def templates() -> None:
    """The packaged templates: list them, or copy one into templates/ to override it."""


@templates.command("list")
@click.pass_context
def templates_list(ctx) -> None:
    """Every packaged template, and which the workspace's templates/ overrides."""
    from newsletter.template_overrides import template_states

    ws = _workspace(ctx.parent)
    states = template_states(ws)
    width = max(len(s.name) for s in states)
    click.echo("Packaged templates (a file of the same name in templates/ overrides one):")
    for state in states:
        if state.override is None:
            click.echo(f"  {state.name}")
        else:
            how = "edited" if state.edited else "same as packaged"
            click.echo(f"  {state.name:<{width}}  overridden by templates/{state.name} ({how})")


@templates.command("copy")
@click.argument("name", metavar="NAME")
@click.option("--force", is_flag=True, help="Replace an existing override with the packaged template.")
@click.pass_context
def templates_copy(ctx, name, force) -> None:
    """Copy packaged template NAME (e.g. page.html.j2, sections/recap.md.j2) into templates/."""
    from newsletter.template_overrides import copy_template

    ws = _workspace(ctx.parent)
    path = copy_template(ws, name, force=force)
    if ctx.obj.get("quiet"):
        return
    click.echo(f"Copied to {path.relative_to(ws.root)}: it now overrides the packaged template, "
               "and later fixes to that template will not reach it; delete it to go back.")


@cli.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback lets others read the draft.")
@click.option("--source", default=None, metavar="sample|csv:DIR|yahoo",
              help="Where market data comes from (default: data.source in newsletter.yaml).")
@click.option("--date", "issue_date", type=DATE, default=None,
              help="The issue date (default: the next Sunday).")
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in the web browser.")
@click.pass_context
def preview(ctx, port, host, source, issue_date, open_browser) -> None:
    """Serve the draft on 127.0.0.1; the browser reloads when notes, config or templates change."""
    from newsletter.preview import serve

    def ready(server) -> None:
        click.echo(f"Previewing the draft at {server.url} (Ctrl+C to stop)")

    serve(ctx.obj.get("workspace") or Path.cwd(), port=port, host=host, source=source,
          issue_date=issue_date, open_browser=open_browser, ready=ready)


@cli.command()
@click.option("--source", default=None, metavar="sample|csv:DIR|yahoo",
              help="Where market data comes from (default: data.source of the config).")
@click.option("--from", "start", type=DATE, default=None, help="First Sunday (default: after the warm-up).")
@click.option("--to", "end", type=DATE, default=None, help="Last Sunday (default: the end of the data).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Report folder (default: replay/ in the workspace).")
@click.option("--sections", default=None, metavar="KEY,KEY", help="Only these sections (e.g. breakdown).")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="A config file instead of the workspace's newsletter.yaml.")
@click.option("--render", is_flag=True, help="Also draw and write each week's issue (off: figures only).")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Worker processes (the weeks are independent; the report is the same).")
@click.pass_context
def replay(ctx, source, start, end, out, sections, config_file, render, jobs) -> None:
    """Replay every Sunday in a range with the issue's own rules and grade every call (hypothetical)."""
    from newsletter.replay.cli import run_command

    run_command(_workspace(ctx), source=source, start=start, end=end, out=out, sections=sections,
                config_file=config_file, render=render, quiet=logging.getLogger().level >= logging.ERROR,
                echo=click.echo, jobs=jobs)


def main(argv: list[str] | None = None) -> int:
    """Entry point: a user error prints one line and exits 2; a bug keeps its traceback."""
    try:
        # without standalone mode click returns a command's ctx.exit(code) instead of raising it
        code = cli.main(args=argv, prog_name="newsletter", standalone_mode=False)
    except NewsletterError as exc:
        click.echo(f"newsletter: error: {exc.one_line()}", err=True)
        return 2
    except click.ClickException as exc:
        click.echo(f"newsletter: error: {' '.join(exc.format_message().split())}", err=True)
        return 2
    except click.exceptions.Abort:
        click.echo("newsletter: aborted", err=True)
        return 1
    except click.exceptions.Exit as exc:
        return exc.exit_code
    return code if isinstance(code, int) else 0



def run() -> None:
    """The process entry (console script, ``python -m newsletter``): :func:`main`, then exit.

    Settings that only suit a process that ends when the command does (not :func:`main`,
    which tests call many times in one process): the allocators' (Parquet's through the C
    library, which gives freed memory back: :mod:`newsletter.process_memory`); what the
    imports made frozen out of the collector's sight; and ``gc.freeze()`` before exit,
    since the interpreter's last garbage collection would walk every object pandas, pydantic
    and the issue left behind only to free them a moment before the process does (0.13 s
    of a 1.2 s warm build).
    """
    global _process_entry
    _process_entry = True
    process_memory.configure()
    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    run()
