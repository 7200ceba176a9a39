"""DKIM signatures on the issue's mail (dkimpy), so mail from the author's domain passes DMARC.

``email.dkim`` in newsletter.yaml names the selector and the key: a PEM file
(``private_key_file``, relative to the workspace) or an environment variable
holding the PEM (``private_key_env``). The key never reaches a log line or an
error message. The public half goes in DNS as a TXT record at
``<selector>._domainkey.<domain>`` (:func:`dns_record` prints it).
"""

from __future__ import annotations

import base64
import logging
import os
from collections.abc import Callable
from email.utils import parseaddr
from pathlib import Path

import dkim  # type: ignore[import-untyped]

from newsletter.config import DkimConfig, EmailConfig
from newsletter.errors import NewsletterError

log = logging.getLogger(__name__)

SIGNED_HEADERS = (b"From", b"To", b"Subject", b"Date", b"Message-ID", b"Reply-To", b"MIME-Version",
                  b"Content-Type", b"List-Unsubscribe", b"List-Unsubscribe-Post", b"List-Id")
"""The headers the signature covers; List-Unsubscribe(-Post) must be, for one-click (RFC 8058)."""


def _private_key(config: DkimConfig) -> bytes:
    if config.private_key_env:
        key = os.environ.get(config.private_key_env, "")
        if not key:
            raise NewsletterError(f"the environment variable {config.private_key_env} is not set",
                                  key="email.dkim.private_key_env")
        return key.encode()
    if not config.private_key_file:
        raise NewsletterError("set private_key_file or private_key_env", key="email.dkim")
    try:
        return Path(config.private_key_file).expanduser().read_bytes()
    except OSError as exc:
        raise NewsletterError(f"cannot read the DKIM key ({exc.strerror})",
                              file=config.private_key_file, key="email.dkim.private_key_file") from None


def signing_domain(config: EmailConfig) -> str:
    """``email.dkim.domain``, or the domain of ``email.from``."""
    return config.dkim.domain or parseaddr(config.from_address)[1].rpartition("@")[2]


def signer(config: EmailConfig) -> Callable[[bytes], bytes]:
    """A function that prefixes a wire-format message with its DKIM-Signature header;
    the identity when ``email.dkim.selector`` is empty (signing off)."""
    if not config.dkim.selector:
        return lambda message: message
    key = _private_key(config.dkim)
    selector, domain = config.dkim.selector.encode(), signing_domain(config).encode()
    if not domain:
        raise NewsletterError("no signing domain: set email.dkim.domain", key="email.dkim.domain")
    try:  # fail now on a bad key, not at the first reader
        dkim.sign(b"From: a@b\r\nSubject: probe\r\n\r\nprobe\r\n", selector, domain, key,
                  include_headers=[b"From"])
    except (dkim.DKIMException, ValueError, IndexError, TypeError):
        raise NewsletterError("the DKIM private key is not a PEM RSA or Ed25519 key",
                              key="email.dkim") from None

    def sign(message: bytes) -> bytes:
        present = {line.split(b":", 1)[0].strip().lower() for line in
                   message.split(b"\r\n\r\n", 1)[0].split(b"\r\n") if b":" in line}
        headers = [h for h in SIGNED_HEADERS if h.lower() in present]
        return dkim.sign(message, selector, domain, key, include_headers=headers) + message

    log.info("DKIM signing as %s._domainkey.%s", selector.decode(), domain.decode())
    return sign


def dns_record(public_key_der: bytes) -> str:
    """The TXT record's text for an RSA public key (DER, SubjectPublicKeyInfo)."""
    return f"v=DKIM1; k=rsa; p={base64.b64encode(public_key_der).decode()}"
