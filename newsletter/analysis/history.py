"""How much history a computation needs, and the one error for not having it.

Every function in :mod:`newsletter.analysis` that lacks history raises
:class:`NotEnoughData` ("not enough data for 200-day SMA: need 200 sessions,
have 57") instead of returning NaN. A NaN bar (a row with NaN in a column the
function reads: ``Close`` for most, High/Low too for ATR and rejections, Volume
for breakouts) is a missing session: it is dropped before counting or
computing, so one bad row never poisons a running TA-Lib sum.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd


class NotEnoughData(ValueError):
    """Too little history for ``what``: ``need`` units (sessions by default), ``have`` fewer."""

    def __init__(self, what: str, need: int, have: int, unit: str = "sessions") -> None:
        self.what = what
        self.need = int(need)
        self.have = int(have)
        self.unit = unit
        super().__init__(f"not enough data for {what}: need {self.need} {_one(self.need, unit)}, "
                         f"have {self.have}")


def _one(count: int, unit: str) -> str:
    """``unit`` for a count of one: its first word singular ("1 ticker with 200 sessions", not
    "1 tickers with 200 sessions", a note the sample printed to readers)."""
    first, _, rest = unit.partition(" ")
    if count != 1 or not first.endswith("s") or first.endswith("ss"):
        return unit
    return " ".join(w for w in (first[:-1], rest) if w)


def require(have: int, need: int, what: str, unit: str = "sessions") -> None:
    """Raise :class:`NotEnoughData` unless ``have >= need``."""
    if have < need:
        raise NotEnoughData(what, need, have, unit)


def close_series(data: pd.Series | pd.DataFrame, column: str = "Close") -> pd.Series:
    """``data[column]`` (or the Series itself) as float64 with NaN rows dropped: the Series itself
    when it is float64 with nothing to drop, so callers only read it (nothing in the package
    writes into a Series). The replay reads closes this way some 280 times a week; a copy or a
    dropna each (0.3 ms) took some 7 of its 59 profiled seconds over 2016-2020."""
    series = data[column] if isinstance(data, pd.DataFrame) else data
    if series.dtype == np.float64 and not np.isnan(series.to_numpy()).any():
        return series
    return series.astype(np.float64).dropna()


def clean_bars(bars: pd.DataFrame, columns: tuple[str, ...] = ("High", "Low", "Close")) -> pd.DataFrame:
    """The bars with every row missing one of ``columns`` dropped (a missing session)."""
    for column in columns:
        values = bars[column].to_numpy()
        if values.dtype.kind != "f" or np.isnan(values).any():
            return bars.dropna(subset=list(columns))
    return bars.copy()  # nothing to drop: skip dropna (0.35 against 0.06 ms), as close_series does


def as_date(stamp: pd.Timestamp | dt.date | np.datetime64) -> dt.date:
    """A session stamp as a plain :class:`datetime.date`."""
    return pd.Timestamp(stamp).date()


def last_on_or_before(index: pd.DatetimeIndex, day: dt.date | pd.Timestamp) -> int | None:
    """Position of the last session ``<= day`` in an ascending index, or None when there is none."""
    pos = int(index.searchsorted(pd.Timestamp(day), side="right")) - 1
    return pos if pos >= 0 else None
