"""The user store: how it opens a file, how it writes, and how it treats damaged files and a hostile disk."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import threading
import time

import pytest

from pointmap.core.errors import UserDataEnvironmentError, UserDataError
from pointmap.core.userdata import APPLICATION_ID, SCHEMA_VERSION, hygiene, open_store
from tests.conftest import FILE_MODES, READ_ONLY_FOLDER, WINDOWS, posix_only
from tests.support.userdata_helpers import DAMAGE, NOW, digest, make_store_file, snapshot

TABLES = {"checklist_runs", "checklist_ticks", "needle_tally", "preferences"}


@pytest.fixture
def store(tmp_path):
    opened = open_store(tmp_path / "user" / "userdata.db", tmp_path / "user" / "backups", now=NOW)
    yield opened.store
    opened.store.close()


def test_a_fresh_store_is_made_with_the_schema_and_durable_settings(tmp_path):
    path = tmp_path / "new" / "userdata.db"
    opened = open_store(path, tmp_path / "new" / "backups", now=NOW)
    conn = opened.store.conn
    assert opened.notices == ()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables >= TABLES
    assert [tuple(r) for r in conn.execute("SELECT needles_in, needles_out FROM needle_tally")] == [(0, 0)]
    assert isinstance(conn.execute("SELECT 1 AS one").fetchone()["one"], int)  # sqlite3.Row
    opened.store.close()


@posix_only(FILE_MODES)
def test_the_file_and_the_folder_it_makes_are_for_the_user_only(tmp_path):
    path = tmp_path / "private" / "userdata.db"
    opened = open_store(path, tmp_path / "private" / "backups", now=NOW)
    hygiene.record_tick(opened.store, "c", "start-of-day", 1, True, NOW)
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    for name in ("userdata.db", "userdata.db-wal", "userdata.db-shm"):
        assert stat.S_IMODE((path.parent / name).stat().st_mode) == 0o600, name
    opened.store.close()


@posix_only(FILE_MODES)
def test_an_existing_file_readable_by_others_is_made_private(tmp_path):
    path = make_store_file(tmp_path / "userdata.db")
    os.chmod(path, 0o644)
    open_store(path, tmp_path / "backups", now=NOW).store.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_write_block_commits_when_it_ends(store):
    with store.write() as conn:
        conn.execute("INSERT INTO preferences VALUES ('a', '1')")
    other = sqlite3.connect(store.path)
    assert other.execute("SELECT value FROM preferences WHERE key = 'a'").fetchone() == ("1",)
    other.close()


def test_a_write_block_that_raises_leaves_nothing_behind(store):
    with pytest.raises(KeyError), store.write() as conn:
        conn.execute("INSERT INTO preferences VALUES ('half', '1')")
        raise KeyError("the action failed half-way")
    assert store.conn.execute("SELECT count(*) FROM preferences WHERE key = 'half'").fetchone()[0] == 0
    assert not store.conn.in_transaction
    with store.write() as conn:  # and the store still works
        conn.execute("INSERT INTO preferences VALUES ('after', '1')")


def test_write_blocks_do_not_nest(store):
    with store.write(), pytest.raises(RuntimeError, match="nest"), store.write():
        pass


def test_the_schema_refuses_negative_counts_and_rewritten_ticks(store):
    with pytest.raises(sqlite3.IntegrityError), store.write() as conn:
        conn.execute("UPDATE needle_tally SET needles_in = -1")
    with pytest.raises(sqlite3.IntegrityError), store.write() as conn:
        conn.execute("INSERT INTO checklist_ticks (run_id, position, checked, at) VALUES (999, 1, 1, 'x')")
    run = hygiene.record_tick(store, "c", "start-of-day", 1, True, NOW)
    with pytest.raises(sqlite3.IntegrityError), store.write() as conn:
        conn.execute("INSERT INTO checklist_ticks (run_id, position, checked, at) VALUES (?, 1, 2, 'x')", (run.id,))
    with pytest.raises(sqlite3.DatabaseError, match="append-only"), store.write() as conn:
        conn.execute("UPDATE checklist_ticks SET checked = 0")
    assert hygiene.current_run(store, "c", NOW.date().isoformat()).ticked == {1}


def test_data_version_moves_when_another_connection_commits_not_for_our_own_writes(store):
    first = store.data_version()
    with store.write() as conn:
        conn.execute("INSERT INTO preferences VALUES ('ours', '1')")
    assert store.data_version() == first
    other = sqlite3.connect(store.path)
    other.execute("INSERT INTO preferences VALUES ('theirs', '1')")
    other.commit()
    other.close()
    assert store.data_version() != first


def test_two_pointmaps_share_the_file_a_write_waits_for_the_other(tmp_path):
    path = tmp_path / "userdata.db"
    one = open_store(path, tmp_path / "backups", now=NOW).store
    two = open_store(path, tmp_path / "backups", now=NOW).store
    held = threading.Event()

    def hold_the_lock() -> None:
        with one.write() as conn:
            conn.execute("INSERT INTO preferences VALUES ('one', '1')")
            held.set()
            time.sleep(0.3)

    worker = threading.Thread(target=hold_the_lock)
    worker.start()
    held.wait(5)
    start = time.monotonic()
    hygiene.record_tick(two, "c", "start-of-day", 1, True, NOW)  # waits for one's transaction, then succeeds
    waited = time.monotonic() - start
    worker.join()
    assert waited > 0.1
    assert one.conn.execute("SELECT count(*) FROM checklist_ticks").fetchone()[0] == 1
    assert two.conn.execute("SELECT value FROM preferences WHERE key = 'one'").fetchone()[0] == "1"
    one.close()
    two.close()


def test_a_read_only_store_reads_and_refuses_to_write(tmp_path):
    path = make_store_file(tmp_path / "userdata.db")
    store = open_store(path, tmp_path / "backups", read_only=True).store
    assert store.read_only
    assert store.conn.execute("SELECT count(*) FROM checklist_ticks").fetchone()[0] == 3
    with pytest.raises(UserDataError, match="was opened read-only"), store.write():
        pass
    with pytest.raises(sqlite3.OperationalError):
        store.conn.execute("DELETE FROM preferences")
    store.close()


def test_read_only_open_of_a_missing_file_says_so_and_creates_nothing(tmp_path):
    with pytest.raises(UserDataError, match="no user database"):
        open_store(tmp_path / "userdata.db", tmp_path / "backups", read_only=True)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_where_the_file_should_be_is_refused_with_a_sentence(tmp_path):
    (tmp_path / "userdata.db").mkdir()
    with pytest.raises(UserDataError, match="is a folder"):
        open_store(tmp_path / "userdata.db", tmp_path / "backups")


# Damaged files ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", DAMAGE)
def test_a_damaged_store_is_kept_aside_and_a_fresh_one_started(tmp_path, kind):
    damage, words = DAMAGE[kind]
    path = make_store_file(tmp_path / "userdata.db")
    damage(path)
    before = digest(path)
    opened = open_store(path, tmp_path / "backups", now=NOW)
    aside = tmp_path / "userdata.damaged-2026-12-01T141719.db"
    assert aside.is_file() and digest(aside) == before  # kept, byte for byte
    (notice,) = opened.notices
    assert str(aside) in notice and "nothing was deleted" in notice
    assert words.lower() in notice.lower()
    run = hygiene.record_tick(opened.store, "start-of-day-room-setup", "start-of-day", 1, True, NOW)
    assert run.ticked == {1}
    opened.store.close()
    again = open_store(path, tmp_path / "backups", now=NOW)  # the fresh file is healthy from now on
    assert again.notices == ()
    again.store.close()


@pytest.mark.parametrize("kind", ["not a database", "header wiped", "a page scribbled over", "truncated"])
def test_a_damaged_store_moves_aside_with_its_wal_and_shm(tmp_path, kind):
    path = make_store_file(tmp_path / "userdata.db", wal=True)  # as a crash leaves it: -wal holds a commit
    DAMAGE[kind][0](path)
    before = {p.name: digest(p) for p in tmp_path.iterdir() if p.name.startswith("userdata.db")}
    assert set(before) == {"userdata.db", "userdata.db-wal", "userdata.db-shm"}
    opened = open_store(path, tmp_path / "backups", now=NOW)
    aside = "userdata.damaged-2026-12-01T141719.db"
    for name in ("userdata.db", "userdata.db-wal"):  # the pair that holds the data, unchanged and still paired
        assert digest(tmp_path / name.replace("userdata.db", aside)) == before[name], name
    assert (tmp_path / f"{aside}-shm").exists()
    assert str(tmp_path / aside) in opened.notices[0]
    assert opened.store.conn.execute("SELECT count(*) FROM checklist_ticks").fetchone()[0] == 0
    opened.store.close()


def test_two_damaged_files_in_the_same_second_both_survive(tmp_path):
    path = tmp_path / "userdata.db"
    for _ in range(2):
        make_store_file(path)
        DAMAGE["not a database"][0](path)
        open_store(path, tmp_path / "backups", now=NOW).store.close()
    assert (tmp_path / "userdata.damaged-2026-12-01T141719.db").is_file()
    assert (tmp_path / "userdata.damaged-2026-12-01T141719-2.db").is_file()


@pytest.mark.parametrize("kind", DAMAGE)
def test_a_damaged_store_opened_read_only_raises_and_is_not_touched(tmp_path, kind):
    path = make_store_file(tmp_path / "userdata.db")
    DAMAGE[kind][0](path)
    if kind == "index out of step with its table":
        pytest.skip("read-only opens run the quick check, which does not compare indexes; check does")
    data = {k: v for k, v in snapshot(tmp_path).items() if not k.endswith(("-wal", "-shm"))}
    with pytest.raises(UserDataError, match="cannot be used"):
        open_store(path, tmp_path / "backups", read_only=True)
    assert {k: v for k, v in snapshot(tmp_path).items() if not k.endswith(("-wal", "-shm"))} == data


def test_leftover_wal_without_its_database_is_kept_aside_not_replayed(tmp_path):
    path = make_store_file(tmp_path / "userdata.db", wal=True)
    path.unlink()
    opened = open_store(path, tmp_path / "backups", now=NOW)
    assert (tmp_path / "userdata.orphaned-2026-12-01T141719.db-wal").is_file()
    assert "without the database" in opened.notices[0]
    assert opened.store.conn.execute("SELECT count(*) FROM checklist_ticks").fetchone()[0] == 0
    opened.store.close()


def test_an_empty_file_is_set_up_in_place(tmp_path):
    path = tmp_path / "userdata.db"
    path.write_bytes(b"")
    opened = open_store(path, tmp_path / "backups", now=NOW)
    assert opened.notices == ()
    assert opened.store.schema_version == SCHEMA_VERSION
    assert [p.name for p in tmp_path.iterdir() if "damaged" in p.name] == []
    opened.store.close()


# The environment: disk full, read-only folder, permission denied --------------------------------------


def test_a_full_disk_is_a_sentence_naming_the_folder_and_nothing_half_written(store):
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "disk full" (SQLITE_FULL)
    run = hygiene.record_tick(store, "c", "start-of-day", 1, True, NOW)
    with pytest.raises(UserDataEnvironmentError) as caught, store.write() as conn:
        conn.execute("INSERT INTO preferences VALUES ('big', ?)", ("x" * 200_000,))
    assert "full" in str(caught.value) and str(store.path.parent) in str(caught.value)
    assert store.conn.execute("SELECT count(*) FROM preferences WHERE key = 'big'").fetchone()[0] == 0
    assert hygiene.current_run(store, "c", NOW.date().isoformat()).ticked == run.ticked


def _chattr(path, flag: str) -> bool:
    if shutil.which("chattr") is None:
        return False
    return subprocess.run(["chattr", flag, str(path)], capture_output=True).returncode == 0


@pytest.fixture
def locked_folder(tmp_path):
    """A folder nobody may write in (chmod for a normal user; the immutable flag when running as root)."""
    folder = tmp_path / "locked"
    folder.mkdir()
    yield folder
    if os.name == "posix":
        _chattr(folder, "-i")
        os.chmod(folder, 0o755)


def _lock(folder) -> None:
    if WINDOWS:
        pytest.skip(f"POSIX only: {READ_ONLY_FOLDER}")
    os.chmod(folder, 0o555)
    if os.geteuid() == 0 and not _chattr(folder, "+i"):
        pytest.skip("running as root without chattr: a read-only folder cannot be made")


def test_a_read_only_folder_is_a_sentence_naming_it_not_a_traceback(locked_folder):
    _lock(locked_folder)
    with pytest.raises(UserDataEnvironmentError) as caught:
        open_store(locked_folder / "userdata.db", locked_folder / "backups", now=NOW)
    assert str(locked_folder) in str(caught.value)
    assert "--user-data" in str(caught.value)


def test_a_store_in_a_folder_that_became_read_only_is_a_sentence(locked_folder):
    path = make_store_file(locked_folder / "userdata.db")
    _lock(locked_folder)
    with pytest.raises(UserDataEnvironmentError) as caught:
        opened = open_store(path, locked_folder / "backups", now=NOW)
        hygiene.record_tick(opened.store, "c", "start-of-day", 1, True, NOW)
    assert str(locked_folder) in str(caught.value)


def test_a_folder_that_cannot_be_created_is_a_sentence(locked_folder):
    _lock(locked_folder)
    with pytest.raises(UserDataEnvironmentError, match="may not write"):
        open_store(locked_folder / "deeper" / "userdata.db", locked_folder / "deeper" / "backups", now=NOW)


def test_the_user_database_modules_load_neither_qt_nor_sqlite_utils():
    code = (
        "import sys\n"
        "import pointmap.core.userdata, pointmap.core.userdata.hygiene, pointmap.core.hygiene, pointmap.core.db\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'sqlite_utils')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
