"""A user database that another program holds locked is in use, not damaged: PointMap says so and leaves the
file where it is (it never sets a healthy file aside as broken)."""

from __future__ import annotations

import sqlite3

import pytest

from pointmap.core import db
from pointmap.core.errors import UserDataEnvironmentError
from pointmap.core.userdata import check, open_store
from tests.support.userdata_helpers import NOW, make_store_file


@pytest.fixture
def held(tmp_path, monkeypatch):
    """A healthy user database that another program (a sqlite3 shell, a sync tool) holds exclusively."""
    monkeypatch.setattr(db, "USER_BUSY_TIMEOUT_MS", 200)  # give up after 0.2 s, not 5 s
    path = make_store_file(tmp_path / "userdata.db")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("UPDATE preferences SET value = value")
    yield path
    other.execute("ROLLBACK")
    other.close()


@pytest.mark.parametrize("read_only", [False, True])
def test_opening_a_locked_store_says_it_is_in_use_and_moves_nothing(held, read_only):
    before = sorted(p.name for p in held.parent.iterdir())
    with pytest.raises(UserDataEnvironmentError, match="locked"):
        open_store(held, held.parent / "backups", read_only=read_only, now=NOW)
    assert sorted(p.name for p in held.parent.iterdir()) == before


def test_checking_a_locked_store_says_it_is_in_use_not_damaged(held):
    with pytest.raises(UserDataEnvironmentError, match="locked"):
        check(held)
