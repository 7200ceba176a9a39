"""A stable digest of a chart's inputs: frames by their bytes, plain values by their value.

The digest is the same in every process and on every run for equal inputs
(no ``hash()``, no ``id()``, no pickle), and different whenever a value the
chart could draw differs. A type it does not know raises ``TypeError`` rather
than being skipped: a cache that ignores an input would serve a stale chart.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import logging
import math
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

import numpy as np
import pandas as pd

log = logging.getLogger(__name__)


def digest(value: Any) -> str:
    """The hex SHA-256 of ``value``'s canonical form."""
    h = hashlib.sha256()
    feed(h, value)
    return h.hexdigest()


def feed(h: Any, value: Any) -> None:
    """Add ``value`` to the hash ``h``, tagged with its type so that ``1`` and ``"1"`` differ."""
    if value is None or isinstance(value, bool | int | str | bytes):
        _tag(h, type(value).__name__, repr(value).encode())
    elif isinstance(value, float | np.floating):
        number = float(value)
        _tag(h, "float", b"nan" if math.isnan(number) else repr(number).encode())
    elif isinstance(value, np.integer | np.bool_):
        feed(h, value.item())
    elif isinstance(value, dt.date | dt.datetime | dt.time | pd.Timestamp):
        _tag(h, type(value).__name__, value.isoformat().encode())
    elif isinstance(value, enum.Enum):
        _tag(h, "enum", f"{type(value).__qualname__}.{value.name}".encode())
    elif isinstance(value, PurePath):
        _tag(h, "path", str(value).encode())
    elif isinstance(value, pd.DataFrame):
        _frame(h, value)
    elif isinstance(value, pd.Series):
        _tag(h, "series", repr((value.name, str(value.dtype))).encode())
        _column(h, pd.Series(value.index))
        _column(h, value)
    elif isinstance(value, pd.Index):
        _column(h, pd.Series(value))
    elif isinstance(value, np.ndarray):
        _array(h, value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        _tag(h, "dataclass", f"{type(value).__module__}.{type(value).__qualname__}".encode())
        for f in dataclasses.fields(value):
            feed(h, f.name)
            feed(h, getattr(value, f.name))
    elif isinstance(value, Mapping):
        _tag(h, "mapping", str(len(value)).encode())
        for key in sorted(value, key=digest):
            feed(h, key)
            feed(h, value[key])
    elif isinstance(value, set | frozenset):
        _tag(h, "set", str(len(value)).encode())
        for item in sorted(digest(v) for v in value):
            h.update(item.encode())
    elif isinstance(value, list | tuple):
        _tag(h, "sequence", str(len(value)).encode())
        for item in value:
            feed(h, item)
    else:
        raise TypeError(f"cannot fingerprint a {type(value).__qualname__} chart input")


def _tag(h: Any, kind: str, payload: bytes) -> None:
    h.update(f"{kind}:{len(payload)}:".encode())
    h.update(payload)


def _frame(h: Any, frame: pd.DataFrame) -> None:
    _tag(h, "frame", repr((frame.shape, frame.index.name)).encode())
    _column(h, pd.Series(frame.index))
    for name in frame.columns:
        feed(h, name)
        _column(h, frame[name])


def _column(h: Any, column: pd.Series) -> None:
    """Numbers and timestamps by their raw bytes; anything else by pandas' stable row hashes."""
    _tag(h, "dtype", str(column.dtype).encode())
    if column.dtype.kind in "biufcmM":
        _array(h, column.to_numpy())
    else:
        _array(h, pd.util.hash_pandas_object(column, index=False).to_numpy())


def _array(h: Any, array: np.ndarray) -> None:
    if array.dtype.kind == "O":
        feed(h, array.tolist())
        return
    _tag(h, "array", repr((str(array.dtype), array.shape)).encode())
    h.update(np.ascontiguousarray(array).tobytes())
