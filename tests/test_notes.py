"""Notes: malformed files give one line with file:line:key; author HTML never reaches an output."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from newsletter.cli import main
from newsletter.errors import NewsletterError
from newsletter.notes import load_notes

ISSUE = dt.date(2026, 11, 22)
FILE = "notes/2026-11-22.yaml"

CALL = "calls:\n  - ticker: TSLA\n    direction: short\n    trigger: 275\n    target: 245\n    stop: 290\n    horizon: 2026-12-18\n"

BAD_NOTES = [
    ("headline: [oops\n", ":2: invalid YAML"),
    ("headline: x\n\thook: y\n", ":2: invalid YAML"),
    ("- a\n- b\n", ":1: expected a mapping"),
    ("headlin: Typo\n", ":1: headlin: unknown key (valid keys: headline, hook"),
    (CALL + "  - ticker: AAPL\n    direction: short\n    trigger: 200\n    target: two-forty\n    stop: 210\n    horizon: 2026-12-18\n",
     ":11: calls[1].target: expected a number, got 'two-forty'"),
    (CALL.replace("short", "sideways"), ":3: calls[0].direction: input should be 'long' or 'short', got 'sideways'"),
    (CALL.replace("2026-12-18", "next week"), ":7: calls[0].horizon: expected a date like 2026-11-22, got 'next week'"),
    (CALL.replace("2026-12-18", "2026-11-20"), ":7: calls[0].horizon: horizon must be after the issue date 2026-11-22"),
    (CALL.replace("target: 245", "target: 300"), ":2: calls[0]: a short call needs target < trigger < stop"),
    (CALL.replace("direction: short", "direction: long"), ":2: calls[0]: a long call needs stop < trigger < target"),
    (CALL.replace("ticker: TSLA", "ticker: 'TS LA'"), ":2: calls[0].ticker: not a valid ticker symbol: 'TS LA'"),
    (CALL.replace("    stop: 290\n", ""), ":2: calls[0].stop: required key is missing"),
    (CALL + "    confidence: high\n", ":8: calls[0].confidence: unknown key"),
    ("calls:\n  ticker: TSLA\n", ":1: calls: expected a list"),
    ("calls: [TSLA]\n", ":1: calls[0]: expected a mapping of keys to values, got 'TSLA'"),
    ("recap:\n  - mark: 👍\n    text: Jobs\n", ":2: recap[0].mark: input should be"),
    ("recap:\n  - mark: ✅\n    text: ''\n", ":3: recap[0].text: string should have at least 1 character"),
    ("recap: Jobs were strong\n", ":1: recap: expected a list"),
    ("recap:\n  - Jobs were strong\n", ":2: recap[0]: expected a mapping of keys to values"),
    ("recap:\n  - text: Jobs\n    detial: typo\n", ":3: recap[0].detial: unknown key"),
    ("commentary:\n  crypto: moon\n", ":2: commentary.crypto: input should be 'headline'"),
    ("commentary:\n  breakdown: [a, b]\n", ":2: commentary.breakdown: expected text"),
    ("items:\n  macro:\n    - text: HOOD fade\n      ticker: hood!\n", ":4: items.macro[0].ticker: not a valid ticker symbol"),
    ("items:\n  macro: just text\n", ":2: items.macro: expected a list"),
    ("items:\n  nowhere:\n    - text: x\n", ":2: items.nowhere: input should be 'headline'"),
    ("watch: [NVDA, 'BAD TICKER']\n", ":1: watch[1]: not a valid ticker symbol: 'BAD TICKER'"),
    ("hide: [everything]\n", ":1: hide: cannot hide 'everything'"),
    ("hide:\n  sentiment: true\n", ":1: hide: expected a list"),
    ("go_deeper: 'javascript:alert(1)'\n", ":1: go_deeper: expected an http(s) URL"),
    ("go_deeper: ftp://example.com/video\n", ":1: go_deeper: expected an http(s) URL"),
    ("headline: A\nheadline: B\n", ":2: headline: duplicate key"),
    ("headline: 42\n", ":1: headline: expected text, got 42"),
    ("hook:\n  text: nested\n", ":1: hook: expected text"),
]


def _write(tmp_path: Path, text: str | bytes) -> Path:
    notes = tmp_path / "notes"
    notes.mkdir(exist_ok=True)
    path = notes / f"{ISSUE.isoformat()}.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return notes


@pytest.mark.parametrize(("text", "expected"), BAD_NOTES, ids=[f"{i:02d}" for i in range(len(BAD_NOTES))])
def test_malformed_notes_name_file_line_key(tmp_path: Path, text: str, expected: str) -> None:
    notes = _write(tmp_path, text)
    with pytest.raises(NewsletterError) as info:
        load_notes(notes, ISSUE, display_root=tmp_path)
    message = info.value.one_line()
    assert "\n" not in message
    assert message.startswith(FILE), message
    assert expected in message, message


def test_not_utf8(tmp_path: Path) -> None:
    notes = _write(tmp_path, b"headline: caf\xe9\n")
    with pytest.raises(NewsletterError, match="not UTF-8"):
        load_notes(notes, ISSUE, display_root=tmp_path)


def test_missing_and_empty_notes_are_fine(tmp_path: Path) -> None:
    assert load_notes(tmp_path / "notes", ISSUE).headline == ""
    notes = _write(tmp_path, "# nothing yet\n")
    assert load_notes(notes, ISSUE).calls == []


def test_valid_notes_round_trip(tmp_path: Path) -> None:
    notes = _write(tmp_path, CALL + "headline: Small caps wake up\nrecap:\n  - mark: hit\n    text: Payrolls strong\n")
    loaded = load_notes(notes, ISSUE)
    assert loaded.calls[0].target == 245.0 and loaded.calls[0].horizon == dt.date(2026, 12, 18)
    assert loaded.recap[0].emoji == "✅"


HOSTILE = """\
headline: "Tesla <script>alert('x')</script> cracks"
hook: "<img src=x onerror=alert(1)> Read on"
commentary:
  breakdown: "[click me](javascript:alert(document.cookie)) and <a href='javascript:evil()'>this</a>"
  rotation: "<iframe src='https://evil.example'></iframe>**bold** <b onclick='x()'>b</b>"
recap:
  - mark: ✅
    text: "<script src=https://evil.example/x.js></script>Payrolls"
    detail: "[data](data:text/html;base64,PHNjcmlwdD4=) JAVASCRIPT:alert(1)"
items:
  macro:
    - text: "<svg onload=alert(1)>HOOD fade"
"""


def test_hostile_notes_never_reach_any_output(tmp_path: Path, capsys) -> None:
    _write(tmp_path, HOSTILE)
    out = tmp_path / "issues"
    code = main(["-C", str(tmp_path), "build", "--source", "sample", "--date", ISSUE.isoformat(),
                 "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    folder = out / ISSUE.isoformat()
    texts = [p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.suffix in {".md", ".html", ".txt", ".json"}]
    assert texts
    for text in texts:
        low = text.lower()
        for bad in ("<script", "javascript:", "onerror", "onload", "onclick", "<iframe", "<svg", "data:text"):
            assert bad not in low, (bad, text[:200])
    issue = (folder / "issue.md").read_text(encoding="utf-8")
    assert "Tesla" in issue and "cracks" in issue and "Payrolls" in issue and "**bold**" in issue
