"""Lessons without Qt: the built-in ones, lessons made from a meridian or a protocol, own lessons stored
whole in one transaction, shared in a file (checked first, planned, applied all or nothing), the outline
the handouts read, and presentation mode's rules (stepping, quiz, drawing, screens, the card)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from pointmap.core import lessons as rules
from pointmap.core import presenting, sharing
from pointmap.core.errors import UserDataError
from pointmap.core.lessons import Lesson, LessonStep
from pointmap.core.presenting import Stand
from pointmap.core.sequences import meridian_sequence
from pointmap.core.userdata import lessons as stored
from pointmap.core.userdata import open_store, own
from tests.support.userdata_helpers import NOW


def make_store(folder):
    folder.mkdir(parents=True, exist_ok=True)
    return open_store(folder / "userdata.db", folder / "backups", now=NOW).store


@pytest.fixture
def mine(tmp_path):
    store = make_store(tmp_path / "mine")
    yield store
    store.close()


TWO_STEPS = Lesson(
    "",
    "Jaw",
    "Two points.",
    (LessonStep("face", ("ST6", "ST5"), "lesson", ("labels", "grid"), 2.0, "Clench."), LessonStep("", ("ST7",))),
)


def test_the_built_in_lessons_cover_face_upper_arm_and_abdomen(reference):
    titles = {lesson.uid: lesson for lesson in reference.lessons}
    assert set(titles) == {"builtin:face-cheeks-jowls", "builtin:upper-arm-toning", "builtin:lower-abdomen-toning"}
    for lesson in reference.lessons:
        assert lesson.builtin and len(lesson.steps) >= 4
        assert all(s.note and s.view in reference.diagrams for s in lesson.steps)
        assert all(s.view in reference.diagrams_showing(s.point) for s in lesson.steps)


def test_lesson_outline_gives_the_handout_its_title_and_points_in_order(reference, mine):
    outline = rules.lesson_outline(reference, "upper-arm-toning")
    assert outline.title == "The back and outer upper arm" and outline.codes[:3] == ("TE14", "TE13", "TE12")
    made = stored.create_lesson(mine, TWO_STEPS, NOW)
    assert rules.lesson_outline(reference, made.uid[:8], mine).codes == ("ST6", "ST5", "ST7")
    assert rules.lesson_outline(reference, "jaw", mine).id == made.uid
    with pytest.raises(UserDataError, match="No single lesson answers to 'nothing'"):
        rules.lesson_outline(reference, "nothing", mine)


def test_a_lesson_from_a_meridian_steps_along_it_with_its_course(reference):
    lesson = rules.from_meridian(reference, "ST")
    assert lesson.codes == meridian_sequence(reference, "ST").codes
    assert all(s.layers == ("labels", "paths") and s.shown == "lesson" for s in lesson.steps)
    from_protocol = rules.from_protocol(reference, "upper-arm-toning")
    assert from_protocol.steps[0].point == "LI15" and from_protocol.steps[0].view == "arm-anterior"
    assert from_protocol.steps[0].note.startswith("Upper anchor")


def test_own_lessons_are_stored_whole_and_checked(mine, reference):
    made = stored.create_lesson(mine, TWO_STEPS, NOW)
    assert stored.by_uid(mine.conn, made.uid).steps == TWO_STEPS.steps
    changed = stored.update_lesson(mine, made.with_steps(made.steps[::-1]), NOW)
    assert [s.point for s in changed.steps] == ["ST7", "ST6"]
    with pytest.raises(UserDataError, match="zoom outside"):
        stored.update_lesson(mine, made.with_steps([LessonStep("face", ("ST6",), zoom=20)]), NOW)
    with pytest.raises(UserDataError, match="view 'hand'"):
        rules.check_lesson(made.with_steps([LessonStep("hand", ("ST6",))]), reference)
    assert stored.by_uid(mine.conn, made.uid).steps == changed.steps  # a refused save changes nothing
    assert stored.delete_lesson(mine, made.uid).title == "Jaw" and stored.lessons(mine) == []


def test_a_snapshot_of_lessons_undoes_and_redoes(mine):
    made = stored.create_lesson(mine, TWO_STEPS, NOW)
    before = own.take(mine.conn, lessons=[made.uid])
    stored.delete_lesson(mine, made.uid)
    own.put(mine, before)
    assert stored.lessons(mine) == [made]
    assert before.tables == {own.LESSONS, own.LESSON_STEPS}


def test_a_lesson_file_is_checked_planned_and_imported_in_one_go(tmp_path, reference, mine):
    theirs = make_store(tmp_path / "theirs")
    made = stored.create_lesson(theirs, TWO_STEPS, NOW)
    data = sharing.export_data(theirs, NOW, notes=False, favourites=False, protocol_uids=[], lesson_uids=[made.uid])
    assert data["version"] == 2 and data["notes"] == [] and len(data["lessons"]) == 1
    path = sharing.write_export(tmp_path / "jaw.pointmap.json", data)
    resolve = own.code_resolver(reference)
    shared = sharing.read_shared(path)
    planned = sharing.plan(mine, shared, resolve, NOW, reference.diagrams)
    assert planned.lines() == ["Add the lesson 'Jaw'."] and stored.lessons(mine) == []
    done = sharing.apply(mine, shared, resolve, NOW, reference.diagrams)
    assert done.count("add") == 1 and stored.lessons(mine)[0].steps == TWO_STEPS.steps
    again = sharing.plan(mine, shared, resolve, NOW, reference.diagrams)
    assert again.lines() == ["Skip the lesson 'Jaw': already in your lessons, unchanged."]
    # A lesson naming a view or a point this PointMap lacks is skipped, with the reason.
    data["lessons"][0]["uid"] = "other"
    data["lessons"][0]["steps"][0]["view"] = "foot"
    odd = sharing.check_shared(data)
    assert "views PointMap does not have (foot)" in sharing.plan(mine, odd, resolve, NOW, reference.diagrams).lines()[0]
    theirs.close()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda lesson: lesson.update(title="<b>Jaw</b>"), "markup"),
        (lambda lesson: lesson["steps"][0].update(zoom="big"), "zoom of step 1"),
        (lambda lesson: lesson["steps"][0].update(layers=["x-ray"]), "layer other than"),
        (lambda lesson: lesson.update(uid="a b"), "uid of lesson"),
    ],
)
def test_a_bad_lesson_in_a_file_is_refused_in_a_sentence(change, message):
    lesson = {"uid": "abc", "title": "Jaw", "steps": [{"view": "face", "points": ["ST6"], "zoom": 1}]}
    change(lesson)
    data = {"format": sharing.FORMAT, "version": 2, "lessons": [lesson]}
    with pytest.raises(sharing.SharingError, match=message):
        sharing.check_shared(data, "jaw.json")
    assert json.dumps(data)  # the file itself is ordinary JSON


# -- presentation mode's rules ----------------------------------------------------------------------------


def test_stepping_stops_at_the_ends_and_a_quiz_hides_each_new_name(reference):
    deck = presenting.deck_from_lesson(reference, reference.lessons[0])
    stand = Stand().step(deck, 1)
    assert stand.index == 0 and stand.revealed
    stand = stand.toggle_quiz().step(deck, 1)
    assert stand.index == 1 and not stand.revealed
    assert stand.reveal().revealed and stand.step(deck, -1).index == 0
    last = replace(stand, index=len(deck.slides) - 1).reveal()
    assert last.step(deck, 1).index == last.index and last.step(deck, 1).revealed  # no new point, nothing hidden
    blank = replace(stand, blank=True)
    assert not blank.step(deck, 1).blank


def test_the_meridian_is_drawn_only_as_far_as_the_trainer_has_come(reference):
    deck = presenting.deck_from_sequence(reference, meridian_sequence(reference, "LI"))
    stand = replace(Stand(), index=2, drawing=True)
    assert presenting.drawn_so_far(deck, stand) == deck.codes[:3]
    assert presenting.drawn_so_far(deck, replace(stand, drawing=False)) == ()


def test_the_card_says_code_names_and_one_line_of_location(reference):
    card = presenting.card_for(reference.points["ST6"])
    assert card.heading.startswith("ST6") and reference.points["ST6"].hanzi in card.heading
    assert "\n" not in card.location and len(card.location) <= 160
    assert presenting.clock(65) == "1:05" and presenting.clock(3725) == "1:02:05"


def test_shown_points_follow_the_step(reference):
    deck = presenting.deck_from_lesson(reference, reference.lessons[0])
    side = next(n for n, s in enumerate(deck.slides) if s.shown == "step")
    assert presenting.shown_points(deck, replace(Stand(), index=side)) == set(deck.slides[side].points)
    assert presenting.shown_points(deck, replace(Stand(), index=0)) == set(deck.codes)
