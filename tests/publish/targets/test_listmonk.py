"""The listmonk target against a local listmonk that validates each body against its OpenAPI file."""

from __future__ import annotations

import datetime as dt

import pytest

from newsletter.config import ListmonkTarget
from newsletter.publish.targets import listmonk
from newsletter.publish.targets.api import TargetFailed
from tests.publish.targets.api_server import ApiServer, Fault
from tests.publish.targets.factories import (
    NOW,
    KilledAfterCreate,
    KillOnCreated,
    issue,
    policy,
    state,
    store,
)
from tests.publish.targets.listmonk_app import ListmonkApp


@pytest.fixture
def platform(monkeypatch):
    monkeypatch.setenv("NEWSLETTER_LISTMONK_TOKEN", "secret-token")
    app = ListmonkApp(now=lambda: NOW)
    server = ApiServer(app)
    yield server, app
    server.close()
    assert app.violations == []


def config(server: ApiServer, **changes) -> ListmonkTarget:
    return ListmonkTarget(kind="listmonk", url=server.url, username="api", lists=[3, 4], **changes)


def test_creates_and_starts_one_campaign_with_html_and_text(platform, tmp_path):
    server, app = platform
    sleeps: list[float] = []
    with store(tmp_path) as db:
        remote_id = listmonk.publish(issue(tmp_path), config(server), state(db, "listmonk"), policy(sleeps))
        record = db.target_outcome(state(db, "listmonk").issue_date, "listmonk")
    campaign = app.campaigns[int(remote_id)]
    assert campaign["status"] == "running"
    assert campaign["tags"] == ["newsletter-2026-11-22"]
    assert [item["id"] for item in campaign["lists"]] == [3, 4]
    assert 'src="https://example.com/letter/2026-11-22/charts/spy-weekly.png"' in campaign["body"]
    assert "cid:" not in campaign["body"]
    assert campaign["altbody"].startswith("Small caps break out")
    assert campaign["from_email"] == "Test Letter <letter@example.com>"
    assert (record.status, record.remote_id, record.detail) == ("done", remote_id, "campaign running")
    assert server.requests[0].headers["authorization"] == "token api:secret-token"
    assert sleeps == []


def test_schedules_at_the_send_time_in_the_workspace_zone(platform, tmp_path):
    server, app = platform
    with store(tmp_path) as db:
        remote_id = listmonk.publish(issue(tmp_path), config(server, mode="schedule", send_time="18:00"),
                                     state(db, "listmonk"), policy([]))
    campaign = app.campaigns[int(remote_id)]
    assert campaign["status"] == "scheduled"
    assert campaign["send_at"] == "2026-11-22T23:00:00Z"  # 18:00 in New York, EST


def test_rerun_after_done_changes_nothing(platform, tmp_path):
    server, app = platform
    with store(tmp_path) as db:
        first = listmonk.publish(issue(tmp_path), config(server), state(db, "listmonk"), policy([]))
        second = listmonk.publish(issue(tmp_path), config(server), state(db, "listmonk"), policy([]))
    assert first == second and len(app.campaigns) == 1
    assert len(server.calls("POST", "/api/campaigns")) == 1
    assert len(server.calls("PUT", f"/api/campaigns/{first}/status")) == 1


def test_kill_between_created_and_recorded_rerun_finds_the_campaign(platform, tmp_path):
    server, app = platform
    with store(tmp_path) as db:
        killed = KillOnCreated(db, state(db, "listmonk").issue_date, "listmonk")
        with pytest.raises(KilledAfterCreate):
            listmonk.publish(issue(tmp_path), config(server), killed, policy([]))
        assert db.target_outcome(killed.issue_date, "listmonk") is None
        assert [c["status"] for c in app.campaigns.values()] == ["draft"]
        remote_id = listmonk.publish(issue(tmp_path), config(server), state(db, "listmonk"), policy([]))
    assert len(app.campaigns) == 1 and remote_id == "1"
    assert app.campaigns[1]["status"] == "running"
    assert len(server.calls("POST", "/api/campaigns")) == 1


def test_connection_dropped_after_the_create_finds_it_instead_of_creating_again(platform, tmp_path):
    server, app = platform
    server.faults.append(Fault("POST", "/api/campaigns", after="drop"))
    sleeps: list[float] = []
    with store(tmp_path) as db:
        listmonk.publish(issue(tmp_path), config(server), state(db, "listmonk"), policy(sleeps))
    assert len(app.campaigns) == 1 and app.campaigns[1]["status"] == "running"
    assert len(server.calls("POST", "/api/campaigns")) == 1
    assert sleeps == [1.0]


def test_timeout_is_retried_and_the_late_create_is_found(platform, tmp_path):
    server, app = platform
    server.faults.append(Fault("POST", "/api/campaigns", after="hang"))
    sleeps: list[float] = []
    with store(tmp_path) as db:
        listmonk.publish(issue(tmp_path), config(server), state(db, "listmonk"),
                         policy(sleeps, timeout=0.5))
    assert len(app.campaigns) == 1 and app.campaigns[1]["status"] == "running"
    assert len(server.calls("POST", "/api/campaigns")) == 1
    assert sleeps == [1.0]


def test_429_honours_retry_after_then_503_backs_off_then_succeeds(platform, tmp_path):
    server, app = platform
    server.faults += [
        Fault("GET", "/api/campaigns", status=429, body={"message": "too many requests"},
              headers={"Retry-After": "7"}),
        Fault("POST", "/api/campaigns", status=503, body={"message": "database unavailable"}),
    ]
    sleeps: list[float] = []
    with store(tmp_path) as db:
        listmonk.publish(issue(tmp_path), config(server), state(db, "listmonk"), policy(sleeps))
    assert sleeps == [7.0, 1.0]
    assert len(app.campaigns) == 1


def test_retry_after_as_an_http_date(platform, tmp_path):
    server, _ = platform
    server.faults.append(Fault("GET", "/api/campaigns", status=429,
                               headers={"Retry-After": "Sun, 22 Nov 2026 12:00:30 GMT"}))
    sleeps: list[float] = []
    with store(tmp_path) as db:
        listmonk.publish(issue(tmp_path), config(server), state(db, "listmonk"), policy(sleeps))
    assert sleeps == [30.0]


def test_a_retry_after_beyond_max_wait_stops_for_a_rerun(platform, tmp_path):
    server, app = platform
    server.faults.append(Fault("GET", "/api/campaigns", status=429, headers={"Retry-After": "3600"}))
    sleeps: list[float] = []
    with store(tmp_path) as db, pytest.raises(TargetFailed) as failed:
        listmonk.publish(issue(tmp_path), config(server), state(db, "listmonk"), policy(sleeps))
    assert failed.value.temporary and "asked to wait 3600 s" in failed.value.message
    assert sleeps == [] and app.campaigns == {}


def test_lasting_503_gives_up_after_the_retries(platform, tmp_path):
    server, app = platform
    server.faults += [Fault("GET", "/api/campaigns", status=503, body={"message": "down"})] * 4
    sleeps: list[float] = []
    with store(tmp_path) as db, pytest.raises(TargetFailed) as failed:
        listmonk.publish(issue(tmp_path), config(server), state(db, "listmonk"), policy(sleeps))
    assert failed.value.message == "503 down (gave up after 4 tries; a rerun resumes)"
    assert sleeps == [1.0, 2.0, 4.0]


def test_auth_failure_is_permanent_with_the_platform_message(platform, tmp_path, monkeypatch):
    server, app = platform
    monkeypatch.setenv("NEWSLETTER_LISTMONK_TOKEN", "wrong")
    sleeps: list[float] = []
    with store(tmp_path) as db, pytest.raises(TargetFailed) as failed:
        listmonk.publish(issue(tmp_path), config(server), state(db, "listmonk"), policy(sleeps))
    assert not failed.value.temporary
    assert failed.value.message == "GET /campaigns: 403 invalid API credentials"
    assert "wrong" not in failed.value.message and sleeps == []


def test_missing_token_variable_names_it(platform, tmp_path, monkeypatch):
    server, _ = platform
    monkeypatch.delenv("NEWSLETTER_LISTMONK_TOKEN")
    with store(tmp_path) as db, pytest.raises(TargetFailed, match="NEWSLETTER_LISTMONK_TOKEN"):
        listmonk.publish(issue(tmp_path), config(server), state(db, "listmonk"), policy([]))
    assert server.requests == []


def test_validation_error_is_permanent(platform, tmp_path):
    server, app = platform
    server.faults.append(Fault("POST", "/api/campaigns", status=422,
                               body={"message": "Invalid list IDs."}))
    sleeps: list[float] = []
    with store(tmp_path) as db, pytest.raises(TargetFailed) as failed:
        listmonk.publish(issue(tmp_path), config(server), state(db, "listmonk"), policy(sleeps))
    assert failed.value.message == "POST /campaigns: 422 Invalid list IDs."
    assert sleeps == [] and app.campaigns == {}


def test_the_server_rejects_a_body_against_the_published_schema(platform):
    """The fake platform's validation can fail: a body the OpenAPI schema rejects gets listmonk's 400."""
    server, app = platform
    answer = app.handle(_request(
        {"name": "x", "subject": "y", "lists": ["three"], "type": "regular",
         "content_type": "html", "body": "<p>"}))
    assert answer.status == 400 and "'three' is not of type 'number'" in answer.body["message"]
    app.violations.clear()


def _request(body):
    import json

    from tests.publish.targets.api_server import Request

    return Request("POST", "/api/campaigns", {}, {"authorization": "token api:secret-token"},
                   json.dumps(body).encode(), "application/json")


def test_a_recorded_campaign_deleted_by_hand_is_not_created_again(platform, tmp_path):
    server, app = platform
    with store(tmp_path) as db:
        db.record_target(dt.date(2026, 11, 22), "listmonk", "created", remote_id="41")
        with pytest.raises(TargetFailed, match="campaign 41 was recorded but is gone"):
            listmonk.publish(issue(tmp_path), config(server), state(db, "listmonk"), policy([]))
    assert app.campaigns == {}


def test_a_url_without_scheme_is_one_line_not_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSLETTER_LISTMONK_TOKEN", "secret-token")
    bad = ListmonkTarget(kind="listmonk", url="lists.example.com", username="api", lists=[1])
    with store(tmp_path) as db, pytest.raises(TargetFailed) as failed:
        listmonk.publish(issue(tmp_path), bad, state(db, "listmonk"), policy([]))
    assert failed.value.message.startswith("GET lists.example.com/api/campaigns: MissingSchema")
    assert "secret-token" not in failed.value.message
