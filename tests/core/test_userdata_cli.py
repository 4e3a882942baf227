"""`pointmap userdata check|backup|restore`: sentences, exit codes, and nothing changed when refused."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from pointmap.cli import main
from pointmap.core.userdata import SCHEMA_VERSION, check
from tests.support.userdata_helpers import DAMAGE, copy_fixture, digest, make_store_file, snapshot


@pytest.fixture
def user(tmp_path):
    folder = tmp_path / "user"
    make_store_file(folder / "userdata.db")
    return folder


def test_check_prints_version_and_rows_per_table(user, capsys):
    assert main(["--user-data", str(user), "userdata", "check"]) == 0
    out = capsys.readouterr().out
    assert f"integrity ok, schema version {SCHEMA_VERSION}" in out
    assert "checklist_ticks" in out and "3" in out.split("checklist_ticks")[1].splitlines()[0]


def test_check_names_each_problem_and_exits_1(user, capsys):
    before = digest(user / "userdata.db")
    DAMAGE["a table of ours missing"][0](user / "userdata.db")
    assert main(["--user-data", str(user), "userdata", "check"]) == 1
    captured = capsys.readouterr()
    assert "- " in captured.out and "needle_tally" in captured.out
    assert "1 problem(s) found" in captured.err
    assert digest(user / "userdata.db") != before  # (the damage itself), and check left it as it found it
    assert check(user / "userdata.db").problems


def test_check_of_no_database_says_so(tmp_path, capsys):
    assert main(["--user-data", str(tmp_path / "empty"), "userdata", "check"]) == 0
    assert "no user database" in capsys.readouterr().out
    assert not (tmp_path / "empty").exists()  # read-only: nothing made


def test_backup_writes_a_dated_file_into_the_backups_folder(user, capsys):
    assert main(["--user-data", str(user), "userdata", "backup"]) == 0
    (made,) = (user / "backups").iterdir()
    assert made.name.startswith("userdata-") and made.suffix == ".db"
    assert str(made) in capsys.readouterr().out
    assert check(made).counts["checklist_ticks"] == 3


def test_backup_to_a_named_file_and_never_over_one(user, tmp_path, capsys):
    target = tmp_path / "copy.db"
    assert main(["--user-data", str(user), "userdata", "backup", str(target)]) == 0
    assert check(target).ok
    first = digest(target)
    assert main(["--user-data", str(user), "userdata", "backup", str(target)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert digest(target) == first


def test_restore_replaces_and_keeps_the_current_one(user, tmp_path, capsys):
    source = copy_fixture(SCHEMA_VERSION, tmp_path / "src")
    assert main(["--user-data", str(user), "userdata", "restore", str(source)]) == 0
    out = capsys.readouterr().out
    assert "Restored" in out and "kept at" in out
    assert check(user / "userdata.db").counts["checklist_ticks"] == 6
    (kept,) = (user / "backups").iterdir()
    assert check(kept).counts["checklist_ticks"] == 3


@pytest.mark.parametrize("kind", ["not a database", "another program's database", "index out of step with its table"])
def test_restore_of_an_invalid_file_exits_1_and_changes_nothing(user, tmp_path, capsys, kind):
    source = copy_fixture(SCHEMA_VERSION, tmp_path / "src")
    DAMAGE[kind][0](source)
    before = snapshot(user)
    assert main(["--user-data", str(user), "userdata", "restore", str(source)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("pointmap: Cannot restore from") and "Nothing was changed" in err
    assert snapshot(user) == before


def test_restore_of_a_missing_file_exits_1(user, tmp_path, capsys):
    assert main(["--user-data", str(user), "userdata", "restore", str(tmp_path / "nope.db")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_userdata_without_an_action_is_a_usage_error(capsys):
    assert main(["userdata"]) == 2


def test_a_newer_database_is_a_sentence_from_the_installed_command(tmp_path):
    folder = tmp_path / "user"
    path = copy_fixture(SCHEMA_VERSION, folder)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 9}")
    conn.commit()
    conn.close()
    result = subprocess.run(
        [sys.executable, "-m", "pointmap", "--user-data", str(folder), "userdata", "check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "newer PointMap" in result.stdout and "Traceback" not in result.stderr


def test_environment_variable_points_the_commands_at_the_folder(user, monkeypatch, capsys):
    monkeypatch.setenv("POINTMAP_USER_DIR", str(user))
    assert main(["userdata", "check"]) == 0
    assert str(user / "userdata.db") in capsys.readouterr().out
