"""Hostile notes and YAML: bounded, one line naming file and line, never a traceback or a hang."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsletter.errors import NewsletterError
from newsletter.notes import load_notes, sanitise_markdown
from newsletter.render import markdown_to_html

ISSUE = dt.date(2026, 11, 22)
FILE = "notes/2026-11-22.yaml"

BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
) + "headline: *i\n"


def _load(tmp_path: Path, text: str | bytes):
    notes = tmp_path / "notes"
    notes.mkdir(exist_ok=True)
    path = notes / "2026-11-22.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return load_notes(notes, ISSUE, display_root=tmp_path)


HOSTILE = [
    ("billion laughs", BILLION_LAUGHS, ":2: YAML aliases"),
    ("recursive alias", "headline: &a [*a]\n", ":1: YAML aliases"),
    ("merge key alias", "base: &b {headline: x}\nother:\n  <<: *b\n", ":3: YAML aliases"),
    ("depth 1000 flow", "headline: " + "[" * 1000 + "]" * 1000 + "\n", ":1: nested deeper than"),
    ("depth 500 block", "".join("  " * i + f"k{i}:\n" for i in range(500)) + "  " * 500 + "v\n",
     ":33: nested deeper than"),
    ("NUL byte", "headline: ok\nhook: a\x00b\n", ":2: control character U+0000"),
    ("BEL byte", "headline: a\x07b\n", ":1: control character U+0007"),
    ("UTF-16", "headline: hello\n".encode("utf-16"), "not UTF-8 text"),
    ("UTF-16 no BOM", "headline: hello\n".encode("utf-16-le"), ":1: control character U+0000"),
    ("too big", "headline: x\n" + "# padding\n" * 60_000, ":1: file is over the 256 KB limit"),
]


@pytest.mark.timeout(10)
@pytest.mark.parametrize(("text", "expected"), [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_hostile_yaml_is_one_line_error(tmp_path: Path, text: str | bytes, expected: str) -> None:
    with pytest.raises(NewsletterError) as info:
        _load(tmp_path, text)
    line = info.value.one_line()
    assert line.startswith(FILE), line
    assert expected in line, line
    assert "\n" not in line and len(line) < 400


@pytest.mark.timeout(10)
def test_level_must_be_finite_positive_number(tmp_path: Path) -> None:
    call = ("calls:\n  - ticker: TSLA\n    direction: long\n    trigger: {t}\n    target: {g}\n"
            "    stop: {s}\n    horizon: 2026-12-18\n")
    for trigger, target, stop, key in [("100", ".inf", "90", "calls[0].target"),
                                       ("100", "200", "-5", "calls[0].stop"),
                                       ("0.5", "2", "0", "calls[0].stop"),
                                       ("true", "200", "0.5", "calls[0].trigger"),
                                       ("100", ".nan", "90", "calls[0].target")]:
        with pytest.raises(NewsletterError) as info:
            _load(tmp_path, call.format(t=trigger, g=target, s=stop))
        assert info.value.key == key, info.value.one_line()
        assert info.value.line is not None


def test_go_deeper_url_with_markup_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NewsletterError) as info:
        _load(tmp_path, "go_deeper: 'https://x)<script>alert(1)</script>'\n")
    assert info.value.one_line().startswith(FILE + ":1: go_deeper: ")


def test_watch_list_is_capped(tmp_path: Path) -> None:
    names = ", ".join(f"A{i}" for i in range(1000))
    with pytest.raises(NewsletterError) as info:
        _load(tmp_path, f"watch: [{names}]\n")
    assert ":1: watch: list should have at most 20 items" in info.value.one_line()


def test_huge_value_does_not_make_a_huge_error_line(tmp_path: Path) -> None:
    with pytest.raises(NewsletterError) as info:
        _load(tmp_path, "watch: ['" + "A b" * 300_000 + "']\n")
    assert len(info.value.one_line()) < 400


def test_key_with_crlf_cannot_forge_a_second_error_line(tmp_path: Path) -> None:
    with pytest.raises(NewsletterError) as info:
        _load(tmp_path, '"x\\r\\nnewsletter: error: forged": 1\n')
    line = info.value.one_line()
    assert "\n" not in line and "\r" not in line


@pytest.mark.timeout(10)
def test_commentary_of_brackets_is_capped_or_fast(tmp_path: Path) -> None:
    text = "[" * 10_000
    try:
        notes = _load(tmp_path, f"commentary:\n  recap: '{text}'\n")
    except NewsletterError as exc:
        assert "commentary.recap" in exc.one_line()
    else:
        markdown_to_html(notes.commentary["recap"])


@pytest.mark.timeout(10)
def test_markdown_to_html_of_brackets_is_bounded() -> None:
    markdown_to_html("[" * 10_000)


@pytest.mark.timeout(10)
def test_sanitiser_is_linear_on_link_openers() -> None:
    for unit in ("](", "](<", "]( ", "](a(", "](x "):
        sanitise_markdown(unit * (64_000 // len(unit)))


def test_sanitiser_still_breaks_script_links() -> None:
    assert "javascript:" not in sanitise_markdown("[x](javascript:alert(1))")
    assert sanitise_markdown("[x](https://example.com/a_(b))") == "[x](https://example.com/a_(b))"
    assert "](#)" in sanitise_markdown("[x](vbscript:msgbox)")
    assert "javascript&#58;" not in sanitise_markdown("[x]: javascript&#58;alert(1)")


@pytest.mark.timeout(10)
def test_a_notes_file_that_never_ends_is_refused(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "2026-11-22.yaml").symlink_to("/dev/zero")
    with pytest.raises(NewsletterError) as info:
        load_notes(notes, ISSUE, display_root=tmp_path)
    assert info.value.one_line().startswith(FILE + ":1: expected a file")
