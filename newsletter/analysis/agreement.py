"""How sure a set of independent votes makes us: the agreement, never a clipped size.

Each input votes +1 (up / risk-on), -1 (down / risk-off) or 0 (neither). The
direction is the side a strict majority of *all* the inputs votes for, else
"flat"; the confidence is Laplace's rule of succession on the agreeing count,
``(agreeing + 1) / (inputs + 2)``: three of three read 0.80, two of three 0.60,
never 1.00. With no majority the confidence is that of the larger side. The
regime read (sections/regime.py) and the three lenses (analysis/lenses.py)
share this one rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Direction = Literal["up", "down", "flat"]


@dataclass(frozen=True)
class Agreement:
    direction: Direction
    confidence: float
    """``(agreeing + 1) / (inputs + 2)``; for "flat", of the larger side."""
    agree: tuple[str, ...]
    disagree: tuple[str, ...]
    """Inputs voting the other way."""
    neutral: tuple[str, ...]


def laplace(agreeing: float, total: float) -> float:
    """``(agreeing + 1) / (total + 2)``: the agreement of ``agreeing`` out of ``total`` votes."""
    return (agreeing + 1.0) / (total + 2.0)


def agreement(votes: Sequence[tuple[str, int]]) -> Agreement:
    """The direction a strict majority of the named ``votes`` (+1, -1, 0) takes, and its agreement."""
    up = tuple(name for name, v in votes if v > 0)
    down = tuple(name for name, v in votes if v < 0)
    neutral = tuple(name for name, v in votes if v == 0)
    n = len(votes)
    direction: Direction
    if len(up) * 2 > n:
        direction, agree, disagree = "up", up, down
    elif len(down) * 2 > n:
        direction, agree, disagree = "down", down, up
    else:
        direction = "flat"
        agree, disagree = (up, down) if len(up) >= len(down) else (down, up)
    return Agreement(direction, laplace(len(agree), n), agree, disagree, neutral)
