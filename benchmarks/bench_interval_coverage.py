"""How often the event studies' "90% interval" takes in the true mean, by how many independent windows.

    .venv/bin/python -m benchmarks.bench_interval_coverage               # 400 trials a size
    .venv/bin/python -m benchmarks.bench_interval_coverage --trials 1000

For each number of independent windows (blocks), ``trials`` samples of that many window returns
are drawn with a true mean of 0, from a normal and from a fat-tailed Student-t(3); each gets
the block bootstrap interval the issue prints (``event_study.block_bootstrap_mean_ci``, computed
here with the threshold lifted); the share that takes in 0 is printed. A 90% interval should
take it in about 90% of the time. The measurement behind ``event_study.MIN_INDEPENDENT`` (figures,
not assertions).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from unittest import mock

import numpy as np

event_study = importlib.import_module("newsletter.analysis.event_study")
"""The module (``newsletter.analysis`` exports its function of the same name)."""

SIZES = (2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 30)


def coverage(draw, blocks: int, trials: int, rng: np.random.Generator) -> float:
    """The share of ``trials`` intervals from ``blocks`` windows that take in the true mean 0."""
    hits = 0
    with mock.patch.object(event_study, "MIN_INDEPENDENT", 2):  # measure below the threshold too
        for trial in range(trials):
            values = draw(rng, blocks)
            low, high = event_study.block_bootstrap_mean_ci(values, np.arange(blocks), 0.90, 2000,
                                                            (trial, blocks))
            hits += low <= 0.0 <= high
    return hits / trials


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    draws = {"normal": lambda rng, k: rng.standard_normal(k),
             "Student-t(3)": lambda rng, k: rng.standard_t(3, k)}
    print(f"90% block-bootstrap interval: share taking in the true mean, {args.trials} trials a size "
          f"(an interval is printed from {event_study.MIN_INDEPENDENT} independent windows)")
    print(f"{'windows':<12} " + " ".join(f"{k:>5}" for k in SIZES))
    for name, draw in draws.items():
        rng = np.random.default_rng(args.seed)
        shares = [coverage(draw, k, args.trials, rng) for k in SIZES]
        print(f"{name:<12} " + " ".join(f"{100 * s:4.0f}%" for s in shares))
    return 0


if __name__ == "__main__":
    sys.exit(main())
