"""The user database: open it (creating, upgrading or setting a damaged file aside), write to it one
transaction per user action, and check a file without changing it."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from pointmap.core import db
from pointmap.core.errors import UserDataError, UserDataTooNewError
from pointmap.core.userdata import files
from pointmap.core.userdata import migrations as schema


class UserStore:
    """An open user database. ``conn`` has ``row_factory = sqlite3.Row`` and no implicit transactions:
    read with it freely; change it only inside ``with store.write() as conn:``.

    One thread at a time: the connection may be handed from the thread that opened it to another, not shared.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, read_only: bool):
        self.path = Path(path)
        self.conn = conn
        self.read_only = read_only

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One user action: ``BEGIN IMMEDIATE`` (waits up to the busy timeout for another PointMap's write),
        then COMMIT when the block ends, or ROLLBACK if it raises. When the block returns, the change is on
        disk (synchronous=FULL). Disk full, a read-only folder or a lock held too long come out as
        UserDataEnvironmentError with a sentence; anything else propagates as it is (a bug to see)."""
        if self.read_only:
            raise UserDataError(f"{self.path} was opened read-only; this command cannot change it.")
        if self.conn.in_transaction:
            raise RuntimeError("store.write() blocks do not nest: one transaction per user action")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise files.environment_error(exc, self.path) or exc from None
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error) and (worded := files.environment_error(exc, self.path)):
                raise worded from None
            raise

    def data_version(self) -> int:
        """A number that changes when another connection (another PointMap, a restore, a script) has
        committed to the file since this one last looked; this connection's own writes leave it alone."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        """Close the connection (the last one to close folds the WAL back into the file). Safe to call twice."""
        self.conn.close()

    def __enter__(self) -> UserStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"UserStore({str(self.path)!r}, read_only={self.read_only})"


@dataclass(frozen=True)
class Opened:
    """An open store and what the person should be told about opening it (one sentence each)."""

    store: UserStore
    notices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Health:
    """What a look at a file found: its versions and tables, and why it cannot be used (if it cannot)."""

    application_id: int | None = None
    schema_version: int | None = None
    tables: frozenset[str] = frozenset()
    damage: str | None = None  # a phrase: why the file is not a usable PointMap user database
    too_new: bool = False

    @property
    def empty(self) -> bool:
        """A file with nothing in it yet (zero bytes, or a crash before the first version was committed)."""
        return (
            self.damage is None
            and self.application_id == 0
            and self.schema_version == 0
            and self.tables <= {"_sqlite_migrations"}
        )


def inspect(conn: sqlite3.Connection, full: bool = True) -> Health:
    """Look at the database behind ``conn`` without changing it. ``full`` runs ``integrity_check``
    (every page, record and index); otherwise ``quick_check`` (the same without matching indexes to tables)."""
    try:
        application_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        names = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        tables = frozenset(row[0] for row in names)
    except sqlite3.DatabaseError as exc:
        if files.is_environment_error(exc):
            raise
        return Health(damage=damage_phrase(exc))
    health = Health(application_id, version, tables)
    if application_id not in (0, schema.APPLICATION_ID):
        return _with(health, damage=f"it belongs to another program (application id {application_id:#x})")
    if application_id == 0 and not health.empty:
        return _with(health, damage="it is an SQLite database of another program, not a PointMap user database")
    if version > schema.SCHEMA_VERSION:
        return _with(health, too_new=True)
    try:
        rows = [row[0] for row in conn.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check")]
    except sqlite3.DatabaseError as exc:
        if files.is_environment_error(exc):
            raise
        return _with(health, damage=damage_phrase(exc))
    if rows != ["ok"]:
        return _with(health, damage=f"SQLite's integrity check failed: {'; '.join(rows[:3])}")
    if version >= 1:
        missing = schema.TABLES_BY_VERSION[version] - tables
        if missing:
            return _with(health, damage=f"it lacks the table(s) {', '.join(sorted(missing))}")
    return health


def _with(health: Health, **changes: object) -> Health:
    return replace(health, **changes)


def damage_phrase(exc: sqlite3.DatabaseError) -> str:
    text = str(exc)
    if "not a database" in text:
        return "it is not a database file"
    if "malformed" in text:
        return "it is damaged (SQLite reports a malformed disk image)"
    return f"SQLite cannot read it ({text})"


def _too_new_sentence(path: Path, version: int | None) -> str:
    return (
        f"Your user database at {path} was written by a newer PointMap (schema version {version}; this PointMap "
        f"knows up to {schema.SCHEMA_VERSION}). It has been left untouched: install the newer PointMap, "
        "or start this one with --user-data DIR on another folder."
    )


def _connect_read_only(path: Path) -> sqlite3.Connection | Health:
    """A read-only connection to ``path``, or the Health of a file SQLite will not open at all."""
    try:
        return db.connect_user(path, read_only=True)
    except sqlite3.DatabaseError as exc:
        if (worded := files.environment_error(exc, path)) is not None:
            raise worded from None
        return Health(damage=damage_phrase(exc))


def look(path: Path, full: bool) -> Health:
    """Inspect the file at ``path`` through a read-only connection: a damaged file is not written to."""
    conn = _connect_read_only(path)
    if isinstance(conn, Health):
        return conn
    try:
        return inspect(conn, full=full)
    except sqlite3.Error as exc:
        raise files.environment_error(exc, path) or exc from None
    finally:
        conn.close()


def open_store(
    path: Path,
    backups_dir: Path,
    *,
    read_only: bool = False,
    now: datetime | None = None,
) -> Opened:
    """Open the user database at ``path`` for this run of PointMap.

    Writable (the app): a missing file is created; an older schema is copied into ``backups_dir`` with the
    backup API and then upgraded in one transaction; a damaged file (not a database, a bad page, a failed
    integrity check, our tables missing, another program's database) is renamed aside with a date, its -wal
    and -shm with it, never deleted, and a fresh store is started: ``notices`` says where the old file went.
    Read-only (commands that only read): the file must exist, be healthy and be at this schema version;
    otherwise UserDataError. Either way a file from a newer PointMap raises UserDataTooNewError untouched,
    and a full disk, a read-only folder or a lock raise UserDataEnvironmentError naming the folder.
    """
    path = Path(path)
    now = now or files.local_now()
    if path.is_dir():
        raise UserDataError(f"{path} is a folder; the user database must be a file. Choose another --user-data DIR.")
    if read_only:
        return _open_read_only(path)
    notices: list[str] = []
    if not path.exists() and files.companions(path):
        # A -wal or -shm without its database: SQLite would replay it into the new file. Keep it aside instead.
        aside = files.move_aside(path, "orphaned", now)
        notices.append(
            f"PointMap found pieces of a user database without the database itself and kept them as {aside}*."
        )
    if path.exists() and path.with_name(path.name + "-journal").exists():
        _roll_back_hot_journal(path)
    if path.exists():
        health = look(path, full=True)
        if health.too_new:
            raise UserDataTooNewError(_too_new_sentence(path, health.schema_version))
        if health.damage is not None:
            aside = files.move_aside(path, "damaged", now)
            notices.append(
                f"Your user database could not be used because {health.damage}. PointMap kept it as {aside} "
                f"(nothing was deleted) and started a new, empty one at {path}."
            )
    try:
        conn = db.connect_user(path)
    except (sqlite3.Error, OSError) as exc:
        raise files.environment_error(exc, path) or exc from None
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version < schema.SCHEMA_VERSION:
            copy = None
            if version >= 1:  # a file with the person's data in it: keep it as it was before touching it
                name = f"{path.stem}.before-upgrade-v{version}-{files.stamp(now)}"
                copy = files.copy_database(conn, files.free_name(Path(backups_dir), name, path.suffix))
            try:
                before, after = schema.migrate(conn)
            except Exception as exc:  # rolled back: the file is as it was
                if files.is_environment_error(exc):
                    raise
                raise UserDataError(
                    f"PointMap could not upgrade your user database at {path} ({exc}); it was left as it was"
                    + (f", and a copy is kept at {copy}" if copy else "")
                    + ". Please report this as a bug."
                ) from exc
            if before >= 1 and before < after:
                notices.append(
                    f"Your user database was upgraded from schema version {before} to {after}; "
                    f"a copy of it as it was is kept at {copy}."
                )
    except UserDataError:
        conn.close()
        raise
    except (sqlite3.Error, OSError) as exc:
        conn.close()
        raise files.environment_error(exc, path) or exc from None
    except BaseException:
        conn.close()
        raise
    return Opened(UserStore(path, conn, read_only=False), tuple(notices))


def _roll_back_hot_journal(path: Path) -> None:
    """A crash while the file was first being made (before it was switched to WAL) leaves a rollback
    journal that only a writable connection may undo, and the read-only look would refuse the file for
    ever. SQLite undoes it on the first read of a writable connection; anything else is left to look()."""
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=5)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        pass


def _open_read_only(path: Path) -> Opened:
    if not path.exists():
        raise UserDataError(f"There is no user database at {path} yet; PointMap makes one when it first starts.")
    conn = _connect_read_only(path)
    try:
        health = conn if isinstance(conn, Health) else inspect(conn, full=False)
    except sqlite3.Error as exc:
        conn.close()
        raise files.environment_error(exc, path) or exc from None
    problem = None
    if health.too_new:
        problem = UserDataTooNewError(_too_new_sentence(path, health.schema_version))
    elif health.damage is not None:
        problem = UserDataError(
            f"The user database at {path} cannot be used because {health.damage}. Start PointMap to keep it aside "
            "and begin a new one, or restore a backup with 'pointmap userdata restore FILE'."
        )
    elif health.schema_version != schema.SCHEMA_VERSION:
        problem = UserDataError(
            f"The user database at {path} is at schema version {health.schema_version}, not {schema.SCHEMA_VERSION}; "
            "start PointMap once to bring it up to date (a copy is kept first)."
        )
    if problem is not None:
        if not isinstance(conn, Health):
            conn.close()
        raise problem
    return Opened(UserStore(path, conn, read_only=True))


@dataclass(frozen=True)
class CheckReport:
    """What ``check`` found. ``problems`` holds one sentence per thing wrong; empty means healthy."""

    path: Path
    exists: bool
    schema_version: int | None = None
    application_id: int | None = None
    counts: Mapping[str, int] = field(default_factory=dict)
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # worth saying, not wrong (an older schema that the next start upgrades)

    @property
    def ok(self) -> bool:
        return not self.problems


def check(path: Path) -> CheckReport:
    """Check the user database at ``path`` without changing it: the full integrity check, foreign keys,
    that it is ours and at a known schema version with its tables, and the rows in each table."""
    path = Path(path)
    if not path.exists():
        return CheckReport(path, exists=False)
    if path.is_dir():
        return CheckReport(path, exists=True, problems=(f"{path} is a folder, not a database file.",))
    health = look(path, full=True)
    base = {
        "path": path,
        "exists": True,
        "schema_version": health.schema_version,
        "application_id": health.application_id,
    }
    if health.too_new:
        return CheckReport(**base, problems=(_too_new_sentence(path, health.schema_version),))
    if health.damage is not None:
        return CheckReport(**base, problems=(f"{path} is not a usable PointMap user database: {health.damage}.",))
    problems: list[str] = []
    notes: list[str] = []
    counts: dict[str, int] = {}
    conn = _connect_read_only(path)
    if isinstance(conn, Health):  # it changed under us since the look
        return CheckReport(**base, problems=(f"{path} is not a usable PointMap user database: {conn.damage}.",))
    try:
        for table in sorted(health.tables):
            counts[table] = int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
        for row in conn.execute("PRAGMA foreign_key_check"):
            problems.append(f"Row {row[1]} of table '{row[0]}' points to a missing row of '{row[2]}'.")
    except sqlite3.Error as exc:
        raise files.environment_error(exc, path) or exc from None
    finally:
        conn.close()
    if health.empty:
        notes.append(f"{path} is empty; PointMap sets it up when it next starts.")
    elif (health.schema_version or 0) < schema.SCHEMA_VERSION:
        notes.append(
            f"Schema version {health.schema_version}: PointMap upgrades it to {schema.SCHEMA_VERSION} "
            "when it next starts, after keeping a copy."
        )
    return CheckReport(**base, counts=counts, problems=tuple(problems), notes=tuple(notes))


def preference(store: UserStore, key: str, default: str | None = None) -> str | None:
    row = store.conn.execute("SELECT value FROM preferences WHERE key = ?", (key,)).fetchone()
    return default if row is None else str(row[0])


def set_preference(store: UserStore, key: str, value: str) -> None:
    """Store one preference in its own transaction."""
    with store.write() as conn:
        conn.execute(
            "INSERT INTO preferences (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, str(value)),
        )
