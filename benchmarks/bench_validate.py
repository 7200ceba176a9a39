"""The data validation stage: one issue's snapshot, and whole histories at once (the replay's call).

    .venv/bin/python -m benchmarks.bench_validate

Prints the median of 5 runs for: the sample market's snapshot as a build sees it
(``validate_snapshot``: every check and the per-ticker staleness), and
``validate_bars`` over 23 years of real daily bars (``../shared/data/yahoo-daily``,
skipped when absent) repeated to 50 and 200 tickers.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

RUNS = 5


def _median(call) -> float:
    call()  # warm: the calendar table, imports
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    from newsletter.collect import collect
    from newsletter.config import Config
    from newsletter.data.csv_folder import CsvFolderSource
    from newsletter.data.sample import SampleSource
    from newsletter.validate import validate_bars, validate_snapshot
    from tests.conftest import shared_data_dir

    config = Config()
    snapshot = collect(SampleSource(seed=7), config, dt.date(2026, 11, 20))
    rows = sum(len(f) for f in snapshot.bars.values())
    seconds = _median(lambda: validate_snapshot(snapshot, config))
    print(f"sample snapshot: {len(snapshot.bars)} tickers, {rows:,} bars: {seconds * 1000:.1f} ms")
    real = shared_data_dir()
    if real is None:
        print("real bars absent: set NEWSLETTER_SHARED_DATA for the whole-history figures")
        return 0
    names = ["SPY", "QQQ", "IWM", "DIA", "^VIX"]
    history = CsvFolderSource(real).bars(names, dt.date(1999, 1, 1), dt.date(2023, 1, 1)).bars
    for count in (50, 200):
        bars = {f"{names[i % 5]}{i}": history[names[i % 5]] for i in range(count)}
        rows = sum(len(f) for f in bars.values())
        seconds = _median(lambda bars=bars: validate_bars(bars))
        print(f"whole history: {count} tickers, {rows:,} bars: {seconds * 1000:.0f} ms "
              f"({seconds / count * 1000:.2f} ms a ticker)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
