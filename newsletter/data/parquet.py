"""Parquet: how every file of ours in that format is written and read (one definition).

The issue's data snapshot (``bars.parquet``, ``options.parquet``) and the data caches
(bars per ticker, option chains) are Parquet, written and read with fastparquet.

Why fastparquet rather than pyarrow: pandas imports pyarrow on every ``import pandas``
whenever it is installed, whether or not a file is ever touched, and pyarrow is 38 MiB of
resident memory and 55 ms of every command's start (measured 2026-12-05 on the sample
issue's warm build: 0.755 against 0.70 s, peak 150 against 115 MiB). fastparquet is
imported here only when a file is really written or read (about 40 ms and 8 MiB), which a
warm build never does. The files are standard Parquet that pyarrow, DuckDB or Polars read;
the files earlier versions wrote with pyarrow read back the same
(``tests/data/test_parquet_compat.py``).

Writing goes through :func:`frame_bytes`, so the engine and its settings are fixed here,
not left to pandas' ``engine="auto"`` (which would switch to pyarrow whenever it is installed,
and with it the bytes).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from newsletter.versions import dist_version

ENGINE = "fastparquet"
COMPRESSION = "snappy"

ERRORS: tuple[type[Exception], ...] = (OSError, ValueError, TypeError, KeyError, IndexError,
                                       EOFError, RuntimeError)
"""What reading a damaged or foreign file can raise (fastparquet has no exception class of its
own: a truncated file is an ``EOFError`` or a thrift error, an odd schema a ``ValueError``)."""


@lru_cache(maxsize=1)
def engine_versions() -> str:
    """The versions that decide a written file's bytes, for cache keys."""
    return ",".join(f"{dist}={dist_version(dist)}" for dist in ("pandas", ENGINE, "numpy"))


def frame_bytes(frame: pd.DataFrame, *, index: bool | None = None,
                metadata: Mapping[str, str] | None = None) -> bytes:
    """The Parquet bytes of ``frame``: the index written unless it is a plain range (``index``
    None) or as asked; ``metadata`` goes into the file's key-value metadata."""
    options: dict[str, Any] = {"engine": ENGINE, "compression": COMPRESSION, "index": index}
    if metadata:
        options["custom_metadata"] = dict(metadata)
    data = frame.to_parquet(**options)
    assert isinstance(data, bytes)  # no path given: pandas returns the bytes
    return data


def read_frame(path: Path | bytes) -> pd.DataFrame:
    """The frame in a Parquet file (or its bytes), with its index restored."""
    return read_frame_and_metadata(path)[0]


def read_frame_and_metadata(path: Path | bytes) -> tuple[pd.DataFrame, dict[str, str]]:
    """The frame in a Parquet file (or its bytes) and the file's key-value metadata."""
    import fastparquet  # here, not at the top: a build that reads no Parquet never loads it

    source = io.BytesIO(path) if isinstance(path, bytes) else str(path)
    parquet_file = fastparquet.ParquetFile(source)
    return parquet_file.to_pandas(), dict(parquet_file.key_value_metadata or {})


def dates_column(values: pd.Series) -> pd.Series:
    """A column of calendar dates (``datetime.date``), whether it was stored as ISO text, as
    timestamps, or as Parquet dates (which fastparquet hands back as nanoseconds since 1970
    when pyarrow wrote them)."""
    return pd.to_datetime(values).dt.date
