"""Stepping through a chosen sequence as the Next and Previous buttons do, the "3 of 20" beside them, the
sequence brought back from settings, and what a printed handout shows."""

from __future__ import annotations

import pytest

from pointmap.core.handout import handout_for
from pointmap.core.sequences import MERIDIAN, PROTOCOL, meridian_sequence, protocol_sequence, sequence_for


@pytest.fixture(scope="module")
def stomach(reference):
    return meridian_sequence(reference, "ST")


def test_next_and_previous_walk_the_sequence_and_wrap_round(stomach):
    codes = stomach.codes
    assert stomach.step(None, 1) == codes[0]  # nothing chosen yet: Next starts at the first point
    assert stomach.step(None, -1) == codes[-1]  # and Previous at the last
    assert stomach.step(codes[1], 1) == codes[2]
    assert stomach.step(codes[2], -1) == codes[1]
    assert stomach.step(codes[-1], 1) == codes[0]
    assert stomach.step(codes[0], -1) == codes[-1]
    assert stomach.step("CV12", 1) == codes[0]  # a point of another meridian is not a place in this one


def test_the_counter_says_which_point_of_how_many(stomach):
    codes = stomach.codes
    assert stomach.position(codes[0]) == (1, len(codes))
    assert stomach.position(codes[2]) == (3, len(codes))
    assert stomach.position(codes[-1]) == (len(codes), len(codes))
    assert stomach.position("CV12") == (0, len(codes))
    assert stomach.position(None) == (0, len(codes))


def test_an_extra_point_group_is_titled_as_one(reference):
    group = meridian_sequence(reference, "EX-HN")
    assert group.title == "EX-HN extra points"
    assert group.codes and all(reference.points[c].group == "EX-HN" for c in group.codes)


def test_the_chosen_sequence_comes_back_from_what_settings_keep(reference):
    chosen = [meridian_sequence(reference, code) for code in reference.meridians]
    chosen += [protocol_sequence(reference, p.id) for p in reference.protocols]
    for sequence in filter(None, chosen):
        assert sequence_for(reference, sequence.kind, sequence.key) == sequence


def test_a_protocol_keeps_its_title_and_kind(reference):
    protocol = reference.protocols[0]
    sequence = protocol_sequence(reference, protocol.id)
    assert (sequence.kind, sequence.key, sequence.title) == (PROTOCOL, protocol.id, protocol.title)


def test_settings_that_name_nothing_in_the_data_bring_nothing_back(reference):
    protocol = reference.protocols[0]
    assert sequence_for(reference, MERIDIAN, protocol.id) is None
    assert sequence_for(reference, PROTOCOL, "ST") is None
    assert sequence_for(reference, "lesson", "ST") is None


def test_a_handout_of_the_view_is_titled_with_the_view(reference):
    handout = handout_for(reference, "abdomen", None)
    assert handout.title == reference.diagrams["abdomen"].title
