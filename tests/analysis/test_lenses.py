"""The three lenses on hand frames: each direction, its agreement, missing inputs named, thresholds."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from newsletter.analysis.gamma import GammaExposure
from newsletter.analysis.lenses import contrarian_lens, flow_lens, macro_lens
from tests.analysis.factories import sessions

N = 460


def ser(values) -> pd.Series:
    values = list(values)
    return pd.Series(values, index=sessions(len(values)), dtype=float)


def ending(last: float, first: float = 100.0, n: int = N) -> pd.Series:
    """Flat at ``first``, then ``last`` on the final session."""
    return ser([first] * (n - 1) + [last])


def gamma(regime: str) -> GammaExposure:
    return GammaExposure(dt.date(2025, 1, 1), 100.0, (), 1.0 if regime == "positive" else -1.0,
                         None, regime)


def macro(sign: int, **drop) -> dict:
    """Every macro input pointing up (sign 1) or down (-1)."""
    inputs = dict(tnx=ending(4.0 - sign * 0.5, 4.0), dollar=ending(100 - sign * 3),
                  oil=ending(100 - sign * 15), vix=ending(20 - sign * 10, 20.0),
                  vix3m=ending(20.0, 20.0),
                  hyg=ending(100 + sign * 2), lqd=ending(100.0))
    for key in drop:
        inputs.pop(key)
    return inputs


def test_macro_all_up_reads_up_at_eight_ninths() -> None:
    r = macro_lens(**macro(1))
    assert (r.direction, r.inputs_missing) == ("up", ())
    assert r.confidence == pytest.approx(8 / 9)  # 7 of 7 agree, Laplace
    assert len(r.reasons) == 7 and "10-year yield 3.50%, -50 bp in a month" in r.reasons


def test_macro_all_down_reads_down() -> None:
    r = macro_lens(**macro(-1))
    # VIX 30 vs VIX3M 20 is backwardation: down too
    assert r.direction == "down" and r.confidence == pytest.approx(8 / 9)
    assert "VIX/VIX3M 1.50 (backwardation)" in r.reasons


def test_missing_inputs_are_named_and_lower_the_count() -> None:
    r = macro_lens(tnx=ending(3.5, 4.0))
    assert r.inputs_used == ("rates",)
    assert r.inputs_missing == ("dollar (DX-Y.NYB)", "oil (CL=F)", "VIX level (^VIX)",
                                "VIX change (^VIX)", "VIX term structure (^VIX3M)", "credit (HYG/LQD)")
    assert (r.direction, r.confidence) == ("up", pytest.approx(2 / 3))


def test_a_lens_with_nothing_to_read_is_flat_and_says_so() -> None:
    r = contrarian_lens()
    assert (r.direction, r.confidence, r.inputs_used) == ("flat", 0.5, ())
    assert len(r.inputs_missing) == 3


def test_too_short_a_series_is_missing_not_read() -> None:
    r = macro_lens(tnx=ser([4.0] * 21))  # a month's change needs 22 closes
    assert r.inputs_used == () and "rates (^TNX)" in r.inputs_missing


def test_a_split_macro_lens_is_flat_with_the_larger_sides_agreement() -> None:
    r = macro_lens(tnx=ending(3.5, 4.0), dollar=ending(103.0))  # rates up, dollar down
    assert r.direction == "flat" and r.confidence == pytest.approx(2 / 4)


@pytest.mark.parametrize(("last", "vote", "words"), [
    (4.25, 0, "+25 bp"), (4.2501, 0, "+25 bp"), (4.2551, -1, "+26 bp"), (3.75, 0, "-25 bp"),
    (3.7499, 0, "-25 bp"), (3.7449, 1, "-26 bp")])
def test_rates_threshold_votes_only_when_passed(last: float, vote: int, words: str) -> None:
    """Past 25 bp as printed: +25.01 bp reads "+25 bp", at the bar, no vote."""
    r = macro_lens(tnx=ending(last, 4.0))
    assert r.signals[0].vote == vote
    assert r.signals[0].reading == f"10-year yield {last:.2f}%, {words} in a month"


def test_the_yield_moves_in_basis_points_as_the_recap_says_them() -> None:
    """The sample issue (2026-11-22, Three Minds on): the recap's "10Y yield 2.87% (-7 bp)" and,
    in 🧩 Three Minds, "10-year yield 2.87%, +0.44 points in a month": one yield, two units in
    one issue. The lens now says "+44 bp in a month"."""
    r = macro_lens(tnx=ending(2.87, 2.43))
    assert "10-year yield 2.87%, +44 bp in a month" in r.reasons


def universe(above: int, n: int = 10) -> pd.DataFrame:
    """``n`` names flat at 100 for 259 sessions; ``above`` of them end at 110, the rest at 90."""
    cols = {f"T{i}": [100.0] * 259 + [110.0 if i < above else 90.0] for i in range(n)}
    return pd.DataFrame(cols, index=sessions(260))


def test_flow_all_up_and_all_down() -> None:
    up = flow_lens(universe(8), iwm=ending(104.0), spy=ending(100.0), offense=ending(103.0),
                   defense=ending(100.0), gamma=gamma("positive"))
    assert (up.direction, up.confidence, up.inputs_missing) == ("up", pytest.approx(5 / 6), ())
    assert "80% of 10 names above their 200-day" in up.reasons
    down = flow_lens(universe(2), iwm=ending(96.0), spy=ending(100.0), offense=ending(97.0),
                     defense=ending(100.0), gamma=gamma("negative"))
    assert (down.direction, down.confidence) == ("down", pytest.approx(5 / 6))
    assert "negative gamma: moves tend to extend" in down.reasons


def test_flow_without_a_chain_names_the_gamma_missing() -> None:
    r = flow_lens(universe(8), iwm=ending(104.0), spy=ending(100.0))
    assert r.inputs_missing == ("sector rotation (offense/defense)", "dealer gamma (option chain)")
    assert (r.direction, r.confidence) == ("up", pytest.approx(3 / 4))


@pytest.mark.parametrize(("above", "vote"), [(6, 0), (7, 1), (4, 0), (3, -1)])
def test_breadth_threshold(above: int, vote: int) -> None:
    """60% of 10 names is not over 60; 40% is not under 40."""
    assert flow_lens(universe(above)).signals[0].vote == vote


def test_breadth_needs_five_names() -> None:
    assert flow_lens(universe(4, n=4)).inputs_missing[0] == "breadth (the breadth universe)"


def vix_range(last: float) -> pd.Series:
    return ser([10.0, 30.0] * 130 + [last])


def test_contrarian_stretched_and_complacent_reads_down() -> None:
    r = contrarian_lens(ending(130.0), vix_range(10.5), label="the S&P 500")
    assert [s.vote for s in r.signals] == [-1, -1, -1]
    assert (r.direction, r.confidence) == ("down", pytest.approx(4 / 5))
    assert r.reasons[0] == "the S&P 500 RSI(14) 100.0"


def test_contrarian_washed_out_and_fearful_reads_up() -> None:
    r = contrarian_lens(ending(70.0), vix_range(29.5))
    assert [s.vote for s in r.signals] == [1, 1, 1] and r.direction == "up"


@pytest.mark.parametrize(("last", "vote"), [(12.0, 0), (11.999, 0), (11.85, -1), (28.0, 0), (28.001, 0),
                                            (28.15, 1)])
def test_vix_range_threshold(last: float, vote: int) -> None:
    """Range 10-30: 12 is exactly its 10th percent, 28 its 90th; as printed (whole percents),
    11.999 reads "10%" and 28.001 "90%": at the bar, no vote."""
    r = contrarian_lens(vix=vix_range(last))
    assert r.signals[0].vote == vote


def test_stretch_needs_a_year_of_distances() -> None:
    r = contrarian_lens(ending(130.0, n=200 + 251))
    assert "stretch from the 200-day (index)" in r.inputs_missing
    assert "stretch from the 200-day (index)" not in contrarian_lens(ending(130.0, n=452)).inputs_missing


def test_stretch_percentile_matches_a_plain_loop() -> None:
    rng = np.random.default_rng(3)
    index = ser(100 * np.exp(np.cumsum(rng.normal(0, 0.01, N))))
    r = contrarian_lens(index)
    stretch = next(s for s in r.signals if s.name == "stretch")
    closes = list(index)
    distances = [closes[i] / np.mean(closes[i - 199:i + 1]) - 1 for i in range(199, len(closes))]
    rank = sum(d < distances[-1] for d in distances) / len(distances) * 100
    assert f"percentile {rank:.1f} of {len(distances)} sessions" in stretch.reading


# The sample's 2026-06-21 issue: "dollar index -0.0% in a month" in 🧩 Three Minds. A move that
# prints as zero has no sign, wherever a lens or the Regime Read writes one.

def test_a_move_that_prints_as_zero_has_no_sign() -> None:
    r = macro_lens(tnx=ending(3.996, 4.0), dollar=ending(99.96), oil=ending(100.04),
                   vix=ending(20.004, 20.0))
    assert "10-year yield 4.00%, 0 bp in a month" in r.reasons
    assert "dollar index 0.0% in a month" in r.reasons
    assert "crude 0.0% in a month" in r.reasons
    assert "VIX 0.0% in a week" in r.reasons
    assert not [x for x in r.reasons if "-0.0" in x or "+0.0" in x or "-0%" in x], r.reasons
    f = flow_lens(universe(8), iwm=ending(99.96), spy=ending(100.0))
    assert "IWM vs SPY 0.0 points over a month" in f.reasons, f.reasons
    near = macro_lens(dollar=ending(99.94))  # -0.06% prints as -0.1%: it keeps its sign
    assert "dollar index -0.1% in a month" in near.reasons


# The replay's 2016-01-24 issue: the recap's scoreboard had the VIX -17.3% on the week (Friday
# Jan 15 to Friday Jan 22, Monday a holiday) and Three Minds read "VIX -7% in a week": five
# sessions back is Thursday Jan 14. The lens reads the issue's week, as the recap does.

def _holiday_week_vix(fri_before: float, last: float) -> pd.Series:
    days = [d for d in pd.bdate_range("2015-01-02", "2016-01-22") if d != pd.Timestamp("2016-01-18")]
    values = [20.0] * len(days)
    values[-6], values[-5], values[-1] = 23.95, fri_before, last  # Thu Jan 14, Fri Jan 15, Fri Jan 22
    return pd.Series(values, index=pd.DatetimeIndex(days), dtype=float)


@pytest.mark.parametrize(("fri_before", "last", "words", "vote"), [
    (27.02, 22.34, "VIX -17.3% in a week", 0),     # the real week: -17.3%, under the 20% bar
    # a reading votes as it prints (one decimal, as the recap prints the VIX's week): -20.03% read
    # "VIX -20% in a week (up)" beside an exact -20% "VIX -20% in a week (neither)"
    (30.00, 23.99, "VIX -20.0% in a week", 0),     # -20.03%: prints -20.0%, not more than 20
    (30.00, 23.98, "VIX -20.1% in a week", 1),     # -20.07%: prints -20.1%, votes up
    (30.00, 24.00, "VIX -20.0% in a week", 0),     # exactly -20%: not more than 20%
    (20.00, 24.01, "VIX +20.1% in a week", -1)])   # +20.05%: prints +20.1%, votes down
def test_the_vix_change_is_on_the_issues_week(fri_before: float, last: float, words: str,
                                              vote: int) -> None:
    from newsletter.analysis.periods import weekly_moves

    vix = _holiday_week_vix(fri_before, last)
    assert weekly_moves(vix).iloc[-1] == pytest.approx((last / fri_before - 1) * 100)
    read = macro_lens(vix=vix)
    (signal,) = [s for s in read.signals if s.name == "VIX change"]
    assert signal.reading == words and signal.vote == vote


# The same printed reading voted two ways: "VIX -20% in a week" was (up) at -20.03% and (neither)
# at -20.00%; "RSI(14) 30" was (up) at 29.6 and (neither) at 30.4. Every lens reading votes on the
# figure the reader sees, printed to one decimal (as the Technical Setup prints the RSI).

@pytest.mark.parametrize(("spread", "words", "vote"), [
    (2.04, "IWM vs SPY +2.0 points over a month", 0),   # prints 2.0: not more than 2
    (2.06, "IWM vs SPY +2.1 points over a month", 1),
    (-2.04, "IWM vs SPY -2.0 points over a month", 0),
    (-2.06, "IWM vs SPY -2.1 points over a month", -1)])
def test_the_size_reading_votes_as_printed(spread: float, words: str, vote: int) -> None:
    f = flow_lens(iwm=ending(100.0 + spread), spy=ending(100.0))
    (signal,) = [s for s in f.signals if s.name == "size"]
    assert signal.reading == words and signal.vote == vote, signal


@pytest.mark.parametrize(("target", "words", "vote"), [
    (29.94, "RSI(14) 29.9", 1), (29.96, "RSI(14) 30.0", 0), (30.04, "RSI(14) 30.0", 0),
    (70.04, "RSI(14) 70.0", 0), (70.06, "RSI(14) 70.1", -1)])
def test_the_rsi_reading_votes_as_printed(target: float, words: str, vote: int) -> None:
    from newsletter.analysis import lenses

    signal = lenses._rsi(_series_with_rsi(target), "$SPY")
    assert signal is not None and signal.reading.endswith(words) and signal.vote == vote, signal


def _series_with_rsi(target: float) -> pd.Series:
    """Closes moving +1, -1 in turn for a year, then a last close set (by bisection) so that the
    14-day RSI reads ``target`` to within 1e-6."""
    from newsletter.analysis.indicators import rsi

    base = [100.0 + (k % 2) for k in range(N - 1)]
    index = sessions(N)
    lo, hi = base[-1] - 20.0, base[-1] + 20.0
    for _ in range(200):
        mid = (lo + hi) / 2
        s = pd.Series([*base, mid], index=index, dtype=float)
        if float(rsi(s).iloc[-1]) < target:
            lo = mid
        else:
            hi = mid
    assert abs(float(rsi(s).iloc[-1]) - target) < 1e-6
    return s


@pytest.mark.parametrize(("last", "words", "vote"), [
    (102.04, "dollar index +2.0% in a month", 0),   # prints 2.0: not more than 2
    (102.06, "dollar index +2.1% in a month", -1),
    (97.96, "dollar index -2.0% in a month", 0),
    (97.94, "dollar index -2.1% in a month", 1)])
def test_the_dollar_reading_votes_as_printed(last: float, words: str, vote: int) -> None:
    (signal,) = [s for s in macro_lens(dollar=ending(last)).signals if s.name == "dollar"]
    assert signal.reading == words and signal.vote == vote, signal


@pytest.mark.parametrize(("vix", "words", "vote"), [
    (20.08, "VIX/VIX3M 1.00", 0),     # 1.004 prints 1.00: not over 1.00
    (20.12, "VIX/VIX3M 1.01", -1),    # 1.006
    (18.10, "VIX/VIX3M 0.91", 0),     # 0.905 prints 0.91 (over 0.90): not steep
    (17.99, "VIX/VIX3M 0.90", 0),     # 0.8995 prints 0.90: not under 0.90
    (17.98, "VIX/VIX3M 0.90", 0),     # 0.899 prints 0.90
    (17.80, "VIX/VIX3M 0.89", 1)])
def test_the_term_structure_votes_as_printed(vix: float, words: str, vote: int) -> None:
    read = macro_lens(vix=ending(vix, 20.0), vix3m=ending(20.0, 20.0))
    (signal,) = [s for s in read.signals if s.name == "VIX term structure"]
    assert signal.reading.startswith(words) and signal.vote == vote, signal


@pytest.mark.parametrize(("vix", "reading"), [
    (20.08, "VIX/VIX3M 1.00 (flat)"),            # 1.004: printed 1.00, neither shape
    (19.92, "VIX/VIX3M 1.00 (flat)"),            # 0.996
    (20.0, "VIX/VIX3M 1.00 (flat)"),
    (20.12, "VIX/VIX3M 1.01 (backwardation)"),   # 1.006
    (19.88, "VIX/VIX3M 0.99 (contango)")])       # 0.994
def test_the_term_structure_word_follows_the_printed_ratio(vix: float, reading: str) -> None:
    """Before: 'VIX/VIX3M 1.00 (backwardation)' at 1.004, a shape the printed ratio does not show."""
    read = macro_lens(vix=ending(vix, 20.0), vix3m=ending(20.0, 20.0))
    (signal,) = [s for s in read.signals if s.name == "VIX term structure"]
    assert signal.reading == reading, signal


@pytest.mark.parametrize(("vix", "words", "vote"), [
    (16.96, "VIX 17.0 against a 1-year median of 20.0", 0),   # 0.848 raw; 17.0 / 20.0 = 0.85 printed
    (17.0, "VIX 17.0 against a 1-year median of 20.0", 0),
    (16.94, "VIX 16.9 against a 1-year median of 20.0", 1),
    (24.04, "VIX 24.0 against a 1-year median of 20.0", 0),   # 1.202 raw; 1.2 printed
    (24.06, "VIX 24.1 against a 1-year median of 20.0", -1)])
def test_the_vix_level_votes_on_the_figures_it_prints(vix: float, words: str, vote: int) -> None:
    """Before: 'VIX 17.0 against a 1-year median of 20.0' voted up at 16.96 and not at 17.0."""
    (signal,) = [s for s in macro_lens(vix=ending(vix, 20.0)).signals if s.name == "VIX level"]
    assert (signal.reading, signal.vote) == (words, vote), signal


@pytest.mark.parametrize(("iwm", "spy", "words"), [
    (109.04, 108.86, "IWM vs SPY +0.1 points over a month"),   # +9.0% vs +8.9% as the rotation prints
    (101.04, 98.96, "IWM vs SPY +2.0 points over a month"),    # +1.0% vs -1.0%
    (101.06, 98.94, "IWM vs SPY +2.2 points over a month")])   # +1.1% vs -1.1%
def test_a_spread_reading_is_the_difference_of_the_printed_returns(iwm: float, spy: float,
                                                                  words: str) -> None:
    """Before: '+0.2 points' beside the Rotation Play's '1 month: $IWM +9.0% vs $SPY +8.9%'."""
    (signal,) = [s for s in flow_lens(iwm=ending(iwm), spy=ending(spy)).signals if s.name == "size"]
    assert signal.reading == words, signal


@pytest.mark.parametrize(("above", "words", "vote"), [
    (18, "60% of 30 names above their 200-day", 0),   # the 60% bar: not over it
    (19, "63% of 30 names above their 200-day", 1),
    (12, "40% of 30 names above their 200-day", 0),   # the 40% bar: not under it
    (11, "37% of 30 names above their 200-day", -1)])
def test_the_breadth_reading_votes_past_its_bars_as_printed(above: int, words: str, vote: int) -> None:
    up, down = np.linspace(100.0, 130.0, N), np.linspace(100.0, 70.0, N)
    names = pd.DataFrame({f"M{i:02d}": up if i < above else down for i in range(30)},
                         index=sessions(N))
    (signal,) = [s for s in flow_lens(universe=names).signals if s.name == "breadth"]
    assert (signal.reading, signal.vote) == (words, vote), signal


# The stretch reading (the index's distance from its 200-day, as a percentile of its own
# history) decides a Three Minds vote; its bars (over the 95th percentile votes down, under the
# 5th up) are read on the percentile as printed, one decimal. With 2,500 distances a rank moves
# 0.04 a step: 95.04 prints 95.0 and is not over the bar, 95.08 prints 95.1 and is.

STRETCH_N = 2500


@pytest.mark.parametrize(("below", "words", "vote"), [
    (2375, "percentile 95.0 of 2500", 0),   # exactly at the bar
    (2376, "percentile 95.0 of 2500", 0),   # 95.04: prints 95.0
    (2377, "percentile 95.1 of 2500", -1),  # 95.08: over the bar as printed
    (2374, "percentile 95.0 of 2500", 0),   # 94.96: prints 95.0
    (125, "percentile 5.0 of 2500", 0),     # exactly at the low bar
    (124, "percentile 5.0 of 2500", 0),     # 4.96: prints 5.0
    (123, "percentile 4.9 of 2500", 1),     # 4.92: under the bar as printed
])
def test_the_stretch_reading_votes_at_its_bars_as_printed(below: int, words: str, vote: int) -> None:
    from newsletter.analysis import lenses

    signal = lenses._stretch(_series_with_stretch_rank(below), "$SPY")
    assert signal is not None and signal.reading.endswith(words + " sessions") \
        and signal.vote == vote, signal


def _series_with_stretch_rank(below: int) -> pd.Series:
    """A random walk whose last close is set so that exactly ``below`` of the earlier distances
    from the 200-day lie under the last one (of ``STRETCH_N`` distances in all)."""
    rng = np.random.default_rng(11)
    base = 100 * np.exp(np.cumsum(rng.normal(0.0002, 0.012, STRETCH_N + 199 - 1)))
    earlier = np.sort(base[199:] / pd.Series(base).rolling(200).mean().to_numpy()[199:] - 1.0)
    goal = (earlier[below - 1] + earlier[below]) / 2  # between the below-th and the next
    tail = base[-199:].sum()
    last = (goal + 1.0) * tail / (200.0 - (goal + 1.0))  # c / ((tail + c) / 200) - 1 = goal
    return ser([*base, last])
