"""What a newcomer tripped over in the window (issue 17) and exports that must not lie (issue 10)."""

from __future__ import annotations

import errno
import os

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest

from pointmap.core import fileio
from pointmap.ui.main_window import MainWindow
from pointmap.ui.settings import fit_geometry
from tests.conftest import READ_ONLY_FOLDER, answer_next_dialog, posix_only


@pytest.fixture
def window(qtbot, reference, tmp_path):
    from PySide6.QtCore import QSettings

    w = MainWindow(reference, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: bool(w._panels))
    return w


def spot_of(window, item):
    return window.view.mapFromScene(item.scenePos())


def test_escape_leaves_full_screen_before_it_clears_the_selection(qtbot, window):
    window.state.select("ST6")
    window.actions.full_screen.setChecked(True)
    qtbot.waitUntil(window.isFullScreen)
    window.actions.clear.trigger()
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert window.state.selected_code == "ST6"
    assert not window.actions.full_screen.isChecked()
    window.actions.clear.trigger()
    assert window.state.selected_code is None


def test_full_screen_is_in_the_view_menu(window):
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert window.actions.full_screen in view_menu.actions()


def test_plus_and_minus_zoom_about_the_selected_point(qtbot, window):
    window.view.zoom_by(2)  # the diagram overflows the view: zoom can keep any spot where it is
    window.state.select("ST6")
    item = window.current_scene().selected_items_in_order()[0]
    window.view.centerOn(item.pos().x() + 60, item.pos().y() + 40)  # the point off-centre
    before = spot_of(window, item)
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_Plus)
    QTest.keyClick(window.view, Qt.Key.Key_Plus)
    assert window.view.zoom > 3
    after = spot_of(window, item)
    assert abs(after.x() - before.x()) <= 2 and abs(after.y() - before.y()) <= 2
    QTest.keyClick(window.view, Qt.Key.Key_Minus)
    after = spot_of(window, item)
    assert abs(after.x() - before.x()) <= 2 and abs(after.y() - before.y()) <= 2


def test_clicking_a_point_keeps_the_side_clicked_in_view(qtbot, window):
    window.state.set_diagram("arm-anterior")
    window.view.zoom_by(4)
    scene = window.current_scene()
    left = next(i for i in scene.points["PC6"] if i.position.side == "left")
    window.view.centerOn(left)
    spot = spot_of(window, left)
    QTest.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, spot)
    assert window.state.selection.code == "PC6" and window.state.selection.side == "left"
    assert abs(spot_of(window, left).x() - spot.x()) <= 2  # the view did not pan to the other arm


def test_a_click_brings_the_point_tab_forward(qtbot, window):
    window.checklist_dock.raise_()
    scene = window.current_scene()
    item = scene.points["ST6"][0]
    window.view.centerOn(item)
    QTest.mouseClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, spot_of(window, item)
    )
    qtbot.waitUntil(lambda: not window.details.visibleRegion().isEmpty())
    assert window.checklist_panel.visibleRegion().isEmpty()


def test_a_chosen_meridians_labels_win_in_the_projector_theme_with_large_labels(qtbot, window):
    window.state.set_theme("projector")
    window.state.set_large_labels(True)
    window.meridian_panel.choose("ST")
    window.view.layout_labels()
    scene = window.current_scene()
    st_visible = {
        code for code, items in scene.points.items() if code.startswith("ST") for i in items if i.label.isVisible()
    }
    assert {"ST2", "ST4", "ST6"} <= st_visible

    def on_screen(label):  # labels keep their size at any zoom: measure them where they are drawn
        return label.deviceTransform(window.view.viewportTransform()).mapRect(label.boundingRect())

    for _code, items in scene.points.items():  # a greyed label never covers a chosen one
        for item in items:
            if item.dimmed and item.label.isVisible():
                mine = on_screen(item.label)
                for st in (i for c, its in scene.points.items() if c.startswith("ST") for i in its):
                    if st.label.isVisible():
                        assert not mine.intersects(on_screen(st.label))


@pytest.mark.parametrize(
    "saved, expected_full",
    [(QRect(100, 100, 1124, 365), True), (QRect(-3000, 50, 1200, 800), True), (QRect(200, 100, 1200, 800), False)],
)
def test_a_window_saved_on_another_screen_fits_this_one(saved, expected_full):
    screen = QRect(0, 0, 3840, 2160)
    fitted = fit_geometry(saved, screen)
    assert screen.contains(fitted)
    if expected_full:
        assert fitted.width() > 3000 and fitted.height() > 1800
    else:
        assert fitted == saved


def test_a_window_restored_tiny_comes_back_usable(qtbot, reference, tmp_path):
    from PySide6.QtCore import QSettings

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    first = MainWindow(reference, settings)
    qtbot.addWidget(first)
    first.show()
    first.setGeometry(10, 10, 500, 300)
    first.close()
    second = MainWindow(reference, settings)
    qtbot.addWidget(second)
    available = second.screen().availableGeometry()
    assert second.width() >= min(800, available.width() * 0.9) and second.height() >= min(560, available.height() * 0.9)
    assert available.contains(second.geometry())


def test_a_failed_png_export_is_reported_and_keeps_the_old_file(qtbot, window, tmp_path, monkeypatch):
    target = tmp_path / "face.png"
    target.write_bytes(b"yesterday's image")

    def full_disk(fd, data):
        os.write(fd, data[:100])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fileio, "_write_all", full_disk)
    said = []
    answer_next_dialog(qtbot, "OK", said)
    assert window.export_diagram_png(str(target)) is None
    assert said and "disk is full" in said[0]
    assert "saved" not in window.statusBar().currentMessage()
    assert target.read_bytes() == b"yesterday's image"
    assert [p.name for p in tmp_path.iterdir() if p.suffix != ".ini"] == ["face.png"]


def test_a_pdf_cut_short_by_a_full_disk_is_not_called_saved(qtbot, window, tmp_path, monkeypatch):
    def full_disk(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fileio, "_write_all", full_disk)
    said = []
    answer_next_dialog(qtbot, "OK", said)
    assert window.export_handout_pdf(str(tmp_path / "handout.pdf")) is None
    assert said and "Nothing was changed" in said[0]
    assert not (tmp_path / "handout.pdf").exists()
    assert "saved" not in window.statusBar().currentMessage()


def test_a_successful_export_says_where_it_went(window, tmp_path):
    path = window.export_handout_pdf(str(tmp_path / "handout"))
    assert path == str(tmp_path / "handout.pdf")
    assert (tmp_path / "handout.pdf").read_bytes().startswith(b"%PDF")
    assert "Handout saved to" in window.statusBar().currentMessage()


@posix_only(READ_ONLY_FOLDER)
def test_a_settings_file_that_cannot_be_written_is_said(qtbot, reference, tmp_path):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "settings.ini").write_text("[view]\ntheme=dark\n")
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    # As a read-only file on a read-only disk: QSettings cannot write it.
    (folder / "settings.ini").chmod(0o444)
    folder.chmod(0o555)
    try:
        if settings.isWritable():
            pytest.skip("this user can write read-only files (root): the case cannot be made here")
        w = MainWindow(reference, settings)
        qtbot.addWidget(w)
        w.show()
        qtbot.waitUntil(lambda: bool(w._panels))
        told = [b for b in w.findChildren(QMessageBox) if "cannot be kept" in b.text()]
        assert told and str(folder / "settings.ini") in told[0].text()
        assert w.state.theme == "dark"  # what could be read was still used
        told[0].accept()
    finally:
        folder.chmod(0o755)
        (folder / "settings.ini").chmod(0o644)


def test_an_unreadable_settings_file_is_said_and_the_window_opens(qtbot, reference, tmp_path):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    path = tmp_path / "settings.ini"
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    path.mkdir()  # a folder where the file should be: nothing can be read or written
    w = MainWindow(reference, settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: bool(w._panels))
    qtbot.waitUntil(lambda: any("cannot be kept" in b.text() for b in w.findChildren(QMessageBox)))
    assert w.state.diagram == "face"


@pytest.mark.qt_log_ignore("QVariant::load")  # Qt's own note on the garbage variant below
def test_garbage_in_the_settings_file_gives_the_defaults(qtbot, reference, tmp_path):
    from PySide6.QtCore import QSettings

    path = tmp_path / "settings.ini"
    path.write_text(
        "[window]\ngeometry=@ByteArray(garbage)\nstate=12\n[layers]\nlabels=maybe\ngrid=@Variant(\\0\\0\\0\\x7f)\n"
        "[view]\ntheme=<b>neon</b>\ndiagram=../../etc\nlarge_labels=2147483648\n"
    )
    w = MainWindow(reference, QSettings(str(path), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.show()
    assert w.state.theme == "system" and w.state.diagram == "face" and w.state.layers.labels
    assert w.width() >= 400 and w.height() >= 300


def test_long_names_in_the_data_do_not_squeeze_the_diagram(window):
    """The filter and checklist choosers are as wide as their panels allow, not as their longest item."""
    for box in (window.point_list.group, window.checklist_panel.chooser):
        box.addItem("An extraordinarily long name that a trainer might give " * 4)
        assert box.sizeHint().width() < 300
    assert window.view.width() > window.width() * 0.4
