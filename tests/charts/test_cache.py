"""render_charts: a chart whose inputs are unchanged comes from the cache, undrawn."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsletter.charts import batch
from newsletter.charts.batch import ChartSpec, render_charts
from newsletter.charts.style import PACKAGED_STYLE
from tests.charts import factories as f
from tests.charts.images import assert_chart_png

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The kinds the drawing code was called for, in order."""
    calls: list[str] = []
    real = batch.draw

    def spy(kind, kwargs, out, workspace):
        calls.append(kind)
        return real(kind, kwargs, out, workspace)

    monkeypatch.setattr(batch, "draw", spy)
    return calls


def test_second_render_reuses_every_chart_without_drawing(tmp_path: Path,
                                                          counted: list[str]) -> None:
    first = render_charts(f.chart_specs(), tmp_path / "out1", tmp_path / "cache")
    assert first.drawn == ("tsla", "week") and not first.reused and not first.failed
    assert counted == ["candles", "returns"]
    second = render_charts(f.chart_specs(), tmp_path / "out2", tmp_path / "cache")
    assert second.reused == ("tsla", "week") and not second.drawn
    assert counted == ["candles", "returns"]  # nothing drawn the second time
    assert second.charts == first.charts
    for chart in second.charts:
        one, two = tmp_path / "out1" / f"{chart.name}.png", tmp_path / "out2" / f"{chart.name}.png"
        assert one.read_bytes() == two.read_bytes()
        assert_chart_png(two, chart)


def test_a_changed_input_redraws_only_that_chart(tmp_path: Path, counted: list[str]) -> None:
    render_charts(f.chart_specs(), tmp_path / "out", tmp_path / "cache")
    before = (tmp_path / "out" / "tsla.png").read_bytes()
    again = render_charts(f.chart_specs(close_bump=-3.0), tmp_path / "out", tmp_path / "cache")
    assert again.drawn == ("tsla",) and again.reused == ("week",)
    assert counted == ["candles", "returns", "candles"]
    assert (tmp_path / "out" / "tsla.png").read_bytes() != before


def test_a_changed_style_sheet_redraws(tmp_path: Path, counted: list[str]) -> None:
    render_charts(f.chart_specs()[1:], tmp_path / "out", tmp_path / "cache")
    sheet = tmp_path / "ws" / "charts" / "newsletter.mplstyle"
    sheet.parent.mkdir(parents=True)
    sheet.write_bytes(PACKAGED_STYLE.read_bytes() + b"\nfont.size: 13\n")
    again = render_charts(f.chart_specs()[1:], tmp_path / "out", tmp_path / "cache",
                          workspace=tmp_path / "ws")
    assert again.drawn == ("week",)


def test_a_renamed_chart_with_the_same_inputs_is_reused(tmp_path: Path) -> None:
    render_charts(f.chart_specs()[1:], tmp_path / "out", tmp_path / "cache")
    renamed = ChartSpec("recap", "returns", f.chart_specs()[1].kwargs)
    again = render_charts([renamed], tmp_path / "out", tmp_path / "cache")
    assert again.reused == ("recap",) and again.charts[0].name == "recap"


def test_cached_charts_are_hard_linked_when_they_can_be(tmp_path: Path) -> None:
    render_charts(f.chart_specs()[1:], tmp_path / "out", tmp_path / "cache")
    cached = next((tmp_path / "cache").rglob("*.png"))
    assert os.path.samefile(cached, tmp_path / "out" / "week.png")


def test_one_failing_chart_does_not_stop_the_others(tmp_path: Path) -> None:
    bad = ChartSpec("empty", "candles", {"bars": f.bars().iloc[:0], "ticker": "X"})
    stale = tmp_path / "out" / "empty.png"
    stale.parent.mkdir()
    stale.write_bytes(b"last week's chart")
    result = render_charts([bad, *f.chart_specs()[1:]], tmp_path / "out", tmp_path / "cache")
    assert set(result.failed) == {"empty"} and "no bars" in result.failed["empty"]
    assert [c.name for c in result.charts] == ["week"]
    assert not list((tmp_path / "cache").glob(".drawing.*"))  # no scratch file left behind
    assert not stale.exists()  # a failed chart never shows last week's picture


def test_without_a_cache_everything_is_drawn(tmp_path: Path, counted: list[str]) -> None:
    for _ in range(2):
        result = render_charts(f.chart_specs()[1:], tmp_path / "out", None)
        assert result.drawn == ("week",)
    assert counted == ["returns", "returns"]


def test_bad_specs_are_refused_before_drawing(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        render_charts([ChartSpec("x", "pie")], tmp_path, tmp_path / "c")
    with pytest.raises(ValueError, match="two charts"):
        render_charts([ChartSpec("x", "returns"), ChartSpec("x", "ratio")], tmp_path, None)
    with pytest.raises(ValueError, match="plain file stem"):
        render_charts([ChartSpec("../x", "returns")], tmp_path, None)


def test_a_process_pool_draws_the_same_charts(tmp_path: Path) -> None:
    serial = render_charts(f.chart_specs(), tmp_path / "serial", None)
    pooled = render_charts(f.chart_specs(), tmp_path / "pool", tmp_path / "cache", workers=2)
    assert pooled.drawn == ("tsla", "week") and not pooled.failed
    assert pooled.charts == serial.charts
    for chart in pooled.charts:
        assert_chart_png(tmp_path / "pool" / f"{chart.name}.png", chart)


WARM = """
import sys
from pathlib import Path
from newsletter.charts.batch import render_charts
from tests.charts.factories import chart_specs
result = render_charts(chart_specs(), Path(sys.argv[1]), Path(sys.argv[2]))
assert result.reused == ("tsla", "week"), result
print("matplotlib" in sys.modules)
"""


def test_a_warm_render_never_imports_matplotlib(tmp_path: Path) -> None:
    render_charts(f.chart_specs(), tmp_path / "out", tmp_path / "cache")
    done = subprocess.run([sys.executable, "-c", WARM, str(tmp_path / "again"),
                           str(tmp_path / "cache")], cwd=REPO, capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "False"


def test_a_damaged_cached_png_is_drawn_again_not_served(tmp_path: Path, counted: list[str]) -> None:
    first = render_charts(f.chart_specs()[1:], tmp_path / "out", tmp_path / "cache")
    good = (tmp_path / "out" / "week.png").read_bytes()
    cached = next((tmp_path / "cache").rglob("*.png"))
    os.unlink(tmp_path / "out" / "week.png")  # the link would share the damage
    cached.write_bytes(good[:-10] + b"0123456789")  # same size, other bytes
    again = render_charts(f.chart_specs()[1:], tmp_path / "out", tmp_path / "cache")
    assert first.drawn == again.drawn == ("week",)
    assert (tmp_path / "out" / "week.png").read_bytes() == good
