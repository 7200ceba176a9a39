"""Turn a drawn figure into a small, opaque, palette PNG.

Agg renders 32-bit RGBA; a chart has a few flat colours plus anti-aliasing, so
a 64-colour palette (no dithering) looks the same on screen and is 3 to 5
times smaller than the RGB PNG. Measured on the 1200x800 candle chart: the
fast-octree quantiser takes 11 ms against 80 ms for median cut with no
visible difference; zlib level 7 takes 13 ms for 32.9 KB against 69 ms for
30.8 KB at level 9 (``optimize``). So: octree, level 7, and only if a chart
is over budget, level 9 with the palette halved until it fits. Any
transparency (a style sheet with an alpha background) is flattened onto white
first: transparent charts turn unreadable in dark-mode email clients.
"""

from __future__ import annotations

import contextlib
import contextvars
import io
import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from newsletter.charts.files import write_atomic

log = logging.getLogger(__name__)

MAX_BYTES = 80_000
"""The budget for one chart."""
ATTEMPTS = ((64, 7), (64, 9), (32, 9), (16, 9))
"""(palette size, zlib level) tried in order until the PNG fits :data:`MAX_BYTES`."""


def figure_image(fig: Figure) -> Image.Image:
    """Draw ``fig`` with Agg and return its pixels as an opaque RGB image."""
    fig.canvas.draw()
    buffer = fig.canvas.buffer_rgba()  # read in place: a copy would be another 4 MB
    rgba = np.asarray(buffer)
    image = Image.frombuffer("RGBA", (rgba.shape[1], rgba.shape[0]), buffer, "raw", "RGBA", 0, 1)
    if int(rgba[..., 3].min()) < 255:
        log.warning("chart background is transparent; flattening it onto white")
        image = Image.alpha_composite(Image.new("RGBA", image.size, "white"), image)
    return image.convert("RGB")


def encode(image: Image.Image, max_bytes: int = MAX_BYTES) -> bytes:
    """PNG bytes of ``image``: the first of :data:`ATTEMPTS` that fits ``max_bytes``."""
    data = b""
    quantised, done = image, 0
    for colours, level in ATTEMPTS:
        if colours != done:
            quantised = image.quantize(colors=colours, method=Image.Quantize.FASTOCTREE,
                                       dither=Image.Dither.NONE)
            done = colours
        buffer = io.BytesIO()
        quantised.save(buffer, format="PNG", compress_level=level)
        data = buffer.getvalue()
        if len(data) <= max_bytes:
            return data
    log.warning("chart is %d bytes at the smallest palette, over the %d-byte budget",
                len(data), max_bytes)
    return data


def release(fig: Figure) -> None:
    """Free the figure's pixel buffer now.

    A figure sits in reference cycles, so it is freed only when the garbage collector gets to
    it: until then its Agg buffers (4.8 MB at 1200 x 800: RGBA and the alpha mask) would stay
    alive beside the image being encoded.
    """
    canvas = fig.canvas
    if isinstance(canvas, FigureCanvasAgg):
        canvas.renderer = None
        canvas._lastKey = None  # get_renderer() makes a new buffer if the figure is drawn again


def save_png(fig: Figure, path: Path, max_bytes: int = MAX_BYTES) -> int | None:
    """Render ``fig`` to an optimised PNG at ``path``; return its size in bytes.

    Inside :func:`overlapped_writes` the figure is drawn here but encoded and written on the
    writer's thread, and None is returned: the file exists once the writer has
    :meth:`~OverlappedWrites.settle`-d it.
    """
    image = figure_image(fig)
    release(fig)
    writer = _WRITER.get()
    if writer is not None:
        writer.submit(path, image, max_bytes)
        return None
    data = encode(image, max_bytes)
    write_atomic(path, data)
    return len(data)


class OverlappedWrites:
    """Encodes and writes each chart's PNG on a thread while the next chart is drawn.

    Quantising and zlib (about 15 ms of a chart's 75, measured with
    ``benchmarks/bench_charts.py``) release the GIL, so on a machine with a second core
    they cost the build nothing while Python lays out the next figure. At most one image
    waits (about 3 MB at 1200 x 800): a submit first settles the write before it.
    """

    def __init__(self) -> None:
        self._pending: threading.Thread | None = None
        self._errors: dict[Path, BaseException] = {}

    def submit(self, path: Path, image: Image.Image, max_bytes: int) -> None:
        """Encode ``image`` and write it to ``path`` on the writer's thread."""
        self.settle()

        def work() -> None:
            try:
                data = encode(image, max_bytes)
                write_atomic(path, data)
            except BaseException as exc:  # handed to whoever asks for this path
                self._errors[path] = exc

        thread = threading.Thread(target=work, name="chart-png", daemon=True)
        thread.start()
        self._pending = thread

    def settle(self) -> None:
        """Wait for the write in flight, if any."""
        if self._pending is not None:
            self._pending.join()
            self._pending = None

    def error(self, path: Path) -> BaseException | None:
        """What writing ``path`` raised (after :meth:`settle`), or None."""
        return self._errors.get(path)


_WRITER: contextvars.ContextVar[OverlappedWrites | None] = contextvars.ContextVar(
    "chart_png_writer", default=None)


@contextlib.contextmanager
def overlapped_writes() -> Iterator[OverlappedWrites]:
    """Within the block, :func:`save_png` hands encoding and writing to one thread; every
    write is settled when the block ends, even when it ends with an exception."""
    writer = OverlappedWrites()
    token = _WRITER.set(writer)
    try:
        yield writer
    finally:
        _WRITER.reset(token)
        writer.settle()
