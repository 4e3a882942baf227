"""The phrase that tells a person which regions the reference data covers ("… lies outside the face, arm and
abdomen that PointMap covers"), for data built with one, two or more regions."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from pointmap.core.lookup import covered_regions


def _data(*regions: str) -> SimpleNamespace:
    """Reference data reduced to what the phrase reads: the region of each point."""
    return SimpleNamespace(points={f"P{i}": SimpleNamespace(region=r) for i, r in enumerate(regions)})


def test_the_shipped_data_covers_face_arm_and_abdomen(reference):
    assert covered_regions(reference) == "face, arm and abdomen"


@pytest.mark.parametrize(
    ("regions", "phrase"),
    [
        (("face", "face"), "face"),
        (("arm", "face"), "face and arm"),
        (("abdomen", "arm", "face", "abdomen"), "face, arm and abdomen"),
        (("face", "lower-leg"), "face and lower leg"),
    ],
)
def test_data_built_with_fewer_or_other_regions_reads_naturally(regions, phrase):
    assert covered_regions(_data(*regions)) == phrase
