"""Analysis: pure functions over bars frames that return values a section can quote.

No I/O, no formatting; imports only pandas, numpy, TA-Lib and the standard
library. Units everywhere: prices and levels in price units, returns in
percent (1.5 = +1.5 %), relative edges in basis points, dates as
``datetime.date``. Too little history raises :class:`NotEnoughData`
(a ``ValueError`` with ``what``, ``need`` and ``have``), never NaN; a NaN bar
is a missing session. Levels are quoted on ``Close``.

What to call for what:

- Indicators (``indicators``): ``sma``, ``ema``, ``rsi``, ``macd``, ``bollinger``,
  ``atr``, ``keltner`` (Series/frames); ``indicator_snapshot(bars)`` → all of them on
  the last session; ``ma_cross(close)`` → golden/death state and last cross date;
  ``ema_stack(close)`` → bullish/bearish/mixed 5/20/50/200 stacking.
- Levels (``levels``): ``swing_points(bars)``; ``support_resistance(bars)`` → nearest
  support below and resistance above; ``round_milestone(price, step)`` → SPX 7,000;
  ``all_time_high(bars)``; ``range_52w(bars)``.
- Breakdowns (``breakdown``): ``rejected_at_200d(bars)``, ``broke_support(bars)``,
  ``rsi_below_50(close)``, ``macd_under_signal(close)``, ``momentum_cracks(close)``.
- Relative strength (``relative_strength``): ``relative_strength(first, second)`` →
  spreads by window, current and record streaks, ratio in its 50-day range;
  ``basket(closes)`` for a theme basket; ``outperformance_streaks``.
- Breadth (``breadth``): ``weekly_ranking(closes)`` for sector ETFs;
  ``breadth(closes)`` / ``breadth_history(closes)`` over any universe (wide frame);
  ``breadth_trend(closes)``: % above the 200-day and 50-day, highs/lows, A/D line now
  against 5, 10, 15 and 20 sessions ago.
- Whole universe (``scan``, ``universe``): ``wide(bars_by_ticker, column)`` then
  ``scan_universe(close, high, volume)`` → rejections, breakouts, RSI, breadth at once.
- Options (``options_positioning``): ``options_positioning(chain, price, asof)`` →
  walls, put/call ratio, max pain, crack level and target.
- Volatility (``volatility``, ``black_scholes``): ``atm_iv(chain, spot, asof)`` for the
  nearest monthly, ``term_structure``, ``skew`` (5 %-OTM put minus call), ``realised_vol(close)``
  (20 sessions), ``iv_rank(history)``; ``bs_price``, ``bs_gamma``, ``implied_vol``.
- Dealer gamma (``gamma``): ``gamma_exposure(chain, spot, asof)`` → exposure by strike,
  flip level and regime (dealers long calls, short puts).
- Earnings (``earnings``): ``earnings_gaps(bars, dates)``, ``gap_and_fade(bars, dates)``.
- Story stocks (``breakouts``): ``breakouts(bars)``, ``base(bars)``.
- Event studies (``event_study``, ``conditions``): ``event_study(condition, target,
  benchmark=...)``; conditions ``outperformance_streak_at_least``,
  ``within_pct_of_milestone``, ``leader_gap_and_fade``.
"""

from newsletter.analysis.breadth import (
    Breadth,
    BreadthTrend,
    Ranking,
    breadth,
    breadth_history,
    breadth_trend,
    weekly_ranking,
)
from newsletter.analysis.breakdown import (
    MomentumCrack,
    Rejection,
    SupportBreak,
    broke_support,
    macd_under_signal,
    momentum_cracks,
    rejected_at_200d,
    rsi_below_50,
)
from newsletter.analysis.breakouts import Base, Breakout, base, breakouts
from newsletter.analysis.conditions import (
    leader_gap_and_fade,
    outperformance_streak_at_least,
    within_pct_of_milestone,
)
from newsletter.analysis.earnings import GapFade, earnings_gaps, gap_and_fade
from newsletter.analysis.event_study import EventStudy, HorizonResult, Summary, event_study
from newsletter.analysis.gamma import GammaExposure, StrikeGamma, gamma_exposure
from newsletter.analysis.history import NotEnoughData
from newsletter.analysis.indicators import (
    CrossState,
    EmaStack,
    IndicatorSnapshot,
    atr,
    bollinger,
    ema,
    ema_stack,
    indicator_snapshot,
    keltner,
    ma_cross,
    macd,
    rsi,
    sma,
)
from newsletter.analysis.levels import (
    AllTimeHigh,
    Milestone,
    Range52w,
    SupportResistance,
    all_time_high,
    range_52w,
    round_milestone,
    support_resistance,
    swing_points,
)
from newsletter.analysis.options_positioning import OptionsPositioning, options_positioning
from newsletter.analysis.relative_strength import (
    RelativeStrength,
    basket,
    outperformance_streaks,
    relative_strength,
)
from newsletter.analysis.scan import UniverseScan, scan_universe
from newsletter.analysis.universe import wide
from newsletter.analysis.volatility import (
    AtmVol,
    IvRank,
    Skew,
    TermStructure,
    atm_iv,
    iv_rank,
    realised_vol,
    skew,
    term_structure,
)

__all__ = [
    "AllTimeHigh", "Base", "Breadth", "Breakout", "CrossState", "EmaStack", "EventStudy",
    "GapFade", "HorizonResult", "IndicatorSnapshot", "Milestone", "MomentumCrack",
    "BreadthTrend", "NotEnoughData", "OptionsPositioning", "Range52w", "Ranking", "Rejection",
    "RelativeStrength", "Summary", "SupportBreak", "SupportResistance", "UniverseScan",
    "all_time_high", "atr", "base", "basket", "bollinger", "breadth", "breadth_history", "breadth_trend",
    "breakouts", "broke_support", "earnings_gaps", "ema", "ema_stack", "event_study",
    "gap_and_fade", "indicator_snapshot", "keltner", "leader_gap_and_fade", "ma_cross",
    "macd", "macd_under_signal", "momentum_cracks", "options_positioning",
    "outperformance_streak_at_least", "outperformance_streaks", "range_52w",
    "rejected_at_200d", "relative_strength", "round_milestone", "rsi", "rsi_below_50",
    "scan_universe", "sma", "support_resistance", "swing_points", "weekly_ranking", "wide",
    "within_pct_of_milestone",
    "AtmVol", "GammaExposure", "IvRank", "Skew", "StrikeGamma", "TermStructure", "atm_iv",
    "gamma_exposure", "iv_rank", "realised_vol", "skew", "term_structure",
]
