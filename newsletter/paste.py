"""``newsletter paste``: the issue's Markdown ready to paste into Substack, Ghost or Buttondown.

``issue.md`` links its charts relatively (``charts/x.png``), which works beside
the file and nowhere else: pasted into an editor, the images are gone. The
paste-ready variant makes every relative link and image absolute under the
issue's web address (``base_url`` + date), where the archive publishes them.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urljoin

from newsletter.errors import NewsletterError
from newsletter.publish.archive import issue_url
from newsletter.workspace import Workspace

_LINK = re.compile(r"(\]\()(<?)([^)\s>]+)(>?)(\s+\"[^\"]*\")?(\))")
_ABSOLUTE = re.compile(r"^(?:[a-z][a-z0-9+.\-]*:|#|/)", re.IGNORECASE)


def absolute_links(markdown: str, issue_url: str) -> str:
    """``markdown`` with each relative link or image target resolved against ``issue_url``."""
    def fix(match: re.Match[str]) -> str:
        target = match.group(3)
        if _ABSOLUTE.match(target):
            return match.group(0)
        return "".join((match.group(1), match.group(2), urljoin(issue_url, target), match.group(4),
                        match.group(5) or "", match.group(6)))

    return _LINK.sub(fix, markdown)


def paste_ready(ws: Workspace, issue_date: dt.date | None = None) -> tuple[Path, str]:
    """The built issue's folder and its Markdown with absolute chart addresses."""
    if issue_date is not None:
        folder = ws.output_dir / issue_date.isoformat()
    else:
        built = sorted(p.parent for p in ws.output_dir.glob("*/issue.md"))
        if not built:
            raise NewsletterError("no built issue yet: run `newsletter build` first",
                                  file=ws.output_dir)
        folder = built[-1]
    source = folder / "issue.md"
    if not source.is_file():
        raise NewsletterError("no built issue for this date: run `newsletter build` first",
                              file=folder)
    address = issue_url(ws.config.base_url, dt.date.fromisoformat(folder.name))
    return folder, absolute_links(source.read_text(encoding="utf-8"), address)
