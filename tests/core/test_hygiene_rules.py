"""Needle reconciliation, the rule the practitioner relies on before a patient leaves."""

from __future__ import annotations

import pytest

from pointmap.core.hygiene import Reconciliation, reconcile


def test_nothing_counted_asks_for_the_counts():
    result = reconcile(0, 0)
    assert result == Reconciliation("empty", 0, "Record the number of needles inserted, then the number removed.")
    assert not result.accounted_for


@pytest.mark.parametrize(("count", "words"), [(1, "All 1 needle accounted for"), (12, "All 12 needles accounted for")])
def test_equal_counts_account_for_every_needle(count, words):
    result = reconcile(count, count)
    assert result.state == "matched" and result.difference == 0 and result.accounted_for
    assert words in result.sentence


@pytest.mark.parametrize(("needles_in", "needles_out", "words"), [(12, 11, "1 needle not"), (12, 9, "3 needles not")])
def test_fewer_out_than_in_names_how_many_may_still_be_in_the_patient(needles_in, needles_out, words):
    result = reconcile(needles_in, needles_out)
    assert result.state == "missing" and result.difference == needles_in - needles_out
    assert not result.accounted_for
    assert words in result.sentence and "patient, couch, floor and clothing" in result.sentence


@pytest.mark.parametrize(("needles_in", "needles_out"), [(10, 11), (0, 1), (3, 7)])
def test_more_out_than_in_never_reads_as_accounted_for(needles_in, needles_out):
    result = reconcile(needles_in, needles_out)
    assert result.state == "excess" and result.difference == needles_out - needles_in > 0
    assert not result.accounted_for
    assert "accounted for" not in result.sentence and "✓" not in result.sentence
    assert "More needles out than in" in result.sentence and "Recount" in result.sentence


@pytest.mark.parametrize(("needles_in", "needles_out"), [(-1, 0), (0, -1), (-3, -3)])
def test_negative_counts_are_refused(needles_in, needles_out):
    with pytest.raises(ValueError, match="negative"):
        reconcile(needles_in, needles_out)


@pytest.mark.parametrize("value", [1.5, "3", True, None])
def test_counts_are_whole_numbers(value):
    with pytest.raises(TypeError):
        reconcile(value, 0)
