"""Image weight: each image and the total, at the limit, a byte under and a byte over."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsletter.presend.weight import image_weight

KB = 1024


def folder_with(tmp_path: Path, **sizes: int) -> tuple[Path, str]:
    (tmp_path / "charts").mkdir()
    for name, size in sizes.items():
        (tmp_path / "charts" / f"{name}.png").write_bytes(b"\0" * size)
    html = "".join(f'<img src="cid:{name}">' for name in sizes) + '<img src="cid:rotation">'
    return tmp_path, html


@pytest.mark.parametrize(("size", "ok"), [(10 * KB - 1, True), (10 * KB, True), (10 * KB + 1, False)])
def test_one_image_at_under_and_over_its_limit(tmp_path, size, ok):
    folder, html = folder_with(tmp_path, lead=size)
    item = image_weight(folder, html, max_image_kb=10, max_total_kb=100)
    assert item.ok is ok, item
    if not ok:
        assert item.detail == "over 10 KB each: lead.png 10.0 KB"


@pytest.mark.parametrize(("extra", "ok"), [(-1, True), (0, True), (1, False)])
def test_all_images_at_under_and_over_the_total(tmp_path, extra, ok):
    folder, html = folder_with(tmp_path, a=8 * KB, b=8 * KB, c=4 * KB + extra)
    item = image_weight(folder, html, max_image_kb=10, max_total_kb=20)
    assert item.ok is ok, item
    assert ("in all, over 20 KB" in item.detail) is not ok


def test_an_image_the_email_does_not_show_does_not_count(tmp_path):
    folder, html = folder_with(tmp_path, shown=KB, unused=50 * KB)
    item = image_weight(folder, html.replace('<img src="cid:unused">', ""), max_image_kb=10,
                        max_total_kb=20)
    assert item.ok and item.detail.startswith("1 images, 1.0 KB in all")
