"""Proportional-cun geometry on a small made-up diagram."""

from __future__ import annotations

import math

import pytest

from pointmap.core.geometry import DiagramGeometry, GeometryError, Marker, Vec, crowded, resolve

FRONT = {
    "id": "trunk",
    "width": 100,
    "height": 200,
    "sides": "both",
    "midline_x": 50,
    "right_side": "viewer-left",
    "scale_y": {"from": "navel", "to": "xiphoid", "cun": 8},
    "scale_x": {"from": "nipple", "to": "nipple:left", "cun": 8},
    "landmark": [
        {"name": "navel", "side": "midline", "x": 50, "y": 120},
        {"name": "xiphoid", "side": "midline", "x": 50, "y": 40},
        {"name": "pubis", "side": "midline", "x": 50, "y": 170},
        {"name": "nipple", "side": "right", "x": 30, "y": 20},
    ],
}
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


def geo(doc):
    return DiagramGeometry.from_source(doc)


def at(doc, definition, placed=None):
    g = geo(doc)
    placed = placed or {}
    return resolve(definition, g, lambda ref: placed.get(ref) or g.landmark(ref))


def test_cun_along_a_proportional_segment():
    assert at(FRONT, {"at": "navel", "toward": "xiphoid", "cun": 4, "of": 8}) == Vec(50, 80)


def test_lateral_uses_the_horizontal_scale_and_points_away_from_the_midline():
    # nipples 40 units apart = 8 cun, so 2 cun = 10 units; the right side is on the viewer's left
    assert at(FRONT, {"at": "navel", "lateral": 2}) == Vec(40, 120)
    assert at(FRONT, {"at": "navel", "lateral": 2, "medial": 1}) == Vec(45, 120)


def test_up_uses_the_vertical_scale():
    assert at(FRONT, {"at": "navel", "up": 2}) == Vec(50, 100)


def test_crossing_of_two_lines():
    assert at(FRONT, {"x_of": "nipple", "y_of": "navel"}) == Vec(30, 120)


def test_left_landmarks_are_mirrored():
    assert geo(FRONT).landmark("nipple", "left") == Vec(70, 20)


def test_without_a_scale_offsets_follow_the_line():
    # wrist -> elbow is 60 units = 12 cun: 5 units a cun; 'up' runs toward the elbow,
    # 'lateral' runs across it, away from the midline (to the viewer's left here)
    pos = at(ARM, {"at": "wrist", "toward": "elbow", "cun": 2, "of": 12, "up": 1, "lateral": 1})
    assert pos.y == pytest.approx(65)
    assert pos.x == pytest.approx(5)


def test_points_can_refer_to_other_points():
    pos = at(ARM, {"at": "P7", "toward": "elbow", "fraction": 0.5}, {"P7": Vec(10, 80)})
    assert pos == Vec(10, 50)


@pytest.mark.parametrize(
    "definition, message",
    [
        ({}, "missing or empty"),
        ({"at": "nowhere"}, "neither a landmark"),
        ({"at": "navel", "toward": "xiphoid"}, "needs 'cun' with 'of'"),
        ({"at": "navel", "cun": 3}, "need a 'toward'"),
        ({"at": "navel", "sideways": 1}, "unknown key"),
        ({"at": "navel", "up": "two"}, "must be a number"),
        ({"x_of": "navel"}, "needs 'at'"),
        ({"at": "navel", "x_of": "nipple"}, "give 'toward'"),
        ({"at": "navel", "toward": "xiphoid", "x_of": "nipple"}, "is vertical"),
        ({"at": "navel", "toward": "nipple", "x_of": "pubis", "cun": 1}, "takes no 'cun'"),
        ({"at": "navel", "via": "nipple", "toward": "pubis"}, "needs 'toward' and 'fraction'"),
        ({"at": "navel", "via": "nipple", "toward": "pubis", "fraction": 0.5, "of": 5}, "not by 'cun' and 'of'"),
    ],
)
def test_bad_definitions_say_what_is_wrong(definition, message):
    with pytest.raises(GeometryError, match=message):
        at(FRONT, definition)


def test_offsets_without_a_scale_or_a_line_are_refused():
    with pytest.raises(GeometryError, match="no cun scale"):
        at(ARM, {"at": "wrist", "lateral": 1})


def test_a_crossing_is_where_a_line_meets_the_vertical_through_a_reference():
    # the line from the navel (50, 120) to the nipple (30, 20), where it passes the x of a point at x = 40
    pos = at(FRONT, {"at": "navel", "toward": "nipple", "x_of": "P"}, {"P": Vec(40, 0)})
    assert pos == Vec(40, 70)
    level = at(FRONT, {"at": "navel", "toward": "nipple", "y_of": "P"}, {"P": Vec(0, 45)})
    assert level.x == pytest.approx(35) and level.y == pytest.approx(45)


def test_an_arc_through_a_third_reference_is_divided_by_its_length():
    # a half circle of radius 50 round (50, 100), from its top through its left to its bottom
    placed = {"top": Vec(50, 50), "left": Vec(0, 100), "bottom": Vec(50, 150)}
    third = at(FRONT, {"at": "top", "via": "left", "toward": "bottom", "fraction": 1 / 3}, placed)
    assert third.x == pytest.approx(50 - 50 * math.sin(math.pi / 3))
    assert third.y == pytest.approx(100 - 50 * math.cos(math.pi / 3))
    half = at(FRONT, {"at": "top", "via": "left", "toward": "bottom", "fraction": 0.5}, placed)
    assert half.x == pytest.approx(0) and half.y == pytest.approx(100)
    straight = at(FRONT, {"at": "top", "via": "V", "toward": "bottom", "fraction": 0.25}, {**placed, "V": Vec(50, 90)})
    assert straight == Vec(50, 75)  # three points on a line: the arc is the line


def test_markers_closer_than_their_width_at_fit_crowd_unless_they_share_a_place():
    # 1000 x 1000 units shown in 881 x 913 pixels: 0.881 pixels a unit, so 12 pixels are 13.6 units
    markers = [
        Marker("A", "right", 0.100, 0.100),
        Marker("B", "right", 0.110, 0.100),  # 10 units from A: crowded
        Marker("C", "right", 0.500, 0.500),
        Marker("D", "right", 0.500, 0.500),  # exactly on C: a shared place
        Marker("A", "alternative", 0.100, 0.105),  # A's own second marker: never compared with A
        Marker("E", "right", 0.800, 0.800),
        Marker("F", "right", 0.815, 0.800),  # 15 units: clear
    ]
    pairs = crowded(markers, 1000, 1000)
    assert [(a.name, b.name) for a, b, _ in pairs] == [("A (right)", "B (right)"), ("B (right)", "A (alternative)")]
    assert pairs[0][2] == pytest.approx(10 * 0.881, abs=0.01)


def test_the_details_pane_reads_a_crossing_and_an_arc_in_words():
    from pointmap.core.describe import describe_definition

    names = {"GV24": "GV24", "ST8": "ST8", "pupil": "the pupil", "TE20": "TE20", "TE17": "TE17", "back": "the helix"}
    crossing = describe_definition({"at": "GV24", "toward": "ST8", "x_of": "pupil"}, names.get)
    assert crossing == "On the line from GV24 to ST8, in line with the pupil."
    arc = describe_definition({"at": "TE20", "via": "back", "toward": "TE17", "fraction": 2 / 3}, names.get)
    assert arc == "Two thirds of the way along the curve from TE20 through the helix to TE17."
