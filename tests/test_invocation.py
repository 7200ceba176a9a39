"""``newsletter`` is not on a new user's PATH: every "Next:" line says how to run it, and it runs."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from newsletter.cli import main
from newsletter.invocation import installed_script

SCRIPT = installed_script()
needs_script = pytest.mark.skipif(SCRIPT is None, reason="the newsletter script is not installed beside Python")
BARE_PATH = "/usr/local/bin:/usr/bin:/bin"
"""A new user's PATH: the system folders, no virtualenv."""


def _next_line(out: str) -> str:
    lines = [ln for ln in out.splitlines() if ln.startswith("Next: ")]
    assert len(lines) == 1, out
    return lines[0].removeprefix("Next: ")


def _shell(command: str, path: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONHOME")}
    env["PATH"] = path
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)


@needs_script
def test_init_next_step_runs_in_a_shell_without_the_virtualenv(tmp_path: Path, monkeypatch, capsys) -> None:
    assert str(SCRIPT.parent) not in BARE_PATH.split(":")
    monkeypatch.setenv("PATH", BARE_PATH)
    assert main(["init", str(tmp_path / "letter")]) == 0
    out = capsys.readouterr().out
    command = _next_line(out)
    assert command.endswith(" preview")
    # the exact line, asked for help instead of serving forever, in a shell like the user's
    done = _shell(command + " --help", BARE_PATH, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Serve the draft" in done.stdout

    hint = re.search(r"run `source (\S+)` once per shell", out)
    assert hint, out
    activated = _shell(f"source {hint.group(1)} && newsletter --help", BARE_PATH, tmp_path)
    assert activated.returncode == 0, activated.stderr
    assert "Write, render and publish" in activated.stdout


@needs_script
def test_init_next_step_is_the_bare_name_when_the_path_finds_it(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("PATH", f"{SCRIPT.parent}:{BARE_PATH}")
    assert main(["init", str(tmp_path / "letter")]) == 0
    out = capsys.readouterr().out
    assert _next_line(out) == f"cd {tmp_path / 'letter'} && newsletter preview"
    assert "not on your PATH" not in out


def test_without_an_installed_script_it_says_python_dash_m(monkeypatch, tmp_path: Path) -> None:
    import newsletter.invocation as invocation

    monkeypatch.setattr(invocation.sys, "executable", str(tmp_path / "python3"))
    assert invocation.newsletter_command() == f"{tmp_path / 'python3'} -m newsletter"
    assert invocation.activate_hint() is None
