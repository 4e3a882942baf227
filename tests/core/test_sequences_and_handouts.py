"""Sequences, handout content, the cun grid's rungs and the meridians' drawn courses: the rules
the window shows, tested without Qt."""

from __future__ import annotations

import itertools
import math

from pointmap.core.geometry.channels import meridian_polylines
from pointmap.core.geometry.grid import grid_rungs
from pointmap.core.handout import handout_for
from pointmap.core.sequences import meridian_sequence, protocol_sequence, step


def test_step_wraps_and_starts_from_either_end():
    codes = ["A1", "A2", "A3"]
    assert step(codes, None, 1) == "A1"
    assert step(codes, None, -1) == "A3"
    assert step(codes, "A3", 1) == "A1"
    assert step(codes, "A1", -1) == "A3"
    assert step([], "A1", 1) is None


def test_a_meridian_sequence_is_in_number_order(reference):
    seq = meridian_sequence(reference, "ST")
    numbers = [reference.points[c].number for c in seq.codes]
    assert numbers == sorted(numbers) and seq.title == "Stomach meridian" and seq.meridian == "ST"


def test_a_protocol_sequence_follows_the_protocol(reference):
    protocol = reference.protocols[0]
    seq = protocol_sequence(reference, protocol.id)
    assert list(seq.codes) == [s.point_code for s in protocol.steps]
    assert seq.meridian is None
    assert protocol_sequence(reference, "no-such-protocol") is None


def test_handout_of_a_sequence_lists_its_points_in_order(reference):
    seq = meridian_sequence(reference, "PC")
    handout = handout_for(reference, "face", seq)
    assert [p.code for p in handout.points] == list(seq.codes)
    assert handout.title == "Pericardium meridian"


def test_handout_without_a_sequence_lists_the_view(reference):
    handout = handout_for(reference, "abdomen", None)
    codes = {p.code for p in handout.points}
    assert "CV12" in codes and "ST6" not in codes


def test_a_handout_names_a_safe_file(reference):
    from pointmap.core.handout import Handout

    assert Handout("a/b: c", ()).file_stem == "a-b- c"


def test_grid_rungs_are_one_cun_apart_and_perpendicular(reference):
    diagram = reference.diagrams["abdomen"]
    segments = reference.grid_segments("abdomen")
    rungs = grid_rungs(diagram, segments)
    assert rungs
    # the midline xiphisternal-umbilicus segment is 8 cun: 9 rungs (0..8) drawn once
    first = segments[0]
    on_first = rungs[: int(first.cun) + 1]
    assert [r.cun for r in on_first] == list(range(int(first.cun) + 1))
    spacing = [
        math.dist(
            ((a.start[0] + a.end[0]) / 2, (a.start[1] + a.end[1]) / 2),
            ((b.start[0] + b.end[0]) / 2, (b.start[1] + b.end[1]) / 2),
        )
        for a, b in itertools.pairwise(on_first)
    ]
    assert max(spacing) - min(spacing) < 1e-6


def test_meridian_courses_join_points_in_number_order(reference):
    lines = meridian_polylines(reference, "face")
    assert "ST" in lines
    diagram = reference.diagrams["face"]
    right = {
        p.point_code: (p.x * diagram.width, p.y * diagram.height)
        for p in reference.positions["face"]
        if p.side == "right" and p.site in (0, 1)
    }
    expected = [right[c] for c in meridian_sequence(reference, "ST").codes if c in right]
    assert expected in lines["ST"]
