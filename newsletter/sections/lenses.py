"""🧩 Three Minds (seed 003): macro, flow and contrarian lenses, their synthesis, at most one call.

Each lens reads its own inputs from the snapshot (newsletter/analysis/lenses.py)
and states a direction with the agreement of those inputs; the synthesis weighs
the lenses (config ``lenses.weights``: the weights, or a replay's ``lens_weights.json``
whose weights were fitted on 2000-2012; with the file the synthesis states its
out-of-sample record, newsletter/lens_weights.py). The one call is a trade plan on SPY
measured like the regime read's (sections/regime.py ``measured_plan``), made
only when the synthesis has a direction, its confidence is at least
``lenses.min_confidence``, and the plan passes the call rules. The call's text
states the confidence ("confidence 0.60") so the replay's calibration can read it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from newsletter.analysis.gamma import GammaExposure, gamma_exposure
from newsletter.analysis.history import NotEnoughData
from newsletter.analysis.lenses import LensRead, contrarian_lens, flow_lens, macro_lens
from newsletter.analysis.relative_strength import basket
from newsletter.analysis.synthesis import Synthesis, synthesize
from newsletter.analysis.universe import wide
from newsletter.lens_weights import lens_weights_at
from newsletter.model import Call, Section
from newsletter.sections.base import Built, Context, missing_data
from newsletter.sections.breadth import members_present
from newsletter.sections.regime import measured_plan
from newsletter.trade_plan import TradePlan, confidence_text

KEY, EMOJI, TITLE = "lenses", "🧩", "Three Minds"
SETUP = "synthesis"
INDEX = "SPY"
OFFENSE = ("XLK", "XLY", "XLF", "XLI", "SMH")
DEFENSE = ("XLU", "XLP", "XLV")
MACRO_TICKERS = ("^TNX", "DX-Y.NYB", "CL=F", "^VIX", "^VIX3M", "HYG", "LQD")
TICKERS = tuple(dict.fromkeys((*MACRO_TICKERS, "IWM", INDEX, *OFFENSE, *DEFENSE)))
"""Every ticker the three lenses read, whatever the watchlists: fetched when the section is on
(:meth:`~newsletter.config.Config.all_tickers`)."""


@dataclass(frozen=True)
class LensesData:
    reads: tuple[LensRead, ...]
    synthesis: Synthesis
    majority: tuple[LensRead, ...]
    """The lenses stating the synthesis's direction (for "flat", the larger side)."""
    dissent: tuple[LensRead, ...]
    """The lenses stating the opposite direction; empty when none does."""
    min_confidence: float
    plan: TradePlan | None
    """The checked plan, when the synthesis was sure enough to try one."""
    call: Call | None
    held_back: str
    """Why there is no call: "flat", "unsure" (under the minimum), "plan" (failed the rules),
    "no data" (no SPY plan); empty when there is one."""
    record: str = ""
    """The synthesis's out-of-sample record in the replay, when the weights came from its file
    ("synthesis: 312 of 580 right out of sample 2013–2022 (replay, hypothetical)")."""

    @staticmethod
    def votes(read: LensRead) -> tuple[tuple[str, str], ...]:
        """Each of ``read``'s reasons with the way its input voted, "up", "down" or "neither"
        ("" for a reason without its signal): which inputs agree, as the Regime Read names them."""
        vote = {s.reading: {1: "up", -1: "down", 0: "neither"}[s.vote] for s in read.signals}
        return tuple((r, vote.get(r, "")) for r in read.reasons)


def _close(ctx: Context, ticker: str) -> pd.Series | None:
    return ctx.bars(ticker)["Close"] if ctx.snapshot.has(ticker) else None


def _basket(ctx: Context, tickers: tuple[str, ...]) -> pd.Series | None:
    present = ctx.available(list(tickers))
    if not present:
        return None
    return basket(pd.concat([ctx.bars(t)["Close"] for t in present], axis=1).dropna())


def _gamma(ctx: Context) -> GammaExposure | None:
    chain = ctx.snapshot.options.get(INDEX)
    spot = _close(ctx, INDEX)
    if chain is None or spot is None:
        return None
    try:
        return gamma_exposure(chain, float(spot.iloc[-1]), ctx.snapshot.asof)
    except NotEnoughData:
        return None


def read_lenses(ctx: Context) -> tuple[LensRead, ...]:
    """The three lenses on the snapshot, each from the tickers it reads."""
    c = {t: _close(ctx, t) for t in (*MACRO_TICKERS, "IWM", INDEX)}
    named, members = members_present(ctx)
    universe = wide({t: ctx.snapshot.bars[t] for t in members}) if members else None
    return (
        macro_lens(c["^TNX"], c["DX-Y.NYB"], c["CL=F"], c["^VIX"], c["^VIX3M"], c["HYG"], c["LQD"]),
        flow_lens(universe, c["IWM"], c[INDEX], _basket(ctx, OFFENSE), _basket(ctx, DEFENSE),
                  _gamma(ctx), universe_name=named.name),
        contrarian_lens(c[INDEX], c["^VIX"], label=f"${INDEX}"),
    )


def build(ctx: Context) -> Built | None:
    reads = read_lenses(ctx)
    if not any(r.inputs_used for r in reads):
        raise missing_data(ctx.snapshot, [*MACRO_TICKERS, "IWM", INDEX], "the three lenses")
    cfg = ctx.config.lenses
    weights, record = cfg.weights, ""
    if isinstance(weights, str):
        fitted = lens_weights_at(weights)
        weights, record = fitted.weights, fitted.record_text()
    s = synthesize(reads, weights)
    by_name = {r.name: r for r in reads}
    checked = (measured_plan(ctx, s.direction == "up", SETUP, INDEX, KEY)
               if s.direction != "flat" and s.confidence >= cfg.min_confidence else None)
    call = None
    if checked is not None and checked.ok:
        verb = "over" if checked.direction == "long" else "under"
        call = checked.call(f"{ctx.issue_date.isoformat()}-{KEY}-{INDEX}", KEY, ctx.issue_date,
                            f"synthesis {s.direction}, {confidence_text(s.confidence)}: a close "
                            f"{verb} {checked.trigger:,.2f} opens {checked.target:,.2f}")
    held_back = ("" if call else "flat" if s.direction == "flat"
                 else "unsure" if s.confidence < cfg.min_confidence
                 else "no data" if checked is None else "plan")
    data = LensesData(reads, s, tuple(by_name[n] for n in s.agree),
                      tuple(by_name[n] for n in s.disagree), cfg.min_confidence, checked, call,
                      held_back, record)
    section = Section(key=KEY, emoji=EMOJI, title=TITLE, data=data,
                      commentary=ctx.notes.commentary.get(KEY, ""))
    return Built(section=section, calls=(call,) if call else ())
