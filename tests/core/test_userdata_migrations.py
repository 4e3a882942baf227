"""Schema versions of the user database: a fresh file, every older fixture upgraded, a newer file refused.

Fixtures: tests/support/userdata/v<N>.db, one per schema version, each written once by the code of its
version (tests/support/userdata/make_fixture.py) and never rewritten. When a migration to version N+1 is
added: bump migrations.SCHEMA_VERSION by adding the step and its TABLES_BY_VERSION entry, run
``python tests/support/userdata/make_fixture.py`` to write v<N+1>.db, extend ``make_fixture.fill`` only if the
new version has new data to hold, and add the new data's expectations to
``test_every_fixture_opens_upgraded_with_its_data`` below. The older fixtures stay as they are: the test
opens each one through open_store, so each is upgraded by every migration after it.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest
import sqlite_utils

from pointmap.core.errors import UserDataError, UserDataTooNewError
from pointmap.core.userdata import (
    SCHEMA_VERSION,
    favourites,
    hygiene,
    lessons,
    migrations,
    notes,
    open_store,
    photos,
    preference,
    protocols,
    sessions,
    study,
)
from tests.support.userdata_helpers import FIXTURES, NOW, copy_fixture, digest, fixture_versions, snapshot


def test_there_is_a_fixture_for_every_schema_version():
    assert fixture_versions() == list(range(1, SCHEMA_VERSION + 1))


@pytest.mark.parametrize("version", fixture_versions())
def test_every_fixture_opens_upgraded_with_its_data(tmp_path, version):
    path = copy_fixture(version, tmp_path)
    opened = open_store(path, tmp_path / "backups", now=NOW)
    store = opened.store
    assert store.schema_version == SCHEMA_VERSION
    day1 = hygiene.runs_on(store, "2026-11-30")
    assert [(r.checklist_id, r.ended_at is None) for r in day1] == [
        ("start-of-day-room-setup", False),
        ("start-of-day-room-setup", True),
    ]
    assert day1[0].ticked == {1, 3}
    assert [(e.position, e.checked) for e in day1[0].events] == [(1, True), (2, True), (3, True), (2, False)]
    assert day1[0].events[0].at == "2026-11-30T08:05:00+01:00"
    assert day1[1].ticked == {5}
    (day2,) = hygiene.runs_on(store, "2026-12-01")
    assert day2.stage == "end-of-day" and day2.ticked == {4}
    assert hygiene.current_run(store, "end-of-day-close-down", "2026-12-01") == day2
    assert hygiene.needle_tally(store) == (12, 11)
    assert preference(store, "backups.keep") == "7"
    if version >= 2:
        note = notes.note(store, "ST6")
        assert note.text == "Clench the jaw: it rises under the finger.\nNeedle gently."
        assert (note.created_at, note.updated_at) == ("2026-11-30T08:25:00+01:00", "2026-12-01T08:10:00+01:00")
        assert [n.point_code for n in notes.all_notes(store)] == ["ST6", "TE5"]
        assert favourites.favourites(store) == ["CV12", "LI4"]
        mine = protocols.protocols(store)
        assert [(p.title, p.codes) for p in mine] == [
            ("Jaw tension, my way", ("ST6", "ST7", "LI4")),
            ("Forehead, shorter", ("EX-HN3", "GB14")),
        ]
        assert mine[0].steps[2].note == "distal point last" and mine[0].draft.purpose == "Ease a tight jaw."
        assert mine[1].draft.based_on == "forehead-brow" and mine[1].uid == "fixture0forehead000000000000002"
    else:  # upgraded from before version 2: the new tables are there, empty
        assert notes.all_notes(store) == [] and favourites.favourites(store) == []
        assert protocols.protocols(store) == []
    if version >= 3:
        listed = sessions.summaries(store)
        assert [(x.client_ref, x.outcome, x.needles) for x in listed] == [
            ("C-205", "incident", 1),
            ("C-104", "complete", 3),
        ]
        done = sessions.get(store, listed[1].id)
        assert done.course_planned == 10 and done.details["needle_gauge"] == "0.16 mm"
        assert done.answers["pregnant"].answer == "no" and done.closing().complete
        assert done.adverse_events[0].kind == "bruising" and done.adverse_events[0].side == "left"
        lost = sessions.get(store, listed[0].id)
        assert lost.incidents[0].what == "One needle not found" and lost.tally().in_place == 1
    else:  # upgraded from before version 3: no sessions yet
        assert sessions.summaries(store) == [] and sessions.open_session(store) is None
    if version >= 4:
        answers = study.reviews(store)
        assert [(r.point_code, r.kind, r.outcome, r.error_cun) for r in answers] == [
            ("ST6", "locate", "correct", 0.3),
            ("CV12", "name", "correct", None),
            ("LI4", "facts", "wrong", None),
            ("ST6", "locate", "wrong", 1.4),
        ]
        assert answers[0].at == "2026-12-01T14:10:00+01:00" and answers[0].diagram == "face"
        cards = study.cards(store)
        assert set(cards) == {("ST6", "locate"), ("CV12", "name"), ("LI4", "facts")}
        assert cards[("ST6", "locate")].reviews == 2 and cards[("ST6", "locate")].due == answers[3].due_after
        assert study.introduced_on(store, "2026-12-01") == 3
    else:  # upgraded from before version 4: no study yet
        assert study.cards(store) == {} and study.reviews(store) == []
    if version >= 5:
        (lesson,) = lessons.lessons(store)
        assert lesson.title == "Jaw points for the class" and lesson.uid == "fixture0lesson0jaw00000000000001"
        assert [(s.view, s.points, s.shown, s.layers, s.zoom) for s in lesson.steps] == [
            ("face", ("ST6", "ST5"), "all", ("labels",), 1.0),
            ("face-lateral", ("ST7",), "step", ("labels", "grid"), 2.5),
        ]
        assert lesson.steps[1].note == "Mouth closed." and lesson.based_on == "protocol:jawline-neck"
    else:  # upgraded from before version 5: no lessons yet
        assert lessons.lessons(store) == []
    assert study.settings(store) == study.StudySettings()  # none chosen in any fixture: the defaults
    if version >= 6:
        done = sessions.summaries(store)[1].id
        kept = photos.saved(store, done)
        assert (kept.width, kept.height, kept.kept_at) == (600, 800, "2026-12-01T09:12:00+01:00")
        assert kept.landmarks[("pupil", "left")] == (0.64, 0.42) and len(kept.landmarks) == 3
        with pytest.raises(photos.PhotoError, match="could not be read"):  # its file was never part of the fixture
            photos.open_kept(store, done)
        moved = photos.corrections(store, done)
        assert list(moved) == [("ST6", "left", 0)]
        assert (moved["ST6", "left", 0].superior_cun, moved["ST6", "left", 0].lateral_cun) == (-0.4, -0.1)
        assert moved["ST6", "left", 0].words() == "0.4 cun inferior, 0.1 cun medial"
    elif version >= 3:  # upgraded from before version 6: no photos, no points moved
        assert photos.saved(store, sessions.summaries(store)[1].id) is None
        assert photos.corrections(store, sessions.summaries(store)[1].id) == {}
    if version >= 3:  # version 7: every event kept, the needle accidents accepted, the record still guarded
        done = sessions.summaries(store)[1].id
        assert [e.kind for e in sessions.get(store, done).adverse_events] == ["bruising"]
        sessions.adverse_event(store, done, "broken needle", NOW, action_taken="fragment removed with forceps")
        assert [e.kind for e in sessions.get(store, done).adverse_events] == ["bruising", "broken needle"]
        with pytest.raises(sqlite3.IntegrityError), store.write() as conn:
            conn.execute("INSERT INTO adverse_events (session_id, kind, at) VALUES (?, 'sneezing', ?)", (done, "x"))
        with pytest.raises(sqlite3.IntegrityError, match="never deleted"), store.write() as conn:
            conn.execute("DELETE FROM adverse_events")
    if version < SCHEMA_VERSION:
        assert any("upgraded" in n for n in opened.notices)
    else:
        assert opened.notices == ()
        assert not (tmp_path / "backups").exists()  # nothing to upgrade, nothing copied
    store.close()


def test_a_file_from_a_newer_pointmap_is_refused_and_not_touched(tmp_path):
    path = copy_fixture(SCHEMA_VERSION, tmp_path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = snapshot(tmp_path)
    for read_only in (False, True):
        with pytest.raises(UserDataTooNewError, match="newer PointMap") as caught:
            open_store(path, tmp_path / "backups", read_only=read_only, now=NOW)
        assert str(path) in str(caught.value)
    after = snapshot(tmp_path)
    assert after["userdata.db"] == before["userdata.db"]
    assert {name for name in after if "damaged" in name or "backups" in name} == set()


@pytest.fixture
def next_version(monkeypatch):
    """Pretend this PointMap knows one more schema version, whose migration adds a table."""
    new = SCHEMA_VERSION + 1
    calls = []

    def add_table(db) -> None:
        calls.append("ran")
        db.execute("CREATE TABLE coming_soon (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute(f"PRAGMA user_version = {new}")

    monkeypatch.setattr(migrations, "_STEPS", [*migrations._STEPS, (f"{new:04d}_coming_soon", add_table)])
    monkeypatch.setattr(migrations, "TABLES_BY_VERSION", {**migrations.TABLES_BY_VERSION, new: frozenset()})
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", new)
    return calls


def test_an_upgrade_keeps_a_copy_made_before_it_then_migrates(tmp_path, next_version):
    path = copy_fixture(SCHEMA_VERSION, tmp_path)
    original = digest(path)
    opened = open_store(path, tmp_path / "backups", now=NOW)
    (copy,) = (tmp_path / "backups").iterdir()
    assert copy.name == f"userdata.before-upgrade-v{SCHEMA_VERSION}-2026-12-01T141719.db"
    old = sqlite3.connect(copy)
    assert old.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION  # taken BEFORE the migration
    assert old.execute("SELECT count(*) FROM sqlite_master WHERE name = 'coming_soon'").fetchone()[0] == 0
    assert old.execute("SELECT count(*) FROM checklist_ticks").fetchone()[0] == 6
    old.close()
    assert digest(FIXTURES / f"v{SCHEMA_VERSION}.db") == original
    assert opened.store.schema_version == SCHEMA_VERSION + 1
    assert opened.store.conn.execute("SELECT count(*) FROM coming_soon").fetchone()[0] == 0
    assert str(copy) in opened.notices[0]
    assert next_version == ["ran"]
    opened.store.close()
    reopened = open_store(path, tmp_path / "backups", now=NOW)  # applied once, not again
    assert next_version == ["ran"] and reopened.notices == ()
    reopened.store.close()


def test_a_failing_migration_changes_nothing_and_says_so(tmp_path, monkeypatch):
    new = SCHEMA_VERSION + 1

    def broken(db) -> None:
        db.execute("CREATE TABLE half_done (x)")
        db.execute("INSERT INTO no_such_table VALUES (1)")

    monkeypatch.setattr(migrations, "_STEPS", [*migrations._STEPS, (f"{new:04d}_broken", broken)])
    monkeypatch.setattr(migrations, "TABLES_BY_VERSION", {**migrations.TABLES_BY_VERSION, new: frozenset()})
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", new)
    path = copy_fixture(SCHEMA_VERSION, tmp_path)
    with pytest.raises(UserDataError, match="could not upgrade") as caught:
        open_store(path, tmp_path / "backups", now=NOW)
    (copy,) = (tmp_path / "backups").iterdir()
    assert str(copy) in str(caught.value)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM checklist_ticks").fetchone()[0] == 6
    conn.close()


def test_a_new_file_whose_second_migration_fails_is_left_empty_not_half_made(tmp_path, monkeypatch):
    new = SCHEMA_VERSION + 1

    def broken(db) -> None:
        raise RuntimeError("step failed")

    monkeypatch.setattr(migrations, "_STEPS", [*migrations._STEPS, (f"{new:04d}_broken", broken)])
    monkeypatch.setattr(migrations, "TABLES_BY_VERSION", {**migrations.TABLES_BY_VERSION, new: frozenset()})
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", new)
    path = tmp_path / "userdata.db"
    with pytest.raises(UserDataError, match="could not upgrade"):
        open_store(path, tmp_path / "backups", now=NOW)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 0  # all the steps, or none of them
    assert conn.execute("SELECT name FROM sqlite_master").fetchall() == []
    conn.close()


def test_the_migrations_are_recorded_by_sqlite_utils(tmp_path):
    opened = open_store(tmp_path / "userdata.db", tmp_path / "backups", now=NOW)
    db = sqlite_utils.Database(opened.store.conn)
    applied = migrations.migrations().applied(db)
    assert [m.name for m in applied] == [name for name, _ in migrations._STEPS]
    assert migrations.migrations().pending(db) == []
    opened.store.close()


def test_a_read_only_open_of_an_older_file_asks_for_an_upgrade_first(tmp_path, next_version):
    path = copy_fixture(SCHEMA_VERSION, tmp_path)
    with pytest.raises(UserDataError, match="start PointMap once"):
        open_store(path, tmp_path / "backups", read_only=True)
    assert digest(path) == digest(FIXTURES / f"v{SCHEMA_VERSION}.db")
    assert next_version == []


def test_the_fixture_is_never_rewritten_by_its_script():
    script = FIXTURES / "make_fixture.py"
    before = digest(FIXTURES / f"v{SCHEMA_VERSION}.db")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    assert result.returncode == 1 and "never rewritten" in result.stderr
    assert digest(FIXTURES / f"v{SCHEMA_VERSION}.db") == before
