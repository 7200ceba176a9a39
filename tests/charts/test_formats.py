"""Numbers as they read on a chart."""

from __future__ import annotations

import datetime as dt

from newsletter.charts import formats


def test_prices_levels_and_ticks() -> None:
    assert formats.price(268.1) == "268.10"
    assert formats.price(4512.3) == "4,512.30"
    assert formats.price(12345.6) == "12,346"
    assert formats.price(0.38421) == "0.3842"
    assert formats.level(260.0) == "260" and formats.level(262.5) == "262.50"
    assert formats.tick(350.0) == "350" and formats.tick(262.5) == "262.50"
    assert formats.strike(262.5) == "262.5" and formats.strike(260.0) == "260"


def test_percentages_counts_and_dates() -> None:
    assert formats.pct(0.0123) == "+1.2%"
    assert formats.pct(-0.004) == "\u22120.4%"
    assert formats.pct(0.0) == "0%"
    assert formats.plain_pct(-0.004) == "-0.4%"
    assert [formats.count(n) for n in (950, 1234, 41_200, 3_100_000)] == [
        "950", "1.2k", "41k", "3.1M"]
    assert formats.day(dt.date(2026, 11, 20)) == "Nov 20, 2026"


def test_labels_for_sentences_and_for_matplotlib() -> None:
    assert formats.inline("All days") == "all days"
    assert formats.inline("IWM leads") == "IWM leads"
    assert formats.literal("$IWM vs $SPY") == r"\$IWM vs \$SPY"
