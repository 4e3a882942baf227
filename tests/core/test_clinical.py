"""Clinical content a practitioner relies on: the emergency procedures, the safety figures that
must read the same wherever the app states them, cautions, names and the screening topics."""

from __future__ import annotations

import re
import shutil

import pytest

from pointmap.cli import main
from pointmap.core.authoring.build import build
from tests.conftest import REPO

WORD_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "six": 6}
DAYS = {"day": 1, "week": 7, "month": 30}


def amounts(text: str) -> list[tuple[int, str]]:
    """(number, unit) for every '2 minutes', 'three months', 'a minute' in a text."""
    found = []
    for number, unit in re.findall(r"\b(\d+|a|one|two|three|four|six)[ -](second|minute|day|week|month)s?\b", text):
        found.append((int(number) if number.isdigit() else WORD_NUMBERS[number], unit))
    return found


def item(reference, checklist_id, words):
    checklist = next(c for c in reference.checklists if c.id == checklist_id)
    return next(i for i in checklist.items if all(w in i.text.lower() for w in words))


def test_pressure_after_needling_near_the_eye_is_one_figure_wherever_it_is_stated(reference):
    figure = amounts(item(reference, "after-treatment-removal", ("eye", "press")).text)
    assert figure == [(2, "minute")]
    stated = {
        code: amounts(p.cautions)
        for code, p in reference.points.items()
        if re.search(r"\b(eye|orbit)", p.cautions) and amounts(p.cautions)
    }
    assert {"ST1", "BL1", "EX-HN7", "GB1"} <= set(stated)
    for code, found in stated.items():
        assert found == figure, f"{code} says {found}, the checklist {figure}"
    eye_incident = next(c for c in reference.checklists if c.id == "incident-eye-bleeding")
    assert amounts(eye_incident.items[0].text) == figure


def test_waiting_periods_quoted_in_checklists_and_protocols_are_those_of_the_screening(reference):
    periods = reference.waiting_periods
    in_days = {(n, unit): n * DAYS[unit] for n, unit in [(1, "week"), (2, "week"), (3, "month"), (6, "month")]}
    asked = item(reference, "before-patient-screening-facial", ("toxin", "filler", "thread"))
    quoted = [in_days[a] for a in amounts(asked.reason)]
    assert quoted == [min(p.min_days for p in periods.values()), max(p.max_days for p in periods.values())]
    notes = {p.id: p.notes for p in reference.protocols}
    for protocol, procedure in (("forehead-brow", "botulinum-toxin"), ("nasolabial-mouth", "dermal-filler")):
        sentence = next(s for s in notes[protocol].split(". ") if "toxin" in s or "filler" in s)
        quoted = [in_days[a] for a in amounts(sentence)]
        assert quoted == [periods[procedure].min_days, periods[procedure].max_days], protocol
    for checklist in reference.checklists:
        for i in checklist.items:
            assert "last 2 weeks" not in i.text, "a screening question quotes one clinic's figure as the rule"


@pytest.mark.parametrize(
    "checklist_id, must_say",
    [
        ("incident-broken-needle", ("forceps", "do not dig", "surgical")),
        ("incident-stuck-needle", ("do not pull hard", "bend", "relax")),
        ("incident-pneumothorax", ("breathless", "emergency", "hours later", "sit the patient up")),
        ("incident-eye-bleeding", ("bulging", "emergency eye care", "sight")),
    ],
)
def test_the_accidents_of_needling_have_a_procedure_with_sources(reference, checklist_id, must_say):
    checklist = next(c for c in reference.checklists if c.id == checklist_id)
    assert checklist.stage == "incident" and checklist.summary
    text = " ".join(i.text.lower() for i in checklist.items)
    for words in must_say:
        assert words in text, f"{checklist_id} never says {words!r}"
    for i in checklist.items:
        assert i.reason and i.basis and all(b in reference.sources for b in i.basis), (checklist_id, i.position)


def test_a_broken_needle_is_prevented_by_never_inserting_to_the_handle(reference):
    assert "shaft above the skin" in item(reference, "during-treatment-needling", ("up to its handle",)).text


@pytest.mark.parametrize("code", ["ST1", "BL1", "EX-HN7"])
def test_the_orbital_points_name_the_signs_of_bleeding_behind_the_eye_and_send_for_emergency_care(reference, code):
    cautions = reference.points[code].cautions.lower()
    for sign in ("bulges", "double", "sight", "emergency eye care", "do not press on a bulging eye"):
        assert sign in cautions, f"{code}: {sign}"


@pytest.mark.parametrize("code", ["ST19", "ST20", "ST21"])
def test_points_over_the_right_upper_abdomen_name_the_gallbladder_beside_the_liver(reference, code):
    assert "liver and gallbladder" in reference.points[code].cautions


def test_gv24_keeps_the_classical_prohibition_of_needling(reference):
    cautions = reference.points["GV24"].cautions
    assert "classical texts forbid needling" in cautions and "transversely" in cautions


def test_cv8_no_longer_shares_its_english_name_with_ht7(reference):
    points = reference.points
    assert points["CV8"].english != points["HT7"].english
    english = [p.english.casefold() for p in points.values()]
    assert len(english) == len(set(english)), "two points share an English name"


def test_yintang_answers_to_its_current_chinese_code(reference, index):
    assert index.search("GV24+")[0].code == "EX-HN3"
    assert "GB/T 12346-2021" in reference.points["EX-HN3"].standard


GHOSTS = {
    "GV26": "鬼宫",
    "LU11": "鬼信",
    "PC7": "鬼心",
    "ST6": "鬼床",
    "CV24": "鬼市",
    "PC8": "鬼窟",
    "GV23": "鬼堂",
    "LI11": "鬼臣",
}


@pytest.mark.parametrize("code, name", sorted(GHOSTS.items()))
def test_each_of_the_thirteen_ghost_points_in_the_data_names_itself(reference, code, name):
    notes = reference.points[code].notes
    assert "thirteen ghost points" in notes and name in notes, code


def test_the_ghost_point_list_names_all_thirteen_and_those_outside_the_app(reference):
    notes = reference.points["GV26"].notes
    for code in ("GV26", "LU11", "SP1", "PC7", "BL62", "GV16", "ST6", "CV24", "PC8", "GV23", "CV1", "LI11", "Haiquan"):
        assert code in notes
    assert "PC5" in notes and "ghost points" in reference.points["PC5"].notes


# -- the rules `pointmap db check` holds the data to ---------------------------------------------

PC9_SECOND = '[[point.alternatives]]\nlabel = "Beside the radial corner of the nail"'

RULE_BREAKS = [
    (
        "an abdominal point without a pregnancy caution",
        "points/abdomen/LR.toml",
        "in thin patients. No needling in pregnancy, as for the other points of the abdomen.",
        "in thin patients.",
        "Point LR13 lies on the abdomen, but its cautions say nothing of pregnancy",
    ),
    (
        "a chest point called abdominal",
        "points/abdomen/GB.toml",
        'location = "On the lower chest in the 7th',
        'location = "On the upper abdomen in the 7th',
        "Point GB24: its location says 'abdomen', but its standard places it on the chest",
    ),
    (
        "a WHO-disputed point with one location",
        "points/arm/PC.toml",
        PC9_SECOND + '\nlocation = "On the middle finger, about 0.1 cun',
        '[[point.second]]\nlabel = "x"\nlocation = "On the middle finger, about 0.1 cun',
        "Point PC9: who-2008 keeps two locations for it, but the data has one",
    ),
    (
        "two points drawn on top of each other",
        "points/face/GV.toml",
        'at = "upper-lip-tubercle"',
        'at = "subnasale"\ntoward = "upper-lip-tubercle"\nfraction = 0.55',
        "On face, GV26 and GV27 are drawn",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "said"), [pytest.param(*r[1:], id=r[0]) for r in RULE_BREAKS])
def test_db_check_names_each_clinical_rule_the_data_breaks(tmp_path, capsys, file, old, new, said):
    shutil.copytree(REPO / "data", tmp_path / "data")
    path = tmp_path / "data" / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    if "[[point.second]]" in new:  # the dropped alternative's definition goes with it
        dropped = '[point.alternatives.definition]\nat = "middle-nail'
        path.write_text(
            path.read_text(encoding="utf-8").replace(dropped, '[point.second.definition]\nat = "middle-nail')
        )
    build(tmp_path)  # the rules do not stop a build: the check names them
    assert main(["db", "check", "--root", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert said in out, out
    assert len([line for line in out.splitlines() if line.startswith("- ")]) == 1, out


def test_a_standard_region_inside_the_apps_own_region_is_refused(tmp_path, capsys):
    shutil.copytree(REPO / "data", tmp_path / "data")
    path = tmp_path / "data" / "points/face/TE.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('standard_region = "neck"', 'standard_region = "head"'), encoding="utf-8")
    assert main(["db", "build", "--root", str(tmp_path)]) == 1
    assert "standard_region 'head' lies within the face region" in capsys.readouterr().err
