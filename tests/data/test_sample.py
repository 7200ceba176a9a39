"""The sample source: a seeded synthetic market that behaves like a real one."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from newsletter.data.base import Source, normalise_bars
from newsletter.data.sample import (
    EPOCH,
    HORIZON,
    PROFILES,
    SampleSource,
    option_expiries,
    profile_for,
    stable_hash,
    strike_step,
)
from newsletter.model import BAR_COLUMNS, OPTION_COLUMNS, OPTION_QUOTE_COLUMNS
from newsletter.sessions import sessions_between

STOCKS = [t for t, p in PROFILES.items() if p.kind == "stock"]
GENERIC = ["ZZZT", "BRK.B", "^SOXQ", "NG=F", "DOGE-USD"]
ASOF = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def market() -> SampleSource:
    return SampleSource(seed=7)


def digest(fetched, tickers) -> str:
    h = hashlib.sha256()
    for t in tickers:
        frame = fetched.bars[t]
        h.update(t.encode())
        h.update(frame.index.asi8.tobytes())
        h.update(frame.to_numpy().tobytes())
    return h.hexdigest()


def daily_gap(frame: pd.DataFrame) -> pd.Series:
    return (frame["Open"] / frame["Close"].shift() - 1).abs()


# --------------------------------------------------------------------------- the interface


def test_is_a_source_labelled_sample():
    source = SampleSource()
    assert isinstance(source, Source)
    assert source.name == "sample" and source.sample is True
    assert source.seed == 7


def test_stable_hash_is_not_pythons_salted_hash():
    assert stable_hash("TSLA") == stable_hash("TSLA") != stable_hash("TSLB")
    assert stable_hash("TSLA") == 0x46B849A20239475C  # BLAKE2b-64: the same in every process


# --------------------------------------------------------------------------- determinism


TICKERS = ["SPY", "^VIX", "^GSPC", "TSLA", "NVDA", "KRE", "^TNX", "BTC-USD", "ZZZT"]


def test_same_seed_same_bytes():
    a = SampleSource(7).bars(TICKERS, dt.date(2018, 1, 1), ASOF)
    b = SampleSource(7).bars(TICKERS, dt.date(2018, 1, 1), ASOF)
    assert digest(a, TICKERS) == digest(b, TICKERS)
    for t in TICKERS:
        pd.testing.assert_frame_equal(a.bars[t], b.bars[t], check_exact=True)


def test_same_bytes_in_another_process_with_another_hash_seed():
    code = (
        "import datetime as dt, hashlib\n"
        "from newsletter.data.sample import SampleSource\n"
        f"t = {TICKERS!r}\n"
        "f = SampleSource(7).bars(t, dt.date(2018, 1, 1), dt.date(2026, 11, 20))\n"
        "h = hashlib.sha256()\n"
        "for k in t:\n"
        "    h.update(k.encode()); h.update(f.bars[k].index.asi8.tobytes())\n"
        "    h.update(f.bars[k].to_numpy().tobytes())\n"
        "print(h.hexdigest())\n"
    )
    here = digest(SampleSource(7).bars(TICKERS, dt.date(2018, 1, 1), ASOF), TICKERS)
    for hash_seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             env=env, check=True, timeout=120)
        assert out.stdout.strip() == here


def test_different_seed_differs():
    a = SampleSource(7).bars(["SPY", "TSLA"], dt.date(2020, 1, 1), ASOF)
    b = SampleSource(8).bars(["SPY", "TSLA"], dt.date(2020, 1, 1), ASOF)
    for t in ("SPY", "TSLA"):
        assert not np.allclose(a.bars[t]["Close"].to_numpy(), b.bars[t]["Close"].to_numpy())


def test_a_bar_does_not_depend_on_the_requested_window():
    a, b, c = dt.date(2021, 3, 1), dt.date(2022, 6, 30), dt.date(2026, 11, 20)
    first = SampleSource(7)
    short = first.bars(["SPY", "HIMS", "^VIX"], a, b)
    second = SampleSource(7)
    second.bars(["HIMS"], dt.date(2016, 1, 1), dt.date(2016, 3, 1))  # warm with another window
    long = second.bars(["SPY", "HIMS", "^VIX"], a, c)
    earlier = SampleSource(7).bars(["SPY", "HIMS", "^VIX"], dt.date(2017, 5, 5), b)
    for t in ("SPY", "HIMS", "^VIX"):
        s = short.bars[t]
        pd.testing.assert_frame_equal(s, long.bars[t].loc[: str(b)], check_exact=True)
        pd.testing.assert_frame_equal(s, earlier.bars[t].loc[str(a):], check_exact=True)


def test_two_issues_a_week_apart_share_their_history():
    source = SampleSource(7)
    one = source.bars(["IWM"], dt.date(2025, 11, 13), dt.date(2026, 11, 13)).bars["IWM"]
    two = SampleSource(7).bars(["IWM"], dt.date(2025, 11, 20), ASOF).bars["IWM"]
    overlap = one.index.intersection(two.index)
    assert len(overlap) > 240
    pd.testing.assert_frame_equal(one.loc[overlap], two.loc[overlap], check_exact=True)


def test_adding_tickers_changes_no_other_ticker():
    alone = SampleSource(7).bars(["TSLA"], dt.date(2019, 1, 1), ASOF).bars["TSLA"]
    crowd = SampleSource(7)
    crowd.bars(["NEWCO", "^GSPC"], dt.date(2019, 1, 1), ASOF)  # asked first, in another order
    many = crowd.bars(["QQQ", "NEWCO", "TSLA", "SPY", "ZZ9"], dt.date(2019, 1, 1), ASOF)
    pd.testing.assert_frame_equal(alone, many.bars["TSLA"], check_exact=True)


def test_returned_frames_are_copies(market):
    got = market.bars(["SPY"], dt.date(2024, 1, 1), dt.date(2024, 2, 1)).bars["SPY"]
    got.iloc[:, :] = -1.0
    again = market.bars(["SPY"], dt.date(2024, 1, 1), dt.date(2024, 2, 1)).bars["SPY"]
    assert (again["Close"] > 0).all()


# --------------------------------------------------------------------------- the bars


@pytest.mark.parametrize("ticker", list(PROFILES) + GENERIC)
def test_frame_contract_and_consistent_ohlc(market, ticker):
    frame = market.bars([ticker], EPOCH, HORIZON).bars[ticker]
    assert tuple(frame.columns) == BAR_COLUMNS
    assert (frame.dtypes == np.float64).all()
    assert frame.index.name == "Date"
    assert frame.index.is_monotonic_increasing and frame.index.is_unique
    assert not frame.isna().any().any()
    o, h, lo, c = (frame[k] for k in ("Open", "High", "Low", "Close"))
    assert (lo <= o).all() and (lo <= c).all()
    assert (h >= o).all() and (h >= c).all()
    assert (lo > 0).all()
    assert (frame["Adj Close"] == c).all()
    assert (frame["Volume"] >= 0).all()
    assert (frame["Volume"] == frame["Volume"].round()).all()
    pd.testing.assert_frame_equal(normalise_bars(frame), frame, check_freq=False)


def test_bars_only_on_nyse_sessions(market):
    start, end = dt.date(2022, 1, 1), dt.date(2022, 12, 31)
    frame = market.bars(["SPY"], start, end).bars["SPY"]
    assert [d.date() for d in frame.index] == sessions_between(start, end)
    assert pd.Timestamp("2022-11-24") not in frame.index  # Thanksgiving
    assert pd.Timestamp("2022-11-25") in frame.index
    assert (frame.index.dayofweek < 5).all()


def test_history_spans_epoch_to_2030(market):
    full = market.bars(["SPY", "TSLA"], dt.date(2010, 1, 1), dt.date(2035, 1, 1)).bars
    spy = full["SPY"]
    assert spy.index[0] == pd.Timestamp(EPOCH)
    assert spy.index[-1] == pd.Timestamp("2030-12-31")  # a Tuesday, and a session
    assert len(spy.loc[:"2018-12-31"]) >= 3 * 250  # three years before any 2019 issue
    # sessions past the shared calendar's end come from the same exchange-calendars rules
    import exchange_calendars as xcals

    later = xcals.get_calendar("XNYS", start="2029-01-01", end="2030-12-31")
    assert spy.loc["2029":].index.equals(pd.DatetimeIndex(later.sessions.tz_localize(None)))
    assert pd.Timestamp("2030-12-25") not in spy.index
    assert pd.Timestamp("2030-11-28") not in spy.index  # Thanksgiving 2030
    assert pd.Timestamp("2030-12-24") in spy.index


def test_a_window_outside_the_sample_market_is_reported(market):
    got = market.bars(["SPY"], dt.date(2031, 2, 1), dt.date(2031, 3, 1))
    assert "SPY" in got.failed and "2030-12-31" in got.failed["SPY"]
    weekend = market.bars(["SPY"], dt.date(2024, 6, 1), dt.date(2024, 6, 2))
    assert "no NYSE session" in weekend.failed["SPY"]
    backwards = market.bars(["SPY"], dt.date(2024, 6, 2), dt.date(2024, 6, 1))
    assert "after it ends" in backwards.failed["SPY"] and not backwards.bars


def test_invalid_tickers_are_failed_with_a_reason(market):
    bad = ["spy", "BAD TICKER", "", "$TSLA", "ABCDEFGHIJKLMNOPQ"]
    got = market.bars(["SPY", *bad, "ZZZT"], dt.date(2024, 1, 1), dt.date(2024, 3, 1))
    assert set(got.bars) == {"SPY", "ZZZT"}
    assert set(got.failed) == set(bad)
    assert all("not a plausible ticker" in reason for reason in got.failed.values())
    assert market.options("bad ticker", ASOF) is None
    assert market.earnings("bad ticker") == ()


def test_generic_profiles_come_from_the_name():
    assert profile_for("ZZZT") == profile_for("ZZZT")
    assert profile_for("ZZZT").kind == "stock" and profile_for("^SOXQ").kind == "index"
    assert profile_for("NG=F").kind == "commodity" and profile_for("DOGE-USD").kind == "crypto"
    assert profile_for("ZZZT").s0 != profile_for("ZZZU").s0


# --------------------------------------------------------------------------- realism


@pytest.mark.parametrize("seed", [7, 1, 2024])
def test_index_and_macro_levels_are_plausible(seed):
    source = SampleSource(seed)
    got = source.bars(["SPY", "^GSPC", "QQQ", "IWM", "^VIX", "^TNX", "DX-Y.NYB", "CL=F",
                       "BTC-USD"], EPOCH, ASOF).bars
    spy = got["SPY"]["Close"]
    assert 190 <= spy.iloc[0] <= 210
    assert 500 <= spy.loc["2026-06-30"] <= 620
    ratio = got["^GSPC"]["Close"] / spy
    assert ratio.between(9.9, 10.1).all()
    assert got["^TNX"]["Close"].between(1.5, 5.0).all()
    assert got["DX-Y.NYB"]["Close"].between(85, 115).all()
    vix = got["^VIX"]
    assert vix["Close"].between(9, 85).all()
    assert 12 <= vix["Close"].median() <= 22
    assert (vix["Volume"] == 0).all() and (got["^TNX"]["Volume"] == 0).all()
    assert got["CL=F"]["Close"].between(10, 250).all()
    assert got["BTC-USD"]["Close"].loc["2026-06-30"] > 30000
    vol = np.log(spy).diff().std() * np.sqrt(252)
    assert 0.11 <= vol <= 0.26


def test_vix_moves_against_spy(market):
    got = market.bars(["SPY", "^VIX"], EPOCH, ASOF).bars
    r_spy = got["SPY"]["Close"].pct_change()
    r_vix = got["^VIX"]["Close"].pct_change()
    assert r_vix.corr(r_spy) < -0.5
    down = r_spy < -0.02
    assert (r_vix[down] > 0).mean() > 0.85  # spikes when the market falls


def test_stocks_move_with_their_sector(market):
    got = market.bars(["NVDA", "AMD", "SMH", "XLU", "TXN", "ADI"], dt.date(2019, 1, 1), ASOF).bars
    r = pd.DataFrame({t: f["Close"].pct_change() for t, f in got.items()}).dropna()
    assert r["NVDA"].corr(r["SMH"]) > r["NVDA"].corr(r["XLU"])
    assert r["TXN"].corr(r["ADI"]) > 0.5


def test_volatility_clusters_and_tails_are_fat(market):
    r = np.log(market.bars(["SPY"], EPOCH, ASOF).bars["SPY"]["Close"]).diff().dropna()
    kurtosis = ((r - r.mean()) ** 4).mean() / r.var() ** 2
    assert kurtosis > 5
    a = r.abs()
    assert a.autocorr(1) > 0.08 and np.mean([a.autocorr(k) for k in range(1, 11)]) > 0.06


def test_volume_spikes_on_big_moves(market):
    frame = market.bars(["AAPL"], EPOCH, ASOF).bars["AAPL"]
    move = frame["Close"].pct_change().abs()
    rel = frame["Volume"] / frame["Volume"].rolling(50).median()
    big = move > move.quantile(0.95)
    assert rel[big].mean() > 1.5 * rel[~big].mean()


def test_index_levels_pass_round_milestones(market):
    gspc = market.bars(["^GSPC"], EPOCH, ASOF).bars["^GSPC"]["Close"]
    near = (gspc / (gspc / 1000).round().mul(1000) - 1).abs() < 0.01
    assert 0.01 < near.mean() < 0.5


# --------------------------------------------------------------------------- earnings


def test_earnings_are_quarterly_for_stocks_only(market):
    for t in ("SPY", "QQQ", "XLK", "^VIX", "^GSPC", "BTC-USD", "CL=F"):
        assert market.earnings(t) == ()
    sessions = set(sessions_between(EPOCH, dt.date(2027, 11, 1)))
    for t in ("NVDA", "TSLA", "ZZZT"):
        dates = market.earnings(t)
        assert list(dates) == sorted(set(dates))
        assert dates[0] >= EPOCH
        assert dates[-1] > HORIZON + dt.timedelta(days=60)  # a couple of quarters past the end
        in_2025 = [d for d in dates if d.year == 2025]
        assert len(in_2025) == 4
        assert all(d in sessions for d in dates if d < dt.date(2027, 11, 1))
        gaps = np.diff([d.toordinal() for d in dates])
        assert 70 <= gaps.min() and gaps.max() <= 110
    assert market.earnings("NVDA") == SampleSource(7).earnings("NVDA")


def test_earnings_sessions_gap_more_than_normal_days(market):
    on, off = [], []
    for t in STOCKS:
        frame = market.bars([t], EPOCH, ASOF).bars[t]
        gap = daily_gap(frame)
        after = [frame.index[frame.index.searchsorted(pd.Timestamp(d), side="right")]
                 for d in market.earnings(t) if d < ASOF]
        mask = frame.index.isin(after)
        on.append(gap[mask].mean())
        off.append(gap[~mask].mean())
    assert np.mean(on) > 3 * np.mean(off)
    assert sum(a > b for a, b in zip(on, off, strict=True)) == len(STOCKS)


def test_some_earnings_gap_ups_fade(market):
    faded = total = 0
    for t in STOCKS:
        frame = market.bars([t], EPOCH, ASOF).bars[t]
        for d in market.earnings(t):
            i = frame.index.searchsorted(pd.Timestamp(d), side="right")
            if d >= dt.date(2026, 9, 1) or i + 10 >= len(frame):
                continue
            gap = frame["Open"].iloc[i] / frame["Close"].iloc[i - 1] - 1
            if gap > 0.03:
                total += 1
                faded += frame["Close"].iloc[i + 10] < frame["Open"].iloc[i]
    assert total > 100
    assert 0.2 < faded / total < 0.8


# --------------------------------------------------------------------------- stories


def streaks(wins: np.ndarray) -> list[int]:
    runs, cur = [], 0
    for w in wins:
        if w:
            cur += 1
        else:
            if cur:
                runs.append(cur)
            cur = 0
    return runs + ([cur] if cur else [])


@pytest.mark.parametrize("seed", [7, 3])
def test_the_market_tells_the_newsletters_stories(seed):
    source = SampleSource(seed)
    names = [t for t, p in PROFILES.items() if p.kind in ("stock", "etf")]
    got = source.bars(names, EPOCH, ASOF).bars
    closes = pd.DataFrame({t: f["Close"] for t, f in got.items()})
    ma = closes.rolling(200).mean()
    below = (closes < ma).loc["2019":]
    # breadth swings: names sit under their 200-day in weak spells, few in strong ones
    share = below[names].mean(axis=1)
    assert share.quantile(0.9) - share.quantile(0.1) > 0.3
    # breakdowns below the 200-day happen to stocks every year
    crosses = (below & ~below.shift(fill_value=False))[STOCKS].sum()
    assert (crosses > 0).all() and crosses.sum() > 100
    # small caps have outperformance streaks against SPY
    rel = (closes["IWM"].pct_change() - closes["SPY"].pct_change()).loc["2019":]
    runs = streaks((rel > 0).to_numpy())
    assert max(runs) >= 8 and sum(r >= 6 for r in runs) >= 8
    # story stocks base and then break out to a 50-day high on heavy volume
    for t in ("HIMS", "RKLB", "PLTR"):
        frame = got[t]
        high = frame["Close"].rolling(50).max().shift()
        avg = frame["Volume"].rolling(50).mean().shift()
        breakouts = (frame["Close"] > high) & (frame["Volume"] > 2 * avg)
        assert breakouts.loc["2019":].sum() >= 5


# --------------------------------------------------------------------------- options


def test_option_chain_shape(market):
    chain = market.options("TSLA", ASOF)
    assert tuple(chain.columns) == OPTION_COLUMNS + OPTION_QUOTE_COLUMNS
    assert all(type(d) is dt.date for d in chain["expiry"])
    assert set(chain["kind"]) == {"call", "put"}
    for col in ("strike", "open_interest", "volume"):
        assert chain[col].dtype == np.float64
    assert (chain["open_interest"] >= 0).all() and (chain["volume"] >= 0).all()
    expiries = sorted(set(chain["expiry"]))
    assert 3 <= len(expiries) <= 4 and expiries[0] > ASOF
    assert dt.date(2026, 12, 18) in expiries and dt.date(2027, 1, 15) in expiries  # monthlies
    assert all(d.weekday() == 4 for d in expiries)
    price = market.bars(["TSLA"], ASOF, ASOF).bars["TSLA"]["Close"].iloc[-1]
    step = strike_step(price)
    assert np.allclose(chain["strike"] / step, (chain["strike"] / step).round())
    assert chain["strike"].min() < price < chain["strike"].max()


@pytest.mark.parametrize("ticker", ["TSLA", "SPY", "HIMS", "NVDA", "IWM", "ZZZT"])
def test_puts_heavier_below_the_price_and_calls_above(market, ticker):
    chain = market.options(ticker, ASOF)
    price = market.bars([ticker], ASOF, ASOF).bars[ticker]["Close"].iloc[-1]
    puts = chain[chain["kind"] == "put"]
    calls = chain[chain["kind"] == "call"]
    assert puts.loc[puts["strike"] < price, "open_interest"].sum() > \
        puts.loc[puts["strike"] > price, "open_interest"].sum()
    assert calls.loc[calls["strike"] > price, "open_interest"].sum() > \
        calls.loc[calls["strike"] < price, "open_interest"].sum()
    # open interest concentrates near the money and on round strikes
    step = strike_step(price)
    near = chain[(chain["strike"] / price - 1).abs() < 0.05]["open_interest"].mean()
    far = chain[(chain["strike"] / price - 1).abs() > 0.15]["open_interest"].mean()
    assert near > far
    units = (chain["strike"] / step).round().astype(int)
    assert chain[units % 10 == 0]["open_interest"].mean() > chain[units % 2 == 1][
        "open_interest"].mean()


def test_option_chains_are_deterministic_and_only_for_stocks_and_etfs(market):
    a = market.options("SPY", ASOF)
    b = SampleSource(7).options("SPY", ASOF)
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert not a.equals(SampleSource(8).options("SPY", ASOF))
    saturday = market.options("SPY", dt.date(2026, 11, 21))
    pd.testing.assert_frame_equal(a, saturday, check_exact=True)
    for t in ("^VIX", "^GSPC", "^TNX", "BTC-USD", "CL=F", "DX-Y.NYB"):
        assert market.options(t, ASOF) is None
    assert market.options("SPY", dt.date(2012, 1, 3)) is None


def test_option_expiries_skip_holidays_and_today():
    assert option_expiries(dt.date(2026, 11, 18)) == [
        dt.date(2026, 11, 20), dt.date(2026, 11, 27), dt.date(2026, 12, 18)]
    # Good Friday 2027 (March 26): that week's expiry is the Thursday
    assert option_expiries(dt.date(2027, 3, 22))[0] == dt.date(2027, 3, 25)
    # New Year's Day 2027 is a Friday: its expiry would be Dec 31, which has expired
    assert option_expiries(dt.date(2026, 12, 31))[0] == dt.date(2027, 1, 8)


# --------------------------------------------------------------------------- speed


def test_sixty_tickers_over_ten_years_generate_and_repeat_from_the_cache():
    """Their speed is a figure in benchmarks/bench_sample.py, not an assertion here."""
    tickers = list(PROFILES) + [f"GEN{i}" for i in range(60 - len(PROFILES))]
    assert len(tickers) == 60
    source = SampleSource(11)
    got = source.bars(tickers, dt.date(2016, 11, 21), ASOF)
    assert len(got.bars) == 60 and not got.failed
    again = source.bars(tickers, dt.date(2016, 11, 21), ASOF)
    assert all(again.bars[t].equals(got.bars[t]) for t in tickers)
