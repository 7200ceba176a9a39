"""How numbers and dates read on a chart and in its alt text."""

from __future__ import annotations

import datetime as dt
import math

from newsletter.display import signed_percent


def literal(text: str) -> str:
    """``text`` escaped so that matplotlib never reads ``$...$`` in it as mathtext."""
    return text.replace("$", r"\$")


def inline(label: str) -> str:
    """A label as it reads mid-sentence: ``All days`` becomes ``all days``, ``IWM leads`` stays."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def price(value: float) -> str:
    """``268.10``; ``4,512.30``; ``12,345``; ``0.3842`` for ratios below 1."""
    if not math.isfinite(value):
        return "n/a"
    size = abs(value)
    if size >= 10_000:
        return f"{value:,.0f}"
    if size < 1:
        return f"{value:.4f}"
    return f"{value:,.2f}"


def tick(value: float, _pos: object = None) -> str:
    """An axis tick: no decimals when the tick is a whole number (``350``), else :func:`price`."""
    if math.isfinite(value) and float(value).is_integer() and abs(value) >= 1:
        return f"{value:,.0f}"
    return price(value)


def strike(value: float) -> str:
    """A strike without trailing zeros: ``260``, ``262.5``."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def pct(fraction: float, digits: int = 1) -> str:
    """A signed percentage from a fraction: ``+2.3%``, ``-0.4%`` (with a real minus sign)."""
    if not math.isfinite(fraction):
        return "n/a"
    if fraction == 0:
        return "0%"
    return plain_pct(fraction, digits).replace("-", "\u2212")


def plain_pct(fraction: float, digits: int = 1) -> str:
    """A signed percentage with an ASCII minus, for alt text read by screen readers; one that
    rounds to zero has no sign (:func:`newsletter.display.signed_percent`)."""
    return signed_percent(fraction * 100, digits)


def count(n: float) -> str:
    """``950``; ``12.4k``; ``3.1M``: compact counts for volume and open interest."""
    size = abs(n)
    if size >= 1e9:
        return f"{n / 1e9:.1f}B"
    if size >= 1e6:
        return f"{n / 1e6:.1f}M"
    if size >= 1e4:
        return f"{n / 1e3:.0f}k"
    if size >= 1e3:
        return f"{n / 1e3:.1f}k"
    return f"{n:.0f}"


def day(date: dt.date) -> str:
    """``Nov 20, 2026``."""
    return f"{date:%b} {date.day}, {date.year}"


def level(value: float) -> str:
    """A level as traders write it: ``260`` for a round number, else ``262.50``."""
    if math.isfinite(value) and float(value).is_integer() and abs(value) < 100_000:
        return f"{value:,.0f}"
    return price(value)
