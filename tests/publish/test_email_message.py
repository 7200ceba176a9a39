"""One reader's MIME message: layout, headers, and refusals before anything ships."""

from __future__ import annotations

import datetime as dt
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest
from PIL import Image

from newsletter.config import EmailConfig
from newsletter.errors import NewsletterError
from newsletter.publish.email_message import RenderedEmail, build_message, message_id

ISSUE = dt.date(2026, 11, 22)
CONFIG = EmailConfig(**{"from": "The Weekly Edge <letter@weekly-edge.test>"}, reply_to="editor@weekly-edge.test")


def make_email(tmp_path: Path, html: str = '<p>Hi</p><img src="cid:rotation">') -> RenderedEmail:
    Image.new("RGB", (40, 20), "navy").save(tmp_path / "rotation.png")
    return RenderedEmail(subject="📊 Rotation Play", html=html, text="Hi", images={"rotation": tmp_path / "rotation.png"})


def build(email: RenderedEmail, to: str = "reader@example.com", **kwargs) -> EmailMessage:
    return build_message(email, to=to, config=CONFIG, issue_date=ISSUE, web_url="https://weekly-edge.test/2026-11-22/", **kwargs)


def reparse(message: EmailMessage) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(message.as_bytes())


def test_layout_is_related_around_alternative_with_inline_png(tmp_path):
    parsed = reparse(build(make_email(tmp_path)))

    assert [p.get_content_type() for p in parsed.walk()] == [
        "multipart/related", "multipart/alternative", "text/plain", "text/html", "image/png",
    ]
    assert parsed.get_param("type") == "multipart/alternative"
    image = list(parsed.iter_parts())[1]
    assert image["Content-ID"] == "<rotation>" and image.get_content_disposition() == "inline"
    assert sum("MIME-Version" in p for p in parsed.walk()) == 1
    assert parsed["Archived-At"] == "<https://weekly-edge.test/2026-11-22/>"


def test_without_images_it_is_just_the_alternative(tmp_path):
    parsed = reparse(build(RenderedEmail("Hi", "<p>Hi</p>", "Hi", {})))
    assert [p.get_content_type() for p in parsed.walk()] == [
        "multipart/alternative", "text/plain", "text/html",
    ]


def test_message_id_is_stable_per_issue_and_reader_and_fresh_for_tests(tmp_path):
    email = make_email(tmp_path)
    first = build(email)["Message-ID"]

    assert build(email)["Message-ID"] == first
    assert build(email, to="Reader@Example.com")["Message-ID"] == first
    assert first == message_id(ISSUE, "reader@example.com", "weekly-edge.test")
    assert first.startswith("<issue-2026-11-22.") and first.endswith("@weekly-edge.test>")
    assert build(email, to="other@example.com")["Message-ID"] != first
    tests = {build(email, test=True)["Message-ID"] for _ in range(3)}
    assert len(tests) == 3 and first not in tests
    assert build(email, test=True)["Subject"] == "[TEST] 📊 Rotation Play"


def test_a_cid_without_its_image_is_refused(tmp_path):
    email = make_email(tmp_path, html='<img src="cid:rotation"><img src="cid:breakdown-tsla">')
    with pytest.raises(NewsletterError, match=r"cid:breakdown-tsla but no image was given"):
        build(email)


def test_an_image_that_is_not_a_png_is_refused(tmp_path):
    (tmp_path / "chart.png").write_text("not a png")
    email = RenderedEmail("s", '<img src="cid:c">', "t", {"c": tmp_path / "chart.png"})
    with pytest.raises(NewsletterError, match=r"chart\.png: images\.c: not a PNG file"):
        build(email)


def test_one_click_unsubscribe_needs_https(tmp_path):
    config = CONFIG.model_copy(update={"unsubscribe_url": "http://weekly-edge.test/u"})
    with pytest.raises(NewsletterError, match=r"email\.unsubscribe_url: one-click unsubscribe"):
        build_message(make_email(tmp_path), to="a@example.com", config=config, issue_date=ISSUE, web_url="")


def test_the_body_unsubscribe_link_is_the_readers_own_in_html_and_text(tmp_path):
    """The footer link was the generic one while List-Unsubscribe was per reader: one link, both."""
    config = EmailConfig(**{"from": "The Weekly Edge <letter@weekly-edge.test>"},
                         unsubscribe_url="https://weekly-edge.test/unsubscribe?list=weekly")
    generic = "https://weekly-edge.test/unsubscribe?list=weekly"
    email = RenderedEmail("Hi", f'<p>Hi</p><a href="{generic.replace("&", "&amp;")}">Unsubscribe</a>',
                          f"Hi\n\nUnsubscribe: {generic}\n", {})
    for reader in ("ann+news@example.com", "bob@example.org"):
        parsed = reparse(build_message(email, to=reader, config=config, issue_date=ISSUE, web_url=""))
        https = next(link.strip("<> ") for link in parsed["List-Unsubscribe"].split(",")
                     if "https://" in link)
        assert https == f"{generic}&u={reader.replace('+', '%2B').replace('@', '%40')}"
        page = parsed.get_body(("html",)).get_content()
        text = parsed.get_body(("plain",)).get_content()
        assert f'href="{https.replace("&", "&amp;")}"' in page and f'href="{generic}"' not in page
        assert f"Unsubscribe: {https}\n" in text and f"Unsubscribe: {generic}\n" not in text
