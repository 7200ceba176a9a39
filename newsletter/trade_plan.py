"""A call as a trade plan, checked in one place before any section or the notes print it.

Every call (Breakdown Watch, the regime read, the author's notes) goes through
:func:`plan`: it computes the reward/risk from the entry, the trigger's distance
from the last close in % and in ATRs, and checks the rules of the ``calls:``
config. A plan that fails a rule is still a value a template can show ("no
trade: R/R 0.4"), but a section makes no ledger call from it.

Entry: the trigger, or the last close when the close is already through the
trigger (that is where a reader would get in, and the honest R/R is from there).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, replace

from newsletter.config import CallsConfig
from newsletter.display import r_words
from newsletter.model import Call, Direction


@dataclass(frozen=True)
class TradePlan:
    """One call's plan and its verdict against the rules."""

    ticker: str
    direction: Direction
    trigger: float
    stop: float
    target: float
    close: float
    """The last close the plan was checked against."""
    atr14: float
    horizon: dt.date
    setup: str
    """What kind of setup made it: "rejection at the 200-day", "support break", "regime", "notes"."""
    entry: float
    reward: float
    """Points from the entry to the target (negative when the target is on the wrong side)."""
    risk: float
    """Points from the entry to the stop (zero or negative when the stop is on the wrong side)."""
    reward_risk: float | None
    """``reward / risk``; None when the risk or the reward is not positive."""
    trigger_pct: float
    """``(trigger / close - 1) * 100``."""
    trigger_atrs: float | None
    """``|trigger - close| / ATR``; None without a usable ATR."""
    failures: tuple[str, ...]
    """Each broken rule in a few words ("R/R 0.4 under 2"); empty when the plan is a trade."""
    replay_failure: str = ""
    """The one rule about the setup's replayed record rather than the levels (also in
    :attr:`failures`), "" when it holds (:func:`held_back_by_record`)."""

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def held_back_only(self) -> bool:
        """The plan fails one rule, its setup's replayed record (:func:`held_back_by_record`):
        a trade but for that record, nothing wrong with its levels."""
        return bool(self.replay_failure) and self.failures == (self.replay_failure,)

    @property
    def dead(self) -> bool:
        """Its own stop traded after the setup formed, or the last close is through it: the setup
        is over, no lean either way (a tension line naming "a trade above X kills it" asked what
        the issue said was settled, the sample, seed 71, 2025-06-22)."""
        return any(f.startswith("dead") for f in self.failures)

    @property
    def rr_text(self) -> str:
        """"R/R 3.1 to 1", or "R/R n/a" when the stop is on the wrong side."""
        return "R/R n/a" if self.reward_risk is None else f"R/R {self.reward_risk:.1f} to 1"

    @property
    def played_out(self) -> bool:
        """The last close is already at or past the target, or through the stop: the idea is
        over whatever else the rules say (a note's call written weeks ago, say)."""
        short = self.direction == "short"
        past_target = self.close <= self.target if short else self.close >= self.target
        through_stop = self.close > self.stop if short else self.close < self.stop
        return past_target or through_stop

    @property
    def trigger_atrs_text(self) -> str:
        """How far the trigger is from the close in ATRs: "0.3 ATRs", "1 ATR", "under 0.1 ATR"
        (never "0.0 ATRs"); "n/a" without a usable ATR."""
        return "n/a" if self.trigger_atrs is None else _atrs(self.trigger_atrs)

    @property
    def stop_room_atrs(self) -> float | None:
        """How far the stop sits from the last close, in ATRs; None without a usable ATR (as
        :attr:`trigger_atrs`, measured against the same ATR)."""
        if self.trigger_atrs is None:
            return None
        return abs(self.stop - self.close) / self.atr14

    @property
    def stop_room_text(self) -> str:
        """", 0.3 ATRs over the close: an average day's range reaches it" when the stop sits less
        than one ATR from the last close; empty otherwise.

        Such a stop is inside an ordinary day's range: in the replay of 2000-2012 more than half
        of those calls were killed (the stop traded before the trigger) by the Tuesday after the
        issue. The plan can still be a trade; the reader is told how little room it has."""
        room = self.stop_room_atrs
        if room is None or room >= 1.0:
            return ""
        size = "just under 1 ATR" if round(room, 1) >= 1.0 else _atrs(room)
        side = "over" if self.direction == "short" else "under"
        return f", {size} {side} the close: an average day's range reaches it"

    @property
    def rules_text(self) -> str:
        """The broken rules, then the R/R when it is not one of them ("trigger 5.0 ATRs away (most
        3) (R/R 9.0 to 1)"): "R/R 0.50 under 2 (R/R 0.5 to 1)" said one figure twice."""
        said = "; ".join(self.failures)
        if any(f.startswith("R/R ") for f in self.failures):
            return said
        return f"{said} ({self.rr_text})"

    @property
    def verdict(self) -> str:
        """"R/R 3.1 to 1" for a trade, "no trade: R/R 0.4 under 2; ..." for a plan that fails."""
        return self.rr_text if self.ok else "no trade: " + "; ".join(self.failures)

    def call(self, id: str, origin: str, made_on: dt.date, text: str = "") -> Call:
        """The ledger Call of this plan (callers make one only when :attr:`ok`)."""
        return Call(id=id, ticker=self.ticker, direction=self.direction,
                    trigger=round(self.trigger, 2), target=round(self.target, 2),
                    stop=round(self.stop, 2), horizon=self.horizon, origin=origin,
                    made_on=made_on, text=text, setup=self.setup)


def losing_record(decided: int, expectancy: float | None, rules: CallsConfig) -> bool:
    """A setup's replayed record that holds its plan back (``calls.losing_setups: news``): at
    least ``min_replayed`` decided calls whose mean R prints below zero as the record beside a
    call prints it (:func:`~newsletter.display.r_words`, one decimal: -0.04R prints 0.0R and
    holds nothing back)."""
    return (rules.losing_setups == "news" and expectancy is not None
            and decided >= rules.min_replayed and round(expectancy, 1) < 0)


def held_back_by_record(checked: TradePlan, decided: int, expectancy: float | None, since: str,
                        rules: CallsConfig) -> TradePlan:
    """``checked`` with the record rule applied: a trade whose setup lost in the replay
    (:func:`losing_record`) becomes a plan that fails it, news rather than a call."""
    if not checked.ok or expectancy is None or not losing_record(decided, expectancy, rules):
        return checked
    why = (f"this setup lost {r_words(expectancy)} a call in the replay (hypothetical), "
           f"{decided} decided calls since {since}")
    return replace(checked, failures=(*checked.failures, why), replay_failure=why)


def _atrs(x: float) -> str:
    """A distance in ATRs as the plan prints it: "0.3 ATRs", "1 ATR", "under 0.1 ATR" (never "0.0")."""
    shown = round(x, 1)
    if shown == 0:
        return "under 0.1 ATR"
    return "1 ATR" if shown == 1 else f"{shown:.1f} ATRs"


_CONFIDENCE = re.compile(r"\bconfidence (0(?:\.\d+)?|1(?:\.0+)?)\b")


def confidence_text(confidence: float) -> str:
    """How a call's text states the confidence behind it ("confidence 0.60"), so the replay's
    calibration can read it back with :func:`stated_confidence`."""
    return f"confidence {confidence:.2f}"


def stated_confidence(text: str) -> float | None:
    """The confidence a call's text states (:func:`confidence_text`), or None when it states none."""
    found = _CONFIDENCE.search(text)
    return float(found.group(1)) if found else None


def _fmt(x: float) -> str:
    return f"{x:,.2f}"


_PLAIN = (
    (re.compile(r"R/R (?P<rr>[\d.]+) under (?P<min>[\d.]+)$"),
     "at these levels the trade pays {rr} to 1, under the {min} to 1 a call needs"),
    (re.compile(r"played out, with a trade at or (?:above|below) the target (?P<level>[\d,.]+) "
                r"on (?P<day>\w+ \d+), after the setup formed$"),
     "it already traded at the {level} target on {day}: the move is done"),
    (re.compile(r"dead since it traded at or (?:above|below) the stop (?P<level>[\d,.]+) "
                r"on (?P<day>\w+ \d+), after the setup formed$"),
     "it already traded back at the {level} stop on {day}: the setup is dead"),
    (re.compile(r"dead, with the last close (?P<close>[\d,.]+) already (?P<side>above|below) "
                r"the stop (?P<level>[\d,.]+)$"),
     "the last close, {close}, is already {side} the {level} stop: the setup is dead"),
    (re.compile(r"fired already, with a close (?P<way>under|over) the trigger (?P<level>[\d,.]+) "
                r"on (?P<day>\w+ \d+), after the setup formed$"),
     "it already closed {way} the {level} trigger on {day} and came back: no fresh call"),
    (re.compile(r"one short a week, on the weakest: (?P<who>\S+)'s week was (?P<low>[+-][\d.]+%), "
                r"against its (?P<own>[+-][\d.]+%)$"),
     "the week's one short goes to the weakest, {who} ({low} on the week, against its {own})"),
    (re.compile(r"R/R (?P<rr>[\d.]+) over (?P<max>[\d.]+): a stop this tight against a target "
                r"this far is inside the noise$"),
     "the trade claims {rr} to 1, over the {max} to 1 a plan can honestly promise: the stop hugs "
     "the level"),
    (re.compile(r"(?P<pct>[\d.]+)% (?P<side>under|over) its 200-day: too stretched to "
                r"(?P<act>short|buy) \((?P<max>[\d.]+)% or more\)$"),
     "it is already {pct}% {side} its 200-day, too stretched to {act}"),
    (re.compile(r"trigger (?P<n>[\d.]+) ATRs away \(most [\d.]+\)$"),
     "the trigger sits {n} ATRs from the close: no trade at these levels"),
    (re.compile(r"stop (?P<n>[\d.]+) ATRs from the entry \(most [\d.]+\)$"),
     "the stop sits {n} ATRs from the entry: no trade at these levels"),
)
"""Each rule's words in :func:`plan` (a pattern over them) and the lead's plain words for it."""


def plain_failure(failure: str) -> str:
    """One of :func:`plan`'s failures as the issue's lead tells it, after "but": "at these levels
    the trade pays 1.50 to 1, under the 2 to 1 a call needs" for "R/R 1.50 under 2"; a rule
    with no plain words is "no trade at these levels: " and the rule. The section lists every
    rule as :func:`plan` words it; the lead gives the first, as a reader says it."""
    for pattern, words in _PLAIN:
        if m := pattern.match(failure):
            return words.format(**m.groupdict())
    return f"no trade at these levels: {failure}"


def plan(ticker: str, direction: Direction, trigger: float, stop: float, target: float,
         horizon: dt.date, close: float, atr14: float, rules: CallsConfig,
         setup: str = "", structure: float | None = None,
         stop_traded_on: dt.date | None = None,
         target_traded_on: dt.date | None = None,
         trigger_closed_on: dt.date | None = None,
         from_200d_pct: float | None = None) -> TradePlan:
    """Check one call against ``rules``.

    ``structure`` is the level whose crossing invalidates the idea (the
    rejection's high, the broken support); the stop must sit at or beyond it.
    The rules, in the order reported: stop on the right side of the entry and
    beyond the structure, target on the right side, the last close not already
    through the stop and the stop not traded since the setup formed (``stop_traded_on``: a dead
    setup, killed by its own "a trade above X kills the setup"), the target not traded since it
    formed (``target_traded_on``: the move it expects has happened), the trigger within ``max_trigger_atrs``
    ATRs of the close, the stop within ``max_stop_atrs`` ATRs of the entry, reward/risk at least ``min_reward_risk`` and at
    most ``max_reward_risk``, and the close (``from_200d_pct``: percent from its 200-day, when the
    section gives it) less than ``max_stretch_pct`` past the 200-day the call's way (under it for a
    short). Each threshold passes when met exactly, the reward/risk as its verdict prints it (two
    decimals), the stretch as it prints (one decimal) failing from the threshold.

    The levels are measured as the call records and grades them, in cents (:meth:`TradePlan.call`),
    so that "risk 2.10 to make 5.56" is an R/R of 2.6, as a reader checks it.
    """
    trigger, stop, target, close = (round(x, 2) for x in (trigger, stop, target, close))
    short = direction == "short"
    sign = -1.0 if short else 1.0
    triggered = close < trigger if short else close > trigger
    entry = close if triggered else trigger
    reward = round(sign * (target - entry), 2)
    risk = round(sign * (entry - stop), 2)
    rr = reward / risk if risk > 0 and reward > 0 else None
    usable_atr = math.isfinite(atr14) and atr14 > 0
    trigger_atrs = abs(trigger - close) / atr14 if usable_atr else None
    failures: list[str] = []
    side, other = ("above", "below") if short else ("below", "above")
    if sign * (trigger - stop) <= 0:
        failures.append(f"stop {_fmt(stop)} not {side} the trigger {_fmt(trigger)}")
    if structure is not None and sign * (structure - stop) < 0:
        failures.append(f"stop {_fmt(stop)} inside the structure at {_fmt(structure)}")
    if sign * (target - trigger) <= 0:
        failures.append(f"target {_fmt(target)} not {other} the trigger {_fmt(trigger)}")
    if sign * (target - trigger) > 0 and reward <= 0:
        failures.append(f"target {_fmt(target)} already passed: the last close is {_fmt(close)}")
    traded: list[tuple[dt.date, int, str]] = []  # since the setup formed, what happened first first
    if (close > stop) if short else (close < stop):
        failures.append(f"dead, with the last close {_fmt(close)} already {side} the stop {_fmt(stop)}")
    elif stop_traded_on is not None:
        traded.append((stop_traded_on, 0, f"dead since it traded at or {side} the stop {_fmt(stop)} "
                       f"on {stop_traded_on:%b} {stop_traded_on.day}, after the setup formed"))
    if target_traded_on is not None:  # a stop and a target the same day: the stop, as graded
        traded.append((target_traded_on, 1, f"played out, with a trade at or {other} the target "
                       f"{_fmt(target)} on {target_traded_on:%b} {target_traded_on.day}, after the "
                       "setup formed"))
    if trigger_closed_on is not None:  # entered already, as graded: the call is not fresh
        traded.append((trigger_closed_on, -1, f"fired already, with a close {'under' if short else 'over'}"
                       f" the trigger {_fmt(trigger)} on {trigger_closed_on:%b} "
                       f"{trigger_closed_on.day}, after the setup formed"))
    failures += [words for _, _, words in sorted(traded)]
    if trigger_atrs is None:
        failures.append("no ATR to measure the trigger's distance")
    else:
        if trigger_atrs > rules.max_trigger_atrs:
            failures.append(f"trigger {trigger_atrs:.1f} ATRs away (most {rules.max_trigger_atrs:g})")
        if risk > 0 and risk / atr14 > rules.max_stop_atrs:
            failures.append(f"stop {risk / atr14:.1f} ATRs from the entry (most {rules.max_stop_atrs:g})")
    if rr is not None and round(rr, 2) < rules.min_reward_risk:
        failures.append(f"R/R {rr:.2f} under {rules.min_reward_risk:g}")
    if rr is not None and round(rr, 2) > rules.max_reward_risk:
        failures.append(f"R/R {rr:.2f} over {rules.max_reward_risk:g}: a stop this tight against a "
                        "target this far is inside the noise")
    if from_200d_pct is not None and round(sign * from_200d_pct, 1) >= rules.max_stretch_pct:
        failures.append(f"{abs(from_200d_pct):.1f}% {'under' if short else 'over'} its 200-day: "
                        f"too stretched to {'short' if short else 'buy'} ({rules.max_stretch_pct:g}% "
                        "or more)")
    return TradePlan(ticker, direction, trigger, stop, target, close, atr14, horizon, setup,
                     entry, reward, risk, rr, (trigger / close - 1.0) * 100.0, trigger_atrs,
                     tuple(failures))
