"""Compiled templates reused between runs: never stale, never across environments, never a crash."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from newsletter.template_cache import TemplateCodeCache, environment_fingerprint
from newsletter.template_sandbox import TemplateBudgetError, render_bounded, sandboxed_environment


def _env(folder: Path, cache: Path) -> jinja2.Environment:
    env = sandboxed_environment([str(folder)])
    env.bytecode_cache = TemplateCodeCache(cache)
    return env


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    templates, cache = tmp_path / "templates", tmp_path / "cache"
    templates.mkdir()
    (templates / "t.j2").write_text("{% for i in range(3) %}{{ i * 2 }}{% endfor %}|{{ who }}\n",
                                    encoding="utf-8")
    return templates, cache


def _compiles(monkeypatch) -> list[str]:
    seen: list[str] = []
    original = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        seen.append(name)
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return seen


def test_a_second_environment_loads_the_compiled_template_instead_of_compiling(folders, monkeypatch):
    templates, cache = folders
    seen = _compiles(monkeypatch)
    assert render_bounded(_env(templates, cache), "t.j2", who="a") == "024|a\n"
    assert seen == ["t.j2"] and len(list(cache.glob("*.jinja"))) == 1
    assert render_bounded(_env(templates, cache), "t.j2", who="b") == "024|b\n"
    assert seen == ["t.j2"]  # not compiled again


def test_an_edited_template_is_compiled_again(folders, monkeypatch):
    templates, cache = folders
    render_bounded(_env(templates, cache), "t.j2", who="a")
    (templates / "t.j2").write_text("edited {{ who }}\n", encoding="utf-8")
    seen = _compiles(monkeypatch)
    assert render_bounded(_env(templates, cache), "t.j2", who="a") == "edited a\n"
    assert seen == ["t.j2"]


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty"])
def test_a_corrupt_entry_is_ignored_and_rewritten(folders, monkeypatch, damage):
    templates, cache = folders
    render_bounded(_env(templates, cache), "t.j2", who="a")
    entry = next(cache.glob("*.jinja"))
    data = entry.read_bytes()
    entry.write_bytes({"truncate": data[: len(data) // 2],
                       "flip": data[:-5] + bytes([data[-5] ^ 0x01]) + data[-4:],
                       "garbage": b"\x00\xff" * 300, "empty": b""}[damage])
    seen = _compiles(monkeypatch)
    assert render_bounded(_env(templates, cache), "t.j2", who="a") == "024|a\n"
    assert seen == ["t.j2"]
    assert entry.read_bytes() == data  # rewritten sound


def test_code_compiled_outside_the_sandbox_never_runs_inside_it(folders):
    templates, cache = folders
    (templates / "big.j2").write_text("{{ ('x' * 2000000) | length }}", encoding="utf-8")
    plain = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)),
                               bytecode_cache=TemplateCodeCache(cache))
    assert plain.get_template("big.j2").render() == "2000000"
    with pytest.raises(Exception) as caught:
        render_bounded(_env(templates, cache), "big.j2")
    assert "repeated value" in str(caught.value) or isinstance(caught.value, TemplateBudgetError)


def test_the_key_changes_with_what_is_baked_into_compiled_code(folders):
    templates, cache = folders
    base = environment_fingerprint(_env(templates, cache))
    assert environment_fingerprint(_env(templates, cache)) == base
    with_filter = _env(templates, cache)
    with_filter.filters["shout"] = str.upper
    assert environment_fingerprint(with_filter) != base
    with_context = _env(templates, cache)
    with_context.filters["shout"] = jinja2.pass_context(lambda ctx, v: v)
    assert environment_fingerprint(with_context) != environment_fingerprint(with_filter)
    trimmed = _env(templates, cache)
    trimmed.trim_blocks = False
    assert environment_fingerprint(trimmed) != base


def test_an_unwritable_cache_only_costs_the_compile(folders):
    templates, cache = folders
    cache.write_text("a file where the folder should be", encoding="utf-8")
    assert render_bounded(_env(templates, cache), "t.j2", who="a") == "024|a\n"


# ---- the shared folder: packaged templates compiled once per machine, not once per workspace


def _two_level(folders: list[Path], workspace_cache: Path, shared: Path,
               packaged: Path) -> jinja2.Environment:
    env = sandboxed_environment([str(f) for f in folders])
    env.bytecode_cache = TemplateCodeCache(workspace_cache, shared, packaged)
    return env


def test_a_new_workspace_loads_a_packaged_template_another_workspace_compiled(folders, tmp_path,
                                                                               monkeypatch):
    packaged, _ = folders
    shared = tmp_path / "user-cache"
    seen = _compiles(monkeypatch)
    first = _two_level([packaged], tmp_path / "ws1", shared, packaged)
    assert render_bounded(first, "t.j2", who="a") == "024|a\n"
    assert seen == ["t.j2"] and len(list(shared.glob("*.jinja"))) == 1
    second = _two_level([packaged], tmp_path / "ws2", shared, packaged)
    assert render_bounded(second, "t.j2", who="b") == "024|b\n"
    assert seen == ["t.j2"]  # the second workspace compiled nothing


def test_a_workspace_override_is_never_served_the_packaged_entry_nor_shared(folders, tmp_path,
                                                                            monkeypatch):
    packaged, _ = folders
    shared = tmp_path / "user-cache"
    render_bounded(_two_level([packaged], tmp_path / "ws1", shared, packaged), "t.j2", who="a")
    own = tmp_path / "ws2-templates"
    own.mkdir()
    (own / "t.j2").write_text("mine {{ who }}\n", encoding="utf-8")
    seen = _compiles(monkeypatch)
    env = _two_level([own, packaged], tmp_path / "ws2", shared, packaged)
    assert render_bounded(env, "t.j2", who="b") == "mine b\n"
    assert seen == ["t.j2"]
    assert len(list(shared.glob("*.jinja"))) == 1  # only the packaged template's entry
    assert len(list((tmp_path / "ws2").glob("*.jinja"))) == 1


def test_an_edited_packaged_template_misses_the_shared_entry(folders, tmp_path, monkeypatch):
    packaged, _ = folders
    shared = tmp_path / "user-cache"
    render_bounded(_two_level([packaged], tmp_path / "ws1", shared, packaged), "t.j2", who="a")
    (packaged / "t.j2").write_text("upgraded {{ who }}\n", encoding="utf-8")
    seen = _compiles(monkeypatch)
    env = _two_level([packaged], tmp_path / "ws2", shared, packaged)
    assert render_bounded(env, "t.j2", who="a") == "upgraded a\n"
    assert seen == ["t.j2"]


def test_an_unwritable_shared_folder_only_costs_the_compile(folders, tmp_path):
    packaged, _ = folders
    shared = tmp_path / "user-cache"
    shared.write_text("a file where the folder should be", encoding="utf-8")
    env = _two_level([packaged], tmp_path / "ws1", shared, packaged)
    assert render_bounded(env, "t.j2", who="a") == "024|a\n"
    assert len(list((tmp_path / "ws1").glob("*.jinja"))) == 1
