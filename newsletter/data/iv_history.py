"""The at-the-money IV history a cache records, one value per ticker per session it saw a chain.

A live source answers today's chain only, so IV rank needs a history built up
day by day: every build that fetches a chain records that session's ATM IV in
``<cache>/iv_history/<ticker stem>.csv`` (``date,atm_iv``, percent, ascending, one
row a session; a session recorded again keeps the newer value). Reads return the
rows on or before the as-of session only, so a rebuild of an old date never sees
a later day. A row that is not a date and a finite positive IV is skipped and
named, never read as a number.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import pandas as pd

from newsletter.atomic import atomic_write_text
from newsletter.data.store import file_stem

FOLDER = "iv_history"
HEADER = "date,atm_iv"


def history_path(cache_dir: Path, ticker: str) -> Path:
    return Path(cache_dir) / FOLDER / f"{file_stem(ticker)}.csv"


def _read(path: Path) -> tuple[dict[dt.date, float], list[str]]:
    """The file's rows by date, and one line for each row skipped (file and line named)."""
    rows: dict[dt.date, float] = {}
    problems: list[str] = []
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return rows, problems
    except (OSError, UnicodeDecodeError) as exc:
        return rows, [f"{path}: unreadable ATM-IV history ({type(exc).__name__}); IV rank starts over"]
    for number, line in enumerate(text.splitlines(), start=1):
        if number == 1 and line.strip() == HEADER or not line.strip():
            continue
        day_text, _, iv_text = line.partition(",")
        try:
            day = dt.date.fromisoformat(day_text.strip())
            iv = float(iv_text)
        except ValueError:
            problems.append(f"{path}:{number}: not a date,ATM IV row; skipped")
            continue
        if not math.isfinite(iv) or iv <= 0:
            problems.append(f"{path}:{number}: ATM IV {iv_text.strip()!r} is not a positive number; "
                            "skipped")
            continue
        rows[day] = iv
    return rows, problems


def record_atm_iv(cache_dir: Path, ticker: str, day: dt.date, iv: float) -> list[str]:
    """Record ``ticker``'s ATM IV (percent) for session ``day``; returns the rows it had to skip.

    The file is rewritten whole through a rename, so a kill leaves the old file or
    the new one. A non-finite or non-positive ``iv`` is not recorded.
    """
    path = history_path(cache_dir, ticker)
    rows, problems = _read(path)
    if not math.isfinite(iv) or iv <= 0:
        return problems
    rows[day] = float(iv)
    body = "".join(f"{d.isoformat()},{rows[d]!r}\n" for d in sorted(rows))
    atomic_write_text(path, HEADER + "\n" + body)
    return problems


def load_atm_iv(cache_dir: Path, ticker: str, asof: dt.date) -> tuple[pd.Series, list[str]]:
    """The recorded ATM IVs (percent) on or before ``asof``, by date, and the rows skipped."""
    rows, problems = _read(history_path(cache_dir, ticker))
    days = sorted(d for d in rows if d <= asof)
    series = pd.Series([rows[d] for d in days], index=pd.DatetimeIndex(
        [pd.Timestamp(d) for d in days], name="Date"), name="atm_iv", dtype=np.float64)
    return series, problems
