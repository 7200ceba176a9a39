"""One reader's copy of the issue as a MIME message, ready for SMTP.

Layout: ``multipart/related`` holding ``multipart/alternative`` (text/plain,
then text/html, both UTF-8) and the charts as inline ``image/png`` parts that
the HTML points at with ``cid:``. Charts sent this way do not count toward
Gmail's 102 KB clip; only the HTML does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import secrets
from dataclasses import dataclass, replace
from email.message import EmailMessage, MIMEPart
from email.utils import format_datetime, parseaddr
from html import escape as html_escape
from pathlib import Path
from urllib.parse import quote

from pydantic import ValidationError

from newsletter.config import CONFIG_FILE, EmailConfig
from newsletter.errors import NewsletterError

log = logging.getLogger(__name__)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CID_REF = re.compile(r"""(?:=\s*["']?|url\(\s*["']?)cid:([^"'\s)>]+)""", re.IGNORECASE)
"""A ``cid:`` in an attribute (``src="cid:…"``) or in CSS (``url(cid:…)``), not in prose."""


@dataclass(frozen=True)
class RenderedEmail:
    """What the render stage hands to publishing: the same for every reader.

    ``images`` maps a Content-ID (without ``<>``) to the PNG the HTML shows as
    ``cid:<that id>``. ``preheader`` is the inbox-preview text already in the
    HTML (``<mj-preview>``), carried along for checks and previews.
    """

    subject: str
    html: str
    text: str
    images: dict[str, Path]
    preheader: str = ""


def referenced_cids(html: str) -> set[str]:
    """Every Content-ID the HTML uses as ``cid:…``."""
    return set(_CID_REF.findall(html))


def check_sender(config: EmailConfig) -> None:
    """Check the sender configuration again (from, reply_to, author address, unsubscribe
    links, SMTP settings) with the rules :mod:`newsletter.config` applies at load time.

    A config built in code skips those rules; a publish run calls this before it
    archives anything, so a header that cannot be sent never follows a public archive.
    """
    try:
        EmailConfig.model_validate(config.model_dump(by_alias=True))
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(["email", *(str(part) for part in error["loc"])])
        raise NewsletterError(str(error["msg"]).removeprefix("Value error, "), file=CONFIG_FILE,
                              key=key) from None


def sender_address(config: EmailConfig) -> str:
    """The bare address of ``email.from`` (for the SMTP envelope), or a NewsletterError."""
    _, address = parseaddr(config.from_address)
    if "@" not in address or address.startswith("@") or address.endswith("@"):
        raise NewsletterError(
            f"not an email address: {config.from_address!r}", key="email.from"
        )
    return address


def message_id(issue_date: dt.date, recipient: str, domain: str) -> str:
    """The one Message-ID of this issue for this reader, the same on every resend.

    A resend from the crash window (server said 250, ledger had not committed)
    is then the same message, and Gmail collapses it with the first copy.
    """
    digest = hashlib.sha256(recipient.strip().lower().encode()).hexdigest()[:16]
    return f"<issue-{issue_date.isoformat()}.{digest}@{domain}>"


def build_message(
    email: RenderedEmail,
    *,
    to: str,
    config: EmailConfig,
    issue_date: dt.date,
    web_url: str,
    test: bool = False,
    sent_at: dt.datetime | None = None,
    label: str = "[TEST]",
) -> EmailMessage:
    """Build ``to``'s copy; a test copy says ``label`` (``[TEST]``) and gets a fresh Message-ID.

    Refuses (NewsletterError) when the HTML shows a ``cid:`` image that was not
    given, so no issue ships with a broken chart.
    """
    sender = sender_address(config)
    domain = sender.rsplit("@", 1)[1]
    email = for_reader(email, config, to)
    images = _images_to_attach(email)

    msg = EmailMessage()
    subject = " ".join(email.subject.split())
    msg["Subject"] = f"{label} {subject}" if test else subject
    msg["From"] = config.from_address
    msg["To"] = to
    if config.reply_to:
        msg["Reply-To"] = config.reply_to
    msg["Date"] = format_datetime(sent_at or dt.datetime.now(dt.UTC))
    if test:
        msg["Message-ID"] = f"<test-{issue_date.isoformat()}.{secrets.token_hex(8)}@{domain}>"
    else:
        msg["Message-ID"] = message_id(issue_date, to, domain)
    if web_url:
        msg["Archived-At"] = f"<{web_url}>"
    for name, value in unsubscribe_headers(config, to).items():
        msg[name] = value

    if not images:
        _add_text_and_html(msg, email)
        return _without_inner_mime_version(msg)
    body = MIMEPart()
    _add_text_and_html(body, email)
    # EmailMessage.make_related() refuses to wrap an alternative, so nest by hand.
    msg["MIME-Version"] = "1.0"
    msg.make_related()
    msg.set_param("type", "multipart/alternative")
    msg.attach(body)  # type: ignore[arg-type]  # typeshed wants an EmailMessage; a MIMEPart is what belongs inside
    for cid, data, filename in images:
        msg.add_related(
            data, maintype="image", subtype="png",
            cid=f"<{cid}>", disposition="inline", filename=filename,
        )
    return _without_inner_mime_version(msg)


def _without_inner_mime_version(msg: EmailMessage) -> EmailMessage:
    """add_alternative/add_related make whole EmailMessages; MIME-Version belongs on top only."""
    for part in msg.walk():
        if part is not msg:
            del part["MIME-Version"]
    return msg


def _add_text_and_html(part: MIMEPart, email: RenderedEmail) -> None:
    part.set_content(email.text, subtype="plain", charset="utf-8", cte="quoted-printable")
    part.add_alternative(email.html, subtype="html", charset="utf-8", cte="quoted-printable")


def reader_unsubscribe_url(config: EmailConfig, recipient: str) -> str:
    """This reader's unsubscribe link: ``email.unsubscribe_url`` with their address as ``u=``."""
    url = config.unsubscribe_url
    return f"{url}{'&' if '?' in url else '?'}u={quote(recipient.strip(), safe='')}"


def for_reader(email: RenderedEmail, config: EmailConfig, recipient: str) -> RenderedEmail:
    """The email with the body's unsubscribe link (HTML and text) made this reader's, the same
    link as in ``List-Unsubscribe``; the rendered email carries the generic one."""
    url = config.unsubscribe_url
    if not url:
        return email
    mine = reader_unsubscribe_url(config, recipient)
    page = email.html.replace(f'href="{html_escape(url)}"', f'href="{html_escape(mine)}"')
    text = "\n".join(f"Unsubscribe: {mine}" if line == f"Unsubscribe: {url}" else line
                     for line in email.text.split("\n"))
    return replace(email, html=page, text=text)


def unsubscribe_headers(config: EmailConfig, recipient: str) -> dict[str, str]:
    """``List-Unsubscribe`` (mailto and https) and RFC 8058's one-click ``-Post``.

    The https link carries the reader's address as ``u=`` so that a POST to it
    can unsubscribe at once, with no confirmation page.
    """
    links: list[str] = []
    if config.unsubscribe_mailto:
        mailto = config.unsubscribe_mailto.removeprefix("mailto:")
        links.append(f"<mailto:{mailto}{'&' if '?' in mailto else '?'}subject=unsubscribe>")
    headers: dict[str, str] = {}
    if config.unsubscribe_url:
        url = config.unsubscribe_url
        if not url.startswith("https://"):
            raise NewsletterError(
                f"one-click unsubscribe (RFC 8058) needs an https:// URL, not {url!r}",
                key="email.unsubscribe_url",
            )
        links.append(f"<{reader_unsubscribe_url(config, recipient)}>")
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    if links:
        headers = {"List-Unsubscribe": ", ".join(links), **headers}
    return headers


def _images_to_attach(email: RenderedEmail) -> list[tuple[str, bytes, str]]:
    """Read the PNGs the HTML uses; refuse a missing one, skip (and say) an unused one."""
    given = {cid.strip("<>"): Path(path) for cid, path in email.images.items()}
    used = referenced_cids(email.html)
    missing = sorted(used - given.keys())
    if missing:
        raise NewsletterError(
            "the email HTML shows " + ", ".join(f"cid:{c}" for c in missing)
            + " but no image was given for it; known: " + (", ".join(sorted(given)) or "none"),
            key="images",
        )
    unused = sorted(given.keys() - used)
    if unused:
        log.warning("not attaching images the HTML never shows: %s", ", ".join(unused))
    attached = []
    for cid in sorted(used):
        path = given[cid]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise NewsletterError(f"cannot read chart: {exc.strerror}", file=path, key=f"images.{cid}") from None
        if not data.startswith(PNG_SIGNATURE):
            raise NewsletterError("not a PNG file", file=path, key=f"images.{cid}")
        attached.append((cid, data, path.name))
    return attached
