"""Email addresses and header values from the config: RFC 5322 addresses, one line each.

A value that reaches a mail header must not carry a line break: ``reply_to:
"x@example.com\\nBcc: …"`` would forge a header (the email library refuses it
only at send time, after the issue was archived). These checks run when the
config is loaded and again before a publish run archives anything.
"""

from __future__ import annotations

import re
from email import policy
from email.errors import HeaderParseError

_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_DOMAIN = r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})"
ADDRESS_RE = re.compile(rf"^{_LOCAL}@{_DOMAIN}$")
"""A bare address (``name@example.com``): the dot-atom form of RFC 5322, ASCII only."""

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def check_one_line(value: str) -> str:
    """``value`` unchanged, or ValueError when it holds a CR, LF or other control character."""
    found = _CONTROL.search(value)
    if found:
        raise ValueError(f"must be one line without control characters; found {found.group()!r} "
                         f"at character {found.start() + 1}")
    return value


def check_address(value: str) -> str:
    """A bare address (``name@example.com``), or ValueError."""
    check_one_line(value)
    if not ADDRESS_RE.match(value.strip()):
        raise ValueError(f"not an email address: {value!r} (expected name@example.com)")
    return value.strip()


def check_mailbox(value: str) -> str:
    """One RFC 5322 mailbox, with or without a display name (``The Letter <a@example.com>``)."""
    check_one_line(value)
    try:
        header = policy.default.header_factory("From", value)
        addresses = header.addresses
    except (HeaderParseError, IndexError, ValueError):
        addresses = ()
    if len(addresses) != 1 or header.defects or not ADDRESS_RE.match(addresses[0].addr_spec):
        raise ValueError(f"not one email address: {value!r} (expected name@example.com or "
                         "Name <name@example.com>)")
    return value.strip()


def optional(check):
    """The same check, letting an empty value (the setting is off) through."""

    def checked(value: str) -> str:
        return value if value == "" else check(value)

    checked.__doc__ = check.__doc__
    return checked


def check_mailto(value: str) -> str:
    """An unsubscribe mailbox, ``mailto:`` and a ``?query`` allowed around the address."""
    check_one_line(value)
    check_address(value.removeprefix("mailto:").split("?", 1)[0])
    return value
