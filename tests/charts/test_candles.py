"""Breakdown Watch candles: averages on the full history, tags de-collided, far levels pinned."""

from __future__ import annotations

from pathlib import Path

from matplotlib.figure import Figure

from newsletter.charts import formats
from newsletter.charts.candles import candle_chart
from newsletter.charts.inputs import Level
from tests.charts import factories as f
from tests.charts.images import assert_chart_png, texts


def _tags(fig: Figure) -> list:
    """The right-edge tags: texts of the price axes placed right of it."""
    return [t for t in fig.axes[0].texts if t.get_position()[0] > 1]


def test_averages_use_the_full_history_not_the_window(tmp_path: Path) -> None:
    bars = f.breakdown_bars()
    chart = candle_chart(tmp_path / "c.png", bars=bars, ticker="TSLA", sessions=126)
    full_200 = bars["Close"].iloc[-200:].mean()
    assert f"200-day average at {formats.price(full_200)}" in chart.alt
    assert f"closed at {formats.price(bars['Close'].iloc[-1])}" in chart.alt


def test_short_history_has_no_200_day_average(tmp_path: Path, figures: list) -> None:
    bars = f.bars(sessions=120)
    chart = candle_chart(tmp_path / "c.png", bars=bars, ticker="NEW")
    assert "200-day" not in chart.alt and "50-day" in chart.alt
    assert not any(t.startswith("200d") for t in texts(figures[-1]))
    assert_chart_png(tmp_path / "c.png", chart)


def test_level_tags_never_overlap(tmp_path: Path, figures: list) -> None:
    bars = f.breakdown_bars()
    last = float(bars["Close"].iloc[-1])
    crowded = tuple(Level(f"L{i}", last + i * 0.2, "support") for i in range(-3, 4))
    candle_chart(tmp_path / "c.png", bars=bars, ticker="TSLA", levels=crowded)
    fig = figures[-1]
    renderer = fig.canvas.get_renderer()
    boxes = sorted((t.get_window_extent(renderer) for t in _tags(fig)), key=lambda b: b.y0)
    assert len(boxes) == 7 + 2 + 1  # levels, two averages, last close
    for lower, upper in zip(boxes, boxes[1:], strict=False):
        assert upper.y0 >= lower.y1 - 0.5, "two tags overlap"
    width, height = fig.canvas.get_width_height()
    assert all(b.x1 <= width and b.y0 >= 0 and b.y1 <= height for b in boxes), "tag off the image"


def test_a_level_far_from_price_is_pinned_to_the_edge(tmp_path: Path, figures: list) -> None:
    bars = f.breakdown_bars()
    candle_chart(tmp_path / "c.png", bars=bars, ticker="TSLA",
                 levels=(Level("Target", 10.0, "target"),))
    fig = figures[-1]
    assert "↓ Target 10" in texts(fig)
    assert fig.axes[0].get_ylim()[0] > 100  # the axis was not stretched down to 10


def test_no_volume_draws_no_volume_panel(tmp_path: Path, figures: list) -> None:
    bars = f.bars().assign(Volume=0.0)
    chart = candle_chart(tmp_path / "c.png", bars=bars, ticker="^RUT")
    assert len(figures[-1].axes) == 1
    assert_chart_png(tmp_path / "c.png", chart)


def test_dollar_signs_in_titles_are_not_read_as_math(tmp_path: Path, figures: list) -> None:
    candle_chart(tmp_path / "c.png", bars=f.bars(), ticker="IWM", title="$IWM vs $SPY")
    assert "$IWM vs $SPY" in texts(figures[-1])
