"""Who gets the issue: the recipients file, one address a line, read lazily and checked.

:class:`RecipientsFile` streams the file: a send never holds the whole list, so
its memory is the same for 1,000 readers or 50,000 (duplicates are dropped by
the send ledger, in SQLite, not by a set here).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from newsletter.addresses import ADDRESS_RE
from newsletter.errors import NewsletterError
from newsletter.publish.send_ledger import recipient_key

__all__ = ["ADDRESS_RE", "RecipientsFile", "load_recipients"]

_COMMENT = re.compile(r"(?:^|\s)#")


class RecipientsFile:
    """A recipients file: ``#`` comments and blank lines ignored, every other line an address.

    Iterating reads the file line by line and yields each address in file order,
    duplicates included; a line that is not an address raises a one-line
    NewsletterError naming the file and line. :meth:`check` runs the whole file
    through the same test first, so a send can refuse a bad file before mailing anyone.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._count: int | None = None

    def __iter__(self) -> Iterator[str]:
        try:
            lines = self.path.open("rb")  # bytes, decoded line by line: an error names its line
        except FileNotFoundError:
            raise NewsletterError("recipients file not found", file=self.path) from None
        with lines:
            for number, raw in enumerate(lines, start=1):
                try:
                    line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
                except UnicodeDecodeError as exc:
                    raise NewsletterError(f"not UTF-8 text (byte {exc.start} of the line)", file=self.path,
                                          line=number) from None
                address = _COMMENT.split(line, maxsplit=1)[0].strip()
                if not address:
                    continue
                if not ADDRESS_RE.match(address):
                    raise NewsletterError(f"not an email address: {address!r}", file=self.path, line=number)
                yield address

    def check(self) -> int:
        """Read the whole file once; the number of addresses (duplicates included), or the first error."""
        self._count = sum(1 for _ in self)
        return self._count

    def __len__(self) -> int:
        """The number of addresses, duplicates included (read once, then remembered)."""
        return self._count if self._count is not None else self.check()


def load_recipients(path: Path) -> list[str]:
    """The whole recipients file as a list, duplicates (compared case-insensitively) dropped,
    keeping the first. For a count or a small list; a send streams :class:`RecipientsFile`."""
    seen: set[str] = set()
    recipients: list[str] = []
    for address in RecipientsFile(path):
        if recipient_key(address) not in seen:
            seen.add(recipient_key(address))
            recipients.append(address)
    return recipients
