"""Who gets the issue: the recipients file, read and checked, one address a line."""

from __future__ import annotations

import re
from pathlib import Path

from newsletter.addresses import ADDRESS_RE
from newsletter.errors import NewsletterError
from newsletter.publish.send_ledger import recipient_key

__all__ = ["ADDRESS_RE", "load_recipients"]


def load_recipients(path: Path) -> list[str]:
    """Read a recipients file: one address a line, ``#`` comments, blank lines ignored.

    Duplicates (compared case-insensitively) are dropped, keeping the first.
    """
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise NewsletterError("recipients file not found", file=path) from None
    except UnicodeDecodeError as exc:
        raise NewsletterError(f"not UTF-8 text (byte {exc.start})", file=path) from None
    seen: set[str] = set()
    recipients: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        address = re.split(r"(?:^|\s)#", line, maxsplit=1)[0].strip()
        if not address:
            continue
        if not ADDRESS_RE.match(address):
            raise NewsletterError(f"not an email address: {address!r}", file=path, line=number)
        if recipient_key(address) not in seen:
            seen.add(recipient_key(address))
            recipients.append(address)
    return recipients
