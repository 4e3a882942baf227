"""A person's own content as a whole (notes, favourites, own protocols): snapshots of what an edit touched,
put back in one transaction (undo and redo), and codes that the reference data renamed or retired.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from pointmap.core.lessons import Lesson
from pointmap.core.text import code_key
from pointmap.core.userdata import favourites as favs
from pointmap.core.userdata import lessons as lessons_
from pointmap.core.userdata import notes as notes_
from pointmap.core.userdata import protocols as protos
from pointmap.core.userdata.notes import Note
from pointmap.core.userdata.protocols import OwnProtocol, Step
from pointmap.core.userdata.store import UserStore

if TYPE_CHECKING:
    from pointmap.core.reference import Reference

NOTES = "point_notes"
FAVOURITES = "favourites"
PROTOCOLS = "own_protocols"
PROTOCOL_POINTS = "own_protocol_points"
LESSONS = lessons_.LESSONS
LESSON_STEPS = lessons_.LESSON_STEPS
TABLES = frozenset({NOTES, FAVOURITES, PROTOCOLS, PROTOCOL_POINTS, LESSONS, LESSON_STEPS})


@dataclass(frozen=True)
class Snapshot:
    """Some of a person's own content exactly as it was: a note per code (None: no note), when each code
    was starred (None: not a favourite), each protocol and lesson by uid (None: no such one)."""

    notes: Mapping[str, Note | None] = field(default_factory=dict)
    favourites: Mapping[str, str | None] = field(default_factory=dict)
    protocols: Mapping[str, OwnProtocol | None] = field(default_factory=dict)
    lessons: Mapping[str, Lesson | None] = field(default_factory=dict)

    @property
    def tables(self) -> frozenset[str]:
        touched = set()
        if self.notes:
            touched.add(NOTES)
        if self.favourites:
            touched.add(FAVOURITES)
        if self.protocols:
            touched |= {PROTOCOLS, PROTOCOL_POINTS}
        if self.lessons:
            touched |= {LESSONS, LESSON_STEPS}
        return frozenset(touched)


def take(
    conn: sqlite3.Connection,
    notes: Iterable[str] = (),
    favourites: Iterable[str] = (),
    protocols: Iterable[str] = (),
    lessons: Iterable[str] = (),
) -> Snapshot:
    """What the store holds now for these codes and protocol and lesson uids."""
    return Snapshot(
        notes={c: _note(conn, c) for c in notes},
        favourites={c: favs.added_at(conn, c) for c in favourites},
        protocols={u: protos.by_uid(conn, u) for u in protocols},
        lessons={u: lessons_.by_uid(conn, u) for u in lessons},
    )


def _note(conn: sqlite3.Connection, code: str) -> Note | None:
    row = conn.execute(
        "SELECT point_code, text, created_at, updated_at FROM point_notes WHERE point_code = ?", (code,)
    ).fetchone()
    return None if row is None else Note(row[0], row[1], row[2], row[3])


def put_in(conn: sqlite3.Connection, snapshot: Snapshot) -> None:
    """Inside an open transaction: make the store hold exactly what ``snapshot`` says."""
    for code, note in snapshot.notes.items():
        notes_.put_note(conn, code, note)
    for code, when in snapshot.favourites.items():
        favs.put_favourite(conn, code, when)
    for uid, protocol in snapshot.protocols.items():
        protos.put_protocol(conn, uid, protocol)
    for uid, lesson in snapshot.lessons.items():
        lessons_.put_lesson(conn, uid, lesson)


def put(store: UserStore, snapshot: Snapshot) -> None:
    """Put ``snapshot`` back, all of it in one transaction (undo and redo)."""
    with store.write() as conn:
        put_in(conn, snapshot)


# -- codes the reference data renamed or retired ---------------------------------------------------------


@dataclass(frozen=True)
class Unmatched:
    """A code in the person's records that names no point of the reference data."""

    code: str
    where: str  # "note", "favourite" or "protocol 'Title', point 3"


@dataclass(frozen=True)
class Followed:
    moved: tuple[tuple[str, str, str], ...] = ()  # (old code, new code, where)
    unmatched: tuple[Unmatched, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.moved)


def code_resolver(reference: Reference) -> Callable[[str], str | None]:
    """A function from a stored code to the reference's code for that point: itself when the data has it,
    the point it is an alias of (an old or other name of it), or None."""
    by_key: dict[str, str] = {}
    for point in reference.points.values():
        for alias in point.aliases:
            key = code_key(alias)
            if key:
                by_key.setdefault(key, point.code)
    for point in reference.points.values():  # a code beats an alias that folds to the same key
        by_key[code_key(point.code) or point.code] = point.code

    def resolve(code: str) -> str | None:
        if code in reference.points:
            return code
        return by_key.get(code_key(code) or code)

    return resolve


def follow_codes(store: UserStore, resolve: Callable[[str], str | None]) -> Followed:
    """Move notes, favourites and protocol steps whose code the reference now writes differently (an alias
    of a current point: TB5 when the point is TE5) onto that code, in one transaction; list everything
    whose code names no point at all. Nothing is ever dropped: an unmatched code is kept as it is, and a
    note that meets another note on the same point is joined to it."""
    moved: list[tuple[str, str, str]] = []
    unmatched: list[Unmatched] = []
    conn = store.conn
    note_codes = [r[0] for r in conn.execute("SELECT point_code FROM point_notes ORDER BY point_code")]
    fav_codes = [r[0] for r in conn.execute("SELECT point_code FROM favourites ORDER BY added_at, rowid")]
    all_protocols = protos.protocols(store)

    def target(code: str, where: str) -> str | None:
        new = resolve(code)
        if new is None:
            unmatched.append(Unmatched(code, where))
            return None
        if new != code:
            moved.append((code, new, where))
            return new
        return None

    note_moves = {c: t for c in note_codes if (t := target(c, "note")) is not None}
    for old, new in list(note_moves.items()):  # two notes joined must still fit in one
        moving, there = _note(conn, old), _note(conn, new)
        if moving and there and len(there.text) + 2 + len(moving.text) > notes_.MAX_NOTE:
            del note_moves[old]
            moved.remove((old, new, "note"))
            unmatched.append(Unmatched(old, f"note (too long to join to your note on {new})"))
    fav_moves = {c: t for c in fav_codes if (t := target(c, "favourite")) is not None}
    protocol_moves: dict[str, OwnProtocol] = {}
    for p in all_protocols:
        steps, changed = [], False
        for n, step in enumerate(p.steps, start=1):
            new = target(step.point_code, f"protocol '{p.title}', point {n}")
            steps.append(Step(new, step.note) if new else step)
            changed = changed or new is not None
        if changed:
            protocol_moves[p.uid] = replace(p, draft=p.draft.with_steps(steps))
    if note_moves or fav_moves or protocol_moves:
        with store.write() as conn:
            for old, new in note_moves.items():
                moving, there = _note(conn, old), _note(conn, new)
                assert moving is not None
                text = moving.text if there is None else f"{there.text}\n\n{moving.text}"
                joined = Note(new, text, (there or moving).created_at, moving.updated_at)
                notes_.put_note(conn, old, None)
                notes_.put_note(conn, new, joined)
            for old, new in fav_moves.items():
                when = favs.added_at(conn, old)
                favs.put_favourite(conn, old, None)
                favs.put_favourite(conn, new, when)
            for uid, p in protocol_moves.items():
                protos.put_protocol(conn, uid, p)
    return Followed(tuple(moved), tuple(unmatched))
