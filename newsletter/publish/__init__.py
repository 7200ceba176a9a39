"""Publish an issue: archive it, and email it to every reader once.

The email transport, re-exported here:

    email_message   one reader's MIME message (RenderedEmail → EmailMessage)
    recipients      the recipients file, streamed line by line (RecipientsFile)
    send_ledger     who has been sent which issue (SQLite), for exactly-once resumes
    smtp_delivery   SMTP sending: batches, rate limit, retries, the one-line report
"""

from newsletter.publish.email_message import RenderedEmail, build_message
from newsletter.publish.recipients import RecipientsFile, load_recipients
from newsletter.publish.send_ledger import SendLedger, Status
from newsletter.publish.smtp_delivery import DeliveryReport, deliver, send_test

__all__ = [
    "DeliveryReport",
    "RecipientsFile",
    "RenderedEmail",
    "SendLedger",
    "Status",
    "build_message",
    "deliver",
    "load_recipients",
    "send_test",
]
