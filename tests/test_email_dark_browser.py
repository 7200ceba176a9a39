"""The email's dark mode: its own dark CSS targets elements that exist and reads well; the
preview shows both the email's dark CSS and a forced inversion as Gmail's apps do it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from newsletter.cli import main
from tests.browser import serve_folder
from tests.test_preview_browser import new_workspace, running_preview, wait_for

DATE = "2026-11-22"
_DARK_BLOCK = re.compile(r"@media\s*\(prefers-color-scheme:\s*dark\)\s*\{(.*?\})\s*\}", re.S)

COLOURS_JS = """
const px = (el, prop) => getComputedStyle(el)[prop];
const card = document.querySelector('.nl-card');
const text = document.querySelector('.nl-text > div');
const link = document.querySelector('.nl-text a');
return {body: px(document.body, 'backgroundColor'), card: px(card, 'backgroundColor'),
        text: px(text, 'color'), link: link ? px(link, 'color') : null,
        h1: px(document.querySelector('.nl-text h1'), 'color')};
"""


def _rgb(css: str) -> tuple[float, float, float]:
    return tuple(float(v) for v in re.findall(r"[\d.]+", css)[:3])  # type: ignore[return-value]


def _luminance(css: str) -> float:
    def channel(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in _rgb(css))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.fixture(scope="module")
def issue_folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("dark")
    assert main(["-q", "-C", str(root), "build", "--source", "sample", "--date", DATE,
                 "--out", str(root / "issues")]) == 0
    folder = root / "issues" / DATE
    html = (folder / "email.html").read_text(encoding="utf-8")
    (folder / "email-browser.html").write_text(re.sub(r"cid:([\w.\-]+)", r"charts/\1.png", html),
                                               encoding="utf-8")
    return folder


def test_every_class_the_dark_css_targets_is_on_an_element(issue_folder: Path) -> None:
    html = (issue_folder / "email.html").read_text(encoding="utf-8")
    blocks = _DARK_BLOCK.findall(html)
    assert blocks, "the email has no prefers-color-scheme: dark rules"
    targeted = set(re.findall(r"\.([A-Za-z][\w-]*)", " ".join(blocks)))
    used = {c for attr in re.findall(r'class="([^"]*)"', html) for c in attr.split()}
    assert targeted and targeted <= used, f"dark rules for classes no element has: {targeted - used}"
    assert '<meta name="color-scheme" content="light dark"' in html


@pytest.mark.timeout(120)
def test_in_dark_mode_the_email_is_dark_and_readable(issue_folder: Path, browser: Any) -> None:
    with serve_folder(issue_folder) as url:
        browser.get(f"{url}/email-browser.html")
        light = browser.execute_script(COLOURS_JS)
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {
            "features": [{"name": "prefers-color-scheme", "value": "dark"}]})
        browser.get(f"{url}/email-browser.html")
        dark = browser.execute_script(COLOURS_JS)
    assert _luminance(light["card"]) > 0.9 and contrast(light["text"], light["card"]) >= 7
    assert _luminance(dark["body"]) < 0.05 and _luminance(dark["card"]) < 0.05, dark
    for part in ("text", "h1"):
        assert contrast(dark[part], dark["card"]) >= 7, (part, dark)
    assert dark["link"] is None or contrast(dark["link"], dark["card"]) >= 4.5, dark


FRAME_JS = """
const doc = document.getElementById('draft').contentDocument;
if (!doc || !doc.querySelector('.nl-card')) return null;
const win = doc.defaultView;
const img = doc.querySelector('img');
return {card: win.getComputedStyle(doc.querySelector('.nl-card')).backgroundColor,
        filter: win.getComputedStyle(doc.documentElement).filter,
        imgFilter: img ? win.getComputedStyle(img).filter : null};
"""


@pytest.mark.timeout(150)
def test_the_preview_shows_the_emails_dark_css_and_a_forced_inversion(tmp_path: Path,
                                                                      browser: Any) -> None:
    workspace = new_workspace(tmp_path / "letter")
    with running_preview(workspace) as server:
        browser.get(server.url)
        browser.find_element("css selector", '#tabs button[data-value="email.html"]').click()
        light = wait_for(browser, lambda d: d.execute_script(FRAME_JS), message="no email")
        assert _luminance(light["card"]) > 0.9 and light["filter"] == "none"

        browser.find_element("css selector", '#scheme button[data-value="dark"]').click()
        wait_for(browser, lambda d: _luminance((d.execute_script(FRAME_JS) or light)["card"]) < 0.05,
                 message="the Dark toggle left the email light")

        browser.find_element("css selector", '#scheme button[data-value="invert"]').click()
        inverted = wait_for(browser, lambda d: (lambda f: f if f and "invert" in f["filter"] else None)(
            d.execute_script(FRAME_JS)), message="no forced inversion")
        assert _luminance(inverted["card"]) > 0.9, "inversion works on the light design"
        assert inverted["imgFilter"] and "invert" in inverted["imgFilter"], "images must be re-inverted"
        browser.refresh()  # the choice survives a reload of the page, and re-applies to the new frame
        wait_for(browser, lambda d: (lambda f: f and "invert" in f["filter"])(d.execute_script(FRAME_JS)),
                 message="inversion lost on reload")
