"""The rate limiter alone: exact, even when sends take time."""

from __future__ import annotations

import random

import pytest

from newsletter.publish.rate_limit import RateLimiter


class FakeClock:
    def __init__(self) -> None:
        self.now = 5_000.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_no_window_of_60_seconds_holds_more_than_the_rate_even_with_slow_sends():
    clock, rng = FakeClock(), random.Random(7)
    limiter = RateLimiter(10, clock=clock, sleep=clock.sleep)
    sends: list[tuple[float, float]] = []
    for _ in range(45):
        start = limiter.acquire()
        clock.now += rng.uniform(0, 9)  # the send itself takes up to 9 s
        limiter.release()
        sends.append((start, clock.now))
        clock.now += rng.choice([0, 0, 3])

    for i in range(len(sends) - 10):
        assert sends[i + 10][0] >= sends[i][1] + 60  # the 11th starts 60 s after the 1st finished
    starts = [s for s, _ in sends]
    assert all(sum(t <= u < t + 60 for u in starts) <= 10 for t in starts)


def test_a_free_limiter_does_not_wait():
    clock = FakeClock()
    limiter = RateLimiter(600, clock=clock, sleep=clock.sleep)
    for _ in range(600):
        limiter.acquire()
        limiter.release()
    assert clock.now == 5_000.0


def test_the_log_keeps_only_the_last_window_however_large_the_rate():
    clock = FakeClock()
    limiter = RateLimiter(100_000_000, clock=clock, sleep=clock.sleep)
    for _ in range(5_000):
        limiter.acquire()
        limiter.release()
        clock.now += 0.1  # 10 a second: 600 in any minute
    assert limiter.held() == 600




@pytest.mark.parametrize("later, starts_at", [(59.5, 5_060.0), (60.0, 5_060.0), (60.5, 5_060.5)])
def test_a_slot_frees_when_its_stamp_is_60_seconds_old(later: float, starts_at: float):
    """Just under 60 s: wait to exactly 60; at 60 or past it: no wait."""
    clock = FakeClock()
    limiter = RateLimiter(2, clock=clock, sleep=clock.sleep)
    for step in (0, 1):
        clock.now = 5_000.0 + step
        limiter.acquire()
        limiter.release()
    clock.now = 5_000.0 + later
    assert limiter.acquire() == starts_at
    assert limiter.held() == 2
