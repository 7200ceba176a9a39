"""The preheader fits the inbox: whole sentences first, a cut word last (issue held otherwise)."""

from __future__ import annotations

import pytest

from newsletter.inbox import PREHEADER_SHOWN, fitted_preheader

LIMIT = PREHEADER_SHOWN[1]


def _sentence(n: int) -> str:
    """A sentence of exactly ``n`` characters, ending in a full stop."""
    return "X" + ("x" * (n - 2)) + "."


@pytest.mark.parametrize("n", [LIMIT - 1, LIMIT])
def test_a_hook_that_fits_is_kept_whole(n: int) -> None:
    hook = f"$SPY {_sentence(n - 5)}"
    assert len(hook) == n and fitted_preheader(hook) == hook


def test_one_character_over_drops_the_last_sentence() -> None:
    first = "The S&P's worst week since the week to Sep 23, 2022 (-4.6%)."
    hook = f"{first} {_sentence(LIMIT - len(first))}"
    assert len(hook) == LIMIT + 1
    assert fitted_preheader(hook) == first


def test_the_2020_03_22_hook_keeps_what_fits_and_drops_the_rest_whole() -> None:
    first = ("The S&P's worst week in the data here, back to Apr 2014, and its lowest close since "
             "Feb 2, 2017.")
    hook = f"{first} $IWM sits 34.5% under its 200-day. Here's everything I'm watching this week."
    assert fitted_preheader(hook) == first
    short = "VIX Jumps. $IWM sits 34.5% under its 200-day. Here's everything I'm watching this week."
    assert fitted_preheader(short) == short


def test_a_first_sentence_over_the_limit_is_cut_at_a_word() -> None:
    hook = " ".join(["word"] * 40) + ". Second."
    got = fitted_preheader(hook)
    assert got.endswith("word…") and len(got) <= LIMIT and " wor…" not in got


def test_whitespace_is_counted_as_the_check_counts_it() -> None:
    assert fitted_preheader("  A  hook\n with   gaps.  ") == "A hook with gaps."
