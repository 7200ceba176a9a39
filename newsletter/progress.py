"""Progress on the terminal for work that takes seconds: fetching, building, publishing.

One display (rich) at a time, on stderr, shown only when both stdout and
stderr are terminals and ``-q`` was not given; otherwise every call here does
nothing, so a cron job's log or a pipe gets no escape codes.

    with progress("Replaying 2019-2024", total=len(weeks)) as advance:
        for week in weeks:
            ...
            advance(1, step=f"{week}")

A ``progress`` opened while another is open adds a line to the same display and
removes it when done. :func:`advance_progress` advances the innermost open one, so a
stage can say where it is without being handed anything.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # rich is imported only when a display is really shown
    from rich.console import Console
    from rich.progress import Progress


class Advance(Protocol):
    def __call__(self, n: float = 1, **fields: Any) -> None:
        """Count ``n`` more done; ``fields`` (``step="charts"``) update the line's text."""


_quiet = False
_display: ContextVar[Progress | None] = ContextVar("progress_display", default=None)
_stack: ContextVar[tuple[Callable[..., None], ...]] = ContextVar("progress_stack", default=())


def set_quiet(quiet: bool) -> None:
    """Turn every display off (the command line's ``-q``)."""
    global _quiet
    _quiet = quiet


def shown(console: Console | None = None) -> bool:
    """Whether a display would show: not quiet, and on a terminal (both stdout and stderr)."""
    if _quiet:
        return False
    if console is not None:
        return console.is_terminal
    return _isatty(sys.stdout) and _isatty(sys.stderr)


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _ignore(n: float = 1, **fields: Any) -> None:
    return None


def _new_display(console: Console | None) -> Progress:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        SpinnerColumn,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(bar_width=24),
        TaskProgressColumn(),
        TextColumn("{task.fields[step]}", style="dim"),
        TimeElapsedColumn(),
        console=console or Console(stderr=True),
        transient=True,
    )


@contextmanager
def progress(description: str, total: float | None = None, *,
             console: Console | None = None) -> Iterator[Advance]:
    """A line on the terminal for the work inside the block; yields ``advance(n=1, **fields)``.

    ``total`` None shows a pulsing bar (the size of the work is unknown). The
    line disappears when the block ends, leaving the command's own output.
    """
    if not shown(console):
        token = _stack.set((*_stack.get(), _ignore))
        try:
            yield _ignore
        finally:
            _stack.reset(token)
        return
    display = _display.get()
    opened = display is None
    routed: list[tuple[logging.StreamHandler, Any]] = []
    if display is None:
        display = _new_display(console)
        display.start()
        routed = _route_logging()
    display_token = _display.set(display)
    task = display.add_task(description, total=total, step="")
    display.refresh()

    def advance(n: float = 1, **fields: Any) -> None:
        display.update(task, advance=n, **fields)
        if fields:
            display.refresh()

    token = _stack.set((*_stack.get(), advance))
    try:
        yield advance
    finally:
        _stack.reset(token)
        _display.reset(display_token)
        if opened:
            display.stop()
            for handler, stream in routed:
                handler.setStream(stream)
        else:
            display.remove_task(task)


def _route_logging() -> list[tuple[logging.StreamHandler, Any]]:
    """Send log lines written to the terminal through the display, above it, not across it."""
    routed = []
    for handler in logging.getLogger().handlers:
        if type(handler) is logging.StreamHandler and handler.stream in (sys.__stderr__, sys.__stdout__):
            routed.append((handler, handler.setStream(sys.stderr)))
    return routed


def advance_progress(n: float = 0, **fields: Any) -> None:
    """Advance the innermost open :func:`progress` (nothing when none is open or shown)."""
    stack = _stack.get()
    if stack:
        stack[-1](n, **fields)
