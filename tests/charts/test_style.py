"""Style sheet lookup: the workspace's charts/newsletter.mplstyle first, the packaged one second."""

from __future__ import annotations

from pathlib import Path

import matplotlib as mpl
import pytest

from newsletter.charts.returns import returns_chart
from newsletter.charts.style import PACKAGED_STYLE, style_path, styled
from tests.charts import factories as f
from tests.charts.images import assert_chart_png, pixels

REPO = Path(__file__).resolve().parents[2]


def _workspace(tmp_path: Path, extra: str) -> Path:
    sheet = tmp_path / "ws" / "charts" / "newsletter.mplstyle"
    sheet.parent.mkdir(parents=True)
    keys = {line.split(":")[0] for line in extra.splitlines()}
    kept = [line for line in PACKAGED_STYLE.read_text().splitlines()
            if line.split(":")[0].strip() not in keys]
    sheet.write_text("\n".join(kept + extra.splitlines()) + "\n")
    return tmp_path / "ws"


def _draw(out: Path, workspace: Path | None):
    return returns_chart(out, returns={"SPY": 0.01, "IWM": -0.02}, asof=f.ASOF,
                         workspace=workspace)


def test_packaged_sheet_is_used_without_a_workspace_copy(tmp_path: Path) -> None:
    assert style_path(None) == PACKAGED_STYLE
    assert style_path(tmp_path) == PACKAGED_STYLE


def test_workspace_sheet_is_found_first(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path, "")
    assert style_path(workspace) == workspace / "charts" / "newsletter.mplstyle"


def test_workspace_sheet_changes_the_background(tmp_path: Path) -> None:
    _draw(tmp_path / "default.png", None)
    workspace = _workspace(tmp_path, "figure.facecolor: FFF1CC\naxes.facecolor: FFF1CC")
    chart = _draw(tmp_path / "warm.png", workspace)
    default = pixels(tmp_path / "default.png")[2, 2, :3]
    warm = pixels(tmp_path / "warm.png")[2, 2, :3]
    assert tuple(default) == pytest.approx((0xFC, 0xFC, 0xFA), abs=3)
    assert tuple(warm) == pytest.approx((0xFF, 0xF1, 0xCC), abs=3)
    assert_chart_png(tmp_path / "warm.png", chart, light=False)


def test_workspace_palette_recolours_the_bars(tmp_path: Path) -> None:
    workspace = _workspace(
        tmp_path, "axes.prop_cycle: cycler('color', ['0000FF', 'FF8800'])")
    with styled(workspace) as palette:
        assert (palette.up, palette.down) == ("#0000ff", "#ff8800")
        assert palette.avg50 == "#2563eb"  # roles the sheet leaves out keep their defaults


def test_a_transparent_background_is_flattened_to_opaque(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path, "figure.facecolor: none\naxes.facecolor: none")
    chart = _draw(tmp_path / "clear.png", workspace)
    assert_chart_png(tmp_path / "clear.png", chart)


def test_the_style_does_not_leak_into_matplotlib(tmp_path: Path) -> None:
    before = mpl.rcParams["figure.facecolor"]
    _draw(tmp_path / "c.png", _workspace(tmp_path, "figure.facecolor: 112233"))
    assert mpl.rcParams["figure.facecolor"] == before


def test_the_repository_copy_matches_the_packaged_default() -> None:
    assert (REPO / "charts" / "newsletter.mplstyle").read_bytes() == PACKAGED_STYLE.read_bytes()
