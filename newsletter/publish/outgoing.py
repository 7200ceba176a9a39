"""The email a built issue sends: its rendered files, read back from the issue folder.

Publishing sends exactly what the build wrote and the checks passed, never a
fresh render.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from newsletter.errors import NewsletterError
from newsletter.publish.email_message import RenderedEmail


def email_from_folder(folder: Path) -> RenderedEmail:
    """``email.html``, ``email.txt``, the subject from ``meta.json`` and every ``cid:`` chart."""
    try:
        html = (folder / "email.html").read_text(encoding="utf-8")
        text = (folder / "email.txt").read_text(encoding="utf-8")
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        subject, preheader = meta["subject"], meta.get("preheader", "")
        if not isinstance(subject, str) or not isinstance(preheader, str):
            raise TypeError("the subject and preheader must be text")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise NewsletterError(f"the built email is incomplete ({type(exc).__name__}: {exc})",
                              file=folder) from None
    images = {cid: folder / "charts" / f"{cid}.png" for cid in sorted(set(re.findall(r"cid:([\w.\-]+)", html)))}
    missing = [str(p) for p in images.values() if not p.is_file()]
    if missing:
        raise NewsletterError(f"the email shows charts that are missing: {', '.join(missing)}", file=folder)
    return RenderedEmail(subject=subject, html=html, text=text, images=images, preheader=preheader)


def render_email(ws, result) -> RenderedEmail:
    """The pipeline's email step for a :class:`~newsletter.build.BuildResult`."""
    return email_from_folder(result.folder)


def latest_built(output_dir: Path) -> Path:
    """The newest issue folder that holds a built email."""
    folders = sorted(p.parent for p in output_dir.glob("*/email.html")
                     if not p.parent.name.startswith("."))  # not a build's staging folder
    if not folders:
        raise NewsletterError("no built issue yet: run `newsletter build` first", file=output_dir)
    return folders[-1]


def send_test_copy(ws, address: str, folder: Path | None = None) -> str:
    """Send the built issue in ``folder`` (default: the newest) to ``address`` as one [TEST] copy."""
    import datetime as dt

    from newsletter.publish.smtp_delivery import send_test

    folder = folder or latest_built(ws.output_dir)
    email = email_from_folder(folder)
    issue_date = dt.date.fromisoformat(folder.name)
    return send_test(email, address, config=ws.config.email, issue_date=issue_date,
                     web_url=f"{ws.config.base_url}{issue_date.isoformat()}/",
                     ledger_path=ws.state_dir / "deliveries.sqlite")
