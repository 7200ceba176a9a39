"""The rate limiter alone: exact, even when sends take time."""

from __future__ import annotations

import random

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
