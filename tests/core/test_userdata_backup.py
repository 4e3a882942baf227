"""Backups of the user database (one a day, the last N kept, never a half file), restore and check."""

from __future__ import annotations

import errno
import os
import sqlite3
from datetime import timedelta

import pytest

from pointmap.core.errors import UserDataEnvironmentError, UserDataError
from pointmap.core.userdata import (
    SCHEMA_VERSION,
    backup_file,
    backup_to,
    check,
    daily_backups,
    files,
    hygiene,
    open_store,
    restore_from,
    set_preference,
    take_daily_backup,
)
from tests.support.userdata_helpers import DAMAGE, NOW, copy_fixture, digest, make_store_file, snapshot

ROOM = "start-of-day-room-setup"


@pytest.fixture
def store(tmp_path):
    opened = open_store(tmp_path / "userdata.db", tmp_path / "backups", now=NOW)
    hygiene.record_tick(opened.store, ROOM, "start-of-day", 1, True, NOW)
    yield opened.store
    opened.store.close()


def _ticks(path) -> int:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM checklist_ticks").fetchone()[0]
    finally:
        conn.close()


# Daily backups ----------------------------------------------------------------------------------------


def test_one_backup_a_day_a_self_contained_copy(store, tmp_path):
    backups = tmp_path / "backups"
    made = take_daily_backup(store, backups, now=NOW)
    assert made == backups / "userdata-2026-12-01.db"
    assert take_daily_backup(store, backups, now=NOW + timedelta(hours=5)) is None  # not twice a day
    assert [p.name for p in backups.iterdir()] == ["userdata-2026-12-01.db"]  # one file: no -wal, no temp
    assert _ticks(made) == 1
    assert check(made).ok
    if os.name == "posix":
        assert os.stat(made).st_mode & 0o077 == 0
        assert os.stat(backups).st_mode & 0o077 == 0
    assert take_daily_backup(store, backups, now=NOW + timedelta(days=1)).name == "userdata-2026-12-02.db"


def test_the_last_n_daily_backups_are_kept_and_other_copies_left_alone(store, tmp_path):
    backups = tmp_path / "backups"
    backups.mkdir()
    (backups / "userdata.before-upgrade-v1-2026-01-01T000000.db").write_bytes(b"kept")
    (backups / "my own copy.db").write_bytes(b"kept")
    for day in range(20):
        take_daily_backup(store, backups, keep=3, now=NOW + timedelta(days=day))
    assert [p.name for p in daily_backups(backups)] == [
        "userdata-2026-12-18.db",
        "userdata-2026-12-19.db",
        "userdata-2026-12-20.db",
    ]
    assert (backups / "my own copy.db").exists()
    assert (backups / "userdata.before-upgrade-v1-2026-01-01T000000.db").exists()


def test_the_number_kept_comes_from_the_preferences_fourteen_unless_set(store, tmp_path):
    backups = tmp_path / "backups"
    for day in range(16):
        take_daily_backup(store, backups, now=NOW + timedelta(days=day))
    assert len(daily_backups(backups)) == 14
    set_preference(store, "backups.keep", "2")
    take_daily_backup(store, backups, now=NOW + timedelta(days=30))
    assert len(daily_backups(backups)) == 2
    set_preference(store, "backups.keep", "lots")  # a bad value falls back to 14
    for day in range(40, 60):
        take_daily_backup(store, backups, now=NOW + timedelta(days=day))
    assert len(daily_backups(backups)) == 14


def test_a_backup_that_fails_at_the_last_step_leaves_no_half_file(store, tmp_path, monkeypatch):
    backups = tmp_path / "backups"

    def full_disk(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "replace", full_disk)
    with pytest.raises(UserDataEnvironmentError, match="full") as caught:
        take_daily_backup(store, backups, now=NOW)
    assert str(backups) in str(caught.value)
    assert list(backups.iterdir()) == []  # neither the backup nor its temporary file


def test_a_backup_is_taken_while_another_pointmap_writes(store, tmp_path):
    other = open_store(store.path, tmp_path / "backups", now=NOW).store
    with other.write() as conn:
        conn.execute("INSERT INTO preferences VALUES ('uncommitted', 'x')")
        made = backup_to(store, tmp_path / "copy.db")  # waits for nothing, copies what is committed
    other.close()
    assert _ticks(made) == 1
    conn = sqlite3.connect(made)
    assert conn.execute("SELECT count(*) FROM preferences WHERE key = 'uncommitted'").fetchone()[0] == 0
    conn.close()


# backup_to / backup_file ------------------------------------------------------------------------------


def test_backup_to_a_file_or_a_folder_never_overwrites(store, tmp_path):
    made = backup_to(store, tmp_path / "mine.db")
    assert _ticks(made) == 1
    with pytest.raises(UserDataError, match="already exists"):
        backup_to(store, made)
    folder = tmp_path / "usb"
    folder.mkdir()
    dated = backup_to(store, folder, now=NOW)
    assert dated == folder / "userdata-2026-12-01T141719.db"
    with pytest.raises(UserDataError, match="does not exist"):
        backup_to(store, tmp_path / "nowhere" / "x.db")


def test_backup_file_copies_a_file_of_any_version_and_refuses_a_damaged_one(tmp_path):
    path = copy_fixture(SCHEMA_VERSION, tmp_path / "user")
    made = backup_file(path, tmp_path / "copy.db")
    assert _ticks(made) == 6
    DAMAGE["not a database"][0](path)
    with pytest.raises(UserDataError, match="not a database"):
        backup_file(path, tmp_path / "copy2.db")
    assert not (tmp_path / "copy2.db").exists()


# Restore ----------------------------------------------------------------------------------------------


def test_restore_replaces_the_store_and_keeps_the_one_it_replaced(tmp_path):
    user = tmp_path / "user"
    path = make_store_file(user / "userdata.db")  # 3 ticks
    source = copy_fixture(SCHEMA_VERSION, tmp_path / "elsewhere")  # 6 ticks
    source_digest = digest(source)
    result = restore_from(source, path, user / "backups", now=NOW)
    assert _ticks(path) == 6 and result.counts["checklist_ticks"] == 6
    assert result.kept_aside == user / "backups" / "userdata.before-restore-2026-12-01T141719.db"
    assert _ticks(result.kept_aside) == 3
    assert str(result.kept_aside) in result.notices[0]
    assert result.schema_version == SCHEMA_VERSION
    assert digest(source) == source_digest  # the backup itself is not changed
    assert [p.name for p in user.iterdir() if p.name.startswith(".")] == []  # no staging file left
    assert check(path).ok


def test_a_running_pointmap_sees_the_restored_data(tmp_path):
    user = tmp_path / "user"
    running = open_store(user / "userdata.db", user / "backups", now=NOW).store
    hygiene.record_tick(running, ROOM, "start-of-day", 1, True, NOW)
    seen = running.data_version()
    restore_from(copy_fixture(SCHEMA_VERSION, tmp_path / "src"), running.path, user / "backups", now=NOW)
    assert running.data_version() != seen
    assert hygiene.needle_tally(running) == (12, 11)
    hygiene.record_tick(running, ROOM, "start-of-day", 2, True, NOW)  # and it can keep writing
    running.close()
    assert _ticks(user / "userdata.db") == 7


def test_restore_onto_no_store_yet(tmp_path):
    source = copy_fixture(SCHEMA_VERSION, tmp_path / "src")
    result = restore_from(source, tmp_path / "u" / "userdata.db", tmp_path / "b")
    assert result.kept_aside is None and _ticks(tmp_path / "u" / "userdata.db") == 6


def _newer(path):
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()


def _other_app(path):
    DAMAGE["another program's database"][0](path)


def _empty_sqlite(path):
    path.unlink()
    sqlite3.connect(path).close()


BAD_SOURCES = {
    "not a database": (DAMAGE["not a database"][0], "not a database"),
    "a page scribbled over": (DAMAGE["a page scribbled over"][0], "malformed"),
    "truncated": (DAMAGE["truncated"][0], ""),
    "index out of step": (DAMAGE["index out of step with its table"][0], "integrity check"),
    "a table missing": (DAMAGE["a table of ours missing"][0], "needle_tally"),
    "from a newer PointMap": (_newer, "newer PointMap"),
    "another program's database": (_other_app, "another program"),
    "an empty SQLite file": (_empty_sqlite, "no PointMap user data"),
}


@pytest.mark.parametrize("kind", BAD_SOURCES)
def test_an_invalid_backup_is_refused_and_nothing_changes(tmp_path, kind):
    user = tmp_path / "user"
    path = make_store_file(user / "userdata.db")
    source = copy_fixture(SCHEMA_VERSION, tmp_path / "src")
    spoil, words = BAD_SOURCES[kind]
    spoil(source)
    before = snapshot(user)
    with pytest.raises(UserDataError) as caught:
        restore_from(source, path, user / "backups", now=NOW)
    message = str(caught.value)
    assert str(source) in message and "Nothing was changed" in message
    assert words in message
    assert snapshot(user) == before


def test_restoring_a_missing_file_or_the_store_itself_is_refused(tmp_path):
    path = make_store_file(tmp_path / "userdata.db")
    before = snapshot(tmp_path)
    with pytest.raises(UserDataError, match="no such file"):
        restore_from(tmp_path / "gone.db", path, tmp_path / "backups")
    with pytest.raises(UserDataError, match="itself"):
        restore_from(path, path, tmp_path / "backups")
    assert snapshot(tmp_path) == before


def test_restoring_over_a_damaged_store_keeps_the_damaged_file_aside(tmp_path):
    path = make_store_file(tmp_path / "userdata.db")
    DAMAGE["not a database"][0](path)
    damaged = digest(path)
    result = restore_from(copy_fixture(SCHEMA_VERSION, tmp_path / "src"), path, tmp_path / "backups", now=NOW)
    assert result.kept_aside == tmp_path / "userdata.damaged-2026-12-01T141719.db"
    assert digest(result.kept_aside) == damaged
    assert _ticks(path) == 6


# check ------------------------------------------------------------------------------------------------


def test_check_reports_version_and_counts_without_changing_the_file(tmp_path):
    path = copy_fixture(SCHEMA_VERSION, tmp_path)
    before = digest(path)
    report = check(path)
    assert report.ok and report.exists
    assert report.schema_version == SCHEMA_VERSION
    assert report.counts["checklist_runs"] == 3 and report.counts["checklist_ticks"] == 6
    assert report.counts["needle_tally"] == 1 and report.counts["preferences"] == 1
    assert digest(path) == before


@pytest.mark.parametrize("kind", DAMAGE)
def test_check_names_each_kind_of_damage(tmp_path, kind):
    path = make_store_file(tmp_path / "userdata.db")
    damage, words = DAMAGE[kind]
    damage(path)
    before = digest(path)
    report = check(path)
    assert not report.ok and len(report.problems) == 1
    assert words.lower() in report.problems[0].lower()
    assert digest(path) == before


def test_check_finds_ticks_whose_run_is_gone(tmp_path):
    path = make_store_file(tmp_path / "userdata.db")
    conn = sqlite3.connect(path)  # foreign keys are off by default in a plain connection
    conn.execute("DELETE FROM checklist_runs")
    conn.commit()
    conn.close()
    report = check(path)
    assert len(report.problems) == 3 and "checklist_ticks" in report.problems[0]


def test_check_of_a_missing_file_or_a_newer_one(tmp_path):
    assert check(tmp_path / "none.db").exists is False
    path = copy_fixture(SCHEMA_VERSION, tmp_path)
    _newer(path)
    report = check(path)
    assert not report.ok and "newer PointMap" in report.problems[0]
