"""The one place that opens databases: the reference data read-only for the app, the files
the build writes and compares, and the person's own user database."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from pointmap.core import paths
from pointmap.core.errors import DataError

if TYPE_CHECKING:
    import sqlite_utils

REQUIRED_TABLES = {
    "meridians": {"code", "name", "pinyin", "hanzi", "point_count", "notes"},
    "points": {
        "code",
        "meridian",
        "number",
        "pinyin",
        "hanzi",
        "english",
        "region",
        "location",
        "laterality",
        "depth",
        "angle",
        "cautions",
        "actions",
        "indications",
        "standard",
    },
    "aliases": {"point_code", "alias"},
    "diagrams": {"id", "region", "view", "asset", "width", "height"},
    "landmarks": {"diagram", "name", "x", "y"},
    "positions": {"point_code", "diagram", "side", "x", "y"},
    "checklists": {"id", "title", "stage"},
    "checklist_items": {"checklist_id", "position", "text"},
    "protocols": {"id", "title", "region", "purpose", "notes"},
    "protocol_points": {"protocol_id", "position", "point_code", "note"},
}


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection to any SQLite file (raises sqlite3 errors as they come)."""
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    return conn


def create_database(path: Path) -> sqlite_utils.Database:
    """A new database file for the build to fill (the caller makes sure ``path`` is new)."""
    import sqlite_utils  # only the build needs it; the app does not pay for importing it

    db = sqlite_utils.Database(path)
    db.conn.execute("PRAGMA journal_mode = DELETE")
    return db


def open_reference(path: Path | None = None) -> sqlite3.Connection:
    """Open data/points.db read-only and make sure it holds the public data contract.

    Raises DataError with a message a person can act on when the file is missing, is not a
    database, or lacks a table or column the app needs.
    """
    path = Path(path) if path is not None else paths.reference_db_path()
    if path.is_dir():
        raise DataError(f"{path} is a folder, not a reference database file.")
    if not path.is_file():
        raise DataError(
            f"The reference database was not found at {path}. "
            "Reinstall PointMap, or in a source checkout run 'pointmap db build'."
        )
    try:
        conn = connect_readonly(path)
        conn.execute("PRAGMA query_only = ON")
        tables = {
            row[0]: {c[1] for c in conn.execute(f'PRAGMA table_info("{row[0]}")')}
            for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    except sqlite3.DatabaseError as exc:
        raise DataError(
            f"The reference database at {path} is damaged or is not a PointMap database ({exc}). "
            "Reinstall PointMap, or in a source checkout run 'pointmap db build'."
        ) from None
    for table, columns in REQUIRED_TABLES.items():
        if table not in tables:
            conn.close()
            raise DataError(
                f"The reference database at {path} has no '{table}' table; it is damaged or too old. "
                "Reinstall PointMap, or run 'pointmap db build'."
            )
        missing = columns - tables[table]
        if missing:
            conn.close()
            raise DataError(
                f"The reference database at {path} lacks column(s) {', '.join(sorted(missing))} "
                f"in '{table}'; it is damaged or too old. Reinstall PointMap, or run 'pointmap db build'."
            )
    try:
        count = conn.execute("SELECT count(*) FROM points").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DataError(f"The reference database at {path} could not be read ({exc}).") from None
    if count == 0:
        conn.close()
        raise DataError(f"The reference database at {path} holds no points; run 'pointmap db build'.")
    return conn


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
