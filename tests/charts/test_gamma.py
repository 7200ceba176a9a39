"""Dealer gamma chart: bars within the band, the price and the flip labelled, the alt text agrees."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsletter.charts.gamma import dollars, gamma_chart
from tests.charts import factories as f
from tests.charts.images import texts

STRIKES = [200.0, 240.0, 250.0, 260.0, 270.0, 280.0]
NET = [-9e9, -4e7, -2e7, 5e6, 3e7, 1e7]  # the 200 strike sits outside 10 % of 263


def test_flip_and_price_are_labelled_and_the_alt_names_the_extremes(tmp_path: Path,
                                                                    figures: list) -> None:
    chart = gamma_chart(tmp_path / "g.png", strikes=STRIKES, net=NET, price=263.0, ticker="SPY",
                        asof=f.ASOF, flip=257.5, regime="positive")
    drawn = texts(figures[-1])
    assert "Flip 257.50" in drawn and "Last 263.00" in drawn
    assert "$SPY dealer gamma by strike" in drawn
    assert chart.alt == ("SPY dealer gamma exposure by strike within 10% of the price 263.00: "
                         "positive gamma, flipping sign at 257.50; the largest positive $30.0M at "
                         "270, the largest negative -$40.0M at 240 per 1% move (dealers long calls, "
                         "short puts).")


def test_no_flip_is_said_and_nothing_in_the_band_is_an_error(tmp_path: Path) -> None:
    chart = gamma_chart(tmp_path / "g.png", strikes=STRIKES, net=NET, price=263.0, ticker="SPY",
                        asof=f.ASOF, flip=None, regime="negative")
    assert "negative gamma, with no flip in range" in chart.alt
    with pytest.raises(ValueError):
        gamma_chart(tmp_path / "h.png", strikes=[100.0], net=[1e6], price=263.0, ticker="SPY",
                    asof=f.ASOF, flip=None, regime="positive")


def test_dollars():
    assert [dollars(v) for v in (1.25e9, -8.5e8, 4e4, -12.0)] == ["$1.2B", "-$850.0M", "$40k",
                                                                 "-$12"]
