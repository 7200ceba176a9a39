"""The optional sections' own tickers are fetched when the section is on.

The review of the sample (seed 97, Three Minds and the Regime Read on) found "Not read: VIX term
structure (^VIX3M), credit (HYG/LQD)" in 101 of 101 issues and the regime's credit vote missing in
every one, though the sample serves all four: ``Config.all_tickers`` (what collect and the replay
fetch) took the watchlists only, and the report blamed "this data".
"""

from __future__ import annotations

from newsletter.config import Config, Sections
from newsletter.replay.run import section_tickers


def _config(**on: bool) -> Config:
    return Config(sections=Sections(**on))


def test_an_optional_section_s_tickers_are_fetched_when_it_is_on() -> None:
    off = set(_config().all_tickers())
    assert not {"^VIX3M", "HYG", "LQD", "IEF"} & off  # off by default: nothing extra fetched
    lenses = set(_config(lenses=True).all_tickers())
    assert set(section_tickers(_config(lenses=True))["lenses"]) <= lenses
    assert {"^VIX3M", "HYG", "LQD"} <= lenses and "IEF" not in lenses
    regime = set(_config(regime=True).all_tickers())
    assert set(section_tickers(_config(regime=True))["regime"]) <= regime
    assert {"HYG", "IEF"} <= regime


def test_the_order_is_stable_and_without_repeats() -> None:
    both = _config(lenses=True, regime=True).all_tickers()
    assert len(both) == len(set(both))
    assert both == _config(lenses=True, regime=True).all_tickers()
