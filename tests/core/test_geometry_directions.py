"""Which way an offset in cun moves a point on each kind of view, and definitions that contradict
themselves: each is refused with a sentence when the data is built, never placed silently or a traceback."""

from __future__ import annotations

import pytest

from pointmap.core.geometry import DiagramGeometry, GeometryError, Vec, resolve
from pointmap.core.geometry.cun import references

# A back view: the subject's right side is on the viewer's right. 40 units between the shoulders = 8 cun.
BACK = {
    "id": "back",
    "width": 100,
    "height": 200,
    "sides": "both",
    "midline_x": 50,
    "right_side": "viewer-right",
    "scale_x": {"from": "shoulder", "to": "shoulder:left", "cun": 8},
    "scale_y": {"from": "waist", "to": "neck", "cun": 16},  # 80 units = 16 cun: 5 units a cun
    "landmark": [
        {"name": "neck", "side": "midline", "x": 50, "y": 40},
        {"name": "waist", "side": "midline", "x": 50, "y": 120},
        {"name": "shoulder", "side": "right", "x": 70, "y": 40},
    ],
}


def _profile(facing: str) -> dict:
    """A side view of the head facing ``facing``; 60 units from chin to crown = 12 cun."""
    return {
        "id": f"profile-{facing}",
        "width": 100,
        "height": 100,
        "sides": "right",
        "facing": facing,
        "scale_x": {"from": "chin", "to": "crown", "cun": 12},
        "scale_y": {"from": "chin", "to": "crown", "cun": 12},
        "landmark": [
            {"name": "chin", "side": "right", "x": 50, "y": 80},
            {"name": "crown", "side": "right", "x": 50, "y": 20},
        ],
    }


# A limb without a scale: wrist to elbow is 60 units = 12 cun along the line.
ARM = {
    "id": "arm",
    "width": 100,
    "height": 100,
    "sides": "both",
    "midline_x": 50,
    "right_side": "viewer-left",
    "landmark": [
        {"name": "wrist", "side": "right", "x": 10, "y": 80},
        {"name": "elbow", "side": "right", "x": 10, "y": 20},
    ],
}


def at(doc, definition):
    geometry = DiagramGeometry.from_source(doc)
    return resolve(definition, geometry, geometry.landmark)


def test_lateral_on_a_back_view_moves_toward_the_viewers_right():
    assert at(BACK, {"at": "waist", "lateral": 2}) == Vec(60, 120)  # 2 cun = 10 units
    assert at(BACK, {"at": "waist", "lateral": 3, "medial": 1}) == Vec(60, 120)
    assert at(BACK, {"at": "waist", "down": 2}) == Vec(50, 130)


@pytest.mark.parametrize(("facing", "forward"), [("viewer-right", 1), ("viewer-left", -1)])
def test_anterior_moves_toward_the_face_and_posterior_away_on_a_profile(facing, forward):
    # 12 cun over 60 units: 2 cun = 10 units
    assert at(_profile(facing), {"at": "chin", "anterior": 2}) == Vec(50 + 10 * forward, 80)
    assert at(_profile(facing), {"at": "chin", "posterior": 2}) == Vec(50 - 10 * forward, 80)


@pytest.mark.parametrize("key", ["lateral", "medial"])
def test_lateral_and_medial_are_refused_on_a_profile(key):
    with pytest.raises(GeometryError, match="no meaning on the profile view"):
        at(_profile("viewer-right"), {"at": "chin", key: 1})


def test_anterior_is_refused_on_a_front_or_back_view():
    with pytest.raises(GeometryError, match="profile views only"):
        at(BACK, {"at": "waist", "anterior": 1})


def test_without_a_scale_down_runs_along_the_line_toward_the_wrist():
    # 5 units a cun: 4 cun from the wrist toward the elbow, then 1 cun back down
    pos = at(ARM, {"at": "wrist", "toward": "elbow", "cun": 4, "of": 12, "down": 1})
    assert pos.x == pytest.approx(10) and pos.y == pytest.approx(65)


@pytest.mark.parametrize(
    ("definition", "message"),
    [
        # 'at' with 'x_of' or 'y_of' is a crossing: where the line toward something meets that line
        ({"at": "waist", "x_of": "shoulder"}, "with 'at', give 'toward'"),
        ({"at": "waist", "y_of": "neck"}, "with 'at', give 'toward'"),
        ({"at": "waist", "toward": "neck", "fraction": 0.5, "cun": 2}, "either 'fraction' or 'cun'"),
        ({"at": "waist", "toward": "neck", "fraction": 0.5, "of": 16}, "either 'fraction' or 'cun'"),
        ({"at": "waist", "toward": "neck", "cun": 2, "of": 0}, "'of' must be a positive number"),
        ({"at": "waist", "toward": "neck", "cun": 2, "of": -16}, "'of' must be a positive number"),
        ({"at": "waist", "of": 16}, "need a 'toward' reference"),
        ({"at": "waist", "fraction": 0.5}, "need a 'toward' reference"),
        ({"at": 7}, "'at' must name a landmark or a point"),
        ({"at": ""}, "'at' must name a landmark or a point"),
    ],
)
def test_a_definition_that_contradicts_itself_is_refused(definition, message):
    with pytest.raises(GeometryError, match=message):
        at(BACK, definition)


def test_a_segment_of_one_cun_is_a_proportion_like_any_other():
    assert at(BACK, {"at": "waist", "toward": "neck", "cun": 0.5, "of": 1}) == Vec(50, 80)


def test_a_diagram_that_does_not_say_which_sides_it_shows_shows_both():
    doc = {k: v for k, v in BACK.items() if k != "sides"}
    assert DiagramGeometry.from_source(doc).landmark("shoulder", "left") == Vec(30, 40)


def test_an_offset_along_a_line_of_no_length_is_refused():
    with pytest.raises(GeometryError, match="zero length"):
        at(ARM, {"at": "wrist", "toward": "wrist", "cun": 0, "of": 12, "lateral": 1})


@pytest.mark.parametrize("end", ["start", "end"])
def test_a_scale_naming_a_landmark_the_diagram_lacks_is_named(end):
    doc = dict(BACK, scale_y={"from": "waist", "to": "neck", "cun": 16})
    doc["scale_y"] = dict(doc["scale_y"], **{"from" if end == "start" else "to": "tailbone"})
    with pytest.raises(GeometryError, match="names unknown landmark 'tailbone'"):
        at(doc, {"at": "waist", "up": 1})


def test_a_point_placed_by_crossing_two_others_waits_for_both():
    """The build places the points a definition names before it: every name counts."""
    assert references({"x_of": "LI4", "y_of": "ST6", "up": 1}) == ["LI4", "ST6"]
    assert references({"at": "ST6", "toward": "ST7", "cun": 1, "of": 3}) == ["ST6", "ST7"]
