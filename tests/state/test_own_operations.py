"""Operations on notes, favourites and own protocols without a window: on disk when they return, the views
told, every edit undone and redone exactly, and own protocols and favourites stepped through like built-ins."""

from __future__ import annotations

import sqlite3

import pytest

from pointmap.core.paths import Config
from pointmap.core.sequences import FAVOURITES, FAVOURITES_KEY, OWN_PROTOCOL
from pointmap.core.userdata import notes, protocols
from pointmap.core.userdata.protocols import Draft, Step
from pointmap.state import undo
from pointmap.state.app_state import AppState
from pointmap.state.operations import own as ops
from pointmap.state.userdata import UserData
from tests.support.userdata_helpers import NOW


@pytest.fixture
def user(qapp, tmp_path):
    data = UserData(Config.from_environment(user_dir=tmp_path), clock=lambda: NOW)
    assert data.open()
    yield data
    data.close()


@pytest.fixture
def told(user):
    seen = []
    user.changed.connect(seen.append)
    return seen


def read(user, sql: str) -> list[tuple]:
    conn = sqlite3.connect(f"file:{user.config.user_db}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_a_note_is_on_disk_when_saved_and_the_views_are_told(user, told):
    edit = ops.save_note(user, "ST6", "Clench the jaw.")
    assert read(user, "SELECT point_code, text FROM point_notes") == [("ST6", "Clench the jaw.")]
    assert told[-1].touches("point_notes") and not told[-1].touches("favourites")
    assert edit.text == "Edit note on ST6"
    assert ops.save_note(user, "ST6", "Clench the jaw.") is None  # nothing changed: nothing to undo


def test_undo_and_redo_of_a_note_put_back_its_text_and_dates(user):
    ops.save_note(user, "ST6", "First words.")
    first = ops.note(user, "ST6")
    edit = ops.save_note(user, "ST6", "Second words.")
    undo.undo(user, edit)
    assert ops.note(user, "ST6") == first
    undo.redo(user, edit)
    assert ops.note(user, "ST6").text == "Second words."
    undo.undo(user, ops.save_note(user, "LI4", "New."))
    assert read(user, "SELECT point_code FROM point_notes") == [("ST6",)]


def test_the_keystrokes_of_one_note_undo_as_one_step(user):
    ops.save_note(user, "ST6", "Before typing.")
    a = ops.save_note(user, "ST6", "Before typing. A", merge_key="note:ST6:1")
    b = ops.save_note(user, "ST6", "Before typing. AB", merge_key="note:ST6:1")
    undo.undo(user, a.merged_with(b))
    assert ops.note(user, "ST6").text == "Before typing."


def test_a_star_is_undone_and_redone(user, told):
    edit = ops.toggle_favourite(user, "CV12")
    assert ops.favourites(user) == ["CV12"] and edit.text == "Add CV12 to favourites"
    assert told[-1].touches("favourites")
    undo.undo(user, edit)
    assert ops.favourites(user) == [] and read(user, "SELECT * FROM favourites") == []
    undo.redo(user, edit)
    assert ops.is_favourite(user, "CV12")
    assert ops.toggle_favourite(user, "CV12").text == "Remove CV12 from favourites"


def test_making_reordering_and_deleting_a_protocol_are_each_undone(user, reference):
    made, created = ops.create_protocol(user, ops.draft_from_codes(reference, "Jaw", ["ST6", "ST7", "LI4", "ZZ9"]))
    assert made.codes == ("ST6", "ST7", "LI4") and made.draft.region == ""  # face and arm: several regions
    moved = ops.move_step(user, made.uid, 2, 0)
    assert ops.own_protocol(user, made.uid).codes == ("LI4", "ST6", "ST7") and moved.text == "Reorder protocol 'Jaw'"
    deleted = ops.delete_protocol(user, made.uid)
    assert ops.own_protocols(user) == []
    undo.undo(user, deleted)
    assert ops.own_protocol(user, made.uid).codes == ("LI4", "ST6", "ST7")
    undo.undo(user, moved)
    assert ops.own_protocol(user, made.uid).codes == ("ST6", "ST7", "LI4")
    undo.undo(user, created)
    assert ops.own_protocols(user) == [] and read(user, "SELECT count(*) FROM own_protocol_points") == [(0,)]
    undo.redo(user, created)
    assert ops.own_protocol(user, made.uid).title == "Jaw"


def test_a_built_in_protocol_duplicated_is_yours_and_the_built_in_is_unchanged(user, reference):
    builtin = reference.protocols[0]
    made, _ = ops.create_protocol(user, ops.draft_from_builtin(reference, builtin.id))
    assert made.title == f"{builtin.title} (my copy)" and made.draft.based_on == builtin.id
    assert made.codes == tuple(s.point_code for s in builtin.steps)
    ops.move_step(user, made.uid, 0, 5)
    assert reference.protocols[0] == builtin


def test_an_own_protocol_steps_in_its_order_and_follows_a_reorder(user, reference):
    state = AppState(reference)
    state.add_sequence_source(OWN_PROTOCOL, ops.own_protocol_lookup(user, reference))
    made, _ = ops.create_protocol(user, Draft("Jaw", steps=(Step("ST6"), Step("ST7"), Step("LI4"))))
    state.choose_sequence(OWN_PROTOCOL, made.uid)
    state.step(1)
    state.step(1)
    assert state.selected_code == "ST7"
    ops.move_step(user, made.uid, 1, 2)  # ST7 last
    state.refresh_sequence()
    assert state.sequence.codes == ("ST6", "LI4", "ST7") and state.sequence_position() == (3, 3)
    state.step(1)
    assert state.selected_code == "ST6"  # wraps round
    ops.delete_protocol(user, made.uid)
    state.refresh_sequence()
    assert state.sequence is None


def test_favourites_are_a_sequence_to_step_through(user, reference):
    state = AppState(reference)
    state.add_sequence_source(FAVOURITES, ops.favourites_lookup(user, reference))
    for code in ("CV12", "ST6"):
        ops.set_favourite(user, code, True)
    state.choose_sequence(FAVOURITES, FAVOURITES_KEY)
    state.step(1)
    assert state.sequence.codes == ("CV12", "ST6") and state.selected_code == "CV12"


def test_records_under_renamed_codes_follow_and_the_rest_are_listed(user, reference, told):
    notes.set_note(user.store, "TB5", "Old code.", NOW)
    protocols.create_protocol(user.store, Draft("Mine", steps=(Step("XX1"),)), NOW)
    followed = ops.follow_codes(user, reference)
    assert ops.note(user, "TE5").text == "Old code." and told[-1].touches("point_notes")
    sentence = ops.unmatched_sentence(followed)
    assert "XX1 (protocol 'Mine', point 1)" in sentence and "nothing was deleted" in sentence


def test_an_import_is_one_step_of_undo(user, reference, tmp_path):
    other = UserData(Config.from_environment(user_dir=tmp_path / "other"), clock=lambda: NOW)
    assert other.open()
    ops.save_note(other, "ST6", "From the trainer.")
    ops.create_protocol(other, Draft("Jaw", steps=(Step("ST6"),)))
    ops.export_to(other, tmp_path / "class.json")
    other.close()
    ops.save_note(user, "ST6", "Mine.")
    shared, planned = ops.plan_import(user, reference, tmp_path / "class.json")
    assert planned.summary() == "Add 1, change 1, skip 0 (of 2 in the file)."
    done, edit = ops.apply_import(user, reference, shared, "class.json")
    assert done.count("add") == 1 and done.count("change") == 1
    assert ops.note(user, "ST6").text == "Mine.\n\nFrom the trainer." and len(ops.own_protocols(user)) == 1
    undo.undo(user, edit)
    assert ops.note(user, "ST6").text == "Mine." and ops.own_protocols(user) == []
    assert edit.text == "Import 'class.json'"
