"""The preview in a real browser: headless Chromium reloads itself on a notes edit, shows errors.

The browser is the shared one (``tests/browser.py``: the ``browser`` fixture
skips with a reason when Chromium, chromedriver or selenium is missing). The
helpers here (``running_preview``, ``draft_headline``, ``chromium`` for other
window sizes) are also what ``benchmarks/bench_preview.py`` drives.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsletter.init import init_workspace
from newsletter.preview import PreviewServer, serve
from tests.browser import CHROMEDRIVER, CHROMIUM, chromium_driver

ISSUE_DATE = dt.date(2026, 11, 22)
NOTES = f"notes/{ISSUE_DATE.isoformat()}.yaml"
BROKEN_NOTES = """headline: This one has a typo
calls:
  - ticker: TSLA
    direction: short
    trigger: two-forty
    target: 200
    stop: 260
    horizon: 2026-12-31
"""
HEADLINE_JS = """
const frame = document.getElementById('draft');
const doc = frame && frame.contentDocument;
const h1 = doc && doc.querySelector('h1');
return h1 ? h1.textContent : null;
"""
BANNER_JS = """
const banner = document.getElementById('error-banner');
return banner ? banner.textContent : null;
"""


def browser_missing() -> str | None:
    """Why a browser cannot run here, or None (for the benchmark, which runs outside pytest)."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed"
    for path in (CHROMIUM, CHROMEDRIVER):
        if not path.exists():
            return f"{path} is missing"
    return None


@contextlib.contextmanager
def chromium(width: int = 1280, height: int = 900) -> Iterator[Any]:
    """The shared headless Chromium (``tests/browser.py``) at a window size, with a fresh profile."""
    profile = Path(tempfile.mkdtemp(prefix="preview-chromium-"))
    driver = chromium_driver(profile, width, height)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def new_workspace(folder: Path) -> Path:
    """``newsletter init`` into ``folder``, dated so that its notes are the 2026-11-22 issue's."""
    init_workspace(folder, today=ISSUE_DATE - dt.timedelta(days=3))
    return folder


@contextlib.contextmanager
def running_preview(workspace: Path, **kwargs: Any) -> Iterator[PreviewServer]:
    """The preview of ``workspace`` (sample market, 2026-11-22) on a free port, first draft built."""
    box: dict[str, PreviewServer] = {}
    ready = threading.Event()

    def keep(server: PreviewServer) -> None:
        box["server"] = server
        ready.set()

    options = {"port": 0, "source": "sample", "issue_date": ISSUE_DATE, **kwargs}
    thread = threading.Thread(target=serve, args=(workspace,), kwargs={**options, "ready": keep},
                              name="preview-under-test", daemon=True)
    thread.start()
    assert ready.wait(30), "the preview server did not start"
    server = box["server"]
    try:
        server.wait_until(lambda s: s.draft_version >= 1 or bool(s.error), 90)
        yield server
    finally:
        server.stop()
        thread.join(10)


def draft_headline(driver: Any) -> str:
    """The web page's headline as shown in the preview's frame ('' while it loads)."""
    return driver.execute_script(HEADLINE_JS) or ""


def wait_for(driver: Any, condition: Any, timeout: float = 20.0, message: str = "") -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.02).until(condition, message)


@pytest.mark.timeout(120)
def test_notes_edit_reloads_the_browser_and_errors_show_then_clear(tmp_path: Path, browser: Any) -> None:
    workspace = new_workspace(tmp_path / "letter")
    notes = workspace / NOTES
    driver = browser
    with running_preview(workspace) as server:
        assert server.state.error == ""
        driver.get(server.url)
        first = server.state.result.issue.headline
        wait_for(driver, lambda d: first in draft_headline(d), message="the draft never showed")
        driver.execute_script("window.notReloaded = true;")

        notes.write_text("headline: Small caps blinked first\n", encoding="utf-8")
        wait_for(driver, lambda d: "Small caps blinked first" in draft_headline(d),
                 message="the new headline never appeared")
        assert "Small caps blinked first" in driver.find_element("id", "subject").text
        assert driver.execute_script("return window.notReloaded === true"), \
            "the whole page was reloaded: only the draft frame should be"

        notes.write_text(BROKEN_NOTES, encoding="utf-8")
        banner = wait_for(driver, lambda d: d.execute_script(BANNER_JS),
                          message="no error banner for the broken notes")
        assert f"{NOTES}:5: calls[0].trigger: expected a number, got 'two-forty'" in banner
        assert "Small caps blinked first" in draft_headline(driver), "the last good draft is gone"

        notes.write_text("headline: Fixed, and back in business\n", encoding="utf-8")
        wait_for(driver, lambda d: "Fixed, and back in business" in draft_headline(d),
                 message="the fixed notes never showed")
        wait_for(driver, lambda d: d.execute_script(BANNER_JS) is None, message="the banner stayed")


@pytest.mark.timeout(120)
def test_tabs_widths_and_email_images_in_the_browser(tmp_path: Path, browser: Any) -> None:
    workspace = new_workspace(tmp_path / "letter")
    driver = browser
    with running_preview(workspace) as server:
        driver.get(server.url)
        wait_for(driver, lambda d: draft_headline(d), message="the draft never showed")

        driver.find_element("css selector", '#width button[data-value="phone"]').click()
        wait_for(driver, lambda d: d.execute_script(
            "return document.getElementById('draft').clientWidth") == 375, message="not 375 px")

        driver.find_element("css selector", '#tabs button[data-value="email.html"]').click()
        images_js = """
            const doc = document.getElementById('draft').contentDocument;
            if (!doc || !doc.location.pathname.endsWith('/draft/email.html')) return null;
            const imgs = [...doc.querySelectorAll('img')];
            return imgs.length && imgs.every(i => i.complete) ? imgs.map(i => i.naturalWidth) : null;
        """
        widths = wait_for(driver, lambda d: d.execute_script(images_js), message="email images")
        assert all(w > 0 for w in widths), f"an email chart did not load: {widths}"

        for view, marker in (("text.html", "email.txt"), ("markdown.html", "issue.md"),
                             ("issue.html", "issue.md, rendered")):
            driver.find_element("css selector", f'#tabs button[data-value="{view}"]').click()
            wait_for(driver, lambda d, m=marker: m in (d.execute_script(
                "const doc = document.getElementById('draft').contentDocument;"
                "return doc && doc.body ? doc.body.textContent : ''") or ""), message=view)
        driver.find_element("css selector", '#width button[data-value="desktop"]').click()
        wait_for(driver, lambda d: d.execute_script(
            "return document.getElementById('draft').clientWidth") > 375, message="not desktop")
