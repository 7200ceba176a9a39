"""How a symbol and a level print: one helper for the sections, the headline and the templates.

Tradeable symbols print as cashtags (``$IWM``); index, yield, futures and
currency symbols print as names (``^GSPC`` is "the S&P 500", ``^TNX`` "the
10-year yield"), never as ``$^RUT`` or ``$GSPC``. The config's ``names`` map
adds or overrides names (``{"^SOX": "the chip index"}``).

Three forms:

- :func:`name`: in a sentence ("the S&P 500", "$IWM"); :func:`name_start` at its start
  ("The S&P 500");
- :func:`label`: in a list, a heading or a headline, without the article ("S&P 500", "$IWM");
- :func:`plain`: without the ``$`` either ("S&P 500", "IWM"), for ratios such as "IWM/SPY".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from newsletter.rounding import signed as signed  # re-exported: the formatters
from newsletter.rounding import signed_percent as signed_percent

NAMES: dict[str, str] = {
    "^GSPC": "the S&P 500", "^SPX": "the S&P 500", "^RUT": "the Russell 2000",
    "^NDX": "the Nasdaq-100", "^IXIC": "the Nasdaq Composite", "^DJI": "the Dow",
    "^DJT": "the Dow Transports", "^DJU": "the Dow Utilities", "^VIX": "the VIX",
    "^TNX": "the 10-year yield", "^TYX": "the 30-year yield", "^FVX": "the 5-year yield",
    "^IRX": "the 13-week bill yield", "^SOX": "the Philadelphia semiconductor index",
    "CL=F": "oil", "GC=F": "gold", "DX-Y.NYB": "the dollar", "BTC-USD": "Bitcoin",
    "ETH-USD": "Ether",
}
"""Default names of symbols that are not tradeable tickers; the config's ``names`` come first."""

_LABELS: dict[str, str] = {"^TNX": "10Y yield", "^TYX": "30Y yield", "^FVX": "5Y yield",
                           "^IRX": "3M yield", "CL=F": "Oil", "GC=F": "Gold",
                           "DX-Y.NYB": "Dollar"}
"""Short labels where the name without its article reads badly in a list."""

INDEX_PRECISION = 2
"""Decimals of an index or stock level; a round number (a milestone) prints with none."""


def tradeable(ticker: str) -> bool:
    """A symbol a reader can buy: no ``^`` (index), ``=`` (future) or ``-USD`` / ``.NYB`` suffix."""
    return not (ticker.startswith("^") or "=" in ticker or ticker.endswith("-USD")
                or ticker.endswith(".NYB"))


def name(ticker: str, names: Mapping[str, str] | None = None) -> str:
    """The symbol as a sentence says it: ``$IWM``, "the S&P 500"; the config map first."""
    if names and ticker in names:
        return names[ticker]
    if ticker in NAMES:
        return NAMES[ticker]
    return f"${ticker}" if tradeable(ticker) else ticker.lstrip("^")


def name_start(ticker: str, names: Mapping[str, str] | None = None) -> str:
    """:func:`name` at the start of a sentence: "The S&P 500", ``$IWM``."""
    text = name(ticker, names)
    return text[:1].upper() + text[1:]


def label(ticker: str, names: Mapping[str, str] | None = None) -> str:
    """The symbol in a list or a heading: ``$IWM``, "S&P 500", "10Y yield"."""
    if not (names and ticker in names) and ticker in _LABELS:
        return _LABELS[ticker]
    text = name(ticker, names)
    text = text[4:] if text.startswith("the ") else text
    return text[:1].upper() + text[1:]


def plain(ticker: str, names: Mapping[str, str] | None = None) -> str:
    """:func:`label` without the ``$``: "IWM", "S&P 500"; for ratios such as "IWM/SPY"."""
    return label(ticker, names).lstrip("$")


def level(value: float) -> str:
    """A price or index level: a round number without decimals ("4,000"), else two ("3,986.23")."""
    if abs(value - round(value)) < 1e-9:
        return f"{value:,.0f}"
    return f"{value:,.{INDEX_PRECISION}f}"


def quote(value: float) -> str:
    """A price at the instrument's precision, round or not ("35.00", "3,990.37"): a pivot or an
    average, where :func:`level` would drop a round number's decimals as for a milestone."""
    return f"{value:,.{INDEX_PRECISION}f}"


def price(value: float) -> str:
    """Prices as traders write them: 2 decimals under 1,000, one up to 10,000, none above (the
    issue's ``price`` filter; sentences built in a section use the same)."""
    if abs(value) >= 10_000:
        return f"{value:,.0f}"
    if abs(value) >= 1_000:
        return f"{value:,.1f}"
    return f"{value:,.2f}"


def short_date(value: dt.date) -> str:
    """"Nov 18": a date without its year (the issue's ``short_date`` filter)."""
    return f"{value:%b} {value.day}"


def year_date(value: dt.date) -> str:
    """"Jan 29, 2021": a date with its year, written one way across the issue (the Technical
    Setup and the Rotation Play wrote "Jul 15 2026" beside hooks that wrote "Jan 24, 2003")."""
    return f"{value:%b} {value.day}, {value.year}"


def day_words(day: dt.date, today: dt.date) -> str:
    """"Nov 10", or "Dec 30, 2025" when ``day`` is in another year than ``today``."""
    year = f", {day.year}" if day.year != today.year else ""
    return f"{day:%b} {day.day}{year}"


def r_words(r: float) -> str:
    """An R multiple as the issue prints it: "+0.4R", "-0.3R", and "0.0R" for anything that prints
    as zero (the real bars' random weeks earned -0.03R a call, which read "-0.0R")."""
    return signed(r, 1) + "R"


def vol_gap(points: float) -> str:
    """Implied against realised volatility, in vol points: "1.3 pts over", "17.6 pts under"
    ("-17.6 pts over" read on the 2020-03-22 issue), "in line with" what prints as zero."""
    shown = round(points, 1)
    if shown == 0:
        return "in line with"  # "implied 0.0 pts over realised" read on the 2003-2022 replay
    return f"{abs(shown):.1f} pts {'under' if shown < 0 else 'over'}"


def gap(value: float, reference: float) -> str:
    """How far ``value`` sits from ``reference``, at one decimal: "0.6% under", "2.1% over", and
    "a hair under" when that prints as 0.0% (three cents on 306 is not "0.0%")."""
    return gap_pct((value / reference - 1.0) * 100.0)


def gap_pct(pct: float, over: str = "over", under: str = "under") -> str:
    """:func:`gap` from the signed distance in percent ("a hair over" for 0.04, at or over);
    ``over`` and ``under`` are the side's words ("above" where a line says "above its 200-day")."""
    side = under if pct < 0 else over
    return f"{abs(pct):.1f}% {side}" if round(abs(pct), 1) > 0 else f"a hair {side}"


_CONSONANT_SOUND_WORDS = ("one", "once", "uni", "use", "usu", "eu")


def and_list(items: list[str]) -> str:
    """"$SPY", "$SPY and $IWM", "$SPY, $QQQ and $IWM"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def a_or_an(phrase: str) -> str:
    """``phrase`` with its indefinite article, as it is read aloud: "an 8-Year High",
    "an 11-year low", "a 180-point milestone" (one hundred eighty), "an open call", "a unit"."""
    head = re.split(r"[\s-]", phrase, maxsplit=1)[0]
    digits = re.match(r"[\d,]+", head)
    if digits and digits.group().replace(",", ""):
        group = int(digits.group().replace(",", ""))
        while group >= 1000:  # 8,000 and 800,000 are read from their leading group
            group //= 1000
        vowel = group in (8, 11, 18) or 80 <= group <= 89 or 800 <= group <= 899
    else:
        lowered = head.lower()
        vowel = lowered[:1] in ("a", "e", "i", "o", "u") and not lowered.startswith(_CONSONANT_SOUND_WORDS)
    return f"{'an' if vowel else 'a'} {phrase}"


_CARDINALS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def cardinal(n: int) -> str:
    """"two" for 2, in words to ten; digits past it ("12")."""
    return _CARDINALS[n - 1] if 1 <= n <= len(_CARDINALS) else str(n)


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
             "tenth")


def ordinal(n: int) -> str:
    """"fourth" for 4, in words to ten; "11th", "12th", "21st" past it."""
    if 1 <= n <= len(_ORDINALS):
        return _ORDINALS[n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
