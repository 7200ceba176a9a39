"""Hostile newsletter.yaml values: refused with one line naming file, line and key; exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsletter.cli import main
from newsletter.config import load_config
from newsletter.errors import NewsletterError
from newsletter.validators import check_address

REFUSED = [
    ("base_url script", "base_url: 'https://x\"><script>alert(1)</script>'\n", ":1: base_url: "),
    ("unsubscribe_url script", "email:\n  unsubscribe_url: 'https://x\"><script>alert(1)</script>'\n",
     ":2: email.unsubscribe_url: "),
    ("unsubscribe_url javascript", "email:\n  unsubscribe_url: 'javascript:alert(1)'\n",
     ":2: email.unsubscribe_url: expected a URL starting"),
    ("go_deeper_url paren", "go_deeper_url: 'https://x)<script>alert(1)</script>'\n", ":1: go_deeper_url: "),
    ("title html", "title: 'Edge <script>alert(1)</script>'\n", ":1: title: write plain text here"),
    ("disclaimer html", "disclaimer: '<img src=x onerror=alert(1)>'\n", ":1: disclaimer: write plain text here"),
    ("tagline link", "tagline: '[click](javascript:alert(1))'\n", ":1: tagline: a javascript:"),
    ("theme name html", "themes:\n  - name: '<b onmouseover=alert(1)>x</b>'\n    lead: [NVDA]\n    lag: [TXN]\n",
     ":2: themes[0].name: write plain text here"),
    ("reply_to header injection", "email:\n  reply_to: \"x@example.com\\nBcc: all@example.com\"\n",
     ":2: email.reply_to: "),
    ("from two addresses", "email:\n  from: 'a@example.com, b@example.com'\n", ":2: email.from: not one email address"),
    ("from not an address", "email:\n  from: 'The Letter'\n", ":2: email.from: not one email address"),
    ("author_address CRLF", "email:\n  author_address: \"me@example.com\\r\\nX: y\"\n", ":2: email.author_address: "),
    ("unsubscribe_mailto header", "email:\n  unsubscribe_mailto: \"u@example.com>\\nBcc: x@y.z\"\n",
     ":2: email.unsubscribe_mailto: "),
    ("output parent", "output: ..\n", ":1: output: the output folder must be a folder inside the workspace"),
    ("output absolute", "output: /tmp/elsewhere\n", ":1: output: the output folder must be a folder inside"),
    ("output dev null", "output: /dev/null\n", ":1: output: "),
    ("output config file", "output: newsletter.yaml\n", ":1: output: the output folder 'newsletter.yaml' is a file"),
    ("output workspace itself", "output: .\n", ":1: output: the output folder must be a folder inside"),
    ("cache_dir a file", "data:\n  cache_dir: newsletter.yaml\n", ":2: data.cache_dir: the cache folder"),
    ("cache_dir outside", "data:\n  cache_dir: ../cache\n", ":2: data.cache_dir: the cache folder must be"),
    ("watchlist of 1000", "watchlists:\n  breakdown: [" + ", ".join(f"A{i}" for i in range(1000)) + "]\n",
     ":2: watchlists.breakdown: at most 50 tickers"),
    ("alias bomb", "a: &a [1, 1]\ntitle: *a\n", ":2: YAML aliases"),
]


@pytest.mark.timeout(20)
@pytest.mark.parametrize(("text", "expected"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_hostile_config_is_refused_in_one_line(tmp_path: Path, capsys, text: str, expected: str) -> None:
    (tmp_path / "newsletter.yaml").write_text(text, encoding="utf-8")
    code = main(["-C", str(tmp_path), "build", "--source", "sample", "--date", "2026-11-22"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert "newsletter.yaml" + expected in err, err
    assert not (tmp_path / "issues").exists()


def test_unknown_key_with_crlf_forges_no_second_error_line(tmp_path: Path, capsys) -> None:
    (tmp_path / "newsletter.yaml").write_text('"x\\r\\nnewsletter: error: all good": 1\n', encoding="utf-8")
    code = main(["-C", str(tmp_path), "build", "--source", "sample"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "\r" not in err, repr(err)


def test_a_megabyte_ticker_gives_a_short_error_line(tmp_path: Path) -> None:
    (tmp_path / "newsletter.yaml").write_text("watchlists:\n  story: ['" + "A" * 200_000 + "']\n",
                                              encoding="utf-8")
    with pytest.raises(NewsletterError) as info:
        load_config(tmp_path)
    assert len(info.value.one_line()) < 400
    assert info.value.key == "watchlists.story[0]"


def test_plain_values_still_pass(tmp_path: Path) -> None:
    (tmp_path / "newsletter.yaml").write_text(
        "title: 'S&P <500> Weekly'\nbase_url: https://example.com/letter\noutput: built/issues\n"
        "go_deeper_url: 'https://www.youtube.com/watch?v=abc_123&t=4s'\n"
        "email:\n  from: '\"The Edge, Weekly\" <letter@example.com>'\n  reply_to: me@example.com\n"
        "  unsubscribe_mailto: 'mailto:u@example.com?subject=stop'\n", encoding="utf-8")
    config = load_config(tmp_path)
    assert config.base_url == "https://example.com/letter/"
    assert config.output == "built/issues"


@pytest.mark.parametrize("value", ["a@b.com\r\nBcc: c@d.com", "a@b.com\nBcc: c@d.com", "", "a@", "@b.com",
                                   "<a@b.com", "a@b.com, c@d.com", "a@-b.com", "a b@c.com"])
def test_check_address_refuses(value: str) -> None:
    with pytest.raises(ValueError):
        check_address(value)


def test_check_address_accepts_names_and_bare_addresses() -> None:
    assert check_address("The Weekly Edge <letter@example.com>") == "The Weekly Edge <letter@example.com>"
    assert check_address("letter@example.com", allow_name=False) == "letter@example.com"
    with pytest.raises(ValueError):
        check_address("Edge <letter@example.com>", allow_name=False)
