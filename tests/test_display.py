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


# A figure that rounds to zero has no sign: the replay config's issues printed "-0.00%" (an
# event study's mean), "+0.00%" and "SPY -0.0%" (a returns chart's alt text).

@pytest.mark.parametrize(("value", "digits", "text"), [
    (-0.004, 2, "0.00%"), (0.004, 2, "0.00%"), (-0.0, 2, "0.00%"), (0.006, 2, "+0.01%"),
    (-0.006, 2, "-0.01%"), (-0.04, 1, "0.0%"), (0.04, 1, "0.0%"), (-0.06, 1, "-0.1%"),
    (0.06, 1, "+0.1%"), (-0.4, 0, "0%"), (-0.6, 0, "-1%"), (12.345, 1, "+12.3%")])
def test_a_signed_percentage_that_rounds_to_zero_has_no_sign(value: float, digits: int,
                                                             text: str) -> None:
    from newsletter.charts import formats
    from newsletter.display import signed_percent
    from newsletter.render import signed_pct

    assert signed_percent(value, digits) == text
    assert signed_pct(value, digits) == text
    assert formats.plain_pct(value / 100, digits) == text
    assert formats.pct(value / 100, digits) == (text.replace("-", "\u2212") if value else "0%")
