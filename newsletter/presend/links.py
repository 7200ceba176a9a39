"""Every link and image of the email reachable: a HEAD request with a short timeout each.

The probe is injectable (tests serve 200, 404 and redirects from 127.0.0.1); with
``NEWSLETTER_OFFLINE`` set, or no network, the check is skipped with a note, never failed.
"""

from __future__ import annotations

import os
import re
import socket
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

from newsletter.presend import CheckItem

Probe = Callable[[str], int | str]
"""A URL → the final HTTP status (after redirects), or why it could not be fetched."""

TIMEOUT = 5.0
"""Seconds per HEAD request."""
WORKERS = 8
OFFLINE_ENV = "NEWSLETTER_OFFLINE"
_WEB_URL = re.compile(r"""\b(?:href|src)\s*=\s*["'](https?://[^"'\s<>]+)["']""", re.IGNORECASE)
_NO_NETWORK = "no network"


def web_urls(html: str) -> list[str]:
    """The http(s) links and images of the email, each once, in order (cid: and mailto: are
    not fetched)."""
    return list(dict.fromkeys(u.replace("&amp;", "&") for u in _WEB_URL.findall(html)))


class _KeepMethod(urllib.request.HTTPRedirectHandler):
    """Follow a redirect with the same method (urllib turns a redirected HEAD into a GET)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # urllib's signature
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            new.method = req.get_method()
        return new


_OPENER = urllib.request.build_opener(_KeepMethod)


def head_probe(url: str, timeout: float = TIMEOUT) -> int | str:
    """HEAD ``url`` following redirects (a GET when HEAD is refused): its final status, or why
    it failed."""
    status = _request(url, "HEAD", timeout)
    return _request(url, "GET", timeout) if status in (405, 501) else status


def _request(url: str, method: str, timeout: float) -> int | str:
    request = urllib.request.Request(url, method=method,
                                     headers={"User-Agent": "newsletter-link-check/1"})
    try:
        with _OPENER.open(request, timeout=timeout) as response:  # http(s) only: web_urls
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, socket.gaierror):
            return _NO_NETWORK  # no DNS: the machine is offline, or the name is wrong
        return str(exc.reason)
    except (TimeoutError, OSError) as exc:
        return str(exc) or type(exc).__name__


def default_probe() -> Probe | None:
    """The HEAD probe, or None (skip) when ``NEWSLETTER_OFFLINE`` is set (tests set it)."""
    return None if os.environ.get(OFFLINE_ENV) else head_probe


def reachability(urls: Iterable[str], probe: Probe | None, *, archive_url: str = "") -> CheckItem:
    """Every URL answers 2xx (after redirects). Skipped, with a note, offline. Links into the
    web archive (under ``archive_url``) are not fetched: publishing is what puts them there."""
    every = list(urls)
    urls = [url for url in every if not (archive_url and url.startswith(archive_url))]
    item = _reachability(urls, probe)
    if len(urls) == len(every):
        return item
    return CheckItem(item.name, item.ok, f"{item.detail}; {len(every) - len(urls)} into the web "
                                         "archive not fetched (publishing puts them there)")


def _reachability(urls: list[str], probe: Probe | None) -> CheckItem:
    if probe is None:
        return CheckItem("links reachable", True,
                         f"skipped: offline ({OFFLINE_ENV} is set); {len(urls)} links not fetched")
    if not urls:
        return CheckItem("links reachable", True, "no web links to fetch")
    with ThreadPoolExecutor(max_workers=min(WORKERS, len(urls))) as pool:
        answers = dict(zip(urls, pool.map(probe, urls), strict=True))
    if all(answer == _NO_NETWORK for answer in answers.values()):
        return CheckItem("links reachable", True,
                         f"skipped: no network (no name resolved); {len(urls)} links not fetched")
    bad = [f"{url} ({answer})" for url, answer in answers.items()
           if not (isinstance(answer, int) and 200 <= answer < 300)]
    if bad:
        more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
        return CheckItem("links reachable", False,
                         f"{len(bad)} of {len(urls)} unreachable: {', '.join(bad[:5])}{more}")
    return CheckItem("links reachable", True, f"all {len(urls)} links and images answer")
