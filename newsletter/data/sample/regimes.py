"""Regime switching: semi-Markov chains and the per-ticker drift regimes.

The size and bitcoin factors rotate through semi-Markov states (bursts, spells,
cycles); each ticker drifts through neutral, trend-up, trend-down and quiet-base
regimes, a base breaking out with a gap on volume.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np


def pick(rng: np.random.Generator, probs: Sequence[float]) -> int:
    """An index drawn with the given (unnormalised) weights."""
    weights = [float(p) for p in probs]
    x = rng.random() * sum(weights)
    for i, w in enumerate(weights):
        x -= w
        if x < 0 and w > 0:
            return i
    return max(i for i, w in enumerate(weights) if w > 0)


def semi_markov(rng: np.random.Generator, n: int, table: dict[int, tuple]) -> np.ndarray:
    """Regime labels from a semi-Markov chain: table[s] = (min_dur, max_dur, next_probs)."""
    states = np.empty(n, dtype=np.int8)
    state = int(rng.integers(len(table)))
    t = 0
    while t < n:
        lo, hi, probs = table[state]
        dur = int(rng.integers(lo, hi + 1))
        states[t:t + dur] = state
        t += dur
        state = pick(rng, probs)
    return states


def hold_per_segment(states: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Hold ``values`` at its first value over each run of equal ``states``."""
    starts = np.flatnonzero(np.concatenate([[True], states[1:] != states[:-1]]))
    lengths = np.diff(np.concatenate([starts, [len(states)]]))
    return np.repeat(values[starts], lengths)


# state: (min duration, max duration, next-state probabilities over neutral, up, down, base)
REGIMES = {0: (25, 90, (0.0, 0.35, 0.35, 0.3)),
            1: (20, 70, (0.5, 0.0, 0.35, 0.15)),
            2: (15, 60, (0.35, 0.2, 0.0, 0.45)),
            3: (30, 90, (0.0, 0.65, 0.35, 0.0))}


def drift_regimes(rng: np.random.Generator, n: int, strength: float, sig_d: float,
                  dev: np.ndarray, pull: float):
    """Per-ticker drift regimes: neutral, trend up, trend down, quiet base.

    Returns (drift, vol multiplier, jumps at regime changes, volume multiplier).
    A base that ends in an up-trend breaks out with a gap and heavy volume; a
    base or up-trend that rolls over may break down the same way. ``dev`` is how
    far the path without regimes runs from its course: the further above
    (below), the likelier the next regime is a down (up) trend.
    """
    drift = np.zeros(n)
    volm = np.ones(n)
    jump = np.zeros(n)
    vmul = np.ones(n)
    if strength <= 0:
        return drift, volm, jump, vmul
    allow_base = strength >= 0.6
    state = pick(rng, (1, 1, 1))
    t = 0
    prev = -1
    mine = 0.0  # the regimes' own contribution to the deviation, decaying with the pull
    keep = 1.0 - pull
    while t < n:
        lo, hi, _ = REGIMES[state]
        dur = int(rng.integers(lo, hi + 1))
        u = rng.random(3)
        end = min(n, t + dur)
        if state == 1:
            d = (0.05 + 0.09 * u[0]) * sig_d * strength
            volm[t:end] = 1.05
        elif state == 2:
            d = -(0.05 + 0.09 * u[0]) * sig_d * strength
            volm[t:end] = 1.15
        elif state == 3:
            d = 0.0
            volm[t:end] = 0.5
        else:
            d = 0.01 * sig_d * (u[0] - 0.5)
        drift[t:end] = d
        if t > 0 and prev == 3 and state == 1:  # breakout from a base, on volume
            jump[t] = (1.5 + 2.0 * u[1]) * sig_d
            k = min(5, n - t)
            vmul[t:t + k] *= np.array([3.0 + 2.0 * u[2], 2.2, 1.7, 1.4, 1.2])[:k]
        elif t > 0 and state == 2 and prev in (1, 3) and u[1] < 0.5:  # breakdown
            jump[t] = -(1.0 + 1.5 * u[2]) * sig_d
            k = min(3, n - t)
            vmul[t:t + k] *= np.array([2.5, 1.6, 1.2])[:k]
        span = end - t
        decay = keep ** span
        mine = mine * decay + jump[t] * decay + (d * (1 - decay) / pull if pull > 0 else d * span)
        prev = state
        t = end
        probs = np.asarray(REGIMES[state][2], dtype=float)
        if not allow_base:
            probs[3] = 0.0
            if probs.sum() == 0:
                probs = np.array([0.4, 0.3, 0.3, 0.0])
        if t < n:
            tilt = min(max(3.0 * (dev[t] + mine), -2.5), 2.5)
            probs[1] *= math.exp(-tilt)
            probs[2] *= math.exp(tilt)
        probs[state] = 0.0
        state = pick(rng, probs)
    return drift, volm, jump, vmul

