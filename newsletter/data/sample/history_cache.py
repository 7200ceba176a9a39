"""The sample market's ticker histories kept per user: generated once, read back bit for bit.

A ticker's whole path (epoch to horizon) is a pure function of this package's code, the numeric
libraries and the calendar (:func:`newsletter.data.snapshot_cache.code_version` digests all of
them), the seed and the symbol: never of a workspace, an as-of date or the other tickers asked
for (:class:`~newsletter.data.sample.source.SampleSource` slices one whole path per ticker). So
it is kept where the NYSE calendar and the compiled templates are (:mod:`newsletter.user_cache`),
as Python keeps a package's compiled modules. Generating the sample issue's 62 histories is most
of a cold build's gather (0.18 s of 0.57 s, measured 2026-12-06); reading them back takes a few ms.

Only the hand-made profiles and the shipped breadth lists' members are kept
(:func:`~newsletter.data.sample.source.kept_symbols`): any other plausible symbol also gets a
market, from a hash of its name, and a fuzz run asking for thousands of them must not fill the
cache.

Layout: ``<user cache>/sample/<code digest>/<seed>/<symbol digest>.bars``: the frame's values
(float64, sessions x ``BAR_COLUMNS``, C order) followed by their SHA-256. A file of the wrong
size or digest (a torn write, a damaged disk) is generated again and rewritten, never served.
Only the newest :data:`KEEP` code digests are kept (each edit of the package makes a new one).
"""

from __future__ import annotations

import hashlib
import logging
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from newsletter.atomic import atomic_write_bytes
from newsletter.model import BAR_COLUMNS

log = logging.getLogger(__name__)

KEEP = 3
"""Code digests kept side by side (two checkouts or versions in use on one machine)."""
_DIGEST = 32


def cache_folder(root: Path, seed: int) -> Path:
    """Where this code's histories for ``seed`` live under ``root`` (``<user cache>/sample``)."""
    from newsletter.data.snapshot_cache import code_version

    return root / code_version()[:32] / str(int(seed))


def _file(folder: Path, ticker: str) -> Path:
    return folder / f"{hashlib.blake2b(ticker.encode(), digest_size=12).hexdigest()}.bars"


def load(folder: Path, ticker: str, index: pd.DatetimeIndex) -> pd.DataFrame | None:
    """The kept frame of ``ticker`` on ``index``, or None when there is none that checks out."""
    try:
        data = _file(folder, ticker).read_bytes()
    except OSError:
        return None
    size = len(index) * len(BAR_COLUMNS) * 8
    body = data[:size]
    if len(data) != size + _DIGEST or hashlib.sha256(body).digest() != data[size:]:
        log.debug("sample history of %s in %s does not check out; generating it again",
                  ticker, folder)
        return None
    values = np.frombuffer(body, dtype=np.float64).reshape(len(index), len(BAR_COLUMNS))
    return pd.DataFrame(values.copy(), index=index, columns=list(BAR_COLUMNS))


def store(folder: Path, ticker: str, frame: pd.DataFrame) -> None:
    """Keep ``frame`` (best effort: a cache that cannot be written is only slower)."""
    body = np.ascontiguousarray(frame[list(BAR_COLUMNS)].to_numpy(dtype=np.float64)).tobytes()
    try:
        new = not folder.parent.is_dir()
        atomic_write_bytes(_file(folder, ticker), body + hashlib.sha256(body).digest(),
                           durable=False)  # the digest catches a torn file
        if new:
            _prune(folder.parent.parent, keep=folder.parent)
    except OSError as exc:
        log.debug("could not keep the sample history of %s in %s: %s", ticker, folder, exc)


def _prune(root: Path, keep: Path) -> None:
    """Remove all but the newest :data:`KEEP` code digests (``keep`` always stays)."""
    try:
        others = sorted((p for p in root.iterdir() if p.is_dir() and p != keep),
                        key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in others[KEEP - 1:]:
        shutil.rmtree(old, ignore_errors=True)
