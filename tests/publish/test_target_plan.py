"""``publish --dry-run`` lists every configured target and what it would do, from its record."""

from __future__ import annotations

from pathlib import Path

from newsletter.publish.pipeline import publish
from newsletter.publish.state import PublishStore
from newsletter.workspace import Workspace
from tests.publish.test_pipeline_factories import SUNDAY, SUNDAY_8PM, make_workspace

TARGETS = """
publish:
  targets:
    - kind: ghost
      url: https://site.ghost.io
      newsletter: weekly
      mode: schedule
      send_time: "07:30"
    - kind: smtp
    - kind: listmonk
      url: https://lists.example.com
      username: api
      lists: [3, 4]
    - kind: buttondown
      mode: draft
"""


def workspace(tmp_path: Path, targets: str = TARGETS, author: str = "") -> Workspace:
    ws = make_workspace(tmp_path / "ws", author=author)
    config = ws.root / "newsletter.yaml"
    config.write_text(config.read_text() + targets)
    return Workspace.open(ws.root)


def test_each_configured_target_says_what_it_would_do_in_the_configs_order(tmp_path: Path) -> None:
    ws = workspace(tmp_path, author="editor@example.com")
    steps = publish(ws, dry_run=True, now=SUNDAY_8PM).steps
    targets = [s for s in steps if s.split(":")[0] in ("ghost", "smtp", "listmonk", "buttondown")]
    assert targets == [
        "ghost: create the post newsletter-2026-11-22 at https://site.ghost.io (lead chart as feature "
        "image, tags Weekly), then schedule it at 07:30 America/New_York on 2026-11-22 (now, if that "
        "has passed), emailed to newsletter 'weekly' (segment all)",
        "smtp: send it to 5 readers (0 sent in an earlier run)",
        "listmonk: create the campaign newsletter-2026-11-22 at https://lists.example.com on lists "
        "3, 4, then start it",
        "buttondown: create the email at https://api.buttondown.com (Markdown, absolute image URLs) "
        "as a draft",
    ]
    assert steps[-1] == "then mark it sent and email the report to editor@example.com"
    assert not ws.state_dir.exists()  # a dry run changes nothing


def test_recorded_outcomes_change_the_plan_done_created_failed(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    ws.state_dir.mkdir(parents=True)
    with PublishStore(ws.state_dir / "publish.sqlite") as store:
        store.record_target(SUNDAY, "ghost", "done", remote_id="64f1", detail="scheduled")
        store.record_target(SUNDAY, "listmonk", "created", remote_id="17")
        store.record_target(SUNDAY, "buttondown", "failed", detail="401 Unauthorized")
    steps = publish(ws, dry_run=True, now=SUNDAY_8PM).steps
    assert "ghost: nothing: done (scheduled) [64f1]" in steps
    assert "listmonk: resume 17, created in an earlier run: start it" in steps
    assert ("buttondown: create the email at https://api.buttondown.com (Markdown, absolute image "
            "URLs) as a draft (again: it failed earlier: 401 Unauthorized)") in steps


def test_without_an_smtp_target_nothing_is_emailed_to_readers(tmp_path: Path) -> None:
    ws = workspace(tmp_path, "publish:\n  targets:\n    - kind: buttondown\n")
    steps = publish(ws, dry_run=True, now=SUNDAY_8PM).steps
    assert not any("readers" in s for s in steps)
    assert any(s.startswith("buttondown: create the email") and s.endswith("and send it") for s in steps)
    assert steps[-1] == "then mark it sent"
