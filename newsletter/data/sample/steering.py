"""Steering a path through a ticker's levels: where it should be, and the drift that takes it there.

Ten years of noise would wander into absurd prices; instead each steered path
passes through levels drawn from its profile's waypoint bands and its ``band``
on ANCHOR (SPY near 520-600 in mid-2026, NVDA near 120-190...).
"""

from __future__ import annotations

import math

import numpy as np

from newsletter.data.sample.grid import ANCHOR, session_index
from newsletter.data.sample.profiles import Profile
from newsletter.data.sample.streams import stream


def steering_targets(seed: int, ticker: str, profile: Profile,
                     n: int) -> tuple[list[int], list[float]]:
    """Session indices and log-levels (relative to s0) the path is steered through."""
    idx, tgt = [0], [0.0]
    if profile.band is None:
        return idx, tgt
    rng = stream(seed, ticker, "anchor")
    for day, lo, hi in (*profile.waypoints, (ANCHOR, *profile.band)):
        i = min(session_index(day), n - 1)
        level = rng.uniform(math.log(lo), math.log(hi))
        if i > idx[-1]:
            idx.append(i)
            tgt.append(level - math.log(profile.s0))
    return idx, tgt


def steer(ret: np.ndarray, idx: list[int], tgt: list[float], after: float) -> np.ndarray:
    """A piecewise-constant drift that takes ``cumsum(ret)`` through every target exactly."""
    adj = np.zeros(len(ret))
    for k in range(1, len(idx)):
        a, b = idx[k - 1], idx[k]
        adj[a + 1:b + 1] = (tgt[k] - tgt[k - 1] - float(np.sum(ret[a + 1:b + 1]))) / (b - a)
    adj[idx[-1] + 1:] = after
    return adj
