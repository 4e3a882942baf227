"""The face points on a photo come from the same geometry that builds points.db: the face diagram
given as its own photo gives points.db's positions, and a photo scaled, shifted or turned gives the
same points transformed likewise."""

from __future__ import annotations

import math

import pytest

from pointmap.core.geometry import Vec
from pointmap.core.geometry.photo import FacePlan, landmark_of

W, H = 690, 920  # the diagram rendered as a "photo" at 0.767 of its size: pixels, not SVG units


@pytest.fixture(scope="module")
def plan(reference):
    return FacePlan(reference, "face")


def _expected(reference, diagram_id, width, height):
    """points.db's positions on the view (site 0 and alternatives), in pixels of a photo this size."""
    found = {}
    for pos in reference.positions[diagram_id]:
        found[(pos.point_code, pos.site, 0, pos.side)] = Vec(pos.x * width, pos.y * height)
    for point in reference.points.values():
        for alt in point.alternatives:
            for pos in alt.positions:
                if pos.diagram == diagram_id:
                    found[(point.code, 0, alt.number, pos.side)] = Vec(pos.x * width, pos.y * height)
    return found


def test_the_face_diagram_as_its_own_photo_gives_every_point_of_points_db_within_a_pixel(reference, plan):
    landmarks = landmark_of(reference.diagrams["face"].landmarks, W, H)
    placement = plan.place(landmarks)
    expected = _expected(reference, "face", W, H)
    assert not placement.problems
    assert set(placement.spots) == set(expected)  # every point, both sides, every second location
    worst = max((placement.spots[k] - v).length for k, v in expected.items())
    assert worst < 1.0, f"a point lies {worst:.3f} px from points.db"
    assert worst < 0.05  # in fact only points.db's rounding (5 decimals) apart


def test_every_face_point_and_landmark_is_asked_for_both_sides(reference, plan):
    asked = set(plan.landmarks)
    assert asked >= {("pupil", "right"), ("pupil", "left"), ("glabella", "midline"), ("anterior-hairline", "midline")}
    assert plan.landmarks[:2] == [("pupil", "right"), ("pupil", "left")]  # two clicks, then every guess
    assert {"ST6" in {w.code for w in plan.wanted}, "GV26" in {w.code for w in plan.wanted}} == {True}
    assert all((name, "left") in asked for name, side in asked if side == "right")


def _turned(angle_deg: float, scale: float, shift: Vec):
    a = math.radians(angle_deg)

    def move(p: Vec) -> Vec:
        return Vec(
            scale * (p.x * math.cos(a) - p.y * math.sin(a)) + shift.x,
            scale * (p.x * math.sin(a) + p.y * math.cos(a)) + shift.y,
        )

    return move


@pytest.mark.parametrize(
    ("angle", "scale", "shift"),
    [(0.0, 1.6, Vec(0, 0)), (0.0, 1.0, Vec(140, -60)), (7.0, 1.0, Vec(0, 0)), (-11.0, 0.55, Vec(310, 95))],
)
def test_a_photo_scaled_shifted_or_turned_gives_the_points_transformed_likewise(reference, plan, angle, scale, shift):
    landmarks = landmark_of(reference.diagrams["face"].landmarks, W, H)
    upright = plan.place(landmarks).spots
    move = _turned(angle, scale, shift)
    placement = plan.place({k: move(p) for k, p in landmarks.items()})
    assert set(placement.spots) == set(upright)
    worst = max((placement.spots[k] - move(p)).length for k, p in upright.items())
    assert worst < 1e-6 * W
    assert placement.frame.angle == pytest.approx(angle, abs=1e-9)


def test_an_asymmetric_face_places_each_side_from_its_own_landmarks(reference, plan):
    landmarks = landmark_of(reference.diagrams["face"].landmarks, W, H)
    before = plan.place(landmarks).spots
    lower = dict(landmarks)
    for key in [k for k in lower if k[0] == "mouth-corner" and k[1] == "left"]:
        lower[key] = lower[key] + Vec(0, 12)  # the client's left mouth corner sits lower
    after = plan.place(lower).spots
    assert (after[("ST4", 0, 0, "left")] - before[("ST4", 0, 0, "left")]).length > 5
    assert (after[("ST4", 0, 0, "right")] - before[("ST4", 0, 0, "right")]).length < 1.5  # only the frame's turn


def test_a_dragged_point_is_measured_in_cun_from_its_computed_place(reference, plan):
    landmarks = landmark_of(reference.diagrams["face"].landmarks, W, H)
    placement = plan.place(landmarks)
    for side in ("right", "left"):
        spot = placement.spot_at("ST6", side, superior=-0.5, lateral=0.25)
        assert placement.offset_cun("ST6", side, spot) == pytest.approx((-0.5, 0.25))
    right, left = placement.spots[("ST6", 0, 0, "right")], placement.spots[("ST6", 0, 0, "left")]
    assert placement.spot_at("ST6", "right", 0, 1).x < right.x  # lateral on the client's right: the viewer's left
    assert placement.spot_at("ST6", "left", 0, 1).x > left.x
    up = placement.spot_at("GV24", "midline", 1, 0)
    glabella, hairline = landmarks[("glabella", "midline")], landmarks[("anterior-hairline", "midline")]
    assert (placement.spots[("GV24", 0, 0, "midline")] - up).length == pytest.approx((glabella - hairline).length / 3)


def test_first_guesses_follow_the_two_pupils(reference, plan):
    landmarks = landmark_of(reference.diagrams["face"].landmarks, W, H)
    move = _turned(5.0, 0.8, Vec(40, 30))
    pupils = {k: move(landmarks[k]) for k in [("pupil", "right"), ("pupil", "left")]}
    guess = plan.guess(pupils, W, H)
    assert set(guess) == set(plan.landmarks)
    assert max((guess[k] - move(landmarks[k])).length for k in plan.landmarks) < 1e-6
    blank = plan.guess({}, W, H)
    assert all(0 <= p.x <= W and 0 <= p.y <= H for p in blank.values())
