"""What a person sees on every view at fit in a 1600x1000 window: markers that never overlap, a
label (or a leader line to one) for every point, grid numbers clear of the labels; a click on a
place two points share offers both; the anatomy layer; the hand views as the home of the hand's
points; the theme's own colouring of the artwork."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QRectF, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from pointmap.ui.main_window import MainWindow


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, reference, settings):
    QApplication.setPalette(QApplication.style().standardPalette())  # whatever theme a test left behind
    w = MainWindow(reference, settings)
    qtbot.addWidget(w)
    w.resize(1600, 1000)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: bool(w._panels))
    return w


def at_fit(window, diagram):
    window.state.set_diagram(diagram)
    window.view.fit()
    QApplication.processEvents()
    window.view.layout_labels()
    return window.current_scene()


def on_screen(window, item):
    """An item's rectangle in the view's pixels (labels and markers keep their size at any zoom)."""
    return item.deviceTransform(window.view.viewportTransform()).mapRect(item.boundingRect())


def test_no_two_points_markers_overlap_at_fit_on_any_view(window):
    for diagram in window.reference.diagrams:
        scene = at_fit(window, diagram)
        spots = [(m, window.view.mapFromScene(m.pos())) for m in scene.markers()]
        for i, (a, pa) in enumerate(spots):
            for b, pb in spots[i + 1 :]:
                if a.code == b.code:
                    continue  # two sites of one point (Shixuan's five fingertips …)
                gap = math.hypot(pa.x() - pb.x(), pa.y() - pb.y())
                assert gap >= 2 * a.radius + 1, f"{diagram}: {a.code} and {b.code} overlap ({gap:.1f} px apart)"


def test_every_point_has_a_readable_label_at_fit(window):
    viewport = QRectF(window.view.viewport().rect())
    for diagram in window.reference.diagrams:
        scene = at_fit(window, diagram)
        markers = scene.markers()
        plates = []
        for item in markers:
            assert item.label.isVisible(), f"{diagram}: {item.code} has no label at fit"
            plate = on_screen(window, item.label)
            assert viewport.contains(plate), f"{diagram}: the label of {item.code} is cut off"
            if item.label.offset is not None:  # placed further off: a leader line joins it
                assert item.leader.isVisible()
            plates.append((item, plate))
        for i, (a, ra) in enumerate(plates):
            for b, rb in plates[i + 1 :]:
                assert not ra.intersects(rb), f"{diagram}: the labels of {a.code} and {b.code} overlap"
            for other in markers:
                if other is not a:
                    spot = window.view.mapFromScene(other.pos())
                    r = other.radius
                    assert not ra.intersects(QRectF(spot.x() - r, spot.y() - r, 2 * r, 2 * r)), (
                        f"{diagram}: the label of {a.code} covers the marker of {other.code}"
                    )


def test_grid_numbers_stand_where_no_label_is(window):
    window.actions.grid.setChecked(True)
    for diagram in ("arm-anterior", "arm-posterior", "abdomen", "hand-dorsal"):
        scene = at_fit(window, diagram)
        labels = [on_screen(window, m.label) for m in scene.markers() if m.label.isVisible()]
        numbers = [on_screen(window, t) for t in scene.grid_items if t.isVisible()]
        assert len(numbers) >= 5, f"{diagram}: the grid shows hardly any numbers"
        for number in numbers:
            assert not any(number.intersects(label) for label in labels), f"{diagram}: a cun number under a label"


def test_the_chosen_meridians_labels_are_never_the_ones_dropped(window):
    window.state.set_theme("projector")
    window.state.set_large_labels(True)
    for diagram, meridian in (("abdomen", "KI"), ("hand-dorsal", "SI"), ("face", "ST")):
        window.meridian_panel.choose(meridian)
        scene = at_fit(window, diagram)
        for item in scene.markers():
            if window.reference.points[item.code].meridian == meridian and window.view.viewport().rect().contains(
                window.view.mapFromScene(item.pos())
            ):
                assert item.label.isVisible(), f"{diagram}: the label of {item.code} was dropped"


def test_a_click_on_a_place_two_points_share_offers_both(qtbot, window, monkeypatch):
    popped = []
    monkeypatch.setattr(QMenu, "popup", lambda menu, where, *_: popped.append(where))  # offscreen has no popups
    scene = at_fit(window, "hand-palmar")
    (marker,) = [m for m in scene.markers() if m.companions and m.position.side == "right"]
    assert set(marker.codes()) == {"PC9", "EX-UE11"}
    QTest.mouseClick(
        window.view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        window.view.mapFromScene(marker.pos()),
    )
    assert popped  # a small menu at the click
    menu = window.choice_menu
    offered = {action.data(): action for action in menu.actions()}
    assert set(offered) == {"PC9", "EX-UE11"}
    offered["EX-UE11"].trigger()
    assert window.state.selection.code == "EX-UE11" and window.state.selection.side == "right"
    assert window.state.diagram == "hand-palmar"


def render(window):
    return window.view.viewport().grab().toImage()


def test_the_anatomy_layer_is_a_toggle_that_is_remembered(qtbot, reference, settings, window):
    at_fit(window, "hand-palmar")
    window.actions.labels.setChecked(False)
    before = render(window)
    QTest.keyClick(window.view, Qt.Key.Key_A)
    assert window.state.layers.anatomy and window.actions.anatomy.isChecked()
    # The artwork with its anatomy is rendered off the GUI thread: it arrives a moment later.
    qtbot.waitUntil(lambda: render(window) != before, timeout=10_000)  # bones and tendons drawn over the skin
    window.close()
    again = MainWindow(reference, settings)
    qtbot.addWidget(again)
    assert again.state.layers.anatomy


def test_search_and_stepping_go_to_the_view_where_a_point_reads_best(window):
    window.state.set_diagram("arm-anterior")
    window.go_to_point("PC6")  # found by search: the hand view shows the wrist at three times the size
    assert window.state.diagram == "hand-palmar"
    window.state.set_diagram("arm-anterior")
    scene = at_fit(window, "arm-anterior")
    item = next(i for i in scene.points["PC6"] if i.position.side == "right")
    window.view.centerOn(item)
    QTest.mouseClick(
        window.view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        window.view.mapFromScene(item.pos()),
    )
    assert window.state.selection.code == "PC6" and window.state.diagram == "arm-anterior"  # a click stays
    window.meridian_panel.choose("PC")
    window.state.select("PC4")
    assert window.state.diagram == "arm-anterior"
    window.state.step(1)  # PC5
    assert window.state.selection.code == "PC5" and window.state.diagram == "hand-palmar"
    window.state.step(-1)  # back to PC4, which only the arm view shows
    assert window.state.diagram == "arm-anterior"
    window.go_to_point("LI4")
    assert window.state.diagram == "hand-dorsal"


def test_each_theme_draws_its_own_colouring_of_the_artwork(window):
    scene = at_fit(window, "arm-anterior")
    for theme, suffix in (("dark", ".dark.svg"), ("projector", ".hc.svg"), ("light", "arm-anterior.svg")):
        window.state.set_theme(theme)
        assert str(scene.background.art_path).endswith(suffix), theme


def test_a_concealed_scene_draws_no_second_location_ring(window):
    """While studying, a ring would show where a point lies (and its tooltip names it)."""
    scene = at_fit(window, "face")
    rings = [ring for rings in scene.alternatives.values() for ring in rings]
    assert rings and all(ring.isVisible() for ring in rings)
    scene.conceal(frozenset())
    assert not any(ring.isVisible() for ring in rings)
    scene.conceal(None)
    assert all(ring.isVisible() for ring in rings)


def test_the_leg_views_share_one_toolbar_button_and_the_search_field_keeps_its_place(window):
    # Six views of the lower leg and foot as six more buttons pushed the search field off the toolbar.
    button = window.view_menus["leg"]
    assert button.text().startswith("Lower leg and foot")
    assert {a.data() for a in button.menu().actions()} == {
        d for d, diagram in window.reference.diagrams.items() if diagram.region == "leg"
    }
    window.actions.find.trigger()
    assert window.search.isVisible() and window.search.hasFocus()
    window.state.set_diagram("leg-medial")
    assert button.isChecked()
    window.state.set_diagram("face")
    assert not button.isChecked()
