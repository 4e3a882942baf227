"""Notes, favourites and own protocols in the user database: what is saved is what is read back (by
another connection too), edits are whole or not at all, snapshots put things back exactly, and codes the
reference renamed follow their point while unknown ones are listed and kept."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from pointmap.core.errors import UserDataError
from pointmap.core.userdata import favourites, notes, open_store, own, protocols
from pointmap.core.userdata.protocols import Draft, Step
from tests.support.userdata_helpers import NOW

LATER = NOW + timedelta(hours=2)


@pytest.fixture
def store(tmp_path):
    opened = open_store(tmp_path / "userdata.db", tmp_path / "backups", now=NOW)
    yield opened.store
    opened.store.close()


def on_disk(store, sql: str, params=()) -> list[tuple]:
    """What another program reading the file sees."""
    conn = sqlite3.connect(f"file:{store.path}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


# -- notes -----------------------------------------------------------------------------------------------


def test_a_note_is_on_disk_with_its_dates_when_set_note_returns(store):
    notes.set_note(store, "ST6", "Clench the jaw.", NOW)
    notes.set_note(store, "ST6", "Clench the jaw.\nIt bulges.", LATER)
    assert on_disk(store, "SELECT point_code, text, created_at, updated_at FROM point_notes") == [
        ("ST6", "Clench the jaw.\nIt bulges.", "2026-12-01T14:17:19+01:00", "2026-12-01T16:17:19+01:00")
    ]


def test_saving_the_same_text_again_keeps_its_last_changed_date(store):
    notes.set_note(store, "ST6", "Same words.", NOW)
    again = notes.set_note(store, "ST6", "Same words.", LATER)
    assert again.updated_at == "2026-12-01T14:17:19+01:00"


def test_a_note_emptied_to_spaces_is_removed(store):
    notes.set_note(store, "ST6", "Something.", NOW)
    assert notes.set_note(store, "ST6", "  \n ", LATER) is None
    assert notes.note(store, "ST6") is None and on_disk(store, "SELECT * FROM point_notes") == []


def test_a_note_too_long_is_refused_in_a_sentence_and_the_old_one_kept(store):
    notes.set_note(store, "ST6", "Short.", NOW)
    with pytest.raises(UserDataError, match="at most 20,000 characters"):
        notes.set_note(store, "ST6", "x" * 20_001, LATER)
    assert notes.note(store, "ST6").text == "Short."


def test_markup_in_a_note_is_kept_as_the_person_typed_it(store):
    notes.set_note(store, "ST6", "<b>not bold</b> & <a href='x'>", NOW)
    assert notes.note(store, "ST6").text == "<b>not bold</b> & <a href='x'>"


# -- favourites ------------------------------------------------------------------------------------------


def test_favourites_come_back_in_the_order_they_were_starred(store):
    assert favourites.set_favourite(store, "LI4", True, NOW)
    assert favourites.set_favourite(store, "CV12", True, LATER)
    assert not favourites.set_favourite(store, "LI4", True, LATER)  # already starred: its date is kept
    assert favourites.favourites(store) == ["LI4", "CV12"]
    assert favourites.set_favourite(store, "LI4", False, LATER)
    assert favourites.favourites(store) == ["CV12"] and not favourites.is_favourite(store, "LI4")
    assert on_disk(store, "SELECT point_code FROM favourites") == [("CV12",)]


# -- protocols -------------------------------------------------------------------------------------------


def jaw(title: str = "Jaw tension") -> Draft:
    return Draft(title, "face", "Ease the jaw.", "Mind the vessels.", (Step("ST6", "first"), Step("ST7"), Step("LI4")))


def test_a_protocol_is_saved_whole_and_reordering_is_saving_it_in_the_new_order(store):
    made = protocols.create_protocol(store, jaw(), NOW)
    assert made.codes == ("ST6", "ST7", "LI4") and made.steps[0].note == "first"
    moved = protocols.update_protocol(store, made.uid, made.draft.with_steps([Step("LI4"), *made.steps[:2]]), LATER)
    assert moved.codes == ("LI4", "ST6", "ST7") and moved.steps[1].note == "first"
    assert moved.updated_at > made.updated_at and moved.created_at == made.created_at
    assert on_disk(store, "SELECT position, point_code FROM own_protocol_points ORDER BY position") == [
        (1, "LI4"),
        (2, "ST6"),
        (3, "ST7"),
    ]


@pytest.mark.parametrize(
    ("draft", "words"),
    [
        (Draft("   "), "needs a title"),
        (Draft("x" * 201), "at most 200 characters"),
        (Draft("Long", steps=tuple(Step("ST6") for _ in range(201))), "at most 200 points"),
        (Draft("Bad step", steps=(Step(""),)), "Point 1"),
    ],
)
def test_a_protocol_that_cannot_be_kept_is_refused_in_a_sentence_and_nothing_is_written(store, draft, words):
    with pytest.raises(UserDataError, match=words):
        protocols.create_protocol(store, draft, NOW)
    assert protocols.protocols(store) == []


def test_a_deleted_protocol_put_back_has_its_identity_steps_and_dates(store):
    first = protocols.create_protocol(store, jaw("First"), NOW)
    second = protocols.create_protocol(store, jaw("Second"), LATER)
    gone = protocols.delete_protocol(store, first.uid)
    assert [p.title for p in protocols.protocols(store)] == ["Second"]
    assert on_disk(store, "SELECT count(*) FROM own_protocol_points") == [(3,)]  # its steps went with it
    own.put(store, own.Snapshot(protocols={first.uid: gone}))
    assert protocols.protocols(store) == [first, second]


# -- snapshots (undo and redo) ---------------------------------------------------------------------------


def test_a_snapshot_put_back_undoes_notes_favourites_and_protocols_in_one_go(store):
    p = protocols.create_protocol(store, jaw(), NOW)
    notes.set_note(store, "ST6", "Before.", NOW)
    before = own.take(store.conn, notes=["ST6", "LI4"], favourites=["ST6"], protocols=[p.uid])
    notes.set_note(store, "ST6", "After.", LATER)
    notes.set_note(store, "LI4", "New.", LATER)
    favourites.set_favourite(store, "ST6", True, LATER)
    protocols.delete_protocol(store, p.uid)
    after = own.take(store.conn, notes=["ST6", "LI4"], favourites=["ST6"], protocols=[p.uid])
    own.put(store, before)
    assert notes.note(store, "ST6").text == "Before." and notes.note(store, "LI4") is None
    assert favourites.favourites(store) == [] and protocols.protocols(store) == [p]
    own.put(store, after)
    assert notes.note(store, "ST6").text == "After." and notes.note(store, "LI4").text == "New."
    assert favourites.favourites(store) == ["ST6"] and protocols.protocols(store) == []
    assert before.tables == own.TABLES - {own.LESSONS, own.LESSON_STEPS}


def test_a_snapshot_that_cannot_be_put_back_changes_nothing(store):
    notes.set_note(store, "ST6", "Kept.", NOW)
    broken = own.Snapshot(
        notes={"ST6": None}, protocols={"u": protocols.OwnProtocol(0, "u", Draft(""), "t", "t")}
    )  # the protocol has no title
    with pytest.raises(UserDataError):
        own.put(store, broken)
    assert notes.note(store, "ST6").text == "Kept."


# -- codes the reference renamed or retired --------------------------------------------------------------


def test_records_under_an_old_code_follow_the_point_and_unknown_codes_are_listed_not_dropped(store, reference):
    notes.set_note(store, "TB5", "Written when it was called TB5.", NOW)
    notes.set_note(store, "XX99", "A point the data no longer has.", NOW)
    favourites.set_favourite(store, "SJ5", True, NOW)
    p = protocols.create_protocol(
        store, Draft("Old codes", steps=(Step("ST6"), Step("TB5", "wrist"), Step("QQ1"))), NOW
    )
    followed = own.follow_codes(store, own.code_resolver(reference))
    assert set(followed.moved) == {
        ("TB5", "TE5", "note"),
        ("SJ5", "TE5", "favourite"),
        ("TB5", "TE5", "protocol 'Old codes', point 2"),
    }
    assert [(u.code, u.where) for u in followed.unmatched] == [
        ("XX99", "note"),
        ("QQ1", "protocol 'Old codes', point 3"),
    ]
    assert notes.note(store, "TE5").text == "Written when it was called TB5."
    assert notes.note(store, "XX99").text == "A point the data no longer has."  # kept as it was
    assert favourites.favourites(store) == ["TE5"]
    assert protocols.protocol(store, p.uid).codes == ("ST6", "TE5", "QQ1")
    assert protocols.protocol(store, p.uid).steps[1].note == "wrist"
    again = own.follow_codes(store, own.code_resolver(reference))
    assert again.moved == () and len(again.unmatched) == 2


def test_a_note_under_an_old_code_is_joined_to_the_note_on_the_new_one(store, reference):
    notes.set_note(store, "TE5", "Current.", NOW)
    notes.set_note(store, "TB5", "Older.", NOW)
    favourites.set_favourite(store, "TE5", True, NOW)
    favourites.set_favourite(store, "TB5", True, LATER)
    own.follow_codes(store, own.code_resolver(reference))
    assert notes.note(store, "TE5").text == "Current.\n\nOlder." and notes.note(store, "TB5") is None
    assert favourites.favourites(store) == ["TE5"]


def test_a_note_too_long_to_join_stays_where_it_is_and_is_listed(store, reference):
    notes.set_note(store, "TE5", "a" * 15_000, NOW)
    notes.set_note(store, "TB5", "b" * 6_000, NOW)
    followed = own.follow_codes(store, own.code_resolver(reference))
    assert notes.note(store, "TB5").text == "b" * 6_000 and notes.note(store, "TE5").text == "a" * 15_000
    assert [u.code for u in followed.unmatched] == ["TB5"] and "too long" in followed.unmatched[0].where
