"""process_memory: what a build frees goes back to the system (glibc), measured in a child."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from newsletter import process_memory

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc behaviour")

CHILD = """
import sys
import numpy as np
from newsletter import process_memory

def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20

if sys.argv[1] == "on":
    assert process_memory.configure()
scenario = sys.argv[2]
if scenario == "large":
    # the first large free raises glibc's dynamic threshold to 4 MB ...
    first = np.ones(4 * 2**20 // 8); del first
    # ... so these 1 MB blocks come from the heap, pinned below a later block
    blocks = [np.ones(2**20 // 8) for _ in range(40)]
else:  # "small": blocks under any threshold, always from the heap
    blocks = [np.ones(100 * 1024 // 8) for _ in range(400)]
pin = np.ones(200 * 1024 // 8)
before = rss_mb()
del blocks
if scenario == "small":
    process_memory.trim()
print(round(before - rss_mb()))
"""


def _has_glibc() -> bool:
    """Without configuring this test process (that would change every later test's malloc)."""
    try:
        libc = process_memory.ctypes.CDLL(None)
        return hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim")
    except OSError:
        return False


def _returned_mb(mode: str, scenario: str) -> int:
    done = subprocess.run([sys.executable, "-c", CHILD, mode, scenario], capture_output=True,
                          text=True, check=True)
    return int(done.stdout)


def test_large_freed_blocks_go_back_only_with_the_threshold_fixed() -> None:
    if not _has_glibc():
        pytest.skip("no glibc mallopt here")
    assert _returned_mb("on", "large") >= 35
    assert _returned_mb("off", "large") <= 5


def test_trim_returns_the_heaps_free_pages_only_once_armed() -> None:
    if not _has_glibc():
        pytest.skip("no glibc malloc_trim here")
    assert _returned_mb("on", "small") >= 30
    assert _returned_mb("off", "small") <= 5


def test_a_users_own_threshold_setting_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[int, int]] = []

    class FakeLibc:
        def mallopt(self, param: int, value: int) -> int:
            calls.append((param, value))
            return 1

        def malloc_trim(self, pad: int) -> int:
            return 0

    monkeypatch.setattr(process_memory.ctypes, "CDLL", lambda name: FakeLibc())
    monkeypatch.setattr(process_memory, "_libc", None)
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "jemalloc")
    monkeypatch.setenv("MALLOC_MMAP_THRESHOLD_", "65536")
    assert process_memory.configure() is True
    assert calls == []
    assert process_memory.os.environ["ARROW_DEFAULT_MEMORY_POOL"] == "jemalloc"
    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_")
    assert process_memory.configure() is True
    assert calls == [(process_memory.M_MMAP_THRESHOLD, process_memory.THRESHOLD)]


def test_without_glibc_nothing_is_armed(monkeypatch: pytest.MonkeyPatch) -> None:
    class NoMallopt:
        pass

    monkeypatch.setattr(process_memory.ctypes, "CDLL", lambda name: NoMallopt())
    monkeypatch.setattr(process_memory, "_libc", None)
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    assert process_memory.configure() is False
    process_memory.trim()  # a no-op, not an error
    # pyarrow's allocator (where installed) is the C library's on every platform
    assert process_memory.os.environ["ARROW_DEFAULT_MEMORY_POOL"] == "system"


def test_pyarrow_where_installed_allocates_with_the_c_library_in_a_configured_process() -> None:
    if importlib.util.find_spec("pyarrow") is None:
        pytest.skip("pyarrow is not installed (not a dependency); the setting matters only where it is")
    code = ("from newsletter import process_memory; process_memory.configure(); import pyarrow; "
            "print(pyarrow.default_memory_pool().backend_name)")
    env = {k: v for k, v in process_memory.os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env=env)
    assert done.stdout.strip() == "system"
