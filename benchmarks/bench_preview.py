"""Preview live reload: from saving the notes to the new headline in Chromium's DOM, median of 10.

    .venv/bin/python -m benchmarks.bench_preview [--runs 10] [--screenshots docs/images]

A real preview server (sample market, issue 2026-11-22, a workspace made by
``newsletter init``) and headless Chromium: each run writes a new headline
into the notes file, then waits in the page until the reloaded draft frame
shows it. Printed beside it, from the same run: the server's share (re-read
notes + render, no data fetch), the import floor (a process importing the
build's stack) and a peer, ``newsletter build`` run again by hand, the way an
author would refresh without the preview. Target: 1 s or less.

``--screenshots DIR`` also writes ``preview_desktop.png``, ``preview_checklist.png`` and
``preview_phone.png`` (the example notes switched on) for the docs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.test_init import switched_on  # noqa: E402
from tests.test_preview_browser import (  # noqa: E402
    ISSUE_DATE,
    NOTES,
    browser_missing,
    chromium,
    draft_headline,
    new_workspace,
    running_preview,
    wait_for,
)

TARGET_SECONDS = 1.0
FLOOR = "import pandas, numpy, talib, jinja2, pydantic, newsletter.build"
WAIT_JS = """
const [want, done] = arguments;
(function poll() {
  const frame = document.getElementById('draft');
  const doc = frame && frame.contentDocument;
  const h1 = doc && doc.querySelector('h1');
  if (h1 && h1.textContent.includes(want)) { done(true); return; }
  setTimeout(poll, 2);
})();
"""


def process_seconds(args: list[str], repeats: int = 3) -> float:
    """Median wall time of a fresh Python process running ``args``."""
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run([sys.executable, *args], check=True, capture_output=True, cwd=REPO)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def reload_times(workspace: Path, runs: int, warmup: int = 2) -> tuple[list[float], list[float]]:
    """Seconds from each notes save to its headline in the DOM, and the server's rebuild share."""
    notes = workspace / NOTES
    browser, server_side = [], []
    with running_preview(workspace) as server, chromium() as driver:
        driver.set_script_timeout(30)
        driver.get(server.url)
        wait_for(driver, lambda d: draft_headline(d), 60, "the first draft never showed")
        for run in range(warmup + runs):
            headline = f"Bench {run} {uuid.uuid4().hex[:8]}"
            version = server.state.draft_version
            started = time.perf_counter()
            notes.write_text(f"headline: {headline}\n", encoding="utf-8")
            driver.execute_async_script(WAIT_JS, headline)
            seconds = time.perf_counter() - started
            state = server.wait_until(lambda s, v=version: s.draft_version > v, 30)
            if run >= warmup:
                browser.append(seconds)
                server_side.append(state.build_seconds)
            time.sleep(0.3)
    return browser, server_side


def screenshots(workspace: Path, folder: Path) -> list[Path]:
    """The preview of a new workspace at desktop and 375 px widths, its example notes switched on."""
    notes = workspace / NOTES
    notes.write_text(switched_on(notes.read_text(encoding="utf-8")), encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with running_preview(workspace) as server:
        assert not server.state.error, server.state.error
        for width, size in (("desktop", (1440, 1200)), ("phone", (1180, 1200))):
            with chromium(*size) as driver:
                driver.get(server.url)
                driver.execute_script(
                    f"localStorage.setItem('preview.width', '{width}');"
                    "localStorage.setItem('preview.view', 'index.html');")
                driver.get(server.url)
                wait_for(driver, lambda d: draft_headline(d), 30, "no draft")
                time.sleep(1.0)  # the charts above the fold
                path = folder / f"preview_{width}.png"
                driver.save_screenshot(str(path))
                written.append(path)
                if width == "desktop":  # the publishing checks, the pre-send ones among them
                    checks = folder / "preview_checklist.png"
                    driver.execute_script("document.getElementById('checks').scrollIntoView()")
                    driver.find_element("id", "checks").screenshot(str(checks))
                    written.append(checks)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--screenshots", type=Path, default=None, metavar="DIR")
    args = parser.parse_args()
    reason = browser_missing()
    if reason:
        sys.exit(f"bench_preview: {reason}")
    with tempfile.TemporaryDirectory(prefix="bench-preview-") as tmp:
        workspace = new_workspace(Path(tmp) / "letter")
        browser, server_side = reload_times(workspace, args.runs)
        floor = process_seconds(["-c", FLOOR])
        peer = process_seconds(["-m", "newsletter", "-q", "-C", str(workspace), "build", "--source",
                                "sample", "--date", ISSUE_DATE.isoformat()])
        if args.screenshots is not None:
            for path in screenshots(new_workspace(Path(tmp) / "shots"), args.screenshots):
                print(f"wrote {path}")
    med = statistics.median
    print(f"Preview live reload, sample market, issue {ISSUE_DATE}, median of {len(browser)}")
    print(f"  notes saved → new headline in Chromium's DOM  {med(browser):.3f} s   "
          f"(min {min(browser):.3f}, max {max(browser):.3f}; target {TARGET_SECONDS:.1f} s)")
    print(f"  of which the server's rebuild                 {med(server_side):.3f} s   "
          "(re-read notes + render, no data fetch)")
    print(f"  watch + event + frame reload                  {med(browser) - med(server_side):.3f} s")
    print(f"  import floor (a process importing the stack)  {floor:.3f} s   "
          f"reload = {med(browser) / floor:.2f} x floor")
    print(f"  peer: `newsletter build` again, by hand        {peer:.3f} s   "
          f"reload = {med(browser) / peer:.2f} x peer")


if __name__ == "__main__":
    main()
