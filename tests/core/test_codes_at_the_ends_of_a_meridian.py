"""A meridian's first and last WHO points outside the covered regions are named as such, like any point
between; one number past the last is no point at all."""

from __future__ import annotations

import pytest

from pointmap.cli import main


@pytest.mark.parametrize(
    ("code", "meridian"),
    [("LU1", "Lung"), ("SP21", "Spleen"), ("GV1", "Governor Vessel"), ("KI27", "Kidney")],
)
def test_the_first_and_last_point_of_a_meridian_are_known_outside_the_regions(capsys, code, meridian):
    assert main(["show", code]) == 1
    first = capsys.readouterr().err.splitlines()[0]
    assert first == (
        f"pointmap: {code} is a WHO point of the {meridian} meridian, but it lies outside "
        "the regions PointMap covers: face, arm, abdomen, and lower leg and foot."
    )


@pytest.mark.parametrize("code", ["ST46", "LR15", "BL68"])
def test_one_past_the_last_point_is_no_point(capsys, code):
    assert main(["show", code]) == 1
    err = capsys.readouterr().err
    assert f"no point has the code '{code}'" in err and "WHO point" not in err
