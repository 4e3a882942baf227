"""Where the cun grid's rungs and the meridians' courses land on each diagram: the rung for k cun crosses
the line between its two landmarks at right angles, k cun from where counting starts; both arms get a
grid; a course joins a meridian's points on each side in number order."""

from __future__ import annotations

import math

import pytest

from pointmap.core.geometry.channels import meridian_polylines
from pointmap.core.geometry.grid import grid_rungs
from pointmap.core.reference import Diagram, GridSegment, Landmark

CLOSE = 1e-6


def _at(diagram, ref: str, side: str) -> tuple[float, float]:
    name, _, explicit = ref.partition(":")
    mark = diagram.landmark(name, explicit or side)
    return mark.x * diagram.width, mark.y * diagram.height


def _drawn_sides(diagram, segment) -> list[str]:
    """The sides a segment is drawn on: a midline segment and one that spans both sides once."""
    if diagram.sides != "both" or ":left" in segment.end:
        return ["right"]
    if all(diagram.landmark(ref, "left").side == "midline" for ref in (segment.start, segment.end)):
        return ["right"]
    return ["right", "left"]


def _per_segment(reference, diagram_id):
    """[(segment, side, its rungs)] in the order the grid lists them."""
    diagram = reference.diagrams[diagram_id]
    segments = reference.grid_segments(diagram_id)
    rungs = grid_rungs(diagram, segments)
    out, i = [], 0
    for segment in segments:
        for side in _drawn_sides(diagram, segment):
            n = len(segment.rungs())
            out.append((segment, side, rungs[i : i + n]))
            i += n
    assert i == len(rungs), "the grid has rungs no segment accounts for"
    return out


@pytest.mark.parametrize("diagram_id", ["face", "face-lateral", "arm-anterior", "arm-posterior", "abdomen"])
def test_every_rung_crosses_its_limb_square_on_at_its_cun(reference, diagram_id):
    diagram = reference.diagrams[diagram_id]
    segments = _per_segment(reference, diagram_id)
    assert segments
    for segment, side, rungs in segments:
        (ax, ay), (bx, by) = _at(diagram, segment.start, side), _at(diagram, segment.end, side)
        length = math.hypot(bx - ax, by - ay)
        ux, uy = (bx - ax) / length, (by - ay) / length
        cun = length / segment.cun  # one cun along this segment, in diagram units
        origin = {"start": 0.0, "end": length, "center": length / 2}[segment.origin]
        lo, hi = segment.reach
        assert sorted(r.cun for r in rungs) == sorted(k for _, k in segment.rungs())
        vx, vy = ux, uy  # the rungs cross the limb's own axis where the segment names one, else the segment
        if segment.axis:
            (px, py), (qx, qy) = _at(diagram, segment.axis[0], side), _at(diagram, segment.axis[1], side)
            vx, vy = qx - px, qy - py
        for rung in rungs:
            (sx, sy), (ex, ey) = rung.start, rung.end
            # square on to that axis, as long as the segment's reach
            assert abs((ex - sx) * vx + (ey - sy) * vy) < CLOSE * math.hypot(vx, vy)
            assert math.hypot(ex - sx, ey - sy) == pytest.approx(hi - lo)
            # where it crosses the line through the two landmarks: on that line, k cun from the origin
            cx, cy = sx - lo * (ex - sx) / (hi - lo), sy - lo * (ey - sy) / (hi - lo)
            along = (cx - ax) * ux + (cy - ay) * uy
            assert abs((cx - ax) * uy - (cy - ay) * ux) < CLOSE
            assert abs(along - origin) == pytest.approx(rung.cun * cun)
            assert -CLOSE <= along <= length + CLOSE
            assert rung.label_at == rung.end


@pytest.mark.parametrize("diagram_id", ["arm-anterior", "arm-posterior"])
def test_both_arms_get_the_same_grid_mirrored(reference, diagram_id):
    diagram = reference.diagrams[diagram_id]
    by_side = {"right": set(), "left": set()}
    for _, side, rungs in _per_segment(reference, diagram_id):
        for r in rungs:
            ends = frozenset((round(x, 3), round(y, 3)) for x, y in (r.start, r.end))
            by_side[side].add((ends, r.cun))
    mirrored = {(frozenset((round(diagram.width - x, 3), y) for x, y in ends), k) for ends, k in by_side["right"]}
    assert by_side["right"] and by_side["left"] == mirrored


def test_the_face_draws_its_midline_and_hairline_grids_once(reference):
    rungs = grid_rungs(reference.diagrams["face"], reference.grid_segments("face"))
    assert len(rungs) == len({(r.start, r.end) for r in rungs})  # nothing drawn twice
    assert sorted(r.cun for r in rungs) == sorted([0, 1, 2, 3] + [0] + [1, 2, 3, 4] * 2)


def _two_sided(landmarks) -> Diagram:
    return Diagram("test", "Test", "arm", "anterior", "both", "x.svg", 100.0, 100.0, 0.5, tuple(landmarks), ())


def test_a_segment_is_drawn_on_each_side_that_shows_both_its_landmarks():
    diagram = _two_sided(
        [
            Landmark("a", "right", 0.2, 0.1, ""),
            Landmark("a", "left", 0.8, 0.1, ""),
            Landmark("b", "right", 0.2, 0.5, ""),
            Landmark("b", "left", 0.8, 0.5, ""),
            Landmark("scar", "left", 0.9, 0.1, ""),  # drawn on the left arm only
        ]
    )
    segments = [
        GridSegment("a", "missing", 4.0, (-5.0, 5.0)),  # names a landmark no side shows: left out
        GridSegment("scar", "b", 4.0, (-5.0, 5.0)),
        GridSegment("a", "b", 4.0, (-5.0, 5.0)),
    ]
    rungs = grid_rungs(diagram, segments)
    assert len(rungs) == 5 + 2 * 5  # scar..b on the left; a..b on each side; 0 to 4 cun each
    assert {round(r.start[0] + r.end[0]) for r in rungs if r.cun == 4} == {40, 160}  # at b, x = 20 and 80
    assert {round(r.start[0] + r.end[0]) for r in rungs if r.cun == 0} == {40, 160, 180}


def _expected_courses(reference, diagram_id):
    diagram = reference.diagrams[diagram_id]
    positions = reference.positions[diagram_id]
    courses = {}
    for code in reference.meridians:
        numbered = [p.code for p in reference.meridian_sequence(code)]
        lines = []
        for side in ("right", "left", "midline"):
            spots = [
                (pos.x * diagram.width, pos.y * diagram.height)
                for c in numbered
                for pos in positions
                if pos.point_code == c and pos.side == side and pos.site in (0, 1)
            ]
            if len(spots) >= 2:
                lines.append(spots)
        if lines:
            courses[code] = lines
    return courses


@pytest.mark.parametrize("diagram_id", ["face", "face-lateral", "arm-anterior", "arm-posterior", "abdomen"])
def test_each_course_joins_a_meridians_points_on_each_side_in_number_order(reference, diagram_id):
    courses = meridian_polylines(reference, diagram_id)
    assert courses == _expected_courses(reference, diagram_id)


def test_the_midline_vessels_and_both_sides_of_paired_meridians_are_drawn(reference):
    abdomen = meridian_polylines(reference, "abdomen")
    assert len(abdomen["CV"]) == 1 and all(x == pytest.approx(450.0) for x, _ in abdomen["CV"][0])
    assert len(abdomen["ST"]) == 2  # the right and the left Stomach channel
