"""A few SIGKILL trials in the suite (the benchmark runs 100): nothing is ever created twice."""

from __future__ import annotations

from tests.publish.targets.kill_harness import run_trials


def test_sigkills_at_random_requests_never_create_twice(tmp_path):
    figures = run_trials(6, tmp_path, seed=11)
    assert figures.killed == 6, figures.lines()
    assert figures.duplicates == [] and figures.wrong == [], figures.lines()
    assert dict(figures.objects) == {"listmonk": 6, "ghost": 6, "buttondown": 6}
