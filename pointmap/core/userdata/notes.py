"""A person's notes on points: one plain-text note per point code, with when it was written and last changed.

An empty note (nothing but spaces) is no note: saving one removes the row. Times are ISO 8601 local time
with the UTC offset, from the aware ``now`` the caller passes.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from pointmap.core.errors import UserDataError
from pointmap.core.userdata.store import UserStore

MAX_NOTE = 20_000  # characters, as prose in points.db
MAX_CODE = 20


@dataclass(frozen=True)
class Note:
    point_code: str
    text: str
    created_at: str
    updated_at: str


def timestamp(now: datetime) -> str:
    """An aware datetime as stored: ``2026-12-01T14:17:19+01:00``."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("pass an aware datetime (datetime.now().astimezone()), not a naive one")
    return now.isoformat(timespec="seconds")


def check_code(code: object) -> str:
    if not isinstance(code, str) or not code.strip() or len(code) > MAX_CODE:
        raise ValueError(f"a point code is 1 to {MAX_CODE} characters, not {code!r}")
    return code


def check_note_text(text: object) -> str:
    if not isinstance(text, str):
        raise TypeError(f"a note is text, not {type(text).__name__}")
    if len(text) > MAX_NOTE:
        raise UserDataError(f"A note holds at most {MAX_NOTE:,} characters; this one has {len(text):,}. Shorten it.")
    return text


def _row(row: sqlite3.Row | None) -> Note | None:
    return None if row is None else Note(row["point_code"], row["text"], row["created_at"], row["updated_at"])


_COLUMNS = "point_code, text, created_at, updated_at"


def note(store: UserStore, code: str) -> Note | None:
    """The note on ``code``, or None."""
    return _row(store.conn.execute(f"SELECT {_COLUMNS} FROM point_notes WHERE point_code = ?", (code,)).fetchone())


def all_notes(store: UserStore) -> list[Note]:
    """Every note, by point code."""
    rows = store.conn.execute(f"SELECT {_COLUMNS} FROM point_notes ORDER BY point_code").fetchall()
    return [_row(r) for r in rows]  # type: ignore[misc]


def write_note(conn: sqlite3.Connection, code: str, text: str, at: str) -> Note | None:
    """Inside an open transaction: set the note on ``code`` (created now, or its text and time changed);
    an empty text removes it. Unchanged text changes nothing, not even the time."""
    code, text = check_code(code), check_note_text(text)
    old = _row(conn.execute(f"SELECT {_COLUMNS} FROM point_notes WHERE point_code = ?", (code,)).fetchone())
    if not text.strip():
        conn.execute("DELETE FROM point_notes WHERE point_code = ?", (code,))
        return None
    if old is not None and old.text == text:
        return old
    conn.execute(
        "INSERT INTO point_notes (point_code, text, created_at, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (point_code) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
        (code, text, at, at),
    )
    return Note(code, text, old.created_at if old else at, at)


def set_note(store: UserStore, code: str, text: str, now: datetime) -> Note | None:
    """Save the note on ``code`` in one transaction (on disk when this returns); the note as saved,
    or None when the text was empty and the note is gone."""
    at = timestamp(now)
    with store.write() as conn:
        return write_note(conn, code, text, at)


def put_note(conn: sqlite3.Connection, code: str, exact: Note | None) -> None:
    """Inside an open transaction: make the note on ``code`` exactly ``exact`` (times included), or
    remove it. Undo and redo use this to put back what was there."""
    if exact is None:
        conn.execute("DELETE FROM point_notes WHERE point_code = ?", (code,))
        return
    conn.execute(
        "INSERT INTO point_notes (point_code, text, created_at, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (point_code) DO UPDATE SET text = excluded.text, created_at = excluded.created_at, "
        "updated_at = excluded.updated_at",
        (check_code(exact.point_code), check_note_text(exact.text), exact.created_at, exact.updated_at),
    )
