"""DKIM: the issue's mail is signed, and dkimpy verifies it against the public key.

The key pair is made by openssl here; the DNS lookup is replaced by the TXT
record for that public key (dkimpy's ``dnsfunc``). The mail is sent through a
real SMTP server (aiosmtpd) and verified as it arrived.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import subprocess
from pathlib import Path

import dkim
import pytest

from newsletter.config import EmailConfig, load_config
from newsletter.errors import NewsletterError
from newsletter.publish.dkim import dns_record, signer
from newsletter.publish.email_message import RenderedEmail
from newsletter.publish.smtp_delivery import deliver
from tests.publish.smtp_server import smtp_server_fixture  # noqa: F401  (pytest fixture)

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl for a key pair")

DOMAIN = "weekly-edge.test"


@pytest.fixture(scope="module")
def key_pair(tmp_path_factory) -> tuple[Path, str]:
    """An RSA private key file (PEM) and its DKIM TXT record."""
    folder = tmp_path_factory.mktemp("dkim")
    private = folder / "dkim.pem"
    subprocess.run(["openssl", "genrsa", "-traditional", "-out", str(private), "2048"],
                   check=True, capture_output=True)
    der = subprocess.run(["openssl", "rsa", "-in", str(private), "-pubout", "-outform", "DER"],
                         check=True, capture_output=True).stdout
    return private, dns_record(der)


def dns(record: str, selector: str = "weekly"):
    def lookup(name: bytes, timeout: int = 5) -> bytes | None:
        return record.encode() if name == f"{selector}._domainkey.{DOMAIN}.".encode() else None
    return lookup


def config(smtp, **dkim_settings) -> EmailConfig:
    return EmailConfig(**{"from": f"The Weekly Edge <letter@{DOMAIN}>", "smtp": smtp,
                          "unsubscribe_url": f"https://{DOMAIN}/unsubscribe",
                          "dkim": {"selector": "weekly", **dkim_settings}})


def issue(tmp_path: Path) -> RenderedEmail:
    return RenderedEmail("Small caps break out", "<html><body><h1>Small caps</h1></body></html>",
                         "Small caps break out\n", {})


def test_delivered_mail_carries_a_signature_that_verifies(key_pair, smtp_server, tmp_path):
    private, record = key_pair
    cfg = config(smtp_server.smtp_config(), private_key_file=str(private))
    report = deliver(issue(tmp_path), ["a@example.com", "b@example.com"], config=cfg,
                     issue_date=dt.date(2026, 11, 22), web_url="https://x.test/",
                     ledger_path=tmp_path / "ledger.db", sleep=lambda s: None)
    assert report.complete
    for received in smtp_server.messages:
        assert received.data.startswith(b"DKIM-Signature:")
        signature = received.message()["DKIM-Signature"]
        assert f"d={DOMAIN}" in signature and "s=weekly" in signature
        assert "list-unsubscribe" in signature.lower()
        assert dkim.verify(received.data, dnsfunc=dns(record))


def test_a_changed_body_or_a_wrong_key_fails_verification(key_pair, tmp_path, monkeypatch):
    private, record = key_pair
    monkeypatch.setenv("DKIM_KEY", private.read_text())
    sign = signer(config({"host": "127.0.0.1"}, private_key_env="DKIM_KEY"))
    message = (f"From: letter@{DOMAIN}\r\nTo: a@example.com\r\nSubject: Hi\r\n"
               "Message-ID: <1@x>\r\n\r\nbody\r\n").encode()
    signed = sign(message)
    assert dkim.verify(signed, dnsfunc=dns(record))
    assert not dkim.verify(signed.replace(b"body", b"b0dy"), dnsfunc=dns(record))
    other = record[:-12] + ("A" if record[-12] != "A" else "B") + record[-11:]
    assert not dkim.verify(signed, dnsfunc=dns(other))


def test_the_key_is_never_logged_nor_in_errors(key_pair, tmp_path, monkeypatch, caplog):
    private, _ = key_pair
    pem = private.read_text()
    monkeypatch.setenv("DKIM_KEY", pem)
    with caplog.at_level(logging.DEBUG):
        signer(config({"host": "127.0.0.1"}, private_key_env="DKIM_KEY"))(b"From: a@b\r\n\r\nx\r\n")
    monkeypatch.setenv("DKIM_KEY", pem.replace("A", "!", 40))
    with pytest.raises(NewsletterError) as bad:
        signer(config({"host": "127.0.0.1"}, private_key_env="DKIM_KEY"))
    body = pem.splitlines()[5]
    assert body not in caplog.text and body not in str(bad.value)
    assert str(bad.value) == "email.dkim: the DKIM private key is not a PEM RSA or Ed25519 key"


def test_missing_key_names_the_setting(tmp_path, monkeypatch):
    monkeypatch.delenv("NO_SUCH_DKIM_KEY", raising=False)
    with pytest.raises(NewsletterError, match="email.dkim.private_key_env: the environment variable"):
        signer(config({"host": "127.0.0.1"}, private_key_env="NO_SUCH_DKIM_KEY"))
    with pytest.raises(NewsletterError, match="email.dkim.private_key_file: cannot read"):
        signer(config({"host": "127.0.0.1"}, private_key_file=str(tmp_path / "none.pem")))


def test_unsigned_without_a_selector(tmp_path):
    cfg = EmailConfig(**{"from": f"letter@{DOMAIN}"})
    assert signer(cfg)(b"From: a@b\r\n\r\nx\r\n") == b"From: a@b\r\n\r\nx\r\n"


def test_a_relative_key_file_is_found_in_the_workspace(tmp_path):
    (tmp_path / "newsletter.yaml").write_text(
        "email:\n  dkim:\n    selector: weekly\n    private_key_file: keys/dkim.pem\n")
    assert load_config(tmp_path).email.dkim.private_key_file == str(tmp_path / "keys" / "dkim.pem")
