"""listmonk's campaign endpoints, as its reference specifies them, in memory.

Every request body is validated against ``schemas/listmonk-openapi.yaml`` (the
published OpenAPI file, see its header) plus the fields the docs mark
required; a body that fails is answered as listmonk answers it (400,
``{"message": …}``) and kept in ``violations``, so a client bug fails its test.
Answers have the shape of the docs' example responses.
"""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from tests.publish.targets.api_server import Answer, Request

SPEC = yaml.safe_load((Path(__file__).parent / "schemas" / "listmonk-openapi.yaml").read_text())
REQUIRED_BY_DOCS = ["name", "subject", "lists", "type", "content_type", "body"]


def _schema(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}", "components": SPEC["components"]}


def _status_schema() -> dict[str, Any]:
    put = SPEC["paths"]["/campaigns/{id}/status"]["put"]
    return put["requestBody"]["content"]["application/json"]["schema"]


class ListmonkApp:
    """Campaigns of one listmonk instance; the API user ``api`` with token ``secret-token``."""

    def __init__(self, username: str = "api", token: str = "secret-token",
                 now=lambda: dt.datetime.now(dt.UTC)) -> None:
        self.now = now
        self.credentials = f"{username}:{token}"
        self.campaigns: dict[int, dict[str, Any]] = {}
        self.violations: list[str] = []

    def _authorised(self, request: Request) -> bool:
        header = request.headers.get("authorization", "")
        if header.startswith("token "):
            return header[len("token "):] == self.credentials
        if header.startswith("Basic "):
            return base64.b64decode(header[6:]).decode() == self.credentials
        return False

    def _invalid(self, body: Any, schema: dict[str, Any], required: list[str]) -> str:
        errors = [e.message for e in jsonschema.Draft4Validator(schema).iter_errors(body)]
        if isinstance(body, dict):
            errors += [f"{key} is required (docs)" for key in required if key not in body]
        return "; ".join(errors)

    def handle(self, request: Request) -> Answer:
        if not request.path.startswith("/api/"):
            return Answer(404, {"message": "Not Found"})
        if not self._authorised(request):
            return Answer(403, {"message": "invalid API credentials"})
        parts = request.path[len("/api/"):].strip("/").split("/")
        if parts == ["campaigns"] and request.method == "GET":
            return self._list(request)
        if parts == ["campaigns"] and request.method == "POST":
            return self._create(request.json())
        if len(parts) == 2 and parts[0] == "campaigns" and request.method == "GET":
            campaign = self.campaigns.get(int(parts[1]))
            return Answer(200, {"data": campaign}) if campaign else Answer(404, {"message": "Campaign not found."})
        if len(parts) == 3 and parts[2] == "status" and request.method == "PUT":
            return self._status(int(parts[1]), request.json())
        return Answer(405, {"message": "Method Not Allowed"})

    def _list(self, request: Request) -> Answer:
        tags = request.query.get("tags", [])
        results = [c for c in self.campaigns.values() if all(t in c["tags"] for t in tags)]
        return Answer(200, {"data": {"results": results, "query": "", "total": len(results),
                                     "per_page": len(results), "page": 1}})

    def _create(self, body: Any) -> Answer:
        problem = self._invalid(body, _schema("CampaignRequest"), REQUIRED_BY_DOCS)
        if problem:
            self.violations.append(problem)
            return Answer(400, {"message": problem})
        if body.get("send_at") and dt.datetime.fromisoformat(body["send_at"]) < self.now():
            return Answer(400, {"message": "send_at date should be in the future."})
        now = self.now().isoformat()
        number = len(self.campaigns) + 1
        campaign = {
            "id": number, "created_at": now, "updated_at": now, "views": 0, "clicks": 0, "bounces": 0,
            "lists": [{"id": i, "name": f"List {i}"} for i in body["lists"]], "started_at": None,
            "to_send": 0, "sent": 0, "uuid": str(uuid.uuid4()), "type": body["type"],
            "name": body["name"], "subject": body["subject"],
            "from_email": body.get("from_email", "listmonk <noreply@listmonk.yoursite.com>"),
            "body": body["body"], "body_source": None, "altbody": body.get("altbody"),
            "send_at": body.get("send_at"), "status": "draft", "content_type": body["content_type"],
            "tags": body.get("tags", []), "template_id": body.get("template_id", 1),
            "messenger": body.get("messenger", "email"), "headers": [],
        }
        self.campaigns[number] = campaign
        return Answer(200, {"data": campaign})

    def _status(self, number: int, body: Any) -> Answer:
        problem = self._invalid(body, _status_schema(), ["status"])
        if problem:
            self.violations.append(problem)
            return Answer(400, {"message": problem})
        campaign = self.campaigns.get(number)
        if campaign is None:
            return Answer(404, {"message": "Campaign not found."})
        allowed = {"scheduled": ("draft",), "running": ("draft", "paused"),
                   "paused": ("running",), "cancelled": ("running",)}
        if campaign["status"] not in allowed[body["status"]]:
            return Answer(400, {"message": "Cannot change campaign status."})
        if body["status"] == "scheduled" and not campaign["send_at"]:
            return Answer(400, {"message": "Campaign needs a `send_at` date to be scheduled."})
        campaign["status"] = body["status"]
        return Answer(200, {"data": campaign})
