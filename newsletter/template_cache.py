"""Compiled templates kept between runs, so a build does not parse and compile them again.

Jinja2 compiles a template to Python code; compiling the issue's templates took
about a third of a warm build. This is Jinja2's bytecode cache with three
guards its stock ``FileSystemBytecodeCache`` lacks:

- the entry's name covers the environment's compile-time settings (sandboxed or
  not, intercepted operators, delimiters, whitespace options, each filter's and
  test's name and what it is passed, Jinja2's and Python's versions): code
  compiled for one environment is never loaded into another, e.g. a sandboxed
  one's code (which routes ``*`` and ``%`` through the budget) into a plain one;
- the entry records the template source's checksum: an edited template misses;
- the entry carries a SHA-256 of its own bytes: a truncated or corrupt entry is
  ignored (and rewritten on the next compile), never a traceback. No pickle.

Layout: ``<cache>/<key>.jinja``. Entries are replaced, never rewritten in place.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import sys
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.utils import _PassArg

from newsletter.atomic import atomic_write_bytes

log = logging.getLogger(__name__)

MAGIC = b"nltpl\x01\n"
"""Bump the last byte to orphan every entry (after changing this file's format)."""
_DIGEST = 32


def _callables(table: dict[str, Any]) -> list[str]:
    """Name and pass-argument of each filter or test: both are baked into compiled code."""
    out = []
    for name in sorted(table):
        passed = _PassArg.from_obj(table[name])
        out.append(f"{name}:{passed.name if passed else '-'}")
    return out


def environment_fingerprint(env: jinja2.Environment) -> str:
    """A digest of everything about ``env`` that changes the code a template compiles to."""
    parts = [
        f"{type(env).__module__}.{type(env).__qualname__}", jinja2.__version__,
        sys.implementation.cache_tag or sys.version,
        repr(getattr(env, "sandboxed", False)),
        repr(sorted(getattr(env, "intercepted_binops", ()))),
        repr(sorted(getattr(env, "intercepted_unops", ()))),
        repr((env.block_start_string, env.block_end_string, env.variable_start_string,
              env.variable_end_string, env.comment_start_string, env.comment_end_string,
              env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
              env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
              env.optimized, env.is_async)),
        repr(env.autoescape if isinstance(env.autoescape, bool) else "callable"),
        repr(None if env.finalize is None else getattr(env.finalize, "__qualname__", "finalize")),
        repr(sorted(env.extensions)),
        *_callables(env.filters), "|", *_callables(env.tests),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


class TemplateCodeCache(BytecodeCache):
    """Jinja2 bytecode cache in ``directory``, safe across environments, edits and corruption."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def _path(self, bucket: Bucket) -> Path:
        key = hashlib.sha256(f"{environment_fingerprint(bucket.environment)}\0{bucket.key}".encode())
        return self.directory / f"{key.hexdigest()}.jinja"

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill ``bucket.code`` from the cache when a sound entry for this very source exists."""
        try:
            data = self._path(bucket).read_bytes()
        except OSError:
            return
        head = len(MAGIC)
        body = data[head + _DIGEST:]
        if data[:head] != MAGIC or hashlib.sha256(body).digest() != data[head:head + _DIGEST]:
            log.debug("template cache: ignoring a corrupt entry for %s", bucket.key)
            return
        checksum, _, code = body.partition(b"\n")
        if checksum.decode("ascii", "replace") != bucket.checksum:
            return  # the template was edited since
        try:
            bucket.code = marshal.loads(code)
        except (EOFError, ValueError, TypeError):
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Store the freshly compiled ``bucket.code``; a cache that cannot be written is skipped."""
        if bucket.code is None:
            return
        body = bucket.checksum.encode("ascii") + b"\n" + marshal.dumps(bucket.code)
        try:
            atomic_write_bytes(self._path(bucket), MAGIC + hashlib.sha256(body).digest() + body, durable=False)
        except OSError as exc:
            log.info("template cache not written (%s): templates compile again next run", exc)

    def clear(self) -> None:
        """Remove every entry."""
        for path in self.directory.glob("*.jinja"):
            path.unlink(missing_ok=True)
