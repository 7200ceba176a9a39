"""The publish safety rule judges freshness on every key ticker (``Config.key_tickers``), the
same ones the checks use: an index a day stale holds the issue even when SPY is fresh."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pandas as pd
import pytest

from newsletter.config import Config
from newsletter.model import Snapshot
from newsletter.publish.pipeline import safety_reasons
from tests.publish.test_pipeline_factories import FRIDAY, SUNDAY, SUNDAY_8PM

THURSDAY = dt.date(2026, 11, 19)


def _bars(last: dt.date) -> pd.DataFrame:
    index = pd.bdate_range(end=pd.Timestamp(last), periods=5, name="Date")
    return pd.DataFrame({"Open": 1.0, "High": 1.0, "Low": 1.0, "Close": 1.0, "Adj Close": 1.0,
                         "Volume": 1}, index=index)


@pytest.mark.parametrize("iwm_last, held", [(FRIDAY, False), (THURSDAY, True)])
def test_a_key_index_one_session_stale_holds_the_publish(iwm_last: dt.date, held: bool) -> None:
    config = Config()
    assert "IWM" in config.key_tickers()
    bars = {"SPY": _bars(FRIDAY), "IWM": _bars(iwm_last), "XLK": _bars(FRIDAY)}
    result = SimpleNamespace(snapshot=Snapshot("csv:test", FRIDAY, bars))
    reasons = safety_reasons(SimpleNamespace(config=config), result, SUNDAY, SUNDAY_8PM)
    assert bool(reasons) is held, reasons
    if held:
        assert "IWM 2026-11-19" in reasons[0]
