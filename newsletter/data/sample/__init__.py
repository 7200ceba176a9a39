"""A seeded synthetic market that behaves like a real one (the ``sample`` source).

The market is a factor model on the NYSE session grid from a fixed epoch
(2016-01-04): a market factor whose volatility is driven by a VIX-like level
(down days lift the VIX, a high VIX widens the next days' moves), a size factor
with rotation bursts, sector, theme and macro factors (rates, oil, dollar,
bitcoin), and per-ticker idiosyncratic noise with stochastic volatility, fat
tails, overnight gaps, earnings gaps that fade or run, and slowly switching
drift regimes (trend up, trend down, neutral, quiet base ending in a breakout on
volume). A ticker's idiosyncratic path is pulled gently back to a course
through its steered levels (SPY near 520-600 in mid-2026, NVDA near 120-190...),
so ten years of noise never wander into absurd prices; any other plausible
symbol gets a profile derived from a stable hash of its name.

Determinism: every random stream is keyed by (seed, ticker, purpose) through
``numpy.random.SeedSequence`` and a BLAKE2 hash of the names, never Python's
salted ``hash()``. Each ticker's whole path (epoch to 2030) is generated once per
instance and sliced, so a bar never depends on the requested window or on which
other tickers were asked for. The only loops in Python are a scalar recursion
for the market/VIX pair, the regime segments and AR(1) block carries; the rest
is vectorised, so 60 tickers over ten years take a small fraction of a second.

The modules, in the order the market is built:

- ``grid``: the session grid (EPOCH to a little past HORIZON) and date lookups on it.
- ``streams``: seeded random streams, fat-tailed draws and AR(1) recursions.
- ``profiles``: how each ticker behaves (known tickers by hand, others from a hash).
- ``steering``: the levels a path is steered through and the drift that gets it there.
- ``regimes``: semi-Markov regime switching (factor rotations, per-ticker drift regimes).
- ``factors``: the shared market, VIX, size, sector and macro factor paths.
- ``earnings``: the quarterly report schedule and the gaps it leaves.
- ``prices``: per-ticker paths on the shared market, rounded into OHLCV bars.
- ``options``: expiries, strikes and option chains.
- ``source``: :class:`SampleSource`, the whole market behind the Source protocol.
"""

from newsletter.data.sample.grid import ANCHOR, EPOCH, HORIZON
from newsletter.data.sample.options import option_expiries, strike_step
from newsletter.data.sample.profiles import PROFILES, TICKER_RE, Profile, profile_for, valid_ticker
from newsletter.data.sample.source import SampleSource
from newsletter.data.sample.streams import stable_hash

__all__ = [
    "ANCHOR",
    "EPOCH",
    "HORIZON",
    "PROFILES",
    "TICKER_RE",
    "Profile",
    "SampleSource",
    "option_expiries",
    "profile_for",
    "stable_hash",
    "strike_step",
    "valid_ticker",
]
