"""A PointMap killed while it first made the user database (before the file was in WAL mode) leaves a
rollback journal beside it; the next start undoes it and carries on, instead of refusing the file for ever
("PointMap may not write in …": a read-only look cannot undo a journal)."""

from __future__ import annotations

import shutil
import sqlite3

from pointmap.core.userdata import SCHEMA_VERSION, open_store
from tests.support.userdata_helpers import NOW


def test_a_first_start_killed_mid_write_leaves_a_journal_that_the_next_start_undoes(tmp_path):
    made = tmp_path / "made.db"
    conn = sqlite3.connect(made, isolation_level=None)
    conn.execute("PRAGMA cache_size = 2")  # pages spill into the file before the transaction ends
    conn.execute("BEGIN")
    conn.execute("CREATE TABLE half_made (x)")
    for _ in range(200):
        conn.execute("INSERT INTO half_made VALUES (?)", ("x" * 1000,))
    folder = tmp_path / "user"
    folder.mkdir()
    shutil.copyfile(made, folder / "userdata.db")  # the file and its hot journal, as a kill leaves them
    shutil.copyfile(tmp_path / "made.db-journal", folder / "userdata.db-journal")
    conn.execute("ROLLBACK")
    conn.close()
    assert (folder / "userdata.db").stat().st_size > 0
    opened = open_store(folder / "userdata.db", folder / "backups", now=NOW)
    assert opened.store.schema_version == SCHEMA_VERSION and opened.notices == ()  # nothing set aside
    assert not (folder / "userdata.db-journal").exists()
    opened.store.close()
