"""The data validation stage on small frames: every finding kind, at its boundaries."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from newsletter.checks import stale_reason, stale_since, stale_tickers
from newsletter.config import Config, ValidationConfig
from newsletter.data.base import normalise_bars
from newsletter.model import Snapshot
from newsletter.sessions import sessions_between
from newsletter.validate import stale_findings, validate_bars, validate_snapshot

START = dt.date(2021, 1, 4)
SETTINGS = ValidationConfig()


def sessions(count: int, start: dt.date = START) -> list[dt.date]:
    days = sessions_between(start, start + dt.timedelta(days=count * 2 + 30))
    assert len(days) >= count
    return days[:count]


def frame(closes, days=None, spread: float = 0.01) -> pd.DataFrame:
    close = np.asarray(closes, dtype=float)
    days = days if days is not None else sessions(len(close))
    return pd.DataFrame({"Open": close, "High": close * (1 + spread), "Low": close * (1 - spread),
                         "Close": close, "Adj Close": close, "Volume": 1e6},
                        index=pd.DatetimeIndex(pd.to_datetime(days), name="Date"))


def calm(count: int = 300, step: float = 0.01, start: float = 100.0) -> np.ndarray:
    """Closes whose daily log moves alternate +step, -step: their σ is exactly ``step``."""
    moves = np.where(np.arange(count - 1) % 2 == 0, step, -step)
    return start * np.exp(np.r_[0.0, np.cumsum(moves)])


def only(result, ticker: str = "X", kind: str | None = None):
    found = [f for f in result.findings if f.ticker == ticker and (kind is None or f.kind == kind)]
    assert len(found) == 1, [f.line() for f in result.findings]
    return found[0]


def test_clean_bars_pass_untouched() -> None:
    bars = {"X": frame(calm(300)), "^VIX": frame(calm(300, 0.05, 20.0))}
    result = validate_bars(bars)
    assert result.findings == () and result.excluded == {}
    for ticker, f in bars.items():
        pd.testing.assert_frame_equal(result.bars[ticker], f)


# duplicates


def test_identical_duplicate_is_corrected_with_a_note() -> None:
    f = frame(calm(40))
    doubled = normalise_bars(pd.concat([f, f.iloc[[10]]]))
    result = validate_bars({"X": doubled})
    finding = only(result, kind="duplicate")
    assert finding.action == "corrected" and not finding.holds
    assert finding.dates == (f.index[10].date(),)
    pd.testing.assert_frame_equal(result.bars["X"], f)


def test_disagreeing_duplicates_are_both_left_out_and_said() -> None:
    f = frame(calm(40))
    last = f.iloc[[-1]].copy()
    last["Close"] = 500.0
    result = validate_bars({"X": normalise_bars(pd.concat([f, last]))})
    finding = only(result, kind="duplicate")
    assert finding.action == "dropped" and finding.holds
    assert f"Close {f['Close'].iloc[-1]:.6g} / 500" in finding.message
    assert result.bars["X"].index[-1] == f.index[-2]
    assert result.bars["X"].index.is_unique


def test_the_loader_keeps_both_duplicates_in_the_order_delivered() -> None:
    f = frame([10.0, 11.0, 12.0])
    second = f.iloc[[1]].assign(Close=99.0)
    out = normalise_bars(pd.concat([f.iloc[[2]], second, f.iloc[[0, 1]]]))
    assert list(out["Close"]) == [10.0, 99.0, 11.0, 12.0], "stable: 99 came before 11"
    empty_row = f.iloc[[0]].copy()
    empty_row[["Open", "High", "Low", "Close", "Adj Close"]] = np.nan
    partial = f.iloc[[1]].assign(Close=np.nan)
    out = normalise_bars(pd.concat([empty_row.set_axis([pd.Timestamp("2020-12-31")]), partial]))
    assert len(out) == 1 and math.isnan(out["Close"].iloc[0]), "a row with some prices is kept"


# prices


@pytest.mark.parametrize(("value", "kind"), [(np.nan, "non_finite"), (np.inf, "non_finite"),
                                             (-np.inf, "non_finite"), (0.0, "non_positive"),
                                             (-5.0, "non_positive"), (1e308, "magnitude"),
                                             (1e-9, "magnitude")])
def test_an_impossible_close_drops_the_bar(value: float, kind: str) -> None:
    f = frame(calm(40))
    f.iloc[20, f.columns.get_loc("Close")] = value
    result = validate_bars({"X": f})
    finding = only(result, kind=kind)
    assert finding.action == "dropped" and finding.dates == (f.index[20].date(),)
    assert f.index[20] not in result.bars["X"].index and len(result.bars["X"]) == 39


def test_price_magnitude_boundaries() -> None:
    s = ValidationConfig(max_price=1000.0, min_price=1.0)
    at = frame([1000.0, 1.0] * 3, spread=0.0)
    assert validate_bars({"X": at}, s).findings == ()
    over = frame([1000.0 * (1 + 1e-12), 1.0], spread=0.0)
    assert only(validate_bars({"X": over}, s), kind="magnitude").dates == (over.index[0].date(),)
    under = frame([10.0, 1.0 * (1 - 1e-12)], spread=0.0)
    assert only(validate_bars({"X": under}, s), kind="magnitude").dates == (under.index[1].date(),)


def test_a_nan_high_drops_the_bar_too() -> None:
    f = frame(calm(30))
    f.iloc[5, f.columns.get_loc("High")] = np.nan
    assert "High nan" in only(validate_bars({"X": f}), kind="non_finite").message


def test_signed_tickers_may_go_negative() -> None:
    f = frame([20.0, 10.0, -37.63, 10.0], spread=0.0)
    f["High"], f["Low"] = f["Close"] + 1, f["Close"] - 1
    assert validate_bars({"CL=F": f}).findings == ()
    assert only(validate_bars({"X": f}), kind="non_positive").dates == (f.index[2].date(),)


# OHLC


@pytest.mark.parametrize(("column", "factor", "words"), [("Close", 1.02, "above the High"),
                                                         ("Close", 0.97, "below the Low"),
                                                         ("Open", 1.05, "above the High"),
                                                         ("Open", 0.9, "below the Low")])
def test_open_or_close_outside_the_range(column: str, factor: float, words: str) -> None:
    f = frame(calm(30))
    f.iloc[7, f.columns.get_loc(column)] *= factor
    finding = only(validate_bars({"X": f}), kind="ohlc")
    assert f"{column} " in finding.message and words in finding.message
    assert finding.dates == (f.index[7].date(),) and finding.action == "dropped"


def test_high_below_low() -> None:
    f = frame(calm(30))
    f.iloc[3, f.columns.get_loc("High")] = f["Low"].iloc[3] * 0.9
    f.iloc[3, f.columns.get_loc("Close")] = f["Low"].iloc[3]
    f.iloc[3, f.columns.get_loc("Open")] = f["Low"].iloc[3]
    assert "High" in only(validate_bars({"X": f}), kind="ohlc").message


def test_ohlc_tolerance_boundary() -> None:
    s = ValidationConfig(ohlc_tolerance=0.001)
    f = frame([100.0] * 5, spread=0.0)
    at = f.copy()
    at.iloc[2, at.columns.get_loc("Close")] = 100.1 * (1 - 1e-12)
    assert validate_bars({"X": at}, s).findings == ()
    over = f.copy()
    over.iloc[2, over.columns.get_loc("Close")] = 100.1 * (1 + 1e-9)
    assert only(validate_bars({"X": over}, s), kind="ohlc").dates == (f.index[2].date(),)


# gaps against the NYSE calendar


def test_one_missing_session_is_noted_and_does_not_hold() -> None:
    f = frame(calm(120))
    result = validate_bars({"X": f.drop(f.index[50])})
    finding = only(result, kind="gap")
    assert finding.action == "noted" and not finding.holds
    assert "1 of 120 NYSE sessions missing" in finding.message and finding.dates == (f.index[50].date(),)


def test_gap_run_boundary_and_a_missing_month() -> None:
    f = frame(calm(300))
    s = ValidationConfig(max_gap_sessions=3, max_missing_pct=50)
    at = validate_bars({"X": f.drop(f.index[100:103])}, s)
    assert only(at, kind="gap").action == "noted"
    over = validate_bars({"X": f.drop(f.index[100:104])}, s)
    finding = only(over, kind="gap")
    assert finding.action == "cut" and len(finding.dates) == 4
    assert over.bars["X"].index[0] == f.index[104]
    month = sessions_between(dt.date(2021, 6, 1), dt.date(2021, 6, 30))
    cut = validate_bars({"X": f.drop(pd.DatetimeIndex(month))})
    finding = only(cut, kind="gap")
    assert f"{len(month)} NYSE sessions missing from 2021-06-01 to 2021-06-30" in finding.message
    assert cut.bars["X"].index[0] == pd.Timestamp("2021-07-01")


def test_missing_share_boundary_leaves_the_ticker_out() -> None:
    f = frame(calm(201))
    s = ValidationConfig(max_missing_pct=2.0)
    four = f.drop(f.index[[20, 60, 100, 140]])  # 4 of 201 expected: 1.99%
    assert only(validate_bars({"X": four}, s), kind="gap").action == "noted"
    five = f.drop(f.index[[20, 60, 100, 140, 180]])  # 5 of 201: 2.49%
    result = validate_bars({"X": five}, s)
    assert only(result, kind="gap").action == "excluded"
    assert "X" not in result.bars and result.excluded["X"] == "too many NYSE sessions missing from its bars"
    assert "2.5%" in only(result, kind="gap").message


# jumps


@pytest.mark.parametrize(("factor", "flagged"), [(1 - 1e-6, False), (1.0, False), (1 + 1e-6, True)])
def test_a_jump_at_just_under_and_just_over_the_sigma_threshold(factor: float, flagged: bool) -> None:
    s = ValidationConfig(jump_sigma=10.0, jump_window=250)
    closes = calm(300)  # σ of the 250 moves before the last is exactly 1%
    closes[-1] = closes[-2] * math.exp(10.0 * 0.01 * factor)
    result = validate_bars({"X": frame(closes)}, s)
    if flagged:
        finding = only(result, kind="jump")
        assert finding.action == "flagged" and finding.holds
        assert "10.0σ of σ 1.00%" in finding.message and "suspect, kept" in finding.message
        assert len(result.bars["X"]) == 300
    else:
        assert result.findings == ()


def test_a_downward_jump_counts_the_same() -> None:
    closes = calm(300)
    closes[-1] = closes[-2] * math.exp(-0.2)
    assert only(validate_bars({"X": frame(closes)}, ValidationConfig(jump_sigma=15)), kind="jump")


def test_a_bar_that_jumps_and_comes_back_is_left_out() -> None:
    closes = calm(300)
    closes[150] *= 10
    f = frame(closes)
    result = validate_bars({"X": f})
    finding = only(result, kind="jump")
    assert finding.action == "dropped" and finding.dates == (f.index[150].date(),)
    assert len(result.bars["X"]) == 299


@pytest.mark.parametrize("ratio", [10.0, 0.1, 2.0, 0.5, 3.0])
def test_a_split_ratio_on_the_last_bar_drops_it(ratio: float) -> None:
    closes = calm(300)
    closes[-1] = closes[-2] * ratio
    f = frame(closes)
    result = validate_bars({"X": f})
    finding = only(result, kind="split")
    assert finding.action == "dropped" and f"{ratio:.2f}×" in finding.message
    assert result.bars["X"].index[-1] == f.index[-2]


def test_an_unadjusted_split_in_the_history_cuts_it_there() -> None:
    closes = calm(300)
    closes[:200] *= 2  # the bars before 200 were never adjusted for a 2:1 split
    f = frame(closes)
    result = validate_bars({"X": f})
    finding = only(result, kind="split")
    assert finding.action == "cut" and finding.dates == (f.index[200].date(),)
    assert result.bars["X"].index[0] == f.index[200]


def test_indices_never_split_and_split_sigma_boundary() -> None:
    closes = calm(300, step=0.1)  # σ 10%: a doubling is 6.9σ
    closes[-1] = closes[-2] * 2
    assert validate_bars({"^VIX": frame(closes)}).findings == ()
    assert only(validate_bars({"X": frame(closes)}), kind="split")
    assert validate_bars({"X": frame(closes)}, ValidationConfig(split_sigma=7.0)).findings == ()


def test_too_short_a_history_is_not_judged_for_jumps() -> None:
    closes = calm(15)
    closes[-1] *= 5
    assert validate_bars({"X": frame(closes)}).findings == ()


# staleness: one definition, per ticker


def test_stale_by_exactly_one_session_against_fresh() -> None:
    asof = dt.date(2022, 11, 18)
    fresh = frame(calm(60), days=sessions_between(dt.date(2022, 8, 1), asof)[-60:])
    late = fresh.iloc[:-1]
    found = stale_findings({"A": fresh, "B": late}, asof)
    assert [f.ticker for f in found] == ["B"]
    assert found[0].dates == (dt.date(2022, 11, 17),) and found[0].action == "excluded"
    assert "stale: last bar 2022-11-17, 1 session before the as-of session 2022-11-18" in found[0].message
    assert stale_tickers({"A": asof, "B": dt.date(2022, 11, 17)}, asof) == {"B": dt.date(2022, 11, 17)}


def test_a_holiday_is_not_a_missing_session() -> None:
    asof = dt.date(2022, 11, 25)  # the Friday after Thanksgiving
    f = frame(calm(30), days=sessions_between(dt.date(2022, 10, 1), dt.date(2022, 11, 23))[-30:])
    [finding] = stale_findings({"X": f}, asof)
    assert "1 session before" in finding.message


def test_bars_after_the_asof_do_not_make_a_ticker_fresh() -> None:
    days = sessions_between(dt.date(2022, 10, 3), dt.date(2022, 11, 18))
    f = frame(calm(len(days)), days=days).drop(pd.Timestamp("2022-11-10"))
    [finding] = stale_findings({"X": f}, dt.date(2022, 11, 10))
    assert finding.dates == (dt.date(2022, 11, 9),)


def _snapshot(bars, asof=dt.date(2022, 11, 18)) -> Snapshot:
    return Snapshot(source="csv:x", asof=asof, bars=bars,
                    options={t: pd.DataFrame() for t in bars}, earnings={t: (asof,) for t in bars})


def test_the_snapshot_sections_see_leaves_stale_and_bad_tickers_out() -> None:
    days = sessions_between(dt.date(2021, 11, 1), dt.date(2022, 11, 18))
    good = frame(calm(len(days)), days=days)
    raw = _snapshot({"SPY": good, "IWM": good.iloc[:-5], "XLK": good.iloc[:-1], "XLE": good.iloc[::2]})
    clean, validation = validate_snapshot(raw, Config())
    assert list(clean.bars) == ["SPY"]
    assert set(clean.options) == {"SPY"} and set(clean.earnings) == {"SPY"}
    assert stale_since(clean.failed["IWM"]) == dt.date(2022, 11, 11)
    assert stale_since(clean.failed["XLK"]) == dt.date(2022, 11, 17)
    assert clean.failed["XLE"] == "left out: too many NYSE sessions missing from its bars"
    held = validation.holding()
    assert [(f.ticker, f.kind) for f in held] == [("IWM", "stale")], "IWM is an index; XLK, XLE are not"
    warnings = validation.warnings()
    assert warnings[0] == "stale data: IWM last bar 2022-11-11"
    assert any(w.startswith("data: XLK: stale: last bar 2022-11-17") for w in warnings)
    assert validation.raw is raw
    assert {"ticker": "IWM", "kind": "stale", "action": "excluded", "dates": ["2022-11-11"],
            "key": True} == {k: v for k, v in validation.as_json()[0].items() if k != "message"}


def test_key_tickers_come_from_the_config() -> None:
    assert Config().key_tickers() == ("SPY", "QQQ", "IWM", "DIA", "^VIX")
    config = Config.model_validate({"data": {"validation": {"key_tickers": ["spy"]}}})
    assert config.key_tickers() == ("SPY",)


def test_publish_staleness_reads_the_key_tickers_left_out() -> None:
    days = sessions_between(dt.date(2021, 11, 1), dt.date(2022, 11, 18))
    good = frame(calm(len(days)), days=days)
    clean, _ = validate_snapshot(_snapshot({"SPY": good.iloc[:-5], "QQQ": good}), Config())
    assert "SPY" not in clean.bars
    sunday, evening = dt.date(2022, 11, 20), dt.datetime(2022, 11, 20, 20, 0)
    assert stale_reason(clean, sunday, evening) == \
        "the last bar is 2022-11-11, the last completed session is 2022-11-18"
    assert stale_reason(clean, sunday, evening, keys=("QQQ",)) is None
    assert stale_reason(clean, sunday, evening, keys=("SPY", "QQQ")) == \
        "the last bars are SPY 2022-11-11; the last completed session is 2022-11-18"


def test_a_whole_history_is_validated_in_one_call() -> None:
    """What a replay does: validate the full history once, then judge freshness per as-of."""
    days = sessions_between(dt.date(2010, 1, 4), dt.date(2022, 11, 18))
    closes = calm(len(days))
    closes[-1000] *= 10
    bars = {f"T{i}": frame(closes, days=days) for i in range(20)}
    result = validate_bars(bars)
    assert len(result.findings) == 20 and all(f.kind == "jump" for f in result.findings)
    assert all(len(f) == len(days) - 1 for f in result.bars.values())
    assert stale_findings(result.bars, dt.date(2015, 6, 5)) == []


def test_the_bar_cache_keeps_a_source_duplicate_for_validation_to_judge(tmp_path) -> None:
    from newsletter.data.base import Fetched
    from newsletter.data.cache import CachedSource

    days = sessions_between(dt.date(2024, 1, 2), dt.date(2024, 3, 28))
    good = frame(calm(len(days)), days=days)

    class Doubling:
        name, sample, calls = "fake", False, 0

        def bars(self, tickers, start, end):
            self.calls += 1
            window = good.loc[pd.Timestamp(start):pd.Timestamp(end)]
            last = window.iloc[[-1]].assign(Close=window["Close"].iloc[-1] * 1.3)
            return Fetched(bars={t: normalise_bars(pd.concat([window, last])) for t in tickers})

    source = CachedSource(Doubling(), tmp_path, today=lambda: dt.date(2024, 6, 1))
    served = source.bars(["X"], days[0], days[-1]).bars["X"]
    assert len(served) == len(days) + 1 and served.index[-1] == served.index[-2]
    again = CachedSource(Doubling(), tmp_path, today=lambda: dt.date(2024, 6, 1))
    assert len(again.bars(["X"], days[0], days[-1]).bars["X"]) == len(days) + 1, "kept on disk too"
    finding = only(validate_bars({"X": served}), kind="duplicate")
    assert finding.action == "dropped" and finding.dates == (days[-1],)


def test_the_check_validates_a_result_that_skipped_the_stage() -> None:
    from types import SimpleNamespace

    from newsletter.checks import _validation

    days = sessions_between(dt.date(2021, 11, 1), dt.date(2022, 11, 18))
    good = frame(calm(len(days)), days=days)
    ws = SimpleNamespace(config=Config())
    held = _validation(SimpleNamespace(snapshot=_snapshot({"SPY": good.iloc[:-1], "QQQ": good})), ws)
    assert not held.ok and held.detail.startswith("SPY: stale: last bar 2022-11-17")
    fine = _validation(SimpleNamespace(snapshot=_snapshot({"SPY": good, "XLK": good.iloc[:-1]})), ws)
    assert fine.ok and fine.detail == "1 finding, none holding a key ticker"


def test_a_recent_bar_without_a_close_is_asked_for_again(tmp_path) -> None:
    """The bar is served (and judged) but the cache does not take the session as answered."""
    from newsletter.data.base import Fetched
    from newsletter.data.cache import CachedSource

    days = sessions_between(dt.date(2024, 1, 2), dt.date(2024, 3, 28))
    good = frame(calm(len(days)), days=days)

    class Late:
        name, sample = "fake", False
        fixed = False

        def __init__(self) -> None:
            self.asked: list[tuple[dt.date, dt.date]] = []

        def bars(self, tickers, start, end):
            self.asked.append((start, end))
            window = good.loc[pd.Timestamp(start):pd.Timestamp(end)].copy()
            if not self.fixed:
                window.iloc[-1, window.columns.get_loc("Close")] = np.nan
            return Fetched(bars={t: normalise_bars(window) for t in tickers})

    source = Late()
    cached = CachedSource(source, tmp_path, today=lambda: dt.date(2024, 3, 29))
    served = cached.bars(["X"], days[0], days[-1]).bars["X"]
    assert math.isnan(served["Close"].iloc[-1])
    assert only(validate_bars({"X": served}), kind="non_finite").dates == (days[-1],)
    source.fixed = True
    served = CachedSource(source, tmp_path, today=lambda: dt.date(2024, 3, 29)).bars(["X"], days[0], days[-1])
    assert served.bars["X"]["Close"].iloc[-1] == good["Close"].iloc[-1]
    assert len(source.asked) == 2 and source.asked[1][0] > days[0], "only the unanswered end, not all again"
    assert len(served.bars["X"]) == len(days)
