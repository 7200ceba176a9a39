"""The calls ledger: every issue stores its calls; later issues grade them from prices.

A short call "closes below ``trigger``, then reaches ``target`` before ``stop``":
the trigger is a close through the level; after it, a low at or under the target
is a hit and a high at or over the stop a failure. When both happen on the same
bar we cannot know the order inside the day and grade it a failure (the honest
side). Longs mirror this. A call whose horizon passes undecided has failed.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar, cast

import pandas as pd

from newsletter import display
from newsletter.atomic import atomic_write_text
from newsletter.errors import NewsletterError
from newsletter.jsonfile import iso_day, load_json
from newsletter.model import Call, Direction, GradedCall

T = TypeVar("T")

CALLS_FILE = "calls.json"


def call_to_json(call: Call) -> dict:
    data = {
        "id": call.id, "ticker": call.ticker, "direction": call.direction,
        "trigger": call.trigger, "target": call.target, "stop": call.stop,
        "horizon": call.horizon.isoformat(), "origin": call.origin,
        "made_on": call.made_on.isoformat(), "text": call.text, "setup": call.setup,
    }
    if call.setup:  # older calls.json files have no setup; readers default it to ""
        data["setup"] = call.setup
    return data


class CallFieldError(ValueError):
    """A calls.json entry's value that is not what a call holds; ``key`` names it."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}")
        self.key = key
        self.message = message


def _field(data: dict, key: str, convert: Callable[[Any], T], default: T | None = None) -> T:
    if key not in data:
        if default is not None:
            return default
        raise CallFieldError(key, "the key is missing")
    try:
        return convert(data[key])
    except (TypeError, ValueError) as exc:
        raise CallFieldError(key, f"{data[key]!r} is not {exc}") from None


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("text")
    return value


def _name(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TypeError("a name")
    return value


def _price(value: Any) -> float:
    """A finite price above zero: a number, or its text as older files kept some ("100")."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError("a price")
    try:
        price = float(value)
    except ValueError:  # text that is no number
        raise ValueError("a price") from None
    if not (math.isfinite(price) and price > 0):
        raise ValueError("a price (finite, above zero)")
    return price


def _direction(value: Any) -> Direction:
    if value not in ("long", "short"):
        raise ValueError("long or short")
    return cast(Direction, value)


def call_from_json(data: dict) -> Call:
    """The call one calls.json entry holds; :class:`CallFieldError` names a missing or bad key."""
    return Call(
        id=_field(data, "id", _name), ticker=_field(data, "ticker", _name),
        direction=_field(data, "direction", _direction),
        trigger=_field(data, "trigger", _price), target=_field(data, "target", _price),
        stop=_field(data, "stop", _price), horizon=_field(data, "horizon", iso_day),
        origin=_field(data, "origin", _name), made_on=_field(data, "made_on", iso_day),
        text=_field(data, "text", _text, ""), setup=_field(data, "setup", _text, ""),
    )


def save_calls(folder: Path, calls: tuple[Call, ...] | list[Call]) -> Path:
    path = folder / CALLS_FILE
    atomic_write_text(path, json.dumps([call_to_json(c) for c in calls], indent=1) + "\n")
    return path


def load_calls(folder: Path) -> list[Call]:
    """The calls an issue folder stored (none without a calls.json).

    A damaged file is a :class:`NewsletterError` naming it and the line or the entry's key:
    every later build grades these calls, so none is left out of the record in silence.
    """
    path = folder / CALLS_FILE
    if not path.is_file():
        return []
    data = load_json(path)
    if not isinstance(data, list):
        raise NewsletterError("expected a list of calls", file=path, line=1)
    calls = []
    for i, entry in enumerate(data):
        if not isinstance(entry, dict):
            raise NewsletterError("expected a call (a mapping of keys to values)", file=path,
                                  key=f"[{i}]")
        try:
            calls.append(call_from_json(entry))
        except CallFieldError as exc:
            raise NewsletterError(exc.message, file=path, key=f"[{i}].{exc.key}") from None
    return calls


def earlier_calls(output_dir: Path, issue_date: dt.date) -> list[Call]:
    """Every call stored by an issue dated before ``issue_date``, oldest first."""
    calls: list[Call] = []
    if not output_dir.is_dir():
        return calls
    for folder in sorted(output_dir.iterdir()):
        try:
            day = dt.date.fromisoformat(folder.name)
        except ValueError:
            continue
        if day < issue_date:
            calls.extend(load_calls(folder))
    return calls


def r_at(call: Call, price: float, entry: float | None = None) -> float | None:
    """Where ``call`` stands at ``price`` in R, marked from ``entry`` (the close that triggered
    it; the trigger when not given): one R is the distance from the entry to the stop, positive
    in the call's favour; None when the entry is not short of the stop."""
    start = call.trigger if entry is None else entry
    sign = 1.0 if call.direction == "long" else -1.0
    risk = sign * (start - call.stop)
    if risk <= 0:
        return None
    return sign * (price - start) / risk


WITHOUT_TRIGGER = "horizon passed without the trigger"
WITHOUT_TARGET = "horizon passed without the target"
KILLED_BEFORE_TRIGGER = "setup killed before the trigger"
"""The price traded at the stop (the plan's "kills the setup" line) before the close that would
have triggered: the trade is cancelled, never entered, decided that day."""
PAST_TARGET_AT_TRIGGER = "the close that triggered it was already past its target"
"""The close that crossed the trigger was at or past the target: nothing was left to make, so no
trade was entered (the 2011-08-07 call, triggered at 50.59 under its 51.45 target, was graded a
hit that lost 0.2R)."""
OUTCOMES = ("hit", "stopped", "expired", "not triggered", "open")
"""How a graded call ended. A call never triggered is neither a hit nor a failure: the live
record and the replay both count it apart, so "hit rate" means one thing everywhere: hits over
triggered calls that are decided (hit, stopped or expired)."""
OUTCOME_MARKS = {"hit": "✅", "stopped": "❌", "expired": "⌛", "not triggered": "⚪", "open": "🟡"}
"""The mark of each of :data:`OUTCOMES`, wherever a graded call is listed. A call whose horizon
passed without its target is decided and not a hit, but its mark is for the time that ran out,
not for a loss: "❌ ... Horizon passed without the target ...: +0.6R" put a cross beside a trade
that made money (its R says which way the time ran out)."""


def outcome(g: GradedCall) -> str:
    """Which of :data:`OUTCOMES` a graded call ended in, from :func:`grade_call`'s own grade."""
    if g.grade in ("hit", "open"):
        return g.grade
    if g.reason in (WITHOUT_TRIGGER, KILLED_BEFORE_TRIGGER, PAST_TARGET_AT_TRIGGER):
        return "not triggered"
    if g.reason == WITHOUT_TARGET:
        return "expired"
    return "stopped"


def outcome_mark(g: GradedCall) -> str:
    """The :data:`OUTCOME_MARKS` mark of ``g``'s :func:`outcome`."""
    return OUTCOME_MARKS[outcome(g)]


def r_multiple(g: GradedCall) -> float | None:
    """R earned by a decided, triggered call (None for one never triggered or still open), at
    the prices a reader could have traded: in at the close that triggered it, out at the target
    or the stop, or at the open when the price gapped past either (a gap through the stop loses
    more than 1R), or at the horizon close when it expired. One R is the entry's distance to the
    stop. A graded call without its entry and fill (made by hand) is marked at the plan's own
    levels: in at the trigger, out at the target or the stop."""
    kind = outcome(g)
    c = g.call
    if kind in ("not triggered", "open"):
        return None
    if g.fill is not None:
        out = g.fill
    elif kind == "hit":
        out = c.target
    elif kind == "stopped":
        out = c.stop
    else:
        out = g.price if g.price is not None else c.trigger
    return r_at(c, out, g.entry)


def trade_words(g: GradedCall) -> str:
    """Where a decided call was entered and, when the price gapped past its level, left:
    ", in at 99.00 on the close that triggered it, out at the 107.50 open, gapped past the
    stop"; empty for a call never entered. What a reader needs to check its R by hand."""
    if g.entry is None:
        return ""
    words = f", in at {display.price(g.entry)} on the close that triggered it"
    kind = outcome(g)
    level = {"hit": g.call.target, "stopped": g.call.stop}.get(kind)
    if level is not None and g.fill is not None and g.fill != level:
        words += f", out at the {display.price(g.fill)} open, gapped past the {'target' if kind == 'hit' else 'stop'}"
    return words


def grade_words(g: GradedCall, day: Callable[[dt.date], str] = display.short_date) -> str:
    """How a graded call ended, in the one sentence the recap, the track-record page and the
    ``calls`` command all print: "Stopped out on Nov 18 (a trade at 106.00): -1.0R, in at 99.00
    on the close that triggered it." ``day`` writes its dates (the page gives them their year).

    The price is the trade that decided the call, said as such: "Stopped out (Nov 18, 106.00)"
    and "2026-11-18 at 106.00" both read as out at 106.00 when the stop was 105.00 and the fill
    the stop (the fill is in :func:`trade_words` when it was not the level). An expired call's
    price is its horizon close, where it was left."""
    kind = outcome(g)
    r = r_multiple(g)
    earned = f": {display.r_words(r)}{trade_words(g)}" if r is not None else ""
    when = day(g.date) if g.date is not None else ""
    at = display.price(g.price) if g.price is not None else ""
    if kind == "open":
        return f"Still open: {g.reason}."
    if kind == "hit":
        return f"Target hit on {when} (a trade at {at}){earned}."
    if g.reason == KILLED_BEFORE_TRIGGER:
        return (f"Never triggered: the setup was killed first, a trade at {at} on {when} (at or "
                "past the stop).")
    if g.reason == PAST_TARGET_AT_TRIGGER:
        return (f"Never entered: the close that crossed the trigger, {at} on {when}, was already "
                "past the target, with nothing left to make.")
    if kind == "not triggered":
        last = f" with the last close at {at}" if at else ""
        return f"Never triggered: its horizon passed{last}{f' ({when})' if when else ''}."
    reason = g.reason[:1].upper() + g.reason[1:]
    if not when:
        return f"{reason}{earned}."
    if kind == "stopped":
        return f"{reason} on {when}{f' (a trade at {at})' if at else ''}{earned}."
    return f"{reason} (the {when} close{f', {at}' if at else ''}){earned}."


def standing_call(call: Call, earlier: Iterable[GradedCall]) -> GradedCall | None:
    """The earlier section call still open on ``call``'s ticker and direction, which ``call``
    would repeat; None when there is none.

    A setup that persists from one week to the next is one trade, not two: while its call is
    open (not triggered yet, or triggered and undecided) a section makes no new one, so the
    record counts each position once. The author's notes calls are neither held back nor hold
    a section's back: they are the author's own book."""
    if call.origin == "notes":
        return None
    return open_section_call(call.ticker, call.direction, earlier, call.made_on)


def open_section_call(ticker: str, direction: str, earlier: Iterable[GradedCall],
                      before: dt.date) -> GradedCall | None:
    """The earlier section call (not the author's) still open on ``ticker`` and ``direction``,
    made before ``before``; None when there is none (:func:`standing_call`)."""
    for g in earlier:
        c = g.call
        if (g.grade == "open" and c.origin != "notes" and c.ticker == ticker
                and c.direction == direction and c.made_on < before):
            return g
    return None


RETRY_DAYS = 28
"""How far back (days between the issues) an earlier call on the same level that failed makes a
new one a second try: about a call's horizon."""
RETRY_ATRS = 0.5
"""Triggers this close (in ATRs, as printed to one decimal) are one level."""


def failed_before(ticker: str, direction: str, trigger: float, atr: float,
                  earlier: Iterable[GradedCall], before: dt.date) -> GradedCall | None:
    """The latest earlier section call (not the author's) on ``ticker`` and ``direction`` made in
    the :data:`RETRY_DAYS` before ``before``, whose trigger was within :data:`RETRY_ATRS` ATRs of
    ``trigger``, that was stopped out or killed before its trigger: a new call on that level is a
    second try, and says so. The replay's 2014-07-27 shorted $DIA under 169.09 (stop 169.62) two
    weeks after the same call, stop 169.61, was killed on Jul 14, and said nothing of it."""
    found = None
    for g in earlier:
        c = g.call
        if (c.origin != "notes" and c.ticker == ticker and c.direction == direction
                and before - dt.timedelta(days=RETRY_DAYS) <= c.made_on < before
                and (outcome(g) == "stopped" or g.reason == KILLED_BEFORE_TRIGGER)
                and atr > 0 and round(abs(c.trigger - trigger) / atr, 1) <= RETRY_ATRS
                and (found is None or c.made_on > found.call.made_on)):
            found = g
    return found


def repeated_in_issue(calls: Iterable[Call]) -> dict[str, Call]:
    """Each section call that repeats an earlier one of the same issue on its ticker and
    direction (by id) → that earlier call, which stands for both.

    Two sections can read the same market into the same trade: on the sample market of
    2025-10-05 Three Minds and the Regime Read each made "$SPY under 574.26, target 544.75",
    and the ledger counted one position twice. It is made once, by the section printed
    first, as :func:`standing_call` makes a trade that persists from one week to the next
    once. The author's notes calls are their own book: never held back, never holding back."""
    first: dict[tuple[str, str], Call] = {}
    repeats: dict[str, Call] = {}
    for call in calls:
        if call.origin == "notes":
            continue
        key = (call.ticker, call.direction)
        if key in first:
            repeats[call.id] = first[key]
        else:
            first[key] = call
    return repeats


def _open_mark(call: Call, last_close: float, entry: float | None) -> str:
    """" (+0.6R so far)": :func:`r_at` the last close from the entry; empty without a risk."""
    r = r_at(call, last_close, entry)
    if r is None:
        return ""
    return f" ({display.r_words(r)} so far)"


def grade_call(call: Call, bars: pd.DataFrame | None, asof: dt.date) -> GradedCall:
    """Grade one call from the bars after it was made, up to ``asof`` and its horizon."""
    if bars is None or bars.empty:
        return GradedCall(call, "open", reason="no prices to grade it with")
    after = bars.loc[(bars.index > pd.Timestamp(call.made_on))
                     & (bars.index <= pd.Timestamp(min(asof, call.horizon)))]
    short = call.direction == "short"
    triggered = False
    triggered_on: dt.date | None = None
    entry: float | None = None
    for stamp, bar in after.iterrows():
        day = stamp.date()
        if not triggered:
            # the stop kills the setup before the trigger too (the same touch as after it); on
            # the trigger bar itself the high (low) came before the close that would confirm it
            if bar["High"] >= call.stop if short else bar["Low"] <= call.stop:
                extreme = float(bar["High"] if short else bar["Low"])
                return GradedCall(call, "failed", day, extreme, KILLED_BEFORE_TRIGGER)
            triggered = bar["Close"] < call.trigger if short else bar["Close"] > call.trigger
            if triggered and (bar["Close"] <= call.target if short else bar["Close"] >= call.target):
                return GradedCall(call, "failed", day, float(bar["Close"]), PAST_TARGET_AT_TRIGGER)
            if triggered:
                # in at that close; its own low/high counts only after the close confirmed it
                triggered_on, entry = day, float(bar["Close"])
            continue
        hit_target = bar["Low"] <= call.target if short else bar["High"] >= call.target
        hit_stop = bar["High"] >= call.stop if short else bar["Low"] <= call.stop
        open_ = float(bar["Open"]) if "Open" in bar.index else math.nan
        if hit_target and (open_ <= call.target if short else open_ >= call.target):
            # the day opened at or past the target: it filled first, whatever the day did next
            return GradedCall(call, "hit", day, float(bar["Low"] if short else bar["High"]),
                              "target hit", entry, open_)
        if hit_stop:
            extreme = float(bar["High"] if short else bar["Low"])
            why = "stop and target on the same day: graded as stopped" if hit_target else "stopped out"
            gapped = math.isfinite(open_) and (open_ > call.stop if short else open_ < call.stop)
            fill = open_ if gapped else call.stop
            return GradedCall(call, "failed", day, extreme, why, entry, fill)
        if hit_target:  # reached during the day (an open at or past it was taken above)
            return GradedCall(call, "hit", day, float(bar["Low"] if short else bar["High"]),
                              "target hit", entry, call.target)
    last_close = float(after["Close"].iloc[-1]) if not after.empty else None
    last_day = after.index[-1].date() if not after.empty else None
    if asof >= call.horizon:
        if triggered:
            return GradedCall(call, "failed", last_day, last_close, WITHOUT_TARGET, entry, last_close)
        return GradedCall(call, "failed", last_day, last_close, WITHOUT_TRIGGER)
    if triggered and triggered_on is not None and entry is not None and last_close is not None:
        status = (f"triggered {display.short_date(triggered_on)} at {entry:,.2f}, last "
                  f"{last_close:,.2f}{_open_mark(call, last_close, entry)}")
    else:
        status = (f"not triggered yet, last {last_close:,.2f}" if last_close is not None
                  else "not triggered yet")
    return GradedCall(call, "open", last_day, last_close,
                      f"{status}, horizon {display.short_date(call.horizon)}", entry)


def grade_calls(calls: list[Call], bars: dict[str, pd.DataFrame], asof: dt.date) -> list[GradedCall]:
    return [grade_call(c, bars.get(c.ticker), asof) for c in calls]
