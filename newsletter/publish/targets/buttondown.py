"""Buttondown: the issue as one email in Markdown, left a draft, scheduled, or sent.

API reference: buttondown/openapi ``openapi.json`` (commit 1ad6649, 2026-08-21):
``POST /v1/emails`` with an ``EmailInput`` (only ``subject`` is required, and
``status`` defaults to ``about_to_send``: an email created without a status
goes out, so this target always names one), ``GET /v1/emails?subject=…`` to
list; auth is ``Authorization: Token <api key>``; errors are
``{"code", "detail"}`` (401, 403, 400) or ``{"detail": [{"loc", "msg", "type"}]}``
(422); 429 carries ``Retry-After`` in seconds.

The stable key is in the email's ``metadata`` (``newsletter_key``) and its
``slug``: before creating, the recorded id or the emails with the issue's
subject are searched for it. Buttondown sends a created email by itself, so
creating it with its final status is the one step, recorded at once.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from newsletter.config import ButtondownTarget
from newsletter.publish.targets.api import Api, RetryPolicy, TargetFailed
from newsletter.publish.targets.contract import OutgoingIssue, TargetState

log = logging.getLogger(__name__)

KEY_FIELD = "newsletter_key"


def _api(config: ButtondownTarget, policy: RetryPolicy) -> Api:
    key = os.environ.get(config.key_env, "").strip()
    if not key:
        raise TargetFailed(f"the environment variable {config.key_env} (the API key) is not set",
                           temporary=False)
    return Api("buttondown", f"{config.url.rstrip('/')}/v1",
               lambda: {"Authorization": f"Token {key}"}, policy)


def email_input(issue: OutgoingIssue, status: str, publish_date: str) -> dict[str, Any]:
    """The ``EmailInput`` of ``POST /v1/emails`` for the issue."""
    body: dict[str, Any] = {
        "subject": issue.subject, "body": issue.markdown, "slug": issue.key,
        "description": issue.hook, "canonical_url": issue.web_url,
        "metadata": {KEY_FIELD: issue.key}, "status": status,
    }
    if issue.lead_chart is not None:
        body["image"] = f"{issue.web_url}charts/{issue.lead_chart.name}"
    if publish_date:
        body["publish_date"] = publish_date
    return body


def _find(api: Api, issue: OutgoingIssue) -> dict[str, Any] | None:
    answer = api.call("GET", "/emails", params={"subject": issue.subject, "excluded_fields": "body"})
    found = [e for e in answer.get("results", [])
             if (e.get("metadata") or {}).get(KEY_FIELD) == issue.key or e.get("slug") == issue.key]
    return min(found, key=lambda e: e["creation_date"]) if found else None


def publish(issue: OutgoingIssue, config: ButtondownTarget, state: TargetState,
            policy: RetryPolicy) -> str:
    """Create the issue's email once, with its final status; the email id."""
    api = _api(config, policy)
    if state.remote_id:
        answer = api.call("GET", f"/emails/{state.remote_id}", allow_404=True)
        if answer is None:
            raise TargetFailed(f"email {state.remote_id} was recorded but is gone from Buttondown "
                               "(deleted?); not creating another", temporary=False)
        email = answer
    else:
        when = issue.send_at(config.send_time, policy.now()) if config.mode == "schedule" else None
        status = {"draft": "draft", "send": "about_to_send"}.get(config.mode, "about_to_send")
        if when:
            status = "scheduled"
        publish_date = when.isoformat().replace("+00:00", "Z") if when else ""
        email, created = api.create(lambda: _find(api, issue), lambda: api.send_once(
            "POST", "/emails", json=email_input(issue, status, publish_date)))
        log.info("buttondown: %s email %s", "created" if created else "found", email["id"])
    state.done(email["id"], f"email {email['status']}", email.get("absolute_url", ""))
    return email["id"]
