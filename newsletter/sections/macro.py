"""🧠 Macro + Theme Watch: theme pairs and who leads, story stocks basing or breaking out."""

from __future__ import annotations

from dataclasses import dataclass

from newsletter.analysis.breakouts import Base, Breakout, base, breakouts
from newsletter.analysis.history import NotEnoughData
from newsletter.analysis.relative_strength import (
    RelativeStrength,
    basket,
    outperformance_streaks,
    relative_strength,
)
from newsletter.display import label, name, name_start, plain
from newsletter.model import Item, Section
from newsletter.sections.base import Built, Context, NothingQualified, Signal, missing_data

KEY, EMOJI, TITLE = "macro", "🧠", "Macro + Theme Watch"
THEME_LEAD_PTS = 5.0
"""A theme pair whose leader is this many points ahead over the month, on a run, is a headline candidate."""
THEME_LEVEL_PTS = 1.0
"""A month spread under this many points is level: neither basket leads."""


@dataclass(frozen=True)
class ThemeRead:
    name: str
    lead_label: str
    lag_label: str
    lead: tuple[str, ...]
    lag: tuple[str, ...]
    rs: RelativeStrength
    leader_streak: int = 0
    """Sessions in a row the side that leads on the month has beaten the other (DJT beating the
    Dow counts for the transports, whichever side the config lists first)."""

    @property
    def leader_is_lead(self) -> bool:
        return self.rs.spreads.get("1m", 0.0) >= 0

    @property
    def leader_label(self) -> str:
        return self.lead_label if self.leader_is_lead else self.lag_label

    @property
    def leader(self) -> tuple[str, ...]:
        return self.lead if self.leader_is_lead else self.lag

    @property
    def trailer(self) -> tuple[str, ...]:
        return self.lag if self.leader_is_lead else self.lead

    @property
    def trailer_label(self) -> str:
        return self.lag_label if self.leader_is_lead else self.lead_label

    @property
    def level(self) -> bool:
        """Neither side leads by :data:`THEME_LEVEL_PTS` over the month (at the one decimal printed)."""
        return round(self.leader_month, 1) < THEME_LEVEL_PTS

    @property
    def verdict(self) -> str:
        """The theme in a few words, the size of the move (at the one decimal printed): a month
        spread under :data:`THEME_LEVEL_PTS` leads nothing, and a week the other way is said."""
        if self.level:
            return "level: neither side leads by a point over a month."
        if round(self.leader_week, 1) < 0:
            return f"{self.leader_label} lead on the month, but {self.trailer_label} took the week."
        return f"{self.leader_label} lead."

    @property
    def leader_month(self) -> float:
        """The month spread from the leader's side, percentage points (never negative)."""
        return abs(self.rs.spreads.get("1m", 0.0))

    @property
    def leader_week(self) -> float:
        """The week spread from the leader's side, percentage points."""
        week = self.rs.spreads.get("1w", 0.0)
        return week if self.leader_is_lead else -week


def theme_hook(theme: ThemeRead) -> str:
    """"Analog semis lead AI semis by 5.2 points over a month, 3 sessions running."."""
    leader = theme.leader_label[:1].upper() + theme.leader_label[1:]
    return (f"{leader} lead {theme.trailer_label} by {theme.leader_month:.1f} points over a month, "
            f"{theme.leader_streak} sessions running.")


@dataclass(frozen=True)
class StoryRead:
    ticker: str
    breakout: Breakout | None
    base: Base | None
    last_close: float | None = None

    @property
    def breakout_failed(self) -> bool:
        """The last close is back at or under the level the breakout broke (as printed): a dead
        setup, said as a failed breakout, never as a live one (the sample's "$COIN broke out" of
        2025-12-07 sat under its level)."""
        return (self.breakout is not None and self.last_close is not None
                and round(self.last_close, 2) <= round(self.breakout.prior_high, 2))

    @property
    def live_breakout(self) -> Breakout | None:
        """The breakout while it holds; None without one or once it failed."""
        return None if self.breakout_failed else self.breakout


@dataclass(frozen=True)
class MacroData:
    themes: tuple[ThemeRead, ...]
    stories: tuple[StoryRead, ...]


def _basket(ctx: Context, tickers: list[str]):
    closes = {t: ctx.bars(t)["Close"] for t in ctx.available(tickers)}
    if not closes:
        return None
    import pandas as pd

    return basket(pd.DataFrame(closes).dropna())


def build(ctx: Context) -> Built | None:
    themes = []
    for theme in ctx.config.themes:
        lead, lag = _basket(ctx, theme.lead), _basket(ctx, theme.lag)
        if lead is None or lag is None:
            continue
        try:
            rs = relative_strength(lead, lag)
        except NotEnoughData:
            continue
        streak = (rs.streak_length if rs.spreads.get("1m", 0.0) >= 0
                  else int(outperformance_streaks(lag, lead).iloc[-1]))
        names = ctx.config.names
        themes.append(ThemeRead(theme.name,
                                theme.lead_label or " + ".join(plain(t, names) for t in theme.lead),
                                theme.lag_label or " + ".join(plain(t, names) for t in theme.lag),
                                tuple(theme.lead), tuple(theme.lag), rs, streak))
    stories = []
    for ticker in ctx.available(ctx.config.watchlists.story):
        if ctx.notes.hidden(KEY, ticker):
            continue
        bars = ctx.bars(ticker)
        try:
            found = breakouts(bars, within=5)
            shape = base(bars)
        except NotEnoughData:
            continue
        if found or shape.is_base:
            stories.append(StoryRead(ticker, found[-1] if found else None,
                                     shape if shape.is_base else None, float(bars["Close"].iloc[-1])))
    # live breakouts first, then failed ones, then bases; by volume within each
    stories.sort(key=lambda s: (s.breakout is None, s.breakout_failed,
                                -(s.breakout.volume_ratio if s.breakout else 0)))
    items = tuple(Item(text=i.text + (f" {i.detail}" if i.detail else ""), ticker=i.ticker,
                       origin="notes") for i in ctx.notes.items.get(KEY, []))
    if not themes and not stories and not items and not ctx.notes.commentary.get(KEY):
        theme_names = list(dict.fromkeys(t for th in ctx.config.themes for t in (*th.lead, *th.lag)))
        story = [t for t in ctx.config.watchlists.story if not ctx.notes.hidden(KEY, t)]
        if not theme_names and not story:
            return None  # no themes and no story stocks configured: the section is off
        if not ctx.available(theme_names) and not ctx.available(story):
            raise missing_data(ctx.snapshot, [*theme_names, *story], "the theme pairs and story stocks")
        raise NothingQualified("🧠 No theme pair had the history for a read, and no story stock on the "
                               "watchlist is basing or broke out on volume this week")
    signals = []
    outs = [s for s in stories if s.live_breakout]
    names = ctx.config.names
    if len(outs) >= 2:
        signals.append(Signal(1.2, "Story Stocks Break Out",
                              f"{' and '.join(name(s.ticker, names) for s in outs[:2])} just broke out on volume."))
    elif outs:
        out = outs[0]
        signals.append(Signal(0.8 + min(out.breakout.volume_ratio, 5.0) / 10.0,
                              f"{label(out.ticker, names)} Breaks Out on Volume",
                              f"{name_start(out.ticker, names)} just broke out on "
                              f"{out.breakout.volume_ratio:.1f}x its average volume."))
    for theme in themes:
        if theme.leader_month >= THEME_LEAD_PTS and theme.leader_streak >= 2:
            signals.append(Signal(0.4 + min(theme.leader_month, 20.0) / 20.0,
                                  f"{theme.leader_label[:1].upper()}{theme.leader_label[1:]} Lead",
                                  theme_hook(theme)))
    section = Section(key=KEY, emoji=EMOJI, title=TITLE, data=MacroData(tuple(themes), tuple(stories[:4])),
                      items=items, commentary=ctx.notes.commentary.get(KEY, ""))
    return Built(section=section, signals=tuple(signals))
