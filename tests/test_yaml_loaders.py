"""The libyaml loader reads every shipped YAML file exactly as the pure-Python one does:
the same values and the same line for every key (the lines errors name)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from newsletter import yamlfile

REPO = Path(__file__).resolve().parents[1]
FILES = sorted([REPO / "newsletter.yaml", *REPO.glob("examples/*.yaml"), *REPO.glob("notes/*.yaml"),
                *REPO.glob("schedules/*.yaml"), *REPO.glob("newsletter/scaffold/**/*.yaml")])


def _pure_python(monkeypatch: pytest.MonkeyPatch) -> None:
    class Pure(yaml.SafeLoader):
        yaml_implicit_resolvers = yamlfile._Loader.yaml_implicit_resolvers

    monkeypatch.setattr(yamlfile, "_Loader", Pure)


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml")
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_same_values_and_lines_as_the_pure_python_loader(path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    assert issubclass(yamlfile._Loader, yaml.CSafeLoader)
    fast = yamlfile.load_yaml(path)
    _pure_python(monkeypatch)
    slow = yamlfile.load_yaml(path)
    assert fast.data == slow.data
    assert fast.lines == slow.lines
    assert len(fast.lines) > 3 or fast.data is None  # a file of comments only


@pytest.mark.parametrize("text", ["a: 1\nb: [1, 2\n", "a:\n  - x\n - y\n", "a: b: c\n",
                                  "a: 1\na: 2\n", "k: *nope\n"])
def test_errors_name_the_same_line(text: str, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(yamlfile.NewsletterError) as fast:
        yamlfile.parse_yaml(text, tmp_path / "x.yaml")
    _pure_python(monkeypatch)
    with pytest.raises(yamlfile.NewsletterError) as slow:
        yamlfile.parse_yaml(text, tmp_path / "x.yaml")
    assert fast.value.line == slow.value.line
