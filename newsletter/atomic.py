"""Write files and whole folders so that a crash never leaves half of one.

A file: temporary name, fsync, rename. A folder: :func:`staged_folder`.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from newsletter.errors import NewsletterError

log = logging.getLogger(__name__)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


FILE_MODE = 0o666 & ~_umask()
"""What a plain open() would give a new file: readable by a web server under the usual umask."""


def atomic_write_bytes(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: readers see all or nothing.

    ``durable=False`` skips the fsync: for cache entries that carry their own digest, where a
    power cut's torn file is detected and rewritten rather than served.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str, *, durable: bool = True) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), durable=durable)


def place(source: Path, dest: Path) -> None:
    """Put ``source`` at ``dest``: a hard link when possible, else a copy; atomically either way.

    A hard link costs no bytes and no time; it is safe because every writer in
    this package replaces files (rename) rather than rewriting them in place.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    if dest.exists() and os.path.samefile(source, dest):
        return
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
    os.close(fd)
    os.unlink(tmp)
    try:
        try:
            os.link(source, tmp)
        except OSError:
            shutil.copyfile(source, tmp)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- whole folders -------------------------------------------------------------------------
#
# An issue folder is replaced whole or not at all: everything is written into a staging
# folder beside it (``.<name>.staging-<pid>``), fsynced, then exchanged with the old folder
# in one ``renameat2(RENAME_EXCHANGE)``. Where the kernel or file system cannot exchange,
# the old folder is renamed to ``.<name>.old-<pid>`` first and put back by
# :func:`recover_folder` if the process dies before the new one is in place.

STAGING = ".staging-"
OLD = ".old-"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def fsync_tree(folder: Path) -> None:
    """Flush every file and folder under ``folder`` (itself included) to disk."""
    for root, _dirs, files in os.walk(folder):
        for name in files:
            fd = os.open(os.path.join(root, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _fsync_dir(Path(root))


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _exchange(a: Path, b: Path) -> bool:
    """Swap ``a`` and ``b`` in one step (Linux renameat2); False where that is not offered."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(a))


def swap_in(staging: Path, target: Path) -> None:
    """Put the complete folder ``staging`` at ``target``; the old ``target`` is deleted after."""
    if not target.exists():
        os.rename(staging, target)
        _fsync_dir(target.parent)
        return
    if _exchange(staging, target):
        _fsync_dir(target.parent)
        shutil.rmtree(staging)  # now the old folder
        return
    old = target.parent / f".{target.name}{OLD}{os.getpid()}"
    os.rename(target, old)
    os.rename(staging, target)
    _fsync_dir(target.parent)
    shutil.rmtree(old)


def leftovers(target: Path) -> list[Path]:
    """Staging and old folders an interrupted build of ``target`` left beside it."""
    parent = target.parent
    if not parent.is_dir():
        return []
    prefixes = (f".{target.name}{STAGING}", f".{target.name}{OLD}")
    return sorted(p for p in parent.iterdir() if p.name.startswith(prefixes))


def recover_folder(target: Path) -> None:
    """Undo what an interrupted swap left, so that ``target`` is the previous folder, whole.

    Call it holding :func:`folder_lock` for ``target``: an old folder whose
    replacement never arrived goes back in place; every other leftover is deleted.
    """
    for path in leftovers(target):
        if OLD in path.name and not target.exists():
            os.rename(path, target)
            _fsync_dir(target.parent)
            log.warning("restored %s from an interrupted build", target)
        else:
            shutil.rmtree(path, ignore_errors=True)


@contextmanager
def staged_folder(target: Path) -> Iterator[Path]:
    """Yield an empty folder beside ``target``; when the block ends cleanly it replaces
    ``target`` whole. An error (or a kill) at any point leaves ``target`` as it was."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    recover_folder(target)
    staging = target.parent / f".{target.name}{STAGING}{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        yield staging
        fsync_tree(staging)
        swap_in(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


class FolderBusy(NewsletterError):
    """Another process is building or publishing this folder."""


_held: dict[Path, list] = {}
_held_guard = threading.Lock()


@contextmanager
def folder_lock(target: Path, doing: str = "built or published") -> Iterator[None]:
    """Hold the lock of one issue folder (``.<name>.lock`` beside it), or raise FolderBusy at once.

    Builds and publish runs of the same date take it, so that a build never
    rewrites an issue that is being published. The same thread may take it
    again (a publish run builds its issue); the kernel drops it if the process dies.
    """
    target = Path(target).absolute()
    path = target.parent / f".{target.name}.lock"
    me = threading.get_ident()
    with _held_guard:
        held = _held.get(path)
        if held is not None and held[0] == me:
            held[1] += 1
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield
        finally:
            with _held_guard:
                _held[path][1] -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "ab")  # held for the whole block
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FolderBusy(f"the {target.name} issue is being {doing} by another run; "
                             "try again when it has finished", file=target) from None
        with _held_guard:
            _held[path] = [me, 1]
        try:
            yield
        finally:
            with _held_guard:
                del _held[path]
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        handle.close()
