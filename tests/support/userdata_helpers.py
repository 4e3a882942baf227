"""Helpers for the user-database tests: fixed times, fixture files, and ways to damage a database file."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "userdata"
LEGACY_HYGIENE = FIXTURES / "legacy-hygiene.json"
TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 12, 1, 14, 17, 19, tzinfo=TZ)


def fixture_versions() -> list[int]:
    return sorted(int(p.stem[1:]) for p in FIXTURES.glob("v*.db"))


def copy_fixture(version: int, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "userdata.db"
    shutil.copyfile(FIXTURES / f"v{version}.db", target)
    return target


def digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (relative name -> content digest), to prove nothing changed."""
    return {str(p.relative_to(folder)): digest(p) for p in sorted(Path(folder).rglob("*")) if p.is_file()}


def known_checklists() -> dict[str, tuple[str, set[int]]]:
    """Checklist id -> (stage, positions), as the app builds it from the reference data."""
    from pointmap.core.db import connect_readonly
    from tests.conftest import DB

    conn = connect_readonly(DB)
    try:
        stages = dict(conn.execute("SELECT id, stage FROM checklists"))
        known: dict[str, tuple[str, set[int]]] = {cid: (stage, set()) for cid, stage in stages.items()}
        for cid, position in conn.execute("SELECT checklist_id, position FROM checklist_items"):
            known[cid][1].add(position)
        return known
    finally:
        conn.close()


def make_store_file(path: Path, *, wal: bool = False) -> Path:
    """A healthy user database with some data at ``path``, made through the real store. With ``wal``, its -wal
    file is left holding committed changes (as after a crash), so the file comes as a set of three."""
    from pointmap.core.userdata import hygiene, open_store

    opened = open_store(path, path.parent / "backups", now=NOW)
    for position in (1, 2, 3):
        hygiene.record_tick(opened.store, "start-of-day-room-setup", "start-of-day", position, True, NOW)
    if wal:
        # Keep a second connection in a read transaction so the close cannot fold the WAL back, then copy the
        # three files as a crash would leave them.
        opened.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the file itself holds all but the last tick
        keeper = sqlite3.connect(path)
        keeper.execute("BEGIN")
        keeper.execute("SELECT count(*) FROM checklist_ticks").fetchone()
        hygiene.record_tick(opened.store, "start-of-day-room-setup", "start-of-day", 4, True, NOW)
        crash = path.parent / "crash"
        crash.mkdir()
        for suffix in ("", "-wal", "-shm"):
            shutil.copyfile(f"{path}{suffix}", crash / f"{path.name}{suffix}")
        keeper.close()
        opened.store.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
            shutil.move(crash / f"{path.name}{suffix}", f"{path}{suffix}")
        crash.rmdir()
    else:
        opened.store.close()
    return path


def _overwrite(path: Path, offset: int, data: bytes) -> None:
    with open(path, "r+b") as handle:
        handle.seek(offset)
        handle.write(data)


def damage_not_a_database(path: Path) -> None:
    path.write_bytes(b"These are the notes of a text editor, saved over the database by mistake.\n" * 200)


def damage_header(path: Path) -> None:
    _overwrite(path, 0, b"\x00" * 100)


def damage_page(path: Path, table: str = "preferences") -> None:
    """Scribble over a table's b-tree page (SQLite opens the file, but reading that table breaks). The
    preferences page is not rewritten by ticks, so it is not in the WAL of make_store_file(wal=True) either."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    page = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    _overwrite(path, (page - 1) * size, b"\xff\x13" * (size // 2))


def damage_truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3 + 17])


def damage_index(path: Path) -> None:
    """Rows the index does not know about: only the full integrity check notices."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = replace(sql, '(run_id, id)', '(at, checked)') "
        "WHERE name = 'checklist_ticks_run'"
    )
    conn.commit()
    conn.close()


def damage_missing_table(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE needle_tally")
    conn.commit()
    conn.close()


def damage_foreign(path: Path) -> None:
    """Another program's SQLite database in our file's place."""
    path.unlink()
    for companion in ("-wal", "-shm"):
        Path(f"{path}{companion}").unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT, minutes INTEGER)")
    conn.execute("INSERT INTO recipes VALUES ('soup', 40)")
    conn.commit()
    conn.close()


DAMAGE = {
    "not a database": (damage_not_a_database, "not a database"),
    "header wiped": (damage_header, "not a database"),
    "a page scribbled over": (damage_page, ""),
    "truncated": (damage_truncate, ""),
    "index out of step with its table": (damage_index, "integrity check"),
    "a table of ours missing": (damage_missing_table, "needle_tally"),
    "another program's database": (damage_foreign, "another program"),
}
