"""The desktop window, driven through its real widgets with pytest-qt (offscreen)."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QSettings, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QRegion
from PySide6.QtTest import QTest

from pointmap.core.sequences import protocol_sequence
from pointmap.ui.main_window import MainWindow
from tests.conftest import answer_next_dialog


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, reference, settings):
    w = MainWindow(reference, settings)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: bool(w._panels))  # the side panels arrive right after the first frame
    return w


def test_markers_and_labels_are_kept_as_pixmaps_after_the_first_frame(qtbot, reference, settings):
    """The first frame draws them directly; right after it they are cached, on this view and on
    every view made later (a 4K frame then copies them rather than drawing 120 items again)."""
    from PySide6.QtWidgets import QGraphicsItem

    cached = QGraphicsItem.CacheMode.DeviceCoordinateCache
    w = MainWindow(reference, settings)
    qtbot.addWidget(w)
    items = w.current_scene().all_point_items()
    assert items and all(i.cacheMode() != cached for i in items)  # not yet: the first frame is to come
    w.show()
    qtbot.waitUntil(lambda: all(i.cacheMode() == cached and i.label.cacheMode() == cached for i in items))
    w.state.set_diagram("hand-dorsal")
    later = w.current_scene().all_point_items()
    assert later and all(i.cacheMode() == cached and i.label.cacheMode() == cached for i in later)


def click_point(qtbot, window, code, side="right"):
    scene = window.current_scene()
    item = next(i for i in scene.points[code] if i.position.side == side)
    window.view.centerOn(item)
    spot = window.view.mapFromScene(item.scenePos())
    QTest.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, spot)
    return item


def test_window_opens_on_the_face(window):
    assert window.state.diagram == "face"
    assert window.actions.views["face"].isChecked()


def test_clicking_a_point_shows_its_details_and_both_sides(qtbot, window):
    click_point(qtbot, window, "ST6")
    assert window.state.selected_code == "ST6"
    assert window.details.point.code == "ST6"
    text = window.details.toPlainText()
    assert "Jiáchē" in text and "Cautions" in text and "Location" in text
    items = window.current_scene().points["ST6"]
    assert len(items) == 2 and all(i.selected for i in items)


def test_typing_tb5_and_enter_shows_te5_on_a_view_that_contains_it(qtbot, window):
    window.actions.find.trigger()
    assert window.search.hasFocus()
    QTest.keyClicks(window.search, "tb5")
    assert window.search.results.isVisible()
    assert window.search.current_code() == "TE5"
    QTest.keyClick(window.search, Qt.Key.Key_Return)
    assert window.state.selected_code == "TE5"
    assert window.state.diagram in window.reference.diagrams_showing("TE5")
    assert window.details.point.code == "TE5"
    assert not window.search.results.isVisible()


def test_up_and_down_move_through_results_without_the_mouse(qtbot, window):
    window.search.setFocus()
    QTest.keyClicks(window.search, "st2")
    first = window.search.current_code()
    QTest.keyClick(window.search, Qt.Key.Key_Down)
    second = window.search.current_code()
    assert first == "ST2" and second != first
    QTest.keyClick(window.search, Qt.Key.Key_Up)
    assert window.search.current_code() == first
    QTest.keyClick(window.search, Qt.Key.Key_Down)
    QTest.keyClick(window.search, Qt.Key.Key_Return)
    assert window.state.selected_code == second


def test_choosing_a_meridian_highlights_its_points_and_path(qtbot, window):
    window.meridian_dock.raise_()
    window.meridian_panel.choose("ST")
    scene = window.current_scene()
    st = [i for code, items in scene.points.items() if code.startswith("ST") for i in items]
    others = [i for code, items in scene.points.items() if not code.startswith("ST") for i in items]
    assert st and all(i.emphasized and not i.dimmed for i in st)
    assert others and all(i.dimmed for i in others)
    assert scene.shown_paths() == ["ST"]
    assert "Stomach" in window.meridian_panel.notes.toPlainText()


def test_stepping_through_a_meridian_switches_view_when_needed(qtbot, window):
    window.meridian_panel.choose("ST")
    QTest.keyClick(window, Qt.Key.Key_BracketRight)
    assert window.state.selected_code == "ST1"
    for _ in range(7):
        window.actions.next.trigger()
    assert window.state.selected_code == "ST8"
    window.actions.next.trigger()
    assert window.state.selected_code == "ST19"
    assert window.state.diagram == "abdomen"
    window.actions.prev.trigger()
    assert window.state.selected_code == "ST8"
    assert window.state.diagram in ("face", "face-lateral")


def render(window) -> QImage:
    image = QImage(window.view.viewport().size(), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    window.view.render(painter)
    painter.end()
    return image


def test_layer_toggles_change_what_is_drawn(qtbot, window):
    scene = window.current_scene()
    window.actions.labels.setChecked(True)
    window.view.layout_labels()
    assert any(i.label.isVisible() for i in scene.all_point_items())
    plain = render(window)
    window.actions.grid.setChecked(True)
    assert all(i.isVisible() for i in scene.grid_items)
    assert render(window) != plain
    with_grid = render(window)
    window.actions.paths.setChecked(True)
    assert set(scene.shown_paths()) == set(scene.meridian_paths) and len(scene.meridian_paths) > 3
    assert render(window) != with_grid
    window.actions.labels.setChecked(False)
    window.view.layout_labels()
    assert not any(i.label.isVisible() for i in scene.all_point_items())
    window.actions.grid.setChecked(False)
    assert not any(i.isVisible() for i in scene.grid_items)


def pixels_like(image: QImage, color: QColor, tolerance: int = 24) -> int:
    """How many pixels of ``image`` are within ``tolerance`` of ``color`` in each channel."""
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            pixel = image.pixelColor(x, y)
            if all(abs(a - b) <= tolerance for a, b in zip(pixel.getRgb()[:3], color.getRgb()[:3], strict=True)):
                count += 1
    return count


def test_meridian_paths_are_drawn_in_their_colour_and_the_chosen_one_stands_out(qtbot, window):
    scene = window.current_scene()
    window.actions.labels.setChecked(False)
    for item in scene.all_point_items():  # markers share the colours; count the lines alone
        item.setVisible(False)
    st, li = (QColor(window.reference.meridians[code].color) for code in ("ST", "LI"))
    without = render(window)
    window.actions.paths.setChecked(True)
    drawn = render(window)
    assert pixels_like(drawn, st) > pixels_like(without, st) + 40
    assert pixels_like(drawn, li) > pixels_like(without, li) + 10
    window.meridian_panel.choose("ST")
    chosen = render(window)
    assert scene.meridian == "ST"
    assert pixels_like(chosen, st) > pixels_like(drawn, st)  # wider
    assert pixels_like(chosen, li) < pixels_like(drawn, li)  # the others fade
    scene.background.MAX_COMPOSED_PIXELS = 0  # as at a deep zoom: stroked each frame, not cached
    assert pixels_like(render(window), st) == pytest.approx(pixels_like(chosen, st), rel=0.05)


class PaintedRegion(QObject):
    """The union of what a widget repaints (an event filter)."""

    def __init__(self):
        super().__init__()
        self.region = QRegion()

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            self.region += event.region()
        return False


def test_the_paths_key_redraws_the_lines_on_screen_at_once(qtbot, window):
    scene = window.current_scene()
    window.actions.labels.setChecked(False)
    qtbot.wait(50)
    painted = PaintedRegion()
    window.view.viewport().installEventFilter(painted)
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_M)
    assert window.actions.paths.isChecked()
    where = window.view.mapFromScene(scene.meridian_paths["ST"][0].boundingRect()).boundingRect()
    qtbot.waitUntil(lambda: painted.region.contains(where))


def test_selection_stays_in_step_between_list_diagram_and_details(qtbot, window):
    window.point_list.select_code(None)
    proxy = window.point_list.proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1) == "CV12")
    window.point_list.view.setCurrentIndex(proxy.index(row, 0))
    assert window.state.selected_code == "CV12"
    assert window.state.diagram == "abdomen"
    assert all(i.selected for i in window.current_scene().points["CV12"])
    assert window.details.point.code == "CV12"
    click_point(qtbot, window, "ST25")
    assert window.point_list.current_code() == "ST25"
    assert window.details.point.code == "ST25"
    assert not any(i.selected for i in window.current_scene().points["CV12"])


def test_list_filters_by_region_and_meridian(window):
    window.point_list.set_filters("arm", "PC")
    codes = window.point_list.visible_codes()
    assert codes and all(c.startswith("PC") for c in codes)
    window.point_list.set_filters("face", None)
    assert "ST6" in window.point_list.visible_codes() and "ST25" not in window.point_list.visible_codes()


def test_data_text_is_shown_as_text_never_as_html(window):
    point = window.reference.points["ST6"]._replace(
        location="<b>bold</b> & <a href='x'>link</a>", cautions="<script>x</script>"
    )
    window.details.show_point(point)
    text = window.details.toPlainText()
    assert "<b>bold</b> & <a href='x'>link</a>" in text
    assert "<script>x</script>" in text


def test_zoom_keys_and_fit(qtbot, window):
    window.view.setFocus()
    start = window.view.transform().m11()
    QTest.keyClick(window.view, Qt.Key.Key_Plus)
    assert window.view.transform().m11() > start
    window.actions.zoom_out.trigger()
    window.actions.zoom_out.trigger()
    assert window.view.transform().m11() < start
    window.actions.fit.trigger()
    assert window.view.transform().m11() == pytest.approx(start)
    assert window.status.zoom_label.text() == "100%"


def test_ctrl_wheel_zooms_around_the_cursor(qtbot, window):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent

    view = window.view
    view.zoom_by(3)  # zoomed in far enough that the diagram overflows the view and can scroll
    spot = QPointF(view.viewport().width() * 0.3, view.viewport().height() * 0.4)
    before = view.mapToScene(spot.toPoint())
    event = QWheelEvent(
        spot,
        view.viewport().mapToGlobal(spot),
        QPoint(0, 0),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    start = view.transform().m11()
    view.wheelEvent(event)
    assert view.transform().m11() > start
    after = view.mapToScene(spot.toPoint())
    assert abs(after.x() - before.x()) < 3 and abs(after.y() - before.y()) < 3


def test_window_state_is_remembered(qtbot, reference, settings):
    first = MainWindow(reference, settings)
    qtbot.addWidget(first)
    first.state.set_diagram("arm-posterior")
    first.actions.grid.setChecked(True)
    first.actions.labels.setChecked(False)
    first.close()
    second = MainWindow(reference, settings)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.state.diagram == "arm-posterior"
    assert second.actions.grid.isChecked() and not second.actions.labels.isChecked()
    second.view.layout_labels()
    scene = second.current_scene()
    assert scene.layers.grid and not scene.layers.labels
    assert not any(item.label.isVisible() for item in scene.all_point_items())


def test_projector_theme_uses_high_contrast_artwork_and_big_labels(qtbot, window):
    scene = window.current_scene()
    normal = scene.all_point_items()[0].label.font().pointSizeF()
    window.actions.themes["projector"].trigger()
    assert scene.high_contrast
    assert scene.all_point_items()[0].label.font().pointSizeF() > normal
    window.actions.themes["light"].trigger()
    assert not scene.high_contrast


def test_checklist_counts_needles_in_and_out(window):
    panel = window.checklist_panel
    panel.count_in.setValue(12)
    panel.count_out.setValue(11)
    assert "1 needle not yet removed" in panel.reconcile.text()
    panel.count_out.setValue(12)
    assert "All 12 needles accounted for" in panel.reconcile.text()


def test_checklist_items_can_be_ticked(window):
    panel = window.checklist_panel
    first = panel.items.item(0)
    first.setCheckState(Qt.CheckState.Checked)
    assert panel.progress.text().startswith("1 of")


def test_damaged_database_shows_a_message_not_a_crash(tmp_path, monkeypatch, qtbot):
    from pointmap.ui import app as app_module

    bad = tmp_path / "points.db"
    bad.write_bytes(b"not a database at all")
    monkeypatch.setenv("POINTMAP_REFERENCE_DB", str(bad))
    shown = []
    answer_next_dialog(qtbot, "OK", shown)
    assert app_module.run_app(["pointmap"]) == 1
    assert shown and "damaged" in shown[0]


def test_handout_pdf_has_the_diagram_and_the_points_of_the_chosen_meridian(window, tmp_path):
    window.meridian_panel.choose("PC")
    handout = window.handout()
    assert handout.title.startswith("Pericardium meridian")
    codes = [p.code for p in handout.points]
    assert "PC6" in codes and "ST6" not in codes
    assert {v.diagram for v in handout.views} >= {"arm-anterior"}
    path = window.export_handout_pdf(str(tmp_path / "handout.pdf"))
    data = (tmp_path / "handout.pdf").read_bytes()
    assert path and data.startswith(b"%PDF") and data.count(b"/Type /Page") >= 2


def test_diagram_exports_as_png(window, tmp_path):
    from PySide6.QtGui import QImage

    path = window.export_diagram_png(str(tmp_path / "face.png"))
    image = QImage(path)
    assert image.width() == 3000 and not image.isNull()


def test_artwork_lines_up_with_the_scene_at_any_zoom(qtbot, window):
    """The diagram is drawn from a cached rendering: it must land exactly where the SVG itself
    would, so points sit on their landmarks."""
    from PySide6.QtCore import QRectF

    view = window.view
    scene = window.current_scene()
    for item in scene.items():
        item.setVisible(False)
    for zoom in (1.0, 2.5):
        view.fit()
        view.zoom_by(zoom)
        view.viewport().repaint()  # the rendering at this zoom is made off the GUI thread: wait for it
        qtbot.waitUntil(lambda: not scene.background.rendering_pending(), timeout=10_000)
        # Grab through the window, as a screenshot or a screen does (the viewport sits at an offset).
        from PySide6.QtCore import QRect

        origin = view.viewport().mapTo(window, QPoint(0, 0))
        shown = window.grab().toImage().copy(QRect(origin, view.viewport().size()))
        shown = shown.convertToFormat(QImage.Format.Format_RGB32)
        expected = QImage(shown.size(), QImage.Format.Format_RGB32)
        expected.fill(scene.ground)
        painter = QPainter(expected)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setTransform(view.viewportTransform())
        scene.art.render(painter, QRectF(scene.sceneRect()))
        painter.end()
        step, differing, total = 7, 0, 0
        for y in range(0, shown.height(), step):
            for x in range(0, shown.width(), step):
                a, b = QColor(shown.pixel(x, y)), QColor(expected.pixel(x, y))
                total += 1
                if abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) > 60:
                    differing += 1
        assert differing / total < 0.01, f"artwork misplaced at zoom {zoom}: {differing}/{total} pixels differ"


def test_changing_the_list_filter_does_not_choose_a_point(window):
    window.state.select("ST6")
    window.point_list.set_filters("arm", None)
    assert window.state.selected_code == "ST6"
    assert window.state.diagram == "face"


def test_a_point_can_be_chosen_again_from_the_list_after_escape(qtbot, window):
    proxy = window.point_list.proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1) == "CV12")
    window.point_list.view.setCurrentIndex(proxy.index(row, 0))
    assert window.state.selected_code == "CV12"
    assert "CV12" in window.statusBar().currentMessage()
    window.actions.clear.trigger()
    assert window.state.selected_code is None
    assert window.statusBar().currentMessage() == ""  # no stale name once nothing is chosen
    window.point_list.view.setCurrentIndex(proxy.index(row, 0))
    assert window.state.selected_code == "CV12"


def test_escape_in_the_search_field_closes_results_then_clears_the_text(qtbot, window):
    window.state.select("ST6")
    window.search.setFocus()
    QTest.keyClicks(window.search, "hegu")
    assert window.search.results.isVisible()
    QTest.keyClick(window.search, Qt.Key.Key_Escape)
    assert not window.search.results.isVisible() and window.search.text() == "hegu"
    QTest.keyClick(window.search, Qt.Key.Key_Escape)
    assert window.search.text() == ""
    assert window.state.selected_code == "ST6"  # Esc in the field never drops the selection


def test_stepping_through_a_protocol_follows_its_order(window):
    window.protocol_panel.choose("forehead-brow")
    codes = protocol_sequence(window.reference, "forehead-brow").codes
    window.actions.next.trigger()
    assert window.state.selected_code == codes[0]
    window.actions.next.trigger()
    assert window.state.selected_code == codes[1]
    assert window.protocol_panel.position.text() == f"2 of {len(codes)}"


def test_ctrl_page_down_cycles_through_the_views(qtbot, window):
    order = list(window.reference.diagrams)
    QTest.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.state.diagram == order[1]
    QTest.keyClick(window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.state.diagram == order[0]


def test_projector_shortcut_toggles_back_to_the_previous_theme(window):
    window.state.set_theme("dark")
    window.actions.projector.trigger()
    assert window.state.theme == "projector"
    window.actions.projector.trigger()
    assert window.state.theme == "dark"


def test_exports_to_an_unwritable_place_say_so(qtbot, window, tmp_path):
    warnings = []
    answer_next_dialog(qtbot, "OK", warnings)
    target = tmp_path / "missing-folder" / "handout.pdf"
    assert window.export_handout_pdf(str(target)) is None
    assert warnings and "could not be written" in warnings[0]
    assert not target.exists()


def test_png_export_works_without_an_extension_in_the_name(window, tmp_path):
    path = window.export_diagram_png(str(tmp_path / "diagram"))
    assert path and QImage(path).width() == 3000


def test_handouts_are_printed_light_even_in_the_projector_theme(window, tmp_path):
    from pointmap.ui.export.handout import light

    window.state.set_theme("projector")
    scene = window.current_scene()
    seen = []

    with light(scene, 300) as printed:
        seen.append((printed.high_contrast, printed.ground.name()))
    assert seen == [(False, "#ffffff")]
    assert scene.high_contrast and scene.ground.name() == "#000000"  # the screen keeps its theme


def test_ticks_and_needle_counts_survive_a_restart(qtbot, reference, settings):
    first = MainWindow(reference, settings)
    qtbot.addWidget(first)
    first.build_panels()
    panel = first.checklist_panel
    panel.choose("during-treatment-needling")
    panel.items.item(0).setCheckState(Qt.CheckState.Checked)
    panel.count_in.setValue(9)
    panel.count_out.setValue(9)
    first.close()
    second = MainWindow(reference, settings)
    qtbot.addWidget(second)
    second.build_panels()
    restored = second.checklist_panel
    assert restored.current().id == "during-treatment-needling"
    assert restored.items.item(0).checkState() == Qt.CheckState.Checked
    assert (restored.count_in.value(), restored.count_out.value()) == (9, 9)


def test_closing_with_needles_unaccounted_for_asks_first(qtbot, window):
    asked = []
    window.checklist_panel.count_in.setValue(10)
    window.checklist_panel.count_out.setValue(8)
    answer_next_dialog(qtbot, "Cancel", asked)
    assert not window.close()
    assert len(asked) == 1 and "2 needles not yet counted out" in asked[0] and window.isVisible()
    answer_next_dialog(qtbot, None)  # Enter: the safe default keeps the window open
    assert not window.close() and window.isVisible()
    answer_next_dialog(qtbot, "Close")
    assert window.close()
    assert not window.isVisible()


def test_closing_with_the_needles_all_out_does_not_ask(window):
    window.checklist_panel.count_in.setValue(10)
    window.checklist_panel.count_out.setValue(10)
    assert window.close()


@pytest.mark.parametrize(
    "damage", ["no diagrams at all", "a position without coordinates", "artwork outside the assets folder"]
)
def test_damaged_content_shows_a_message_in_the_gui(tmp_path, monkeypatch, qtbot, damage):
    from pointmap.ui import app as app_module
    from tests.conftest import DAMAGE, damaged_copy

    sql, named = DAMAGE[damage]
    monkeypatch.setenv("POINTMAP_REFERENCE_DB", str(damaged_copy(tmp_path, sql)))
    shown = []
    answer_next_dialog(qtbot, "OK", shown)
    assert app_module.run_app(["pointmap"]) == 1
    assert shown and "damaged" in shown[0] and named in shown[0]


def test_the_search_index_is_ready_before_the_first_keystroke(qtbot, window):
    """Built in idle time after the first frame (and again after a note changes), so the person's first
    keystroke does not pay for it."""
    qtbot.waitUntil(lambda: window.search._index is not None, timeout=5000)
    window.search.set_own_notes({"ST6": "marmalade sandwich"})
    assert window.search._index is None  # the notes changed: built again ...
    qtbot.waitUntil(lambda: window.search._index is not None, timeout=5000)  # ... in idle time
    assert [h.code for h in window.search.index.search("marmalade", limit=3)][:1] == ["ST6"]


def test_once_the_index_is_ready_a_full_garbage_collection_does_not_walk_it(qtbot, window):
    """CPython's own full passes come on whatever allocation happens next, a keystroke as like as not;
    at 20,000 points walking the index took 15-20 ms. The idle-time preparation sets aside all that
    is alive, the index with it, and takes it back (collecting any cycles) when the index is built again."""
    import gc

    qtbot.waitUntil(lambda: window.search._index is not None, timeout=5000)
    qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=5000)
    tracked = {id(o) for o in gc.get_objects()}  # what a full pass walks
    entry = window.search.index.entries[0]
    assert gc.is_tracked(entry) and id(entry) not in tracked
    window.search.set_own_notes({"ST6": "marmalade sandwich"})
    qtbot.waitUntil(lambda: window.search._index is not None, timeout=5000)
    new_entry = window.search.index.entries[0]
    assert new_entry is not entry and id(new_entry) not in {id(o) for o in gc.get_objects()}


def test_pointmap_alone_and_with_options_opens_the_window_with_the_same_folders(monkeypatch, tmp_path):
    """`pointmap` alone takes a short way to the window (no parser of every command is built): it must
    open the same window, with the same folders, as the command line read in full would."""
    from pointmap import cli
    from pointmap.ui import app as app_module

    opened = []
    monkeypatch.setattr(app_module, "run_app", lambda argv, config: opened.append((argv, config)) or 0)
    monkeypatch.setenv("POINTMAP_USER_DIR", str(tmp_path / "mine"))
    monkeypatch.setattr(sys, "argv", ["pointmap"])
    assert cli.main() == 0 and cli.main([]) == 0
    assert cli.main(["--user-data", str(tmp_path / "mine")]) == 0
    assert len(opened) == 3 and opened[0] == opened[1] == opened[2]
    argv, config = opened[0]
    assert argv == ["pointmap"] and config.user_dir == (tmp_path / "mine").resolve()
