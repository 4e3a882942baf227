"""Which point a person means: codes, English forms, names; ambiguous names and points PointMap does not hold."""

from __future__ import annotations

import pytest

from pointmap.core.lookup import covered_regions, find_point, known_code_outside, points_named, resolve


@pytest.mark.parametrize("text", ["jiache", "Jiáchē", "jia che", "颊车", "jaw vehicle", "Jaw Vehicle", "st-06", "ST6"])
def test_a_name_or_code_of_one_point_resolves_to_it(reference, index, text):
    assert resolve(reference, text, index).point.code == "ST6"


@pytest.mark.parametrize(
    "text, code",
    [
        ("lung 7", "LU7"),
        ("large intestine 4", "LI4"),
        ("pericardium 6", "PC6"),
        ("Triple Energizer 5", "TE5"),
        ("conception vessel 12", "CV12"),
        ("governing vessel 26", "GV26"),
        ("TB5", "TE5"),
    ],
)
def test_english_forms_and_aliases_resolve(reference, index, text, code):
    assert find_point(reference, text, index).code == code
    assert resolve(reference, text, index).point.code == code


def test_an_old_name_given_as_an_alias_resolves(reference, index):
    assert resolve(reference, "Renzhong", index).point.code == "GV26"


@pytest.mark.parametrize(
    "text, codes",
    [("zhongzhu", ("KI15", "TE3")), ("erjian", ("LI2", "EX-HN6"))],
)
def test_a_name_shared_by_several_points_lists_them(reference, index, text, codes):
    found = resolve(reference, text, index)
    assert found.point is None and set(found.candidates) == set(codes)


def test_tone_marks_tell_two_names_apart(reference, index):
    assert points_named(reference, "Zhōngzhǔ", index) == ["TE3"]
    assert points_named(reference, "Zhōngzhù", index) == ["KI15"]


@pytest.mark.parametrize(
    "text, code, meridian",
    [
        ("ST31", "ST31", "Stomach"),
        ("stomach 31", "ST31", "Stomach"),
        ("St-31", "ST31", "Stomach"),
        ("SP10", "SP10", "Spleen"),
        ("LR9", "LR9", "Liver"),
        ("Liv9", "LR9", "Liver"),
        ("UB23", "BL23", "Bladder"),
        ("GB30", "GB30", "Gallbladder"),
    ],
)
def test_a_who_code_outside_the_covered_regions_is_named_as_such(reference, index, text, code, meridian):
    found = resolve(reference, text, index)
    assert found.point is None
    assert (found.outside, found.meridian) == (code, meridian)
    assert found.suggestions == ()  # no unrelated codes offered instead


@pytest.mark.parametrize("text", ["ST99", "ST0", "XX12", "EX-HN99", "zzz", "", "  ", "\x00", "ST" + "9" * 5000])
def test_codes_that_no_meridian_has_are_not_outside(reference, index, text):
    assert known_code_outside(reference, text, index) == ""


def test_an_unknown_code_suggests_its_meridians_nearest_points(reference, index):
    found = resolve(reference, "ST99", index)
    assert found.point is None and found.looks_like_code
    assert found.suggestions and all(code.startswith("ST") for code in found.suggestions)


def test_the_covered_regions_come_from_the_data(reference):
    assert covered_regions(reference) == "face, arm, abdomen, and lower leg and foot"


@pytest.mark.parametrize(
    "text, code",
    [
        ("ST36", "ST36"),
        ("st 36", "ST36"),
        ("Zusanli", "ST36"),
        ("足三里", "ST36"),
        ("Leg Three Miles", "ST36"),
        ("SP6", "SP6"),
        ("LIV3", "LR3"),
        ("LV3", "LR3"),
        ("UB40", "BL40"),
        ("B40", "BL40"),
        ("KD3", "KI3"),
        ("K1", "KI1"),
        ("Yongquan", "KI1"),
        ("GB34", "GB34"),
        ("Xiyan", "EX-LE5"),
        ("M-LE-13", "EX-LE7"),
    ],
)
def test_the_leg_points_are_found_by_every_code_form_and_name(reference, index, text, code):
    found = resolve(reference, text, index)
    assert found.point is not None and found.point.code == code


@pytest.mark.parametrize("text", ["a" * 100_000, "颊车" * 50_000, "ST" + "0" * 100_000, "\udcff\x00", "-" * 1000])
def test_any_text_resolves_to_an_answer(reference, index, text):
    found = resolve(reference, text, index)
    assert found.point is None or found.point.code in reference.points
