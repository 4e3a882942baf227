"""The phrase that tells a person which regions the reference data covers ("… lies outside the face, arm and
abdomen that PointMap covers"), for data built with one, two or more regions."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from pointmap.core.lookup import covered_regions
from pointmap.core.reference import Region


def _data(*regions: str) -> SimpleNamespace:
    """Reference data reduced to what the phrase reads: the region of each point, and the regions the
    data lists (data/regions.toml: their order and titles)."""
    listed = {
        "face": Region("face", "Face", ("head", "face"), ""),
        "arm": Region("arm", "Arm", ("upper limb",), ""),
        "abdomen": Region("abdomen", "Abdomen", ("abdomen",), ""),
        "leg": Region("leg", "Lower leg and foot", ("lower limb",), ""),
    }
    return SimpleNamespace(
        points={f"P{i}": SimpleNamespace(region=r) for i, r in enumerate(regions)},
        regions={k: v for k, v in listed.items() if k in regions},
    )


def test_the_shipped_data_covers_face_arm_abdomen_and_the_lower_leg(reference):
    assert covered_regions(reference) == "face, arm, abdomen, and lower leg and foot"


@pytest.mark.parametrize(
    ("regions", "phrase"),
    [
        (("face", "face"), "face"),
        (("arm", "face"), "face and arm"),
        (("abdomen", "arm", "face", "abdomen"), "face, arm and abdomen"),
        (("face", "lower-leg"), "face and lower leg"),  # a region the data does not list reads as its id
        (("leg", "face"), "face and lower leg and foot"),
        (("leg", "arm", "face"), "face, arm, and lower leg and foot"),
    ],
)
def test_data_built_with_fewer_or_other_regions_reads_naturally(regions, phrase):
    assert covered_regions(_data(*regions)) == phrase
