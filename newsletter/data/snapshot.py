"""Save and load the Snapshot an issue was built from, so any issue can be rebuilt.

Layout under ``issues/<date>/snapshot/``: ``bars.parquet`` (long format with a
``Ticker`` column), ``options.parquet``, ``meta.json`` (source, as-of, earnings,
failures, calendar version).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd

from newsletter.atomic import atomic_write_bytes, atomic_write_text
from newsletter.data.parquet import ERRORS as PARQUET_ERRORS
from newsletter.data.parquet import dates_column, frame_bytes, read_frame
from newsletter.data.parquet_cache import tagged_frames_key, write_cached, write_parquet
from newsletter.errors import NewsletterError
from newsletter.model import (
    BAR_COLUMNS,
    OPTION_COLUMNS,
    OPTION_QUOTE_COLUMNS,
    Snapshot,
    chain_columns,
)


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
    """The chains of an :func:`options_frame` read back, by ticker (modifies ``options``)."""
    chains: dict[str, pd.DataFrame] = {}
    if not options.empty:
        options["expiry"] = dates_column(options["expiry"])
        for t, c in options.groupby("ticker", sort=True):
            c = c.drop(columns=["ticker", *(q for q in OPTION_QUOTE_COLUMNS  # quotes only where
                                            if q in c and c[q].isna().all())])  # they were
            chains[str(t)] = c[chain_columns(c)].reset_index(drop=True)
    return chains


def load_snapshot(folder: Path) -> Snapshot:
    """Read a snapshot folder (or an issue folder that holds ``snapshot/``)."""
    if (folder / "snapshot" / "meta.json").is_file():
        folder = folder / "snapshot"
    meta_path = folder / "meta.json"
    if not meta_path.is_file():
        raise NewsletterError("no snapshot here (meta.json missing)", file=folder)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        bars = read_frame(folder / "bars.parquet")
        options = read_frame(folder / "options.parquet")
    except PARQUET_ERRORS as exc:
        raise NewsletterError(f"unreadable snapshot ({exc})", file=folder) from None
    by_ticker = {
        str(t): f.drop(columns="Ticker")[list(BAR_COLUMNS)] for t, f in bars.groupby("Ticker", sort=True)
    }
    chains = chains_from_frame(options)
    return Snapshot(
        source=meta["source"],
        asof=dt.date.fromisoformat(meta["asof"]),
        bars=by_ticker,
        options=chains,
        earnings={t: tuple(dt.date.fromisoformat(d) for d in ds) for t, ds in meta["earnings"].items()},
        sample=meta["sample"],
        adjusted=meta["adjusted"],
        calendar=meta["calendar"],
        failed=meta["failed"],
        iv_history=_iv_history(meta.get("iv_history", {}), folder),
        splits={t: tuple((dt.date.fromisoformat(d), float(r)) for d, r in s)
                for t, s in meta.get("splits", {}).items()},  # older snapshots kept no split record
    )


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
