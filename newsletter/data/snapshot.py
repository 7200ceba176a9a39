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
from newsletter.errors import NewsletterError
from newsletter.model import (
    BAR_COLUMNS,
    OPTION_COLUMNS,
    OPTION_QUOTE_COLUMNS,
    Snapshot,
    chain_columns,
)


def save_snapshot(snapshot: Snapshot, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    frames = [f.assign(Ticker=t) for t, f in sorted(snapshot.bars.items())]
    bars = pd.concat(frames) if frames else pd.DataFrame(columns=[*BAR_COLUMNS, "Ticker"])
    atomic_write_bytes(folder / "bars.parquet", bars.to_parquet())
    chains = [c.assign(ticker=t) for t, c in sorted(snapshot.options.items()) if c is not None]
    options = pd.concat(chains, ignore_index=True) if chains else pd.DataFrame(
        columns=[*OPTION_COLUMNS, "ticker"])
    options = options.astype({"expiry": str})
    atomic_write_bytes(folder / "options.parquet", options.to_parquet(index=False))
    meta = {
        "source": snapshot.source,
        "asof": snapshot.asof.isoformat(),
        "sample": snapshot.sample,
        "adjusted": snapshot.adjusted,
        "calendar": snapshot.calendar,
        "failed": snapshot.failed,
        "earnings": {t: [d.isoformat() for d in ds] for t, ds in sorted(snapshot.earnings.items())},
        "splits": {t: [[d.isoformat(), r] for d, r in s] for t, s in sorted(snapshot.splits.items())},
    }
    atomic_write_text(folder / "meta.json", json.dumps(meta, indent=1, sort_keys=True) + "\n")


def load_snapshot(folder: Path) -> Snapshot:
    """Read a snapshot folder (or an issue folder that holds ``snapshot/``)."""
    if (folder / "snapshot" / "meta.json").is_file():
        folder = folder / "snapshot"
    meta_path = folder / "meta.json"
    if not meta_path.is_file():
        raise NewsletterError("no snapshot here (meta.json missing)", file=folder)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        bars = pd.read_parquet(folder / "bars.parquet")
        options = pd.read_parquet(folder / "options.parquet")
    except (OSError, ValueError) as exc:
        raise NewsletterError(f"unreadable snapshot ({exc})", file=folder) from None
    by_ticker = {
        str(t): f.drop(columns="Ticker")[list(BAR_COLUMNS)] for t, f in bars.groupby("Ticker", sort=True)
    }
    chains: dict[str, pd.DataFrame] = {}
    if not options.empty:
        options["expiry"] = pd.to_datetime(options["expiry"]).dt.date
        for t, c in options.groupby("ticker", sort=True):
            c = c.drop(columns=["ticker", *(q for q in OPTION_QUOTE_COLUMNS  # quotes only where
                                            if q in c and c[q].isna().all())])  # they were
            chains[str(t)] = c[chain_columns(c)].reset_index(drop=True)
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
        splits={t: tuple((dt.date.fromisoformat(d), float(r)) for d, r in s)
                for t, s in meta.get("splits", {}).items()},  # older snapshots kept no split record
    )
