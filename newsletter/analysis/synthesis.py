"""The synthesis of the three lenses, and the weights their graded records earn.

The synthesis is the same agreement rule as each lens, with weights: weights
are scaled to sum to the number of lenses, the direction is the side holding a
strict majority of that weight (a flat lens holds its weight on neither side),
and the confidence is ``(agreeing weight + 1) / (lenses + 2)``. With equal
weights that is exactly the lenses' own rule: two of three agreeing read 0.60.

:func:`fit_lens_weights` turns each lens's record into weights proportional to
its skill over chance, where chance is the hit rate the lens would have had
stating the same mix of directions at random against the same market (the
expected agreement of Cohen's kappa).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from newsletter.analysis.agreement import Direction, laplace
from newsletter.analysis.lenses import LensRead

LENSES = ("macro", "flow", "contrarian")
MIN_FIT_N = 30
"""Fewer graded up/down reads than this for any lens and the fit returns equal weights."""

Record = tuple[dt.date, str, str, str]
"""(date, lens, stated direction, realised direction), each direction "up", "down" or "flat"."""


def realised_direction(start: float, end: float) -> Direction:
    """What the market did from ``start`` to ``end`` (closes): "up" above, "down" below, "flat" equal.

    A stated "flat" states nothing and is never graded; a realised "flat" proves an "up" and a
    "down" read equally wrong.
    """
    return "up" if end > start else "down" if end < start else "flat"


@dataclass(frozen=True)
class Synthesis:
    direction: Direction
    confidence: float
    """``(agreeing weight + 1) / (lenses + 2)`` with weights scaled to sum to the lens count."""
    agree: tuple[str, ...]
    disagree: tuple[str, ...]
    """Lenses stating the opposite direction (for "flat": the smaller side)."""
    flat: tuple[str, ...]
    weights: tuple[tuple[str, float], ...]
    """The weights used, scaled to sum to the number of lenses."""


def _scaled(reads: Sequence[LensRead], weights: Mapping[str, float] | None) -> dict[str, float]:
    raw = {r.name: float((weights or {}).get(r.name, 1.0)) for r in reads}
    total = sum(raw.values())
    if total <= 0:
        return {name: 1.0 for name in raw}
    return {name: w * len(raw) / total for name, w in raw.items()}


def synthesize(reads: Sequence[LensRead], weights: Mapping[str, float] | None = None) -> Synthesis:
    """The weighted agreement of the lenses' directions (a lens absent from ``weights`` weighs 1)."""
    w = _scaled(reads, weights)
    up = tuple(r.name for r in reads if r.direction == "up")
    down = tuple(r.name for r in reads if r.direction == "down")
    flat = tuple(r.name for r in reads if r.direction == "flat")
    up_w, down_w, total = sum(w[n] for n in up), sum(w[n] for n in down), float(len(reads))
    direction: Direction
    if up_w * 2 > total:
        direction, agree, disagree, weight = "up", up, down, up_w
    elif down_w * 2 > total:
        direction, agree, disagree, weight = "down", down, up, down_w
    else:
        direction = "flat"
        agree, disagree, weight = (up, down, up_w) if up_w >= down_w else (down, up, down_w)
    return Synthesis(direction, laplace(weight, total), agree, disagree, flat,
                     tuple((r.name, w[r.name]) for r in reads))


@dataclass(frozen=True)
class LensSkill:
    lens: str
    n: int
    """Graded reads that stated up or down."""
    hit_rate: float
    chance: float
    """The hit rate stating the same mix of directions at random against the same outcomes."""

    @property
    def skill(self) -> float:
        """``hit_rate - chance``, floored at zero."""
        return max(0.0, self.hit_rate - self.chance)


def lens_skills(records: Iterable[Record], lenses: Sequence[str] = LENSES) -> dict[str, LensSkill]:
    """Each lens's hit rate and chance rate over its up/down reads (flat reads state nothing)."""
    by_lens: dict[str, list[tuple[str, str]]] = {name: [] for name in lenses}
    for _, lens, stated, realised in records:
        if stated in ("up", "down"):
            by_lens.setdefault(lens, []).append((stated, realised))
    out = {}
    for lens, rows in by_lens.items():
        n = len(rows)
        if n == 0:
            out[lens] = LensSkill(lens, 0, 0.0, 0.0)
            continue
        hits = sum(stated == realised for stated, realised in rows)
        chance = sum((sum(s == d for s, _ in rows) / n) * (sum(r == d for _, r in rows) / n)
                     for d in ("up", "down"))
        out[lens] = LensSkill(lens, n, hits / n, chance)
    return out


def fit_lens_weights(records: Iterable[Record], lenses: Sequence[str] = LENSES,
                     min_n: int = MIN_FIT_N) -> dict[str, float]:
    """Weights summing to 1, proportional to each lens's skill over chance.

    Equal weights when any lens has fewer than ``min_n`` graded up/down reads
    (its record cannot be told from luck) or when no lens beats chance.
    """
    skills = lens_skills(records, lenses)
    equal = {name: 1.0 / len(skills) for name in skills}
    if any(s.n < min_n for s in skills.values()):
        return equal
    total = sum(s.skill for s in skills.values())
    if total <= 0:
        return equal
    return {name: s.skill / total for name, s in skills.items()}
