"""The preview's Markdown-source and Plain-text tabs draw digits, * and # in a monospace font.

With "Noto Color Emoji" listed before ``monospace`` Chromium drew every digit,
``*``, ``#`` and space in the emoji font (it has glyphs for the keycap bases).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsletter.preview.views import render_view
from tests.browser import serve_folder

PROBE = "🚨 0123456789 *** ### 42"


def _fonts(driver: Any, url: str) -> dict[str, int]:
    """Glyphs drawn per font family for the view's <pre> holding PROBE (Chrome DevTools)."""
    driver.get(url)
    driver.execute_script(f"document.querySelector('pre').textContent = {PROBE!r};")
    driver.execute_cdp_cmd("DOM.enable", {})
    driver.execute_cdp_cmd("CSS.enable", {})
    root = driver.execute_cdp_cmd("DOM.getDocument", {"depth": -1})["root"]
    node = driver.execute_cdp_cmd("DOM.querySelector", {"nodeId": root["nodeId"], "selector": "pre"})
    found = driver.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})
    return {f["familyName"]: f["glyphCount"] for f in found["fonts"]}


@pytest.mark.timeout(120)
@pytest.mark.parametrize("view", ["markdown.html", "text.html"])
def test_source_and_text_tabs_draw_only_the_emoji_in_the_emoji_font(tmp_path: Path, browser: Any,
                                                                    view: str) -> None:
    (tmp_path / "issue.md").write_text("# 🚨 A headline\n\n**$SPY 401.25**\n", encoding="utf-8")
    (tmp_path / "email.txt").write_text("🚨 A headline\n\n$SPY 401.25\n", encoding="utf-8")
    (tmp_path / view).write_text(render_view(tmp_path, view), encoding="utf-8")
    with serve_folder(tmp_path) as url:
        fonts = _fonts(browser, f"{url}/{view}")
    emoji = fonts.pop("Noto Color Emoji", 0)
    assert emoji <= 1, f"digits, * or # drawn in the emoji font: {fonts} + {emoji} emoji glyphs"
    assert sum(fonts.values()) >= len(PROBE) - 2, fonts
