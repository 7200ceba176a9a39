"""The checks before send that look at the email as an inbox will: links reachable, image
weight, spam score, CSS support per client. :func:`newsletter.checks.run_checks` runs them.

:class:`CheckItem` lives here, light to import (the config validates its clients
against :mod:`css_support` without importing pandas); :mod:`newsletter.checks` re-exports it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CheckItem:
    """One check's verdict: its name, whether it passed, what it looked at (one line)."""

    name: str
    ok: bool
    detail: str
