"""``collect.up_to`` cuts a ticker's bars at the as-of exactly as ``frame.loc[: str(asof)]`` does."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from newsletter.collect import up_to

ASOF = dt.date(2024, 3, 6)


def _frame(stamps: list[str], tz: str | None = None) -> pd.DataFrame:
    index = pd.DatetimeIndex(pd.to_datetime(stamps, format="ISO8601"), name="Date")
    if tz:
        index = index.tz_localize(tz)
    return pd.DataFrame({"Close": np.arange(len(stamps), dtype=float)}, index=index)


@pytest.mark.parametrize("stamps", [
    ["2024-03-04", "2024-03-05", "2024-03-06", "2024-03-07"],          # the as-of is kept
    ["2024-03-04", "2024-03-05", "2024-03-07"],                        # no bar on the as-of
    ["2024-03-05 23:59:59", "2024-03-06 15:30", "2024-03-07 00:00"],   # its last second, the next day's first
    ["2024-03-06 23:59:59.999999", "2024-03-07"],
    ["2024-03-07", "2024-03-08"],                                      # nothing up to it
    ["2024-03-01", "2024-03-02"],                                      # everything
    [],
])
def test_the_cut_is_the_string_slice(stamps: list[str]) -> None:
    frame = _frame(stamps)
    pd.testing.assert_frame_equal(up_to(frame, ASOF), frame.loc[: str(ASOF)], check_exact=True)


def test_an_index_out_of_order_or_with_a_zone_takes_the_slice_itself() -> None:
    zoned = _frame(["2024-03-05", "2024-03-06", "2024-03-07"], tz="America/New_York")
    pd.testing.assert_frame_equal(up_to(zoned, ASOF), zoned.loc[: str(ASOF)])
    shuffled = _frame(["2024-03-05", "2024-03-04", "2024-03-06", "2024-03-07"])
    try:
        expected = shuffled.loc[: str(ASOF)]
    except KeyError:  # pandas refuses some slices of an unordered index: so must the cut
        with pytest.raises(KeyError):
            up_to(shuffled, ASOF)
    else:
        pd.testing.assert_frame_equal(up_to(shuffled, ASOF), expected)
