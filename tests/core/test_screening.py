"""Screening questions, their flags and the waiting periods after cosmetic procedures: from
data/screening/ through the build into points.db and back through the app's reader, and what a
flag marks on the map."""

from __future__ import annotations

import shutil
import sqlite3
import tomllib
from pathlib import Path

import pytest

from pointmap.cli import main
from pointmap.core.errors import DataError
from pointmap.core.reference import (
    CLEAR,
    DISPUTED,
    WAIT,
    Reference,
    WaitingFigure,
    WaitingPeriod,
    cautions_concern,
)
from tests.conftest import REPO, copy_of_db

SCREENING = REPO / "data" / "screening"


# -- what the practitioner is asked, and the data behind it ----------------------------------------


def test_the_questions_come_back_in_the_order_they_are_written(reference):
    written = tomllib.loads((SCREENING / "questions.toml").read_text(encoding="utf-8"))["question"]
    assert [q.id for q in reference.screening] == [q["id"] for q in written]
    by_id = {q.id: q for q in reference.screening}
    for q in written:
        read = by_id[q["id"]]
        assert (read.question, read.answer_kind, read.flag) == (q["question"], q["answer_kind"], q["flag"])
        assert read.basis == tuple(q["basis"])
        assert read.detail_prompt == q.get("detail_prompt", "")


def test_every_topic_of_a_cosmetic_intake_is_asked(reference):
    raised = {q.flag for q in reference.screening}
    for flag in (
        "pregnancy",
        "bleeding",
        "hypertension",
        "epilepsy",
        "migraine",
        "skin-infection",
        "acute-illness",
        "recent-procedure",
        "fainting",
        "first-treatment",
        "tumour-at-site",
        "permanent-filler",
    ):
        assert flag in raised, flag
    pregnancy = [q.id for q in reference.screening if q.flag == "pregnancy"]
    assert {"pregnant", "trying-to-conceive"} <= set(pregnancy)
    dated = {q.id for q in reference.screening if q.answer_kind == "date"}
    assert dated == {"botulinum-toxin", "dermal-filler", "laser-or-peel", "thread-lift", "facial-surgery"}


def test_each_question_has_what_its_answer_needs(reference):
    for q in reference.screening:
        assert q.question.endswith("?"), q.id
        assert q.flag in reference.screening_flags, q.id
        assert q.basis and all(b in reference.sources for b in q.basis), q.id
        assert bool(q.detail_prompt) == (q.answer_kind == "yes-no-detail"), q.id
        assert (q.id in reference.waiting_periods) == (q.answer_kind == "date"), q.id
    for flag in reference.screening_flags.values():
        assert flag.title and flag.meaning.endswith("."), flag.id


def test_waiting_periods_keep_every_sources_figure_and_say_they_disagree(reference):
    for period in reference.waiting_periods.values():
        assert len(period.sources) >= 2, period.question_id  # clinics disagree: more than one voice
        assert period.note, period.question_id
        assert period.min_days == min(f.min_days for f in period.figures)
        assert period.max_days == max(f.max_days for f in period.figures)
        for figure in period.figures:
            source = reference.sources[figure.source]
            assert source.publisher and figure.context, figure
            assert source.url.startswith("https://") or source.year, figure.source
    botox = reference.waiting_periods["botulinum-toxin"]
    assert (botox.procedure, botox.min_days, botox.max_days) == ("Botulinum toxin injections", 14, 90)
    assert {"pointofhealing-facial", "foxhaven-botox", "visobello-aftercare"} <= set(botox.sources)
    assert "90" in reference.sources["pointofhealing-facial"].note  # the source record says what it gives


def test_every_waiting_figure_is_marked_as_clinic_guidance_not_a_standard(reference):
    cited = {f.source for p in reference.waiting_periods.values() for f in p.figures}
    assert cited
    for source_id in cited:
        assert reference.sources[source_id].kind == "clinic guidance", source_id
    assert "not a published standard" in (REPO / "data" / "sources.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("days", "status"),
    [(0, WAIT), (13, WAIT), (14, DISPUTED), (89, DISPUTED), (90, CLEAR), (4000, CLEAR)],
)
def test_a_procedure_date_is_inside_outside_or_within_the_disputed_range(days, status):
    period = WaitingPeriod(
        "botulinum-toxin",
        "Botulinum toxin",
        14,
        90,
        "",
        (WaitingFigure("a", 14, 21, ""), WaitingFigure("b", 90, 90, "")),
    )
    assert period.status(days) == status


def test_a_procedure_in_the_future_is_refused():
    period = WaitingPeriod("x", "X", 7, 30, "", (WaitingFigure("a", 7, 30, ""),))
    with pytest.raises(ValueError, match="future"):
        period.status(-1)


# -- what a flag marks on the map --------------------------------------------------------------------


def face_points(reference) -> set[str]:
    return {code for code, p in reference.points.items() if p.region == "face"}


def test_pregnancy_marks_li4_and_the_abdomen_and_nothing_on_the_face(reference):
    marked = set(reference.points_flagged("pregnancy"))
    assert {"LI4", "CV3", "CV4", "ST28", "SP12", "KI11"} <= marked
    assert "CV5" in marked  # its caution is about anyone wishing to conceive
    assert not marked & face_points(reference)
    assert "LI11" not in marked and "PC6" not in marked


def test_bleeding_marks_the_anticoagulant_and_easy_bruising_points_not_every_bruise(reference):
    marked = set(reference.points_flagged("bleeding"))
    assert {"ST1", "BL1", "EX-HN7"} <= marked  # 'do not needle a patient who takes anticoagulants'
    assert {"LU11", "LI1", "HT9"} <= marked  # bleeding points: clotting problems named
    assert {"ST5", "TE22", "EX-HN5"} <= marked  # facial artery, temple: bruises easily, haematomas
    assert "ST6" not in marked  # only the routine 'press to avoid a bruise'
    assert "GB4" not in marked and "GV23" not in marked  # the scalp bleeds freely, but stops with pressure
    assert len(marked & face_points(reference)) < len(face_points(reference)) / 2


def test_no_flag_marks_half_the_face_by_accident(reference):
    face = face_points(reference)
    for flag in reference.screening_flags:
        assert len(set(reference.points_flagged(flag)) & face) < len(face) / 2, flag


def test_fainting_infection_and_surgery_mark_the_points_their_cautions_name(reference):
    assert {"LI4", "SI3", "EX-UE7", "GV26"} <= set(reference.points_flagged("fainting"))
    assert {"LI20", "GV25", "EX-HN6"} <= set(reference.points_flagged("skin-infection"))
    # the eye after eye surgery, and the knee eyes and Heding after knee surgery (the joint under the needle)
    assert set(reference.points_flagged("recent-surgery")) == {
        "ST1",
        "BL1",
        "EX-HN7",
        "ST35",
        "EX-LE2",
        "EX-LE4",
        "EX-LE5",
    }
    assert reference.flags_of("ST1") == ("bleeding", "recent-surgery")
    assert reference.flags_of("ST6") == ()


def test_an_electric_sensation_is_not_electro_acupuncture(reference):
    assert "electric sensation" in reference.points["PC6"].cautions
    assert reference.points_flagged("electrical-implant") == ()


def test_flags_with_nothing_in_the_cautions_mark_no_point_but_still_mean_something(reference):
    for flag in ("hypertension", "epilepsy", "migraine", "acute-illness", "metal-allergy"):
        assert reference.points_flagged(flag) == ()
        assert reference.screening_flags[flag].meaning


def test_an_unknown_flag_is_a_key_error(reference):
    with pytest.raises(KeyError):
        reference.points_flagged("no-such-flag")


@pytest.mark.parametrize(
    ("cautions", "terms", "concerned"),
    [
        ("PREGNANCY: do not needle.", ["pregnan"], True),
        ("Contraindicated in Pregnancy.", ["PREGNAN"], True),
        ("Disinfect the skin first.", ["infect"], False),  # a term starts a word
        ("Never needle infected skin.", ["infect"], True),
        ("Withdraw if an electric sensation appears.", ["electro-acupuncture"], False),
        ("A haematoma forms easily.", ["hematoma", "haematoma"], True),
        ("Anything at all.", [], False),
        ("Press after withdrawal to avoid a bruise.", ["bruises easily", "bruise easily"], False),
    ],
)
def test_caution_terms_are_found_where_a_word_starts_case_ignored(cautions, terms, concerned):
    assert cautions_concern(cautions, terms) is concerned


def test_what_a_flag_marks_follows_the_cautions_in_the_database(tmp_path):
    path = copy_of_db(tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE points SET cautions = 'Take care in anticoagulated patients.' WHERE code = 'ST6'")
    conn.execute("UPDATE points SET cautions = 'Routine.' WHERE code = 'LI4'")
    conn.commit()
    conn.close()
    reference = Reference.load(path)
    assert "ST6" in reference.points_flagged("bleeding")
    assert "LI4" not in reference.points_flagged("pregnancy")


# -- the build: a sentence for every mistake in data/screening/ ------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "data", tmp_path / "data")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def build_fails(tree: Path, capsys) -> list[str]:
    """'pointmap db build' refuses: exit 1, a sentence per problem, points.db as it was."""
    db_file = tree / "data" / "points.db"
    before = db_file.read_bytes()
    assert main(["db", "build", "--root", str(tree)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert db_file.read_bytes() == before
    assert not list((tree / "data").glob(".points-*"))
    return [line.strip(" -") for line in err.splitlines() if line.strip()]


QUESTIONS = "screening/questions.toml"
FLAGS = "screening/flags.toml"
WAITING = "screening/waiting-periods.toml"
FIRST_FIGURE = 'id = "visobello-aftercare"\nmin_days = 14\nmax_days = 21'

SOURCE_MISTAKES = [
    (
        "min above max",
        WAITING,
        FIRST_FIGURE,
        'id = "visobello-aftercare"\nmin_days = 30\nmax_days = 21',
        "waiting-periods.toml (waiting period of botulinum-toxin), source 1: min_days (30) is more than max_days (21).",
    ),
    (
        "negative days",
        WAITING,
        FIRST_FIGURE,
        'id = "visobello-aftercare"\nmin_days = -3\nmax_days = 21',
        "source 1: min_days and max_days must be whole days from 0 to 3,650.",
    ),
    (
        "days as text",
        WAITING,
        FIRST_FIGURE,
        'id = "visobello-aftercare"\nmin_days = "14"\nmax_days = 21',
        "'min_days' must be a whole number, not text ('14').",
    ),
    (
        "fractional days",
        WAITING,
        FIRST_FIGURE,
        'id = "visobello-aftercare"\nmin_days = 14.5\nmax_days = 21',
        "'min_days' must be a whole number, not 14.5.",
    ),
    (
        "unknown source of a figure",
        WAITING,
        FIRST_FIGURE,
        'id = "a-blog-somewhere"\nmin_days = 14\nmax_days = 21',
        "source 1: 'a-blog-somewhere' is not a source in data/sources.toml.",
    ),
    (
        "a figure without its source",
        WAITING,
        FIRST_FIGURE,
        "min_days = 14\nmax_days = 21",
        "lacks id.",
    ),
    (
        "a waiting period without a note",
        WAITING,
        'procedure = "Thread lift"\nnote = "',
        'procedure = "Thread lift"\nnotes = "',
        "(waiting period of thread-lift): missing required field(s) note.",
    ),
    (
        "a waiting period for a yes/no question",
        WAITING,
        'question = "thread-lift"',
        'question = "migraine"',
        "question migraine is answered yes-no-detail; only a date has one.",
    ),
    (
        "a date question without a waiting period",
        WAITING,
        'question = "facial-surgery"',
        'question = "facial-surgeryy"',
        "(question facial-surgery): it asks for a date, so it needs a waiting period",
    ),
    (
        "unknown flag",
        QUESTIONS,
        'flag = "migraine"',
        'flag = "headache"',
        "(question migraine): it raises flag 'headache', which no [[flag]] in data/screening/ defines.",
    ),
    (
        "unknown source of a question",
        QUESTIONS,
        'basis = ["pointofhealing-facial"]',
        'basis = ["pointofhealing-facial", "hearsay"]',
        "(question epilepsy): it cites unknown source 'hearsay' (see data/sources.toml).",
    ),
    (
        "unknown answer kind",
        QUESTIONS,
        'answer_kind = "yes-no"\nflag = "pregnancy"',
        'answer_kind = "maybe"\nflag = "pregnancy"',
        "(question pregnant): answer_kind 'maybe' is not one of yes-no, yes-no-detail, date.",
    ),
    (
        "a detail question without its prompt",
        QUESTIONS,
        'detail_prompt = "Where"\n',
        "",
        "(question skin-infection): a yes-no-detail question needs a detail_prompt",
    ),
    (
        "markup in a question",
        QUESTIONS,
        "Do you get migraines?",
        "Do you get <b>migraines</b>?",
        "(question migraine): 'question' contains HTML-like markup; write plain text.",
    ),
    (
        "an id that is not kebab-case",
        QUESTIONS,
        'id = "migraine"',
        'id = "Migraine Now"',
        "question id 'Migraine Now' must be kebab-case",
    ),
    (
        "a question asked twice",
        QUESTIONS,
        'id = "trying-to-conceive"',
        'id = "pregnant"',
        "question id 'pregnant' is used twice.",
    ),
    (
        "a term that is too short",
        FLAGS,
        'terms = ["migraine"]',
        'terms = ["ear"]',
        "(flag migraine): caution term 1 ('ear') is shorter than 4 characters",
    ),
    (
        "a term given as a string",
        FLAGS,
        'terms = ["migraine"]',
        'terms = "migraine"',
        "'terms' must be a list (e.g. terms = [\"pregnan\"]), not text ('migraine').",
    ),
    (
        "markup in a flag's meaning",
        FLAGS,
        'meaning = "Needling the face',
        'meaning = "<i>Needling</i> the face',
        "(flag migraine): 'meaning' contains HTML-like markup; write plain text.",
    ),
    (
        "a flag no question raises",
        FLAGS,
        '[[flag]]\nid = "migraine"',
        '[[flag]]\nid = "spare"\ntitle = "Spare"\nmeaning = "Nothing."\n\n[[flag]]\nid = "migraine"',
        "(flag spare): no question raises it; name it in a question or remove it.",
    ),
    (
        "a misspelt array",
        FLAGS,
        "[[flag]]\n",
        "[[flags]]\n",
        "'flags' is not one of the arrays a screening file holds ([[flag]], [[question]], [[waiting]]).",
    ),
    (
        "a source address that is not one",
        "sources.toml",
        'url = "https://onyxintegrative.com',
        'url = "onyxintegrative.com',
        "data/sources.toml (source onyx-pdo): url must be a web address (https://…).",
    ),
]


@pytest.mark.parametrize(
    ("file", "old", "new", "said"),
    [pytest.param(*case[1:], id=case[0]) for case in SOURCE_MISTAKES],
)
def test_a_mistake_in_the_screening_sources_is_one_sentence(tree, capsys, file, old, new, said):
    edit(tree / "data" / file, old, new)
    lines = build_fails(tree, capsys)
    found = [line for line in lines if said in line]
    assert found, lines
    assert all(line.endswith(".") for line in found)


def test_db_check_reports_the_same_sentences(tree, capsys):
    edit(tree / "data" / WAITING, FIRST_FIGURE, 'id = "visobello-aftercare"\nmin_days = 30\nmax_days = 21')
    assert main(["db", "check", "--root", str(tree)]) == 1
    assert "min_days (30) is more than max_days (21)." in capsys.readouterr().out


def test_a_new_question_reaches_the_app_after_a_build(tree):
    from pointmap.core.authoring.build import build

    edit(
        tree / "data" / QUESTIONS,
        '[[question]]\nid = "metal-allergy"',
        '[[question]]\nid = "keloids"\nquestion = "Do you scar easily or form keloids?"\n'
        'answer_kind = "yes-no"\nflag = "skin-infection"\nbasis = ["common-practice"]\n\n'
        '[[question]]\nid = "metal-allergy"',
    )
    edit(tree / "data" / FLAGS, '"cold sore", "herpes"]', '"cold sore", "herpes", "umbilic"]')
    assert build(tree).changed
    reference = Reference.load(tree / "data" / "points.db")
    ids = [q.id for q in reference.screening]
    assert ids.index("keloids") == ids.index("metal-allergy") - 1
    assert "CV8" in reference.points_flagged("skin-infection")
    assert "umbilic" in reference.screening_flags["skin-infection"].terms


# -- the reader: damaged screening rows are refused in a sentence ------------------------------------

DAMAGE = {
    "a question raises a flag that is gone": (
        "UPDATE screening_questions SET flag = 'gone' WHERE id = 'migraine'",
        "screening question migraine raises flag 'gone', which is not in the data",
    ),
    "caution terms of a flag that is gone": (
        "UPDATE screening_caution_terms SET flag = 'gone' WHERE flag = 'pregnancy'",
        "caution terms name screening flag 'gone', which is not in the data",
    ),
    "a waiting period running backwards": (
        "UPDATE waiting_periods SET min_days = 200 WHERE question_id = 'botulinum-toxin'",
        "a waiting period of botulinum-toxin runs from 200 down to 90 days",
    ),
    "a range that is not its figures' span": (
        "UPDATE waiting_periods SET max_days = 60 WHERE question_id = 'botulinum-toxin'",
        "the waiting period of botulinum-toxin (14-60 days) is not the span of its sources' figures (14-90 days)",
    ),
    "a figure from an unknown source": (
        "UPDATE waiting_period_sources SET source_id = 'hearsay' WHERE question_id = 'thread-lift'",
        "the waiting period of thread-lift cites source 'hearsay', which is not in the data",
    ),
    "a date question that lost its waiting period": (
        "DELETE FROM waiting_period_sources WHERE question_id = 'thread-lift';"
        "DELETE FROM waiting_periods WHERE question_id = 'thread-lift'",
        "screening question thread-lift asks for a date but has no waiting period",
    ),
    "figures of a waiting period that is gone": (
        "DELETE FROM waiting_periods WHERE question_id = 'thread-lift'",
        "a waiting-period source names question 'thread-lift', which has no waiting period",
    ),
    "a waiting period for a yes/no question": (
        "UPDATE screening_questions SET answer_kind = 'yes-no' WHERE id = 'dermal-filler'",
        "a waiting period belongs to question 'dermal-filler', which does not ask for a date",
    ),
    "an answer kind the app does not know": (
        "UPDATE screening_questions SET answer_kind = 'maybe' WHERE id = 'migraine'",
        "row migraine, column 'answer_kind' holds 'maybe'; expected one of yes-no, yes-no-detail, date",
    ),
    "negative days": (
        "UPDATE waiting_period_sources SET min_days = -1 WHERE question_id = 'laser-or-peel' AND position = 1",
        "column 'min_days' holds -1; expected a number from 0 to 3650",
    ),
}


def damaged(tmp_path: Path, sql: str) -> Path:
    path = copy_of_db(tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.executescript(sql)
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damaged_screening_rows_are_refused_in_a_sentence(tmp_path, capsys, damage):
    sql, said = DAMAGE[damage]
    path = damaged(tmp_path, sql)
    with pytest.raises(DataError) as caught:
        Reference.load(path)
    message = str(caught.value)
    assert said in message and "\n" not in message
    assert "pointmap db build" in message
    assert main(["--data", str(path), "db", "check"]) == 1  # db check refuses what the app refuses
    assert said in capsys.readouterr().out
