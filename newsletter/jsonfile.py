"""JSON files the newsletter wrote and reads back later (calls, issue metadata, snapshots): one
definition of "unreadable", as one line naming the file and the line, and of a stored day."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from newsletter.errors import NewsletterError


def load_json(path: Path) -> Any:
    """The JSON value in ``path``; invalid JSON names its line, an unreadable file the reason."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise NewsletterError(f"not valid JSON ({exc.msg})", file=path, line=exc.lineno) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise NewsletterError(f"unreadable ({exc})", file=path) from None


def iso_day(value: object) -> dt.date:
    """A day stored as ISO text, ``YYYY-MM-DD`` exactly; a ValueError otherwise."""
    if not isinstance(value, str) or len(value) != 10:
        raise ValueError("a date (YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError("a date (YYYY-MM-DD)") from None
