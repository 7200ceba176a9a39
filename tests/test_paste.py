"""``newsletter paste``: issue.md with absolute chart addresses, so images survive a paste."""

from __future__ import annotations

import re
from pathlib import Path

from newsletter.cli import main
from newsletter.paste import absolute_links

BASE = "https://letter.example.org/weekly/"


def test_pasted_markdown_points_every_chart_at_the_published_issue(tmp_path: Path, capsys) -> None:
    (tmp_path / "newsletter.yaml").write_text(f"base_url: {BASE}\n", encoding="utf-8")
    assert main(["-q", "-C", str(tmp_path), "build", "--source", "sample", "--date", "2026-11-22"]) == 0
    assert main(["-C", str(tmp_path), "paste"]) == 0
    pasted = capsys.readouterr().out
    folder = tmp_path / "issues" / "2026-11-22"
    original = (folder / "issue.md").read_text(encoding="utf-8")
    assert re.findall(r"\]\(charts/", original), "the built issue.md links its charts relatively"
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", pasted)
    assert len(images) == len(re.findall(r"!\[", original)) >= 3
    for url in images:
        assert url.startswith(f"{BASE}2026-11-22/charts/"), url
        assert (folder / "charts" / url.rsplit("/", 1)[1]).is_file(), url
    assert re.sub(r"\]\([^)]+\)", "]()", pasted) == re.sub(r"\]\([^)]+\)", "]()", original)


def test_only_relative_targets_change() -> None:
    text = ('![a](charts/a.png) [web](https://x.org/p) [m](mailto:a@b.c) [top](#recap) '
            '[root](/x) ![t](charts/b.png "title")')
    assert absolute_links(text, "https://l.org/2026-11-22/") == (
        '![a](https://l.org/2026-11-22/charts/a.png) [web](https://x.org/p) [m](mailto:a@b.c) '
        '[top](#recap) [root](/x) ![t](https://l.org/2026-11-22/charts/b.png "title")')


def test_no_built_issue_is_one_line(tmp_path: Path, capsys) -> None:
    assert main(["-C", str(tmp_path), "paste", "--date", "2026-11-22"]) == 2
    assert "no built issue for this date" in capsys.readouterr().err
