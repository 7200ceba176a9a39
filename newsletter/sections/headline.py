"""🚨 Headline and hook, from the two strongest signals of the week."""

from __future__ import annotations

from dataclasses import replace

from newsletter.sections.base import Context, Signal

_OPENERS = (
    "What you need to know before you trade this week.",
    "Here's everything I'm watching this week.",
    "If you're trading this week, start here.",
)


_SMALL_WORDS = frozenset({"a", "an", "the", "of", "on", "at", "in", "to", "vs", "and", "bp"})


def headline_case(phrase: str) -> str:
    """Title case that leaves cashtags, numbers and small words alone ("10Y Yield Down 21 bp")."""
    words = phrase.split(" ")
    out = [w if (i and w in _SMALL_WORDS) or not w[:1].islower() else w[:1].upper() + w[1:]
           for i, w in enumerate(words)]
    return " ".join(out)


def _subject(signal: Signal) -> str:
    """The name a phrase is about: its signal's ``subject``, else the cashtag it starts with
    ("$NVDA Stalls…") or the S&P (which is $SPY: "The S&P Crashes 19.8%"), else ""."""
    if signal.subject:
        return signal.subject
    if signal.phrase.startswith("The S&P "):
        return "$SPY"
    first = signal.phrase.split(" ", 1)[0]
    return first if first.startswith("$") else ""


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
        if not signal.phrase or (top and _subject(signal) == _subject(top[0])):
            continue  # two phrases about one name say less than one about each of two
        top.append(replace(signal, phrase=headline_case(signal.phrase)))
        if len(top) == 2:
            break
    if not top:
        headline = f"Week Ahead: What the Tape Said Through {ctx.snapshot.asof:%b %-d}"
    elif len(top) == 1:
        headline = top[0].phrase
    else:
        headline = f"{top[0].phrase} & {top[1].phrase}"
    # the hook tells the headline's own signals, in its order: a sentence about a signal the
    # headline does not name reads as the reason for one it does
    hook = " ".join(s.hook for s in top if s.hook)
    opener = _OPENERS[ctx.variant("hook", len(_OPENERS))]
    return headline, (f"{hook} {opener}".strip())
