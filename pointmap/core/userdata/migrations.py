"""The user database's schema, one migration per version, applied with sqlite-utils' Migrations."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

# 'PMUD' in ASCII: PointMap User Data. Stored in the file header, so a restore can tell our files from others.
APPLICATION_ID = 0x504D5544
MIGRATION_SET = "pointmap-userdata"

# The tables each schema version must hold; the opener and the checker test a file against its own version.
# A new version adds its entry here (and says in docs/data.md what changed).
TABLES_BY_VERSION: dict[int, frozenset[str]] = {
    1: frozenset({"checklist_runs", "checklist_ticks", "needle_tally", "preferences"}),
    2: frozenset(
        {
            "checklist_runs",
            "checklist_ticks",
            "needle_tally",
            "preferences",
            "point_notes",
            "favourites",
            "own_protocols",
            "own_protocol_points",
        }
    ),
}
TABLES_BY_VERSION[3] = TABLES_BY_VERSION[2] | {  # treatment sessions
    "sessions",
    "screening_answers",
    "needles",
    "removal_counts",
    "adverse_events",
    "incidents",
    "session_amendments",
}
TABLES_BY_VERSION[4] = TABLES_BY_VERSION[3] | {"study_cards", "study_reviews"}  # study: FSRS cards, every answer
TABLES_BY_VERSION[5] = TABLES_BY_VERSION[4] | {"lessons", "lesson_steps"}  # a trainer's own lessons
TABLES_BY_VERSION[6] = TABLES_BY_VERSION[5] | {  # a face photo in a session, its landmarks, points moved on it
    "session_photos",
    "photo_landmarks",
    "point_corrections",
}
TABLES_BY_VERSION[7] = TABLES_BY_VERSION[6]  # adverse_events takes more kinds (the needle accidents, burns …)
SCHEMA_VERSION = max(TABLES_BY_VERSION)

DEFAULT_PREFERENCES = {"backups.keep": "14"}


# Migration N brings a file from version N-1 to N, and ends by setting user_version to N in the same
# transaction. Statements go one by one through db.execute: executescript would commit half-way.


def _v1_checklists_tally_preferences(db: Database) -> None:
    statements = [
        """
        CREATE TABLE checklist_runs (
            id INTEGER PRIMARY KEY,
            checklist_id TEXT NOT NULL CHECK (length(checklist_id) > 0),
            stage TEXT NOT NULL,
            day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
            started_at TEXT NOT NULL,
            ended_at TEXT,
            session_id INTEGER
        )
        """,
        "CREATE INDEX checklist_runs_day ON checklist_runs (day, checklist_id)",
        # At most one open run per checklist and day.
        "CREATE UNIQUE INDEX checklist_runs_open ON checklist_runs (checklist_id, day) WHERE ended_at IS NULL",
        """
        CREATE TABLE checklist_ticks (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES checklist_runs (id),
            position INTEGER NOT NULL CHECK (typeof(position) = 'integer' AND position >= 1),
            checked INTEGER NOT NULL CHECK (checked IN (0, 1)),
            at TEXT NOT NULL
        )
        """,
        "CREATE INDEX checklist_ticks_run ON checklist_ticks (run_id, id)",
        """
        CREATE TRIGGER checklist_ticks_append_only BEFORE UPDATE ON checklist_ticks
        BEGIN SELECT RAISE(ABORT, 'checklist_ticks is append-only: record a new event instead'); END
        """,
        """
        CREATE TABLE needle_tally (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            needles_in INTEGER NOT NULL DEFAULT 0 CHECK (typeof(needles_in) = 'integer' AND needles_in >= 0),
            needles_out INTEGER NOT NULL DEFAULT 0 CHECK (typeof(needles_out) = 'integer' AND needles_out >= 0),
            updated_at TEXT
        )
        """,
        "INSERT INTO needle_tally (id, needles_in, needles_out) VALUES (1, 0, 0)",
        "CREATE TABLE preferences (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ]
    for sql in statements:
        db.execute(sql)
    for key, value in DEFAULT_PREFERENCES.items():
        db.execute("INSERT INTO preferences (key, value) VALUES (?, ?)", [key, value])
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 1")


# Lengths match points.db's columns: codes 20 characters, titles 200, prose 20,000.
def _v2_notes_favourites_own_protocols(db: Database) -> None:
    statements = [
        """
        CREATE TABLE point_notes (
            point_code TEXT PRIMARY KEY CHECK (length(point_code) BETWEEN 1 AND 20),
            text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 20000),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE favourites (
            point_code TEXT PRIMARY KEY CHECK (length(point_code) BETWEEN 1 AND 20),
            added_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE own_protocols (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE CHECK (length(uid) BETWEEN 1 AND 64),
            title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
            region TEXT NOT NULL DEFAULT '' CHECK (length(region) <= 40),
            purpose TEXT NOT NULL DEFAULT '' CHECK (length(purpose) <= 20000),
            notes TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 20000),
            based_on TEXT CHECK (based_on IS NULL OR length(based_on) BETWEEN 1 AND 200),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE own_protocol_points (
            protocol_id INTEGER NOT NULL REFERENCES own_protocols (id) ON DELETE CASCADE,
            position INTEGER NOT NULL CHECK (typeof(position) = 'integer' AND position >= 1),
            point_code TEXT NOT NULL CHECK (length(point_code) BETWEEN 1 AND 20),
            note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 20000),
            PRIMARY KEY (protocol_id, position)
        )
        """,
        "CREATE INDEX own_protocol_points_code ON own_protocol_points (point_code)",
    ]
    for sql in statements:
        db.execute(sql)
    db.execute("PRAGMA user_version = 2")


def _v3_sessions(db: Database) -> None:
    from pointmap.core.userdata.sessions import create_tables

    create_tables(db.execute)
    db.execute("PRAGMA user_version = 3")


def _v4_study(db: Database) -> None:
    from pointmap.core.userdata.study import create_tables

    create_tables(db.execute)
    db.execute("PRAGMA user_version = 4")


def _v5_lessons(db: Database) -> None:
    from pointmap.core.userdata.lessons import create_tables

    create_tables(db.execute)
    db.execute("PRAGMA user_version = 5")


def _v6_photos(db: Database) -> None:
    from pointmap.core.userdata.photos import create_tables

    create_tables(db.execute)
    db.execute("PRAGMA user_version = 6")


def _v7_adverse_event_kinds(db: Database) -> None:
    from pointmap.core.userdata.sessions import adverse_events_v7

    adverse_events_v7(db.execute)
    db.execute("PRAGMA user_version = 7")


_STEPS = [
    ("0001_checklists_tally_preferences", _v1_checklists_tally_preferences),
    ("0002_notes_favourites_own_protocols", _v2_notes_favourites_own_protocols),
    ("0003_sessions", _v3_sessions),
    ("0004_study", _v4_study),
    ("0005_lessons", _v5_lessons),
    ("0006_photos", _v6_photos),
    ("0007_adverse_event_kinds", _v7_adverse_event_kinds),
]


def migrations() -> Migrations:
    """The migration set, built on demand so that opening an up-to-date file never imports sqlite-utils."""
    from sqlite_utils.migrations import Migrations

    assert len(_STEPS) == SCHEMA_VERSION, "one migration per schema version"
    found = Migrations(MIGRATION_SET)
    for name, step in _STEPS:
        found(name=name)(step)
    return found


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection) -> tuple[int, int]:
    """Bring the file behind ``conn`` to SCHEMA_VERSION in ONE transaction: all the steps it lacks, or
    (on any error, a crash or a kill) none of them. Returns (version before, version after); the
    version before is read inside the transaction, so a second PointMap that got there first is seen.

    ``conn`` must be a writable connection from ``db.connect_user`` with no transaction open.
    """
    from sqlite_utils import Database

    conn.execute("BEGIN IMMEDIATE")
    try:
        before = user_version(conn)
        if before < SCHEMA_VERSION:
            db = Database(conn, execute_plugins=False, recursive_triggers=False)
            migrations().apply(db)  # inside our transaction each step runs in a savepoint of it
        after = user_version(conn)
        if after != SCHEMA_VERSION:
            raise RuntimeError(f"the migrations left the user database at version {after}, not {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return before, after
