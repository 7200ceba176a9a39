"""MJML compile, validation and the Gmail-clip size check."""

from __future__ import annotations

import re

import pytest

from newsletter.email_html import check_size, compile_mjml, html_size_report
from newsletter.errors import NewsletterError

MJML = """<mjml>
  <mj-head>
    <mj-title>The Weekly Edge</mj-title>
    <mj-preview>Small caps: 13 straight sessions</mj-preview>
    <mj-style inline="inline">
      .headline { color: #c00000; font-weight: bold; }
      .headline div { letter-spacing: 1px; }
      @media (max-width: 480px) { .headline div { font-size: 20px !important; } }
    </mj-style>
    <mj-style>
      .dark-note { color: #999999; }
    </mj-style>
  </mj-head>
  <mj-body width="600px">
    <mj-section>
      <mj-column>
        <mj-text css-class="headline">🚨 Small caps rip</mj-text>
      </mj-column>
    </mj-section>
    {extra}
  </mj-body>
</mjml>
"""


def mjml(extra: str = "") -> str:
    return MJML.replace("{extra}", extra)


def styles(html: str) -> str:
    return "\n".join(re.findall(r"<style[^>]*>(.*?)</style>", html, re.DOTALL))


def test_compile_inlines_the_marked_styles_and_keeps_the_phone_layout():
    html = compile_mjml(mjml(), "email.mjml")

    headline_td = re.search(r'<td[^>]*class="headline"[^>]*>', html).group(0)
    assert "color: #c00000" in headline_td and "font-weight: bold" in headline_td
    assert re.search(r'<div style="letter-spacing: 1px;[^"]*">🚨 Small caps rip', html)
    css = styles(html)
    assert "@media (max-width: 480px)" in css  # the template's own phone rule
    assert ".mj-column-per-100" in css and "min-width:480px" in css  # MJML's responsive columns
    assert ".dark-note" in css  # a style not marked inline stays a style
    assert ".headline { color" not in css  # the inlined rule is not left behind
    assert "<mj-" not in html
    assert "Small caps: 13 straight sessions" in html  # the preheader


def test_an_unknown_mj_tag_is_an_error_naming_template_and_line():
    broken = mjml("<mj-section>\n<mj-colum><mj-text>x</mj-text></mj-colum>\n</mj-section>")

    with pytest.raises(NewsletterError) as caught:
        compile_mjml(broken, "email.mjml")

    message = str(caught.value)
    assert message == "email.mjml:21: unknown MJML tag <mj-colum>; did you mean <mj-column>?"


def test_mjml_compile_errors_name_the_template_and_line():
    with pytest.raises(NewsletterError, match=r"^email\.mjml:3: MJML could not be compiled"):
        compile_mjml("<mjml>\n<mj-body>\n<mj-include path='part.mjml'/></mj-body></mjml>", "email.mjml")


def test_size_report_measures_inline_styles_sections_and_text():
    html = compile_mjml(mjml(), "email.mjml")
    report = html_size_report(html)

    assert report.total_bytes == len(html.encode())
    outside_comments = re.sub(r"<!--.*?-->", "", html, flags=re.DOTALL)
    inline = sum(len(f' style="{v}"'.encode()) for v in re.findall(r' style="([^"]*)"', outside_comments))
    assert report.inline_style_bytes == inline
    assert report.sections and "🚨 Small caps rip" in report.sections[0].label
    assert report.style_block_bytes > 0 and report.text_bytes > 0


def test_check_size_refuses_and_names_the_biggest_part():
    long_section = (
        "<mj-section><mj-column><mj-text>📌 Breakdown Watch "
        + "$TSLA rejected at the 200-day, **275** cracks it. " * 300
        + "</mj-text></mj-column></mj-section>"
    )
    html = compile_mjml(mjml(long_section), "email.mjml")

    with pytest.raises(NewsletterError) as caught:
        check_size(html, 10)

    message = str(caught.value)
    assert "over the 10 KB limit" in message and "email.max_html_kb" in message
    biggest = message.split("biggest: ", 1)[1]
    assert biggest.startswith("section “📌 Breakdown Watch $TSLA")
    assert check_size(html, 100).total_bytes == len(html.encode())
