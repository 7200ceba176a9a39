"""The send benchmark's rate arithmetic: the busiest 60 s and the minutes the run outlasted."""

from __future__ import annotations

from benchmarks.bench_send import busiest_minute, full_minutes


def test_busiest_minute_slides_over_the_arrivals():
    assert busiest_minute([0.0, 1.0, 59.9, 60.0, 60.5]) == 4  # 1.0 .. 60.5
    assert busiest_minute([0.0, 60.0, 120.0]) == 1
    assert busiest_minute([]) == 0


def test_full_minutes_count_each_minute_but_the_unfinished_last():
    burst_then_paced = [0.0, 0.5, 1.0, 60.0, 60.5, 61.0, 120.0]
    assert full_minutes(burst_then_paced) == [3, 3]
    assert full_minutes([0.0, 10.0]) == []
