"""The recap's 200-day crosses: an index's first close on the other side of its 200-day after a
long run (a headline candidate and a line), and last week's cross that this week undid.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd

from newsletter.analysis.history import close_series
from newsletter.analysis.indicators import sma
from newsletter.analysis.levels import WEEKS_52
from newsletter.analysis.periods import week_start
from newsletter.display import and_list, label
from newsletter.sections.base import Context, Signal, together

CROSS_RUN = 42
"""A close on the other side of the 200-day is news after this many sessions (two months) on one
side: $SPY's first close over it since Dec 29, 2015 (Mar 11, 2016, 48 sessions under), its first
under it in 21 months (Mar 23, 2018) were in no line but the scoreboard."""


@dataclass(frozen=True)
class Cross200:
    """A first close on the other side of the 200-day after a long run (:func:`cross_200d`)."""

    at: int
    """Its position in the closes."""
    up: bool
    run: int
    """Sessions on the side it left."""
    before: int | None
    """The last earlier close on its side (the "since"); None: none in the data."""


def cross_200d(values: np.ndarray, average: np.ndarray, base: int) -> Cross200 | None:
    """The first close after position ``base`` (the week's base close) on the other side of the
    200-day (``average``) after :data:`CROSS_RUN` sessions or more on one side, the last close
    still there (a slip back between them inside the week does not count as a run; the replay's
    2003-04-20: $SPY over its 200-day on Apr 14 after 261 sessions under, under on Apr 16, over
    again on Apr 17, and no line said so); else None."""
    if len(values) < 200 + CROSS_RUN or base >= len(values) - 1:
        return None
    over, under = values > average, values < average  # NaN (warm-up) is neither
    side = over if over[-1] else under if under[-1] else None
    if side is None:
        return None
    other = under if over[-1] else over
    start = base + 1 + int(np.argmax(side[base + 1:]))  # the week's first close on this side
    if not other[start - 1]:
        return None
    away = np.flatnonzero(~other[:start])
    run = start - (int(away[-1]) + 1 if away.size else 0)
    if run < CROSS_RUN:
        return None
    before = int(away[-1]) if away.size and side[int(away[-1])] else None
    return Cross200(start, bool(over[-1]), run, before)


def _crossed_200d(ctx: Context, ticker: str, names: Mapping[str, str]) -> Signal | None:
    """:func:`cross_200d` this week as a headline candidate: "$SPY Loses Its 200-Day", "$IWM Takes
    Back Its 200-Day"; the S&P's is the market's story."""
    closes = close_series(ctx.bars(ticker)["Close"].loc[: pd.Timestamp(ctx.snapshot.asof)])
    base = week_start(closes.index)
    if base is None or len(closes) < 200 + CROSS_RUN:
        return None
    cross = cross_200d(closes.to_numpy(dtype=float), sma(closes, 200).to_numpy(), base)
    if cross is None:
        return None
    day = closes.index[cross.at]
    before = cross.before
    since = (f"for the first time since {closes.index[before]:%b} {closes.index[before].day}, "
             f"{closes.index[before].year}" if before is not None
             else "for the first time in the data here")
    sp500 = ticker == "SPY"
    up, run = cross.up, cross.run
    who = "$SPY" if sp500 else label(ticker, names)
    phrase = f"{who} {'Takes Back' if up else 'Loses'} Its 200-Day"
    was = "under" if up else "over"  # the side of the run it left
    hook = (f"${ticker} closed {'over' if up else 'under'} its 200-day on {day:%A} {since}, "
            f"after {run} sessions {was} it.")
    return Signal(1.0 + min(run, 2 * WEEKS_52) / WEEKS_52 / 2.0, phrase, hook, aside=hook,
                  market=sp500, lean=1 if up else -1,
                  story=CROSS_STORIES[up])


def crosses_together(crosses: list[tuple[str, Signal]], names: Mapping[str, str]) -> list[Signal]:
    """The week's 200-day crosses (each index's :func:`_crossed_200d`, in scoreboard order), those
    of one side in one phrase, $SPY's first: "$SPY, $IWM and $DIA Take Back Their 200-Days",
    weighed as the strongest, the market's story when $SPY's is in it, each hook told. The replay's
    2009-06-07 led "$DIA Takes Back Its 200-Day" (1.52) over $SPY's own first close over it in 259
    sessions (1.51), one story, so $SPY's was a ⚡ line only; $IWM's too."""
    out = []
    for up in (True, False):
        side = sorted((c for c in crosses if c[1].story == CROSS_STORIES[up]),
                      key=lambda c: c[0] != "SPY")
        if len(side) < 2:
            out += [signal for _, signal in side]
            continue

        out.append(together([(label(t, names), signal) for t, signal in side],
                            partial(_cross_phrase, up=up)))
    return out


def _cross_phrase(members: list[str], up: bool) -> str:
    """"$SPY Takes Back Its 200-Day", "$SPY and $DIA Lose Their 200-Days"."""
    if len(members) == 1:
        return f"{members[0]} {'Takes Back' if up else 'Loses'} Its 200-Day"
    return f"{and_list(members)} {'Take Back' if up else 'Lose'} Their 200-Days"


CROSS_STORIES = {True: "the 200-day taken back", False: "the 200-day lost"}
"""The :attr:`~newsletter.sections.base.Signal.story` of a 200-day cross, by its side."""


def failed_cross_words(ticker: str, closes: pd.Series) -> str:
    """Last week's 200-day cross (:func:`cross_200d` as of the week's base close) when this week
    took it back: "$SPY's close over its 200-day on Oct 27, its first in 62 sessions, did not
    hold: it closed back under it on Monday, Oct 31." ("" otherwise). The replay's 2011-11-06,
    2012-05-27 and 2012-06-10 said nothing of the cross their previous issue had led with, undone
    one or two sessions later."""
    base = week_start(closes.index)
    if base is None or base >= len(closes) - 1 or len(closes) < 200 + CROSS_RUN:
        return ""
    values = closes.to_numpy(dtype=float)
    average = sma(closes, 200).to_numpy()
    last_base = week_start(closes.index[: base + 1])
    if last_base is None:
        return ""
    cross = cross_200d(values[: base + 1], average[: base + 1], last_base)
    if cross is None:
        return ""
    back = values < average if cross.up else values > average
    if not back[-1]:
        return ""  # it held, or the last close sits on the average
    again = base + 1 + int(np.argmax(back[base + 1:]))
    day, when = closes.index[cross.at], closes.index[again]
    side, undone = ("over", "under") if cross.up else ("under", "over")
    return (f"${ticker}'s close {side} its 200-day on {day:%b} {day.day}, its first in {cross.run} "
            f"sessions, did not hold: it closed back {undone} it on {when:%A}, {when:%b} {when.day}.")
