"""The diagram artwork: valid SVG for Qt, drawn where the landmark data says, and reproducible
from the landmarks by tools/make_diagrams.py."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from pointmap.core import paths
from tests.conftest import REPO

SVG = "{http://www.w3.org/2000/svg}"


def diagrams(reference):
    return list(reference.diagrams.values())


@pytest.mark.parametrize("variant", ["", ".hc"])
def test_every_diagram_has_valid_artwork(qapp, reference, variant):
    from PySide6.QtSvg import QSvgRenderer

    for diagram in diagrams(reference):
        path = paths.asset_path(diagram.asset)
        path = path.with_name(f"{path.stem}{variant}.svg")
        assert path.is_file(), f"{path} is missing"
        renderer = QSvgRenderer(str(path))
        assert renderer.isValid(), f"{path} is not valid SVG for Qt"
        box = renderer.viewBoxF()
        assert (box.width(), box.height()) == (diagram.width, diagram.height)


def test_landmarks_are_drawn_where_the_data_says(reference):
    for diagram in diagrams(reference):
        tree = ET.parse(paths.asset_path(diagram.asset))
        circles = {c.get("id"): c for c in tree.iter(f"{SVG}circle") if c.get("id", "").startswith("lm-")}
        for mark in diagram.landmarks:
            circle = circles.get(f"lm-{mark.name}-{mark.side}")
            assert circle is not None, f"{diagram.id}: landmark {mark.name} ({mark.side}) is not drawn"
            assert float(circle.get("cx")) == pytest.approx(mark.x * diagram.width, abs=0.6), mark.name
            assert float(circle.get("cy")) == pytest.approx(mark.y * diagram.height, abs=0.6), mark.name


def test_artwork_is_reproducible_from_the_landmarks(tmp_path, monkeypatch):
    import importlib

    from tools.diagrams import MODULES, common

    monkeypatch.setattr(common, "OUT", tmp_path)
    for palette in common.PALETTES:
        for name in MODULES:
            importlib.import_module(f"tools.diagrams.{name}").draw_all(palette)
    committed = sorted(p.name for p in (REPO / "assets" / "diagrams").glob("*.svg"))
    generated = sorted(p.name for p in tmp_path.glob("*.svg"))
    assert generated == committed
    for name in generated:
        assert (tmp_path / name).read_text() == (REPO / "assets" / "diagrams" / name).read_text(), (
            f"assets/diagrams/{name} differs from what tools/make_diagrams.py draws: regenerate it"
        )
