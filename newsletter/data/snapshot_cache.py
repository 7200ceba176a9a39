"""The sample market's snapshot kept between builds: generated once, read back while nothing changed.

The sample source computes every ticker's whole history from its seed (about a
quarter of a warm build). Its output is decided by the seed, the as-of, the
workspace config (tickers, history length, closures), the tickers the notes
and earlier calls add, this package's code and the versions of the numeric
libraries and the calendar: the key covers all of them, so an edit to any
(even a comment in any module of the package) collects afresh. Only the plain
:class:`SampleSource` is cached; a live source (or anything dressed as one) is
never, since its answer can change without any of those changing.

Layout: ``<cache>/<key>/`` holds ``values.npy`` (every ticker's bars, one
float64 block, in the order collect gave them), ``dates.npy``, ``options.json``
(floats by their repr, which reads back exact; no Parquet, so a warm build never
loads a Parquet engine),
``meta.json`` (the rest, orders kept) and ``manifest.json`` (each file's SHA-256),
written last. A folder whose files do not match its manifest is ignored and
collected again. Frames of any other shape than the sample's (all float64
columns ``BAR_COLUMNS`` on a plain ``Date`` index; chains of float64 columns,
``kind`` strings and ``expiry`` dates) are not cached at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from newsletter.atomic import atomic_write_bytes
from newsletter.config import Config
from newsletter.data.base import Source
from newsletter.model import BAR_COLUMNS, Snapshot
from newsletter.versions import dist_version

log = logging.getLogger(__name__)

FORMAT = 2
"""Bump to orphan every entry (after changing the key or the layout)."""
PACKAGE = Path(__file__).resolve().parents[1]
_FILES = ("values.npy", "dates.npy", "options.json", "meta.json")


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of every file of the package (templates aside) and of the libraries' versions."""
    h = hashlib.sha256(f"format {FORMAT}".encode())
    for path in sorted(PACKAGE.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or path.suffix in (".pyc", ".j2"):
            continue
        h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    for dist in ("numpy", "pandas", "exchange-calendars"):
        h.update(f"{dist}={dist_version(dist)}".encode())
    return h.hexdigest()


def cacheable(source: Source) -> bool:
    """Only the sample market itself: deterministic in its seed and code."""
    from newsletter.data.sample import SampleSource

    return type(source) is SampleSource


def snapshot_key(source: Source, config: Config, asof: dt.date, extra_tickers: list[str]) -> str:
    """What decides a collected sample snapshot."""
    seed = getattr(source, "seed", None)
    parts = [code_version(), source.name, repr(seed), asof.isoformat(), repr(list(extra_tickers)),
             config.model_dump_json()]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _manifest(folder: Path) -> dict[str, str]:
    return {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in _FILES}


def _plain(frame: pd.DataFrame) -> bool:
    """A bars frame this cache reproduces exactly: float64 BAR_COLUMNS on a plain Date index."""
    index = frame.index
    return (tuple(frame.columns) == BAR_COLUMNS and frame.columns.dtype == object
            and all(d == np.float64 for d in frame.dtypes) and isinstance(index, pd.DatetimeIndex)
            and index.dtype == "datetime64[ns]" and index.name == "Date" and index.freq is None
            and not frame.attrs and frame.flags.allows_duplicate_labels)


def _chain_json(chain: pd.DataFrame) -> dict[str, Any] | None:
    """An option chain as JSON that reads back equal (floats by repr), or None when it holds
    anything else than float64 columns, ``kind`` strings and ``expiry`` dates."""
    if (not isinstance(chain.index, pd.RangeIndex) or chain.index.start != 0 or chain.index.step != 1
            or chain.index.name is not None or chain.attrs or chain.columns.dtype != object):
        return None
    out: dict[str, Any] = {"columns": [str(c) for c in chain.columns], "values": {}}
    for name in chain.columns:
        column = chain[name]
        if column.dtype == np.float64:
            out["values"][name] = column.tolist()
        elif name == "expiry" and all(type(v) is dt.date for v in column):
            out["values"][name] = [v.isoformat() for v in column]
        elif name == "kind" and all(type(v) is str for v in column):
            out["values"][name] = column.tolist()
        else:
            return None
    return out


def _chain(data: dict[str, Any]) -> pd.DataFrame:
    columns = {}
    for name in data["columns"]:
        values = data["values"][name]
        if name == "expiry":
            columns[name] = pd.Series([dt.date.fromisoformat(v) for v in values], dtype=object)
        elif name == "kind":
            columns[name] = pd.Series(values, dtype=object)
        else:
            columns[name] = pd.Series(values, dtype=np.float64)
    return pd.DataFrame(columns, columns=pd.Index(data["columns"], dtype=object))


def _load(folder: Path) -> Snapshot | None:
    try:
        recorded = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        if recorded != _manifest(folder):
            log.info("snapshot cache: ignoring a damaged entry %s", folder.name)
            return None
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        values = np.load(folder / "values.npy", allow_pickle=False)
        dates = np.load(folder / "dates.npy", allow_pickle=False)
        options = {t: _chain(c) for t, c in json.loads(
            (folder / "options.json").read_text(encoding="utf-8")).items()}
    except (OSError, ValueError, KeyError, TypeError):
        return None
    bars, at = {}, 0
    columns = pd.Index(list(BAR_COLUMNS), dtype=object)
    for ticker, rows in meta["rows"]:
        index = pd.DatetimeIndex(dates[at:at + rows], name="Date")
        bars[ticker] = pd.DataFrame(values[at:at + rows], index=index, columns=columns)
        at += rows
    return Snapshot(
        source=meta["source"], asof=dt.date.fromisoformat(meta["asof"]), bars=bars,
        options=options,
        earnings={t: tuple(dt.date.fromisoformat(d) for d in ds) for t, ds in meta["earnings"]},
        sample=meta["sample"], adjusted=meta["adjusted"], calendar=meta["calendar"],
        failed=dict(meta["failed"]),
        iv_history={t: pd.Series([v for _, v in rows], index=pd.DatetimeIndex(
            [pd.Timestamp(d) for d, _ in rows], name="Date"), name="atm_iv", dtype=np.float64)
            for t, rows in meta["iv_history"]},
        splits={t: tuple((dt.date.fromisoformat(d), float(r)) for d, r in rows)
                for t, rows in meta["splits"]})


def _store(snapshot: Snapshot, folder: Path) -> None:
    chains = {t: _chain_json(c) for t, c in snapshot.options.items()}
    if not snapshot.bars or not all(_plain(f) for f in snapshot.bars.values()) or None in chains.values():
        return
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}."))
    try:
        frames = list(snapshot.bars.values())
        np.save(tmp / "values.npy", np.concatenate([f.to_numpy() for f in frames]), allow_pickle=False)
        np.save(tmp / "dates.npy", np.concatenate([f.index.to_numpy() for f in frames]),
                allow_pickle=False)
        (tmp / "options.json").write_text(json.dumps(chains), encoding="utf-8")
        meta = {"source": snapshot.source, "asof": snapshot.asof.isoformat(),
                "sample": snapshot.sample, "adjusted": snapshot.adjusted,
                "calendar": snapshot.calendar, "failed": list(snapshot.failed.items()),
                "rows": [(t, len(f)) for t, f in snapshot.bars.items()],
                "earnings": [(t, [d.isoformat() for d in ds]) for t, ds in snapshot.earnings.items()],
                "iv_history": [(t, [(d.date().isoformat(), float(v)) for d, v in h.items()])
                               for t, h in snapshot.iv_history.items()],
                "splits": [(t, [(d.isoformat(), r) for d, r in rows])
                           for t, rows in snapshot.splits.items()]}
        (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        atomic_write_bytes(tmp / "manifest.json", json.dumps(_manifest(tmp)).encode(), durable=False)
        shutil.rmtree(folder, ignore_errors=True)
        os.replace(tmp, folder)
    except OSError as exc:
        log.info("snapshot cache not written (%s)", exc)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def collect_cached(collect: Callable[[], Snapshot], source: Source, config: Config, asof: dt.date,
                   extra_tickers: list[str], cache_dir: Path | None) -> Snapshot:
    """``collect()``, or the snapshot it gave last time for the same key (sample source only)."""
    if cache_dir is None or not cacheable(source):
        return collect()
    folder = Path(cache_dir) / snapshot_key(source, config, asof, extra_tickers)
    found = _load(folder)
    if found is not None:
        return found
    snapshot = collect()
    _store(snapshot, folder)
    return snapshot
