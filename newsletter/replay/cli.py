"""The ``newsletter replay`` command's work: open the source, run with a progress bar, write, print."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from newsletter.workspace import Workspace

QUIET_LOGGERS = ("newsletter.compose", "newsletter.collect", "newsletter.data")
"""Per-week warnings (a section skipped, a ticker missing) are counted in the report instead."""


@contextmanager
def _hushed():
    saved = {name: logging.getLogger(name).level for name in QUIET_LOGGERS}
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)


def _renderer(ws: Workspace, out: Path):
    """Draw each week's charts and write its issue.md and index.html under ``out/weeks/<date>/``."""
    import dataclasses

    from newsletter import __version__
    from newsletter.atomic import atomic_write_text
    from newsletter.illustrate import draw_charts
    from newsletter.render import environment, render_markdown, render_page
    from newsletter.replay.recap_grades import RecapLedger

    env = environment(ws.template_dirs())
    ledger = RecapLedger(ws.config)  # the weeks come in order when rendered: each grades the ones before

    def write(composed, snapshot) -> None:
        folder = out / "weeks" / composed.issue.date.isoformat()
        composed = ledger.recap(composed, snapshot)
        composed = dataclasses.replace(
            composed, issue=dataclasses.replace(composed.issue, replayed=f"newsletter {__version__}"))
        composed, _ = draw_charts(composed, snapshot, folder / "charts",
                                  ws.root / ws.config.data.cache_dir / "charts", ws.root)
        atomic_write_text(folder / "issue.md", render_markdown(env, composed.issue))
        atomic_write_text(folder / "index.html", render_page(env, composed.issue))

    return write


def run_command(ws: Workspace, *, source: str | None, start: dt.date | None, end: dt.date | None,
                out: Path | None, sections: str | None, config_file: Path | None, render: bool,
                quiet: bool, echo: Callable[[str], None], jobs: int = 1) -> dict:
    import click

    from newsletter.data.sources import open_source
    from newsletter.replay.report import summary, write_report
    from newsletter.replay.run import load_config_file, only_sections, run_replay

    if config_file:
        from newsletter.config import with_lens_weights_file

        config = with_lens_weights_file(load_config_file(config_file), ws.root)
    else:
        config = ws.config
    if sections:
        config = only_sections(config, [k.strip() for k in sections.split(",") if k.strip()])
    data_source = open_source(source or config.data.source, ws.root, config)
    out = out or ws.root / "replay"
    ws = Workspace(root=ws.root, config=config)
    on_week = _renderer(ws, out) if render else None
    show = not quiet and sys.stderr.isatty()
    bar = click.progressbar(length=1, label="Replaying weeks", file=sys.stderr, show_eta=True,
                            show_pos=True, item_show_func=lambda x: x) if show else None

    def progress(done: int, total: int, calls: int) -> None:
        if bar is not None:
            bar.length = total
            if done:
                bar.update(1, f"{calls} calls")
            else:
                bar.render_progress()

    today = dt.date.today()  # the sample market runs to 2030: never replay a week not yet closed
    with _hushed():
        if bar is not None:
            with bar:
                replay = run_replay(config, data_source, start, end, progress=progress, on_week=on_week,
                                    jobs=jobs, today=today)
        else:
            replay = run_replay(config, data_source, start, end, on_week=on_week, jobs=jobs, today=today)
    if replay.no_data:
        echo("no data for: " + "; ".join(f"{k} ({', '.join(v)})" for k, v in replay.no_data.items()))
    report, files = write_report(replay, out, ws.root)
    for line in summary(report):
        echo(line)
    echo(f"report: {files['index.html']}")
    return report
