"""What every fuzz case must end in: success, or one NewsletterError line naming file and line."""

from __future__ import annotations

import re

import pytest

from newsletter.errors import NewsletterError

FILE_LEVEL = ("invalid YAML", "control character", "YAML aliases", "nested deeper", "not UTF-8",
              "file is", "expected a mapping", "template", "duplicate key", "the template", "MJML",
              "inline CSS")
EXECUTABLE = re.compile(r"<\s*script|javascript\s*:|vbscript\s*:|<[^>]*\son\w+\s*=", re.I)


def assert_names_where(exc: NewsletterError, file: str | tuple[str, ...]) -> None:
    """One line, starting ``file:line:``, with a key unless the fault is the file's own."""
    line = exc.one_line()
    assert "\n" not in line and "\r" not in line and len(line) <= 800, repr(line[:300])
    assert exc.file is not None and exc.file.startswith(file), line
    assert exc.line is not None, f"no line in: {line}"
    assert line.startswith(f"{exc.file}:{exc.line}: "), line
    if not exc.key:
        assert exc.message.startswith(FILE_LEVEL), f"no key in: {line}"


def assert_inert(name: str, text: str) -> None:
    found = EXECUTABLE.search(text)
    if found:
        pytest.fail(f"{name}: executable content …{text[max(0, found.start() - 60):found.end() + 30]}…")


def report(request: pytest.FixtureRequest, summary: str) -> None:
    """Print a fuzz module's counts on the terminal, past pytest's output capture."""
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None:
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line("")
        reporter.write_line(summary)
