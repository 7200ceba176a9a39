"""The recap's close records: a close past every close for years ("52-Week High", "Record Low"),
in words, as a headline's weight, inside the week, and counted over a run of records."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd

from newsletter.analysis.close_records import CloseRecord, close_record, whole_years
from newsletter.analysis.dividends import adjusted_ok
from newsletter.analysis.history import as_date, close_series
from newsletter.analysis.periods import week_start
from newsletter.display import a_or_an, and_list, price
from newsletter.sections.base import Signal, together

RECORD_YEARS = 10
"""A close past every close in the data is "a Record" high or low only when the data reach back
this many whole years (:attr:`~newsletter.analysis.close_records.CloseRecord.years`); with less,
it is that many years' high or low: a short history's edge is no record."""


def record_words(rec: CloseRecord) -> str:
    """"52-Week High", "5-Year Low"; "Record High" when nothing in the data was as high: the real
    bars' "The S&P Closes at a 17-Year High" (2017-10-01, 38 headlines of 2017-2022) read as the
    highest since 2000, of closes over every one in the data, the 2000 peak included. The hook
    says how far back the data reach (:func:`since_words`). Only from :data:`RECORD_YEARS` of
    data: the replay's 2001-2002 said "$SPY Crashes 11.6% to a Record Low" of a low under every
    close since Jan 2000, where $SPY had traded in 1998 (the Breakdown Watch of the same issue
    called it "a 52-week low")."""
    if rec.since is None and rec.years >= RECORD_YEARS:
        return f"Record {rec.kind.title()}"
    if rec.since is None and rec.peak is not None and rec.years >= 2:
        # under RECORD_YEARS of data, a close over the data's old top says which top it cleared:
        # "$SPY Rips 2.1% to a 7-Year High" (the replay's 2007-10-07) read as under a higher close
        # 7 years before, of a close over the 2000 peak; from 2 years of data ("52-Week High" is
        # what a trader says of a year's)
        return (f"High Over Its {rec.peak:%b %Y} Peak" if rec.kind == "high"
                else f"Low Under Its {rec.peak:%b %Y} Bottom")
    span = "52-Week" if rec.years == 1 else f"{rec.years}-Year"
    return f"{span} {rec.kind.title()}"


def since_words(rec: CloseRecord) -> str:
    """How far back a record runs: "since Oct 9, 2007" or "in the data here, back to Jan 2000"."""
    if rec.since is None:
        return f"in the data here, back to {rec.first:%b %Y}"
    return f"since {rec.since:%b} {rec.since.day}, {rec.since.year}"


def record_tail(rec: CloseRecord) -> str:
    """"highest close since Oct 9, 2007" or "lowest close in the data here, back to Jan 2000"."""
    return f"{'highest' if rec.kind == 'high' else 'lowest'} close {since_words(rec)}"


def record_hook(who: str, rec: CloseRecord) -> str:
    """"$DIA ended the week at its highest close since Oct 9, 2007." or "... in the data here,
    back to Jan 2000.": a sentence with its verb (the lead read "$DIA's highest close in the data
    here, back to Jan 2016.")."""
    return f"{who} ended the week at its {record_tail(rec)}."


def week_and_record(week: str, rec: CloseRecord) -> str:
    """The S&P's week (:func:`week_rank`, as a sentence) and its close record as one sentence: "The S&P's worst
    week since ... (-15.0%), and its lowest close since Dec 14, 2020."; both the data's first
    as such: "The S&P's best week and its highest close in the data here, back to Jan 2025."."""
    in_data = f" in the data here, back to {rec.first:%b %Y}."
    if rec.since is None and week.endswith(in_data):
        return f"{week.removesuffix(in_data)} and its {record_tail(rec)}."
    return f"{week.removesuffix('.')}, and its {record_tail(rec)}."


BACKGROUND_STRENGTH = 0.7
"""What a standing state weighs as a headline: a record in a run of records, a name under its
200-day for weeks that did not fall further this week. It fills a quiet week, never a week with
news (the 2018-12-30 issue led with "$IWM Still 17% Under Its 200-Day", eleven weeks on, in a
week it rose 3.5%)."""


def record_strength(rec: CloseRecord) -> float:
    """A fresh 52-week high weighs as a 2% S&P week, a 5-year one as a big week; one in a run of
    highs only fills a quiet week."""
    return 0.8 + 0.2 * min(rec.years, 10) if rec.fresh else BACKGROUND_STRENGTH


def week_record(closes: pd.Series,
                step_pct: float | None = None) -> tuple[pd.Timestamp, CloseRecord] | None:
    """The week's highest or lowest close, before its last session, when it set a close record
    (:func:`~newsletter.analysis.close_records.close_record`) the last close did not: its session and
    record. The real bars' 2009-03-08: the S&P closed at its lowest since 1996 on Mar 2, 3 and 5,
    bounced on the Friday, and the issue never said so."""
    base = week_start(closes.index)
    if base is None or len(closes) - base < 3:
        return None
    week = closes.iloc[base + 1:-1]
    last = float(closes.iloc[-1])
    for kind, extreme, beyond in (("low", week.idxmin(), last <= float(week.min())),
                                  ("high", week.idxmax(), last >= float(week.max()))):
        if beyond:
            continue  # the last close is as far: its own record is the headline's
        rec = close_record(closes.loc[:extreme], step_pct=step_pct)
        if rec is not None and rec.kind == kind:
            return extreme, rec
    return None


def week_record_close(closes: pd.Series, found: tuple[pd.Timestamp, CloseRecord] | None,
                      who: str = "$SPY", bold: bool = True) -> str:
    """:func:`week_record` as the recap's line: "$SPY's Tuesday close, **49.00**, was its lowest
    close since Mar 3, 2020." ("" without one). The price is $SPY's: "Wednesday's close,
    **527.96**, was the S&P's highest close" named a level the S&P never closed at."""
    if found is None:
        return ""
    day, rec = found
    at = price(float(closes[day]))
    return f"{who}'s {day:%A} close, {f'**{at}**' if bold else at}, was its {record_tail(rec)}."


@dataclass(frozen=True)
class RecordLine:
    """A record's recap line, with its name and record in words, so that the template can leave
    out one the hook tells already in other words: 2020-03-22's hook said "$SPY fell 15.0%, ...,
    and its lowest close since Feb 2, 2017" above "⚡ $SPY ended the week at its lowest close
    since Feb 2, 2017."."""

    who: str
    tail: str
    line: str

    def told_in(self, hook: str) -> bool:
        """Whether ``hook`` already says it: the same line, or its name and its record."""
        return self.line in hook or (self.who.lower() in hook.lower() and self.tail in hook)


def record_close_counts(closes: pd.Series) -> tuple[int, int, int, int] | None:
    """How many of the week's sessions closed at a record high (over every earlier close in the
    data), how many sessions the week had, how many records the calendar year of the week's last
    record holds to the as-of, and that year; None with under :data:`RECORD_YEARS` of data (no
    record to speak of) or none this week. The year is the last record's, not the as-of's: the
    replay's 2014-01-05 said "$SPY on 1 of 4 sessions (0 so far in 2014)" of a week whose record
    was Dec 31, 2013's."""
    c = close_series(closes)
    base = week_start(c.index)
    if base is None or len(c) < 2:
        return None
    if whole_years(as_date(c.index[0]), as_date(c.index[-1])) < RECORD_YEARS:
        return None
    values = c.to_numpy(dtype=float)
    before = np.maximum.accumulate(values)[:-1]
    record = np.r_[False, values[1:] > before]
    week = int(record[base + 1:].sum())
    if week == 0:
        return None
    last = c.index[base + 1 + int(np.flatnonzero(record[base + 1:])[-1])]
    year = int(record[(c.index.year == last.year) & (c.index <= c.index[-1])].sum())
    return week, len(values) - base - 1, year, int(last.year)


def record_counts_words(found: list[tuple[str, tuple[int, int, int, int]]], year: int,
                        done: bool = False) -> str:
    """"Record closes this week: $SPY on 4 of 5 sessions (18 so far in 2014), $DIA on 3 (12)." ("" with
    none), ``year`` the as-of's; a count of a year that has ended says "in": "(32 in 2020)" when
    the issue is dated after the year ended (``done``: the replay's 2021-01-03 said "so far this
    year" of 2020's) or when the week's records fell in the year before the as-of's (an index
    whose year differs from the first's names its own). The replay's 2014-06-08 led "$QQQ Closes
    at a 13-Year High" while $SPY closed at records on four days of five, and no line said so (7
    issues of 2013-2014): a record in a run of records is no headline, and no line counted them."""
    if not found:
        return ""
    parts = []
    first = found[0][1][3]
    for i, (who, (week, sessions, count, of)) in enumerate(found):
        ended = done or of != year
        if i == 0:
            parts.append(f"{who} on {week} of {sessions} session{'s' if sessions != 1 else ''} "
                         f"({count} {'in' if ended else 'so far in'} {of})")
        elif of != first:
            parts.append(f"{who} on {week} ({count} {'in' if ended else 'so far in'} {of})")
        else:
            parts.append(f"{who} on {week} ({count})")
    return f"Record closes this week: {', '.join(parts)}."


MAX_RECORD_LINES = 4
"""The recap says at most this many of the indices' records, those reaching furthest back first
(the replay's 2020-03-22 had eight: every index at a low, the VIX at its highest close)."""


def week_record_signal(closes: pd.Series, found: tuple[pd.Timestamp, CloseRecord],
                       adjusted: pd.Series | None = None, who: str = "$SPY",
                       phrase_who: str = "$SPY") -> Signal:
    """:func:`week_record` as a headline: "The S&P Closed at a 52-Week High on Tuesday", weighed
    as a record at the last close (:func:`record_strength`) and, fresh, the market's story (the
    sample, seed 63, 2026-11-22: the data's highest close on Thursday under "$AMD Breaks
    Support", a no-trade, as the whole headline). How far the week came back is judged with the
    dividends paid since (``adjusted``): the replay's 2016-12-18 said "$SPY Slips From Tuesday's
    Record High ... 1.2% under it" of a week that gave back 0.6% with the dividend that went ex
    on Friday. Another index's (``who`` in the hook, ``phrase_who`` in the phrase) is no market
    story: the replay's 2011-04-10 had $IWM's first record closes since 2007 on Tuesday and
    Wednesday in two ⚡ lines under "$QQQ Breaks Support & $IWM's 7-Session Winning Run Ends", a
    no-trade and an ended run."""
    day, rec = found
    at, last = float(closes[day]), float(closes.iloc[-1])
    off = round(abs(last / at - 1.0) * 100.0, 1)  # how far the week's close came back, as printed
    judged = off
    if adjusted is not None and day in adjusted.index:
        span = closes.loc[day:]
        adj = adjusted.reindex(span.index)
        if adjusted_ok(span.to_numpy(), adj.to_numpy()):  # a faulty factor: the price alone
            judged = round(abs(float(adj.iloc[-1]) / float(adj.iloc[0]) - 1.0) * 100.0, 1)
    hook = f"{who}'s {day:%A} close, {price(at)}, was its {record_tail(rec)}"
    phrase = f"{phrase_who} Closed at {a_or_an(record_words(rec))} on {day:%A}"
    if off >= GAVE_BACK_PCT and judged >= GAVE_BACK_PCT:  # "a 2-Year High on Thursday" over Friday's 1.75% drop (2011-01-30)
        # ... but not "Slips" of a week that rose (nor "Bounces" of one that fell): the replay's
        # 2003-08-24 "$IWM Slips From Thursday's 52-Week High" read as a down week of a +2.8% one
        base = week_start(closes.index)
        week = (last / float(closes.iloc[base]) - 1.0) * 100.0 if base is not None else 0.0
        if round(week, 1) * (1 if rec.kind == "high" else -1) <= 0:
            phrase = (f"{phrase_who} Slips From {day:%A}'s {record_words(rec)}" if rec.kind == "high"
                      else f"{phrase_who} Bounces Off {day:%A}'s {record_words(rec)}")
        hook += f"; it ended the week {off:.1f}% {'under' if rec.kind == 'high' else 'over'} it, at {price(last)}"
    hook += "."
    return Signal(record_strength(rec), phrase, hook, aside=hook,
                  market=rec.fresh and who == "$SPY", lean=1 if rec.kind == "high" else -1,
                  story=record_story(rec))


RECORD_STORY_PREFIX = "the close record"
"""How every :func:`record_story` begins (the headline tells a name's record as its aside)."""


def record_story(rec: CloseRecord) -> str:
    """The story of a close record, by its words ("a record high", "a 13-year high"): two of the
    same words are one story the headline tells once (:attr:`Signal.story`). The replay's
    2021-09-05 led "$QQQ Closes at a Record High & $SPY Closed at a Record High on Thursday" (and
    2021-10-24 the same of $DIA), $SPY's Thursday 11 cents over its Friday close; the second is
    its ⚡ line. A longer span is news of its own ("a 2-year high" beside "a 9-year high")."""
    return f"{RECORD_STORY_PREFIX}: {record_words(rec)}"


GAVE_BACK_PCT = 1.0
"""A record close inside the week the last close came back from by this much (percent, as
printed) is said with it: the real bars' 2011-01-30 led "The S&P Closed at a 2-Year High on
Thursday" over Friday's 1.75% drop, its worst day since Aug 2010."""


_INSIDE_FORMS = (
    (re.compile(r"^ Closed at an? (?P<words>.+ (?:High|Low)) on (?P<day>\w+)$"), " Closed at {words}s on {day}"),
    (re.compile(r"^ Slips From (?P<day>\w+)'s (?P<words>.+ (?:High|Low))$"), " Slip From {day}'s {words}s"),
    (re.compile(r"^ Bounces Off (?P<day>\w+)'s (?P<words>.+ (?:High|Low))$"), " Bounce Off {day}'s {words}s"),
)
"""The phrases of :func:`week_record_signal` after the name, and the same said of several names."""


def _plural(tail: str) -> str | None:
    """``tail`` (a record phrase after its name) said of several names; None when it has no plural
    form here (a record in other words, "a Low Under Its Oct 2002 Bottom", is not grouped)."""
    for pattern, plural in _INSIDE_FORMS:
        if (found := pattern.match(tail)) is not None:
            return plural.format(**found.groupdict())
    return None


def grouped_week_records(found: Sequence[tuple[str, Signal]]) -> list[Signal]:
    """Records inside the week (:func:`week_record_signal`, each with its name as printed, in
    scoreboard order) made the same day in the same words as one phrase, the strongest first:
    "$SPY and $DIA Closed at Record Highs on Thursday". The replay's 2019-06-23 led "$SPY Closed at
    a Record High on Thursday & $QQQ Jumps 3.2%" with $DIA's record close of that Thursday in a ⚡
    line; 2008-11-23 "$SPY Tumbles 8.2% & $QQQ Closed at a 5-Year Low on Thursday" of $QQQ's,
    $IWM's and $DIA's (19 weeks of 2000-2022). Each hook sentence stays (each name's close and how
    far back it reaches); :attr:`Signal.without` gives the phrase without each name."""
    groups: dict[str, list[tuple[str, Signal]]] = {}
    for who, signal in found:
        tail = signal.phrase[len(who):] if signal.phrase.startswith(who) else signal.phrase
        key = tail if _plural(tail) is not None else f"{who}\0{tail}"
        groups.setdefault(key, []).append((who, signal))
    out = []
    for tail, members in groups.items():
        if len(members) == 1:
            out.append(members[0][1])
            continue
        members = sorted(members, key=lambda m: -m[1].strength)  # stable: scoreboard order on a tie
        own = {who: signal.phrase for who, signal in members}
        out.append(together(members, partial(_said, own=own, tail=tail)))
    return out


def _said(who: list[str], own: Mapping[str, str], tail: str) -> str:
    """One name's own phrase (``own``), or several names' in the plural of their shared ``tail``."""
    return own[who[0]] if len(who) == 1 else f"{and_list(who)}{_plural(tail)}"
