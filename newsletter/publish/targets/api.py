"""HTTP calls to a platform's API: bounded retries of temporary failures, one-line errors.

Temporary (429, 5xx, a timeout, a dropped connection) is retried with
exponential backoff, or after the ``Retry-After`` the platform asked for, up to
``retries`` times and never waiting longer than ``max_wait`` at once; permanent
(any other 4xx) stops at once with the platform's own error text in one line.

A create is never retried blindly: the request may have reached the platform
before the connection dropped. :meth:`Api.create` looks the object up by its
stable key again before each new try.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import requests

log = logging.getLogger(__name__)

T = TypeVar("T")


class TargetFailed(Exception):
    """A target stopped; ``message`` is one line for the author (never a secret)."""

    def __init__(self, message: str, *, temporary: bool) -> None:
        self.message = " ".join(message.split())
        self.temporary = temporary
        super().__init__(self.message)


class _Temporary(Exception):
    def __init__(self, reason: str, wait: float | None) -> None:
        self.reason, self.wait = reason, wait
        super().__init__(reason)


@dataclass(frozen=True)
class RetryPolicy:
    """How long to wait for and how often to retry a platform (``publish:`` in newsletter.yaml)."""

    retries: int = 4
    timeout: float = 30.0
    max_wait: float = 120.0
    backoff: float = 1.0
    """The first wait without Retry-After, doubled on each retry."""
    sleep: Callable[[float], None] = field(default=time.sleep)
    now: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now(dt.UTC))


def error_text(response: requests.Response) -> str:
    """The platform's own error in one line: listmonk ``message``, Ghost ``errors[]``,
    Buttondown ``detail``; else the start of the body."""
    try:
        body = response.json()
    except ValueError:
        body = None
    parts: list[str] = []
    if isinstance(body, dict):
        if isinstance(body.get("errors"), list):
            for error in body["errors"]:
                if isinstance(error, dict):
                    parts.append(": ".join(str(error[k]) for k in ("type", "message", "context")
                                           if error.get(k)))
        for key in ("message", "detail", "error"):
            value = body.get(key)
            if isinstance(value, str):
                parts.append(value)
            elif isinstance(value, list):
                parts += [str(v.get("msg", v)) if isinstance(v, dict) else str(v) for v in value]
    text = "; ".join(p for p in parts if p) or response.text[:200] or response.reason or ""
    return " ".join(f"{response.status_code} {text}".split())


def retry_after(response: requests.Response, now: dt.datetime) -> float | None:
    """Seconds the platform asked to wait (``Retry-After``: seconds or an HTTP date)."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - now).total_seconds())


class Api:
    """One platform's API at ``base_url``; ``headers`` makes the auth headers for each request."""

    def __init__(self, name: str, base_url: str, headers: Callable[[], dict[str, str]],
                 policy: RetryPolicy, session: requests.Session | None = None) -> None:
        self.name, self.base_url, self.headers, self.policy = name, base_url.rstrip("/"), headers, policy
        self.session = session or requests.Session()

    def call(self, method: str, path: str, *, allow_404: bool = False, **kwargs: Any) -> Any:
        """The decoded JSON answer (None for a 404 when ``allow_404``), retrying temporary failures."""
        for attempt in range(self.policy.retries + 1):
            try:
                return self._once(method, path, allow_404=allow_404, **kwargs)
            except _Temporary as exc:
                self._pause(attempt, exc, f"{method} {path}")
        raise AssertionError("unreachable")

    def create(self, find: Callable[[], T | None], send: Callable[[], T]) -> tuple[T, bool]:
        """``(object, True)`` when created now, ``(object, False)`` when ``find`` found it.

        After a temporary failure of ``send`` the object may exist anyway, so
        ``find`` runs again before every new try.
        """
        for attempt in range(self.policy.retries + 1):
            found = find()
            if found is not None:
                return found, False
            try:
                return send(), True
            except _Temporary as exc:
                self._pause(attempt, exc, "create")
        raise AssertionError("unreachable")

    def send_once(self, method: str, path: str, **kwargs: Any) -> Any:
        """One request, no retry (for :meth:`create`'s ``send``)."""
        return self._once(method, path, allow_404=False, **kwargs)

    def _pause(self, attempt: int, exc: _Temporary, what: str) -> None:
        if attempt >= self.policy.retries:
            raise TargetFailed(f"{exc.reason} (gave up after {attempt + 1} tries; a rerun resumes)",
                               temporary=True)
        wait = exc.wait if exc.wait is not None else self.policy.backoff * 2 ** attempt
        if wait > self.policy.max_wait:
            raise TargetFailed(f"{exc.reason}; asked to wait {wait:.0f} s, more than publish.max_wait "
                               f"({self.policy.max_wait:.0f} s); a rerun resumes", temporary=True)
        log.info("%s: %s failed (%s); retrying in %.1f s", self.name, what, exc.reason, wait)
        self.policy.sleep(wait)

    def _once(self, method: str, path: str, *, allow_404: bool, **kwargs: Any) -> Any:
        url = path if path.startswith("http") else f"{self.base_url}{path}"
        try:
            response = self.session.request(method, url, headers=self.headers(),
                                            timeout=self.policy.timeout, **kwargs)
        except requests.Timeout:
            raise _Temporary(f"{method} {path} timed out after {self.policy.timeout:g} s", None) from None
        except requests.ConnectionError as exc:
            raise _Temporary(f"{method} {path}: cannot connect ({type(exc).__name__})", None) from None
        except requests.RequestException as exc:  # a malformed URL in the config, and the like
            raise TargetFailed(f"{method} {url}: {type(exc).__name__}: {exc}", temporary=False) from None
        if response.status_code == 404 and allow_404:
            return None
        if response.status_code == 429 or response.status_code >= 500:
            raise _Temporary(error_text(response), retry_after(response, self.policy.now()))
        if response.status_code >= 400:
            raise TargetFailed(f"{method} {path}: {error_text(response)}", temporary=False)
        if response.status_code == 204 or not response.content:
            return {}
        try:
            return response.json()
        except ValueError:
            raise TargetFailed(f"{method} {path}: the answer is not JSON "
                               f"({response.text[:80]!r})", temporary=False) from None
