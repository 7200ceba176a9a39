"""YahooSource against yfinance 1.7's own frame-building code, with no network.

``yfinance.download`` is replaced by a recorder that calls the real one with
``yfinance.multi.Ticker`` swapped for a fake whose ``history()`` returns what
``PriceHistory.history`` returns. So the combined frame (MultiIndex columns,
NaN columns for failures, logged reasons) is built by yfinance itself.
"""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
import sys
from collections import namedtuple
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

yf = pytest.importorskip("yfinance")
from yfinance.exceptions import YFRateLimitError  # noqa: E402

from newsletter.data.base import Source  # noqa: E402
from newsletter.data.yahoo import YahooSource, parse_error_message  # noqa: E402
from newsletter.model import BAR_COLUMNS, OPTION_COLUMNS, OPTION_QUOTE_COLUMNS  # noqa: E402

OPTIONS2DF = yf.Ticker._options2df
SPY_DAYS = ["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"]
BTC_DAYS = [d.date().isoformat() for d in pd.date_range("2024-01-02", "2024-01-07")]


def history_frame(days: list[str], first_close: float, tz: str = "America/New_York") -> pd.DataFrame:
    """What ``Ticker.history(auto_adjust=False, actions=False)`` returns for daily bars."""
    n = len(days)
    close = first_close + np.arange(n, dtype=float)
    stamps = [int(pd.Timestamp(f"{d} 09:30", tz=tz).timestamp()) for d in days]
    chart = {"timestamp": stamps,
             "indicators": {"quote": [{"open": list(close - 0.5), "high": list(close + 1.0),
                                       "low": list(close - 1.0), "close": list(close),
                                       "volume": [1000 * (i + 1) for i in range(n)]}],
                            "adjclose": [{"adjclose": list(close * 0.98)}]}}
    quotes = yf.utils.parse_quotes(chart)
    quotes.index = pd.to_datetime(quotes.index.date).tz_localize(
        tz, ambiguous=True, nonexistent="shift_forward")
    quotes["Volume"] = quotes["Volume"].fillna(0).astype(np.int64)
    quotes.index.name = "Date"
    return quotes


class Market:
    """What each symbol's ``history()`` does: a frame, a soft-failure reason, or an exception.

    A list gives one behaviour per call, in order.
    """

    def __init__(self) -> None:
        self.behaviour: dict[str, object] = {}
        self.history_calls: list[str] = []
        self.downloads: list[tuple[tuple, dict]] = []

    def history(self, ticker) -> pd.DataFrame:
        self.history_calls.append(ticker.ticker)
        what = self.behaviour[ticker.ticker]
        if isinstance(what, list):
            what = what.pop(0)
        if isinstance(what, BaseException):
            raise what
        if isinstance(what, str):
            ticker._price_history._last_error = what
            yf.utils.get_yf_logger().error(f"${ticker.ticker}: {what}")
            return yf.utils.empty_df()
        return what.copy()


@pytest.fixture
def market(monkeypatch) -> Market:
    state = Market()
    real_download = yf.download

    class HistoryOnlyTicker:
        def __init__(self, ticker, session=None):
            self.ticker = ticker
            self._price_history = SimpleNamespace(_last_error=None)

        def history(self, **kwargs):
            return state.history(self)

    def recording_download(*args, **kwargs):
        state.downloads.append((args, kwargs))
        return real_download(*args, **kwargs)

    monkeypatch.setattr(yf.multi, "Ticker", HistoryOnlyTicker)
    monkeypatch.setattr(yf, "download", recording_download)
    return state


def source(**kw) -> YahooSource:
    kw.setdefault("retries", 0)
    kw.setdefault("timeout", 20)
    kw.setdefault("threads", False)
    return YahooSource(**kw)


def test_download_frame_is_what_the_source_expects(market):
    market.behaviour = {"SPY": history_frame(SPY_DAYS, 470.0),
                        "BTC-USD": history_frame(BTC_DAYS, 45000.0, tz="UTC"),
                        "ZZZZ": "possibly delisted; no timezone found"}
    frame = yf.download(["SPY", "BTC-USD", "ZZZZ"], start="2024-01-02", end="2024-01-08",
                        auto_adjust=False, actions=False, group_by="column",
                        multi_level_index=True, threads=False, progress=False)
    assert frame.columns.names == ["Price", "Ticker"]
    assert list(frame.columns[:3]) == [("Adj Close", "BTC-USD"), ("Adj Close", "SPY"),
                                       ("Adj Close", "ZZZZ")]
    assert list(frame.columns.get_level_values("Price").unique()) == [
        "Adj Close", "Close", "High", "Low", "Open", "Volume"]
    assert frame.index.name == "Date" and frame.index.tz is None
    assert list(frame.index) == list(pd.to_datetime(BTC_DAYS))
    assert frame.xs("ZZZZ", axis=1, level="Ticker").isna().all().all()
    assert frame[("Close", "SPY")].isna().sum() == 2


def test_bars_for_several_tickers(market):
    market.behaviour = {"SPY": history_frame(SPY_DAYS, 470.0),
                        "BTC-USD": history_frame(BTC_DAYS, 45000.0, tz="UTC")}
    got = source().bars(["SPY", "BTC-USD"], dt.date(2024, 1, 2), dt.date(2024, 1, 7))
    assert got.failed == {}
    spy, btc = got.bars["SPY"], got.bars["BTC-USD"]
    assert tuple(spy.columns) == BAR_COLUMNS
    assert list(spy.index) == list(pd.to_datetime(SPY_DAYS))
    assert spy.index.name == "Date" and spy.index.tz is None
    assert spy["Close"].tolist() == [470.0, 471.0, 472.0, 473.0]
    assert spy["Adj Close"].tolist() == pytest.approx([460.6, 461.58, 462.56, 463.54])
    assert spy["Volume"].tolist() == [1000.0, 2000.0, 3000.0, 4000.0]
    assert (spy.dtypes == np.float64).all()
    assert len(btc) == 6 and btc["Close"].iloc[-1] == 45005.0


def test_one_failed_ticker_is_named_with_yfinance_reason_and_retried(market):
    reason = "possibly delisted; no price data found  (1d 2024-01-02 -> 2024-01-06)"
    market.behaviour = {"SPY": history_frame(SPY_DAYS, 470.0), "ZZZZ": reason}
    waits: list[float] = []
    got = source(retries=2, backoff=1.5, sleep=waits.append).bars(
        ["SPY", "ZZZZ"], dt.date(2024, 1, 2), dt.date(2024, 1, 5))
    assert got.failed == {"ZZZZ": reason}
    assert got.bars["SPY"]["Close"].tolist() == [470.0, 471.0, 472.0, 473.0]
    assert market.history_calls.count("ZZZZ") == 3
    assert market.history_calls.count("SPY") == 1
    assert waits == [1.5, 3.0]
    assert [args[0] for args, _ in market.downloads] == [["SPY", "ZZZZ"], ["ZZZZ"], ["ZZZZ"]]


def test_offline_gives_empty_frame_and_every_ticker_failed(market):
    offline = ConnectionError("Failed to perform, curl: (6) Could not resolve host")
    market.behaviour = {"SPY": [offline], "^VIX": [offline]}
    got = source().bars(["SPY", "^VIX"], dt.date(2024, 1, 2), dt.date(2024, 1, 5))
    assert got.bars == {}
    assert set(got.failed) == {"SPY", "^VIX"}
    assert all("Could not resolve host" in r for r in got.failed.values())


def test_empty_frame_without_columns_fails_every_ticker(monkeypatch):
    monkeypatch.setattr(yf, "download", lambda *a, **k: pd.DataFrame())
    got = source().bars(["SPY", "QQQ"], dt.date(2024, 1, 2), dt.date(2024, 1, 5))
    assert got.bars == {}
    assert got.failed == {t: "no bars from Yahoo for 2024-01-02..2024-01-05"
                          for t in ("SPY", "QQQ")}


def test_download_raising_fails_every_ticker(monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("session broke")

    monkeypatch.setattr(yf, "download", boom)
    got = source().bars(["SPY"], dt.date(2024, 1, 2), dt.date(2024, 1, 5))
    assert got.failed == {"SPY": "yfinance raised RuntimeError('session broke')"}


def test_single_ticker_and_lower_case_name(market):
    market.behaviour = {"SPY": history_frame(SPY_DAYS, 100.0)}
    got = source().bars(["spy"], dt.date(2024, 1, 3), dt.date(2024, 1, 4))
    assert got.failed == {}
    assert got.bars["spy"]["Close"].tolist() == [101.0, 102.0]
    assert got.bars["spy"].index[0] == pd.Timestamp("2024-01-03")


def test_rate_limit_is_retried_after_backoff(market):
    market.behaviour = {"SPY": [YFRateLimitError(), history_frame(SPY_DAYS, 10.0)]}
    waits: list[float] = []
    got = source(retries=1, backoff=2.0, sleep=waits.append).bars(
        ["SPY"], dt.date(2024, 1, 2), dt.date(2024, 1, 5))
    assert got.failed == {}
    assert got.bars["SPY"]["Close"].iloc[0] == 10.0
    assert waits == [2.0]


def test_every_download_argument_is_explicit(market):
    market.behaviour = {"SPY": history_frame(SPY_DAYS, 470.0)}
    source(timeout=7.5, threads=4).bars(["SPY"], dt.date(2024, 1, 2), dt.date(2024, 1, 5))
    (args, kwargs), = market.downloads
    assert args == (["SPY"],)
    assert kwargs == {"start": "2024-01-02", "end": "2024-01-06", "interval": "1d",
                      "auto_adjust": False, "actions": False, "group_by": "column",
                      "multi_level_index": True, "threads": 4, "progress": False,
                      "timeout": 7.5}


def test_retries_and_timeout_have_no_default():
    with pytest.raises(TypeError):
        YahooSource()
    with pytest.raises(TypeError):
        YahooSource(retries=2)
    yahoo = YahooSource(retries=2, timeout=20)
    assert isinstance(yahoo, Source)
    assert (yahoo.name, yahoo.sample) == ("yahoo", False)


def test_yfinance_is_imported_only_when_fetching():
    code = ("import sys, newsletter.data.yahoo as y; y.YahooSource(retries=1, timeout=5); "
            "print('yfinance' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_parse_error_message_formats():
    assert parse_error_message("['SPY', '^VIX']: DNSError('no host')") == {
        "SPY": "DNSError('no host')", "^VIX": "DNSError('no host')"}
    assert parse_error_message("$CL=F: possibly delisted; no timezone found") == {
        "CL=F": "possibly delisted; no timezone found"}
    assert parse_error_message("\n2 Failed downloads:") == {}


def contracts(strikes: list[float], oi: list[int], volume: list[int | None]) -> pd.DataFrame:
    """A side of the chain as ``Ticker._options2df`` builds it from Yahoo's JSON."""
    records = []
    for k, o, v in zip(strikes, oi, volume, strict=True):
        record = {"contractSymbol": f"SPY{int(k)}", "strike": k, "openInterest": o,
                  "lastTradeDate": 1704900000, "lastPrice": 1.0, "currency": "USD",
                  "bid": 1.0, "ask": 1.1, "impliedVolatility": 0.21}
        if v is not None:
            record["volume"] = v
        records.append(record)
    return OPTIONS2DF(None, records)


class ChainTicker:
    expiries: tuple[str, ...] = ()
    fail = False

    def __init__(self, ticker, session=None):
        self.ticker = ticker

    @property
    def options(self):
        if self.fail:
            raise ConnectionError("no network")
        return self.expiries

    def option_chain(self, date=None, tz=None):
        k = 500.0 + int(date[-2:])
        return namedtuple("Options", ["calls", "puts", "underlying"])(
            contracts([k, k + 5], [100, 200], [10, None]), contracts([k - 5], [300], [30]), {})


def test_options_nearest_four_expiries(monkeypatch):
    today = dt.date.today()
    days = [today + dt.timedelta(days=n) for n in (-1, 3, 10, 17, 24, 31)]
    monkeypatch.setattr(ChainTicker, "expiries", tuple(d.isoformat() for d in days))
    monkeypatch.setattr(yf, "Ticker", ChainTicker)
    chain = source().options("SPY", today)
    assert tuple(chain.columns) == OPTION_COLUMNS + OPTION_QUOTE_COLUMNS
    assert sorted(set(chain["expiry"])) == days[1:5]
    first = chain[chain["expiry"] == days[1]]
    k = 500.0 + days[1].day
    assert first["kind"].tolist() == ["call", "call", "put"]
    assert first["strike"].tolist() == [k, k + 5, k - 5]
    assert first["open_interest"].tolist() == [100.0, 200.0, 300.0]
    assert first["volume"].iloc[0] == 10.0 and np.isnan(first["volume"].iloc[1])
    assert isinstance(chain["expiry"].iloc[0], dt.date)
    assert first["implied_volatility"].tolist() == [0.21, 0.21, 0.21]
    assert first["bid"].tolist() == [1.0, 1.0, 1.0] and first["ask"].tolist() == [1.1, 1.1, 1.1]


def test_options_failure_is_none_with_warning(monkeypatch, caplog):
    monkeypatch.setattr(ChainTicker, "fail", True)
    monkeypatch.setattr(yf, "Ticker", ChainTicker)
    with caplog.at_level(logging.WARNING, logger="newsletter.data.yahoo"):
        assert source().options("SPY", dt.date.today()) is None
    assert "option chain for SPY failed" in caplog.text and "no network" in caplog.text


def test_options_for_an_old_date_are_not_todays_chain(monkeypatch):
    monkeypatch.setattr(yf, "Ticker", lambda *a, **k: pytest.fail("must not call Yahoo"))
    assert source().options("SPY", dt.date.today() - dt.timedelta(days=30)) is None


def earnings_frame(stamps: list[str]) -> pd.DataFrame:
    """What ``get_earnings_dates`` returns: tz-aware index named 'Earnings Date'."""
    index = pd.DatetimeIndex(
        [pd.Timestamp(s).tz_localize("America/New_York") for s in stamps], name="Earnings Date")
    return pd.DataFrame({"EPS Estimate": 1.0, "Reported EPS": np.nan, "Surprise(%)": np.nan},
                        index=index)


def test_earnings_sorted_unique_local_dates(monkeypatch):
    frame = earnings_frame(["2025-04-30 20:00", "2025-01-29 16:00", "2024-10-30 16:00",
                            "2025-01-29 16:00"])
    calls = []

    class EarningsTicker:
        def __init__(self, ticker, session=None):
            self.ticker = ticker

        def get_earnings_dates(self, limit=12, offset=0):
            calls.append((self.ticker, limit))
            return frame

    monkeypatch.setattr(yf, "Ticker", EarningsTicker)
    got = source(earnings_limit=25).earnings("AVGO")
    assert got == (dt.date(2024, 10, 30), dt.date(2025, 1, 29), dt.date(2025, 4, 30))
    assert calls == [("AVGO", 25)]


@pytest.mark.parametrize("result", [None, RuntimeError("blocked")])
def test_earnings_failure_is_empty(monkeypatch, result):
    class EarningsTicker:
        def __init__(self, ticker, session=None):
            pass

        def get_earnings_dates(self, limit=12, offset=0):
            if isinstance(result, Exception):
                raise result
            return result

    monkeypatch.setattr(yf, "Ticker", EarningsTicker)
    assert source().earnings("AVGO") == ()
