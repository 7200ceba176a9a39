"""A warm build (compiled templates, stored snapshot, drawn charts) writes exactly what a cold one does.

And none of those caches serves stale output: an edited template or other data
change the issue; a damaged cache entry is ignored and rewritten.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsletter.cli import main
from newsletter.template_sandbox import PACKAGED
from newsletter.user_cache import user_cache_dir

DATE = "2026-11-22"


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(root: Path, capsys) -> dict[str, bytes]:
    code = main(["-q", "-C", str(root), "build", "--source", "sample", "--date", DATE])
    assert code == 0, capsys.readouterr().err
    return tree(root / "issues" / DATE)


@pytest.fixture(scope="module")
def cold(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    root = tmp_path_factory.mktemp("cold")
    code = main(["-q", "-C", str(root), "build", "--source", "sample", "--date", DATE])
    assert code == 0
    return root, tree(root / "issues" / DATE)


def test_a_warm_build_is_byte_identical_and_uses_every_cache(cold, tmp_path: Path, capsys):
    root, first = cold
    cache = root / ".cache"
    # compiled templates: the workspace's, or the packaged ones' in the per-user folder
    assert (list((cache / "templates").glob("*.jinja"))
            or list((user_cache_dir() / "templates").glob("*.jinja")))
    assert list((cache / "snapshots").rglob("*.parquet"))
    warm = tmp_path / "warm"
    shutil.copytree(root, warm)
    shutil.rmtree(warm / "issues")
    assert build(warm, capsys) == first


def test_damaged_cache_entries_are_ignored_and_rewritten(cold, tmp_path: Path, capsys):
    root, first = cold
    ws = tmp_path / "ws"
    shutil.copytree(root, ws)
    shutil.rmtree(ws / "issues")
    for entry in [*(ws / ".cache" / "templates").glob("*.jinja"),
                  *(ws / ".cache" / "snapshots").rglob("*"), *(ws / ".cache" / "charts").rglob("*")]:
        if entry.is_file():
            entry.write_bytes(entry.read_bytes()[:7])
    assert build(ws, capsys) == first
    assert build(ws, capsys) == first  # and the rewritten entries serve the same


def test_an_edited_template_or_other_data_change_the_issue(cold, tmp_path: Path, capsys):
    """(A changed chart style redraws: tests/charts/test_cache.py.)"""
    root, first = cold
    ws = tmp_path / "ws"
    shutil.copytree(root, ws)
    shutil.rmtree(ws / "issues")
    (ws / "templates").mkdir(exist_ok=True)
    issue = (PACKAGED / "issue.md.j2").read_text(encoding="utf-8")
    (ws / "templates" / "issue.md.j2").write_text(issue + "Edited footer.\n", encoding="utf-8")
    config = ws / "newsletter.yaml"
    text = config.read_text(encoding="utf-8") if config.is_file() else ""
    config.write_text(text + ("\n" if text else "") + "data:\n  seed: 8\n", encoding="utf-8")
    second = build(ws, capsys)
    assert second["issue.md"] != first["issue.md"] and b"Edited footer." in second["issue.md"]
    assert second["snapshot/bars.parquet"] != first["snapshot/bars.parquet"]
    pngs = [name for name in first if name.endswith(".png") and name in second]
    assert pngs and all(second[name] != first[name] for name in pngs)


def test_a_new_workspace_compiles_no_packaged_template_another_one_compiled(tmp_path: Path, capsys,
                                                                            monkeypatch):
    import jinja2

    from newsletter import render

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    render._environment.cache_clear()
    compiled: list[str] = []
    original = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(filename or name)
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    first = build(tmp_path / "one", capsys)
    assert any(str(PACKAGED) in c for c in compiled)
    compiled.clear()
    render._environment.cache_clear()
    assert build(tmp_path / "two", capsys) == first
    assert [c for c in compiled if str(PACKAGED) in c] == []
    assert list((tmp_path / "user-cache" / "newsletter" / "templates").glob("*.jinja"))
    render._environment.cache_clear()
