"""Charts encoded on a thread while the next is drawn: same bytes, and a failed write is a failed chart."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from newsletter.charts import png
from newsletter.charts.batch import render_charts
from tests.charts import factories as f
from tests.charts.images import assert_chart_png


def test_overlapped_charts_are_byte_identical_to_charts_written_in_line(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[str] = []
    real = png.encode

    def spy(image, max_bytes=png.MAX_BYTES):
        threads.append(threading.current_thread().name)
        return real(image, max_bytes)

    monkeypatch.setattr(png, "encode", spy)
    overlapped = render_charts(f.chart_specs(), tmp_path / "overlapped", None)
    assert threads == ["chart-png", "chart-png"]  # the encoding did move off the drawing thread

    in_line = tmp_path / "in_line"
    in_line.mkdir()
    for spec in f.chart_specs():  # no overlapped_writes block: save_png encodes in line
        from newsletter.charts.batch import draw
        draw(spec.kind, spec.kwargs, in_line / f"{spec.name}.png", None)
    assert threads[2:] == [threading.current_thread().name] * 2
    for chart in overlapped.charts:
        assert ((tmp_path / "overlapped" / f"{chart.name}.png").read_bytes()
                == (in_line / f"{chart.name}.png").read_bytes())
        assert_chart_png(tmp_path / "overlapped" / f"{chart.name}.png", chart)


@pytest.mark.parametrize("cache", [False, True])
def test_a_chart_whose_png_cannot_be_written_fails_alone(tmp_path: Path, cache: bool,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    stale = tmp_path / "out" / "tsla.png"
    stale.parent.mkdir()
    stale.write_bytes(b"last week's picture")
    real = png.encode
    calls = iter(range(2))

    def first_fails(image, max_bytes=png.MAX_BYTES):
        if next(calls) == 0:
            raise OSError("zlib ran out of memory")
        return real(image, max_bytes)

    monkeypatch.setattr(png, "encode", first_fails)
    result = render_charts(f.chart_specs(), tmp_path / "out",
                           tmp_path / "cache" if cache else None)
    assert result.failed == {"tsla": "OSError: zlib ran out of memory"}
    assert result.drawn == ("week",) and [c.name for c in result.charts] == ["week"]
    assert not stale.exists()  # never last week's picture under this week's name
    assert_chart_png(tmp_path / "out" / "week.png", result.charts[0])
    if cache:  # nothing half-made was kept for next week
        assert len(list((tmp_path / "cache").rglob("*.png"))) == 1


def test_every_write_has_settled_when_the_block_ends_even_on_an_error(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    real = png.encode

    def slow(image, max_bytes=png.MAX_BYTES):
        release.wait(timeout=30)
        return real(image, max_bytes)

    monkeypatch.setattr(png, "encode", slow)
    from PIL import Image
    image = Image.new("RGB", (40, 30), "white")
    with pytest.raises(RuntimeError), png.overlapped_writes() as writes:
        writes.submit(tmp_path / "a.png", image, png.MAX_BYTES)
        assert not (tmp_path / "a.png").exists()
        release.set()
        raise RuntimeError("the next chart failed")
    assert (tmp_path / "a.png").read_bytes().startswith(b"\x89PNG")
    assert png._WRITER.get() is None  # save_png writes in line again


def test_at_most_one_image_waits_a_submit_first_settles_the_write_before_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started, release = threading.Event(), threading.Event()
    real = png.encode

    def first_waits(image, max_bytes=png.MAX_BYTES):
        if not started.is_set():
            started.set()
            release.wait(timeout=30)
        return real(image, max_bytes)

    monkeypatch.setattr(png, "encode", first_waits)
    from PIL import Image
    image = Image.new("RGB", (40, 30), "white")
    submitted = threading.Event()
    with png.overlapped_writes() as writes:
        writes.submit(tmp_path / "a.png", image, png.MAX_BYTES)
        assert started.wait(timeout=30)

        def second() -> None:
            writes.submit(tmp_path / "b.png", image, png.MAX_BYTES)
            submitted.set()

        other = threading.Thread(target=second)
        other.start()
        assert not submitted.wait(timeout=0.2)  # still waiting on a.png's write
        assert not (tmp_path / "a.png").exists()
        release.set()
        other.join(timeout=30)
        assert submitted.is_set() and (tmp_path / "a.png").exists()
    assert (tmp_path / "b.png").exists()
