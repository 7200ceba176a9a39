"""Parquet files kept by the content of their frame, so an unchanged snapshot is not written again.

Serialising the sample issue's bars (about 1.9 MB of Parquet) took a tenth of a
warm build, every build, for the same bytes. Here the file is found by a digest
of the frame (every value, exactly: numbers and dates by their bytes, strings by
their UTF-8 text) and of the library versions that would write it;
a hit is hard-linked into the issue (a copy across disks), so its bytes are the
bytes a fresh :func:`~newsletter.data.parquet.frame_bytes` would give.

Layout: ``<cache>/<key[:2]>/<key>.parquet`` and ``<key>.sha256`` (the file's
digest, written last). An entry whose file does not match its digest, or that
has none, is ignored and written again. Files are replaced, never rewritten in
place, so a link handed out earlier keeps its bytes.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from newsletter.atomic import atomic_write_bytes, place
from newsletter.data.parquet import engine_versions, frame_bytes

log = logging.getLogger(__name__)

FORMAT = 2
"""Bump to orphan every entry (after changing the key)."""


def _feed_values(h: Any, values: Any) -> None:
    """One column's values, exactly: raw bytes for numbers and dates, text for strings."""
    array = np.asarray(values)
    h.update(repr((str(array.dtype), array.shape)).encode())
    if array.dtype.kind in "biufcmM":
        h.update(np.ascontiguousarray(array).tobytes())
        return
    items = array.tolist()
    if pd.api.types.infer_dtype(array, skipna=False) == "string":  # every item a str
        h.update(np.asarray([len(v) for v in items], dtype=np.int64).tobytes())
        h.update("".join(items).encode("utf-8", "surrogatepass"))
    else:  # mixed objects (rare): by type and repr, slow but exact
        for v in items:
            h.update(f"{type(v).__qualname__}:{v!r}\0".encode("utf-8", "surrogatepass"))


def _feed_frame(h: Any, frame: pd.DataFrame) -> None:
    index = frame.index
    dtypes = [repr(d) for d in frame.dtypes]
    h.update(repr((frame.shape, [repr(c) for c in frame.columns], dtypes, list(index.names),
                   repr(index.dtype), getattr(index, "freqstr", None), repr(frame.attrs),
                   frame.flags.allows_duplicate_labels)).encode())
    for level in range(index.nlevels):
        _feed_values(h, index.get_level_values(level))
    if frame.shape[1] and len(set(dtypes)) == 1 and frame.dtypes.iloc[0].kind in "biufcmM":
        _feed_values(h, frame.to_numpy())  # one numeric dtype (bars): every value in one block
        return
    for i in range(frame.shape[1]):
        _feed_values(h, frame.iloc[:, i].to_numpy())


def _hash(what: str, to_parquet: dict[str, Any]) -> Any:
    return hashlib.sha256(f"format {FORMAT} {what} {engine_versions()} {sorted(to_parquet.items())!r}".encode())


def frame_key(frame: pd.DataFrame, **to_parquet: Any) -> str:
    """The digest of what ``frame_bytes(frame, **to_parquet)`` writes."""
    h = _hash("frame", to_parquet)
    _feed_frame(h, frame)
    return h.hexdigest()


def tagged_frames_key(frames: Sequence[tuple[str, pd.DataFrame]], column: str, **to_parquet: Any) -> str:
    """The digest of what ``frame_bytes(pd.concat([f.assign(**{column: t}) for t, f in frames]), ...)``
    writes, without building the concatenation (a snapshot's bars: one frame per ticker)."""
    h = _hash(f"concat tagged {column!r} {len(frames)}", to_parquet)
    for tag, frame in frames:
        h.update(repr(tag).encode() + b"\0")
        _feed_frame(h, frame)
    return h.hexdigest()


def write_parquet(frame: pd.DataFrame, path: Path, cache_dir: Path | None, **to_parquet: Any) -> None:
    """Write ``frame_bytes(frame, **to_parquet)`` to ``path`` atomically, from the cache when
    unchanged."""
    if cache_dir is None:
        atomic_write_bytes(path, frame_bytes(frame, **to_parquet))
        return
    write_cached(path, cache_dir, frame_key(frame, **to_parquet), lambda: frame_bytes(frame, **to_parquet))


def write_cached(path: Path, cache_dir: Path, key: str, make: Callable[[], bytes]) -> None:
    """Put the cached bytes of ``key`` at ``path`` (a hard link); ``make()`` them on a miss."""
    cached = Path(cache_dir) / key[:2] / f"{key}.parquet"
    digest = cached.with_suffix(".sha256")
    try:
        sound = digest.read_text(encoding="ascii").strip() == hashlib.sha256(cached.read_bytes()).hexdigest()
    except (OSError, ValueError):
        sound = False
    if not sound:
        data = make()
        try:
            atomic_write_bytes(cached, data, durable=False)
            atomic_write_bytes(digest, hashlib.sha256(data).hexdigest().encode("ascii") + b"\n", durable=False)
        except OSError as exc:
            log.info("parquet cache not written (%s)", exc)
            atomic_write_bytes(path, data)
            return
    place(cached, path)
