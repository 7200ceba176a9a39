"""An earlier issue's files, damaged, never make a traceback in the commands that read them.

Every Sunday the build reads the earlier issues' ``calls.json`` (last week's calls to grade),
the last issue's ``meta.json`` (where its recap starts) and, through ``notes new``,
``newsletter calls``, the archive and ``publish --dry-run``, their snapshots. Each file of an
earlier issue is damaged here in the ways disks and hands damage files (emptied, cut in half,
overwritten, the wrong JSON, a key gone or null), and each command must end with its result or
one line (exit 2), never an exception. Before this test, 13 such runs ended in a traceback (a
``calls.json`` of any kind of damage; a ``meta.json`` holding a list).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsletter.cli import main

EARLIER = "issues/2026-11-15"
COMMANDS = (
    ("build", "--source", "sample", "--date", "2026-11-22"),
    ("calls",),
    ("notes", "new", "--date", "2026-11-22"),
    ("archive",),
    ("publish", "--dry-run", "--date", "2026-11-22"),
)
FILES = ("calls.json", "meta.json", "build.json", "snapshot/meta.json", "snapshot/bars.parquet",
         "snapshot/options.parquet")


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace with two sample issues built (the second is the "earlier issue")."""
    ws = tmp_path_factory.mktemp("history") / "ws"
    assert main(["-q", "init", str(ws)]) == 0
    for day in ("2026-11-08", "2026-11-15"):
        assert main(["-q", "-C", str(ws), "build", "--source", "sample", "--date", day]) == 0
    return ws


def _damages(data: bytes) -> Iterator[tuple[str, bytes]]:
    yield "emptied", b""
    yield "cut in half", data[: len(data) // 2]
    yield "overwritten", b"\x00\xffnot this file at all"
    if data[:1] not in (b"{", b"["):
        return
    value = json.loads(data)
    yield "a list of numbers", b"[1, 2]"
    yield "a mapping", b'{"a": 1}'
    entries = value if isinstance(value, list) else [value]
    if entries and isinstance(entries[0], dict):
        for key in sorted(entries[0])[:4]:
            gone = [dict(e) for e in entries]
            del gone[0][key]
            yield f"{key} gone", json.dumps(gone if isinstance(value, list) else gone[0]).encode()
            null = [dict(e) for e in entries]
            null[0][key] = None
            yield f"{key} null", json.dumps(null if isinstance(value, list) else null[0]).encode()


def _cases() -> list[tuple[str, str]]:
    return [(f, d) for f in FILES for d in ("emptied", "cut in half", "overwritten")] + [
        ("calls.json", "a list of numbers"), ("calls.json", "a mapping"),
        ("meta.json", "a list of numbers"), ("meta.json", "a mapping"),
        ("snapshot/meta.json", "a list of numbers"), ("snapshot/meta.json", "a mapping"),
        ("build.json", "a list of numbers"),
    ]


@pytest.mark.parametrize("file, damage", _cases())
def test_no_command_tracebacks_on_a_damaged_earlier_issue(history: Path, tmp_path: Path, file: str,
                                                          damage: str, capsys) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(history, ws, ignore=shutil.ignore_patterns("2026-11-22"))
    path = ws / EARLIER / file
    bad = dict(_damages(path.read_bytes()))[damage]
    path.write_bytes(bad)
    for command in COMMANDS:
        capsys.readouterr()
        code = main(["-q", "-C", str(ws), *command])  # a traceback would raise out of main
        err = capsys.readouterr().err
        assert code in (0, 1, 2), (command, code, err)
        if code == 2:
            lines = [line for line in err.strip().splitlines() if line.startswith("newsletter: error:")]
            assert len(lines) == 1, (command, err)


@pytest.mark.parametrize("key_damage", ["gone", "null"])
def test_no_command_tracebacks_on_a_call_with_a_key_gone_or_null(history: Path, tmp_path: Path,
                                                                 key_damage: str, capsys) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(history, ws, ignore=shutil.ignore_patterns("2026-11-22"))
    path = ws / EARLIER / "calls.json"
    calls = json.loads(path.read_text())
    if not calls:
        pytest.skip("the earlier sample issue made no call")
    damages = {name: data for name, data in _damages(path.read_bytes()) if name.endswith(key_damage)}
    for name, data in damages.items():
        path.write_bytes(data)
        for command in COMMANDS[:3]:
            capsys.readouterr()
            code = main(["-q", "-C", str(ws), *command])
            err = capsys.readouterr().err
            assert code == 2 and "calls.json" in err, (name, command, err)
