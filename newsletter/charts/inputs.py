"""The small plain values charts take besides frames and floats.

Charts never see analysis objects: a section turns its analysis into these
values (and frames) and hands them over, so the chart code depends on
nothing but pandas and matplotlib.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

LevelKind = Literal["support", "resistance", "trigger", "target", "stop", "put_wall", "call_wall"]


@dataclass(frozen=True)
class Level:
    """A price level drawn across a price chart and labelled on its right edge.

    ``label`` is what the tag says before the price ("Put wall", "Trigger");
    ``kind`` picks the colour (see :meth:`newsletter.charts.style.Palette.level`).
    """

    label: str
    price: float
    kind: LevelKind | str = "support"


@dataclass(frozen=True)
class Estimate:
    """A mean forward return with its 90% interval and sample size (fractions: 0.012 = 1.2%)."""

    mean: float
    low: float
    high: float
    n: int
    positive: float | None = None
    """The share of cases with a positive return (0..1), when known."""


@dataclass(frozen=True)
class HorizonEdge:
    """One horizon of an event study: after the event against all days."""

    horizon: str
    """How the horizon reads on the chart: ``1 week``, ``1 month``."""
    event: Estimate
    baseline: Estimate
