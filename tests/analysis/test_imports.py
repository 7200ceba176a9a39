"""analysis/ is pure: pandas, numpy, TA-Lib and the standard library only; no I/O."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import newsletter.analysis

PACKAGE = Path(newsletter.analysis.__file__).parent
MODULES = sorted(PACKAGE.rglob("*.py"))
THIRD_PARTY = {"pandas", "numpy", "talib"}
OURS = {"newsletter.model", "newsletter.analysis", "newsletter.rounding"}
"""``newsletter.rounding`` is a standard-library leaf: how a number prints with its sign."""
IO_CALLS = {"open", "print", "input", "__import__", "import_module"}
IO_METHODS = {"read_csv", "to_csv", "read_parquet", "to_parquet", "read_json", "to_json",
              "read_pickle", "to_pickle", "read_text", "write_text", "savefig"}


def imported_names(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: stays inside the package
                names.append("newsletter.analysis")
            else:
                names.append(node.module or "")
    return names


def allowed(name: str) -> bool:
    root = name.split(".")[0]
    if root == "__future__" or root in sys.stdlib_module_names or root in THIRD_PARTY:
        return True
    return any(name == ok or name.startswith(ok + ".") for ok in OURS)


def test_there_are_modules_to_check():
    assert {p.stem for p in MODULES} >= {
        "indicators", "levels", "breakdown", "relative_strength", "breadth",
        "options_positioning", "earnings", "breakouts", "event_study"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_imports_only_pandas_numpy_talib_and_stdlib(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    bad = [n for n in imported_names(tree) if not allowed(n)]
    assert bad == [], f"{path.name} imports {bad}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_io_calls(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    calls = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            if name in IO_CALLS or name in IO_METHODS:
                calls.append(f"{name} (line {node.lineno})")
    assert calls == [], f"{path.name} calls {calls}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_modules_stay_small(path):
    assert len(path.read_text().splitlines()) < 300


def test_importing_analysis_loads_no_later_stage():
    code = ("import sys, newsletter.analysis; "
            "print(' '.join(sorted(m for m in sys.modules if m.startswith('newsletter') "
            "or m.split('.')[0] in ('matplotlib', 'yfinance', 'jinja2', 'click'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(out.stdout.split())
    extra = {m for m in loaded
             if not (m in ("newsletter", "newsletter.model", "newsletter.rounding")
                     or m.startswith("newsletter.analysis"))}
    assert extra == set()


def test_the_checker_itself_rejects_later_stages():
    tree = ast.parse("import os\nfrom newsletter.sections import recap\nimport matplotlib.pyplot\n"
                     "from . import levels\nfrom newsletter.data.base import Source\n")
    assert [n for n in imported_names(tree) if not allowed(n)] == [
        "newsletter.sections", "matplotlib.pyplot", "newsletter.data.base"]


def test_the_rounding_leaf_imports_only_the_standard_library():
    path = PACKAGE.parent / "rounding.py"
    tree = ast.parse(path.read_text(), filename=str(path))
    names = [n for n in imported_names(tree) if n != "__future__"]
    assert all(n.split(".")[0] in sys.stdlib_module_names for n in names), names
