"""A progress line on the terminal while fetching, building and publishing; none in pipes or with -q."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

from rich.console import Console

from newsletter.cli import main
from newsletter.progress import advance_progress, progress, set_quiet

BUILD = ["build", "--source", "sample", "--date", "2026-11-22"]


def _on_a_terminal(args: list[str], cwd: Path) -> str:
    """Run ``newsletter ARGS`` with stdout and stderr on a pseudo-terminal; everything it drew."""
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items()
           if k not in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "CI")}
    env.update(TERM="xterm-256color", COLUMNS="120", LINES="40")
    proc = subprocess.Popen([sys.executable, "-m", "newsletter", *args], cwd=cwd, env=env,
                            stdin=subprocess.DEVNULL, stdout=slave, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    assert proc.wait(timeout=300) == 0, b"".join(chunks).decode(errors="replace")
    return b"".join(chunks).decode("utf-8", errors="replace")


def test_a_build_on_a_terminal_shows_its_progress_then_only_the_summary(tmp_path: Path) -> None:
    drawn = _on_a_terminal(["-C", str(tmp_path), *BUILD], tmp_path)
    assert "Building the issue" in drawn
    assert "fetching" in drawn and "charts done" in drawn, "the line says which stage it is in"
    assert "Built the 2026-11-22 issue [SAMPLE DATA]" in drawn


def test_quiet_on_a_terminal_draws_no_progress(tmp_path: Path) -> None:
    drawn = _on_a_terminal(["-q", "-C", str(tmp_path), *BUILD], tmp_path)
    assert "Building the issue" not in drawn and "\x1b[?25l" not in drawn


def test_no_progress_when_not_a_terminal(tmp_path: Path, capsys) -> None:
    assert main(["-C", str(tmp_path), *BUILD]) == 0
    out, err = capsys.readouterr()
    assert "Built the 2026-11-22 issue" in out
    assert "Building the issue" not in out + err and "\x1b[" not in out + err


def test_the_reusable_context_manager_nests_and_advances_the_innermost() -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=120)
    set_quiet(False)
    with progress("Replaying weeks", total=3, console=console) as advance:
        advance(1, step="2022-11-20")
        with progress("Fetching", console=console):
            advance_progress(0, step="SPY bars")
        advance_progress(2, step="2022-12-04")
    drawn = screen.getvalue()
    for text in ("Replaying weeks", "2022-11-20", "Fetching", "SPY bars", "2022-12-04", "100%"):
        assert text in drawn, text


def test_quiet_and_no_open_progress_are_no_ops() -> None:
    advance_progress(1, step="nothing open")  # no display: nothing happens, nothing fails
    screen = io.StringIO()
    set_quiet(True)
    try:
        with progress("Hidden", total=2, console=Console(file=screen, force_terminal=True)) as advance:
            advance(2, step="x")
    finally:
        set_quiet(False)
    assert screen.getvalue() == ""


def test_quiet_build_prints_nothing_but_errors(tmp_path: Path, capsys) -> None:
    assert main(["-q", "-C", str(tmp_path), *BUILD]) == 0
    assert capsys.readouterr() == ("", "")
    assert (tmp_path / "issues" / "2026-11-22" / "issue.md").is_file()
    assert main(["-q", "-C", str(tmp_path), "build", "--source", "csv:/nonexistent"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("newsletter: error: --source: no such folder")
