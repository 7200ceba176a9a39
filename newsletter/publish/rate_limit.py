"""The sending rate: at most so many messages in any minute, exactly."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable


class RateLimiter:
    """At most ``per_minute`` sends in any 60-second window, exactly (a sliding log).

    A send's slot is stamped when it finishes, and the next send waits until
    the send ``per_minute`` places back finished 60 s ago, so however slow a
    send was, the server never sees one message too many in any window.
    """

    def __init__(self, per_minute: int, *, clock: Callable[[], float], sleep: Callable[[float], None],
                 window: float = 60.0) -> None:
        self._stamps: deque[float] = deque(maxlen=per_minute)
        self._clock, self._sleep, self._window = clock, sleep, window

    def acquire(self) -> float:
        """Wait for a free slot and take it; returns the time the send may start.

        Stamps older than the window are dropped first, so the log holds at most
        the sends of the last minute, however long the list (a large rate stays small).
        """
        while True:
            now = self._clock()
            while self._stamps and self._stamps[0] + self._window <= now:
                self._stamps.popleft()  # out of every window from now on
            if len(self._stamps) < (self._stamps.maxlen or 0):
                break
            wait = self._stamps[0] + self._window - now
            self._sleep(max(wait, 0.001))  # never a zero sleep that a float clock cannot see
        self._stamps.append(now)
        return now

    def held(self) -> int:
        """How many stamps the log holds now (at most the sends of the last window)."""
        return len(self._stamps)

    def release(self) -> None:
        """The send just finished: its slot counts from now."""
        self._stamps[-1] = max(self._stamps[-1], self._clock())
