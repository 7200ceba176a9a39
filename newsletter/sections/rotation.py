"""📊 Rotation Play: small caps against large caps, the streak, the edge, who caught bids."""

from __future__ import annotations

from dataclasses import dataclass

from newsletter.analysis.history import NotEnoughData
from newsletter.analysis.levels import AllTimeHigh, all_time_high
from newsletter.analysis.relative_strength import RelativeStrength, relative_strength
from newsletter.model import Section
from newsletter.sections.base import (
    Built,
    ChartRequest,
    Context,
    SectionDataMissing,
    Signal,
    missing_data,
)

KEY, EMOJI, TITLE = "rotation", "📊", "Rotation Play"
NUMBERED = True
MIN_STREAK = 3


@dataclass(frozen=True)
class PairRead:
    lead: str
    lag: str
    rs: RelativeStrength


@dataclass(frozen=True)
class RotationData:
    main: PairRead
    others: tuple[PairRead, ...]
    lead_ath: AllTimeHigh | None
    bids: tuple[tuple[str, float], ...]
    """Sectors that beat the lagging index on the week: (ticker, spread in points)."""
    leading: bool
    """True when the lead is ahead on the week and on a streak worth a paragraph."""
    count: int = 1


def _read(ctx: Context, lead: str, lag: str) -> PairRead:
    return PairRead(lead, lag, relative_strength(ctx.bars(lead)["Close"], ctx.bars(lag)["Close"]))


def build(ctx: Context) -> Built | None:
    pairs = [p for p in ctx.config.rotation if ctx.snapshot.has(p.lead) and ctx.snapshot.has(p.lag)]
    if not pairs:
        tickers = list(dict.fromkeys(t for p in ctx.config.rotation for t in (p.lead, p.lag)))
        raise missing_data(ctx.snapshot, tickers, "the rotation pairs")
    reads, short = [], []
    for pair in pairs:
        try:
            reads.append(_read(ctx, pair.lead, pair.lag))
        except NotEnoughData as exc:
            short.append(f"{pair.lead}/{pair.lag}: {exc}")
    if not reads:
        raise SectionDataMissing("; ".join(short))
    main = reads[0]
    rs = main.rs
    leading = rs.streak_length >= MIN_STREAK or rs.spreads.get("1w", 0.0) > 0.5
    try:
        ath = all_time_high(ctx.bars(main.lead)["Close"])
    except NotEnoughData:
        ath = None
    bids = []
    week_lag = rs.second_returns.get("1w", 0.0)
    for ticker in ctx.available(ctx.config.watchlists.sectors):
        try:
            sector = relative_strength(ctx.bars(ticker)["Close"], ctx.bars(main.lag)["Close"],
                                       windows=("1w",))
        except NotEnoughData:
            continue
        if sector.first_returns["1w"] > week_lag and sector.first_returns["1w"] > 0:
            bids.append((ticker, sector.spreads["1w"]))
    bids.sort(key=lambda b: -b[1])
    data = RotationData(main, tuple(reads[1:]), ath, tuple(bids[:3]), leading)
    signals = []
    if rs.streak_length >= MIN_STREAK:
        record = " (a Record)" if rs.matches_record else ""
        signals.append(Signal(1.0 + rs.streak_length / 3.0,
                              f"Small Caps Are Heating Up{record}" if main.lead in ("IWM", "^RUT")
                              else f"${main.lead} Is Beating ${main.lag}",
                              f"${main.lead} just beat ${main.lag} {rs.streak_length} sessions straight."))
    chart = ChartRequest(
        name=f"rotation_{main.lead.lower().lstrip('^')}_{main.lag.lower().lstrip('^')}", kind="ratio",
        inputs={"lead": main.lead, "lag": main.lag, "streak": rs.streak_length or None})
    section = Section(key=KEY, emoji=EMOJI, title=TITLE, data=data,
                      commentary=ctx.notes.commentary.get(KEY, ""))
    return Built(section=section, charts=(chart,), signals=tuple(signals))
