"""The checks on one ticker's bars, on numpy arrays: duplicates, prices, OHLC, calendar gaps, jumps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from newsletter.config import ValidationConfig
from newsletter.sessions import sessions_between
from newsletter.validate.findings import Finding

PRICES = ("Open", "High", "Low", "Close", "Adj Close")
MIN_MOVES = 20
"""Daily moves a ticker needs before its jumps are judged."""
SIGMA_FLOOR = 1e-3
"""The smallest daily standard deviation used (a flat series would make any move infinite)."""
SPIKE_RETURN = 0.25
"""A jump followed by the opposite move within this fraction of its size is one bad bar."""
SHOWN = 3
"""Examples named in one finding's line."""
EXCLUDED = {"gap": "too many NYSE sessions missing from its bars", "empty": "no valid bar"}
"""Why a ticker is left out, in the words a section shows readers (build.json has the detail)."""


def _num(value: float) -> str:
    return f"{value:.6g}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _dates(index: pd.DatetimeIndex) -> tuple[dt.date, ...]:
    return tuple(ts.date() for ts in index)


def _listed(days: Iterable[dt.date], total: int) -> str:
    shown = [str(d) for d in list(days)[:SHOWN]]
    return ", ".join(shown) + (f" and {total - len(shown)} more" if total > len(shown) else "")


def session_table(bars: Mapping[str, pd.DataFrame], extra_closures: Iterable[dt.date]) -> pd.DatetimeIndex:
    """The NYSE sessions from the first bar of any ticker to the last, once for all of them."""
    firsts = [f.index.min() for f in bars.values() if f is not None and len(f)]
    lasts = [f.index.max() for f in bars.values() if f is not None and len(f)]
    if not firsts:
        return pd.DatetimeIndex([])
    return pd.DatetimeIndex(sessions_between(min(firsts).date(), max(lasts).date(), tuple(extra_closures)))


def trailing_sigma(moves: np.ndarray, window: int) -> np.ndarray:
    """The standard deviation (ddof 0) of the finite ``moves`` among the ``window`` before each
    one (NaN until there are ``MIN_MOVES`` of them): one pass of cumulative sums."""
    valid = np.isfinite(moves)
    x = np.where(valid, moves, 0.0)
    count = np.r_[0, np.cumsum(valid)]
    s1, s2 = np.r_[0.0, np.cumsum(x)], np.r_[0.0, np.cumsum(x * x)]
    end = np.arange(len(moves))
    start = np.maximum(end - window, 0)
    n = count[end] - count[start]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (s1[end] - s1[start]) / n
        var = np.maximum((s2[end] - s2[start]) / n - mean * mean, 0.0)
    return np.where(n >= min(MIN_MOVES, window), np.sqrt(var), np.nan)


class Judge:
    """Validates one ticker's bars on numpy arrays and a mask of the bars kept, sliced once."""

    def __init__(self, ticker: str, settings: ValidationConfig, sessions: pd.DatetimeIndex,
                 splits: Iterable[tuple[dt.date, float]] = ()) -> None:
        self.ticker, self.settings, self.sessions = ticker, settings, sessions
        self.splits = tuple(sorted(splits))
        """The source's split record for this ticker: (ex-date, new shares per old share)."""
        self.findings: list[Finding] = []
        self.excluded: str | None = None

    def add(self, kind: str, dates: Iterable[dt.date], message: str, action: str) -> None:
        self.findings.append(Finding(self.ticker, kind, tuple(dates), message, action))

    def exclude(self, kind: str, dates: Iterable[dt.date], message: str) -> None:
        """Leave the ticker out; ``excluded`` is the short reason the sections show readers."""
        self.add(kind, dates, message, "excluded")
        self.excluded = EXCLUDED.get(kind, "its bars failed the data validation")

    def run(self, frame: pd.DataFrame) -> pd.DataFrame | None:
        missing = [c for c in PRICES if c not in frame.columns]
        if missing:
            self.exclude("empty", (), f"the bars lack the columns {', '.join(missing)}; left out")
            return None
        if not frame.index.is_monotonic_increasing:
            frame = frame.sort_index(kind="stable")
        self.index = pd.DatetimeIndex(frame.index)
        self.values = frame.to_numpy(dtype=float)[:, frame.columns.get_indexer(PRICES)]
        self.keep = np.ones(len(frame), dtype=bool)
        self.duplicates(frame)
        self.prices()
        self.ohlc()
        if not self.gaps():
            return None
        self.recorded_splits()
        self.jumps()
        if not self.keep.any():
            self.exclude("empty", (), "no valid bar left; left out")
            return None
        return frame if self.keep.all() else frame[self.keep]

    def duplicates(self, frame: pd.DataFrame) -> None:
        index = self.index
        if index.is_unique:
            return
        twice = index.duplicated(keep=False)
        groups = frame.iloc[np.flatnonzero(twice)].groupby(level=0, sort=True)
        same = groups.nunique(dropna=False).le(1).all(axis=1)
        identical, differing = same.index[same.to_numpy()], same.index[~same.to_numpy()]
        self.keep &= ~(index.duplicated(keep="first") & index.isin(identical)) & ~index.isin(differing)
        if len(identical):
            self.add("duplicate", _dates(identical),
                     f"{_plural(len(identical), 'date')} delivered more than once with identical bars "
                     f"({_listed(_dates(identical), len(identical))}); one bar of each kept", "corrected")
        if len(differing):
            closes = groups["Close"].apply(lambda s: " / ".join(_num(v) for v in s))
            shown = "; ".join(f"{d.date()}: Close {closes[d]}" for d in differing[:SHOWN])
            more = f" and {len(differing) - SHOWN} more" if len(differing) > SHOWN else ""
            which = "that date" if len(differing) == 1 else "those dates"
            self.add("duplicate", _dates(differing),
                     f"{_plural(len(differing), 'date')} delivered more than once with bars that "
                     f"disagree ({shown}{more}); every bar of {which} left out", "dropped")

    def _left_out(self, rows: np.ndarray, kind: str, what: str, describe) -> None:
        where = np.flatnonzero(rows)
        shown = "; ".join(describe(i) for i in where[:SHOWN])
        more = f" and {len(where) - SHOWN} more" if len(where) > SHOWN else ""
        bars = "bar" if len(where) == 1 else f"{len(where)} bars"
        self.add(kind, _dates(self.index[where]), f"{what} ({shown}{more}); {bars} left out", "dropped")
        self.keep &= ~rows

    def _cells(self, mask: np.ndarray):
        def describe(i: int) -> str:
            named = ", ".join(f"{PRICES[j]} {_num(self.values[i, j])}" for j in np.flatnonzero(mask[i]))
            return f"{self.index[i].date()} {named}"
        return describe

    def prices(self) -> None:
        s, values = self.settings, self.values
        finite = np.isfinite(values)
        non_finite = self.keep & ~finite.all(axis=1)
        with np.errstate(invalid="ignore"):
            low = (values <= 0) & finite
            non_positive = self.keep & ~non_finite & low.any(axis=1) & (self.ticker not in s.signed)
            odd = finite & ((np.abs(values) > s.max_price) | ((values > 0) & (values < s.min_price)))
            magnitude = self.keep & ~non_finite & ~non_positive & odd.any(axis=1)
        if non_finite.any():
            self._left_out(non_finite, "non_finite", "a price that is not a finite number (empty, NaN, "
                           "inf or text that did not parse)", self._cells(~finite))
        if non_positive.any():
            self._left_out(non_positive, "non_positive", "a price at or below zero", self._cells(low))
        if magnitude.any():
            self._left_out(magnitude, "magnitude", f"a price no market quotes (above "
                           f"{_num(s.max_price)} or below {_num(s.min_price)})", self._cells(odd))

    def ohlc(self) -> None:
        o, h, lo, c = (self.values[:, j] for j in range(4))
        with np.errstate(invalid="ignore"):
            slack = self.settings.ohlc_tolerance * np.maximum(np.abs(h), np.abs(lo))
            checks = (("High", h < lo - slack, h, "below the Low", lo),
                      ("Close", c > h + slack, c, "above the High", h),
                      ("Close", c < lo - slack, c, "below the Low", lo),
                      ("Open", o > h + slack, o, "above the High", h),
                      ("Open", o < lo - slack, o, "below the Low", lo))
        bad = self.keep & np.logical_or.reduce([chk[1] for chk in checks])
        if not bad.any():
            return

        def describe(i: int) -> str:
            name, _, value, words, bound = next(chk for chk in checks if chk[1][i])
            return f"{self.index[i].date()}: {name} {_num(value[i])} {words} {_num(bound[i])}"

        self._left_out(bad, "ohlc", "a bar outside its own range", describe)

    def gaps(self) -> bool:
        """Sessions with no bar delivered (bars left out above are named already); False when
        the ticker is left out."""
        if not self.keep.any():
            return True
        s = self.settings
        delivered = self.index.asi8 if self.index.is_unique else np.unique(self.index.asi8)
        table = self.sessions.asi8
        sessions = self.sessions[table.searchsorted(delivered[0]):table.searchsorted(delivered[-1], "right")]
        expected = sessions.asi8
        at = np.minimum(delivered.searchsorted(expected), len(delivered) - 1)
        absent = delivered[at] != expected
        if not absent.any():
            return True
        where = np.flatnonzero(absent)
        breaks = np.flatnonzero(np.diff(where) != 1)
        starts, ends = where[np.r_[0, breaks + 1]], where[np.r_[breaks, len(where) - 1]]
        long = (ends - starts + 1) > s.max_gap_sessions
        if long.any():
            first, last = starts[long][-1], ends[long][-1]
            resume = sessions[last + 1]
            others = int(long.sum()) - 1
            also = f" ({_plural(others, 'other such gap')} before it)" if others else ""
            self.add("gap", _dates(sessions[where[where <= last]]),
                     f"{last - first + 1} NYSE sessions missing from {sessions[first].date()} to "
                     f"{sessions[last].date()}{also}; the history before {resume.date()} left out", "cut")
            self.keep &= self.index.asi8 >= resume.value
            sessions, absent = sessions[last + 1:], absent[last + 1:]
        count = int(absent.sum())
        if not count:
            return True
        days = _dates(sessions[absent])
        pct = 100.0 * count / len(sessions)
        span = f"{count} of {len(sessions)} NYSE sessions missing ({pct:.1f}%) since {sessions[0].date()}"
        if pct > s.max_missing_pct:
            self.exclude("gap", days, f"{span}, e.g. {_listed(days, count)}; over the "
                         f"{_num(s.max_missing_pct)}% tolerated, left out")
            return False
        self.add("gap", days, f"{span}: {_listed(days, count)}; within the tolerance, kept", "noted")
        return True

    def recorded_splits(self) -> None:
        """Each split the source recorded, checked against the bars: a close-to-close move by
        the inverse of its ratio on its ex-date means the data did not adjust it. That bar is
        left out when it is the last one, else the history before it (as for a split-ratio
        jump); a split the data adjusted is no finding. Dates with no record keep the
        sigma rule of :meth:`jumps`."""
        tol = self.settings.split_tolerance
        for day, ratio in self.splits:
            pos = np.flatnonzero(self.keep)
            i = int(self.index[pos].searchsorted(pd.Timestamp(day)))
            if i == 0 or i >= len(pos) or self.index[pos[i]].date() != day:
                continue  # no bar on the ex-date, or none before it to compare with
            before, after = self.values[pos[i - 1], 3], self.values[pos[i], 3]
            move = after / before
            if not abs(move * ratio - 1) <= tol * (1 + 1e-9):  # a tolerance exactly met matches
                continue  # the data adjusted it (or the day is not the split's): no finding
            shares = f"{ratio:g}:1" if ratio >= 1 else f"1:{1 / ratio:g}"
            said = (f"{shares} split on {day} not adjusted in the bars (Close {_num(before)} to "
                    f"{_num(after)}, {move:.2f}× the session before)")
            if i == len(pos) - 1:
                self.add("split", (day,), f"{said}; bar left out", "dropped")
                self.keep[pos[i]] = False
            else:
                self.add("split", (day,), f"{said}; the history before {day} left out", "cut")
                self.keep[pos[:i]] = False

    def _split_like(self, ratio: float) -> bool:
        if self.ticker.startswith("^") or "=" in self.ticker:
            return False  # an index, a future or a currency never splits
        tol = self.settings.split_tolerance
        return any(abs(ratio / r - 1) <= tol or abs(ratio * r - 1) <= tol for r in self.settings.split_ratios)

    def _jumps(self, close: np.ndarray) -> tuple[list[int], np.ndarray, np.ndarray]:
        """Positions of the moves no session makes: beyond ``jump_sigma``, or beyond
        ``split_sigma`` by a split ratio; with the daily log moves and their sigmas."""
        s = self.settings
        moves = np.full(len(close), np.nan)
        prev, cur = close[:-1], close[1:]
        both = (prev > 0) & (cur > 0)
        moves[1:][both] = np.log(cur[both] / prev[both])
        sigma = np.maximum(trailing_sigma(moves, s.jump_window), SIGMA_FLOOR)
        with np.errstate(invalid="ignore"):
            z = np.abs(moves) / sigma
            slack = 1 + 1e-9  # a move exactly at a threshold is not beyond it
            big = z > s.jump_sigma * slack
            candidates = np.flatnonzero(big | (z > s.split_sigma * slack))
        return ([int(i) for i in candidates if big[i] or self._split_like(close[i] / close[i - 1])],
                moves, sigma)

    def jumps(self) -> None:
        pos = np.flatnonzero(self.keep)
        if len(pos) <= MIN_MOVES:
            return
        close = self.values[pos, 3]
        over, moves, sigma = self._jumps(close)
        if not over:
            return
        spikes = [i for i in over if i + 1 < len(close) and moves[i + 1] * moves[i] < 0
                  and abs(moves[i] + moves[i + 1]) <= SPIKE_RETURN * abs(moves[i])]
        if spikes:
            shown = "; ".join(f"{self.index[pos[i]].date()} Close {_num(close[i])} between "
                              f"{_num(close[i - 1])} and {_num(close[i + 1])}" for i in spikes[:SHOWN])
            self.add("jump", _dates(self.index[pos[spikes]]),
                     f"{_plural(len(spikes), 'bar')} no session makes, a jump straight back ({shown}); "
                     f"{'bar' if len(spikes) == 1 else 'bars'} left out", "dropped")
            self.keep[pos[spikes]] = False
            pos, close = np.delete(pos, spikes), np.delete(close, spikes)
            over, moves, sigma = self._jumps(close)
        dates = self.index[pos]
        last = len(close) - 1
        if over and over[-1] == last and self._split_like(close[last] / close[last - 1]):
            self.add("split", (dates[last].date(),),
                     f"Close {_num(close[last])} on {dates[last].date()} is "
                     f"{close[last] / close[last - 1]:.2f}× the session before ({_num(close[last - 1])}): "
                     "an unadjusted split or a bad bar; bar left out", "dropped")
            self.keep[pos[last]] = False
            over = over[:-1]
        splits = [i for i in over if self._split_like(close[i] / close[i - 1])]
        if splits:
            i = splits[-1]
            self.add("split", (dates[i].date(),),
                     f"Close {_num(close[i])} on {dates[i].date()} is {close[i] / close[i - 1]:.2f}× the "
                     f"session before ({_num(close[i - 1])}): an unadjusted split; the history before "
                     f"{dates[i].date()} left out", "cut")
            self.keep[pos[:i]] = False
            over = [j for j in over if j > i]
        if over:
            def describe(i: int) -> str:
                return (f"{dates[i].date()} {np.expm1(moves[i]):+.1%} ({_num(close[i - 1])} to "
                        f"{_num(close[i])}), {abs(moves[i]) / sigma[i]:.1f}σ of σ {sigma[i]:.2%}")
            shown = "; ".join(describe(i) for i in over[:SHOWN])
            more = f" and {len(over) - SHOWN} more" if len(over) > SHOWN else ""
            self.add("jump", _dates(dates[over]),
                     f"{_plural(len(over), 'daily move')} beyond {_num(self.settings.jump_sigma)}σ of its "
                     f"own moves ({shown}{more}): suspect, kept; check the source", "flagged")


