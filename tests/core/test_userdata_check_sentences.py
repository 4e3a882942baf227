"""What `pointmap userdata check` and opening the store tell a person about their file, word for word
where the words carry the facts: which row, which version, which folder."""

from __future__ import annotations

import sqlite3

import pytest

from pointmap.cli import main
from pointmap.core.errors import UserDataTooNewError
from pointmap.core.userdata import SCHEMA_VERSION, open_store
from tests.support.userdata_helpers import NOW, make_store_file

NEWER = SCHEMA_VERSION + 7


@pytest.fixture
def user(tmp_path):
    folder = tmp_path / "user"
    make_store_file(folder / "userdata.db")
    return folder


def _check(folder, capsys) -> tuple[int, list[str], str]:
    code = main(["--user-data", str(folder), "userdata", "check"])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def _make_newer(path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {NEWER}")
    conn.commit()
    conn.close()


def test_a_healthy_file_is_reported_without_notes(user, capsys):
    code, out, _ = _check(user, capsys)
    assert code == 0
    assert out[0].endswith(f"integrity ok, schema version {SCHEMA_VERSION}.")
    assert all(line.startswith("  ") for line in out[1:])  # only the table counts follow: no note


def test_an_empty_file_is_said_to_be_set_up_at_the_next_start(tmp_path, capsys):
    folder = tmp_path / "user"
    folder.mkdir()
    (folder / "userdata.db").write_bytes(b"")
    code, out, _ = _check(folder, capsys)
    assert code == 0
    assert f"{folder / 'userdata.db'} is empty; PointMap sets it up when it next starts." in out


def test_a_folder_where_the_file_should_be_is_a_problem_not_a_healthy_file(tmp_path, capsys):
    folder = tmp_path / "user"
    (folder / "userdata.db").mkdir(parents=True)
    code, out, err = _check(folder, capsys)
    assert code == 1
    assert out == [f"- {folder / 'userdata.db'} is a folder, not a database file."]
    assert "1 problem(s) found" in err


def test_a_tick_whose_run_is_gone_is_named_by_its_row_and_the_table_it_points_to(user, capsys):
    conn = sqlite3.connect(user / "userdata.db")  # a plain connection: foreign keys off
    conn.execute("INSERT INTO checklist_ticks (id, run_id, position, checked, at) VALUES (41, 999, 1, 1, 'x')")
    conn.commit()
    conn.close()
    code, out, _ = _check(user, capsys)
    assert code == 1
    assert out == ["- Row 41 of table 'checklist_ticks' points to a missing row of 'checklist_runs'."]


def test_a_file_from_a_newer_pointmap_is_named_with_its_version(user, capsys):
    path = user / "userdata.db"
    _make_newer(path)
    code, out, _ = _check(user, capsys)
    assert code == 1
    assert str(path) in out[0] and f"schema version {NEWER};" in out[0]


@pytest.mark.parametrize("read_only", [False, True])
def test_opening_a_file_from_a_newer_pointmap_names_its_version(user, read_only):
    path = user / "userdata.db"
    _make_newer(path)
    with pytest.raises(UserDataTooNewError, match=rf"schema version {NEWER}; this PointMap knows up to"):
        open_store(path, user / "backups", read_only=read_only, now=NOW)
