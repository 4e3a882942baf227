"""`pointmap userdata export|import` and `pointmap search` over the person's notes: what a trainer types
at a terminal, the sentences and exit codes they get, and nothing changed when a file is refused."""

from __future__ import annotations

import json
import sqlite3

import pytest

from pointmap.cli import main
from pointmap.core.userdata import favourites, notes, open_store, protocols
from pointmap.core.userdata.protocols import Draft, Step
from tests.support.userdata_helpers import NOW, digest


@pytest.fixture
def trainer(tmp_path):
    folder = tmp_path / "trainer"
    store = open_store(folder / "userdata.db", folder / "backups", now=NOW).store
    notes.set_note(store, "ST6", "Clench the jaw; mnemonic: jackknife.", NOW)
    favourites.set_favourite(store, "CV12", True, NOW)
    protocols.create_protocol(store, Draft("Jaw tension", "face", steps=(Step("ST6", "first"), Step("LI4"))), NOW)
    protocols.create_protocol(store, Draft("Belly", "abdomen", steps=(Step("CV12"),)), NOW)
    store.close()
    return folder


def run(folder, *args) -> int:
    return main(["--user-data", str(folder), "userdata", *args])


def records(folder) -> tuple:
    store = open_store(folder / "userdata.db", folder / "backups", read_only=True).store
    try:
        return (
            [(n.point_code, n.text) for n in notes.all_notes(store)],
            favourites.favourites(store),
            [(p.title, p.codes) for p in protocols.protocols(store)],
        )
    finally:
        store.close()


def test_a_class_gets_the_trainers_protocols_through_export_and_import(trainer, tmp_path, capsys):
    shared = tmp_path / "class.pointmap.json"
    assert run(trainer, "export", str(shared)) == 0
    assert "1 note(s), 1 favourite(s), 2 protocol(s)" in capsys.readouterr().out
    student = tmp_path / "student"
    assert run(student, "import", str(shared)) == 0
    out = capsys.readouterr().out
    assert "- Add the protocol 'Jaw tension'." in out and "Add 4, change 0, skip 0" in out
    assert records(student) == records(trainer)


def test_export_of_chosen_protocols_leaves_notes_and_favourites_out(trainer, tmp_path):
    shared = tmp_path / "jaw.pointmap.json"
    assert run(trainer, "export", str(shared), "--protocols", "jaw tension") == 0
    data = json.loads(shared.read_text(encoding="utf-8"))
    assert [p["title"] for p in data["protocols"]] == ["Jaw tension"]
    assert data["notes"] == [] and data["favourites"] == []


def test_export_never_writes_over_a_file_and_names_an_unknown_protocol(trainer, tmp_path, capsys):
    shared = tmp_path / "there.json"
    shared.write_text("my other file", encoding="utf-8")
    assert run(trainer, "export", str(shared)) == 1
    assert "never writes over a file" in capsys.readouterr().err
    assert shared.read_text(encoding="utf-8") == "my other file"
    assert run(trainer, "export", str(tmp_path / "new.json"), "--protocols", "Knee") == 1
    err = capsys.readouterr().err
    assert "'Knee' matches none of your protocols" in err and "Jaw tension" in err
    assert not (tmp_path / "new.json").exists()


def test_a_dry_run_says_what_it_would_do_and_makes_nothing(trainer, tmp_path, capsys):
    shared = tmp_path / "class.pointmap.json"
    run(trainer, "export", str(shared))
    capsys.readouterr()
    student = tmp_path / "student"
    assert run(student, "import", str(shared), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "- Add the note on ST6." in out and "Nothing was changed (--dry-run)." in out
    assert not student.exists()
    before = digest(trainer / "userdata.db")
    assert run(trainer, "import", str(shared), "--dry-run") == 0
    assert "skip 4" in capsys.readouterr().out and digest(trainer / "userdata.db") == before


def test_a_file_that_is_not_ours_is_refused_with_exit_1_and_nothing_changed(trainer, tmp_path, capsys):
    bad = tmp_path / "photo.json"
    bad.write_bytes(b'{"format": "pointmap-own-content", "version": 7}')
    before = digest(trainer / "userdata.db")
    assert run(trainer, "import", str(bad)) == 1
    err = capsys.readouterr().err
    assert "made by a newer PointMap" in err and "Traceback" not in err
    assert digest(trainer / "userdata.db") == before


def test_a_wrong_command_line_is_exit_2(trainer, capsys):
    assert run(trainer, "import") == 2
    assert run(trainer, "export") == 2
    assert "usage" in capsys.readouterr().err


def test_search_finds_words_of_your_notes_and_says_so(trainer, capsys):
    assert main(["--user-data", str(trainer), "search", "jackknife"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("ST6") and "your note 'jackknife'" in first


def test_search_still_answers_when_your_database_cannot_be_read(trainer, capsys):
    conn = sqlite3.connect(trainer / "userdata.db")
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    assert main(["--user-data", str(trainer), "search", "jiache"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("ST6") and "your own notes were not searched" in captured.err
