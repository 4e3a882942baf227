"""The person's own content in the reference's tools: notes found by search as "your note", own
protocols and favourites as sequences to step through and print."""

from __future__ import annotations

from pointmap.core.handout import handout_for
from pointmap.core.search import index_from_reference
from pointmap.core.sequences import (
    FAVOURITES,
    OWN_PROTOCOL,
    favourites_sequence,
    own_protocol_sequence,
)
from pointmap.core.userdata.protocols import Draft, OwnProtocol, Step


def test_a_word_only_in_your_note_finds_the_point_marked_as_your_note(reference):
    index = index_from_reference(reference, {"LI4": "Remember: the jackknife grip.", "ST6": "A note."})
    (hit,) = index.search("jackknife")
    assert hit.code == "LI4" and hit.why == "your note 'jackknife'"
    assert index_from_reference(reference).search("jackknife") == []


def test_your_note_ranks_below_the_location_and_above_the_cautions(reference):
    index = index_from_reference(reference, {"LI4": "umbilicus"})
    codes = [h.code for h in index.search("umbilicus", limit=100)]
    own = codes.index("LI4")
    assert "CV8" in codes[:own]  # its location is the umbilicus
    assert index.search("umbilicus", limit=100)[own].why == "your note 'umbilicus'"


def test_an_own_protocol_steps_through_its_points_in_order_and_prints_as_a_handout(reference):
    mine = OwnProtocol(1, "u1", Draft("Jaw, mine", steps=(Step("LI4"), Step("ST6"), Step("XX99"))), "t", "t")
    sequence = own_protocol_sequence(reference, mine)
    assert (sequence.kind, sequence.key, sequence.codes) == (OWN_PROTOCOL, "u1", ("LI4", "ST6"))
    assert sequence.step("LI4", 1) == "ST6" and sequence.step("ST6", 1) == "LI4"
    handout = handout_for(reference, "face", sequence)
    assert handout.title == "Jaw, mine" and [p.code for p in handout.points] == ["LI4", "ST6"]


def test_favourites_are_a_sequence_in_the_order_starred(reference):
    sequence = favourites_sequence(reference, ["CV12", "ST6", "QQ1"])
    assert sequence.kind == FAVOURITES and sequence.codes == ("CV12", "ST6")
    assert sequence.title == "Your favourites"
