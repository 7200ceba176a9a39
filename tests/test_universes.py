"""The breadth universe: the shipped list with its date, a CSV of members, a list; bad ones named."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsletter.config import Config, load_config
from newsletter.errors import NewsletterError
from newsletter.universes import load_universe, read_members


def test_the_shipped_dow_30_has_30_members_and_its_date():
    dow = load_universe("dow30")
    assert (dow.name, dow.asof, dow.shipped) == ("the Dow 30", dt.date(2024, 11, 8), True)
    assert len(dow.tickers) == 30 == len(set(dow.tickers))
    assert {"NVDA", "SHW", "AMZN"} <= set(dow.tickers) and not {"INTC", "DOW", "WBA"} & set(dow.tickers)


def test_the_shipped_list_states_its_source_and_survivorship():
    text = (Path(__file__).parents[1] / "newsletter" / "universes" / "dow30.csv").read_text()
    assert "# source: S&P Dow Jones Indices" in text
    assert "Historical membership is not reconstructed" in text


def test_a_csv_of_members(tmp_path: Path):
    (tmp_path / "members.csv").write_text(
        "# my names\n# as_of: 2026-10-01\nName,Symbol,Weight\nApple,aapl,3\n\nMicrosoft,MSFT,2\n"
        "Apple again,AAPL,1\n")
    u = load_universe("members.csv", tmp_path)
    assert (u.name, u.tickers, u.asof, u.shipped) == ("the members in members.csv", ("AAPL", "MSFT"),
                                                      dt.date(2026, 10, 1), False)


@pytest.mark.parametrize(("text", "line", "what"), [
    ("ticker\nAAPL\nnot a ticker\n", 3, "not a valid ticker symbol"),
    ("# a list\nname,weight\nApple,3\n", 2, "no ticker column"),
    ("# as_of: last tuesday\nticker\nAAPL\n", 1, "is not a date"),
    ("ticker\n", 1, "no members listed"),
])
def test_a_bad_csv_names_its_file_and_line(tmp_path: Path, text: str, line: int, what: str):
    (tmp_path / "members.csv").write_text(text)
    with pytest.raises(NewsletterError, match=what) as caught:
        read_members(tmp_path / "members.csv", "members.csv", display="members.csv")
    assert (caught.value.file, caught.value.line) == ("members.csv", line)


def test_a_list_in_the_config():
    u = load_universe(Config(breadth={"universe": ["aapl", "MSFT", "AAPL"]}).breadth.universe)
    assert (u.name, u.tickers, u.asof) == ("your list", ("AAPL", "MSFT"), None)


def test_an_unknown_universe_names_the_config_line_and_key(tmp_path: Path):
    (tmp_path / "newsletter.yaml").write_text("title: T\nbreadth:\n  universe: sp5000\n")
    with pytest.raises(NewsletterError) as caught:
        load_config(tmp_path)
    message = str(caught.value)
    assert "newsletter.yaml:3" in message and "breadth.universe" in message and "dow30" in message


def test_a_csv_outside_the_workspace_is_refused(tmp_path: Path):
    (tmp_path / "newsletter.yaml").write_text("breadth:\n  universe: ../members.csv\n")
    with pytest.raises(NewsletterError, match="breadth.universe"):
        load_config(tmp_path)


def test_a_configured_csv_is_read_when_the_config_loads(tmp_path: Path):
    (tmp_path / "newsletter.yaml").write_text("breadth:\n  universe: members.csv\n")
    with pytest.raises(NewsletterError, match="no file 'members.csv' in the workspace") as caught:
        load_config(tmp_path)
    assert "newsletter.yaml:2" in str(caught.value) and "breadth.universe" in str(caught.value)
    (tmp_path / "members.csv").write_text("ticker\nAAPL\nbad one\n")
    with pytest.raises(NewsletterError, match="not a valid ticker") as caught:
        load_config(tmp_path)
    assert (caught.value.file, caught.value.line) == ("members.csv", 3)
    (tmp_path / "members.csv").write_text("ticker\nAAPL\nMSFT\n")
    config = load_config(tmp_path)
    assert load_universe(config.breadth.universe).tickers == ("AAPL", "MSFT")  # no workspace needed now


class _Recording:
    """A source that records which tickers were asked for and serves a flat bar for each."""

    name, sample = "recording", False

    def __init__(self) -> None:
        self.asked: list[str] = []

    def bars(self, tickers, start, end):
        from newsletter.data.base import Fetched
        from tests.analysis.factories import make_bars

        self.asked += list(tickers)
        out = Fetched()
        for ticker in tickers:
            out.bars[ticker] = make_bars([10.0, 10.5], start="2026-11-19")
        return out

    def options(self, ticker, asof):
        return None

    def earnings(self, ticker):
        return ()


def test_collect_fetches_the_universe_only_while_the_section_is_on():
    from newsletter.collect import collect

    on, off = _Recording(), _Recording()
    snapshot = collect(on, Config(breadth={"universe": ["ZZZQ", "AAPL"]}), dt.date(2026, 11, 20))
    assert "ZZZQ" in on.asked and "ZZZQ" in snapshot.bars
    collect(off, Config(breadth={"universe": ["ZZZQ"]}, sections={"breadth": False}), dt.date(2026, 11, 20))
    assert "ZZZQ" not in off.asked
