"""The publish pipeline with platform targets: real build, real archive, real SMTP, local platforms.

Each target runs once after the archive; a target that fails stops alone and
is retried by the next run, and a rerun creates nothing twice.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsletter.publish.pipeline import publish
from newsletter.publish.state import PublishStore
from newsletter.workspace import Workspace
from tests.publish.smtp_server import SmtpTestServer, smtp_server_fixture  # noqa: F401
from tests.publish.targets.api_server import ApiServer
from tests.publish.targets.ghost_app import KEY_ID, SECRET, GhostApp
from tests.publish.targets.listmonk_app import ListmonkApp
from tests.publish.test_pipeline_factories import SUNDAY, SUNDAY_8PM, make_workspace


@pytest.fixture
def platforms(monkeypatch):
    monkeypatch.setenv("NEWSLETTER_LISTMONK_TOKEN", "secret-token")
    monkeypatch.setenv("NEWSLETTER_GHOST_ADMIN_KEY", f"{KEY_ID}:{SECRET}")
    listmonk, ghost = ListmonkApp(), GhostApp()
    servers = ApiServer(listmonk), ApiServer(ghost)
    ghost.url = servers[1].url
    yield {"listmonk": (servers[0], listmonk), "ghost": (servers[1], ghost)}
    for server in servers:
        server.close()
    assert listmonk.violations == [] and ghost.violations == []


def workspace(root: Path, smtp_port: int, platforms, *, smtp: bool = True) -> Workspace:
    make_workspace(root, smtp_port=smtp_port)
    config = root / "newsletter.yaml"
    config.write_text(config.read_text() + f"""\
publish:
  retries: 1
  targets:
{"    - kind: smtp" if smtp else ""}
    - kind: listmonk
      url: {platforms["listmonk"][0].url}
      username: api
      lists: [1]
    - kind: ghost
      url: {platforms["ghost"][0].url}
      newsletter: weekly
""")
    return Workspace.open(root)


def outcomes(ws: Workspace) -> dict[str, tuple[str, str]]:
    with PublishStore(ws.state_dir / "publish.sqlite") as store:
        return {r.target: (r.status, r.remote_id) for r in store.target_outcomes(SUNDAY)}


def test_smtp_listmonk_and_ghost_each_get_the_issue_once(tmp_path, smtp_server: SmtpTestServer, platforms):
    ws = workspace(tmp_path / "ws", smtp_server.port, platforms)
    report = publish(ws, now=SUNDAY_8PM)
    assert report.outcome == "sent", report
    (lm_server, listmonk), (gh_server, ghost) = platforms["listmonk"], platforms["ghost"]
    assert [c["status"] for c in listmonk.campaigns.values()] == ["running"]
    assert [p["status"] for p in ghost.posts.values()] == ["published"]
    assert outcomes(ws) == {"listmonk": ("done", "1"), "ghost": ("done", next(iter(ghost.posts)))}
    assert any(step.startswith("listmonk: campaign running") for step in report.steps)
    assert len(smtp_server.messages) == 5
    campaign = listmonk.campaigns[1]
    assert "https://example.com/letter/2026-11-22/charts/" in campaign["body"]
    again = publish(ws, now=SUNDAY_8PM)
    assert again.outcome == "already-sent"
    assert len(lm_server.calls("POST", "/api/campaigns")) == 1
    assert len(gh_server.calls("POST", "/ghost/api/admin/posts/")) == 1
    assert len(smtp_server.messages) == 5


def test_a_failing_target_stops_alone_and_the_next_run_finishes_it(tmp_path, smtp_server, platforms,
                                                                   monkeypatch):
    ws = workspace(tmp_path / "ws", smtp_server.port, platforms)
    monkeypatch.setenv("NEWSLETTER_GHOST_ADMIN_KEY", f"{KEY_ID}:{'ab' * 32}")
    report = publish(ws, now=SUNDAY_8PM)
    assert report.outcome == "sent"
    assert outcomes(ws)["listmonk"] == ("done", "1")
    assert outcomes(ws)["ghost"][0] == "failed"
    assert ("ghost: failed: GET /posts/slug/newsletter-2026-11-22/: 401 UnauthorizedError: Invalid token: "
            "Signature verification failed") in report.steps
    assert len(smtp_server.messages) == 5
    monkeypatch.setenv("NEWSLETTER_GHOST_ADMIN_KEY", f"{KEY_ID}:{SECRET}")
    again = publish(ws, now=SUNDAY_8PM)
    assert again.outcome == "already-sent"
    assert outcomes(ws)["ghost"][0] == "done"
    assert len(platforms["ghost"][1].posts) == 1 and len(platforms["listmonk"][1].campaigns) == 1
    assert len(smtp_server.messages) == 5


def test_without_an_smtp_target_no_reader_is_mailed(tmp_path, smtp_server, platforms):
    ws = workspace(tmp_path / "ws", smtp_server.port, platforms, smtp=False)
    report = publish(ws, now=SUNDAY_8PM)
    assert (report.outcome, report.reason) == ("sent", "no smtp target")
    assert smtp_server.messages == []
    assert set(outcomes(ws)) == {"listmonk", "ghost"}


def test_status_reports_each_target_after_the_send(tmp_path, smtp_server, platforms, monkeypatch, capsys):
    from newsletter.cli import main

    ws = workspace(tmp_path / "ws", smtp_server.port, platforms)
    smtp_server.reject("reader3@example.com")
    monkeypatch.setenv("NEWSLETTER_GHOST_ADMIN_KEY", f"{KEY_ID}:{'ab' * 32}")
    publish(ws, now=SUNDAY_8PM)
    assert main(["-C", str(ws.root), "status", "--date", "2026-11-22"]) in (0, None)
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("2026-11-22: sent (sent 4 of 5; 1 failed")
    assert out[1] == "web: https://example.com/letter/2026-11-22/"
    assert out[2] == "smtp: 4 delivered, 0 deferred (a rerun retries them), 1 failed, of 5"
    assert out[3].startswith("  failed reader3@example.com: 550")
    lm_url = platforms["listmonk"][0].url
    assert out[4] == f"listmonk: campaign running [1] {lm_url}/admin/campaigns/1"
    assert out[5].startswith("ghost: failed: GET /posts/slug/newsletter-2026-11-22/: 401 UnauthorizedError")
    assert out[5].endswith("(a rerun of publish retries it)")
    assert out[6].startswith("elapsed: ")


def test_status_of_an_issue_never_published(tmp_path, capsys):
    from newsletter.cli import main

    ws = make_workspace(tmp_path / "ws")
    main(["-C", str(ws.root), "status", "--date", "2026-11-22"])
    assert capsys.readouterr().out == "2026-11-22: not published yet\n"
    assert not ws.state_dir.exists()
