"""Chart text stays readable on a phone: at least 11 CSS px once the email scales the chart down.

How it is measured: each chart kind is drawn (the KINDS table), every visible
Text artist on the figure (titles, labels, tick labels, legends, annotations, tags)
is found after a draw, and its font size is converted to CSS px by the figure's own
renderer (``points_to_pixels`` gives device px at the figure dpi; the chart is drawn
at ``SCALE`` device px per CSS px). The email shows a 600 px chart inside a 375 px
phone viewport less the text column's padding (``PHONE_IMAGE_PX``, checked in
Chromium by ``tests/test_email_browser.py``), so every size is multiplied by
``PHONE_IMAGE_PX / chart.width``. The font size is what CSS calls the text's size
("11px"); the rendered cap height of the smallest text is reported alongside.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from newsletter.charts.canvas import SCALE
from tests.charts.test_kinds import KINDS

PHONE_VIEWPORT_PX = 375
EMAIL_TEXT_PADDING_PX = 20
"""``mj-text`` padding on each side in newsletter/templates/email.mjml.j2 (the image sits inside it)."""
PHONE_IMAGE_PX = PHONE_VIEWPORT_PX - 2 * EMAIL_TEXT_PADDING_PX
MIN_PHONE_PX = 11.0


def drawn_texts(fig: Figure) -> list[Text]:
    """Every Text artist the reader sees on ``fig``: visible, not empty, not a faint watermark."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    box = fig.bbox
    found = []
    for text in fig.findobj(Text):
        if not (text.get_visible() and text.get_text().strip()):
            continue
        if (text.get_alpha() or 1.0) < 0.5:  # the SAMPLE DATA watermark: decoration, and large
            continue
        extent = text.get_window_extent(renderer)
        if extent.width <= 0 or not extent.overlaps(box):
            continue
        found.append(text)
    return found


def phone_px(fig: Figure, text: Text, image_px: float, width_px: float) -> float:
    """The font size of ``text`` in CSS px as the phone shows the chart (``image_px`` of ``width_px``)."""
    device_px = fig.canvas.get_renderer().points_to_pixels(text.get_fontsize())
    return device_px / SCALE * image_px / width_px


@pytest.mark.parametrize("sample", [False, True], ids=["real", "sample"])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_chart_text_is_at_least_11_px_on_a_375_px_phone(
        kind: str, sample: bool, tmp_path: Path, figures: list) -> None:
    chart = KINDS[kind](tmp_path / f"{kind}.png", sample)
    fig = figures[-1]
    sizes = sorted((phone_px(fig, t, PHONE_IMAGE_PX, chart.width), t.get_text())
                   for t in drawn_texts(fig))
    assert len(sizes) >= 5, sizes
    small = [f"{text!r} {px:.1f}px" for px, text in sizes if px < MIN_PHONE_PX - 1e-6]
    assert not small, f"{kind}: text under {MIN_PHONE_PX} px at {PHONE_VIEWPORT_PX} px: {small}"
