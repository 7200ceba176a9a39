"""The scoreboard's dot follows the figure printed beside it: green when it prints up, red when it
prints down, white when it prints as zero.

Found reading the recap's template (2026-12-06): the dot was decided on the week's percentage
change with a 0.05 dead band while a yield prints its change in basis points, so a 10-year yield
from 4.000% to 4.004% read "🟢 10Y yield **4.00%** (0 bp)": a green dot on a figure that did not
move. The same dead band made an index whose week prints "+0.1%" (0.05 exactly) a white dot.
"""

from __future__ import annotations

import re

import pytest

from newsletter import sections
from newsletter.config import Config
from newsletter.render import updown
from tests.analysis.factories import make_bars
from tests.sections.small_frames import context, render_sections

N = 30


def _issue(tnx_last: float, spy_last: float = 100.0) -> str:
    spy = make_bars([100.0] * (N - 1) + [spy_last])
    tnx = make_bars([4.0] * (N - 1) + [tnx_last], spread=0.01)
    config = Config.model_validate({"watchlists": {"indices": ["SPY"], "macro": ["^TNX"],
                                                   "sectors": []}})
    return render_sections(context({"SPY": spy, "^TNX": tnx}, config=config), sections.recap)


def _line(md: str, label: str) -> str:
    return next(line for line in md.splitlines() if line.startswith("- ") and label in line)


@pytest.mark.parametrize(("last", "mark", "printed"), [
    (4.004, "⚪", "(0 bp)"),     # +0.4 bp: prints as zero (a +0.1% change of the yield)
    (3.996, "⚪", "(0 bp)"),     # -0.4 bp
    (4.006, "🟢", "(+1 bp)"),    # +0.6 bp
    (3.994, "🔴", "(-1 bp)"),    # -0.6 bp
    (4.10, "🟢", "(+10 bp)"),
])
def test_a_yield_s_dot_follows_its_printed_basis_points(last: float, mark: str, printed: str) -> None:
    line = _line(_issue(last), "10Y yield")
    assert line.startswith(f"- {mark} ") and line.endswith(printed), line


@pytest.mark.parametrize(("last", "mark", "printed"), [
    (100.04, "⚪", "(0.0%)"),
    (100.06, "🟢", "(+0.1%)"),
    (99.94, "🔴", "(-0.1%)"),
    (99.96, "⚪", "(0.0%)"),
])
def test_an_index_s_dot_follows_its_printed_percent(last: float, mark: str, printed: str) -> None:
    line = _line(_issue(4.0, spy_last=last), "$SPY")
    assert line.startswith(f"- {mark} ") and re.search(re.escape(printed), line), line


@pytest.mark.parametrize(("value", "digits", "mark"), [
    (0.05, 1, "🟢"),              # prints +0.1: the figure shown is up
    (0.049, 1, "⚪"),             # prints 0.0
    (-0.05, 1, "🔴"),             # prints -0.1
    (-0.049, 1, "⚪"),
    (0.0, 1, "⚪"),
    (0.5000001, 0, "🟢"),         # prints +1
    (0.4999999, 0, "⚪"),         # prints 0
    (-0.5000001, 0, "🔴"),
    (float("nan"), 1, "⚪"),      # prints n/a: no direction
])
def test_the_dot_at_its_boundaries(value: float, digits: int, mark: str) -> None:
    assert updown(value, digits) == mark
