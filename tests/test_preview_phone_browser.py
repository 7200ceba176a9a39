"""The preview on a phone (375 × 812): the draft starts near the top; the checks are one tap away.

Before, the toolbar and the checks took about 560 of the 812 px before the issue began.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_preview_browser import new_workspace, running_preview, wait_for

PHONE = {"width": 375, "height": 812, "deviceScaleFactor": 2, "mobile": True}
MOST_CHROME = 160
"""At most this many px of the 812 above the draft: one toolbar row and one status line."""
TOP_JS = "return Math.round(document.getElementById('draft').getBoundingClientRect().top);"
SHOWN_JS = "const el = document.getElementById(arguments[0]); return !!el && el.offsetParent !== null;"


@pytest.mark.timeout(120)
def test_on_a_phone_the_draft_starts_near_the_top_and_the_checks_expand(tmp_path: Path,
                                                                      browser: Any) -> None:
    workspace = new_workspace(tmp_path / "letter")
    driver = browser
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    with running_preview(workspace) as server:
        driver.get(server.url)
        wait_for(driver, lambda d: d.execute_script("return document.getElementById('checks') !== null"),
                 message="no checks")
        top = driver.execute_script(TOP_JS)
        assert top <= MOST_CHROME, f"the draft starts {top} px down a 812 px phone screen"
        width = driver.execute_script("return document.getElementById('draft').clientWidth")
        assert width >= 360, f"the draft is {width} px wide on a 375 px phone"
        assert not driver.execute_script(SHOWN_JS, "checks"), "the checks should start collapsed"
        assert driver.execute_script("return document.body.scrollWidth") <= 375, "the page scrolls sideways"

        right = driver.execute_script(
            "return document.getElementById('status-toggle').getBoundingClientRect().right;")
        assert right <= 375, "the Checks button is off the screen"
        driver.find_element("id", "status-toggle").click()
        wait_for(driver, lambda d: d.execute_script(SHOWN_JS, "checks"), message="the checks never opened")
        driver.find_element("id", "status-toggle").click()
        wait_for(driver, lambda d: not d.execute_script(SHOWN_JS, "checks"), message="never closed")


@pytest.mark.timeout(120)
def test_on_a_desktop_the_checks_stay_open(tmp_path: Path, browser: Any) -> None:
    workspace = new_workspace(tmp_path / "letter")
    with running_preview(workspace) as server:
        browser.get(server.url)
        wait_for(browser, lambda d: d.execute_script(SHOWN_JS, "checks"), message="checks hidden")
        assert not browser.execute_script(SHOWN_JS, "status-toggle")
