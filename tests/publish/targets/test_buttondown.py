"""The buttondown target against a local Buttondown that validates bodies against its OpenAPI file."""

from __future__ import annotations

import pytest

from newsletter.config import ButtondownTarget
from newsletter.publish.targets import buttondown
from newsletter.publish.targets.api import TargetFailed
from newsletter.publish.targets.contract import TargetState
from tests.publish.targets.api_server import ApiServer, Fault
from tests.publish.targets.buttondown_app import API_KEY, ButtondownApp
from tests.publish.targets.factories import (
    NOW,
    SUNDAY,
    KilledAfterCreate,
    issue,
    policy,
    state,
    store,
)


@pytest.fixture
def platform(monkeypatch):
    monkeypatch.setenv("NEWSLETTER_BUTTONDOWN_API_KEY", API_KEY)
    app = ButtondownApp(now=lambda: NOW)
    server = ApiServer(app)
    yield server, app
    server.close()
    assert app.violations == []


def run(tmp_path, server, sleeps=None, **changes):
    with store(tmp_path) as db:
        return buttondown.publish(issue(tmp_path), ButtondownTarget(kind="buttondown", url=server.url,
                                                                    **changes),
                                  state(db, "buttondown"), policy([] if sleeps is None else sleeps))


def test_sends_one_email_in_markdown_with_absolute_images(platform, tmp_path):
    server, app = platform
    email_id = run(tmp_path, server)
    email = app.emails[email_id]
    assert email["status"] == "about_to_send"
    assert email["subject"] == "Small caps break out"
    assert "![SPY weekly](https://example.com/letter/2026-11-22/charts/spy-weekly.png)" in email["body"]
    assert email["image"] == "https://example.com/letter/2026-11-22/charts/spy-weekly.png"
    assert email["metadata"] == {"newsletter_key": "newsletter-2026-11-22"}
    assert server.requests[0].headers["authorization"] == f"Token {API_KEY}"
    with store(tmp_path) as db:
        record = db.target_outcome(SUNDAY, "buttondown")
    assert (record.status, record.remote_id, record.detail) == ("done", email_id, "email about_to_send")


@pytest.mark.parametrize(("changes", "status", "date"), [
    ({"mode": "draft"}, "draft", None),
    ({"mode": "schedule", "send_time": "09:15"}, "scheduled", "2026-11-22T14:15:00Z"),
    ({"mode": "schedule", "send_time": "06:00"}, "about_to_send", None),  # 06:00 EST is past: now
])
def test_draft_scheduled_or_at_once(platform, tmp_path, changes, status, date):
    server, app = platform
    email = app.emails[run(tmp_path, server, **changes)]
    assert (email["status"], email["publish_date"]) == (status, date)


def test_kill_between_created_and_recorded_rerun_finds_the_email(platform, tmp_path, monkeypatch):
    server, app = platform
    """Buttondown's one step is the create: the process dies before recording its id."""
    original = TargetState.done

    def killed(self, *args, **kwargs):
        raise KilledAfterCreate()

    monkeypatch.setattr(TargetState, "done", killed)
    with pytest.raises(KilledAfterCreate):
        run(tmp_path, server)
    monkeypatch.setattr(TargetState, "done", original)
    with store(tmp_path) as db:
        assert db.target_outcome(SUNDAY, "buttondown") is None
    email_id = run(tmp_path, server)
    assert list(app.emails) == [email_id]
    assert len(server.calls("POST", "/v1/emails")) == 1


def test_dropped_connection_after_create_does_not_send_twice(platform, tmp_path):
    server, app = platform
    server.faults.append(Fault("POST", "/v1/emails", after="drop"))
    sleeps: list[float] = []
    run(tmp_path, server, sleeps)
    assert len(app.emails) == 1 and sleeps == [1.0]


def test_timeout_then_found(platform, tmp_path):
    server, app = platform
    server.faults.append(Fault("POST", "/v1/emails", after="hang"))
    sleeps: list[float] = []
    with store(tmp_path) as db:
        buttondown.publish(issue(tmp_path), ButtondownTarget(kind="buttondown", url=server.url),
                           state(db, "buttondown"), policy(sleeps, timeout=0.5))
    assert len(app.emails) == 1 and sleeps == [1.0]


def test_429_retry_after_and_503_then_success(platform, tmp_path):
    server, app = platform
    server.faults += [Fault("GET", "/v1/emails", status=429, headers={"Retry-After": "20"},
                            body={"code": "rate_limited", "detail": "Request was throttled."}),
                      Fault("POST", "/v1/emails", status=503, body=b"<html>Service Unavailable</html>")]
    sleeps: list[float] = []
    run(tmp_path, server, sleeps)
    assert sleeps == [20.0, 1.0] and len(app.emails) == 1


def test_auth_failure(platform, tmp_path, monkeypatch):
    server, app = platform
    monkeypatch.setenv("NEWSLETTER_BUTTONDOWN_API_KEY", "wrong-key")
    with pytest.raises(TargetFailed) as failed:
        run(tmp_path, server)
    assert failed.value.message == "GET /emails: 401 Invalid token."
    assert not failed.value.temporary and app.emails == {}


def test_422_names_the_field(platform, tmp_path):
    server, app = platform
    server.faults.append(Fault("POST", "/v1/emails", status=422, body={"detail": [
        {"type": "enum", "loc": ["body", "payload", "status"], "msg": "'sent' is not a valid status"}]}))
    with pytest.raises(TargetFailed) as failed:
        run(tmp_path, server)
    assert failed.value.message == "POST /emails: 422 'sent' is not a valid status"


def test_the_published_schema_refuses_an_unknown_field(platform):
    """The fake's validation can fail: EmailInput forbids fields it does not list."""
    server, app = platform
    answer = app._create({"subject": "x", "tags": ["weekly"]})
    assert answer.status == 422 and "Additional properties" in answer.body["detail"][0]["msg"]
    app.violations.clear()
