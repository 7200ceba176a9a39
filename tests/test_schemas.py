"""The committed JSON Schemas match the models (regenerate: python -m newsletter.schemas)."""

from __future__ import annotations

from newsletter.schemas import HERE, schemas


def test_committed_schemas_are_current() -> None:
    for name, text in schemas().items():
        assert (HERE / name).read_text(encoding="utf-8") == text, f"{name} is stale: python -m newsletter.schemas"
