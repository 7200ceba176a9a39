"""Send the draft's email to one address from the preview, the way publishing would send it."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from newsletter.errors import NewsletterError

if TYPE_CHECKING:
    from newsletter.build import BuildResult
    from newsletter.config import EmailConfig
    from newsletter.publish.email_message import RenderedEmail
    from newsletter.workspace import Workspace

log = logging.getLogger(__name__)


def smtp_ready(config: EmailConfig, environ: Mapping[str, str] | None = None) -> bool:
    """SMTP is configured: ``email.smtp.host`` is set and its password variable is exported."""
    env = os.environ if environ is None else environ
    return bool(config.smtp.host.strip()) and bool(env.get(config.smtp.password_env))


def draft_email(result: BuildResult) -> RenderedEmail:
    """The draft's email as publishing hands it to SMTP: email.html, email.txt and its charts."""
    from newsletter.publish.outgoing import email_from_folder

    return email_from_folder(result.folder)


def send_draft_test(ws: Workspace, result: BuildResult, address: str) -> str:
    """Send one ``[TEST]`` copy of the draft to ``address``; its Message-ID, or a NewsletterError."""
    from newsletter.publish.recipients import ADDRESS_RE
    from newsletter.publish.smtp_delivery import send_test

    if not ADDRESS_RE.match(address.strip()):
        raise NewsletterError(f"not an email address: {address.strip()!r}")
    issue = result.issue
    message_id = send_test(draft_email(result), address.strip(), config=ws.config.email,
                           issue_date=issue.date, web_url=issue.web_url or ws.config.base_url)
    log.info("test copy of the %s draft sent to %s (%s)", issue.date, address.strip(), message_id)
    return message_id
