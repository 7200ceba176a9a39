"""The email at 375 px in headless Chromium: every chart is shown PHONE_IMAGE_PX wide.

tests/charts/test_text_size.py scales chart text by ``PHONE_IMAGE_PX / 600`` (read from
the email template's padding); this reads the displayed width of each chart <img>
(``getBoundingClientRect``) from the built email, so the scale factor is measured, not assumed.
Skips with a reason when Chromium, chromedriver or selenium is missing.
"""

from __future__ import annotations

import re
from pathlib import Path

from newsletter.cli import main
from tests.browser import chromium_driver, load_page, serve_folder
from tests.charts.test_text_size import PHONE_IMAGE_PX, PHONE_VIEWPORT_PX

DATE = "2026-11-22"

_CHART_WIDTHS = """
return Array.from(document.images)
  .filter(i => /charts\\//.test(i.getAttribute('src')))
  .map(i => [i.getAttribute('src'), i.getBoundingClientRect().width, i.naturalWidth]);
"""


def test_charts_are_shown_at_the_width_the_text_size_test_assumes(tmp_path: Path) -> None:
    driver = chromium_driver(tmp_path / "profile", width=PHONE_VIEWPORT_PX, height=812)
    try:
        root = tmp_path / "ws"
        assert main(["-C", str(root), "build", "--source", "sample", "--date", DATE,
                     "--out", str(root / "issues")]) == 0
        folder = root / "issues" / DATE
        html = (folder / "email.html").read_text(encoding="utf-8")
        # what a mail client does with the cid: parts, done for the browser
        (folder / "email-browser.html").write_text(
            re.sub(r"cid:([\w.\-]+)", r"charts/\1.png", html), encoding="utf-8")
        with serve_folder(folder) as url:
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": PHONE_VIEWPORT_PX, "height": 812,
                                    "deviceScaleFactor": 1, "mobile": True})
            _, broken, _ = load_page(driver, f"{url}/email-browser.html")
            assert broken == []
            assert driver.execute_script("return window.innerWidth") == PHONE_VIEWPORT_PX
            charts = driver.execute_script(_CHART_WIDTHS)
    finally:
        driver.quit()
    assert len(charts) >= 3, charts
    for src, shown, natural in charts:
        assert natural == 1200, (src, natural)  # laid out 600 CSS px wide, drawn at 2x
        assert abs(shown - PHONE_IMAGE_PX) <= 1, f"{src} is shown {shown:.1f} px wide"
