"""Small synthetic inputs for the charts: seeded random walks, an option chain, returns.

Also used by ``benchmarks/bench_charts.py`` to draw the example images in docs/images.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from newsletter.charts.batch import ChartSpec
from newsletter.charts.inputs import Estimate, HorizonEdge, Level

ASOF = dt.date(2026, 11, 20)


def bars(seed: int = 7, sessions: int = 400, start: float = 250.0, drift: float = 0.0003,
         vol: float = 0.018, end: dt.date = ASOF, shape: np.ndarray | None = None) -> pd.DataFrame:
    """A bars frame (model.BAR_COLUMNS) of a geometric random walk ending on ``end``.

    ``shape`` (one log-return per session) is added to the walk to draw a story:
    a rally, a rejection at the 200-day, a breakdown.
    """
    rng = np.random.default_rng(seed)
    index = pd.bdate_range(end=pd.Timestamp(end), periods=sessions, name="Date")
    steps = rng.normal(drift, vol, sessions)
    if shape is not None:
        steps = steps + shape
    close = start * np.exp(np.cumsum(steps))
    open_ = np.concatenate([[start], close[:-1]]) * np.exp(rng.normal(0, vol / 3, sessions))
    span = np.abs(rng.normal(0, vol * 0.6, sessions)) * close
    high = np.maximum(open_, close) + span * rng.uniform(0.2, 1.0, sessions)
    low = np.minimum(open_, close) - span * rng.uniform(0.2, 1.0, sessions)
    volume = rng.lognormal(17.5, 0.35, sessions) * (1 + 4 * np.abs(steps))
    return pd.DataFrame({"Open": open_, "High": high, "Low": low, "Close": close,
                         "Adj Close": close * 0.99, "Volume": volume.round()}, index=index)


def breakdown_bars(seed: int = 13) -> pd.DataFrame:
    """A name that rallied, was rejected at its 200-day average and is now breaking down."""
    sessions = 420
    shape = np.zeros(sessions)
    shape[:210] = 0.0016
    shape[210:320] = -0.0022
    shape[320:385] = 0.0021
    shape[385:] = -0.0030
    return bars(seed=seed, sessions=sessions, start=210.0, drift=0.0, vol=0.019, shape=shape)


def breakdown_levels(frame: pd.DataFrame) -> tuple[Level, ...]:
    """Levels around the last close, some close enough together to need de-colliding."""
    last = float(frame["Close"].iloc[-1])
    base = round(last / 5) * 5
    return (
        Level("Trigger", base - 2.5, "trigger"),
        Level("Put wall", base - 5, "put_wall"),
        Level("Target", base - 30, "target"),
        Level("Call wall", base + 15, "call_wall"),
        Level("Stop", base + 10, "stop"),
    )


def pair(seed: int = 3, sessions: int = 300, streak: int = 13) -> tuple[pd.Series, pd.Series]:
    """Closes of a pair (IWM-like, SPY-like) where the first has beaten the second for ``streak`` sessions."""
    rng = np.random.default_rng(seed)
    index = pd.bdate_range(end=pd.Timestamp(ASOF), periods=sessions, name="Date")
    b = rng.normal(0.0004, 0.009, sessions)
    a = b + rng.normal(-0.0002, 0.006, sessions)
    edge = np.abs(rng.normal(0.0045, 0.003, streak)) + 0.0005
    a[-streak:] = b[-streak:] + edge
    a[-streak - 1] = b[-streak - 1] - 0.004
    return (pd.Series(200 * np.exp(np.cumsum(a)), index=index, name="Close"),
            pd.Series(560 * np.exp(np.cumsum(b)), index=index, name="Close"))


def chain(price: float = 263.0, seed: int = 5, step: float = 5.0) -> pd.DataFrame:
    """An option chain (model.OPTION_COLUMNS): two expiries, puts heavy below the price."""
    rng = np.random.default_rng(seed)
    strikes = np.arange(round(price * 0.7 / step) * step, price * 1.3, step)
    rows = []
    for expiry in (ASOF + dt.timedelta(days=7), ASOF + dt.timedelta(days=28)):
        for k in strikes:
            distance = (k - price) / price
            round_bonus = 2.5 if k % 50 == 0 else 1.6 if k % 25 == 0 else 1.0
            put = 9000 * np.exp(-((distance + 0.06) / 0.08) ** 2) * round_bonus
            call = 6000 * np.exp(-((distance - 0.07) / 0.09) ** 2) * round_bonus
            for kind, oi in (("put", put), ("call", call)):
                oi = max(0.0, oi * rng.uniform(0.6, 1.4) + rng.uniform(0, 300))
                rows.append({"expiry": expiry, "kind": kind, "strike": float(k),
                             "open_interest": round(oi), "volume": round(oi * 0.1)})
    return pd.DataFrame(rows)


def weekly_returns(seed: int = 2) -> dict[str, float]:
    """The week's returns (fractions) of indices and sector ETFs."""
    rng = np.random.default_rng(seed)
    tickers = ["SPY", "QQQ", "IWM", "DIA", "XLK", "XLF", "XLE", "XLI", "XLV", "XLY",
               "XLP", "XLU", "KRE", "SMH"]
    return {t: float(rng.normal(0.002, 0.018)) for t in tickers}


def edge_rows() -> tuple[HorizonEdge, ...]:
    """An event-study result: after a 10+ session small-cap streak, SPY's forward return."""
    return (
        HorizonEdge("1 week", Estimate(0.0041, -0.0012, 0.0093, 38, 0.63),
                    Estimate(0.0019, 0.0015, 0.0023, 6214, 0.56)),
        HorizonEdge("1 month", Estimate(0.0182, 0.0041, 0.0318, 37, 0.73),
                    Estimate(0.0079, 0.0071, 0.0087, 6198, 0.63)),
        HorizonEdge("3 months", Estimate(0.0297, -0.0041, 0.0611, 35, 0.69),
                    Estimate(0.0236, 0.0222, 0.0250, 6156, 0.68)),
    )


def chart_specs(close_bump: float = 0.0) -> list[ChartSpec]:
    """Two specs for render_charts: a candle chart (last close moved by ``close_bump``) and returns."""
    frame = breakdown_bars()
    if close_bump:
        frame = frame.copy()
        frame.iloc[-1, frame.columns.get_loc("Close")] += close_bump
    return [
        ChartSpec("tsla", "candles", {"bars": frame, "ticker": "TSLA",
                                       "levels": breakdown_levels(frame)}),
        ChartSpec("week", "returns", {"returns": weekly_returns(), "asof": ASOF}),
    ]


def breadth_lines(seed: int = 4, sessions: int = 126) -> tuple[pd.Series, pd.Series]:
    """% above the 200-day (0..100, in steps of 1/30) and an A/D line from 0, to ASOF."""
    rng = np.random.default_rng(seed)
    idx = pd.bdate_range(end=pd.Timestamp(ASOF), periods=sessions, name="Date")
    above = np.clip(15 + np.cumsum(rng.integers(-1, 2, sessions)), 0, 30)
    net = rng.integers(-20, 25, sessions)
    net[0] = 0
    return pd.Series(100 * above / 30, index=idx), pd.Series(np.cumsum(net), index=idx)
