"""Bad config and bad command-line input: one line naming file, line and key; exit code 2."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from newsletter.cli import main

BAD_CONFIGS = [
    ("title: [unclosed\n", "newsletter.yaml:2: invalid YAML"),
    ("titel: Weekly\n", "newsletter.yaml:1: titel: unknown key (valid keys:"),
    ("data:\n  seed: seven\n", "newsletter.yaml:2: data.seed: expected a whole number, got 'seven'"),
    ("data:\n  source: bloomberg\n", "newsletter.yaml:2: data.source: expected sample, yahoo or csv:DIR"),
    ("watchlists:\n  breakdown: [TSLA, 'tes la']\n", "newsletter.yaml:2: watchlists.breakdown[1]: not a valid ticker symbol: 'tes la'"),
    ("watchlists:\n  indices: SPY\n", "newsletter.yaml:2: watchlists.indices: expected a list"),
    ("timezone: Mars/Olympus\n", "newsletter.yaml:1: timezone: unknown time zone 'Mars/Olympus'"),
    ("base_url: example.com\n", "newsletter.yaml:1: base_url: expected an http(s) URL"),
    ("sections:\n  breakdown: maybe\n", "newsletter.yaml:2: sections.breakdown: expected true or false, got 'maybe'"),
    ("sections:\n  crypto: true\n", "newsletter.yaml:2: sections.crypto: unknown key (valid keys: headline"),
    ("email:\n  smtp:\n    port: 99999\n", "newsletter.yaml:3: email.smtp.port: input should be less than or equal to 65535, got 99999"),
    ("email:\n  smtp:\n    security: tls\n", "newsletter.yaml:3: email.smtp.security: input should be 'starttls', 'ssl' or 'none', got 'tls'"),
    ("themes:\n  - name: AI\n    lead: [NVDA]\n", "newsletter.yaml:2: themes[0].lag: required key is missing"),
    ("rotation:\n  - lead: IWM\n    lag: SPY\n    lgo: QQQ\n", "newsletter.yaml:4: rotation[0].lgo: unknown key"),
    ("title: A\ntitle: B\n", "newsletter.yaml:2: title: duplicate key"),
    ("- just\n- a list\n", "newsletter.yaml:1: expected a mapping"),
    ("data:\n  extra_closures: [2025-13-01]\n", "newsletter.yaml:2: data.extra_closures[0]: expected a date like 2026-11-22"),
    ("email:\n  css_clients: [gmail.ios, outlok.windows]\n", "newsletter.yaml:2: email.css_clients: unknown client 'outlok.windows'; expected caniemail's family.platform"),
    ("email:\n  css_unsupported: warn\n", "newsletter.yaml:2: email.css_unsupported: input should be 'note' or 'hold', got 'warn'"),
]


@pytest.mark.parametrize(("text", "expected"), BAD_CONFIGS, ids=[e.split(":")[2].strip() or e for _, e in BAD_CONFIGS])
def test_bad_config_is_one_line_with_file_line_key(tmp_path: Path, capsys, text: str, expected: str) -> None:
    (tmp_path / "newsletter.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    code = main(["-C", str(tmp_path), "build", "--source", "sample"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    assert expected in err, err


BAD_ARGS = [
    (["build", "--asof", "2022-13-01"], "expected a date like 2026-11-22, got '2022-13-01'"),
    (["build", "--date", "yesterday"], "--date"),
    (["build", "--source", "bloomberg"], "--source: unknown source 'bloomberg'"),
    (["build", "--source", "csv:/nonexistent/folder"], "--source: no such folder for the csv source"),
    (["build", "--frobnicate"], "No such option '--frobnicate'"),
    (["biuld"], "No such command 'biuld'"),
    (["build", "--from-snapshot", "/nonexistent"], "--from-snapshot"),
    (["build", "--asof", "2022-11-18", "--date", "2022-11-13"], "--asof: the as-of session 2022-11-18 must be before the issue date 2022-11-13"),
]


@pytest.mark.parametrize(("argv", "expected"), BAD_ARGS, ids=[" ".join(a) for a, _ in BAD_ARGS])
def test_bad_cli_input_is_one_line(tmp_path: Path, capsys, argv: list[str], expected: str) -> None:
    code = main(["-C", str(tmp_path), *argv])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1, err
    assert expected in err, err


def test_from_snapshot_that_is_not_one(tmp_path: Path, capsys) -> None:
    empty = tmp_path / "2022-11-20"
    empty.mkdir()
    code = main(["-C", str(tmp_path), "build", "--from-snapshot", str(empty)])
    err = capsys.readouterr().err
    assert code == 2 and "no snapshot here (meta.json missing)" in err
