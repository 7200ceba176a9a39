"""A session axis: bars at 0, 1, 2, ... (no weekend gaps), ticks at the first session of a month."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes

MAX_TICKS = 7


def month_ticks(ax: Axes, index: pd.DatetimeIndex) -> None:
    """Tick ``ax`` (x = session number) at month starts: ``Jun``; January shows the year."""
    if len(index) == 0:
        return
    months = index.year * 12 + index.month
    starts = [i for i in range(1, len(index)) if months[i] != months[i - 1]]
    step = 1
    while len(starts[::step]) > MAX_TICKS:
        step += 1
    starts = starts[::step]
    labels = [f"{index[i]:%b}" if index[i].month != 1 else f"{index[i]:%b} \u2019{index[i]:%y}"
              for i in starts]
    ax.set_xticks(starts, labels)
