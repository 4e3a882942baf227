"""The one place that opens databases: the reference data read-only for the app, and the files
the build writes and compares."""

from __future__ import annotations

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
