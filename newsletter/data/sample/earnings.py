"""Earnings in the sample market: the quarterly report schedule and the gaps it leaves.

A stock reports after the close some days into each calendar quarter (its
profile's ``offset``, jittered); the next session gaps, then either stalls and
fades over two weeks or runs on with a little follow-through. Names planted for the
💡 section (``Profile.planted_stalls``) always gap up and stall.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from newsletter.data.sample.grid import EPOCH, GRID_END, grid, grid_ordinals
from newsletter.data.sample.profiles import Profile
from newsletter.data.sample.streams import stable_hash, stream


def earnings_gap_indices(seed: int, ticker: str, profile: Profile) -> np.ndarray:
    """Session indices of each earnings gap (the session after an after-close report)."""
    if not profile.has_earnings:
        return np.zeros(0, dtype=int)
    ords = grid_ordinals()
    offset = profile.offset if profile.offset is not None else 14 + stable_hash(ticker) % 62
    rng = stream(seed, ticker, "earnings")
    out = []
    for year in range(EPOCH.year, GRID_END.year + 1):
        for month in (1, 4, 7, 10):
            jitter = int(rng.integers(-3, 4))
            day = dt.date(year, month, 1) + dt.timedelta(days=offset + jitter)
            report = int(np.searchsorted(ords, day.toordinal(), side="left"))
            if report + 1 < len(ords):
                out.append(report + 1)
    return np.asarray(sorted(set(out)), dtype=int)


def report_dates(seed: int, ticker: str, profile: Profile) -> tuple[dt.date, ...]:
    """The report dates (the session before each gap), epoch to mid-2031."""
    sessions = grid()
    return tuple(sessions[i - 1] for i in earnings_gap_indices(seed, ticker, profile).tolist())


def with_earnings_moves(
    seed: int, ticker: str, profile: Profile, sig_d: float,
    overnight: np.ndarray, intraday: np.ndarray, volume: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The overnight and intraday moves and volume multipliers with each earnings reaction added.

    Returns new arrays (the inputs are left alone) and the size of each earnings
    gap (zero on other sessions). ``sig_d`` is the ticker's daily idiosyncratic sigma.
    """
    overnight, intraday, volume = overnight.copy(), intraday.copy(), volume.copy()
    n = len(overnight)
    events = earnings_gap_indices(seed, ticker, profile)
    gap_size = np.zeros(n)
    if len(events):
        post = np.zeros(n + 12)
        r_e = stream(seed, ticker, "earnings-move")
        for idx in events.tolist():
            u = r_e.random(5)
            sign = 1.0 if u[0] < 0.56 or profile.planted_stalls else -1.0
            gap = sign * sig_d * (1.5 + 3.0 * u[1]) * (0.7 + 0.6 * u[4])
            if profile.planted_stalls:  # a clear gap up that stalls and gives most of it back
                gap = max(gap, 4.0 * sig_d)
            gap_size[idx] = abs(gap)
            overnight[idx] += gap
            if profile.planted_stalls:
                intraday[idx] -= (0.4 + 0.3 * u[3]) * gap
                post[idx + 1:idx + 3] -= 0.15 * gap  # the next two closes stay under the high
                post[idx + 1:idx + 11] -= (0.4 + 0.3 * u[3]) * gap / 10.0
            elif u[2] < 0.5:  # the gap stalls the same day and fades over two weeks
                intraday[idx] -= (0.2 + 0.5 * u[3]) * gap
                post[idx + 1:idx + 11] -= (0.2 + 0.4 * u[3]) * gap / 10.0
            else:  # gap and go: a little follow-through
                intraday[idx] += 0.25 * u[3] * gap
                post[idx + 1:idx + 11] += 0.2 * u[3] * gap / 10.0
            k = min(3, n - idx)
            volume[idx:idx + k] *= np.array([2.5 + 2.5 * u[3], 1.7, 1.3])[:k]
        intraday += post[:n]
    return overnight, intraday, volume, gap_size
