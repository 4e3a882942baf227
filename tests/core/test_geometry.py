"""Proportional-cun geometry on a small made-up diagram."""

from __future__ import annotations

import pytest

from pointmap.core.geometry import DiagramGeometry, GeometryError, Vec, resolve

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
    ],
)
def test_bad_definitions_say_what_is_wrong(definition, message):
    with pytest.raises(GeometryError, match=message):
        at(FRONT, definition)


def test_offsets_without_a_scale_or_a_line_are_refused():
    with pytest.raises(GeometryError, match="no cun scale"):
        at(ARM, {"at": "wrist", "lateral": 1})
