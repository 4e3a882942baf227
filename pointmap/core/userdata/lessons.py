"""A person's own lessons in the user database (schema v5): a lesson and its steps, written whole in one
transaction. Like own protocols, each has a ``uid`` that stays the same wherever it goes, so importing a
newer version of a lesson changes it rather than copying it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from pointmap.core.errors import UserDataError
from pointmap.core.lessons import Lesson, LessonStep, check_lesson
from pointmap.core.userdata.notes import timestamp
from pointmap.core.userdata.protocols import new_uid
from pointmap.core.userdata.store import UserStore

LESSONS = "lessons"
LESSON_STEPS = "lesson_steps"
TABLES = frozenset({LESSONS, LESSON_STEPS})


def create_tables(execute: Callable[..., object]) -> None:
    """Migration 5's tables (points and layers are space-separated words: codes never hold a space)."""
    execute(
        """
        CREATE TABLE lessons (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE CHECK (length(uid) BETWEEN 1 AND 64),
            title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
            summary TEXT NOT NULL DEFAULT '' CHECK (length(summary) <= 20000),
            based_on TEXT CHECK (based_on IS NULL OR length(based_on) BETWEEN 1 AND 200),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    execute(
        """
        CREATE TABLE lesson_steps (
            lesson_id INTEGER NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
            position INTEGER NOT NULL CHECK (typeof(position) = 'integer' AND position >= 1),
            view TEXT NOT NULL DEFAULT '' CHECK (length(view) <= 64),
            points TEXT NOT NULL DEFAULT '' CHECK (length(points) <= 1000),
            shown TEXT NOT NULL DEFAULT 'all' CHECK (shown IN ('all', 'lesson', 'step')),
            layers TEXT NOT NULL DEFAULT 'labels' CHECK (length(layers) <= 40),
            zoom REAL NOT NULL DEFAULT 1.0 CHECK (zoom BETWEEN 1.0 AND 8.0),
            note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 20000),
            PRIMARY KEY (lesson_id, position)
        )
        """
    )


_COLUMNS = "id, uid, title, summary, based_on, created_at, updated_at"


def _steps(conn: sqlite3.Connection, lesson_id: int) -> tuple[LessonStep, ...]:
    rows = conn.execute(
        "SELECT view, points, shown, layers, zoom, note FROM lesson_steps WHERE lesson_id = ? ORDER BY position",
        (lesson_id,),
    )
    return tuple(LessonStep(r[0], tuple(r[1].split()), r[2], tuple(r[3].split()), float(r[4]), r[5]) for r in rows)


def _lesson(conn: sqlite3.Connection, row: sqlite3.Row) -> Lesson:
    return Lesson(
        row["uid"],
        row["title"],
        row["summary"],
        _steps(conn, row["id"]),
        row["based_on"],
        row["created_at"],
        row["updated_at"],
    )


def lessons(store: UserStore) -> list[Lesson]:
    """Every own lesson, in the order they were made."""
    rows = store.conn.execute(f"SELECT {_COLUMNS} FROM lessons ORDER BY id").fetchall()
    return [_lesson(store.conn, r) for r in rows]


def by_uid(conn: sqlite3.Connection, uid: str) -> Lesson | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM lessons WHERE uid = ?", (uid,)).fetchone()
    return None if row is None else _lesson(conn, row)


def put_lesson(conn: sqlite3.Connection, uid: str, exact: Lesson | None) -> None:
    """Inside an open transaction: make the lesson ``uid`` exactly ``exact`` (its times and steps), or
    remove it. Undo, redo and imports use this."""
    old = conn.execute("SELECT id FROM lessons WHERE uid = ?", (uid,)).fetchone()
    if exact is None:
        if old is not None:
            conn.execute("DELETE FROM lesson_steps WHERE lesson_id = ?", (old[0],))
            conn.execute("DELETE FROM lessons WHERE id = ?", (old[0],))
        return
    lesson = check_lesson(exact)
    values = (lesson.title, lesson.summary, lesson.based_on, lesson.created_at, lesson.updated_at)
    if old is not None:
        lesson_id = int(old[0])
        conn.execute(
            "UPDATE lessons SET title = ?, summary = ?, based_on = ?, created_at = ?, updated_at = ? WHERE id = ?",
            (*values, lesson_id),
        )
        conn.execute("DELETE FROM lesson_steps WHERE lesson_id = ?", (lesson_id,))
    else:
        cursor = conn.execute(
            "INSERT INTO lessons (uid, title, summary, based_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
            (uid, *values),
        )
        lesson_id = int(cursor.lastrowid)
    conn.executemany(
        "INSERT INTO lesson_steps (lesson_id, position, view, points, shown, layers, zoom, note) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (lesson_id, n, s.view, " ".join(s.points), s.shown, " ".join(s.layers), s.zoom, s.note)
            for n, s in enumerate(lesson.steps, start=1)
        ],
    )


def create_lesson(store: UserStore, lesson: Lesson, now: datetime, uid: str | None = None) -> Lesson:
    """A new own lesson with the content of ``lesson`` (its uid and times are new), in one transaction."""
    at = timestamp(now)
    uid = uid or new_uid()
    lesson = check_lesson(replace(lesson, uid=uid, created_at=at, updated_at=at))
    with store.write() as conn:
        put_lesson(conn, uid, lesson)
        made = by_uid(conn, uid)
    assert made is not None
    return made


def update_lesson(store: UserStore, lesson: Lesson, now: datetime) -> Lesson:
    """Save ``lesson`` over the own lesson of its uid (title, summary, steps in order) in one transaction."""
    lesson = check_lesson(lesson)
    with store.write() as conn:
        old = by_uid(conn, lesson.uid)
        if old is None:
            raise UserDataError("That lesson is no longer in your records (deleted, perhaps in another PointMap).")
        if _content(old) == _content(lesson):
            return old
        put_lesson(conn, lesson.uid, replace(lesson, created_at=old.created_at, updated_at=timestamp(now)))
        saved = by_uid(conn, lesson.uid)
    assert saved is not None
    return saved


def delete_lesson(store: UserStore, uid: str) -> Lesson | None:
    """Remove a lesson and its steps in one transaction; what was removed (None: it was not there)."""
    with store.write() as conn:
        old = by_uid(conn, uid)
        put_lesson(conn, uid, None)
    return old


def _content(lesson: Lesson) -> tuple:
    return (lesson.title, lesson.summary, lesson.based_on, lesson.steps)


def content_key(lesson: Lesson) -> tuple:
    """What makes two lessons the same lesson for an import (their title in any case, and steps)."""
    return (lesson.title.strip().casefold(), lesson.summary.strip(), lesson.steps)
