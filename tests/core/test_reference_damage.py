"""A damaged or unusable points.db gives one sentence a person can act on, never a traceback.

Each family is parametrised over every table and column of the schema declaration, in process.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from pointmap.core import db
from pointmap.core.errors import DataError
from pointmap.core.reference import Reference
from pointmap.core.reference.schema import SCHEMA, SCHEMA_VERSION, TABLES
from tests.conftest import DB, copy_of_db, drop_column, make_typeless, posix_only, set_in_first_row

READ_TABLES = [t for t in TABLES if t.name != "meta"]  # meta is for tools; the app reads only its version
ALL_COLUMNS = [(t.name, c.name) for t in TABLES for c in t.columns]
READ_COLUMNS = [(t.name, c.name) for t in READ_TABLES for c in t.columns]


def refusal(path: Path) -> str:
    """The sentence Reference.load gives for ``path`` (fails the test if it loads or raises anything else)."""
    with pytest.raises(DataError) as caught:
        Reference.load(path)
    message = str(caught.value)
    assert "Traceback" not in message and "\n" not in message
    return message


# -- the schema: one declaration, checked on opening -------------------------------------------


@pytest.mark.parametrize(("table", "column"), ALL_COLUMNS)
def test_a_dropped_column_is_named(tmp_path, table, column):
    path = copy_of_db(tmp_path)
    drop_column(path, table, column)
    message = refusal(path)
    assert f"column(s) {column} of '{table}'" in message
    assert "pointmap db build" in message


@pytest.mark.parametrize("table", [t.name for t in TABLES])
def test_a_dropped_table_is_named(tmp_path, table):
    path = copy_of_db(tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(f'DROP TABLE "{table}"')
    conn.commit()
    conn.close()
    message = refusal(path)
    assert f"the '{table}' table" in message or (table == "points" and "no points table" in message)


def test_the_build_writes_every_declared_table_and_column():
    conn = db.connect_readonly(DB)
    try:
        for table in TABLES:
            found = [r[1] for r in conn.execute(f'PRAGMA table_info("{table.name}")')]
            assert found == list(table.column_names), table.name
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    finally:
        conn.close()


def set_version(path: Path, version: int) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()


def test_a_database_from_a_newer_pointmap_is_refused_in_one_sentence(tmp_path):
    path = copy_of_db(tmp_path)
    set_version(path, SCHEMA_VERSION + 1)
    message = refusal(path)
    assert "made by a newer PointMap" in message
    assert f"schema {SCHEMA_VERSION + 1}" in message
    assert message.count(". ") == 0 and message.endswith(".")  # one sentence


def test_a_database_too_old_says_to_rebuild_or_reinstall(tmp_path):
    path = copy_of_db(tmp_path)
    set_version(path, SCHEMA_VERSION - 1)
    message = refusal(path)
    assert "too old" in message
    assert "pointmap db build" in message and "reinstall" in message


def test_another_sqlite_file_is_not_taken_for_an_old_reference(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.commit()
    conn.close()
    assert "not a PointMap reference" in refusal(path)


# -- values: NULL, binary, wrong type, huge, infinite -------------------------------------------


@pytest.fixture(scope="module")
def typeless(tmp_path_factory):
    """Per table, a copy of points.db whose table has no column types or constraints, so any
    value can be stored in it (as a damaged or hand-edited file may hold)."""
    made: dict[str, Path] = {}

    def get(table: str) -> Path:
        if table not in made:
            path = copy_of_db(tmp_path_factory.mktemp(table))
            make_typeless(path, table)
            made[table] = path
        return made[table]

    return get


def bad_values(table: str, column: str) -> list[tuple[str, object]]:
    spec = SCHEMA[table].column(column)
    values: list[tuple[str, object]] = [("binary", b"\x00\xff\xfe"), ("inf", float("inf"))]
    if spec.type is str:
        values += [("number", 5), ("huge", "x" * (spec.max_length + 1))]
        if spec.max_length < 1000:
            values.append(("huge-1MB", "y" * 1_000_000))
    else:
        values += [("text", "five"), ("huge", 1e300), ("text-number", "0.5")]
        if spec.type is int:
            values.append(("fraction", 2.5))
    return values


VALUE_CASES = [
    pytest.param(table, column, kind, value, id=f"{table}.{column}-{kind}")
    for table, column in READ_COLUMNS
    for kind, value in bad_values(table, column)
]


@pytest.mark.parametrize(("table", "column", "kind", "value"), VALUE_CASES)
def test_a_value_that_does_not_fit_its_column_is_named(tmp_path, typeless, table, column, kind, value):
    path = tmp_path / "points.db"
    shutil.copy(typeless(table), path)
    set_in_first_row(path, table, column, value)
    message = refusal(path)
    assert f"in table '{table}'" in message and f"column '{column}'" in message, message
    assert "row " in message


@pytest.mark.parametrize(("table", "column"), READ_COLUMNS)
def test_a_null_is_read_as_the_default_or_named(tmp_path, typeless, table, column):
    path = tmp_path / "points.db"
    shutil.copy(typeless(table), path)
    set_in_first_row(path, table, column, None)
    spec = SCHEMA[table].column(column)
    if spec.nullable:
        Reference.load(path)  # loads: the reader supplies the default
    else:
        message = refusal(path)
        assert f"in table '{table}'" in message and f"column '{column}' is empty (NULL)" in message


def test_null_prose_reads_as_empty_text_and_search_and_details_still_work(tmp_path):
    from pointmap.core.describe import describe_definition
    from pointmap.core.search import index_from_reference

    path = copy_of_db(tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE points SET location = NULL, cautions = NULL, english = NULL WHERE code = 'ST6'")
    conn.commit()
    conn.close()
    reference = Reference.load(path)
    st6 = reference.points["ST6"]
    assert (st6.location, st6.cautions, st6.english) == ("", "", "")
    assert index_from_reference(reference).search("jiache")[0].code == "ST6"
    assert describe_definition(st6.definition, reference.landmark_label).startswith("At the angle")


def test_text_that_is_not_utf8_is_shown_with_replacement_characters(tmp_path):
    path = copy_of_db(tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE points SET english = CAST(X'4A6177FF' AS TEXT) WHERE code = 'ST6'")
    conn.commit()
    conn.close()
    assert Reference.load(path).points["ST6"].english == "Jaw\ufffd"


@pytest.mark.parametrize(
    ("definition", "said"),
    [
        ("{", "not valid JSON"),
        ("[" * 3000, "not valid JSON"),  # deeper than the JSON parser recurses
        ("[1, 2]", "not a JSON object"),
        ('{"at": 5}', "'at' is not a landmark or point name"),
        ('{"at": "umbilicus", "up": "two"}', "'up' is not a finite number"),
        ('{"at": "umbilicus", "up": Infinity}', "'up' is not a finite number"),
        ('{"at": "umbilicus", "toward": "xiphisternal-junction"}', "neither 'of' nor 'fraction'"),
        ('{"x_of": "pupil"}', "only one of 'x_of' and 'y_of'"),
        ('{"where": "here"}', "unknown key"),
    ],
)
def test_a_location_definition_the_details_pane_cannot_describe_is_named(tmp_path, definition, said):
    path = copy_of_db(tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE points SET definition = ? WHERE code = 'ST6'", (definition,))
    conn.commit()
    conn.close()
    message = refusal(path)
    assert "row ST6, column 'definition'" in message and said in message


# -- the file itself ---------------------------------------------------------------------------


def test_a_corrupted_page_is_called_damaged(tmp_path):
    path = copy_of_db(tmp_path)
    data = bytearray(path.read_bytes())
    middle = (len(data) // 2) // 4096 * 4096
    data[middle : middle + 4096] = b"\xa5" * 4096
    path.write_bytes(bytes(data))
    assert "is damaged" in refusal(path)


def test_a_damaged_page_the_reader_never_reads_is_found_on_opening(tmp_path):
    """The index on points.region serves other tools; a broken page in it still means a broken file."""
    path = copy_of_db(tmp_path)
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'idx_points_region'").fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * size : root * size] = b"\xa5" * size
    path.write_bytes(bytes(data))
    assert "is damaged (SQLite found:" in refusal(path)


@pytest.mark.parametrize("fraction", [0.001, 0.1, 0.5, 0.9, 0.999])
def test_a_truncated_file_is_refused(tmp_path, fraction):
    path = copy_of_db(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * fraction)])
    message = refusal(path)
    assert "damaged" in message or "cut short" in message


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"", "is empty (0 bytes)"),
        (b"this is not a database", "not a SQLite file"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 4000, "not a SQLite file"),
        (b"SQLite format 3\x00" + b"\x00" * 20, "cut short"),
        (b"SQLite format 3\x00" + b"\x00" * 200, "damaged"),
    ],
)
def test_a_file_that_is_not_a_reference_says_what_it_is(tmp_path, content, said):
    path = tmp_path / "points.db"
    path.write_bytes(content)
    assert said in refusal(path)


def test_a_wal_mode_file_is_refused_without_writing_beside_it(tmp_path):
    path = copy_of_db(tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    before = sorted(p.name for p in tmp_path.iterdir())
    assert "WAL mode" in refusal(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no -wal or -shm files made


def test_a_locked_database_is_in_use_not_damaged(tmp_path, monkeypatch):
    monkeypatch.setattr(db, "BUSY_TIMEOUT", 0.05)
    path = copy_of_db(tmp_path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        message = refusal(path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "in use by another program" in message
    assert "damaged" not in message


def test_a_folder_is_not_a_database(tmp_path):
    assert "is a folder" in refusal(tmp_path)


def test_a_missing_file_says_where_it_looked(tmp_path):
    message = refusal(tmp_path / "nope.db")
    assert "was not found" in message and "nope.db" in message


@posix_only("Windows makes symbolic links only in Developer Mode or as administrator, and names no loop (no ELOOP)")
def test_a_symlink_loop_is_named(tmp_path):
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    assert "loop of symbolic links" in refusal(loop / "points.db")


def test_a_name_over_255_bytes_is_named(tmp_path):
    message = refusal(tmp_path / ("a" * 300) / "points.db")
    assert "too long" in message
    assert len(message) < 400  # the path is shortened, not printed whole


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_without_blocking(tmp_path):
    pipe = tmp_path / "points.db"
    os.mkfifo(pipe)
    assert "not a regular file" in refusal(pipe)


def test_an_unreadable_file_says_permission_denied(tmp_path, monkeypatch):
    """Simulated (tests run as root here, where chmod does not stop reading): opening the file
    raises PermissionError, as it does for a user without read permission."""
    path = copy_of_db(tmp_path)
    real_open = open

    def guarded(file, *args, **kwargs):
        if os.fspath(file) == os.fspath(path):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", guarded)
    message = refusal(path)
    assert "permission denied" in message and "permissions" in message


def test_an_unreadable_data_folder_says_permission_denied(tmp_path, monkeypatch):
    """Simulated as above: stat() of a file inside an unreadable folder raises PermissionError."""
    path = copy_of_db(tmp_path)
    real_stat = os.stat

    def guarded(file, *args, **kwargs):
        if os.fspath(file) == os.fspath(path):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(file))
        return real_stat(file, *args, **kwargs)

    monkeypatch.setattr(os, "stat", guarded)
    assert "permission denied" in refusal(path)


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads through chmod 000; simulated above"
)
def test_an_unreadable_data_folder_for_real(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    path = copy_of_db(folder)
    folder.chmod(0)
    try:
        assert "permission denied" in refusal(path)
    finally:
        folder.chmod(0o755)


# -- read-only ---------------------------------------------------------------------------------


def test_the_reference_connection_cannot_write(tmp_path):
    path = copy_of_db(tmp_path)
    before = path.read_bytes()
    conn = db.open_reference(path)
    try:
        with pytest.raises(sqlite3.OperationalError):
            conn.execute("UPDATE points SET english = 'changed' WHERE code = 'ST6'")
        assert conn.execute("PRAGMA query_only").fetchone()[0] == 1
        conn.execute("PRAGMA query_only = OFF")  # even then, the file is open read-only (mode=ro)
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            conn.execute("UPDATE points SET english = 'changed' WHERE code = 'ST6'")
    finally:
        conn.close()
    assert path.read_bytes() == before


# -- what a person sees: the CLI and the self-test ----------------------------------------------

CLI_DAMAGE = {
    "dropped column": (lambda p: drop_column(p, "points", "cautions"), "lacks column(s) cautions"),
    "newer schema": (lambda p: set_version(p, SCHEMA_VERSION + 1), "newer PointMap"),
    "binary text": (lambda p: set_in_first_row(p, "points", "english", b"\xff"), "column 'english'"),
}


@pytest.mark.parametrize("damage", list(CLI_DAMAGE))
@pytest.mark.parametrize("command", [["show", "ST6"], ["search", "st6"], ["db", "check"]])
def test_the_cli_prints_the_sentence_and_exits_1(tmp_path, capsys, damage, command):
    from pointmap.cli import main

    spoil, said = CLI_DAMAGE[damage]
    path = copy_of_db(tmp_path)
    spoil(path)
    assert main(["--data", str(path), *command]) == 1
    captured = capsys.readouterr()
    assert said in captured.out + captured.err
    assert "Traceback" not in captured.out + captured.err


def test_the_self_test_prints_the_sentence_and_exits_1(tmp_path):
    import subprocess
    import sys

    path = copy_of_db(tmp_path)
    drop_column(path, "positions", "site")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "POINTMAP_REFERENCE_DB": str(path)}
    result = subprocess.run(
        [sys.executable, "-m", "pointmap", "--self-test"], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 1
    assert "lacks column(s) site of 'positions'" in result.stderr
    assert "Traceback" not in result.stderr
