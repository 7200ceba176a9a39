"""Ghost's Admin API endpoints the ghost target uses, in memory, as Ghost's docs describe them.

Every request must carry a valid Admin JWT (HS256 with the key's secret, ``kid``
the key id, ``aud`` ``/admin/``, at most 5 minutes long); post bodies are validated
against ``schemas/ghost-admin-posts.schema.json`` (written from the docs; Ghost
publishes no OpenAPI file) and answered 422 ``ValidationError`` when they fail,
kept in ``violations``. Like Ghost, a second post with a taken slug gets ``-2``.
"""

from __future__ import annotations

import datetime as dt
import json
from email.parser import BytesParser
from email.policy import HTTP
from pathlib import Path
from typing import Any

import jsonschema
import jwt

from tests.publish.targets.api_server import Answer, Request

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "ghost-admin-posts.schema.json").read_text())
KEY_ID = "6748592f4b9b7700010f6564"
SECRET = "b1b5b9c1d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _error(status: int, kind: str, message: str, context: str = "") -> Answer:
    return Answer(status, {"errors": [{"message": message, "context": context or None, "type": kind,
                                       "details": None, "property": None, "help": None,
                                       "code": None, "id": "f0b1b0c0-0000-4000-8000-000000000000",
                                       "ghostErrorCode": None}]})


class GhostApp:
    def __init__(self, now=lambda: dt.datetime.now(dt.UTC)) -> None:
        self.now = now
        self.posts: dict[str, dict[str, Any]] = {}
        self.images: list[dict[str, Any]] = []
        self.violations: list[str] = []
        self.tokens: list[dict[str, Any]] = []
        self.url = ""

    def _stamp(self) -> str:
        return self.now().strftime("%Y-%m-%dT%H:%M:%S.000Z")

    def _auth(self, request: Request) -> Answer | None:
        header = request.headers.get("authorization", "")
        if not header.startswith("Ghost "):
            return _error(401, "UnauthorizedError", "Authorization failed",
                          "Unable to determine the authenticated user or integration.")
        token = header[len("Ghost "):]
        try:
            head = jwt.get_unverified_header(token)
            claims = jwt.decode(token, bytes.fromhex(SECRET), algorithms=["HS256"], audience="/admin/",
                                options={"verify_exp": False})
        except jwt.PyJWTError as exc:
            return _error(401, "UnauthorizedError", "Invalid token", str(exc))
        if head.get("kid") != KEY_ID:
            return _error(401, "UnauthorizedError", "Unknown Admin API Key")
        if claims["exp"] - claims["iat"] > 300:
            return _error(401, "UnauthorizedError", "Invalid token", "maxAge exceeded")
        self.tokens.append({"header": head, "claims": claims})
        return None

    def _valid(self, body: Any, kind: str = "posts_add") -> Answer | None:
        schema = {**SCHEMA, "$ref": f"#/$defs/{kind}"}
        errors = [e.message for e in jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.FormatChecker()).iter_errors(body)]
        if errors:
            self.violations.append("; ".join(errors))
            return _error(422, "ValidationError", "Validation error, cannot save post.", errors[0])
        return None

    def handle(self, request: Request) -> Answer:
        prefix = "/ghost/api/admin/"
        if not request.path.startswith(prefix):
            return _error(404, "NotFoundError", "Resource not found")
        problem = self._auth(request)
        if problem:
            return problem
        if not request.headers.get("accept-version", "").startswith("v5"):
            self.violations.append("no Accept-Version: v5.x header")
        parts = request.path[len(prefix):].strip("/").split("/")
        if parts == ["images", "upload"] and request.method == "POST":
            return self._upload(request)
        if parts == ["posts"] and request.method == "POST":
            return self._create(request)
        if len(parts) == 3 and parts[:2] == ["posts", "slug"] and request.method == "GET":
            found = [p for p in self.posts.values() if p["slug"] == parts[2]]
            return Answer(200, {"posts": found}) if found else _error(404, "NotFoundError", "Post not found.")
        if len(parts) == 2 and parts[0] == "posts":
            post = self.posts.get(parts[1])
            if post is None:
                return _error(404, "NotFoundError", "Post not found.")
            if request.method == "GET":
                return Answer(200, {"posts": [post]})
            if request.method == "PUT":
                return self._edit(post, request)
        return _error(404, "NotFoundError", "Resource not found")

    def _upload(self, request: Request) -> Answer:
        message = BytesParser(policy=HTTP).parsebytes(
            f"Content-Type: {request.content_type}\r\n\r\n".encode() + request.body)
        fields = {part.get_param("name", header="content-disposition"): part
                  for part in message.iter_parts()}
        image = fields.get("file")
        if image is None or not image.get_payload(decode=True).startswith(PNG_SIGNATURE):
            self.violations.append("upload without a PNG in the file field")
            return _error(422, "ValidationError", "Please select an image.")
        name = image.get_filename()
        record = {"url": f"{self.url}/content/images/2026/11/{name}",
                  "ref": fields["ref"].get_content() if "ref" in fields else None}
        self.images.append(record)
        return Answer(201, {"images": [record]})

    def _create(self, request: Request) -> Answer:
        body = request.json()
        problem = self._valid(body)
        if problem:
            return problem
        if request.query.get("source") != ["html"]:
            self.violations.append("html sent without ?source=html (Ghost would drop it)")
        given = body["posts"][0]
        slug, number = given.get("slug", "untitled"), 1
        while any(p["slug"] == slug for p in self.posts.values()):
            number += 1
            slug = f"{given['slug']}-{number}"
        post_id = f"{len(self.posts) + 1:024x}"
        stamp = self._stamp()
        post = {
            "id": post_id, "uuid": f"a5aa9bd8-ea31-415c-b452-{len(self.posts) + 1:012x}",
            "title": given["title"], "slug": slug, "html": given.get("html"),
            "comment_id": post_id, "feature_image": given.get("feature_image"),
            "feature_image_alt": None, "feature_image_caption": None, "featured": False,
            "status": given.get("status", "draft"), "visibility": "public", "created_at": stamp,
            "updated_at": stamp, "published_at": None, "custom_excerpt": given.get("custom_excerpt"),
            "codeinjection_head": None, "codeinjection_foot": None, "custom_template": None,
            "canonical_url": None,
            "tags": [{"name": t["name"] if isinstance(t, dict) else t,
                      "slug": (t["name"] if isinstance(t, dict) else t).lower()}
                     for t in given.get("tags", [])],
            "url": f"{self.url}/p/{post_id}/", "excerpt": given.get("custom_excerpt"),
            "newsletter": None, "email_segment": "all", "email": None,
        }
        self.posts[post_id] = post
        return Answer(201, {"posts": [post]})

    def _edit(self, post: dict[str, Any], request: Request) -> Answer:
        body = request.json()
        problem = self._valid(body, "posts_edit")
        if problem:
            return problem
        change = body["posts"][0]
        if change["updated_at"] != post["updated_at"]:
            return _error(409, "UpdateCollisionError", "Saving failed! Someone else is editing this post.")
        status = change.get("status", post["status"])
        if status == "scheduled":
            when = change.get("published_at") or post["published_at"]
            if not when or dt.datetime.fromisoformat(when.replace("Z", "+00:00")) <= self.now():
                return _error(422, "ValidationError", "Validation error, cannot edit post.",
                              "Date must be at least 2 minutes in the future.")
            post["published_at"] = when
        elif status == "published" and post["status"] != "published":
            post["published_at"] = self._stamp()
        newsletter = request.query.get("newsletter", [None])[0]
        if newsletter and status in ("published", "scheduled") and post["status"] == "draft":
            post["newsletter"] = {"slug": newsletter}
            post["email_segment"] = request.query.get("email_segment", ["all"])[0]
            post["email"] = {"status": "pending" if status == "scheduled" else "submitted",
                             "recipient_filter": post["email_segment"]} if status == "published" else None
        post["status"] = status
        post["updated_at"] = (self.now() + dt.timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        return Answer(200, {"posts": [post]})
