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
