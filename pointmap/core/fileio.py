"""Writing a file so that it is either wholly there or not changed at all: a temporary file in
the same folder, every write checked and flushed to disk, then an atomic rename over the target."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from pointmap.core.errors import PointMapError
from pointmap.core.oserrors import name_too_long

TEMP_PREFIX = ".pointmap-"


class WriteError(PointMapError):
    """A file could not be written; the message says why and that nothing was changed."""


def safe_file_stem(text: str, fallback: str = "PointMap") -> str:
    """A file name (without suffix) made from ``text``: no path separators, control or reserved
    characters, not too long."""
    stem = "".join("-" if ch in '/\\:*?"<>|' or ord(ch) < 32 else ch for ch in text).strip(" .")
    return stem[:120] or fallback


def _reason(exc: OSError, target: Path) -> str:
    if name_too_long(exc, target):  # first: Windows reports it as ENOENT or EINVAL
        return "the name is too long"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "PointMap may not write there"
    if exc.errno == errno.ENOENT:
        return "the folder does not exist"
    if exc.errno == errno.EISDIR:
        return "that is a folder"
    return exc.strerror or str(exc)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:  # pragma: no cover - os.write raises rather than returning 0 on a full disk
            raise OSError(errno.ENOSPC, "no space left on device")
        view = view[written:]


def atomic_write(path: Path | str, data: bytes, *, private: bool = False) -> Path:
    """Write ``data`` to ``path``; an existing file is replaced only once the new one is complete.
    ``private``: readable by its owner only (0600 on POSIX), whatever the file had before (treatment records).

    Raises WriteError with a sentence; the target is then untouched and no temporary file is left.
    """
    target = Path(path)
    try:
        is_folder = target.is_dir()
    except OSError as exc:  # a name over the file system's limit, a path through a symlink loop
        raise WriteError(f"{target} could not be written: {_reason(exc, target)}. Nothing was changed.") from None
    if is_folder:
        raise WriteError(f"{target} could not be written: that is a folder. Nothing was changed.")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise WriteError(f"{target} could not be written: {_reason(exc, target)}. Nothing was changed.") from None
    tmp = Path(tmp_name)
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        if tmp.stat().st_size != len(data):
            raise OSError(errno.EIO, "the file on disk is shorter than what was written")
        if private:
            os.chmod(tmp, 0o600)
        elif target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise WriteError(f"{target} could not be written: {_reason(exc, target)}. Nothing was changed.") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)
    return target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it (POSIX)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
