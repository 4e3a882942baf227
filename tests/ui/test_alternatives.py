"""WHO 2008's second locations on the diagram: drawn as rings, and a click on one chooses the point."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from pointmap.ui.diagram.items import AlternativeItem
from pointmap.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, reference, tmp_path):
    w = MainWindow(reference, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.mark.parametrize("code, diagram", [("LI20", "face"), ("PC9", "hand-dorsal")])
def test_a_second_location_is_a_ring_apart_from_the_point_and_a_click_on_it_chooses_the_point(
    qtbot, window, code, diagram
):
    window.state.set_diagram(diagram)
    scene = window.current_scene()
    rings = scene.alternatives[code]
    assert rings and all(isinstance(r, AlternativeItem) for r in rings)
    markers = {item.position.side: item for item in scene.points[code]}
    for ring in rings:
        assert ring.pos() != markers[ring.position.side].pos()
        assert "alternative location" in ring.toolTip()
    ring = next(r for r in rings if r.position.side == "right")
    window.view.centerOn(ring)
    spot = window.view.mapFromScene(ring.scenePos())
    QTest.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, spot)
    assert window.state.selected_code == code
    assert ring.selected and markers["right"].selected


def test_points_with_one_location_draw_no_ring(window):
    window.state.set_diagram("face")
    scene = window.current_scene()
    assert set(scene.alternatives) == {"LI19", "LI20", "GV26"}


def _in_view(view, item, rect):
    return item.deviceTransform(view.viewportTransform()).mapRect(rect)


@pytest.mark.parametrize("theme", ["light", "projector"])
def test_no_label_lies_under_a_second_locations_ring(qtbot, window, theme):
    """The left ST3 label sat under LI20's ring on the front face: rings are obstacles."""
    window.state.set_theme(theme)
    window.state.set_diagram("face")
    window.view.fit()
    window.view.layout_labels()
    scene = window.current_scene()
    rings = [_in_view(window.view, ring, ring.boundingRect()) for rs in scene.alternatives.values() for ring in rs]
    shown = [item for item in scene.markers() if item.label.isVisible()]
    assert any(item.code == "ST3" and item.position.side == "left" for item in shown)
    for item in shown:
        plate = _in_view(window.view, item.label, item.label.boundingRect())
        covered = [r for r in rings if r.adjusted(3, 3, -3, -3).intersects(plate)]  # the ring as drawn
        assert not covered, f"{item.code} ({item.position.side}) under a second location's ring"
