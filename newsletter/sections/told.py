"""Whether a recap line says a fact the issue's lead already tells.

The recap's ⚡, 📉, 🗓️ and 📅 lines each state one fact: a name and its figures ("$SPY fell 15.0% on
the week, its worst week since the week to Oct 10, 2008 (-19.8%)."). The lead tells the
headline's facts in sentences of its own wording ("$SPY fell 15.0%, its worst week since ...,
and its lowest close since Feb 2, 2017."). A line is told when one sentence of the lead names
every name the line names and quotes every figure it quotes (prices, percentages, dates, counts):
the figures are the fact, so a line with a figure the lead does not have says something new.

The replay's 2018-2021 reviews: a ⚡ line restated a sentence of the lead in 32 of 65 issues of
2020-2021 and 35 of 57 of 2018-2019 ("$DIA Rises 6 Weeks in a Row", its lead and its only ⚡ line
one sentence three times), while only the records, the other indices' ranks and the 200-day
crosses were checked against the lead.
"""

from __future__ import annotations

import re

_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_NAME = re.compile(r"\$[A-Z][A-Z0-9.^-]*[A-Z0-9]|\$[A-Z]|\bVIX\b")
MIN_SHARED_WORDS = 0.5
"""Besides every name and figure, at least this share of the line's words is in the sentence: a
figure alone can meet another ("$SPY fell 7 sessions in a row" against "$SPY fell 7.0%": no
figure in common; "7 of 10 closes" against "7 sessions in a row" would be)."""


def _plain(text: str) -> str:
    return text.replace("**", "").replace("*", "")


def told(line: str, lead: str) -> bool:
    """Whether one sentence of ``lead`` names every name of ``line`` and quotes every figure of it
    (and shares :data:`MIN_SHARED_WORDS` of its words). A line without a figure is never told:
    nothing pins its fact."""
    line = _plain(line)
    numbers = set(_NUMBER.findall(line))
    if not numbers or not lead:
        return False
    names = set(_NAME.findall(line))
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", line)}
    for sentence in _SENTENCE.split(_plain(lead)):
        if not numbers <= set(_NUMBER.findall(sentence)):
            continue
        if not names <= set(_NAME.findall(sentence)):
            continue
        said = {w.lower() for w in re.findall(r"[A-Za-z]+", sentence)}
        if not words or len(words & said) / len(words) >= MIN_SHARED_WORDS:
            return True
    return False


def untold_calendar(line: str, lead: str) -> str:
    """A 🗓️/📅 line ("June: $SPY -8.8% on the month, its worst month since Sep 2002 (-10.9%);
    $QQQ -9.0%, ...") without each name's rank the lead tells (:func:`told`), and "" when the
    lead tells the only name it has: the replay's 2008-07-06 said June's rank in its lead and
    again in its 🗓️ line (4 of 4 such issues of 2008-2009, and of 2015-2016); 2011-09-04 the same
    of $IWM's August, the line's second name."""
    if not line or ": " not in line:
        return line
    head, rest = line.split(": ", 1)
    parts = rest.removesuffix(".").split("; ")
    kept = [part.split(", ")[0] if told(part + ".", lead) else part for part in parts]
    if kept == parts:
        return line
    if len(parts) == 1:
        return ""
    ranked = any(", its " in part for part in kept[1:])
    return f"{head}: {kept[0]}; {('; ' if ranked else ', ').join(kept[1:])}."


def untold_parts(line: str, lead: str) -> str:
    """A grouped line ("On the week: $IWM rose 10.3%, its best week since ...; $QQQ rose 6.4%,
    ...") without each part the lead tells (:func:`told`), and "" when the lead tells them all: the
    replay's 2011-12-04 led "$IWM rose 10.3% on the week, its best week since the week to Mar 13,
    2009 (+11.8%), ..." above "⚡ On the week: $IWM rose 10.3%, its best week since the week to Mar
    13, 2009 (+11.8%); ..." (5 issues of 2011). A line of one part is :func:`told` whole."""
    if ": " not in line or "; " not in line:
        return line
    head, rest = line.split(": ", 1)
    parts = rest.removesuffix(".").split("; ")
    kept = [part for part in parts if not told(part + ".", lead)]
    if len(kept) == len(parts):
        return line
    return f"{head}: {'; '.join(kept)}." if kept else ""
