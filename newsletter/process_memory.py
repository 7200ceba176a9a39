"""Give the memory a build frees back to the system (the allocator settings of a build process).

A build's peak resident memory is what a small server or a CI runner has to have. Where
pyarrow is installed (it is not a dependency, but pandas loads it whenever it is there), its
own allocator keeps what one write took (40 MiB of a cold build's peak), so it is told to
allocate with the C library; and two things in glibc's allocator keep freed memory in the
process long after a stage is done:

- a block over 128 KiB gets its own mapping, unmapped when freed; but after the first such
  free glibc raises that threshold (up to 32 MiB), so the frames, Parquet buffers and chart
  pixels freed later stay in the heap (15 MiB of a cold sample build's peak);
- the sample market's thousands of small arrays leave the heap fragmented: freed pages
  between live blocks are not returned (up to 26 MiB after a cold sample collect).

:func:`configure` fixes the threshold (what ``MALLOC_MMAP_THRESHOLD_`` does; a user's own
setting wins; glibc only, elsewhere nothing happens) and arms :func:`trim`, which the build calls after its allocation-heavy
stages (``malloc_trim``: a few ms). Only the process entry configures, so tests that call
:func:`newsletter.cli.main` many times in one process are unaffected. Figures:
``benchmarks/bench_vs_quantstats.py`` (peak RSS).
"""

from __future__ import annotations

import ctypes
import os
import sys

M_MMAP_THRESHOLD = -3
"""``mallopt``'s parameter number for the mapping threshold (glibc's ``malloc.h``)."""
THRESHOLD = 128 * 1024
"""glibc's own starting threshold, kept fixed."""

_libc: ctypes.CDLL | None = None


def configure() -> bool:
    """Fix glibc's mapping threshold and arm :func:`trim`; False where there is no glibc.

    Also, everywhere: pyarrow, where installed, allocates with the C library, since its own
    allocator keeps what one write took (40 MiB of a cold build's peak). This must run before
    pandas imports pyarrow (it reads ``ARROW_DEFAULT_MEMORY_POOL`` once); a user's own setting
    wins.
    """
    global _libc
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None)
        mallopt, _ = libc.mallopt, libc.malloc_trim
    except (OSError, AttributeError):  # musl and others: no mallopt / malloc_trim
        return False
    if "MALLOC_MMAP_THRESHOLD_" not in os.environ:
        mallopt(M_MMAP_THRESHOLD, THRESHOLD)
    _libc = libc
    return True


def trim() -> None:
    """Return the heap's free pages to the system, once :func:`configure` has armed it."""
    if _libc is not None:
        _libc.malloc_trim(0)
