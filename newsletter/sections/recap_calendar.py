"""The recap's calendar lines: the month and the year in the week they end, each ranked only when
the rank reaches back far enough to be news.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from newsletter.analysis.dividends import adjusted_ok
from newsletter.analysis.history import close_series
from newsletter.calendar_periods import ended_month, ended_year, month_moves, year_moves
from newsletter.display import signed_percent, tradeable
from newsletter.rounding import as_printed
from newsletter.sections.base import Context, Signal

if TYPE_CHECKING:  # recap imports this module
    from newsletter.sections.recap import Move


def year_words(ctx: Context, indices: list[Move]) -> str:
    """"2018: $SPY -6.4% on the year, its worst year since 2008 (-38.3%); $QQQ -1.0%, $IWM -12.2%."
    in the week that ends a year (:func:`~newsletter.calendar_periods.ended_year`), "" in others:
    the real bars' 2017-12-31 and 2019-01-06 issues gave neither year."""
    return _calendar_line(ctx, indices, "year")


YEAR_STRENGTH = 1.5
"""A year that ranks (:func:`_year_rank`) weighs as a 3% week in the week it ends: the replay's
2014-01-05 led "$SPY Slips From Tuesday's Record High" (a 0.975% give-back) in the issue whose
recap said "📅 2013: $SPY +29.7% on the year, its best year in the data here"."""


MONTH_STRENGTH = 1.25
"""A month that ranks weighs a little under a year that does (the replay's 2020-05-03 led "$SPY
Gives Back a 3.6% Rally" over April, $SPY's best month in the data)."""
OTHER_INDEX_SHARE = 0.75
"""Another index's ranked month or year weighs this share of the S&P's."""
IN_THE_DATA = 1.6
"""The data's best or worst month or year weighs this many times one that ranks back less far:
April 2020, $SPY's best month in the data, had lost to "$SPY Gives Back a 3.6% Rally"."""


def year_signal(ctx: Context) -> Signal | None:
    """:func:`calendar_signal` of the year: "$SPY Ends 2013 Up 29.7%"."""
    return calendar_signal(ctx, "year")


def calendar_signal(ctx: Context, unit: Literal["year", "month"]) -> Signal | None:
    """The index whose move over the calendar ``unit`` that ended this week ranks furthest back
    (the S&P first on a tie), as a headline candidate: "$SPY Ends 2013 Up 29.7%", its hook "$SPY
    rose 29.7% in 2013, its best year in the data here, back to 2001."; "$IWM Ends November Up
    18.2%". None when no index's ranks (:func:`_month_rank`, :func:`_year_rank`)."""
    tickers = [t for t in ctx.config.watchlists.indices if tradeable(t) and ctx.snapshot.has(t)]
    if not tickers:
        return None
    lead = "SPY" if "SPY" in tickers else tickers[0]
    closes = close_series(ctx.bars(lead)["Close"].loc[: pd.Timestamp(ctx.snapshot.asof)])
    ended = _ended(closes, ctx.snapshot.asof, unit)
    if ended is None:  # not the week a year (month) ends: most weeks
        return None
    found = [(t, *r) for t in tickers if (r := _ranked(ctx, t, unit)) is not None]
    if not found:
        return None
    ticker, heading, pct, rank, back = max(found, key=lambda f: (f[4], f[0] == "SPY"))
    up = pct > 0
    who = f"${ticker}"
    period, upto, _ = ended
    paid = with_dividends(ctx, ticker, unit, period, upto, pct)
    hook = f"{who} {'rose' if up else 'fell'} {abs(pct):.1f}% in {heading}{paid}, {rank}."
    strength = (YEAR_STRENGTH if unit == "year" else MONTH_STRENGTH) * (
        1.0 if ticker == "SPY" else OTHER_INDEX_SHARE) * (IN_THE_DATA if back == float("inf") else 1.0)
    return Signal(strength, f"{who} Ends {heading} {'Up' if up else 'Down'} {abs(pct):.1f}%", hook,
                  aside=hook, market=ticker == "SPY", lean=1 if up else -1,
                  story=f"the {unit}")


def with_dividends(ctx: Context, ticker: str, unit: Literal["year", "month"], period: object,
                   upto: pd.Timestamp, pct: float) -> str:
    """", +1.6% with its dividends" when a fall as printed (``pct``) was a gain or flat with the
    dividends paid over the calendar ``unit`` (``Adj Close``, when :func:`adjusted_ok`), else "":
    the replay's 2006-01-01 led "$DIA Ends 2005 Down 0.5%", "its worst year since 2002", of a
    year $DIA returned +1.6% (the week's scoreboard gives both figures; a month or a year only
    the price's)."""
    bars = ctx.bars(ticker).loc[: pd.Timestamp(ctx.snapshot.asof)]
    if round(pct, 1) >= 0 or "Adj Close" not in bars.columns:
        return ""
    both = bars[["Close", "Adj Close"]].dropna()
    if not adjusted_ok(both["Close"].to_numpy(), both["Adj Close"].to_numpy()):
        return ""
    total = _moves_to(both["Adj Close"], unit, period, upto)
    if total is None or round(float(total.iloc[-1]), 1) < 0:
        return ""
    return f", {signed_percent(float(total.iloc[-1]), 1)} with its dividends"


def _ranked(ctx: Context, ticker: str, unit: Literal["year", "month"]
            ) -> tuple[str, float, str, float] | None:
    """``ticker``'s move over the calendar ``unit`` that ended this week, when it ranks: its
    heading ("2013", "November"), percent, rank in words and how many units back the rank reaches
    (infinite for the data's best or worst)."""
    closes = close_series(ctx.bars(ticker)["Close"].loc[: pd.Timestamp(ctx.snapshot.asof)])
    ended = _ended(closes, ctx.snapshot.asof, unit)
    if ended is None:
        return None
    period, upto, heading = ended
    moves = _moves_to(closes, unit, period, upto)
    if moves is None:
        return None
    rank, back = _rank_reach(moves, unit)
    return (heading, float(moves.iloc[-1]), rank, back) if rank else None


def _ended(closes: pd.Series, asof: dt.date, unit: Literal["year", "month"]
           ) -> tuple[object, pd.Timestamp, str] | None:
    """The calendar year or month that ended this week (:func:`ended_year`, :func:`ended_month`):
    its period, its last instant and its heading ("2013", "November"); None in other weeks."""
    if unit == "year":
        year = ended_year(closes, asof)
        return None if year is None else (year, pd.Timestamp(year, 12, 31), str(year))
    month = ended_month(closes, asof)
    return None if month is None else (month, month.end_time, f"{month.start_time:%B}")


def _moves_to(closes: pd.Series, unit: Literal["year", "month"], period: object,
              upto: pd.Timestamp) -> pd.Series | None:
    """The calendar ``unit``'s moves of ``closes`` to ``period`` (the last), None without it."""
    moves = (year_moves if unit == "year" else month_moves)(closes.loc[:upto])
    return None if moves.empty or moves.index[-1] != period else moves


def month_words(ctx: Context, indices: list[Move]) -> str:
    """"October: $SPY +10.9% on the month, its best month in the data here, back to Feb 2000;
    $QQQ +10.4%, $IWM +15.1%, $DIA +9.6%." in the week that ends a calendar month
    (:func:`~newsletter.calendar_periods.ended_month`), "" in others: the replay's 2011-11-06 said
    nothing of October 2011, $SPY's best month in the data."""
    return _calendar_line(ctx, indices, "month")


def _calendar_line(ctx: Context, indices: list[Move], unit: Literal["year", "month"]) -> str:
    """The year's or the month's line: each tradeable index's move over the calendar ``unit`` that
    ended this week, the first ($SPY when it is there) ranked against its own earlier ones."""
    tickers = [m.ticker for m in indices if tradeable(m.ticker)]
    if not tickers:
        return ""
    asof = ctx.snapshot.asof
    closes = {t: close_series(ctx.bars(t)["Close"].loc[: pd.Timestamp(asof)]) for t in tickers}
    lead = "SPY" if "SPY" in closes else tickers[0]
    ended = _ended(closes[lead], asof, unit)
    if ended is None:
        return ""
    period, upto, heading = ended
    rank_of = _year_rank if unit == "year" else _month_rank
    parts: list[str] = []
    ranked_other = False
    for ticker in [lead, *(t for t in tickers if t != lead)]:
        moves = _moves_to(closes[ticker], unit, period, upto)
        if moves is None:
            continue
        said = f"${ticker} {signed_percent(float(moves.iloc[-1]), 1)}"
        said += with_dividends(ctx, ticker, unit, period, upto, float(moves.iloc[-1]))
        rank = rank_of(moves)  # each name against its own earlier ones
        if not parts:
            said += f" on the {unit}"
        elif rank:
            ranked_other = True
        parts.append(said + (f", {rank}" if rank else ""))
    if not parts:
        return ""
    # a ranked name after the first has commas of its own: the names are parted by semicolons
    rest = ("; " if ranked_other else ", ").join(parts[1:])
    return f"{heading}: {parts[0]}" + (f"; {rest}." if len(parts) > 1 else ".")


MONTH_RANK_REACH = 12
YEAR_RANK_REACH = 3
"""A month's rank is told when it reaches back 12 months or more, a year's 3 years (or to the
data's start, with that much data): the replay's 2013-01-06 said "$SPY +0.2% on the month, its
best month since Nov 2012 (+0.6%)", the month before and a bigger one (8 of 24 month lines of
2012-2014); weeks and days have the same rule at a quarter (analysis/move_rank.py)."""


def _month_rank(moves: pd.Series) -> str:
    """"its best month since Mar 2009 (+9.4%)" or "its worst month in the data here, back to
    Feb 2000" (:func:`_calendar_rank`, :data:`MONTH_RANK_REACH`)."""
    return _calendar_rank(moves, "month", MONTH_RANK_REACH, lambda now, then: (now - then).n,
                          lambda p: f"{p.start_time:%b %Y}")


def _year_rank(moves: pd.Series) -> str:
    """"its worst year since 2008 (-38.3%)" or "its best year in the data here, back to 2006"
    (:func:`_calendar_rank`, :data:`YEAR_RANK_REACH`)."""
    return _calendar_rank(moves, "year", YEAR_RANK_REACH, lambda now, then: int(now) - int(then),
                          lambda y: str(int(y)))


def _rank_reach(moves: pd.Series, unit: Literal["year", "month"]) -> tuple[str, float]:
    """The rank in words (:func:`_month_rank`, :func:`_year_rank`) and how many units back it
    reaches (infinite for the data's best or worst; 0 without a rank)."""
    rank = _year_rank(moves) if unit == "year" else _month_rank(moves)
    if not rank:
        return "", 0.0
    if " in the data here" in rank:
        return rank, float("inf")
    pct = round(float(moves.iloc[-1]), 1)
    earlier = pd.Series(as_printed(moves.iloc[:-1], 1), index=moves.index[:-1])
    then = (earlier[earlier >= pct] if pct > 0 else earlier[earlier <= pct]).index[-1]
    now = moves.index[-1]
    return rank, float(int(now) - int(then) if unit == "year" else (now - then).n)


def _calendar_rank(moves: pd.Series, unit: str, reach: int,
                   apart: Callable[[Any, Any], int], when: Callable[[Any], str]) -> str:
    """The last of ``moves`` against the latest earlier one at least as good (bad), as printed (one
    decimal), a tie counting; "" when that one is under ``reach`` units back (``apart``), or, with
    none, when the data hold fewer than ``reach`` earlier ones."""
    pct = round(float(moves.iloc[-1]), 1)
    earlier = pd.Series(as_printed(moves.iloc[:-1], 1), index=moves.index[:-1])
    as_far = earlier[earlier >= pct] if pct > 0 else earlier[earlier <= pct]
    word = "best" if pct > 0 else "worst"
    if as_far.empty:
        if len(earlier) < reach:
            return ""
        return f"its {word} {unit} in the data here, back to {when(moves.index[0])}"
    then = as_far.index[-1]
    if apart(moves.index[-1], then) < reach:
        return ""
    size = signed_percent(float(moves.loc[then]), 1)
    # a tie as printed says so, as the weeks do: "$QQQ -5.1%, its worst month since Aug 2010
    # (-5.1%)" read as a typo (the replay's 2011-09-04: -5.07% against -5.13%)
    also = "also " if size == signed_percent(float(moves.iloc[-1]), 1) else ""
    return f"its {word} {unit} since {when(then)} ({also}{size})"
