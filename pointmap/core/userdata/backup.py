"""Backups of the user database: one a day kept for a fortnight, a copy on request, and a checked restore."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pointmap.core import db
from pointmap.core.errors import UserDataError
from pointmap.core.userdata import files
from pointmap.core.userdata import migrations as schema
from pointmap.core.userdata.store import UserStore, check, damage_phrase, look, open_store, preference

KEEP_PREFERENCE = "backups.keep"
DEFAULT_KEEP = 14
DAILY_PREFIX = "userdata-"
_DAILY = re.compile(r"^userdata-(\d{4}-\d{2}-\d{2})\.db$")


def daily_backups(backups_dir: Path) -> list[Path]:
    """The daily backups in ``backups_dir``, oldest first (other copies there are not counted)."""
    folder = Path(backups_dir)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if _DAILY.match(p.name))


def _keep(store: UserStore, keep: int | None) -> int:
    if keep is None:
        try:
            keep = int(preference(store, KEEP_PREFERENCE, str(DEFAULT_KEEP)) or DEFAULT_KEEP)
        except ValueError:
            keep = DEFAULT_KEEP
    return max(1, keep)


def take_daily_backup(
    store: UserStore, backups_dir: Path, *, keep: int | None = None, now: datetime | None = None
) -> Path | None:
    """Copy the store to ``backups_dir/userdata-YYYY-MM-DD.db`` unless today's copy exists (then None), and
    delete the oldest daily copies beyond ``keep`` (None: the ``backups.keep`` preference, 14 unless set).
    The copy goes through a temporary file and a rename, so a backup is never a half file."""
    now = now or files.local_now()
    target = Path(backups_dir) / f"{DAILY_PREFIX}{now.date().isoformat()}.db"
    if target.exists():
        return None
    files.copy_database(store.conn, target)
    for old in daily_backups(backups_dir)[: -_keep(store, keep)]:
        try:
            old.unlink()
        except OSError as exc:
            raise files.environment_error(exc, old) from None
    return target


def backup_to(store: UserStore, target: Path, *, now: datetime | None = None) -> Path:
    """Copy the store to ``target`` (a file name, or a folder to put a dated copy in). An existing file is
    never overwritten: UserDataError instead."""
    return _backup(store.conn, Path(target), now or files.local_now())


def _backup(conn: sqlite3.Connection, target: Path, now: datetime) -> Path:
    if target.is_dir():
        target = files.free_name(target, f"userdata-{files.stamp(now)}", ".db")
    if target.exists() or target.is_symlink():  # a link to nothing is a name in use too
        raise UserDataError(f"{target} already exists; choose another file name (PointMap never overwrites a file).")
    if not target.parent.is_dir():
        raise UserDataError(f"The folder {target.parent} does not exist.")
    return files.copy_database(conn, target)


def backup_file(path: Path, target: Path, *, now: datetime | None = None) -> Path:
    """Copy the user database file at ``path`` to ``target`` without opening it as a store (the CLI): any
    schema version, even one newer than this PointMap. It must be a readable PointMap user database."""
    path = Path(path)
    if not path.is_file():
        raise UserDataError(f"There is no user database at {path} to back up.")
    health = look(path, full=True)
    if health.damage is not None:
        raise UserDataError(f"Cannot back up {path}: {health.damage}.")
    try:
        conn = db.connect_user(path, read_only=True)
    except sqlite3.Error as exc:
        raise files.environment_error(exc, path) or UserDataError(f"Cannot read {path} ({exc}).") from None
    try:
        return _backup(conn, Path(target), now or files.local_now())
    finally:
        conn.close()


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: the file restored from, the copy of the replaced store (None if there was none),
    the schema version now in place, the rows per table, and sentences for the person."""

    source: Path
    path: Path
    kept_aside: Path | None
    schema_version: int
    counts: Mapping[str, int] = field(default_factory=dict)
    notices: tuple[str, ...] = ()


def restore_from(source: Path, path: Path, backups_dir: Path, *, now: datetime | None = None) -> RestoreResult:
    """Replace the user database at ``path`` with the contents of ``source`` (a backup).

    First ``source`` is copied (backup API) to a temporary file and that copy is checked: SQLite's integrity
    check, PointMap's application id, a schema version this PointMap knows, its tables. If anything is wrong,
    UserDataError says what, and nothing has changed. Then the current store is copied into ``backups_dir``
    (``userdata.before-restore-<stamp>.db``; a damaged one is renamed aside instead), the checked copy is
    written into ``path`` through SQLite (so a PointMap that has the file open sees the restored data at its
    next read: ``data_version`` changes), and an older schema is upgraded as at start-up.
    """
    source, path, backups_dir = Path(source), Path(path), Path(backups_dir)
    now = now or files.local_now()
    if not source.is_file():
        raise UserDataError(f"Cannot restore from {source}: there is no such file. Nothing was changed.")
    if source.resolve() == path.resolve():
        raise UserDataError(f"{source} is the user database itself; choose a backup to restore from.")
    db.make_private_folder(path.parent)
    staging = files.free_name(path.parent, f".{path.stem}.restore-{files.stamp(now)}", path.suffix)
    try:
        _stage(source, staging)
        problem = _restore_problem(staging)
        if problem is not None:
            raise UserDataError(f"Cannot restore from {source}: {problem}. Nothing was changed.")
        kept = _keep_current(path, backups_dir, now)
        _install(staging, path)
    finally:
        for leftover in [staging, *files.companions(staging)]:
            leftover.unlink(missing_ok=True)
    opened = open_store(path, backups_dir, now=now)  # upgrades an older backup, keeping a copy first
    try:
        version = opened.store.schema_version
    finally:
        opened.store.close()
    notices = []
    if kept is not None:
        notices.append(f"The user database you had before is kept at {kept}.")
    notices += opened.notices
    return RestoreResult(source, path, kept, version, dict(check(path).counts), tuple(notices))


def _restore_problem(staging: Path) -> str | None:
    """Why the staged copy must not be restored (a phrase), or None when it is sound."""
    health = look(staging, full=True)
    if health.damage is not None:
        return health.damage
    if health.too_new:
        return (
            f"it was written by a newer PointMap (schema version {health.schema_version}; "
            f"this one knows up to {schema.SCHEMA_VERSION})"
        )
    if health.application_id != schema.APPLICATION_ID or not health.schema_version:
        return "it holds no PointMap user data"
    report = check(staging)
    if report.problems:
        return " ".join(p.replace(str(staging), "the backup").rstrip(".") for p in report.problems)
    return None


def _stage(source: Path, staging: Path) -> None:
    """Copy ``source`` to ``staging`` through SQLite, so that what is checked is what gets installed."""
    try:
        conn = db.connect_user(source, read_only=True)
    except sqlite3.DatabaseError as exc:
        if (worded := files.environment_error(exc, source)) is not None:
            raise worded from None
        raise UserDataError(f"Cannot restore from {source}: {damage_phrase(exc)}. Nothing was changed.") from None
    try:
        files.copy_database(conn, staging)
    except sqlite3.DatabaseError as exc:
        raise UserDataError(f"Cannot restore from {source}: {damage_phrase(exc)}. Nothing was changed.") from None
    finally:
        conn.close()


def _keep_current(path: Path, backups_dir: Path, now: datetime) -> Path | None:
    """Keep the store about to be replaced: a copy in ``backups_dir``, or, if SQLite cannot read it, the
    file itself renamed aside. None when there is no store yet."""
    if not path.exists():
        return None
    if look(path, full=False).damage is not None:
        return files.move_aside(path, "damaged", now)
    target = files.free_name(backups_dir, f"{path.stem}.before-restore-{files.stamp(now)}", path.suffix)
    try:
        conn = db.connect_user(path, read_only=True)
    except sqlite3.Error as exc:
        raise files.environment_error(exc, path) or exc from None
    try:
        return files.copy_database(conn, target)
    finally:
        conn.close()


def _install(staging: Path, path: Path) -> None:
    """Write the checked copy into the store's file in one SQLite transaction (the backup API again)."""
    try:
        target = db.connect_user(path)
    except (sqlite3.Error, OSError) as exc:
        raise files.environment_error(exc, path) or exc from None
    try:
        page_size = target.execute("PRAGMA page_size").fetchone()[0]
        _match_page_size(staging, page_size)
        source = db.connect_user(staging, read_only=True)
        try:
            source.backup(target)
        finally:
            source.close()
    except sqlite3.Error as exc:
        raise files.environment_error(exc, path) or exc from None
    finally:
        target.close()


def _match_page_size(staging: Path, page_size: int) -> None:
    """SQLite cannot copy into a WAL database pages of another size: rebuild the staged copy at the store's."""
    conn = sqlite3.connect(staging, isolation_level=None)
    try:
        if conn.execute("PRAGMA page_size").fetchone()[0] != page_size:
            conn.execute(f"PRAGMA page_size = {int(page_size)}")
            conn.execute("VACUUM")
    finally:
        conn.close()
