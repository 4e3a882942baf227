"""Study mode below the window: a click measured in cun on its view and said in anatomical words, typed
names matched like the search box, facts built from the data, FSRS scheduling, decks, progress, exam
sheets and the Anki package."""

from __future__ import annotations

import io
import random
import re
import sqlite3
import time
import zipfile
from datetime import datetime, timedelta

import pytest

from pointmap.core.errors import UserDataError
from pointmap.core.geometry import Vec
from pointmap.core.geometry.local import Frames
from pointmap.core.study import anki, decks, exam, progress, questions
from pointmap.core.study import scheduler as sched
from pointmap.core.userdata import SCHEMA_VERSION, open_store, study
from tests.support.userdata_helpers import NOW


@pytest.fixture(scope="module")
def frames(reference):
    return Frames(reference)


def spot_of(reference, code, diagram, side):
    d = reference.diagrams[diagram]
    (p,) = [p for p in reference.positions_of(code, diagram) if p.side == side]
    return Vec(p.x * d.width, p.y * d.height)


def landmark(reference, diagram, name, side="midline"):
    d = reference.diagrams[diagram]
    mark = d.landmark(name, side)
    return Vec(mark.x * d.width, mark.y * d.height)


# -- a click measured in cun ---------------------------------------------------------------------


def test_a_click_below_cv4_is_measured_in_the_five_cun_of_the_lower_abdomen(reference, frames):
    umbilicus = landmark(reference, "abdomen", "umbilicus")
    pubis = landmark(reference, "abdomen", "pubic-symphysis")
    lower_cun = (pubis.y - umbilicus.y) / 5
    click = spot_of(reference, "CV4", "abdomen", "midline") + Vec(0, lower_cun)
    found = questions.judge_locate(reference, frames, "CV4", "abdomen", click)
    assert found.distance == pytest.approx(1.0, abs=0.01)  # the upper abdomen's 8 cun would make it 1.6
    assert found.outcome == sched.CLOSE
    assert found.miss.parts() == ["1.0 cun too far inferior"]


def test_a_click_along_the_forearm_says_distal_in_the_forearms_cun(reference, frames):
    wrist, elbow = (
        spot_of(reference, "PC7", "arm-anterior", "right"),
        spot_of(reference, "PC3", "arm-anterior", "right"),
    )
    toward_wrist = (wrist - elbow).scaled(1 / 12)  # one forearm cun, toward the wrist
    click = spot_of(reference, "PC6", "arm-anterior", "right") + toward_wrist.scaled(0.8)
    found = questions.judge_locate(reference, frames, "PC6", "arm-anterior", click)
    assert found.miss.sentence() == "0.8 cun too far distal."
    assert found.outcome == sched.CLOSE and found.position.side == "right"


def test_a_point_at_a_landmark_takes_the_cun_of_the_grid_segment_that_spans_it(reference, frames):
    # PC7 lies at the wrist crease (no proportional line of its own): the forearm's 12 cun measure it,
    # not the upper arm's 9
    elbow = landmark(reference, "arm-anterior", "biceps-tendon", "right")
    wrist = landmark(reference, "arm-anterior", "wrist-crease-middle", "right")
    click = spot_of(reference, "PC7", "arm-anterior", "right") + (elbow - wrist).scaled(1 / 12)
    found = questions.judge_locate(reference, frames, "PC7", "arm-anterior", click)
    assert found.miss.parts() == ["1.0 cun too far proximal"]


def test_lateral_means_away_from_the_midline_on_either_side(reference, frames):
    for side, outward in (("right", -1), ("left", 1)):  # a front view draws the subject's right on the left
        click = spot_of(reference, "ST25", "abdomen", side) + Vec(
            outward * 24, 0
        )  # just under half a cun: the nipples 8 cun apart
        found = questions.judge_locate(reference, frames, "ST25", "abdomen", click)
        assert found.position.side == side
        assert found.miss.parts() == ["0.5 cun too far lateral"]
        assert found.outcome == sched.CORRECT


def test_beside_a_midline_point_is_named_by_the_subjects_side_and_a_profile_by_front_and_back(reference, frames):
    click = spot_of(reference, "CV12", "abdomen", "midline") + Vec(-60, 0)  # the viewer's left: the subject's right
    assert questions.judge_locate(reference, frames, "CV12", "abdomen", click).miss.parts() == [
        "1.2 cun to the subject's right"
    ]
    nose_side = spot_of(reference, "SI19", "face-lateral", "right") + Vec(40, 0)  # the face looks to the right
    assert "too far anterior" in questions.judge_locate(reference, frames, "SI19", "face-lateral", nose_side).sentence()


def test_bands_are_a_setting_and_the_nearest_side_counts(reference, frames):
    right = spot_of(reference, "ST6", "face", "right")
    unit = frames.frame(reference.positions_of("ST6", "face")[0]).long_unit
    click = right + Vec(0, 0.7 * unit)
    assert questions.judge_locate(reference, frames, "ST6", "face", click).outcome == sched.CLOSE
    strict = questions.Bands(correct=0.25, close=0.5)
    assert questions.judge_locate(reference, frames, "ST6", "face", click, strict).outcome == sched.WRONG
    loose = questions.Bands(correct=1.0, close=2.0)
    assert questions.judge_locate(reference, frames, "ST6", "face", click, loose).outcome == sched.CORRECT
    assert questions.judge_locate(reference, frames, "ST6", "face", right).miss.sentence().startswith("Right on")


@pytest.mark.parametrize(("cun", "verdict", "said"), [(1.04, "Not there", "1.04 cun"), (0.96, "Close", "1.0 cun")])
def test_a_miss_just_past_a_bands_edge_is_never_said_as_the_edge(reference, frames, cun, verdict, said):
    """'Not there. 1.0 cun off' would contradict the band that calls 1.0 cun close: say 1.04."""
    right = spot_of(reference, "ST6", "face", "right")
    unit = frames.frame(reference.positions_of("ST6", "face")[0]).long_unit
    sentence = questions.judge_locate(reference, frames, "ST6", "face", right + Vec(0, cun * unit)).sentence()
    assert sentence.startswith(verdict) and said in sentence, sentence


def test_a_click_off_the_drawing_is_no_answer(reference):
    assert questions.inside(reference, "face", Vec(10, 10))
    assert not questions.inside(reference, "face", Vec(-5, 10))
    assert not questions.inside(reference, "face", Vec(10, reference.diagrams["face"].height + 1))


def test_scoring_a_locate_answer_takes_well_under_a_millisecond(reference):
    fresh = Frames(reference)
    started = time.perf_counter()
    for n in range(200):
        questions.judge_locate(reference, fresh, "LI4", "hand-dorsal", Vec(100 + n, 700))
    assert (time.perf_counter() - started) / 200 < 0.001


# -- names and facts ------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["te5", "TB5", "SJ 5", "waiguan", "Wàiguān", "外关"])
def test_a_typed_name_is_matched_like_the_search_box(reference, index, typed):
    assert questions.judge_name(reference, index, "TE5", typed).correct


def test_a_wrong_name_says_which_point_it_is_and_an_empty_one_is_no_answer(reference, index):
    wrong = questions.judge_name(reference, index, "TE5", "PC6")
    assert not wrong.correct and "PC6" in wrong.said and "TE5" in wrong.said
    assert questions.judge_name(reference, index, "TE5", "   ") is None
    assert "No point is called" in questions.judge_name(reference, index, "TE5", "qwertz").said


def test_facts_are_multiple_choice_built_from_the_data(reference):
    rng = random.Random(7)
    seen = set()
    for _ in range(30):
        choice = questions.facts_question(reference, "ST6", "code", rng)
        point = reference.points["ST6"]
        seen.add(choice.topic)
        assert len(choice.options) == len(set(choice.options)) >= 3
        wrong = [o for n, o in enumerate(choice.options) if n != choice.answer]
        if choice.topic == questions.DEPTH:
            assert choice.right == point.depth.strip() or point.depth.startswith(choice.right.rstrip("…"))
        elif choice.topic == questions.CAUTIONS:
            assert point.cautions.startswith(choice.right.rstrip("…"))
            assert not any(w.rstrip(".").casefold() in point.cautions.casefold() for w in wrong)
        else:
            assert choice.right.startswith(reference.points["ST7"].pinyin)
    assert seen == {questions.DEPTH, questions.CAUTIONS, questions.NEXT}
    a = questions.facts_question(reference, "LI4", "code", random.Random(3))
    assert a == questions.facts_question(reference, "LI4", "code", random.Random(3))


# -- decks -----------------------------------------------------------------------------------------


def test_decks_of_every_kind(reference, frames):
    assert decks.deck_for(reference, "region", "arm").codes == tuple(p.code for p in reference.points_in("arm"))
    view = decks.deck_for(reference, "view", "face-lateral")
    assert view.view == "face-lateral" and set(view.codes) == {
        p.point_code for p in reference.positions["face-lateral"]
    }
    assert decks.deck_for(reference, "meridian", "LI").codes[:3] == ("LI1", "LI2", "LI3")
    protocol = reference.protocols[0]
    assert decks.deck_for(reference, "protocol", protocol.id).codes[0] == protocol.steps[0].point_code
    assert decks.deck_for(reference, "favourites", "all", favourites=["LI4", "XX9", "CV12"]).codes == ("LI4", "CV12")
    assert decks.deck_for(reference, "picked", "set", picked=["ST6", "ST6", "PC6"]).codes == ("ST6", "PC6")
    assert decks.deck_for(reference, "picked", "set").empty
    assert decks.deck_for(reference, "region", "knee") is None and decks.deck_for(reference, "view", "x") is None


def test_a_view_deck_asks_on_its_view_and_a_name_never_follows_its_answer(reference, frames):
    view = decks.deck_for(reference, "view", "face-lateral")
    assert all(decks.locate_view(reference, code, view) == "face-lateral" for code in view.codes)
    order = decks.cards_of(reference, frames, decks.deck_for(reference, "meridian", "ST"))
    for n, (code, kind) in enumerate(order):
        if kind != "locate":
            earlier = [c for c, k in order[max(0, n - 2) : n]]
            assert code not in earlier  # at least two other cards between a point's questions


# -- scheduling ------------------------------------------------------------------------------------


def state(code, kind="locate", due="2026-12-01T12:00:00+00:00", st=sched.REVIEW):
    return sched.CardState(code, kind, st, None, 5.0, 5.0, due, "2026-11-30T12:00:00+00:00")


def test_the_most_overdue_card_comes_first_then_new_cards_within_the_days_limit():
    deck = [("A", "locate"), ("B", "locate"), ("C", "locate"), ("D", "locate")]
    states = {("A", "locate"): state("A", due="2026-12-01T13:00:00+00:00"), ("B", "locate"): state("B")}
    first = sched.choose_next(deck, states, NOW, new_left=5)
    assert first.card == ("B", "locate") and first.due_now == 2 and not first.is_new
    states.pop(("B", "locate"))
    states.pop(("A", "locate"))
    assert sched.choose_next(deck, states, NOW, new_left=1).card == ("A", "locate")
    none_left = sched.choose_next(deck, {k: state(k[0], due="2026-12-09T00:00:00+00:00") for k in deck[:2]}, NOW, 0)
    assert none_left.card is None and none_left.next_due == "2026-12-09T00:00:00+00:00"


def test_the_point_just_answered_waits_while_another_card_can_come():
    deck = [("A", "locate"), ("A", "name"), ("B", "locate")]
    states = {("A", "name"): state("A", "name")}
    assert sched.choose_next(deck, states, NOW, 5, avoid="A").card == ("B", "locate")
    assert sched.choose_next(deck, states, NOW, 0, avoid="A").card == ("A", "name")  # nothing else can


def test_choosing_among_five_thousand_cards_takes_under_five_ms():
    deck = [(f"P{n}", kind) for n in range(1667) for kind in sched.KINDS][:5000]
    states = {k: state(k[0], k[1], due=f"2026-12-{1 + n % 20:02d}T00:00:00+00:00") for n, k in enumerate(deck[:4000])}
    sched.choose_next(deck, states, NOW, 20)
    started = time.perf_counter()
    for _ in range(20):
        sched.choose_next(deck, states, NOW, 20, avoid="P1")
    assert (time.perf_counter() - started) / 20 < 0.005


def test_fsrs_moves_a_card_on_by_its_rating():
    again = sched.review(None, "ST6", "locate", sched.AGAIN, NOW, fuzz=False)
    good = sched.review(None, "ST6", "locate", sched.GOOD, NOW, fuzz=False)
    assert again.due < good.due and again.state == good.state == sched.LEARNING
    graduated = sched.review(good, "ST6", "locate", sched.GOOD, NOW + timedelta(minutes=11), fuzz=False)
    assert graduated.state == sched.REVIEW and graduated.due > sched.utc_text(NOW + timedelta(days=1))
    assert graduated.reviews == 2 and graduated.introduced_at == good.introduced_at


# -- the user database ---------------------------------------------------------------------------


@pytest.fixture
def store(tmp_path):
    opened = open_store(tmp_path / "userdata.db", tmp_path / "backups", now=NOW)
    yield opened.store
    opened.store.close()


def test_an_answer_is_kept_with_its_card_and_never_rewritten(store):
    card, _review = study.record(
        store, "ST6", "locate", 3, "correct", NOW, diagram="face", error_cun=0.31, answer="0.4,0.5", duration_ms=900
    )
    assert study.card(store, "ST6", "locate") == card
    (kept,) = study.reviews(store)
    assert (kept.outcome, kept.error_cun, kept.diagram, kept.at) == (
        "correct",
        0.31,
        "face",
        "2026-12-01T14:17:19+01:00",
    )
    assert kept.due_after == card.due and study.introduced_on(store, "2026-12-01") == 1
    with pytest.raises(sqlite3.IntegrityError, match="append-only"), store.write() as conn:
        conn.execute("UPDATE study_reviews SET outcome = 'wrong'")
    study.record(store, "ST6", "locate", 1, "wrong", NOW + timedelta(minutes=5), error_cun=1.4)
    assert study.card(store, "ST6", "locate").reviews == 2 and study.review_count(store) == 2
    assert study.introduced_on(store, "2026-12-01") == 1  # the same card: not a new one again


def test_an_answer_that_cannot_be_kept_leaves_nothing(store):
    with pytest.raises(UserDataError):
        study.record(store, "ST6", "guess", 3, "correct", NOW)
    with pytest.raises(ValueError):
        study.record(store, "ST6", "locate", 7, "correct", NOW)
    assert study.cards(store) == {} and study.reviews(store) == []


def test_study_settings_are_kept_and_checked(store):
    chosen = study.StudySettings(correct_cun=0.3, close_cun=0.8, new_per_day=5, prompt="english", picked=("LI4",))
    study.save_settings(store, chosen)
    assert study.settings(store) == chosen
    with pytest.raises(UserDataError, match="larger"):
        study.save_settings(store, study.StudySettings(correct_cun=1.0, close_cun=0.5))
    assert study.settings(store) == chosen  # nothing of the refused settings was kept


# -- progress --------------------------------------------------------------------------------------


def test_progress_streak_errors_over_time_and_due_counts(reference, frames, store):
    day0 = NOW - timedelta(days=2)
    for n, (code, error) in enumerate([("ST6", 0.4), ("CV12", 1.2)]):
        study.record(store, code, "locate", 3, "correct", day0 + timedelta(minutes=n), error_cun=error, fuzz=False)
    study.record(store, "ST6", "locate", 3, "correct", NOW - timedelta(days=1), error_cun=0.2, fuzz=False)
    study.record(store, "LI4", "name", 1, "wrong", NOW, fuzz=False)
    universe = decks.all_cards(reference, frames)
    found = progress.progress(reference, universe, study.cards(store), study.reviews(store), NOW)
    assert found.streak == 3 and found.studied_today == 1 and found.total_reviews == 4
    assert [(d.day, d.reviews, d.mean_error) for d in found.days[progress.ALL]] == [
        ("2026-11-29", 2, pytest.approx(0.8)),
        ("2026-11-30", 1, pytest.approx(0.2)),
        ("2026-12-01", 1, None),
    ]
    face = next(g for g in found.regions if g.key == "region:face")
    assert face.seen == 1 and face.mean_error == pytest.approx(0.3)
    st = next(g for g in found.meridians if g.key == "meridian:ST")
    assert st.cards == sum(1 for c, _k in universe if c.startswith("ST")) and st.reviews == 2
    assert found.due_now >= 1 and found.due_today >= found.due_now  # LI4, answered wrong, is due again in a minute
    lines = "\n".join(progress.report_lines(found))
    assert "Streak: 3 days" in lines and "ST Stomach" in lines and "0.30 cun" in lines
    assert progress.streak(["2026-11-29"], NOW.date()) == 0  # a day missed breaks it


def test_mastered_share_over_time_replays_each_answer():
    class R:
        def __init__(self, at, code, state_after, stability):
            self.at, self.point_code, self.kind = at, code, "locate"
            self.state_after, self.stability_after, self.error_cun = state_after, stability, None

    from pointmap.core.reference import Reference

    ref = Reference.load()
    universe = [("ST6", "locate"), ("ST7", "locate")]
    days = progress.timelines(
        ref,
        universe,
        [
            R("2026-11-01T10:00", "ST6", 2, 30.0),
            R("2026-11-02T10:00", "ST7", 2, 25.0),
            R("2026-11-03T10:00", "ST6", 3, 2.0),
        ],
    )[progress.ALL]
    assert [d.mastered_share for d in days] == [0.5, 1.0, 0.5]


# -- exam sheets and Anki --------------------------------------------------------------------------


def test_an_exam_sheet_numbers_every_point_once_and_its_key_matches(reference):
    deck = decks.deck_for(reference, "meridian", "ST")
    sheet = exam.exam_sheet(reference, deck, seed=4)
    markers = [m for page in sheet.pages for m in page.markers]
    assert sorted(m.code for m in markers) == sorted(deck.codes) and not sheet.left_out
    assert [m.number for m in markers] == list(range(1, len(markers) + 1))
    assert [(k.number, k.code) for k in sheet.key] == [(m.number, m.code) for m in markers]
    assert {p.diagram for p in sheet.pages} <= {"face", "abdomen", "leg-anterior", "foot-dorsal"}  # ST35-ST45 too
    assert [m.code for m in markers] != list(deck.codes)  # shuffled: the order gives nothing away
    assert exam.exam_sheet(reference, deck, seed=4) == sheet


def test_an_anki_package_holds_a_note_and_two_images_per_point_with_texts_escaped(tmp_path):
    notes = [
        anki.AnkiNote("ST6", "Jiáchē", "颊车", "Jaw <b>Vehicle</b>", "At the jaw.", "Step.", "face.png", "ST6.png"),
        anki.AnkiNote("ST7", "Xiàguān", "下关", "Below the Joint", "Front of the ear.", "", "face.png", "ST7.png"),
    ]
    media = {"face.png": b"blank", "ST6.png": b"st6", "ST7.png": b"st7"}
    data = anki.package_bytes("Stomach", "meridian", "ST", notes, media)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert sorted(__import__("json").loads(archive.read("media")).values()) == ["ST6.png", "ST7.png", "face.png"]
    collection = archive.read("collection.anki2")
    path = tmp_path / "collection.anki2"
    path.write_bytes(collection)
    conn = sqlite3.connect(path)
    fields = [row[0] for row in conn.execute("SELECT flds FROM notes ORDER BY id")]
    assert conn.execute("SELECT count(*) FROM cards").fetchone()[0] == 4  # Locate and Name for each
    conn.close()
    assert "Jaw &lt;b&gt;Vehicle&lt;/b&gt;" in fields[0] and '<img src="ST6.png">' in fields[0]
    assert anki.deck_id("meridian", "ST") == anki.deck_id("meridian", "ST") != anki.deck_id("meridian", "LI")


def test_now_is_aware():
    assert isinstance(NOW, datetime) and NOW.tzinfo is not None


# -- the command line ------------------------------------------------------------------------------


def test_study_stats_prints_the_progress_and_reads_only(tmp_path, capsys):
    import json
    import shutil

    from pointmap.cli import main
    from tests.support.userdata_helpers import FIXTURES, digest

    folder = tmp_path / "user"
    folder.mkdir()
    shutil.copyfile(FIXTURES / f"v{SCHEMA_VERSION}.db", folder / "userdata.db")
    before = digest(folder / "userdata.db")
    assert main(["--user-data", str(folder), "study", "stats"]) == 0
    out = capsys.readouterr().out
    assert "Due today:" in out and "Regions" in out and "ST Stomach" in out
    assert re.search(r"Face\s+\d+\s+1\s+0%\s+0%\s+0\.85 cun", out)  # ST6 answered 0.3 then 1.4 cun off
    assert main(["--user-data", str(folder), "study", "stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["answers"] == 4 and data["all"]["mean_locate_error_cun"] == pytest.approx(0.85)
    assert digest(folder / "userdata.db") == before
    assert main(["--user-data", str(tmp_path / "none"), "study", "stats"]) == 1
    assert "no user database" in capsys.readouterr().err
