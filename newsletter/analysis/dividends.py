"""Whether an ``Adj Close`` series can be read for dividends over a span.

Yahoo's adjusted close scales every close before an ex-date down by the dividend's share, so the
factor ``Adj Close / Close`` only steps up going forward in time. A step down is a fault in the
series, not a payout: the shared bars' 2022-05-10 (all four index ETFs) and 2022-08-08 ($DIA) made
the scoreboard print "$SPY (-2.3%; -2.8% with its dividend)" in a week $SPY paid none, and a
bear-market line rest on it (the replay's 2022 review). Such a span is read on the price alone.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

FAULT = 1e-4
"""A step down of the factor larger than this share of it is a fault (rounding makes smaller)."""


def adjusted_ok(close: np.ndarray, adjusted: np.ndarray) -> bool:
    """Whether ``adjusted`` (on the same sessions as ``close``) has a finite, positive factor that
    never steps down by more than :data:`FAULT` of itself from one session to the next."""
    close = np.asarray(close, dtype=float)
    adjusted = np.asarray(adjusted, dtype=float)
    if close.shape != adjusted.shape or not close.size:
        return False
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = adjusted / close
    if not np.all(np.isfinite(factor)) or not np.all(factor > 0):
        return False
    return bool(np.all(np.diff(factor) >= -FAULT * factor[:-1]))


MIN_PAYOUT = 0.0005
"""A step of the factor under this share of the close is rounding, not a payout."""


def ex_dividends(close: pd.Series, adjusted: pd.Series | None, since: int = 1) -> np.ndarray:
    """The dividend that went ex on each session of ``close`` from position ``since`` on, in
    price (0 elsewhere), from the factor's step up across the session (Yahoo scales the closes
    before an ex-date down by the dividend's share of the close before it); all 0 without
    adjusted closes. Only the sessions asked for are read: a support break asks of the last five,
    for every candidate of every replayed week."""
    out = np.zeros(len(close))
    start = max(1, since) - 1
    if adjusted is None or len(close) - start < 2:
        return out
    span = close.index[start:]
    adj = adjusted.reindex(span).to_numpy(dtype=float)
    c = close.to_numpy(dtype=float)[start:]
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = adj / c
        paid = c[:-1] * (1.0 - factor[:-1] / factor[1:])  # over 0 across an ex-date
    ok = np.isfinite(paid) & (paid > MIN_PAYOUT * c[:-1])
    out[start + 1:][ok] = paid[ok]
    return out


def paid_back(price_pct: np.ndarray, total_pct: np.ndarray) -> np.ndarray:
    """True where a move that prints as a fall on the price (one decimal) prints as no fall with
    the dividend paid (0.0% or up): an ex-dividend week or session whose drop the dividend covers
    is no loss to a holder, so it carries no losing run (the replay's 2011-06-26 "$SPY Falls 8
    Weeks in a Row" counted the week to Jun 17, -0.43% on the price and +0.06% with the dividend:
    the run was 6 weeks)."""
    with np.errstate(invalid="ignore"):
        return (np.round(price_pct, 1) < 0) & (np.round(total_pct, 1) >= 0)


def on_sessions(close: pd.Series, adjusted: pd.Series | None) -> np.ndarray | None:
    """``adjusted`` on ``close``'s sessions, as floats, when it can be read for dividends there
    (:func:`adjusted_ok`); else None (read the price alone)."""
    if adjusted is None:
        return None
    # the same sessions (a frame's two columns, no close missing): no reindex, a tenth the time
    same = len(adjusted) == len(close) and adjusted.index.equals(close.index)
    adj = (adjusted if same else adjusted.reindex(close.index)).to_numpy(dtype=float)
    return adj if adjusted_ok(close.to_numpy(dtype=float), adj) else None
