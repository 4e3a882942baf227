"""A person's favourite points: a set of point codes, in the order they were starred."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from pointmap.core.userdata.notes import check_code, timestamp
from pointmap.core.userdata.store import UserStore


def favourites(store: UserStore) -> list[str]:
    """The starred codes, first starred first."""
    return [r[0] for r in store.conn.execute("SELECT point_code FROM favourites ORDER BY added_at, rowid")]


def is_favourite(store: UserStore, code: str) -> bool:
    return store.conn.execute("SELECT 1 FROM favourites WHERE point_code = ?", (code,)).fetchone() is not None


def added_at(conn: sqlite3.Connection, code: str) -> str | None:
    """When ``code`` was starred, or None when it is not a favourite."""
    row = conn.execute("SELECT added_at FROM favourites WHERE point_code = ?", (code,)).fetchone()
    return None if row is None else str(row[0])


def put_favourite(conn: sqlite3.Connection, code: str, when: str | None) -> None:
    """Inside an open transaction: star ``code`` as of ``when`` (kept if already starred), or unstar it (None)."""
    code = check_code(code)
    if when is None:
        conn.execute("DELETE FROM favourites WHERE point_code = ?", (code,))
    else:
        conn.execute("INSERT INTO favourites (point_code, added_at) VALUES (?, ?) ON CONFLICT DO NOTHING", (code, when))


def set_favourite(store: UserStore, code: str, on: bool, now: datetime) -> bool:
    """Star (or unstar) a point in one transaction; True when that changed anything."""
    at = timestamp(now)
    with store.write() as conn:
        before = added_at(conn, code)
        if (before is not None) == bool(on):
            return False
        put_favourite(conn, code, at if on else None)
        return True
