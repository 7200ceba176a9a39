"""🚨 Headline and hook, from the two strongest signals of the week."""

from __future__ import annotations

from newsletter.sections.base import Context, Signal

_OPENERS = (
    "What you need to know before you trade this week.",
    "Here's everything I'm watching this week.",
    "If you're trading this week, start here.",
)


def make_headline(ctx: Context, signals: list[Signal]) -> tuple[str, str]:
    """The headline joins the two strongest signals; the hook says what follows."""
    ranked = sorted(signals, key=lambda s: -s.strength)
    top = [s for s in ranked if s.phrase][:2]
    if not top:
        headline = f"Week Ahead: What the Tape Said Through {ctx.snapshot.asof:%b %-d}"
    elif len(top) == 1:
        headline = top[0].phrase
    else:
        headline = f"{top[0].phrase} & {top[1].phrase}"
    hooks = [s.hook for s in ranked if s.hook][:2]
    hook = " ".join(hooks) if hooks else ""
    opener = _OPENERS[ctx.variant("hook", len(_OPENERS))]
    return headline, (f"{hook} {opener}".strip())
