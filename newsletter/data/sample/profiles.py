"""Ticker profiles: how each ticker behaves in the sample market.

Known tickers have a hand-set profile steered to plausible levels (SPY near
520-600 in mid-2026, NVDA near 120-190...); any other plausible symbol gets a
generic profile derived from a stable hash of its name.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field, replace

from newsletter.data.sample.streams import stream

TICKER_RE = re.compile(r"^[\^A-Z0-9][A-Z0-9.=\-^]{0,14}$")


@dataclass(frozen=True)
class Profile:
    """How one ticker behaves in the sample market."""

    kind: str
    """``stock``, ``etf``, ``index``, ``vix``, ``yield``, ``fx``, ``commodity``, ``crypto``."""
    s0: float
    """Price on the epoch (split-adjusted, like Yahoo's history)."""
    band: tuple[float, float] | None = None
    """The level on ANCHOR is drawn log-uniformly from this band."""
    beta: float = 1.0
    loads: dict[str, float] = field(default_factory=dict)
    """Loadings on the shared factors (sectors, ``size``, ``rates`` in pct points, ``oil``, ``crypto``)."""
    idio: float = 0.25
    """Annualised idiosyncratic volatility."""
    regime: float = 0.0
    """Strength of the per-ticker drift regimes (0 none, 1 a typical stock, 1.5 a story stock)."""
    volume: float = 1e6
    """Typical daily volume at the ANCHOR price level (shares; USD for crypto; 0 for levels)."""
    sector: str = ""
    jumps: float = 2.0
    """News gaps per year outside earnings."""
    drift: float = 0.07
    """Annual drift after the anchor date."""
    derive: tuple[str, float] | None = None
    """An index that is ``ratio`` times an ETF (``^GSPC`` from ``SPY``)."""
    offset: int | None = None
    """Days after each calendar quarter's start on which it reports earnings."""
    waypoints: tuple[tuple[dt.date, float, float], ...] = ()
    """Earlier (date, low, high) bands the path is steered through, ascending."""
    planted_stalls: bool = False
    """Every earnings reaction gaps up and stalls (the seed's "blew out earnings and stalled"),
    so that with the other planted names some leader always has a recent one."""

    @property
    def has_earnings(self) -> bool:
        """Whether it reports earnings (stocks do)."""
        return self.kind == "stock"

    @property
    def has_options(self) -> bool:
        """Whether it lists options (stocks and ETFs do)."""
        return self.kind in ("stock", "etf")


def _etf(s0, band, beta, loads, idio=0.04, volume=5e6, sector="", regime=0.3):
    """An ETF's profile: little idiosyncratic noise, few news gaps."""
    return Profile("etf", s0, band, beta, loads, idio, regime, volume, sector, jumps=0.6)


def _stock(s0, band, beta, loads, idio, regime, volume, sector, offset, jumps=3.0):
    """A stock's profile: earnings on ``offset`` days into each quarter, a higher drift."""
    return Profile("stock", s0, band, beta, loads, idio, regime, volume, sector, jumps=jumps,
                   drift=0.09, offset=offset)


PROFILES: dict[str, Profile] = {
    # broad ETFs and indices
    "SPY": replace(_etf(201.0, (520, 600), 1.0, {}, idio=0.01, volume=70e6, sector="broad",
                        regime=0.0),
                   waypoints=((dt.date(2019, 1, 2), 230, 270), (dt.date(2022, 1, 3), 380, 440),
                              (dt.date(2024, 1, 2), 430, 490))),
    "QQQ": _etf(107.0, (440, 540), 1.12,
                {"tech": 0.45, "semis": 0.2, "ai": 0.1, "comms": 0.2, "discretionary": 0.1,
                 "size": -0.15}, idio=0.02, volume=45e6, sector="broad", regime=0.0),
    "IWM": _etf(110.0, (195, 245), 1.05,
                {"size": 1.0, "regional": 0.15, "biotech": 0.1, "industrials": 0.1},
                idio=0.02, volume=30e6, sector="broad", regime=0.0),
    "DIA": _etf(172.0, (400, 460), 0.92,
                {"industrials": 0.2, "financials": 0.15, "health": 0.1, "tech": -0.1},
                idio=0.025, volume=4e6, sector="broad", regime=0.0),
    "^GSPC": Profile("index", 2010.0, derive=("SPY", 10.0), volume=4.5e9, sector="broad"),
    "^RUT": Profile("index", 1100.0, derive=("IWM", 10.0), volume=1.2e9, sector="broad"),
    "^DJI": Profile("index", 17200.0, derive=("DIA", 100.0), volume=3.5e8, sector="broad"),
    "^IXIC": Profile("index", 4900.0, (17000, 21500), 1.1,
                     {"tech": 0.4, "semis": 0.2, "ai": 0.1, "comms": 0.15, "discretionary": 0.1,
                      "size": 0.1, "biotech": 0.05}, idio=0.03, volume=6e9, sector="broad",
                     jumps=0.3),
    # levels and macro
    "^VIX": Profile("vix", 20.7, volume=0.0, sector="volatility"),
    # the VIX's 3-month sibling: over the VIX in calm markets (contango), under it in a panic
    "^VIX3M": Profile("vix3m", 22.0, volume=0.0, sector="volatility"),
    "^TNX": Profile("yield", 2.24, volume=0.0, sector="rates"),
    "CL=F": Profile("commodity", 37.0, volume=350e3, sector="energy"),
    "DX-Y.NYB": Profile("fx", 98.7, volume=0.0, sector="currency"),
    "BTC-USD": Profile("crypto", 430.0, (60000, 110000), 1.2, {"crypto": 1.0}, idio=0.1,
                       regime=0.0, volume=3.5e10, sector="crypto", jumps=0.5, drift=0.15,
                       waypoints=((dt.date(2019, 1, 2), 3000, 6000),
                                  (dt.date(2022, 1, 3), 30000, 50000))),
    # bonds, for the credit and rates reads: price moves on the 10-year yield by duration
    # (IEF ~7.5 years, LQD ~8.5, HYG ~3.5), high yield also with stocks; no earnings, flat drift
    "IEF": replace(_etf(105.0, (92, 98), -0.05, {"rates": -0.075}, idio=0.01, volume=8e6,
                        sector="bonds", regime=0.0), drift=0.0, jumps=0.2),
    "LQD": replace(_etf(116.0, (105, 112), 0.08, {"rates": -0.085}, idio=0.012, volume=20e6,
                        sector="bonds", regime=0.0), drift=0.0, jumps=0.2),
    "HYG": replace(_etf(80.0, (76, 82), 0.3, {"rates": -0.035}, idio=0.015, volume=35e6,
                        sector="bonds", regime=0.0), drift=0.0, jumps=0.3),
    # sector and industry ETFs
    "XLK": _etf(42.0, (210, 260), 1.1, {"tech": 0.8, "semis": 0.3, "ai": 0.1}, volume=8e6,
                sector="tech"),
    "XLF": _etf(19.5, (45, 54), 1.05, {"financials": 0.9, "rates": 0.05}, volume=40e6,
                sector="financials"),
    "XLE": _etf(60.0, (75, 95), 0.9, {"energy": 0.9, "oil": 0.45}, volume=15e6, sector="energy"),
    "XLI": _etf(52.0, (125, 150), 1.0, {"industrials": 0.9}, volume=9e6, sector="industrials"),
    "XLV": _etf(71.0, (130, 155), 0.75, {"health": 0.9}, volume=9e6, sector="health"),
    "XLY": _etf(77.0, (190, 230), 1.1, {"discretionary": 0.9}, volume=4e6, sector="consumer"),
    "XLP": _etf(50.0, (75, 85), 0.6, {"staples": 0.9}, volume=10e6, sector="staples"),
    "XLU": _etf(43.0, (70, 85), 0.5, {"utilities": 0.9, "rates": -0.08}, volume=12e6,
                sector="utilities"),
    "XLB": _etf(42.0, (82, 95), 1.0, {"materials": 0.9}, volume=6e6, sector="materials"),
    "XLRE": _etf(31.0, (38, 45), 0.85, {"realestate": 0.9, "rates": -0.1}, volume=7e6,
                 sector="real estate"),
    "XLC": _etf(40.0, (90, 110), 1.0, {"comms": 0.9}, volume=5e6, sector="comms"),
    "KRE": _etf(42.0, (50, 65), 1.15,
                {"financials": 0.6, "regional": 1.0, "size": 0.4, "rates": 0.1},
                idio=0.05, volume=12e6, sector="regional banks"),
    "SMH": _etf(26.0, (220, 290), 1.35, {"semis": 1.0, "ai": 0.5, "tech": 0.2}, volume=7e6,
                sector="semis"),
    "SOXX": _etf(29.0, (190, 250), 1.35,
                 {"semis": 1.0, "ai": 0.35, "analog": 0.2, "tech": 0.2}, volume=4e6,
                 sector="semis"),
    "XBI": _etf(62.0, (80, 100), 1.1, {"biotech": 1.0, "health": 0.3, "size": 0.5},
                idio=0.06, volume=9e6, sector="biotech"),
    "ITB": _etf(27.0, (90, 115), 1.15, {"homebuilders": 1.0, "discretionary": 0.2, "rates": -0.12},
                idio=0.05, volume=2e6, sector="homebuilders"),
    # single stocks
    "TSLA": _stock(15.0, (250, 420), 1.6, {"discretionary": 0.7, "tech": 0.3}, 0.45, 1.2, 95e6,
                   "consumer", 22),
    "AVGO": _stock(14.0, (220, 320), 1.3, {"semis": 0.9, "ai": 0.8}, 0.28, 0.8, 22e6, "semis", 70),
    "NVDA": _stock(0.8, (120, 190), 1.6, {"semis": 1.0, "ai": 1.1}, 0.35, 1.0, 220e6, "semis", 52),
    "HOOD": _stock(10.0, (60, 130), 1.7, {"financials": 0.5, "crypto": 0.35, "size": 0.6}, 0.6,
                   1.4, 40e6, "financials", 30, jumps=4.0),
    "HIMS": _stock(8.0, (30, 65), 1.4, {"health": 0.4, "discretionary": 0.3, "size": 0.7}, 0.7,
                   1.5, 25e6, "health", 35, jumps=5.0),
    "RKLB": _stock(4.0, (20, 55), 1.5, {"industrials": 0.6, "size": 0.8}, 0.7, 1.5, 20e6,
                   "industrials", 40, jumps=5.0),
    "AAPL": _stock(26.0, (200, 260), 1.1, {"tech": 0.8}, 0.2, 0.6, 55e6, "tech", 30),
    "MSFT": _stock(55.0, (420, 520), 1.0, {"tech": 0.8, "software": 0.4}, 0.18, 0.5, 22e6,
                   "tech", 25),
    "AMZN": _stock(32.0, (190, 240), 1.15, {"discretionary": 0.6, "tech": 0.4}, 0.24, 0.7, 45e6,
                   "consumer", 30),
    "META": _stock(102.0, (550, 750), 1.2, {"comms": 0.9}, 0.3, 0.8, 15e6, "comms", 29),
    "GOOGL": _stock(38.0, (160, 220), 1.05, {"comms": 0.8, "tech": 0.2}, 0.22, 0.6, 30e6,
                    "comms", 28),
    "AMD": _stock(2.8, (110, 180), 1.6, {"semis": 1.0, "ai": 0.8}, 0.45, 1.0, 50e6, "semis", 30),
    "PLTR": _stock(6.0, (90, 170), 1.5, {"tech": 0.5, "software": 0.9, "size": 0.3}, 0.55, 1.3,
                   70e6, "tech", 35, jumps=4.0),
    "COIN": _stock(40.0, (180, 350), 1.4, {"financials": 0.3, "crypto": 0.6, "size": 0.3}, 0.55,
                   1.2, 10e6, "financials", 37, jumps=4.0),
    "MU": _stock(14.0, (80, 130), 1.45, {"semis": 1.0, "ai": 0.5}, 0.35, 0.9, 20e6, "semis", 82),
    "TXN": _stock(95.0, (160, 210), 1.0, {"semis": 0.7, "analog": 1.0}, 0.15, 0.5, 6e6, "semis",
                  22),
    "ADI": _stock(55.0, (200, 250), 1.05, {"semis": 0.7, "analog": 1.0}, 0.16, 0.5, 3.5e6, "semis",
                  50),
    "MCHP": _stock(22.0, (45, 75), 1.2, {"semis": 0.8, "analog": 1.0}, 0.28, 0.7, 7e6, "semis", 40),
    "ON": _stock(9.5, (40, 65), 1.4, {"semis": 0.8, "analog": 0.9, "size": 0.3}, 0.38, 0.9, 8e6,
                 "semis", 33),
    "NXPI": _stock(80.0, (180, 240), 1.2, {"semis": 0.8, "analog": 1.0}, 0.25, 0.6, 2.5e6,
                   "semis", 27),
}

SENTIMENT_LEADERS = {"PLTR": 5, "AMD": 23, "NVDA": 41, "AVGO": 59, "MU": 77}
"""The default 💡 watchlist: every earnings gap of theirs stalls (``planted_stalls``), and their
report days (days into each quarter) are spread 18 days apart, so that a reaction is always
under a month old, whatever week an issue is built."""
for _ticker, _offset in SENTIMENT_LEADERS.items():
    PROFILES[_ticker] = replace(PROFILES[_ticker], offset=_offset, planted_stalls=True)

GENERIC_SECTORS = ("tech", "software", "semis", "comms", "discretionary", "staples", "health",
                   "biotech", "financials", "regional", "energy", "industrials", "materials",
                   "utilities", "realestate", "homebuilders")
"""The sector factors a generic ticker's profile is drawn from."""
SECTOR_LABEL = {"discretionary": "consumer", "regional": "regional banks",
                "realestate": "real estate", "software": "tech"}
"""The sector a generic ticker is labelled with, where it differs from its factor's name."""


def valid_ticker(ticker: str) -> bool:
    """Whether ``ticker`` looks like a symbol the sample market can serve."""
    return isinstance(ticker, str) and TICKER_RE.fullmatch(ticker) is not None


def profile_for(ticker: str) -> Profile:
    """The profile of a known ticker, or a generic one derived from the name's hash."""
    if ticker in PROFILES:
        return PROFILES[ticker]
    r = stream(0, "profile", ticker)
    u = r.random(12)
    if ticker.startswith("^"):
        sector = GENERIC_SECTORS[int(u[0] * len(GENERIC_SECTORS))]
        s0 = math.exp(math.log(300) + u[1] * math.log(20000 / 300))
        return Profile("index", s0, (s0 * math.exp(0.2 + 0.8 * u[2]),) * 2, 0.8 + 0.4 * u[3],
                       {sector: 0.5 + 0.4 * u[4]}, idio=0.05, volume=0.0,
                       sector=SECTOR_LABEL.get(sector, sector), jumps=0.3)
    if ticker.endswith("=F"):
        s0 = math.exp(math.log(5) + u[1] * math.log(2000 / 5))
        return Profile("commodity", s0, (s0 * math.exp(-0.3 + 0.8 * u[2]),) * 2, 0.2 + 0.4 * u[3],
                       {"oil": 0.3 * u[4]}, idio=0.2 + 0.15 * u[5], volume=1e5 + 5e5 * u[6],
                       sector="commodity", jumps=1.0, drift=0.02)
    if ticker.endswith("-USD"):
        s0 = math.exp(math.log(0.1) + u[1] * math.log(500 / 0.1))
        return Profile("crypto", s0, (s0 * math.exp(1.0 + 3.0 * u[2]),) * 2, 0.8,
                       {"crypto": 1.0}, idio=0.5 + 0.3 * u[3], regime=1.0,
                       volume=1e8 * math.exp(5 * u[4]), sector="crypto", jumps=3.0, drift=0.1)
    sector = GENERIC_SECTORS[int(u[0] * len(GENERIC_SECTORS))]
    s0 = math.exp(math.log(8) + u[1] * math.log(250 / 8))
    end = s0 * math.exp(-0.3 + 1.8 * u[2])
    return Profile(
        "stock", s0, (end * 0.9, end * 1.1), 0.7 + 1.0 * u[3],
        {sector: 0.6 + 0.4 * u[4], "size": 0.8 * u[5]}, idio=0.22 + 0.43 * u[6],
        regime=0.5 + 0.8 * u[7], volume=1e6 * math.exp(math.log(40) * u[8]),
        sector=SECTOR_LABEL.get(sector, sector), jumps=2.0 + 3.0 * u[9],
        drift=-0.05 + 0.25 * u[10], offset=14 + int(u[11] * 62),
    )

