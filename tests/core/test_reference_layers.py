"""The app reads points.db through pointmap.core.reference; the authoring pipeline (sources,
compile, build, check) and sqlite-utils are never imported at run time."""

from __future__ import annotations

import subprocess
import sys

APP_MODULES = [
    "pointmap.core.reference",
    "pointmap.core.search",
    "pointmap.core.describe",
    "pointmap.ui.app",
    "pointmap.ui.main_window",
    "pointmap.ui.details",
    "pointmap.ui.checklists",
    "pointmap.ui.sequences",
    "pointmap.ui.handout",
]


def test_the_app_never_imports_the_authoring_pipeline():
    code = (
        "import importlib, sys\n"
        f"for m in {APP_MODULES!r}: importlib.import_module(m)\n"
        "from pointmap.core.reference import Reference\n"
        "from pointmap.core.search import index_from_reference\n"
        "index_from_reference(Reference.load()).search('tb5')\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith(('pointmap.core.authoring', 'sqlite_utils')))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_the_old_import_paths_of_the_reference_still_work():
    from pointmap.core.reference import (  # noqa: F401
        REGION_TITLES,
        STAGE_TITLES,
        Checklist,
        Diagram,
        Meridian,
        Point,
        Position,
        Reference,
        as_plain,
    )

    assert STAGE_TITLES["incident"] == "Incidents" and REGION_TITLES["face"] == "Face"
