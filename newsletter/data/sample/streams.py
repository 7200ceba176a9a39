"""Seeded random streams and the noise shapes drawn from them.

Every stream is keyed by (seed, ticker, purpose) through
``numpy.random.SeedSequence`` and a BLAKE2 hash of the names, never Python's
salted ``hash()``, so the sample market is the same in every process.
"""

from __future__ import annotations

import hashlib
import math

import numpy as np


def stable_hash(text: str) -> int:
    """A 64-bit hash of ``text`` that is the same in every process (unlike ``hash()``)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


def stream(seed: int, *keys: str | int) -> np.random.Generator:
    """The random stream for ``seed`` and ``keys`` (names are hashed with :func:`stable_hash`)."""
    words = [seed % (1 << 64)]
    words += [k % (1 << 64) if isinstance(k, int) else stable_hash(k) for k in keys]
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(words)))


def student_t(rng: np.random.Generator, n: int, df: float, clip: float = 8.0) -> np.ndarray:
    """Student-t draws scaled to unit variance, clipped to keep the tails sane."""
    z = rng.standard_t(df, n) / math.sqrt(df / (df - 2.0))
    return np.clip(z, -clip, clip)


def ar1(e: np.ndarray, phi: float, x0: float = 0.0) -> np.ndarray:
    """``x[t] = phi * x[t-1] + e[t]`` with ``x[-1] = x0``, vectorised in blocks of 32."""
    n = len(e)
    if n == 0:
        return np.zeros(0)
    if phi == 0.0:
        return e.astype(float).copy()
    width = 32
    blocks = -(-n // width)
    padded = np.zeros(blocks * width)
    padded[:n] = e
    grid = padded.reshape(blocks, width)
    j = np.arange(width)
    up = phi ** j
    inner = np.cumsum(grid / up, axis=1) * up
    tail = phi ** (j + 1)
    carry = x0
    phi_w = phi ** width
    carries = np.empty(blocks)
    for b in range(blocks):
        carries[b] = carry
        carry = inner[b, -1] + phi_w * carry
    out = inner + carries[:, None] * tail[None, :]
    return out.reshape(-1)[:n]
