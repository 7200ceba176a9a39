"""Right-edge tags: moved apart as little as possible, never overlapping, inside the axes."""

from __future__ import annotations

import numpy as np
import pytest

from newsletter.charts.tags import spread


def test_labels_far_apart_stay_where_they_are() -> None:
    assert spread([10.0, 100.0, 200.0], 20.0, 0.0, 300.0) == [10.0, 100.0, 200.0]


def test_a_cluster_spreads_evenly_around_its_middle() -> None:
    placed = spread([100.0, 101.0, 102.0], 20.0, 0.0, 300.0)
    assert placed == pytest.approx([81.0, 101.0, 121.0])


def test_order_is_kept_whatever_the_input_order() -> None:
    placed = spread([150.0, 100.0, 120.0], 20.0, 0.0, 300.0)
    assert placed[1] < placed[2] < placed[0]


def test_a_cluster_at_the_top_is_pushed_down_inside_the_bounds() -> None:
    placed = spread([298.0, 299.0, 300.0], 20.0, 0.0, 300.0)
    assert max(placed) == pytest.approx(300.0)
    assert np.diff(sorted(placed)).min() == pytest.approx(20.0)


def test_too_many_labels_are_squeezed_to_fit() -> None:
    placed = spread([50.0] * 12, 20.0, 0.0, 100.0)
    assert min(placed) == pytest.approx(0.0) and max(placed) == pytest.approx(100.0)


@pytest.mark.parametrize("seed", range(20))
def test_random_labels_never_overlap_and_stay_inside(seed: int) -> None:
    rng = np.random.default_rng(seed)
    desired = list(rng.uniform(-20, 320, rng.integers(1, 10)))
    placed = spread(desired, 22.0, 11.0, 289.0)
    order = np.argsort(desired, kind="stable")
    ordered = np.array(placed)[order]
    assert np.all(np.diff(ordered) >= 22.0 - 1e-6)
    assert min(placed) >= 11.0 - 1e-6 and max(placed) <= 289.0 + 1e-6
