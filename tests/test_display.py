"""Symbols and levels as a reader reads them: names for indices, cashtags for tradeables."""

from __future__ import annotations

import datetime as dt

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


@pytest.mark.parametrize(("phrase", "said"), [
    ("8-Year High", "an 8-Year High"), ("11-year low", "an 11-year low"),
    ("18-Year Low", "an 18-Year Low"), ("80-point milestone", "an 80-point milestone"),
    ("800-point milestone", "an 800-point milestone"), ("8,000-point milestone", "an 8,000-point milestone"),
    ("11,000-point milestone", "an 11,000-point milestone"), ("18,000-point", "an 18,000-point"),
    ("8.5% drop", "an 8.5% drop"),
    ("52-Week High", "a 52-Week High"), ("5-year low", "a 5-year low"), ("1-Year High", "a 1-Year High"),
    ("10-year low", "a 10-year low"), ("12-Year High", "a 12-Year High"), ("110-point", "a 110-point"),
    ("180-point", "a 180-point"), ("1,800-point", "a 1,800-point"), ("100,000-point", "a 100,000-point"), ("8000-point", "an 8000-point"),
    ("8", "an 8"), ("", "a "),
    ("Golden Cross", "a Golden Cross"), ("Death Cross", "a Death Cross"), ("open call", "an open call"),
    ("one-day drop", "a one-day drop"), ("unit", "a unit")])
def test_a_or_an_goes_by_how_the_phrase_is_read_aloud(phrase: str, said: str) -> None:
    """"an 8-Year High", "an 11-year low", "an 800-point milestone"; "a 180-point" (one hundred
    and eighty), "a 1,800-point" (one thousand eight hundred)."""
    assert display.a_or_an(phrase) == said


# One formatter for each: an R multiple printed "-0.0R" in the live recap and the track-record
# page where the replay's line already printed "0.0R"; an implied volatility under realised read
# "-17.6 pts over realised" (2020-03-22).

@pytest.mark.parametrize(("r", "words"), [(-0.049, "0.0R"), (-0.051, "-0.1R"), (0.049, "0.0R"),
                                          (0.051, "+0.1R"), (-1.0, "-1.0R"), (2.25, "+2.2R")])
def test_an_r_multiple_that_prints_as_zero_has_no_sign(r: float, words: str) -> None:
    assert display.r_words(r) == words


@pytest.mark.parametrize(("points", "words"), [(-17.6, "17.6 pts under"), (1.3, "1.3 pts over"),
                                               (-0.04, "in line with"), (-0.06, "0.1 pts under"),
                                               (0.0, "in line with"), (0.04, "in line with"),
                                               (0.06, "0.1 pts over")])
def test_implied_against_realised_says_over_or_under(points: float, words: str) -> None:
    assert display.vol_gap(points) == words


@pytest.mark.parametrize(("pct", "words"), [(0.3, "0.3% above"), (0.04, "a hair above"),
                                            (-0.3, "0.3% under")])
def test_a_gap_takes_its_side_words(pct: float, words: str) -> None:
    assert display.gap_pct(pct, over="above") == words


@pytest.mark.parametrize(("day", "words"), [(dt.date(2026, 1, 1), "Jan 1"),
                                            (dt.date(2025, 12, 31), "Dec 31, 2025")])
def test_a_day_carries_its_year_only_when_it_is_another_year(day: dt.date, words: str) -> None:
    from newsletter.display import day_words

    assert day_words(day, dt.date(2026, 12, 6)) == words


@pytest.mark.parametrize(("value", "digits", "shown"), [
    (0.049, 1, "0.0"), (-0.049, 1, "0.0"), (0.051, 1, "+0.1"), (-0.051, 1, "-0.1"),
    (-0.0049, 2, "0.00"), (-0.0051, 2, "-0.01"), (-0.4, 0, "0"), (-0.6, 0, "-1"),
    (0.0, 1, "0.0"), (float("nan"), 1, "n/a")])
def test_a_signed_number_that_prints_as_zero_has_no_sign(value: float, digits: int,
                                                        shown: str) -> None:
    from newsletter.display import signed

    assert signed(value, digits) == shown


@pytest.mark.parametrize(("value", "bp", "pts"), [
    (-0.4, "0 bp", "-0.4 pts"), (-0.6, "-1 bp", "-0.6 pts"), (0.04, "0 bp", "0.0 pts"),
    (-0.04, "0 bp", "0.0 pts"), (22.0, "+22 bp", "+22.0 pts")])
def test_basis_points_and_vol_points_that_print_as_zero_have_no_sign(value: float, bp: str,
                                                                    pts: str) -> None:
    from newsletter.render import points, signed_bp

    assert (signed_bp(value), points(value)) == (bp, pts)


@pytest.mark.parametrize(("n", "words"), [(1, "first"), (4, "fourth"), (10, "tenth"), (11, "11th"),
                                          (12, "12th"), (13, "13th"), (21, "21st"), (22, "22nd"),
                                          (23, "23rd"), (101, "101st"), (111, "111th")])
def test_ordinal(n: int, words: str) -> None:
    from newsletter.display import ordinal

    assert ordinal(n) == words


@pytest.mark.parametrize(("n", "words"), [(1, "one"), (2, "two"), (10, "ten"), (11, "11"), (0, "0")])
def test_cardinal(n: int, words: str) -> None:
    from newsletter.display import cardinal

    assert cardinal(n) == words
