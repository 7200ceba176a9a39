"""Which other names have moved with a stock: the peers a fade could drag along.

A Sentiment Top said "If it fades from here, it could drag $AVGO and $NVDA with it" of every
stalled leader, naming the first two other names of the watchlist whatever they were ($PLTR
always dragged $AVGO and $NVDA, the sample, seed 29). The names are now those whose daily
returns tracked the stock's over the last three months, with the figure.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from newsletter.analysis.history import close_series

TRACKING_SESSIONS = 63
"""Three months of sessions: the daily returns the correlation is measured over."""
MIN_TRACKING = 0.6
"""The correlation, as printed (two decimals), from which a peer is said to move with the stock."""
MOST_PEERS = 2


def tracking(closes: pd.Series | pd.DataFrame, others: Mapping[str, pd.Series | pd.DataFrame],
             sessions: int = TRACKING_SESSIONS) -> dict[str, float]:
    """The correlation of each other name's daily returns with ``closes``' over the last
    ``sessions`` returns they share (names with fewer shared sessions are left out)."""
    mine = close_series(closes).pct_change()
    out: dict[str, float] = {}
    for name, bars in others.items():
        both = pd.concat([mine, close_series(bars).pct_change()], axis=1, join="inner").dropna()
        both = both.iloc[-sessions:]
        if len(both) < sessions:
            continue
        a, b = both.iloc[:, 0].to_numpy(), both.iloc[:, 1].to_numpy()
        if a.std() == 0 or b.std() == 0:
            continue
        out[name] = float(np.corrcoef(a, b)[0, 1])
    return out


def tracking_peers(correlations: Mapping[str, float], min_corr: float = MIN_TRACKING,
                   most: int = MOST_PEERS) -> tuple[tuple[str, float], ...]:
    """The names whose correlation prints at ``min_corr`` or more, highest first by the figure
    itself (two that print alike keep their order: 0.6049 before 0.6003, the sample, seed 41, left
    the closer out by watchlist order), at most ``most``."""
    kept = [(n, c) for n, c in correlations.items() if round(c, 2) >= min_corr]
    return tuple(sorted(kept, key=lambda nc: -nc[1])[:most])
