"""Checks for values that reach an output (HTML, MJML, Markdown, a mail header, a file path).

Each function takes a value from config or notes, returns it (perhaps tidied)
or raises ValueError with a sentence for the author; pydantic turns that into
a NewsletterError naming file, line and key. Used through ``Annotated`` types
in ``config.py`` and ``notes.py``, and directly by whoever needs them
(``check_address`` by publishing, for instance).
"""

from __future__ import annotations

import math
import re
from email.errors import HeaderParseError
from email.policy import default as _default_policy
from pathlib import Path

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_URL_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#@!$&*+,;=%]*$")
"""RFC 3986 characters minus those that end a Markdown link or an HTML attribute: ()[]'"<> and space."""
_HOST = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)*"
                   r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?(?::\d{1,5})?$")
_DOMAIN = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)*"
                     r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?$")
_TAG = re.compile(r"<\s*[A-Za-z/!?]")
_SCRIPT_SCHEME = re.compile(r"\b(?:javascript|vbscript|data)\s*:", re.I)
MAX_URL = 2048


def check_url(value: str, schemes: tuple[str, ...] = ("http", "https")) -> str:
    """A URL safe in an attribute, a Markdown link and a header: scheme, host and characters."""
    if not value:
        return value
    if len(value) > MAX_URL:
        raise ValueError(f"URL longer than {MAX_URL} characters")
    scheme, sep, rest = value.partition(":")
    if not sep or scheme.lower() not in schemes:
        raise ValueError(f"expected a URL starting {' or '.join(s + ':' for s in schemes)}")
    if not _URL_CHARS.match(value):
        bad = next(c for c in value if not _URL_CHARS.match(c))
        raise ValueError(f"character {bad!r} is not allowed in a URL (percent-encode it, e.g. %20)")
    if scheme.lower() in ("http", "https"):
        host = rest.removeprefix("//").split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
        if not rest.startswith("//") or not _HOST.match(host.rsplit("@", 1)[-1]):
            raise ValueError("expected a URL like https://example.com/path")
    elif scheme.lower() == "mailto":
        check_address(rest.split("?", 1)[0], allow_name=False)
    return value


def check_address(value: str, *, allow_name: bool = True) -> str:
    """One email address (RFC 5322), optionally with a display name; no CR/LF, ASCII address.

    ``allow_name=False`` wants the bare ``local@domain`` (an envelope address).
    """
    if not isinstance(value, str) or not value.strip():
        raise ValueError("expected an email address like letter@example.com")
    if _CONTROL.search(value):
        raise ValueError("an email address cannot contain line breaks or control characters")
    if len(value) > 320:
        raise ValueError("an email address of more than 320 characters")
    try:
        header = _default_policy.header_factory("To", value.strip())
        addresses = header.addresses
    except (HeaderParseError, IndexError, ValueError, TypeError, AttributeError, RecursionError):
        raise ValueError(f"not an email address: {value!r}") from None
    if len(addresses) != 1:
        raise ValueError("expected exactly one email address")
    address = addresses[0]
    if header.defects or not address.username or not address.domain:
        raise ValueError(f"not an email address: {value!r}")
    if not address.addr_spec.isascii() or not _DOMAIN.match(address.domain):
        raise ValueError(f"not an email address with a plain ASCII domain: {value!r}")
    if not allow_name and value.strip() != address.addr_spec:
        raise ValueError(f"expected a bare address like letter@example.com, not {value!r}")
    return value.strip()


def check_level(value: object) -> float:
    """A price level: a finite number above zero (not true/false, not .inf or .nan)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError("expected a number")
    try:
        number = float(value)
    except (ValueError, OverflowError):
        raise ValueError("expected a number") from None
    if not math.isfinite(number) or number <= 0:
        raise ValueError(f"expected a finite price above zero, got {value!r}")
    return number


def check_plain_text(value: str) -> str:
    """Text the author writes in config (title, disclaimer): no HTML, no script link, one paragraph."""
    if _CONTROL.search(value.replace("\n", " ").replace("\t", " ")):
        raise ValueError("control characters are not allowed")
    if _TAG.search(value):
        raise ValueError("write plain text here: HTML is not allowed")
    if _SCRIPT_SCHEME.search(value):
        raise ValueError("a javascript:, vbscript: or data: link is not allowed")
    return value


def check_unsubscribe_mailto(value: str) -> str:
    """``unsubscribe@example.com`` or ``mailto:unsubscribe@example.com?subject=stop``."""
    if value:
        address, _, query = value.removeprefix("mailto:").partition("?")
        check_address(address, allow_name=False)
        if not _URL_CHARS.match(query):
            raise ValueError("unexpected characters after '?' (percent-encode them)")
    return value


def check_workspace_path(value: str, root: Path | None, *, what: str) -> str:
    """A relative folder inside the workspace, not the workspace itself and not a file."""
    if not value or _CONTROL.search(value) or len(value) > 255:
        raise ValueError(f"expected a folder name (at most 255 characters) for the {what}")
    path = Path(value)
    if path.is_absolute() or ".." in path.parts:
        raise ValueError(f"the {what} must be a folder inside the workspace (relative, no ..); "
                         "build elsewhere with --out")
    if root is not None:
        try:
            full = (root / path).resolve()
            is_file = full.exists() and not full.is_dir()
        except OSError as exc:
            raise ValueError(f"the {what} {value!r} cannot be used ({exc.strerror})") from None
        if full == root.resolve() or not full.is_relative_to(root.resolve()):
            raise ValueError(f"the {what} must be a folder inside the workspace")
        if is_file:
            raise ValueError(f"the {what} {value!r} is a file, not a folder")
    return value
