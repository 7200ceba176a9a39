"""Symbols and levels as a reader reads them: names for indices, cashtags for tradeables."""

from __future__ import annotations

import pytest

from newsletter import display


@pytest.mark.parametrize(("ticker", "name", "label"), [
    ("^GSPC", "the S&P 500", "S&P 500"), ("^RUT", "the Russell 2000", "Russell 2000"),
    ("^NDX", "the Nasdaq-100", "Nasdaq-100"), ("^DJI", "the Dow", "Dow"),
    ("^DJT", "the Dow Transports", "Dow Transports"), ("^VIX", "the VIX", "VIX"),
    ("^TNX", "the 10-year yield", "10Y yield"), ("IWM", "$IWM", "$IWM"), ("BRK-B", "$BRK-B", "$BRK-B"),
    ("^XYZ", "XYZ", "XYZ"),
])
def test_names_and_labels(ticker: str, name: str, label: str) -> None:
    assert display.name(ticker) == name
    assert display.label(ticker) == label
    assert not display.name(ticker).startswith("$^")


def test_the_config_map_comes_first() -> None:
    names = {"^SOX": "the chip index", "^GSPC": "the index"}
    assert display.name("^SOX", names) == "the chip index"
    assert display.name_start("^SOX", names) == "The chip index"
    assert display.label("^GSPC", names) == "Index"
    assert display.plain("IWM", names) == "IWM"


@pytest.mark.parametrize(("value", "text"), [(4000.0, "4,000"), (3990.37, "3,990.37"),
                                             (350.0, "350"), (0.5, "0.50")])
def test_levels_print_with_the_instrument_precision(value: float, text: str) -> None:
    assert display.level(value) == text
