"""listmonk: a campaign on the configured lists, then scheduled or started.

API reference: knadh/listmonk ``docs/swagger/collections.yaml`` and
``docs/docs/content/apis/campaigns.md`` (commit 911e0b7, 2026-07-21). Auth is the
``Authorization: token <api_user>:<token>`` header; answers are ``{"data": …}``,
errors ``{"message": …}`` (400 for a field the server rejects).

The stable key is a campaign tag, ``newsletter-<date>``: before creating, the
recorded campaign id or ``GET /api/campaigns?tags=<key>`` finds an earlier one.
The body is the email's HTML (charts as absolute URLs) with the plain text as
``altbody``; pick a bare campaign template with ``template_id`` so that the
issue's own layout is not wrapped in listmonk's default one.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from newsletter.config import ListmonkTarget
from newsletter.publish.targets.api import Api, RetryPolicy, TargetFailed
from newsletter.publish.targets.contract import OutgoingIssue, TargetState

log = logging.getLogger(__name__)

STARTED = ("scheduled", "running", "finished")


def _api(config: ListmonkTarget, policy: RetryPolicy) -> Api:
    token = os.environ.get(config.token_env, "")
    if not token:
        raise TargetFailed(f"the environment variable {config.token_env} (the API token) is not set",
                           temporary=False)
    return Api("listmonk", f"{config.url.rstrip('/')}/api",
               lambda: {"Authorization": f"token {config.username}:{token}"}, policy)


def _find(api: Api, key: str) -> dict[str, Any] | None:
    answer = api.call("GET", "/campaigns", params={"tags": key, "no_body": "true", "per_page": "all"})
    found = [c for c in answer["data"]["results"] if key in (c.get("tags") or [])]
    return min(found, key=lambda c: c["id"]) if found else None


def _get(api: Api, campaign_id: str) -> dict[str, Any]:
    answer = api.call("GET", f"/campaigns/{campaign_id}", params={"no_body": "true"}, allow_404=True)
    if answer is None:
        raise TargetFailed(f"campaign {campaign_id} was recorded but is gone from listmonk (deleted?); "
                           "not creating another", temporary=False)
    return answer["data"]


def campaign_request(issue: OutgoingIssue, config: ListmonkTarget, send_at: str) -> dict[str, Any]:
    """The body of ``POST /api/campaigns`` for the issue."""
    body: dict[str, Any] = {
        "name": f"{issue.title} {issue.date.isoformat()}", "subject": issue.subject,
        "lists": list(config.lists), "type": "regular", "content_type": "html",
        "body": issue.email_html, "altbody": issue.text, "messenger": "email", "tags": [issue.key],
    }
    if issue.from_address:
        body["from_email"] = issue.from_address
    if config.template_id is not None:
        body["template_id"] = config.template_id
    if send_at:
        body["send_at"] = send_at
    return body


def publish(issue: OutgoingIssue, config: ListmonkTarget, state: TargetState,
            policy: RetryPolicy) -> str:
    """Create (once) and start or schedule the issue's campaign; its id."""
    api = _api(config, policy)
    when = issue.send_at(config.send_time, policy.now()) if config.mode == "schedule" else None
    send_at = when.strftime("%Y-%m-%dT%H:%M:%SZ") if when else ""
    if state.remote_id:
        campaign = _get(api, state.remote_id)
    else:
        campaign, created = api.create(
            lambda: _find(api, issue.key),
            lambda: api.send_once("POST", "/campaigns",
                                  json=campaign_request(issue, config, send_at))["data"])
        log.info("listmonk: %s campaign %s", "created" if created else "found", campaign["id"])
        state.created(str(campaign["id"]), _admin_url(config, campaign["id"]))
    campaign_id = str(campaign["id"])
    url = _admin_url(config, campaign_id)
    if config.mode == "draft":
        state.done(campaign_id, "campaign left as a draft", url)
        return campaign_id
    if campaign["status"] not in STARTED:
        if campaign["status"] != "draft":
            raise TargetFailed(f"campaign {campaign_id} is {campaign['status']} on listmonk; "
                               "left as it is", temporary=False)
        wanted = "scheduled" if campaign.get("send_at") and send_at else "running"

        def started() -> dict[str, Any] | None:
            current = _get(api, campaign_id)
            return current if current["status"] in STARTED else None

        campaign, _ = api.create(started, lambda: api.send_once(
            "PUT", f"/campaigns/{campaign_id}/status", json={"status": wanted})["data"])
    state.done(campaign_id, f"campaign {campaign['status']}", url)
    return campaign_id


def _admin_url(config: ListmonkTarget, campaign_id: object) -> str:
    return f"{config.url.rstrip('/')}/admin/campaigns/{campaign_id}"
