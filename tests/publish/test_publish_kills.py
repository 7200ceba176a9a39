"""A few trials of the combined kill run (the benchmark runs 100): nothing is ever made twice.

The real ``newsletter publish`` (smtp with DKIM, Ghost, listmonk) on the issue built
from the shipped bars is SIGKILLed once per trial, in the archive step, at a Ghost
request, at a listmonk request and mid-SMTP-list, then rerun to the end.
"""

from __future__ import annotations

import pytest

from tests.publish.publish_kill_harness import missing_tools, run_trials

pytestmark = pytest.mark.skipif(bool(missing_tools()), reason=missing_tools() or "runs")


def test_a_killed_publish_reruns_to_one_post_one_campaign_one_message_each(tmp_path):
    figures = run_trials(4, tmp_path, readers=12, seed=5, stages=("archive", "ghost", "listmonk", "smtp"))
    print("\n".join(figures.lines()))
    assert figures.duplicates == [] and figures.failures == [], figures.lines()
    assert sum(figures.kills_landed.values()) == 4, figures.lines()
    assert dict(figures.posts) == {1: 4} and dict(figures.campaigns) == {1: 4}
    assert dict(figures.archive_rows) == {1: 4} and dict(figures.feed_items) == {1: 4}
    assert dict(figures.distinct_ids) == {1: 4 * 12}  # every reader once, under one Message-ID
    assert figures.dkim_verified == figures.delivered >= 4 * 12
    assert figures.resent_same_id == figures.kills_in_window  # each window kill shows, once
    assert dict(figures.final_states) == {"sent": 4}
