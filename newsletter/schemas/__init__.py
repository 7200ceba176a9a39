"""JSON Schemas of the workspace files, for editors (generated from the pydantic models).

Point an editor at them, e.g. with a first line in a notes file:
``# yaml-language-server: $schema=../schemas/notes.schema.json`` after ``newsletter init``.
Regenerate with ``python -m newsletter.schemas`` after a change to the models.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def schemas() -> dict[str, str]:
    from newsletter.config import Config
    from newsletter.notes import Notes

    return {name: json.dumps(model.model_json_schema(by_alias=True), indent=1, ensure_ascii=False) + "\n"
            for name, model in (("notes.schema.json", Notes), ("newsletter.schema.json", Config))}


def write() -> None:
    for name, text in schemas().items():
        (HERE / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    write()
