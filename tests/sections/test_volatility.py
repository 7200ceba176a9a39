"""🌡️ Volatility + Gamma: the line the issue prints, with a chain and without one."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from newsletter.analysis.black_scholes import bs_price
from newsletter.analysis.volatility import RISK_FREE_RATE
from newsletter.config import Sections
from newsletter.sections import SECTION_MODULES, volatility
from tests.analysis.factories import make_bars
from tests.sections.factories import context, render

# closes alternating +1 % / -1 %: realised vol is the sd of alternating log returns
CLOSES = [100.0 * (1.01 if i % 2 else 1.0) for i in range(60)]


def spy_chain(asof: dt.date, spot: float, put_oi: float, call_oi: float) -> pd.DataFrame:
    """Two monthly expiries, strikes 90-110, every contract priced at a flat 20 % IV; no IV column."""
    rows = []
    for expiry in (dt.date(2024, 4, 19), dt.date(2024, 5, 17)):
        for strike in range(90, 111, 5):
            for kind in ("call", "put"):
                years = (expiry - asof).days / 365
                mid = bs_price(spot, float(strike), years, RISK_FREE_RATE, 0.2, kind)
                oi = put_oi if kind == "put" and strike < spot else call_oi if kind == "call" \
                    and strike > spot else 10.0
                rows.append((expiry, kind, float(strike), oi, 0.0, mid - 0.01, mid + 0.01))
    return pd.DataFrame(rows, columns=["expiry", "kind", "strike", "open_interest", "volume",
                                       "bid", "ask"])


def build(put_oi: float, call_oi: float, chain: bool = True):
    bars = make_bars(CLOSES)
    ctx = context({"SPY": bars})
    asof, spot = ctx.snapshot.asof, float(bars["Close"].iloc[-1])
    if chain:
        ctx = replace(ctx, snapshot=replace(ctx.snapshot, options={
            "SPY": spy_chain(asof, spot, put_oi, call_oi)}))
    built = volatility.build(ctx)
    return built, render(ctx, built.section)


def expected_realised() -> float:
    rets = [math.log(CLOSES[i] / CLOSES[i - 1]) for i in range(40, 60)]
    mean = sum(rets) / 20
    return math.sqrt(sum((r - mean) ** 2 for r in rets) / 19 * 252) * 100


def test_the_line_with_a_chain_solved_from_mid_prices():
    built, text = build(put_oi=100.0, call_oi=5000.0)
    d = built.section.data
    assert d.atm.source == "mid" and abs(d.atm.iv - 20.0) < 0.01
    assert f"**$SPY ATM IV 20.0%** vs **20-day realised {expected_realised():.1f}%**" in text
    assert "term structure flat" in text  # 20 % on both expiries
    assert d.gamma.regime == "positive" and d.flip_side == "above"
    assert (f"dealers **positive gamma** above the **{d.gamma.flip:,.2f} flip**: pullbacks tend "
            "to be absorbed.") in text
    assert "IVs solved from mid prices" in text
    assert "IV rank: not yet; it needs 60 days of ATM-IV history and this data has 1." in text
    assert "dealers long calls, short puts" in text
    term, gamma = built.charts
    assert (term.kind, gamma.kind) == ("iv_term", "gamma")
    assert term.inputs["ivs"] == tuple(p[2] for p in d.term.points)
    assert gamma.inputs["flip"] == d.gamma.flip
    assert gamma.inputs["net"] == tuple(s.net for s in d.gamma.by_strike)


def test_put_heavy_chain_is_negative_gamma():
    built, text = build(put_oi=5000.0, call_oi=100.0)
    d = built.section.data
    assert d.gamma.regime == "negative" and d.gamma.total < 0
    assert "dealers **negative gamma**" in text and "moves tend to extend" in text
    assert "Dealer gamma -$" in text


def test_without_a_chain_it_says_what_the_data_lacks_in_one_line():
    built, text = build(0, 0, chain=False)
    assert built.section.data.atm is None and built.charts == ()
    lines = [line for line in text.splitlines() if "realised" in line]
    assert lines == [f"🌡️ **$SPY 20-day realised volatility {expected_realised():.1f}%** "
                     "(close-to-close log returns, annualised); no option chain in this data: "
                     "implied volatility, skew and dealer gamma need one."]


def test_too_little_history_or_no_spy_says_so_in_one_line_and_the_config_can_switch_it_off():
    """The section used to vanish without a word (READER.md: nothing vanishes silently)."""
    import pytest

    from newsletter.sections.base import SectionDataMissing

    ctx = context({"SPY": make_bars(CLOSES[:20])})
    with pytest.raises(SectionDataMissing, match=r"^too little SPY history for a 20-day realised "
                                                 r"volatility \(20 sessions\)$"):
        volatility.build(ctx)
    with pytest.raises(SectionDataMissing, match=r"^no data for the volatility read \(SPY"):
        volatility.build(context({"QQQ": make_bars(CLOSES)}))
    assert Sections().volatility is True and Sections(volatility=False).volatility is False
    assert volatility in SECTION_MODULES


def test_realised_against_numpy():
    rets = np.diff(np.log(np.array(CLOSES[-21:])))
    assert abs(expected_realised() - rets.std(ddof=1) * math.sqrt(252) * 100) < 1e-9


# The replay's headlines said "VIX Jumps 32%" and the issue's 🌡️ Volatility section, on data
# with the VIX and no option chain, said only "$SPY 20-day realised volatility 29.4% ...; no
# option chain in this data: implied volatility ... need one": the headline's signal had no
# section (READER.md), and the VIX is the S&P 500's own implied volatility. It is now read
# against realised, with its rank over the last year of its closes.

def _with_vix(vix: list[float], asof_bar: bool = True):
    bars = make_bars(CLOSES)
    frames = {"SPY": bars, "^VIX": make_bars(vix, index=bars.index[-len(vix):])}
    if not asof_bar:
        frames["^VIX"] = frames["^VIX"].iloc[:-1]
    ctx = context(frames)
    built = volatility.build(ctx)
    return built, render(ctx, built.section)


def test_without_a_chain_the_vix_is_the_implied_read():
    vix = [15.0 + (i % 7) for i in range(59)] + [20.5]
    built, text = _with_vix(vix)
    d = built.section.data
    assert d.atm is None and d.vix is not None and d.vix.close == 20.5
    realised = expected_realised()
    assert (f"🌡️ **VIX 20.50** vs **$SPY 20-day realised {realised:.1f}%**: implied "
            f"{20.5 - realised:.1f} pts over realised.") in text, text
    assert ("- The VIX is the S&P 500's 30-day implied volatility, from its options; realised is "
            "$SPY's close-to-close log returns, annualised.") in text
    # "rank 92 of 100" read as a place among 100 closes (the replay's 2018 and 2022 issues): the
    # line says what 0 and 100 are
    assert ("- VIX rank 92 of 100 over the last 60 closes, where 0 is their low (15.00) and 100 "
            "their high (21.00); percentile 86%: that share of the earlier closes was lower.") in text
    assert "- No option chain in this data: skew and dealer gamma need one." in text
    assert "implied volatility, skew and dealer gamma need one" not in text


@pytest.mark.parametrize(("closes", "words"), [
    (59, "- VIX rank: not yet; it needs 60 closes and this data has 59."),
    (60, "- VIX rank 92 of 100 over the last 60 closes")])
def test_the_vix_rank_needs_sixty_closes(closes: int, words: str) -> None:
    vix = ([15.0 + (i % 7) for i in range(59)] + [20.5])[-closes:]
    _, text = _with_vix(vix)
    assert words in text, text


def test_a_vix_without_the_as_of_close_is_not_quoted_as_today_s():
    vix = [15.0 + (i % 7) for i in range(59)] + [20.5]
    built, text = _with_vix(vix, asof_bar=False)
    assert built.section.data.vix is None
    assert "implied volatility, skew and dealer gamma need one" in text


def test_a_vix_under_realised_is_said_under_not_minus_over():
    """2020-03-22 on the real bars: "VIX 66.04 vs $SPY 20-day realised 83.7%: implied -17.6 pts
    over realised"."""
    realised = expected_realised()
    _, text = _with_vix([15.0] * 59 + [realised - 2.0])
    assert "implied 2.0 pts under realised." in text, text


# Found in the real-data replay: "VIX 31.51 vs $SPY 20-day realised 22.5%: implied 9.1 pts over
# realised" (31.51 - 22.5 is 9.0: realised was 22.46) and "VIX 20.80 vs $SPY 20-day realised
# 20.8%: implied 0.0 pts over realised"; 221 of 1,037 such lines did not add up as printed.

def _read(realised: float, vix: float | None = None, atm_iv: float | None = None):
    from types import SimpleNamespace

    return volatility.VolatilityRead(
        "SPY", 400.0, realised, SimpleNamespace(iv=atm_iv) if atm_iv is not None else None,
        None, None, None, None, vix=volatility.VixRead(vix, None) if vix is not None else None)


@pytest.mark.parametrize(("vix", "realised", "words"), [
    (31.51, 22.46, "9.0 pts over"),     # 31.51 - 22.5 as printed (9.05 between them)
    (24.44, 23.56, "0.8 pts over"),     # 24.44 - 23.6 = 0.84 (0.88 between them)
    (20.80, 20.78, "in line with"),       # 20.80 against 20.8: not "0.0 pts over"
    (20.76, 20.84, "in line with"),       # 20.76 - 20.8 = -0.04
    (20.74, 20.84, "0.1 pts under")])   # -0.06
def test_the_vix_against_realised_is_the_difference_as_printed(vix, realised, words) -> None:
    from newsletter.display import vol_gap

    assert vol_gap(_read(realised, vix=vix).vix_premium) == words


@pytest.mark.parametrize(("iv", "realised", "words"), [
    (14.26, 13.04, "1.3 pts over"),     # 14.3% vs 13.0% printed (1.22 between them)
    (14.04, 14.0, "in line with")])
def test_the_atm_iv_against_realised_is_the_difference_as_printed(iv, realised, words) -> None:
    from newsletter.display import vol_gap

    assert vol_gap(_read(realised, atm_iv=iv).premium) == words


@pytest.mark.parametrize(("put", "call", "words"), [
    (20.04, 19.96, "(0.0 pts, puts and calls priced alike)"),   # both print 20.0%
    (20.06, 19.96, "(+0.1 pts, puts bid for protection)"),
    (19.96, 20.06, "(-0.1 pts, calls bid over puts)")])
def test_a_skew_that_prints_as_zero_leans_neither_way(put: float, call: float, words: str) -> None:
    """Before: '(0.0 pts, calls bid over puts)' for a skew that printed as zero."""
    from newsletter.analysis.volatility import Skew, shown_gap

    built, _ = build(put_oi=100.0, call_oi=5000.0)
    data = replace(built.section.data, skew=Skew(dt.date(2026, 1, 16), put, call, shown_gap(put, call)))
    ctx = context({"SPY": make_bars(CLOSES)})
    text = render(ctx, replace(built.section, data=data))
    assert f"puts {put:.1f}% vs calls {call:.1f}% {words}" in text, text


# Found on the sample market (seed 11): "Term structure: 33.2% at 7 days, 33.1% at 14 days, 32.8%
# at 35 days, 32.5% at 63 days (-0.7 pts back over front)": an inverted curve read as minus over. Worded by
# display.vol_gap, the one rule for vol points over, under or in line.

@pytest.mark.parametrize(("front", "back", "words"), [
    (33.2, 32.5, "(back 0.7 pts under front)"),
    (31.0, 31.3, "(back 0.3 pts over front)"),
    (31.0, 31.0, "(back in line with front)"),
    (31.04, 30.96, "(back in line with front)"),      # both print 31.0%
    (31.06, 30.96, "(back 0.1 pts under front)")])
def test_the_term_structure_says_under_not_minus_over(front: float, back: float, words: str) -> None:
    from newsletter.analysis.volatility import TermStructure, shown_gap

    built, _ = build(put_oi=100.0, call_oi=5000.0)
    spread = shown_gap(back, front)
    term = TermStructure(((dt.date(2026, 1, 9), 7, front), (dt.date(2026, 2, 20), 49, back)),
                         "flat" if abs(spread) < 0.5 else "upward" if spread > 0 else "inverted",
                         spread)
    data = replace(built.section.data, term=term)
    text = render(context({"SPY": make_bars(CLOSES)}), replace(built.section, data=data))
    line = next(ln for ln in text.splitlines() if ln.startswith("- Term structure:"))
    assert line.endswith(f"at 49 days {words}."), line


@pytest.mark.parametrize(("share", "shown"), [
    (99.6, "over 99%"), (99.5, "over 99%"), (99.49, "99%"), (100.0, "100%"),
    (0.4, "under 1%"), (0.0, "0%"), (0.51, "1%"), (86.2, "86%")])
def test_a_share_prints_all_or_none_only_when_it_is(share: float, shown: str) -> None:
    """The real bars' 2020-03-15: "percentile 100%: that share of the earlier closes was lower"
    with the VIX at 57.83 under the window's 75.47 high (250 of 251, 99.6%; 6 issues of
    2018-2022). A share prints 100% only when it is all, 0% only when it is none."""
    from newsletter.render import share_pct

    assert share_pct(share) == shown


@pytest.mark.parametrize(("rank", "shown"), [
    (0.03, "under 1"), (0.0, "0"), (99.97, "over 99"), (100.0, "100"), (92.4, "92")])
def test_a_rank_prints_0_or_100_only_at_the_low_or_the_high(rank: float, shown: str) -> None:
    """The real bars' 2011-01-16: "VIX rank 0 of 100 ... (low 15.45 ...)" with the VIX at 15.46
    (5 issues of 2010-2017): the rank prints 0 only at the low."""
    from newsletter.render import share

    assert share(rank) == shown
