"""The one error type for user mistakes.

Anything raised as :class:`NewsletterError` is the user's to fix (a bad YAML
file, an unknown ticker, a missing template) and is printed by the CLI as one
line with exit code 2. Any other exception is a bug and keeps its traceback.
"""

from __future__ import annotations

from pathlib import Path


class NewsletterError(Exception):
    """A user-facing error that names where it happened: file, line and key."""

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        key: str | None = None,
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.key = key
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = ""
        if self.file:
            where = " ".join(self.file.split())
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        key = f"{' '.join(self.key.split())[:120]}: " if self.key else ""
        text = " ".join(self.message.split())
        text = text if len(text) <= 600 else text[:599] + "…"  # a 1 MB value must not make a 2 MB line
        return f"{where}{key}{text}"


class DataError(NewsletterError):
    """A data source failed (network, empty frame, unknown ticker)."""
