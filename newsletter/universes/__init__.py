"""The universe breadth is measured over: a shipped index list, a CSV of members, or a list.

``breadth.universe`` in newsletter.yaml says which:

- a name of a list shipped here (``dow30``): its members on one date, the date
  and the source in the file's header;
- a CSV file inside the workspace (``members.csv``): a header row with a
  ``ticker`` (or ``symbol``) column, one member a row, other columns ignored,
  ``#`` lines are comments and ``# as_of: YYYY-MM-DD`` gives the list's date;
- a list of tickers written in the config.

A list is one membership on one date. Historical membership is not
reconstructed (survivorship): past sessions are measured over today's members.
Written by hand because the format is four lines of rules; pandas' CSV reader
would lose the line numbers an error must name.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newsletter.errors import NewsletterError

SHIPPED = {"dow30": "the Dow 30"}
"""Lists shipped with the package: file stem to how the issue names it."""
MAX_MEMBERS = 10_000
MAX_BYTES = 1024 * 1024
_TICKER = re.compile(r"^[\^A-Z0-9][A-Z0-9.=\-^]{0,14}$")
_AS_OF = re.compile(r"^#\s*as_of:\s*(\S+)")
KEY = "breadth.universe"


@dataclass(frozen=True)
class Universe:
    """The members breadth is measured over, and where the list came from."""

    name: str
    """How the issue names it: "the Dow 30", "the members in members.csv", "your list"."""
    tickers: tuple[str, ...]
    asof: dt.date | None
    """The date the membership is true on; None when the list does not say."""
    shipped: bool = False


def shipped_path(name: str) -> Path:
    """The CSV file of a shipped list."""
    return Path(__file__).with_name(f"{name}.csv")


def read_members(path: Path, name: str, display: str | None = None) -> Universe:
    """Read a CSV of members; an error names the file, the line and what is wrong."""
    shown = display or str(path)
    if not path.is_file():
        raise NewsletterError("no such file (expected a CSV of members with a ticker column)",
                              file=shown, key=KEY)
    with path.open("rb") as handle:
        raw = handle.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise NewsletterError(f"file is over the {MAX_BYTES // 1024} KB limit", file=shown, line=1)
    try:
        lines = raw.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError:
        raise NewsletterError("not UTF-8 text", file=shown, line=1) from None
    asof: dt.date | None = None
    rows = []
    for number, line in enumerate(lines, 1):
        if line.lstrip().startswith("#"):
            found = _AS_OF.match(line.strip())
            if found:
                try:
                    asof = dt.date.fromisoformat(found.group(1))
                except ValueError:
                    raise NewsletterError(f"as_of {found.group(1)!r} is not a date like 2024-11-08",
                                          file=shown, line=number) from None
        elif line.strip():
            rows.append((number, line))
    if not rows:
        raise NewsletterError("no header row (expected a ticker column)", file=shown, line=1)
    header_line, header = rows[0]
    columns = [c.strip().lower() for c in next(csv.reader([header]))]
    column = next((columns.index(c) for c in ("ticker", "symbol") if c in columns), None)
    if column is None:
        raise NewsletterError(f"no ticker column in the header ({header.strip()[:80]!r}); "
                              "name the column ticker or symbol", file=shown, line=header_line)
    tickers: dict[str, None] = {}
    for number, line in rows[1:]:
        cells = next(csv.reader([line]))
        value = cells[column].strip().upper() if column < len(cells) else ""
        if not _TICKER.match(value):
            raise NewsletterError(f"not a valid ticker symbol: {value[:20]!r}", file=shown, line=number)
        tickers[value] = None
    if not tickers:
        raise NewsletterError("no members listed under the header", file=shown, line=header_line)
    if len(tickers) > MAX_MEMBERS:
        raise NewsletterError(f"at most {MAX_MEMBERS} members, got {len(tickers)}", file=shown)
    return Universe(name, tuple(tickers), asof, shipped=False)


def load_universe(universe: str | list[str], workspace: Path | None = None) -> Universe:
    """The members ``breadth.universe`` names (a shipped list, a CSV in ``workspace``, a list)."""
    if isinstance(universe, list):
        return Universe("your list", tuple(dict.fromkeys(universe)), None)
    if universe in SHIPPED:
        return _shipped(universe)
    path = Path(universe)
    full = path if path.is_absolute() or workspace is None else workspace / path
    return read_members(full, f"the members in {path.name}", display=universe)


@lru_cache(maxsize=len(SHIPPED))
def _shipped(name: str) -> Universe:
    """A shipped list, read once per process (the replay composes an issue per Sunday)."""
    members = read_members(shipped_path(name), SHIPPED[name])
    return Universe(members.name, members.tickers, members.asof, shipped=True)
