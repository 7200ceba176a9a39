"""How a number prints with its sign: the one rule, below every stage.

A leaf (standard library only) so that the analysis, which words its lens readings, and the
display helpers, which word everything else, share it without the analysis importing a
presentation module.
"""

from __future__ import annotations

import math


def signed(value: float, digits: int = 1) -> str:
    """A number with its sign, ``+1.2``, ``-0.4``; one that rounds to zero at ``digits`` has
    none (``0.0``, never ``-0.0``: "dollar index -0.0% in a month" read in Three Minds). Not
    finite: ``n/a``."""
    if value is None or not math.isfinite(value):
        return "n/a"
    if round(value, digits) == 0:
        return f"{0.0:.{digits}f}"
    return f"{value:+.{digits}f}"


def signed_percent(value: float, digits: int = 1) -> str:
    """A percentage (in percent) with its sign, ``+1.2%``, ``-0.4%``; one that rounds to zero
    at ``digits`` has none (``0.00%``, never ``-0.00%``). Not finite: ``n/a``."""
    shown = signed(value, digits)
    return shown if shown == "n/a" else shown + "%"


def shown_difference(first: float, second: float, digits: int = 1,
                     second_digits: int | None = None) -> float:
    """``first`` minus ``second`` as the two print (``digits`` decimals, or ``second_digits`` for
    the second), rounded past float noise: "+9.0% vs +8.9%" is a 0.1 spread whatever the decimals
    behind, and 1.1 - 0.6 is 0.5, not the 0.5000000000000001 a bar at 0.5 would read as over."""
    shown_second = round(second, digits if second_digits is None else second_digits)
    return round(round(first, digits) - shown_second, 9)


def as_printed(values, digits: int = 2) -> list[float]:
    """Each value of a sequence (a pandas Series, an array) rounded as it prints, by Python's
    ``round``, the rule of ``f"{x:.2f}"``. numpy's and pandas' ``round`` scale and round half to
    even, and disagree with the print at a binary half-cent: 143.525 prints 143.53 and numpy
    rounds it to 143.52 (the real bars' $IWM closed at half cents in 2001-2003), so a level found
    by one and looked up by the other was not there."""
    return [round(float(v), digits) for v in values]
