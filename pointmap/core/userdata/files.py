"""File work for the user database: dated names, moving a file aside with its WAL, atomic copies."""

from __future__ import annotations

import errno
import os
import sqlite3
from datetime import datetime
from pathlib import Path

from pointmap.core import db
from pointmap.core.errors import UserDataEnvironmentError

COMPANIONS = ("-wal", "-shm", "-journal")  # SQLite's files beside a database, named after it


def local_now() -> datetime:
    """The aware local time, for callers that were not given one."""
    return datetime.now().astimezone()


def stamp(now: datetime) -> str:
    """A timestamp that sorts, and is a valid file name on every platform: 2026-12-01T141719."""
    return now.strftime("%Y-%m-%dT%H%M%S")


def companions(path: Path) -> list[Path]:
    """The -wal, -shm and -journal files that exist beside ``path``."""
    return [found for suffix in COMPANIONS if (found := path.with_name(path.name + suffix)).exists()]


def free_name(folder: Path, stem: str, suffix: str) -> Path:
    """``folder/stem + suffix``, or with -2, -3 … before the suffix when that name (or a companion of it) is taken."""
    n = 1
    while True:
        candidate = folder / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
        if not candidate.exists() and not companions(candidate):
            return candidate
        n += 1


def move_aside(path: Path, label: str, now: datetime) -> Path:
    """Rename ``path`` (and its -wal, -shm, -journal, which stay paired with it) to
    ``<stem>.<label>-<stamp><suffix>`` in the same folder; nothing is deleted. Returns the new path."""
    target = free_name(path.parent, f"{path.stem}.{label}-{stamp(now)}", path.suffix)
    moves = [(path, target)] if path.exists() else []
    moves += [(c, target.with_name(target.name + c.name[len(path.name) :])) for c in companions(path)]
    try:
        for source, destination in moves:
            os.rename(source, destination)
    except OSError as exc:
        raise environment_error(exc, path) from None
    return target


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows has no directory handles to sync)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_database(source: sqlite3.Connection, target: Path) -> Path:
    """Copy the database behind ``source`` to ``target`` with SQLite's backup API: a consistent snapshot
    even while another connection writes. The copy is made in a hidden temporary file beside ``target``,
    turned into one self-contained file (rollback journal, no -wal), synced, and renamed into place, so
    ``target`` is never a half file. User-only permissions. An existing ``target`` is replaced."""
    target = Path(target)
    db.make_private_folder(target.parent)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temporary.unlink(missing_ok=True)
        os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        copy = sqlite3.connect(temporary, isolation_level=None)
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE").fetchall()
        finally:
            copy.close()
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, target)
        fsync_folder(target.parent)
    except OSError as exc:
        raise environment_error(exc, target) from None
    except sqlite3.Error as exc:
        raise environment_error(exc, target) or exc from None
    finally:
        for leftover in [temporary, *companions(temporary)]:
            if leftover.exists():
                leftover.unlink()
    return target


_FULL = "full"
_DENIED = "denied"
_BUSY = "busy"
_IO = "io"


def _kind(exc: BaseException) -> str | None:
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        if code is None:
            return None
        primary = code & 0xFF
        if primary == sqlite3.SQLITE_FULL:
            return _FULL
        if primary in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_AUTH):
            return _DENIED
        if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return _BUSY
        if primary in (sqlite3.SQLITE_IOERR, sqlite3.SQLITE_NOLFS):
            return _IO
        return None
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            return _FULL
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS) or isinstance(exc, PermissionError):
            return _DENIED
        if exc.errno in (errno.EBUSY, errno.ETXTBSY):
            return _BUSY
        return _IO
    return None


def is_environment_error(exc: BaseException) -> bool:
    """True when ``exc`` comes from the computer (disk, folder rights, locks), not from a bug or a damaged file."""
    return _kind(exc) is not None


def environment_error(exc: BaseException, path: Path) -> UserDataEnvironmentError | None:
    """The sentence for an error the computer causes (disk full, read-only or forbidden folder, a lock
    held too long, a failing disk), naming the folder; None when ``exc`` looks like a bug instead."""
    kind = _kind(exc)
    folder = Path(path).parent
    detail = str(exc)
    if kind == _FULL:
        return UserDataEnvironmentError(
            f"The disk that holds {folder} is full, so PointMap could not save to {Path(path).name} ({detail}); "
            "free some space and try again. What was saved before is safe."
        )
    if kind == _DENIED:
        return UserDataEnvironmentError(
            f"PointMap may not write in {folder} (read-only, or no permission: {detail}). "
            "Make the folder writable, or choose another with --user-data DIR."
        )
    if kind == _BUSY:
        return UserDataEnvironmentError(
            f"Another program has held {path} locked for more than {db.USER_BUSY_TIMEOUT_MS // 1000} seconds "
            f"({detail}); close it, or wait, and try again."
        )
    if kind == _IO:
        return UserDataEnvironmentError(
            f"The disk that holds {folder} reported an error while PointMap used {Path(path).name} ({detail}); "
            "check the disk, then try again."
        )
    return None
