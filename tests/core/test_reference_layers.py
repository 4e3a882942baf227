"""The app reads points.db through pointmap.core.reference: importing any of its modules and
loading the reference imports neither the authoring pipeline (sources, compile, build, check)
nor sqlite-utils."""

from __future__ import annotations

import subprocess
import sys


def test_the_app_never_imports_the_authoring_pipeline():
    """Every module but the pipeline itself (the CLI imports it only inside 'pointmap db')."""
    code = (
        "import importlib, pathlib, sys, pointmap\n"
        "top = pathlib.Path(pointmap.__file__).parent\n"
        "for f in sorted(top.rglob('*.py')):\n"
        "    name = '.'.join(('pointmap', *f.relative_to(top).with_suffix('').parts)).removesuffix('.__init__')\n"
        "    if not name.startswith(('pointmap.core.authoring', 'pointmap.__main__')):\n"
        "        importlib.import_module(name)\n"
        "from pointmap.core.reference import Reference\n"
        "from pointmap.core.search import index_from_reference\n"
        "index_from_reference(Reference.load()).search('tb5')\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith(('pointmap.core.authoring', 'sqlite_utils')))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_the_old_import_paths_of_the_reference_still_work(reference):
    from pointmap.core.reference import (  # noqa: F401
        STAGE_TITLES,
        Checklist,
        Diagram,
        Meridian,
        Point,
        Position,
        Reference,
        as_plain,
    )

    assert STAGE_TITLES["incident"] == "Incidents"


def test_the_regions_are_data(reference):
    # The region titles come from data/regions.toml (schema 5), not from code: a fourth region
    # reached every list, filter and deck without a line of the app changing.
    assert list(reference.regions) == ["face", "arm", "abdomen", "leg"]
    assert reference.region_title("leg") == "Lower leg and foot"
    assert reference.regions["leg"].covers == ("lower limb",)
    assert {p.region for p in reference.points.values()} == set(reference.regions)
    assert {d.region for d in reference.diagrams.values()} == set(reference.regions)
    assert reference.region_title("hip-and-thigh") == "Hip and thigh"  # an id from a newer PointMap
