"""Save and load the Snapshot an issue was built from, so any issue can be rebuilt.

Layout under ``issues/<date>/snapshot/``: ``bars.parquet`` (long format with a
``Ticker`` column), ``options.parquet``, ``meta.json`` (source, as-of, earnings,
failures, calendar version).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pandas as pd

from newsletter.atomic import atomic_write_bytes, atomic_write_text
from newsletter.data.parquet import ERRORS as PARQUET_ERRORS
from newsletter.data.parquet import frame_bytes, read_frame
from newsletter.data.parquet_cache import tagged_frames_key, write_cached, write_parquet
from newsletter.errors import NewsletterError
from newsletter.jsonfile import iso_day, load_json
from newsletter.model import (
    BAR_COLUMNS,
    OPTION_COLUMNS,
    OPTION_QUOTE_COLUMNS,
    Snapshot,
    chain_columns,
)

T = TypeVar("T")


def save_snapshot(snapshot: Snapshot, folder: Path, cache_dir: Path | None = None) -> None:
    """Write the snapshot into ``folder``; with ``cache_dir``, unchanged frames are linked, not
    serialised again (:mod:`newsletter.data.parquet_cache`)."""
    folder.mkdir(parents=True, exist_ok=True)
    items = sorted(snapshot.bars.items())

    def bars() -> bytes:
        frames = [f.assign(Ticker=t) for t, f in items]
        return frame_bytes(pd.concat(frames) if frames else pd.DataFrame(columns=[*BAR_COLUMNS, "Ticker"]))

    if cache_dir is None or not items:
        atomic_write_bytes(folder / "bars.parquet", bars())
    else:  # keyed on the frames themselves: a hit builds no concatenation
        write_cached(folder / "bars.parquet", cache_dir, tagged_frames_key(items, "Ticker"), bars)
    write_parquet(options_frame(snapshot), folder / "options.parquet", cache_dir, index=False)
    meta = {
        "source": snapshot.source,
        "asof": snapshot.asof.isoformat(),
        "sample": snapshot.sample,
        "adjusted": snapshot.adjusted,
        "calendar": snapshot.calendar,
        "failed": snapshot.failed,
        "earnings": {t: [d.isoformat() for d in ds] for t, ds in sorted(snapshot.earnings.items())},
        "iv_history": {t: {d.date().isoformat(): float(v) for d, v in h.items()}
                       for t, h in sorted(snapshot.iv_history.items())},
        "splits": {t: [[d.isoformat(), r] for d, r in s] for t, s in sorted(snapshot.splits.items())},
    }
    atomic_write_text(folder / "meta.json", json.dumps(meta, indent=1, sort_keys=True) + "\n")


def options_frame(snapshot: Snapshot) -> pd.DataFrame:
    """Every option chain in one frame, with a ``ticker`` column (as ``options.parquet`` holds)."""
    chains = [c.assign(ticker=t) for t, c in sorted(snapshot.options.items()) if c is not None]
    options = pd.concat(chains, ignore_index=True) if chains else pd.DataFrame(
        columns=[*OPTION_COLUMNS, "ticker"])
    return options.astype({"expiry": str})


def chains_from_frame(options: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The chains of an :func:`options_frame` read back (expiries already dates: see
    :func:`_options_frame`), by ticker."""
    chains: dict[str, pd.DataFrame] = {}
    if not options.empty:
        for t, c in options.groupby("ticker", sort=True):
            c = c.drop(columns=["ticker", *(q for q in OPTION_QUOTE_COLUMNS  # quotes only where
                                            if q in c and c[q].isna().all())])  # they were
            chains[str(t)] = c[chain_columns(c)].reset_index(drop=True)
    return chains


def load_snapshot(folder: Path) -> Snapshot:
    """Read a snapshot folder (or an issue folder that holds ``snapshot/``).

    Anything damaged (a file cut short, a column missing or holding text, a date that is not
    one) is a :class:`NewsletterError` naming the file and the key: the track record and
    ``notes new`` read older issues' snapshots and must be able to say so and go on.
    """
    if (folder / "snapshot" / "meta.json").is_file():
        folder = folder / "snapshot"
    meta_path = folder / "meta.json"
    if not meta_path.is_file():
        raise NewsletterError("no snapshot here (meta.json missing)", file=folder)
    meta = load_json(meta_path)
    if not isinstance(meta, dict):
        raise NewsletterError("unreadable snapshot: expected a mapping of keys to values",
                              file=meta_path)
    bars = _bars_frame(_read(folder / "bars.parquet"), folder / "bars.parquet")
    options = _options_frame(_read(folder / "options.parquet"), folder / "options.parquet")
    by_ticker = {
        str(t): f.drop(columns="Ticker")[list(BAR_COLUMNS)] for t, f in bars.groupby("Ticker", sort=True)
    }
    with _meta_key(meta_path, "source", "the source's name"):
        source = _of(str, meta["source"])
    with _meta_key(meta_path, "asof", "a date (YYYY-MM-DD)"):
        asof = iso_day(meta["asof"])
    with _meta_key(meta_path, "earnings", "ticker: [YYYY-MM-DD, ...]"):
        earnings = {str(t): tuple(iso_day(d) for d in ds) for t, ds in meta["earnings"].items()}
    with _meta_key(meta_path, "splits", "ticker: [[YYYY-MM-DD, ratio], ...]"):  # older snapshots had none
        splits = {str(t): tuple((iso_day(d), float(r)) for d, r in s)
                  for t, s in meta.get("splits", {}).items()}
    with _meta_key(meta_path, "failed", "ticker: reason"):
        failed = {str(t): str(why) for t, why in meta["failed"].items()}
    with _meta_key(meta_path, "sample", "true or false"):
        sample = _of(bool, meta["sample"])
    with _meta_key(meta_path, "adjusted", "text"):
        adjusted = str(meta["adjusted"])
    with _meta_key(meta_path, "calendar", "text"):
        calendar = str(meta["calendar"])
    return Snapshot(
        source=source,
        asof=asof,
        bars=by_ticker,
        options=chains_from_frame(options),
        earnings=earnings,
        sample=sample,
        adjusted=adjusted,
        calendar=calendar,
        failed=failed,
        iv_history=_iv_history(meta.get("iv_history", {}), folder),
        splits=splits,
    )


def _read(path: Path) -> pd.DataFrame:
    try:
        return read_frame(path)
    except FileNotFoundError:
        raise NewsletterError("unreadable snapshot: the file is missing", file=path) from None
    except PARQUET_ERRORS as exc:
        raise NewsletterError(f"unreadable snapshot: not a readable Parquet file, damaged or cut "
                              f"short ({type(exc).__name__}: {exc})", file=path) from None


def _bars_frame(bars: pd.DataFrame, path: Path) -> pd.DataFrame:
    """``bars`` as :func:`save_snapshot` wrote it: every bar column, numbers, on dates."""
    _require_columns(bars, (*BAR_COLUMNS, "Ticker"), path)
    if bars.empty:
        return bars
    if not isinstance(bars.index, pd.DatetimeIndex):
        raise NewsletterError("unreadable snapshot: the rows are not on dates (no Date index)",
                              file=path, key="Date")
    _require_numbers(bars, BAR_COLUMNS, path)
    return bars


def _options_frame(options: pd.DataFrame, path: Path) -> pd.DataFrame:
    """``options`` as :func:`options_frame` wrote it: the chain columns, numbers, ISO expiries."""
    _require_columns(options, (*OPTION_COLUMNS, "ticker"), path)
    if options.empty:
        return options
    _require_numbers(options, [c for c in options.columns if c not in ("expiry", "kind", "ticker")],
                     path)
    try:
        options["expiry"] = [iso_day(d) for d in options["expiry"]]
    except (TypeError, ValueError):
        raise NewsletterError("unreadable snapshot: not a date (YYYY-MM-DD) in every row",
                              file=path, key="expiry") from None
    return options


def _require_columns(frame: pd.DataFrame, columns: tuple[str, ...], path: Path) -> None:
    for column in columns:
        if column not in frame.columns:
            raise NewsletterError("unreadable snapshot: the column is missing", file=path, key=column)


def _require_numbers(frame: pd.DataFrame, columns: Iterable[str], path: Path) -> None:
    for column in columns:
        dtype = frame[column].dtype
        if not pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
            raise NewsletterError(f"unreadable snapshot: the column holds {dtype}, not numbers",
                                  file=path, key=column)


def _of(kind: type[T], value: object) -> T:
    """``value`` if it is a ``kind``; else a TypeError (which :func:`_meta_key` words)."""
    if not isinstance(value, kind):
        raise TypeError(f"{value!r} is not a {kind.__name__}")
    return value


@contextmanager
def _meta_key(path: Path, key: str, expected: str) -> Iterator[None]:
    """Turn what reading ``key`` of meta.json raises into one line naming the file, the key and
    what it should hold."""
    try:
        yield
    except KeyError:
        raise NewsletterError("unreadable snapshot: the key is missing", file=path, key=key) from None
    except (TypeError, ValueError, AttributeError):
        raise NewsletterError(f"unreadable snapshot: expected {expected}", file=path, key=key) from None


def _iv_history(meta: object, folder: Path) -> dict[str, pd.Series]:
    try:
        assert isinstance(meta, dict)
        return {str(t): _series(h) for t, h in meta.items()}
    except (AssertionError, AttributeError, TypeError, ValueError):
        raise NewsletterError("unreadable snapshot (meta.json iv_history is not ticker: {date: IV})",
                              file=folder / "meta.json", key="iv_history") from None


def _series(values: dict[str, float]) -> pd.Series:
    days = sorted(values)
    return pd.Series([float(values[d]) for d in days], index=pd.DatetimeIndex(
        [pd.Timestamp(d) for d in days], name="Date"), name="atm_iv", dtype="float64")
