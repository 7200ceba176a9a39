"""Buttondown's email endpoints the buttondown target uses, in memory, as its OpenAPI file says.

Request bodies are validated against ``EmailInput`` in
``schemas/buttondown-openapi.json`` (an unchanged extract of the published file,
see its ``x-source``); a failing body gets Buttondown's 422 shape
(``{"detail": [{"type", "loc", "msg"}]}``) and is kept in ``violations``. Every
answer is validated against the published ``Email``/``EmailPage`` schema too,
so the fake cannot drift from the real shapes.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema

from tests.publish.targets.api_server import Answer, Request

SPEC = json.loads((Path(__file__).parent / "schemas" / "buttondown-openapi.json").read_text())
API_KEY = "bd-4f2c9a7e-0000-secret"


def _validator(name: str) -> jsonschema.Validator:
    schema = {"$ref": f"#/components/schemas/{name}", "components": SPEC["components"]}
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


class ButtondownApp:
    def __init__(self, now=lambda: dt.datetime.now(dt.UTC)) -> None:
        self.now = now
        self.emails: dict[str, dict[str, Any]] = {}
        self.violations: list[str] = []

    def handle(self, request: Request) -> Answer:
        if request.headers.get("authorization") != f"Token {API_KEY}":
            return Answer(401, {"code": "invalid_api_key", "detail": "Invalid token."})
        if request.path == "/v1/emails" and request.method == "POST":
            return self._create(request.json())
        if request.path == "/v1/emails" and request.method == "GET":
            subject = request.query.get("subject", [""])[0]
            results = [e for e in self.emails.values() if subject in e["subject"]]
            return self._answer(200, {"results": results, "next": None, "previous": None,
                                      "count": len(results)}, "EmailPage")
        if request.path.startswith("/v1/emails/") and request.method == "GET":
            email = self.emails.get(request.path.rsplit("/", 1)[1])
            return self._answer(200, email, "Email") if email else Answer(
                404, {"code": "not_found", "detail": "Not found."})
        return Answer(405, {"detail": "Method not allowed."})

    def _answer(self, status: int, body: Any, schema: str) -> Answer:
        problems = [e.message for e in _validator(schema).iter_errors(body)]
        assert not problems, f"the fake Buttondown answered off-schema: {problems}"
        return Answer(status, body)

    def _create(self, body: Any) -> Answer:
        errors = list(_validator("EmailInput").iter_errors(body))
        if errors:
            self.violations.append("; ".join(e.message for e in errors))
            return Answer(422, {"detail": [{"type": e.validator, "loc": ["body", "payload", *e.path],
                                            "msg": e.message} for e in errors]})
        if body.get("status") == "scheduled" and not body.get("publish_date"):
            return Answer(400, {"code": "email_invalid_status",
                                "detail": "Scheduled emails must have a publish date."})
        number = len(self.emails) + 1
        email_id = f"em_{number:026d}"
        stamp = self.now().isoformat().replace("+00:00", "Z")
        status = body.get("status", "about_to_send")
        email = {
            "id": email_id, "creation_date": stamp, "modification_date": stamp,
            "absolute_url": f"https://buttondown.com/letter/archive/{body.get('slug') or email_id}/",
            "body": body.get("body", ""), "canonical_url": body.get("canonical_url", ""),
            "commenting_mode": "enabled", "description": body.get("description", ""),
            "archival_mode": "enabled", "featured": False,
            "filters": {"filters": [], "groups": [], "predicate": "and"}, "image": body.get("image", ""),
            "metadata": body.get("metadata", {}), "publish_date": body.get("publish_date"),
            "related_email_ids": [], "should_trigger_pay_per_email_billing": False, "source": "api",
            "status": status, "subject": body["subject"], "slug": body.get("slug"),
            "secondary_id": number, "email_type": "public", "attachments": [],
        }
        self.emails[email_id] = email
        return self._answer(201, email, "Email")
