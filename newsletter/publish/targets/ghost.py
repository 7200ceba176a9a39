"""Ghost: a post from the issue, its lead chart as feature image; published and emailed, or scheduled.

API reference: the Ghost Admin API docs (docs.ghost.org/admin-api: "Token
authentication", posts/overview, "Creating a post", "Publishing a post",
"Images"; read 2026-12-04). Base ``<admin domain>/ghost/api/admin``; every
request carries ``Authorization: Ghost <JWT>``: HS256 with the hex-decoded
secret of the Admin API key ``id:secret``, header ``kid`` = id, claims ``iat``,
``exp`` (5 minutes later) and ``aud`` ``/admin/``; a fresh token per request.
Errors are ``{"errors": [{"message", "context", "type"}]}`` (422 ValidationError,
401 UnauthorizedError, 409 UpdateCollisionError, 429 TooManyRequestsError).

The stable key is the post's slug, ``newsletter-<date>``: before creating, the
recorded post id or ``GET /posts/slug/<slug>/`` finds an earlier post. A post is
created as a draft; publishing or scheduling is a second step (``PUT`` with the
post's ``updated_at`` and ``?newsletter=<slug>`` to email it), done once: a
post already published, scheduled or sent is left alone.
"""

from __future__ import annotations

import logging
import os
import re
import time
from typing import Any

import jwt
import markdown as md_lib  # type: ignore[import-untyped]

from newsletter.config import GhostTarget
from newsletter.publish.targets.api import Api, RetryPolicy, TargetFailed
from newsletter.publish.targets.contract import OutgoingIssue, TargetState

log = logging.getLogger(__name__)

OUT = ("published", "scheduled", "sent")
EXCERPT_LIMIT = 300
"""Ghost's limit on ``custom_excerpt``."""
TOKEN_SECONDS = 5 * 60
_KEY_RE = re.compile(r"^[0-9a-f]+:[0-9a-f]+$", re.IGNORECASE)


def admin_token(key: str, now: float) -> str:
    """The short-lived JWT Ghost's Admin API takes for the Admin API key ``id:secret``."""
    key_id, _, secret = key.partition(":")
    issued = int(now)
    return jwt.encode({"iat": issued, "exp": issued + TOKEN_SECONDS, "aud": "/admin/"},
                      bytes.fromhex(secret), algorithm="HS256", headers={"kid": key_id})


def _api(config: GhostTarget, policy: RetryPolicy) -> Api:
    key = os.environ.get(config.key_env, "").strip()
    if not key:
        raise TargetFailed(f"the environment variable {config.key_env} (the Admin API key) is not set",
                           temporary=False)
    if not _KEY_RE.match(key):
        raise TargetFailed(f"the environment variable {config.key_env} does not hold an Admin API key "
                           "(id:secret, both hexadecimal)", temporary=False)
    return Api("ghost", f"{config.url.rstrip('/')}/ghost/api/admin",
               lambda: {"Authorization": f"Ghost {admin_token(key, time.time())}",
                        "Accept-Version": "v5.0"}, policy)


def post_body(issue: OutgoingIssue, config: GhostTarget, feature_image: str) -> dict[str, Any]:
    """The body of ``POST /posts/?source=html``: a draft of the issue."""
    markdown = re.sub(r"\A#\s[^\n]*\n+", "", issue.markdown)  # the title is the post's own
    post: dict[str, Any] = {
        "title": issue.headline, "slug": issue.key, "status": "draft",
        # the built issue.md was sanitised when composed; render.markdown_to_html would import
        # pandas (through the model) into a publisher that needs none of it
        "html": md_lib.markdown(markdown, extensions=["tables", "sane_lists"], output_format="html"),
        "custom_excerpt": _excerpt(issue.hook), "tags": [{"name": tag} for tag in config.tags],
    }
    if feature_image:
        post["feature_image"] = feature_image
    return {"posts": [post]}


def _excerpt(hook: str) -> str:
    hook = " ".join(hook.split())
    return hook if len(hook) <= EXCERPT_LIMIT else hook[:EXCERPT_LIMIT - 1].rstrip() + "…"


def _find(api: Api, slug: str) -> dict[str, Any] | None:
    answer = api.call("GET", f"/posts/slug/{slug}/", allow_404=True)
    return answer["posts"][0] if answer else None


def _get(api: Api, post_id: str) -> dict[str, Any]:
    answer = api.call("GET", f"/posts/{post_id}/", allow_404=True)
    if answer is None:
        raise TargetFailed(f"post {post_id} was recorded but is gone from Ghost (deleted?); "
                           "not creating another", temporary=False)
    return answer["posts"][0]


def _upload(api: Api, issue: OutgoingIssue, state: TargetState) -> str:
    """The lead chart's URL on Ghost: uploaded once, recorded at once, reused by a rerun.

    Only a kill after Ghost stored the file and before its answer arrived can leave a
    second copy (an unreferenced file in Ghost's media, never shown to a reader): the
    Admin API has no way to find an uploaded image again.
    """
    if issue.lead_chart is None:
        return ""
    if state.uploaded_url:
        return state.uploaded_url
    with open(issue.lead_chart, "rb") as image:
        answer = api.call("POST", "/images/upload/", data={"purpose": "image", "ref": issue.key},
                          files={"file": (issue.lead_chart.name, image.read(), "image/png")})
    url = str(answer["images"][0]["url"])
    state.uploaded(url)
    return url


def publish(issue: OutgoingIssue, config: GhostTarget, state: TargetState, policy: RetryPolicy) -> str:
    """Create (once) the issue's post, then publish, email or schedule it; the post id."""
    api = _api(config, policy)
    if state.remote_id:
        post = _get(api, state.remote_id)
    else:
        found = _find(api, issue.key)
        if found is None:
            image = _upload(api, issue, state)
            found, _ = api.create(lambda: _find(api, issue.key), lambda: api.send_once(
                "POST", "/posts/", params={"source": "html"},
                json=post_body(issue, config, image))["posts"][0])
            assert found is not None  # create returns the post or raises
            log.info("ghost: created post %s", found["id"])
        post = found
        state.created(post["id"], post.get("url", ""))
    if config.mode == "draft" or post["status"] in OUT:
        state.done(post["id"], f"post {post['status']}", post.get("url", ""))
        return post["id"]
    when = issue.send_at(config.send_time, policy.now()) if config.mode == "schedule" else None
    change: dict[str, Any] = {"status": "scheduled" if when else "published"}
    if when:
        change["published_at"] = when.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    params = {"newsletter": config.newsletter, "email_segment": config.email_segment} \
        if config.newsletter else {}
    latest: dict[str, Any] = {}

    def already_out() -> dict[str, Any] | None:
        latest.update(_get(api, post["id"]))
        return dict(latest) if latest["status"] in OUT else None

    post, _ = api.create(already_out, lambda: api.send_once(
        "PUT", f"/posts/{post['id']}/", params=params,
        json={"posts": [{**change, "updated_at": latest["updated_at"]}]})["posts"][0])
    emailed = f", emailed to {config.newsletter}" if config.newsletter else ""
    state.done(post["id"], f"post {post['status']}{emailed}", post.get("url", ""))
    return post["id"]
