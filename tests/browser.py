"""Headless Chromium for tests that must see a page: a driver fixture, a static server, page checks.

Tests that use it skip with a reason when Chromium, chromedriver or selenium is missing;
`.ci/run` installs the Debian packages first so CI runs them.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars")


def chromium_driver(profile: Path, width: int = 1200, height: int = 900):
    """A selenium Chrome driver on Debian's Chromium, or a pytest skip saying what is missing."""
    if not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()):
        pytest.skip("headless Chromium absent: needs /usr/bin/chromium and /usr/bin/chromedriver")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (*FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_script_timeout(10)
    return driver


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[object]:
    driver = chromium_driver(tmp_path / "chromium-profile")
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(tmp_path / "chromium-profile", ignore_errors=True)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """``folder`` over HTTP on 127.0.0.1 (a free port), as the root of a static host."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


_LOAD_IMAGES = """
const done = arguments[arguments.length - 1];
const images = Array.from(document.images);
images.forEach(i => { i.loading = 'eager'; });
const settled = () => images.every(i => i.complete);
const started = Date.now();
(function wait() {
  if (settled() || Date.now() - started > 5000) {
    window.scrollTo(0, 0);
    done(images.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.getAttribute('src')));
  } else { setTimeout(wait, 20); }
})();
"""


def load_page(driver, url: str) -> tuple[list[str], list[str], int]:
    """Open ``url``; return its console errors, its broken images and its image count."""
    driver.get(url)
    broken = driver.execute_async_script(_LOAD_IMAGES)
    errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    return errors, broken, driver.execute_script("return document.images.length")


def horizontal_overflow(driver) -> int:
    """How many CSS pixels the page is wider than the window (0: no horizontal scroll)."""
    return int(driver.execute_script(
        "return Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - window.innerWidth"))
