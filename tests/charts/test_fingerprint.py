"""Input digests: equal for equal inputs in any process, different for any drawn difference."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from newsletter.charts.cache import chart_key
from newsletter.charts.fingerprint import digest
from newsletter.charts.inputs import Level
from tests.charts import factories as f

REPO = Path(__file__).resolve().parents[2]


def test_equal_frames_have_equal_digests_and_a_changed_value_does_not() -> None:
    one, two = f.bars(), f.bars()
    assert digest(one) == digest(two)
    two.iloc[100, 3] += 0.01
    assert digest(one) != digest(two)


def test_the_index_column_names_and_dtypes_count() -> None:
    frame = f.bars()
    assert digest(frame) != digest(frame.shift(1, freq="D"))
    assert digest(frame) != digest(frame.rename(columns={"Close": "close"}))
    assert digest(frame) != digest(frame.astype({"Volume": "float32"}))


def test_option_chains_with_dates_and_strings_hash() -> None:
    chain = f.chain()
    assert digest(chain) == digest(chain.copy())
    other = chain.copy()
    other.loc[0, "kind"] = "call" if other.loc[0, "kind"] == "put" else "put"
    assert digest(chain) != digest(other)


def test_plain_values_are_told_apart_by_type_and_value() -> None:
    assert digest(1) != digest("1") != digest(1.0)
    assert digest({"a": 1, "b": 2}) == digest({"b": 2, "a": 1})
    assert digest((Level("Put wall", 260.0, "put_wall"),)) != digest(
        (Level("Put wall", 260.0, "support"),))
    assert digest(dt.date(2026, 11, 20)) != digest("2026-11-20")
    assert digest(float("nan")) == digest(np.float64("nan"))
    assert digest({"SPY", "QQQ"}) == digest({"QQQ", "SPY"})


def test_unknown_inputs_are_refused_not_ignored() -> None:
    with pytest.raises(TypeError, match="cannot fingerprint"):
        digest(object())


def test_keys_are_stable_across_processes() -> None:
    spec = f.chart_specs()[0]
    here = chart_key(spec.kind, dict(spec.kwargs), b"style")
    code = ("from tests.charts import factories as f; from newsletter.charts.cache import "
            "chart_key; s = f.chart_specs()[0]; print(chart_key(s.kind, dict(s.kwargs), b'style'))")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                          text=True, check=True, env={"PYTHONHASHSEED": "123", "PATH": ""})
    assert done.stdout.strip() == here


def test_series_digest_includes_its_dates() -> None:
    s = pd.Series([1.0, 2.0], index=pd.to_datetime(["2026-11-19", "2026-11-20"]))
    assert digest(s) != digest(s.set_axis(pd.to_datetime(["2026-11-18", "2026-11-20"])))
