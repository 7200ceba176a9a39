"""The ghost target against a local Ghost Admin API that checks the JWT and each body's schema."""

from __future__ import annotations

import pytest

from newsletter.config import GhostTarget
from newsletter.publish.targets import ghost
from newsletter.publish.targets.api import TargetFailed
from tests.publish.targets.api_server import ApiServer, Fault
from tests.publish.targets.factories import (
    NOW,
    SUNDAY,
    KilledAfterCreate,
    KillOnCreated,
    issue,
    policy,
    state,
    store,
)
from tests.publish.targets.ghost_app import KEY_ID, SECRET, GhostApp

POSTS = "/ghost/api/admin/posts/"


@pytest.fixture
def platform(monkeypatch):
    monkeypatch.setenv("NEWSLETTER_GHOST_ADMIN_KEY", f"{KEY_ID}:{SECRET}")
    app = GhostApp(now=lambda: NOW)
    server = ApiServer(app)
    app.url = server.url
    yield server, app
    server.close()
    assert app.violations == []


def config(server: ApiServer, **changes) -> GhostTarget:
    return GhostTarget(kind="ghost", url=server.url, newsletter="weekly", tags=["Weekly", "Markets"],
                       **changes)


def run(tmp_path, server, sleeps=None, **changes):
    with store(tmp_path) as db:
        return ghost.publish(issue(tmp_path), config(server, **changes), state(db, "ghost"),
                             policy([] if sleeps is None else sleeps))


def test_publishes_and_emails_one_post_with_feature_image_tags_and_excerpt(platform, tmp_path):
    server, app = platform
    post_id = run(tmp_path, server)
    post = app.posts[post_id]
    assert (post["status"], post["slug"], post["newsletter"]) == ("published", "newsletter-2026-11-22",
                                                                  {"slug": "weekly"})
    assert post["email"]["recipient_filter"] == "all"
    assert post["feature_image"] == f"{server.url}/content/images/2026/11/spy-weekly.png"
    assert [t["name"] for t in post["tags"]] == ["Weekly", "Markets"]
    assert post["custom_excerpt"] == "IWM beat SPY for the ninth session running."
    assert post["title"] == "Small caps break out"
    assert "<h1>" not in post["html"]
    assert 'src="https://example.com/letter/2026-11-22/charts/spy-weekly.png"' in post["html"]
    assert len(app.images) == 1 and app.images[0]["ref"] == "newsletter-2026-11-22"
    token = app.tokens[0]
    assert token["header"] == {"alg": "HS256", "kid": KEY_ID, "typ": "JWT"}
    assert token["claims"]["aud"] == "/admin/"
    assert token["claims"]["exp"] - token["claims"]["iat"] == 300
    with store(tmp_path) as db:
        record = db.target_outcome(SUNDAY, "ghost")
    assert (record.status, record.detail) == ("done", "post published, emailed to weekly")
    assert record.url == f"{server.url}/p/{post_id}/"


def test_schedules_without_publishing_now(platform, tmp_path):
    server, app = platform
    post_id = run(tmp_path, server, mode="schedule", send_time="07:30")
    post = app.posts[post_id]
    assert post["status"] == "scheduled"
    assert post["published_at"] == "2026-11-22T12:30:00.000Z"
    assert post["newsletter"] == {"slug": "weekly"}


def test_a_draft_stays_a_draft(platform, tmp_path):
    server, app = platform
    post_id = run(tmp_path, server, mode="draft")
    assert app.posts[post_id]["status"] == "draft"
    assert len(server.calls("PUT", f"{POSTS}{post_id}/")) == 0


def test_kill_between_created_and_recorded_rerun_finds_the_post_by_slug(platform, tmp_path):
    server, app = platform
    with store(tmp_path) as db:
        killed = KillOnCreated(db, SUNDAY, "ghost")
        with pytest.raises(KilledAfterCreate):
            ghost.publish(issue(tmp_path), config(server), killed, policy([]))
        post_id = ghost.publish(issue(tmp_path), config(server), state(db, "ghost"), policy([]))
    assert list(app.posts) == [post_id] and app.posts[post_id]["status"] == "published"
    assert len(server.calls("POST", POSTS)) == 1 and len(app.images) == 1


def test_rerun_after_done_sends_nothing_again(platform, tmp_path):
    server, app = platform
    first = run(tmp_path, server)
    second = run(tmp_path, server)
    assert first == second and len(app.posts) == 1
    assert len(server.calls("PUT", f"{POSTS}{first}/")) == 1


def test_timeout_on_publish_finds_it_published_and_does_not_email_twice(platform, tmp_path):
    server, app = platform
    server.faults.append(Fault("PUT", POSTS, after="hang"))
    sleeps: list[float] = []
    with store(tmp_path) as db:
        post_id = ghost.publish(issue(tmp_path), config(server), state(db, "ghost"),
                                policy(sleeps, timeout=0.5))
    assert app.posts[post_id]["status"] == "published"
    assert len(server.calls("PUT", f"{POSTS}{post_id}/")) == 1 and sleeps == [1.0]


def test_503_then_success_and_429_retry_after(platform, tmp_path):
    server, app = platform
    server.faults += [Fault("POST", "/ghost/api/admin/images/upload/", status=503,
                            body={"errors": [{"message": "Service unavailable", "type": "InternalServerError"}]}),
                      Fault("POST", POSTS, status=429, headers={"Retry-After": "12"},
                            body={"errors": [{"message": "Too many requests", "type": "TooManyRequestsError"}]})]
    sleeps: list[float] = []
    run(tmp_path, server, sleeps)
    assert sleeps == [1.0, 12.0] and len(app.posts) == 1


def test_auth_failure_is_one_line_and_permanent(platform, tmp_path, monkeypatch):
    server, app = platform
    monkeypatch.setenv("NEWSLETTER_GHOST_ADMIN_KEY", f"{KEY_ID}:{'ab' * 32}")
    with pytest.raises(TargetFailed) as failed:
        run(tmp_path, server)
    assert not failed.value.temporary
    assert failed.value.message == ("GET /posts/slug/newsletter-2026-11-22/: 401 UnauthorizedError: "
                                    "Invalid token: Signature verification failed")
    assert "ab" * 32 not in failed.value.message


def test_a_malformed_key_is_refused_before_any_request(platform, tmp_path, monkeypatch):
    server, _ = platform
    monkeypatch.setenv("NEWSLETTER_GHOST_ADMIN_KEY", "not-a-key")
    with pytest.raises(TargetFailed, match="does not hold an Admin API key"):
        run(tmp_path, server)
    assert server.requests == []


def test_422_validation_error_stops_with_ghosts_context(platform, tmp_path):
    server, app = platform
    server.faults.append(Fault("POST", POSTS, status=422, body={"errors": [{
        "message": "Validation error, cannot save post.", "context": "Value in [posts.title] cannot be blank.",
        "type": "ValidationError"}]}))
    with pytest.raises(TargetFailed) as failed:
        run(tmp_path, server)
    assert failed.value.message == ("POST /posts/: 422 ValidationError: Validation error, cannot save "
                                    "post.: Value in [posts.title] cannot be blank.")
    assert app.posts == {}


def test_the_schema_refuses_an_overlong_excerpt(platform):
    """The local Ghost's validation can fail: 301 characters of excerpt get Ghost's 422."""
    _, app = platform
    answer = app._valid({"posts": [{"title": "t", "custom_excerpt": "x" * 301}]})
    assert answer.status == 422 and "is too long" in answer.body["errors"][0]["context"]
    app.violations.clear()


def test_a_long_hook_is_cut_to_ghosts_excerpt_limit(platform, tmp_path):
    import dataclasses

    server, app = platform
    long = dataclasses.replace(issue(tmp_path), hook="word " * 100)
    with store(tmp_path) as db:
        post_id = ghost.publish(long, config(server), state(db, "ghost"), policy([]))
    assert len(app.posts[post_id]["custom_excerpt"]) == 300


def test_an_image_uploaded_before_a_failed_post_is_reused_not_uploaded_again(platform, tmp_path):
    """The upload is recorded at once: a run that stops after it (here Ghost refuses the post;
    a kill is the same) leaves a rerun that creates the post with the same image."""
    server, app = platform
    server.faults.append(Fault("POST", POSTS, status=422, body={"errors": [{
        "message": "Validation error, cannot save post.", "type": "ValidationError"}]}))
    with pytest.raises(TargetFailed):
        run(tmp_path, server)
    assert len(app.images) == 1 and app.posts == {}
    post_id = run(tmp_path, server)
    assert len(app.images) == 1 and len(server.calls("POST", "/ghost/api/admin/images/upload/")) == 1
    assert app.posts[post_id]["feature_image"] == f"{server.url}/content/images/2026/11/spy-weekly.png"
    with store(tmp_path) as db:  # once the post exists its id and url replace the image's record
        record = db.target_outcome(SUNDAY, "ghost")
        assert record is not None and record.remote_id == post_id and state(db, "ghost").uploaded_url == ""
