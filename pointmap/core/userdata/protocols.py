"""A person's own protocols: a title, region, purpose and notes, and points in order with a note each.

Each protocol has a ``uid`` that stays the same wherever it goes (an export, another person's PointMap), so
that importing a newer version of it is a change, not a second copy. A protocol is written whole, header
and steps together, in one transaction; reordering is saving it with its steps in the new order.
"""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass, replace
from datetime import datetime

from pointmap.core.errors import UserDataError
from pointmap.core.userdata.notes import MAX_CODE, check_code, timestamp
from pointmap.core.userdata.store import UserStore

MAX_TITLE = 200
MAX_REGION = 40
MAX_TEXT = 20_000
MAX_STEPS = 200


@dataclass(frozen=True)
class Step:
    point_code: str
    note: str = ""


@dataclass(frozen=True)
class Draft:
    """What a person edits: everything of a protocol but its identity and times."""

    title: str
    region: str = ""
    purpose: str = ""
    notes: str = ""
    steps: tuple[Step, ...] = ()
    based_on: str | None = None  # the built-in protocol it was duplicated from

    def with_steps(self, steps: list[Step] | tuple[Step, ...]) -> Draft:
        return replace(self, steps=tuple(steps))


@dataclass(frozen=True)
class OwnProtocol:
    id: int
    uid: str
    draft: Draft
    created_at: str
    updated_at: str

    @property
    def title(self) -> str:
        return self.draft.title

    @property
    def steps(self) -> tuple[Step, ...]:
        return self.draft.steps

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(s.point_code for s in self.draft.steps)


def new_uid() -> str:
    return uuid.uuid4().hex


def check_draft(draft: Draft) -> Draft:
    """The draft with its title trimmed, or UserDataError with a sentence about what is wrong."""
    title = draft.title.strip() if isinstance(draft.title, str) else ""
    if not title:
        raise UserDataError("A protocol needs a title.")
    if len(title) > MAX_TITLE:
        raise UserDataError(f"A protocol's title has at most {MAX_TITLE} characters; this one has {len(title)}.")
    if not isinstance(draft.region, str) or len(draft.region) > MAX_REGION:
        raise UserDataError(f"A protocol's region is a word of at most {MAX_REGION} characters.")
    for name, text in (("purpose", draft.purpose), ("notes", draft.notes)):
        if not isinstance(text, str) or len(text) > MAX_TEXT:
            raise UserDataError(f"A protocol's {name} is text of at most {MAX_TEXT:,} characters.")
    if len(draft.steps) > MAX_STEPS:
        raise UserDataError(f"A protocol has at most {MAX_STEPS} points; this one has {len(draft.steps)}.")
    for n, step in enumerate(draft.steps, start=1):
        if not isinstance(step.point_code, str) or not step.point_code.strip() or len(step.point_code) > MAX_CODE:
            raise UserDataError(f"Point {n} of the protocol has no valid code.")
        if not isinstance(step.note, str) or len(step.note) > MAX_TEXT:
            raise UserDataError(f"The note on point {n} ({step.point_code}) is longer than {MAX_TEXT:,} characters.")
    based_on = draft.based_on if isinstance(draft.based_on, str) and draft.based_on.strip() else None
    return replace(draft, title=title, based_on=based_on[:MAX_TITLE] if based_on else None)


_COLUMNS = "id, uid, title, region, purpose, notes, based_on, created_at, updated_at"


def _steps(conn: sqlite3.Connection, protocol_id: int) -> tuple[Step, ...]:
    rows = conn.execute(
        "SELECT point_code, note FROM own_protocol_points WHERE protocol_id = ? ORDER BY position", (protocol_id,)
    )
    return tuple(Step(r[0], r[1]) for r in rows)


def _protocol(conn: sqlite3.Connection, row: sqlite3.Row) -> OwnProtocol:
    draft = Draft(row["title"], row["region"], row["purpose"], row["notes"], _steps(conn, row["id"]), row["based_on"])
    return OwnProtocol(row["id"], row["uid"], draft, row["created_at"], row["updated_at"])


def protocols(store: UserStore) -> list[OwnProtocol]:
    """Every own protocol, in the order they were made."""
    rows = store.conn.execute(f"SELECT {_COLUMNS} FROM own_protocols ORDER BY id").fetchall()
    return [_protocol(store.conn, r) for r in rows]


def by_uid(conn: sqlite3.Connection, uid: str) -> OwnProtocol | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM own_protocols WHERE uid = ?", (uid,)).fetchone()
    return None if row is None else _protocol(conn, row)


def protocol(store: UserStore, uid: str) -> OwnProtocol | None:
    return by_uid(store.conn, uid)


def _write_steps(conn: sqlite3.Connection, protocol_id: int, steps: tuple[Step, ...]) -> None:
    conn.execute("DELETE FROM own_protocol_points WHERE protocol_id = ?", (protocol_id,))
    conn.executemany(
        "INSERT INTO own_protocol_points (protocol_id, position, point_code, note) VALUES (?, ?, ?, ?)",
        [(protocol_id, n, check_code(s.point_code), s.note) for n, s in enumerate(steps, start=1)],
    )


def put_protocol(conn: sqlite3.Connection, uid: str, exact: OwnProtocol | None) -> None:
    """Inside an open transaction: make the protocol ``uid`` exactly ``exact`` (its id where that is
    free, its times, its steps), or remove it. Undo, redo and imports use this."""
    old = conn.execute("SELECT id FROM own_protocols WHERE uid = ?", (uid,)).fetchone()
    if exact is None:
        if old is not None:
            conn.execute("DELETE FROM own_protocol_points WHERE protocol_id = ?", (old[0],))
            conn.execute("DELETE FROM own_protocols WHERE id = ?", (old[0],))
        return
    d = check_draft(exact.draft)
    values = (d.title, d.region, d.purpose, d.notes, d.based_on, exact.created_at, exact.updated_at)
    if old is not None:
        protocol_id = int(old[0])
        conn.execute(
            "UPDATE own_protocols SET title = ?, region = ?, purpose = ?, notes = ?, based_on = ?, "
            "created_at = ?, updated_at = ? WHERE id = ?",
            (*values, protocol_id),
        )
    else:
        taken = conn.execute("SELECT 1 FROM own_protocols WHERE id = ?", (exact.id,)).fetchone()
        wanted = None if taken or exact.id < 1 else exact.id
        cursor = conn.execute(
            "INSERT INTO own_protocols (id, uid, title, region, purpose, notes, based_on, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (wanted, uid, *values),
        )
        protocol_id = int(cursor.lastrowid)
    _write_steps(conn, protocol_id, d.steps)


def create_protocol(store: UserStore, draft: Draft, now: datetime, uid: str | None = None) -> OwnProtocol:
    """A new protocol from ``draft``, in one transaction."""
    draft = check_draft(draft)
    at = timestamp(now)
    uid = uid or new_uid()
    with store.write() as conn:
        put_protocol(conn, uid, OwnProtocol(0, uid, draft, at, at))
        made = by_uid(conn, uid)
    assert made is not None
    return made


def update_protocol(store: UserStore, uid: str, draft: Draft, now: datetime) -> OwnProtocol:
    """Save ``draft`` over the protocol ``uid`` (title, text and steps in their new order) in one transaction."""
    draft = check_draft(draft)
    with store.write() as conn:
        old = by_uid(conn, uid)
        if old is None:
            raise UserDataError("That protocol is no longer in your records (deleted, perhaps in another PointMap).")
        if old.draft == draft:
            return old
        put_protocol(conn, uid, replace(old, draft=draft, updated_at=timestamp(now)))
        saved = by_uid(conn, uid)
    assert saved is not None
    return saved


def delete_protocol(store: UserStore, uid: str) -> OwnProtocol | None:
    """Remove a protocol and its steps in one transaction; what was removed (None: it was not there)."""
    with store.write() as conn:
        old = by_uid(conn, uid)
        put_protocol(conn, uid, None)
    return old
