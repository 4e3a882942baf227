"""The one place that opens databases: the reference data read-only for the app, the files
the build writes and compares, and the person's own user database."""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from pointmap.core import paths
from pointmap.core.errors import DataError
from pointmap.core.oserrors import name_too_long
from pointmap.core.reference.schema import SCHEMA_VERSION, missing_columns

if TYPE_CHECKING:
    import sqlite_utils

# -- the reference database (data/points.db) ----------------------------------------------------

BUSY_TIMEOUT = 2.0
"""Seconds to wait for another program's write lock on points.db before saying it is in use."""

_SQLITE_HEADER = b"SQLite format 3\x00"
_REBUILD = "Reinstall PointMap, or in a source checkout run 'pointmap db build'."


def _decode(raw: bytes) -> str:
    """Text as stored; bytes that are not UTF-8 (a damaged file) become U+FFFD instead of an error."""
    return raw.decode("utf-8", "replace")


def connect_readonly(path: Path, timeout: float | None = None) -> sqlite3.Connection:
    """A read-only connection to any SQLite file: mode=ro and query_only, so nothing can write
    through it (raises sqlite3 errors as they come)."""
    uri = Path(os.path.abspath(path)).as_uri() + "?mode=ro"  # abspath: no symlink is followed here
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT if timeout is None else timeout)
    try:
        conn.row_factory = sqlite3.Row
        conn.text_factory = _decode
        conn.execute("PRAGMA query_only = ON")
    except sqlite3.Error:
        conn.close()
        raise
    return conn


def create_database(path: Path) -> sqlite_utils.Database:
    """A new database file for the build to fill (the caller makes sure ``path`` is new)."""
    import sqlite_utils  # only the build needs it; the app does not pay for importing it

    db = sqlite_utils.Database(path)
    db.conn.execute("PRAGMA journal_mode = DELETE")
    return db


def open_reference(path: Path | None = None) -> sqlite3.Connection:
    """Open data/points.db read-only, after making sure this PointMap can read it.

    Raises DataError, with a sentence a person can act on, when the file is missing, unreadable,
    locked by another program, not a SQLite database, damaged, made by another schema version,
    or lacks a table or column of the schema (pointmap.core.reference.schema).
    """
    path = Path(path) if path is not None else paths.reference_db_path()
    size = _check_file(path)
    try:
        conn = connect_readonly(path)
    except sqlite3.Error as exc:
        raise reference_error(path, exc) from None
    try:
        expected = conn.execute("PRAGMA page_count").fetchone()[0] * conn.execute("PRAGMA page_size").fetchone()[0]
        if size < expected:
            raise DataError(
                f"The reference database at {_shown(path)} is cut short ({size:,} of {expected:,} bytes). {_REBUILD}"
            )
        _check_version(conn, path)
        _check_schema(conn, path)
        problem = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
        if problem != "ok":
            found = " ".join(problem.replace("*** in database main ***", "").split())
            raise DataError(f"The reference database at {_shown(path)} is damaged (SQLite found: {found}). {_REBUILD}")
        if conn.execute("SELECT count(*) FROM points").fetchone()[0] == 0:
            raise DataError(f"The reference database at {_shown(path)} holds no points. {_REBUILD}")
    except sqlite3.Error as exc:
        conn.close()
        raise reference_error(path, exc) from None
    except DataError:
        conn.close()
        raise
    return conn


def _shown(path: Path | str) -> str:
    """A path as a message shows it: whole unless absurdly long."""
    text = str(path)
    return text if len(text) <= 160 else f"{text[:80]}…{text[-60:]}"


def _check_file(path: Path) -> int:
    """That ``path`` is a readable regular file that starts like a SQLite database in rollback mode;
    returns its size."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise DataError(f"{_shown(path)} is a folder, not a reference database file.")
        if not stat.S_ISREG(info.st_mode):
            raise DataError(f"The reference database at {_shown(path)} is not a regular file.")
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise DataError(_os_problem(path, exc)) from None
    if not header:
        raise DataError(f"The reference database at {_shown(path)} is empty (0 bytes). {_REBUILD}")
    if not header.startswith(_SQLITE_HEADER):
        raise DataError(f"The reference database at {_shown(path)} is not a SQLite file at all. {_REBUILD}")
    if len(header) < 100:
        raise DataError(f"The reference database at {_shown(path)} is cut short ({len(header)} bytes). {_REBUILD}")
    if header[18] == 2 or header[19] == 2:
        raise DataError(
            f"The reference database at {_shown(path)} is in WAL mode, which PointMap cannot open without "
            "writing files beside it; rebuild it with 'pointmap db build' (or run 'sqlite-utils disable-wal' on it)."
        )
    return info.st_size


def _os_problem(path: Path, exc: OSError) -> str:
    code = exc.errno
    if name_too_long(exc, path):  # first: Windows reports it as ENOENT or EINVAL
        return (
            f"The path {_shown(path)} is too long for this system (a name in it is over 255 bytes, "
            "or the whole path is too long); give a shorter path to the reference database."
        )
    if code in (errno.ENOENT, errno.ENOTDIR):
        return f"The reference database was not found at {_shown(path)}. {_REBUILD}"
    if code in (errno.EACCES, errno.EPERM):
        return (
            f"PointMap may not read the reference database at {_shown(path)} (permission denied); "
            "check the permissions of the file and of the folders above it."
        )
    if code == errno.ELOOP:
        return f"The path {_shown(path)} runs through a loop of symbolic links; give the path of the file itself."
    if code == errno.EISDIR:
        return f"{_shown(path)} is a folder, not a reference database file."
    return f"The reference database at {_shown(path)} could not be read ({exc.strerror or exc})."


def reference_error(path: Path, exc: sqlite3.Error) -> DataError:
    """The sentence for an SQLite error met while opening or reading the reference database."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF  # the primary code of an extended one
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in str(exc):
        return DataError(
            f"The reference database at {_shown(path)} is in use by another program, which is writing to it; "
            "close that program (or let it finish) and try again."
        )
    if code == sqlite3.SQLITE_CANTOPEN:
        return DataError(f"The reference database at {_shown(path)} could not be opened ({exc}).")
    return DataError(
        f"The reference database at {_shown(path)} is damaged or is not a PointMap database ({exc}). {_REBUILD}"
    )


def _check_version(conn: sqlite3.Connection, path: Path) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == 0 and not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'points'").fetchone():
        raise DataError(
            f"The reference database at {_shown(path)} is a SQLite file, but not a PointMap reference "
            f"(it has no points table). {_REBUILD}"
        )
    if version > SCHEMA_VERSION:
        raise DataError(
            f"The reference database at {_shown(path)} was made by a newer PointMap (schema {version}; "
            f"this one reads schema {SCHEMA_VERSION}): update PointMap, or use the points.db that came with it."
        )
    if version < SCHEMA_VERSION:
        raise DataError(
            f"The reference database at {_shown(path)} is too old for this PointMap (schema {version}; "
            f"it needs schema {SCHEMA_VERSION}): run 'pointmap db build' in a source checkout, or reinstall PointMap."
        )


def _check_schema(conn: sqlite3.Connection, path: Path) -> None:
    tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    present = {t: {row[0] for row in conn.execute("SELECT name FROM pragma_table_info(?)", (t,))} for t in tables}
    missing = missing_columns(present)
    if not missing:
        return
    parts = []
    for table, columns in missing.items():
        if columns is None:
            parts.append(f"the '{table}' table")
        else:
            parts.append(f"column(s) {', '.join(sorted(columns))} of '{table}'")
    raise DataError(f"The reference database at {_shown(path)} is damaged: it lacks {'; '.join(parts)}. {_REBUILD}")


# The user database -------------------------------------------------------------------------
# Everything a person records lives in one SQLite file of their own (pointmap.core.userdata keeps
# its schema and rules). It is opened here so that one module decides how every database is opened.

USER_BUSY_TIMEOUT_MS = 5000  # how long a write waits for another running PointMap to finish its own
USER_SYNCHRONOUS = "FULL"  # fsync the WAL at every commit: an acknowledged change survives a power cut too


def connect_user(path: Path, read_only: bool = False) -> sqlite3.Connection:
    """A connection to the user database at ``path``.

    Writable: the folder is made if missing (0700 on POSIX) and the file too (0600; SQLite gives its
    -wal and -shm the same mode); WAL journal, foreign keys on, ``synchronous=FULL``, a busy timeout so
    two running PointMaps share the file. Transactions are left to the caller (``isolation_level=None``):
    the store opens each with ``BEGIN IMMEDIATE``. Read-only: the file must exist; nothing is created
    and every write is refused. sqlite3 and OS errors are raised as they come; the store words them.
    """
    path = Path(path)
    if read_only:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro",
            uri=True,
            isolation_level=None,
            check_same_thread=False,
            timeout=USER_BUSY_TIMEOUT_MS / 1000,
        )
        pragmas = [
            f"PRAGMA busy_timeout = {USER_BUSY_TIMEOUT_MS}",
            "PRAGMA query_only = ON",
            "PRAGMA foreign_keys = ON",
        ]
    else:
        make_private_folder(path.parent)
        _make_private_file(path)
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=USER_BUSY_TIMEOUT_MS / 1000)
        pragmas = [
            f"PRAGMA busy_timeout = {USER_BUSY_TIMEOUT_MS}",
            "PRAGMA journal_mode = WAL",
            "PRAGMA foreign_keys = ON",
            f"PRAGMA synchronous = {USER_SYNCHRONOUS}",
        ]
    try:
        for pragma in pragmas:
            conn.execute(pragma).fetchall()
    except BaseException:
        conn.close()
        raise
    conn.row_factory = sqlite3.Row
    return conn


def make_private_folder(folder: Path) -> None:
    """Make ``folder`` (and its parents) if missing; the ones made here are for the user only.
    A folder that already exists keeps its mode: it may be one the person chose for other things too."""
    folder = Path(folder)
    if folder.is_dir():
        return
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        os.chmod(folder, 0o700)


def _make_private_file(path: Path) -> None:
    """Create an empty file readable by the user only, or take group and other access off an existing one."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        if os.name == "posix" and path.is_file():
            mode = path.stat().st_mode & 0o777
            if mode & 0o077:
                with contextlib.suppress(OSError):  # not ours to change (another owner): leave it
                    os.chmod(path, mode & 0o700)
