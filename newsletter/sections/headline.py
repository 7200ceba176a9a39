"""🚨 Headline and hook, from the two strongest signals of the week."""

from __future__ import annotations

import re
from dataclasses import replace

from newsletter.sections.base import Context, Signal
from newsletter.sections.recap_records import RECORD_STORY_PREFIX

_OPENERS = (
    "What you need to know before you trade this week.",
    "Here's everything I'm watching this week.",
    "If you're trading this week, start here.",
)


_SMALL_WORDS = frozenset({"a", "an", "the", "of", "on", "at", "in", "to", "for", "vs", "and", "bp"})


def headline_case(phrase: str) -> str:
    """Title case that leaves cashtags, numbers and small words alone ("10Y Yield Down 21 bp")."""
    words = phrase.split(" ")
    out = [w if (i and w in _SMALL_WORDS) or not w[:1].islower() else w[:1].upper() + w[1:]
           for i, w in enumerate(words)]
    return " ".join(out)


def _subject(signal: Signal) -> str:
    """The name a phrase is about: its signal's ``subject``, else the cashtag it starts with
    ("$NVDA Stalls…", "$SPY Crashes 19.8%", "$SPY's 8-Session Winning Run Ends"), else ""."""
    if signal.subject:
        return signal.subject
    # "$SPY, $IWM and $DIA Lose Their 200-Days" is first about $SPY, not "$SPY,"
    first = signal.phrase.split(" ", 1)[0].rstrip(",").removesuffix("'s").removesuffix("’s")
    return first if first.startswith("$") else ""


_CASHTAG = re.compile(r"\$[A-Z][A-Z0-9.^-]*[A-Z0-9]|\$[A-Z]\b")


def _named(signal: Signal) -> set[str]:
    """Every name a phrase is about: its subject (:func:`_subject`) and each cashtag it names."""
    return {_subject(signal), *_CASHTAG.findall(signal.phrase)} - {""}


def _without(signal: Signal, names: set[str]) -> Signal:
    """``signal`` with its phrase of several names (:attr:`Signal.without`) leaving out the first
    of ``names`` it lists, about the names left; itself when it lists none of them. Neither
    "$QQQ Rises 8 Weeks in a Row & $SPY, $QQQ and $DIA Close at Record Highs" nor "$SPY and $QQQ
    Close at Record Highs & $QQQ Rises 8 Weeks in a Row" (the replay's 2019-05-05)."""
    phrase = next((p for who, p in signal.without if who in names), None)
    if phrase is None:
        return signal
    return replace(signal, phrase=phrase, subject="", without=())


def make_headline(ctx: Context, signals: list[Signal]) -> tuple[str, str]:
    """The headline joins the two strongest signals; the hook tells them, then what follows.

    Every section offers signals of several kinds (the largest mover, a VIX jump, a yield
    move, a milestone, a record streak, a breakdown, a breakout, a fresh cross), so the
    generic line is left for a week whose data gave none at all.
    """
    ranked = sorted((s for s in signals if not s.fallback), key=lambda s: -s.strength)
    if not ranked:  # a quiet week: its own line, said alone
        ranked = sorted((s for s in signals if s.fallback), key=lambda s: -s.strength)[:1]
    top: list[Signal] = []
    for signal in ranked:
        if top and signal.without:  # a phrase of several names leaves out the lead's
            signal = _without(signal, _named(top[0]))
        if not signal.phrase or (top and _subject(signal) == _subject(top[0])):
            continue  # two phrases about one name say less than one about each of two
        if signal.story and any(t.story == signal.story for t in top):
            continue  # one story told twice under two names (:attr:`Signal.story`)
        if top and signal.background and signal.lean and signal.lean == top[0].lean:
            continue  # a standing state that leans the lead's way tells nothing new beside it
        top.append(replace(signal, phrase=headline_case(signal.phrase)))
        if len(top) == 2:
            break
    if len(top) == 2 and top[0].without:  # ... and a lead of several names the second's name
        top[0] = replace(lead := _without(top[0], _named(top[1])),
                         phrase=headline_case(lead.phrase))
    top = _with_market(top, ranked)
    # an aside another headline phrase tells in full is told there, once: a group of records
    # (:attr:`Signal.without`) is the aside of the lead about one of them and the second phrase
    # too (the replay's 2017-07-23 told three record closes twice)
    asides = [("", False) if aside and any(aside in other.hook for other in top if other is not lead)
              else (aside, trade) for lead, (aside, trade) in zip(top, _asides(top, ranked), strict=True)]
    if not top:
        headline = f"Week Ahead: What the Tape Said Through {ctx.snapshot.asof:%b %-d}"
    elif len(top) == 1:
        headline = top[0].phrase
    else:
        headline = f"{top[0].phrase} & {top[1].phrase}"
    # the hook tells the headline's own signals, in its order: a sentence about a signal the
    # headline does not name reads as the reason for one it does
    # a story left out for its subject is told before the one that leads it: the context, then
    # the trade ("The S&P fell 4.6%, its worst week since ... $SPY closed under its support: ...")
    # ... and the call told beside its name's story comes after it: the story, then the
    # trade (the replay's 2011-10-09 led "$SPY Rips 2.3%" with "$SPY closed under its support:
    # short under 115.06, ..." first)
    hook = _benchmark_once(" ".join(
        part for s, (aside, trade) in zip(top, asides, strict=True)
        for part in ((s.hook, aside) if trade else (aside, s.hook)) if part))
    # the call is always in the lead: one weighed as news (a break in a week its name
    # rose) whose name has no story up top was in neither (the replay's 2004-11-28, its only call)
    call = next((s for s in ranked if s.call and s.hook), None)
    if (call is not None and not any(t.call for t in top) and not any(trade for _, trade in asides)
            and call.hook not in hook):
        hook = f"{hook} {call.hook}".strip()
    opener = _OPENERS[ctx.variant("hook", len(_OPENERS))]
    return headline, (f"{hook} {opener}".strip())


_AGAINST = re.compile(r", against (\$[A-Z][A-Z0-9.^-]*)'s ([+-])(\d+(?:\.\d+)?)%")


def _benchmark_once(hook: str) -> str:
    """``hook`` without a mover's ", against $SPY's -2.1%" when another of its sentences gives that
    week itself ("$SPY fell 2.1% ..."): the replay's 2020-05-17 led "$IWM fell 5.5% on the week,
    against $SPY's -2.1%. $SPY fell 2.1% on the week, its fourth drop this big in 13 weeks."
    (15 of 65 leads of 2020-2021); and an ended run without its ": it rose 5.6% on the week" when
    another sentence gives the name's week (2011-07-03: "... ended: it rose 5.6% on the week.
    $SPY rose 5.6%, its best week since ...")."""
    def cut(found: re.Match[str]) -> str:
        who, sign, size = found.groups()
        said = f"{who} {'rose' if sign == '+' else 'fell'} {size}%"
        return "" if said in hook else found.group(0)

    def ended(found: re.Match[str]) -> str:
        who, run, verb, size = found.groups()
        return f"{who}{run}." if f"{who} {verb} {size}%" in hook else found.group(0)

    def day_ended(found: re.Match[str]) -> str:
        who, day, way, size = found.groups()
        said = f"{who} {'rose' if way == 'up' else 'fell'} {size}% on the week"
        return f"{who}{day}." if said in hook else found.group(0)
    return _DAY_ENDED.sub(day_ended, _ENDED.sub(ended, _AGAINST.sub(cut, hook)))


_DAY_ENDED = re.compile(r"(\$[A-Z][A-Z0-9.^-]*)('s [^;.]*? day (?:since|in the data)[^;.]*?); "
                        r"it ended the week (up|down) (\d+\.\d)%\.")
"""A big day's "; it ended the week down 3.5%." (:func:`newsletter.sections.recap._big_day_signal`),
cut when the hook gives that name's week already ("$QQQ fell 3.5% on the week, ...")."""

_ENDED = re.compile(r"(\$[A-Z][A-Z0-9.^-]*)('s run of \d+ weekly (?:gains|losses), [^:]*?, ended): "
                    r"it (rose|fell) (\d+\.\d)% on the week\.")


def _with_market(top: list[Signal], ranked: list[Signal]) -> list[Signal]:
    """``top`` with the market's story (:attr:`Signal.market`) in it: in the second place when
    neither phrase tells it, unless a phrase is about the same name (then the story is that
    phrase's aside). The sample's "$TSLA Cracking Support & $PLTR Stalls After Earnings" left out
    the S&P's best week in 13 months. The issue's call (:attr:`Signal.call`) keeps its place: the
    story takes the other one (the real bars' 2014-10-12 "VIX Jumps 46% & The S&P Slides 3.0%"
    dropped the issue's only call from the headline and the hook)."""
    market = next((s for s in ranked if s.market and s.phrase), None)
    if (market is None or not top or any(t.market for t in top)
            or any(_subject(market) == _subject(t) for t in top)
            # a story the headline tells already under another name: the replay's 2021-10-24 led
            # "$DIA Closes at a Record High & $SPY Closed at a Record High on Thursday"
            or (market.story and any(t.story == market.story for t in top))):
        return top
    told = replace(market, phrase=headline_case(market.phrase))
    if len(top) == 2 and top[1].call and not top[0].call:
        return [top[1], told]
    return [top[0], told]


ASIDE_STRENGTH = 1.0
"""A story left out for its subject is told in the hook from this strength: a notable week (the
S&P's 2% week, a fresh 52-week high, a 3% mover). Under it, "$QQQ rose 1.3% on the week, the
biggest move on the scoreboard" only lengthened the hook of "$QQQ Cracking Support"."""


def _asides(top: list[Signal], ranked: list[Signal]) -> list[tuple[str, bool]]:
    """For each headline signal, the :attr:`~Signal.aside` of the issue's call about its subject
    (whatever it weighs), else of the strongest other signal about it (a named subject only), of
    :data:`ASIDE_STRENGTH` or more; or ""; and whether it is the call's (told after the story)."""
    # a close record of the lead's name rides at any weight: one more record of a run weighs
    # under a notable week, and the replay's 2014-08-31 "$SPY Tops the 200 Mark" never said the
    # close was a record (three $SPY record closes that week); never one the lead tells already
    told = [s for s in ranked if s.aside and (s.call or round(s.strength, 6) >= ASIDE_STRENGTH
                                              or s.story.startswith(RECORD_STORY_PREFIX))]
    # the call first: a trade left out of the headline for its name's story is still the
    # lead's (the replay's 2011-10-09, "$SPY Rips 2.3%", told Monday's low in the lead, not the call)
    told.sort(key=lambda s: not s.call)
    out = []
    for lead in top:
        subject = _subject(lead)
        chosen = next((s for s in told if subject and _subject(s) == subject
                       and headline_case(s.phrase) != lead.phrase
                       and not (s.story and s.story == lead.story)), None)
        out.append((chosen.aside, chosen.call) if chosen is not None else ("", False))
    return out
