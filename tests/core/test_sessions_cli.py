"""`pointmap sessions list|show|export`: what they print, the files they write, one sentence and
exit 1 for each mistake (2 for a wrong command line), and the user database left as it was."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta

import pytest

from pointmap.cli import main
from pointmap.core.sessions import Site
from pointmap.core.userdata import open_store
from pointmap.core.userdata import sessions as rec
from tests.support.session_history import full_session
from tests.support.userdata_helpers import snapshot as every_file

NOW = datetime.now().astimezone().replace(microsecond=0)


@pytest.fixture
def user(tmp_path):
    """A user folder with three sessions: C-104's two (a month apart) and C-205's, with markup and an
    escape sequence in its notes."""
    folder = tmp_path / "user"
    store = open_store(folder / "userdata.db", folder / "backups", now=NOW).store
    ids = [full_session(store, NOW - timedelta(days=40)), full_session(store, NOW - timedelta(days=10))]
    other = rec.start(store, "C-205", NOW - timedelta(days=5))
    rec.mark_in(store, other.id, Site("LI4", "right"), "arm-posterior", NOW - timedelta(days=5))
    rec.update(store, other.id, notes="<b>bold</b> \x1b[31mred")
    rec.all_out(store, other.id, 1, NOW - timedelta(days=5) + timedelta(minutes=20))
    rec.close(store, other.id, NOW - timedelta(days=5) + timedelta(minutes=21))
    store.close()
    return folder, [*ids, other.id]


def snapshot(folder) -> dict[str, str]:
    """The files of the user folder, but the -wal and -shm that SQLite makes even for a reader."""
    return {name: digest for name, digest in every_file(folder).items() if not name.endswith(("-wal", "-shm"))}


def run(folder, *args) -> int:
    return main(["--user-data", str(folder), "sessions", *args])


def test_list_prints_sessions_newest_first_with_their_course_numbers(user, capsys):
    folder, (first, second, other) = user
    assert run(folder, "list") == 0
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert lines[0].split() == ["ID", "DATE", "CLIENT", "SESSION", "NEEDLES", "OUTCOME", "ADVERSE"]
    assert [line.split()[0] for line in lines[1:]] == [str(other), str(second), str(first)]
    assert lines[2].split()[4:7] == ["2", "of", "10"] and "(amended)" in lines[2]
    assert "3 sessions." in out.err


def test_list_filters_by_client_and_dates_and_prints_json(user, capsys):
    folder, (first, second, _other) = user
    since = (NOW - timedelta(days=20)).date().isoformat()
    assert run(folder, "list", "--client", "C-104", "--from", since, "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["id"], r["number"], r["course"], r["adverse_events"]) for r in rows] == [(second, 2, "2 of 10", 1)]
    until = (NOW - timedelta(days=20)).date().isoformat()
    assert run(folder, "list", "--to", until, "--json") == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)] == [first]


def test_show_prints_the_whole_record_as_text_and_as_json(user, capsys):
    folder, (first, _second, other) = user
    assert run(folder, "show", str(first)) == 0
    out = capsys.readouterr().out
    assert out.startswith("Client C-104 · session 1 of 10\n")
    assert "ST6 (left): in" in out and "notes: <b>small</b>" in out and "Amendments" in out
    assert run(folder, "show", str(other)) == 0
    shown = capsys.readouterr().out
    assert "<b>bold</b> \ufffd[31mred" in shown and "\x1b" not in shown  # no escape reaches the terminal
    assert run(folder, "show", str(first), "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == first and len(data["needles"]) == 4 and data["screening"][0]["question_id"] == "pregnant"


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("show", "999"), 1, "There is no session 999 in your records."),
        (("show", "0"), 1, "there is no session 0"),
        (("show", "abc"), 2, "invalid int value"),
        (("list", "--from", "01/12/2026"), 1, "is not a day written YYYY-MM-DD"),
        (("list", "--to", "2026-02-30"), 1, "is not a day of the calendar"),
        (("list", "--from", "2999-01-01"), 1, "is in the future"),
        (("list", "--from", "2026-06-01", "--to", "2026-05-01"), 1, "is after the to date"),
        (("list", "--client", "ZZ-9"), 1, "No sessions of client ZZ-9 are in your records."),
        (("list", "--client", "<b>x</b>"), 1, "A client reference may hold letters"),
        (("export", "out.csv"), 2, "one of the arguments --pdf --csv is required"),
        (("export", "--pdf", "--csv", "out.csv"), 2, "not allowed with argument"),
        (("frobnicate",), 2, "invalid choice"),
    ],
)
def test_each_mistake_is_one_sentence_and_an_exit_code(user, capsys, tmp_path, args, code, words):
    folder, _ids = user
    before = snapshot(folder)
    assert run(folder, *args) == code
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    if code == 1:
        assert len(err.strip().splitlines()) == 1
    assert snapshot(folder) == before  # read-only: the database and its folder unchanged
    assert not (tmp_path / "out.csv").exists()


def test_no_sessions_at_all_is_said(tmp_path, capsys):
    folder = tmp_path / "user"
    open_store(folder / "userdata.db", folder / "backups").store.close()
    assert run(folder, "list") == 1
    assert capsys.readouterr().err.strip() == "pointmap: No sessions are in your records."
    assert run(tmp_path / "nobody", "list") == 1
    assert "There is no user database" in capsys.readouterr().err


def test_export_csv_of_a_clients_course(user, capsys, tmp_path):
    folder, (first, second, _other) = user
    target = tmp_path / "c104.csv"
    before = snapshot(folder)
    assert run(folder, "export", "--csv", str(target), "--client", "C-104") == 0
    assert "Wrote 2 sessions to" in capsys.readouterr().out
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [int(r["session_id"]) for r in rows if r["event"] == "in"][:1] == [first]
    assert {int(r["session_id"]) for r in rows} == {first, second}
    assert all(r["needle_brand"].startswith("'=") for r in rows)
    assert snapshot(folder) == before


def test_export_pdf_of_a_date_range_and_never_over_a_file(user, capsys, tmp_path):
    folder, _ids = user
    target = tmp_path / "recent.pdf"
    since = (NOW - timedelta(days=20)).date().isoformat()
    assert run(folder, "export", "--pdf", str(target), "--from", since) == 0
    assert "Wrote 2 sessions to" in capsys.readouterr().out
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and b"/URI" not in data
    assert run(folder, "export", "--pdf", str(target)) == 1
    assert "exists; PointMap never writes over a file" in capsys.readouterr().err
    assert target.read_bytes() == data


def test_export_of_nothing_writes_nothing(user, capsys, tmp_path):
    folder, _ids = user
    target = tmp_path / "none.csv"
    assert run(folder, "export", "--csv", str(target), "--client", "C-999") == 1
    assert "No sessions of client C-999" in capsys.readouterr().err and not target.exists()


def test_help_names_the_sessions_commands(capsys):
    assert main(["sessions", "--help"]) == 0
    out = capsys.readouterr().out
    assert "list" in out and "show" in out and "export" in out
    assert main(["sessions", "export", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--pdf" in out and "--csv" in out and "--client" in out and "--from" in out and "--to" in out


def test_an_export_that_cannot_be_written_leaves_nothing(user, capsys, tmp_path):
    folder, _ids = user
    for kind in ("--csv", "--pdf"):
        target = tmp_path / "missing" / f"records.{kind[2:]}"
        assert run(folder, "export", kind, str(target)) == 1
        err = capsys.readouterr().err
        assert "the folder does not exist. Nothing was changed." in err and len(err.strip().splitlines()) == 1
        assert not target.parent.exists()
