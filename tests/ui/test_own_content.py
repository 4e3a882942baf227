"""A person's own content in the window: notes typed in the details pane and never lost, stars in three
places, own protocols made, edited, reordered, stepped through and printed, undo and redo of all of it,
and sharing through the File menu."""

from __future__ import annotations

import json
import sqlite3

import pytest
from PySide6.QtCore import QModelIndex, QPoint, QSettings, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QMessageBox

from pointmap.core import sharing
from pointmap.core.paths import Config
from pointmap.core.sequences import OWN_PROTOCOL
from pointmap.core.userdata import notes, open_store, protocols
from pointmap.core.userdata.protocols import Draft, Step
from pointmap.state.operations import own as ops
from pointmap.ui.main_window import MainWindow
from pointmap.ui.panels.notes import SAVE_DELAY_MS
from pointmap.ui.panels.sharing import ExportChoice
from tests.conftest import answer_next_dialog
from tests.support.userdata_helpers import NOW


def make_window(qtbot, reference, folder):
    w = MainWindow(reference, QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.user.clock = lambda: NOW
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: bool(w._panels))
    return w


@pytest.fixture
def window(qtbot, reference, tmp_path):
    return make_window(qtbot, reference, tmp_path)


def on_disk(window, sql: str) -> list[tuple]:
    """What another program reading the file sees now."""
    conn = sqlite3.connect(f"file:{window.config.user_db}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def type_note(qtbot, window, code: str, text: str):
    window.state.select(code)
    editor = window.own.note_editor
    editor.edit.setFocus()
    QTest.keyClicks(editor.edit, text)
    return editor


def press(window, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """A key on the diagram, as a person at the window would press it (after a dialog, the window is
    active again first: its shortcuts work only then)."""
    window.activateWindow()
    QApplication.processEvents()
    window.view.setFocus()
    QTest.keyClick(window.view, key, modifiers)


def undo(window) -> None:
    press(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def redo(window) -> None:
    press(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)


# -- notes ---------------------------------------------------------------------------------------------


def test_a_note_typed_is_on_disk_as_soon_as_it_says_saved(qtbot, window):
    editor = type_note(qtbot, window, "ST6", "Clench the jaw")
    assert editor.status.text() == "Saving…"
    qtbot.waitUntil(lambda: editor.status.text().startswith("Saved"), timeout=SAVE_DELAY_MS * 5)
    assert on_disk(window, "SELECT point_code, text FROM point_notes") == [("ST6", "Clench the jaw")]
    assert editor.status.text() == "Saved · last changed 1 Dec 2026, 14:17"


@pytest.mark.parametrize("leave", ["focus elsewhere", "another point", "close the window"])
def test_a_note_still_being_typed_is_saved_at_once_when_the_person_moves_on(qtbot, window, leave):
    type_note(qtbot, window, "ST6", "Half a thought")
    assert on_disk(window, "SELECT * FROM point_notes") == []  # not yet: the pause has not come
    if leave == "focus elsewhere":
        window.view.setFocus()
    elif leave == "another point":
        window.state.select("LI4")
        assert window.own.note_editor.edit.toPlainText() == ""
    else:
        window.close()
    assert on_disk(window, "SELECT point_code, text FROM point_notes") == [("ST6", "Half a thought")]


def test_a_note_comes_back_as_typed_with_its_date_and_markup_as_text(qtbot, window):
    editor = type_note(qtbot, window, "ST6", "<b>bold?</b> & <a href='x'>link</a>")
    window.state.select("LI4")
    window.state.select("ST6")
    assert editor.edit.toPlainText() == "<b>bold?</b> & <a href='x'>link</a>"
    assert editor.status.text() == "Last changed 1 Dec 2026, 14:17"


def test_ctrl_z_takes_back_what_was_typed_in_a_note_and_ctrl_shift_z_puts_it_back(qtbot, window):
    editor = type_note(qtbot, window, "ST6", "First")
    window.view.setFocus()
    type_note(qtbot, window, "ST6", " and more")  # a second visit: its own step of undo
    window.view.setFocus()
    undo(window)
    assert editor.edit.toPlainText() == "First" and on_disk(window, "SELECT text FROM point_notes") == [("First",)]
    undo(window)
    assert editor.edit.toPlainText() == "" and on_disk(window, "SELECT * FROM point_notes") == []
    redo(window)
    redo(window)
    assert on_disk(window, "SELECT text FROM point_notes") == [("First and more",)]


def test_the_search_box_finds_words_of_your_note_and_marks_them(qtbot, window):
    type_note(qtbot, window, "LI4", "Mnemonic: jackknife grip")
    window.view.setFocus()
    window.search.setFocus()
    QTest.keyClicks(window.search, "jackknife")
    row = window.search.results.item(0).text()
    assert row.startswith("LI4") and row.endswith("✎ your note")


# -- favourites ----------------------------------------------------------------------------------------


def test_the_star_in_the_details_pane_adds_a_favourite_the_point_list_can_show_alone(qtbot, window):
    window.state.select("ST6")
    star = window.own.pane.star
    qtbot.mouseClick(star, Qt.MouseButton.LeftButton)
    assert star.text() == "★ Favourite" and on_disk(window, "SELECT point_code FROM favourites") == [("ST6",)]
    window.point_list.set_filters(favourites=True)
    assert window.point_list.visible_codes() == ["ST6"]
    qtbot.mouseClick(star, Qt.MouseButton.LeftButton)
    assert window.point_list.visible_codes() == [] and star.text() == "☆ Add to favourites"


def test_a_click_on_the_star_of_a_row_of_the_point_list_stars_that_point(qtbot, window):
    lst = window.point_list
    row = lst.visible_codes().index("CV12")
    rect = lst.view.visualRect(lst.proxy.index(row, 0))
    lst.view.scrollTo(lst.proxy.index(row, 0))
    rect = lst.view.visualRect(lst.proxy.index(row, 0))
    spot = QPoint(rect.right() - rect.height() // 2 - 2, rect.center().y())
    QTest.mouseClick(lst.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, spot)
    assert lst.favourite_codes() == ["CV12"] and ops.favourites(window.user) == ["CV12"]


def test_a_right_click_on_a_point_of_the_diagram_offers_the_star_and_the_note(qtbot, window, monkeypatch):
    popped: list[QPoint] = []
    monkeypatch.setattr(QMenu, "popup", lambda menu, where, *_: popped.append(where))  # offscreen has no popups
    scene = window.current_scene()
    item = scene.points["ST6"][0]
    window.view.centerOn(item)
    spot = window.view.mapFromScene(item.scenePos())
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, spot, window.view.viewport().mapToGlobal(spot))
    QApplication.sendEvent(window.view.viewport(), event)
    menu = window.own.menu
    assert popped == [window.view.viewport().mapToGlobal(spot)]
    assert [a.text() for a in menu.actions()] == ["Add ST6 to favourites", "Write a note on ST6"]
    menu.actions()[0].trigger()
    assert ops.favourites(window.user) == ["ST6"]
    undo(window)
    assert ops.favourites(window.user) == []


def test_ctrl_d_stars_the_selected_point_and_ctrl_z_takes_the_star_back(window):
    window.state.select("CV12")
    press(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.own.pane.star.isChecked()
    undo(window)
    assert not window.own.pane.star.isChecked() and on_disk(window, "SELECT * FROM favourites") == []


# -- own protocols -------------------------------------------------------------------------------------


def steps_shown(window) -> list[str]:
    lst = window.protocol_panel.editor.steps
    return [lst.item(r).text().split()[1] for r in range(lst.count())]


def make_jaw(qtbot, window) -> None:
    panel = window.protocol_panel
    window.state.select("ST6")
    panel.new_from_selection()
    editor = panel.editor
    for code in ("ST7", "LI4"):
        window.state.select(code)
        qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)


def test_a_protocol_made_from_the_selection_is_marked_as_yours_and_steps_with_brackets(qtbot, window):
    make_jaw(qtbot, window)
    panel = window.protocol_panel
    assert panel.current_kind() == OWN_PROTOCOL and panel.list.currentItem().text().endswith("· yours")
    assert steps_shown(window) == ["ST6", "ST7", "LI4"]
    for expected in ("ST6", "ST7", "LI4", "ST6"):
        press(window, Qt.Key.Key_BracketRight)
        assert window.state.selected_code == expected
    assert panel.position.text() == "1 of 3"
    handout = window.handout()
    assert handout.title == "Protocol from ST6" and [p.code for p in handout.points] == ["ST6", "ST7", "LI4"]


def test_points_are_reordered_by_keyboard_and_by_drag_and_each_move_undoes(qtbot, window):
    make_jaw(qtbot, window)
    editor = window.protocol_panel.editor
    editor.steps.setCurrentRow(2)
    editor.steps.setFocus()
    QTest.keyClick(editor.steps, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert steps_shown(window) == ["ST6", "LI4", "ST7"] and editor.steps.currentRow() == 1
    assert window.state.sequence.codes == ("ST6", "LI4", "ST7")  # stepping follows at once
    # What a drop does: the rows move, then the new order is saved.
    editor.steps.model().moveRow(QModelIndex(), 2, QModelIndex(), 0)
    editor.steps._moved(editor.steps.order())
    assert steps_shown(window) == ["ST7", "ST6", "LI4"]
    assert ops.own_protocol(window.user, window.protocol_panel.current_key()).codes == ("ST7", "ST6", "LI4")
    undo(window)
    assert steps_shown(window) == ["ST6", "LI4", "ST7"]
    undo(window)
    assert steps_shown(window) == ["ST6", "ST7", "LI4"]


def test_title_and_step_notes_are_saved_as_typed(qtbot, window):
    make_jaw(qtbot, window)
    editor = window.protocol_panel.editor
    editor.title.selectAll()
    editor.title.setFocus()
    QTest.keyClicks(editor.title, "Jaw tension")
    editor.steps.setCurrentRow(0)
    editor.step_note.setFocus()
    QTest.keyClicks(editor.step_note, "tighter side first")
    window.view.setFocus()
    saved = ops.own_protocol(window.user, window.protocol_panel.current_key())
    assert saved.title == "Jaw tension" and saved.steps[0].note == "tighter side first"
    assert window.protocol_panel.list.currentItem().text().startswith("✎ Jaw tension")
    assert "tighter side first" in editor.steps.item(0).text()


def test_a_built_in_protocol_stays_read_only_and_can_be_copied_as_yours(window):
    panel = window.protocol_panel
    panel.choose("forehead-brow")
    assert panel.stack.currentWidget() is panel.notes and not panel.delete_button.isEnabled()
    panel.new_copy()
    made = ops.own_protocols(window.user)[0]
    assert made.draft.based_on == "forehead-brow" and panel.current_key() == made.uid
    assert panel.stack.currentWidget() is panel.editor
    builtin = next(p for p in window.reference.protocols if p.id == "forehead-brow")
    assert made.codes == tuple(s.point_code for s in builtin.steps)


def test_a_deleted_protocol_comes_back_with_ctrl_z(qtbot, window):
    make_jaw(qtbot, window)
    panel = window.protocol_panel
    uid = panel.current_key()
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert ops.own_protocols(window.user) == [] and window.state.sequence is None
    assert "Undo (Ctrl+Z) brings it back" in window.statusBar().currentMessage()
    undo(window)
    assert [p.uid for p in ops.own_protocols(window.user)] == [uid]
    panel.choose(uid, OWN_PROTOCOL)
    assert steps_shown(window) == ["ST6", "ST7", "LI4"]


def test_favourites_are_stepped_through_from_the_protocols_tab(window):
    for code in ("CV12", "ST6"):
        window.state.select(code)
        window.own.toggle_favourite()
    panel = window.protocol_panel
    panel.choose("all", "favourites")
    press(window, Qt.Key.Key_BracketRight)
    assert window.state.selected_code == "CV12" and "(2 points)" in panel.list.currentItem().text()


# -- sharing -------------------------------------------------------------------------------------------


def trainers_file(tmp_path, reference) -> str:
    store = open_store(tmp_path / "trainer" / "userdata.db", tmp_path / "trainer" / "backups", now=NOW).store
    notes.set_note(store, "ST6", "The trainer's tip.", NOW)
    protocols.create_protocol(store, Draft("Jaw, class 3", "face", steps=(Step("ST6", "first"), Step("LI4"))), NOW)
    path = tmp_path / "class.pointmap.json"
    sharing.write_export(path, sharing.export_data(store, NOW))
    store.close()
    return str(path)


def test_an_import_shows_what_it_will_do_and_imports_when_asked(qtbot, window, tmp_path, reference):
    path = trainers_file(tmp_path, reference)
    seen: list[str] = []
    answer_next_dialog(qtbot, "Import", seen)
    window.own.import_file(path)
    assert "Add 2, change 0, skip 0" in seen[0] and "• Add the protocol 'Jaw, class 3'." in seen[0]
    rows = [window.protocol_panel.list.item(r).text() for r in range(window.protocol_panel.list.count())]
    assert "✎ Jaw, class 3  (Face) · yours" in rows
    window.state.select("ST6")
    assert window.own.note_editor.edit.toPlainText() == "The trainer's tip."
    undo(window)
    assert ops.own_protocols(window.user) == [] and window.own.note_editor.edit.toPlainText() == ""


def test_an_import_cancelled_changes_nothing(qtbot, window, tmp_path, reference):
    path = trainers_file(tmp_path, reference)
    answer_next_dialog(qtbot, "Cancel")
    assert window.own.import_file(path) is None
    assert ops.own_protocols(window.user) == [] and on_disk(window, "SELECT * FROM point_notes") == []


def test_a_file_that_is_not_ours_is_refused_in_a_sentence(qtbot, window, tmp_path):
    bad = tmp_path / "holiday.json"
    bad.write_text(json.dumps({"photos": ["beach.jpg"]}), encoding="utf-8")
    seen: list[str] = []
    answer_next_dialog(qtbot, "OK", seen)
    assert window.own.import_file(str(bad)) is None
    assert seen == ["'holiday.json' is not a PointMap export of notes, favourites and protocols. Nothing was changed."]


def test_an_export_from_the_window_is_a_file_another_pointmap_imports(qtbot, window, tmp_path, reference):
    make_jaw(qtbot, window)
    type_note(qtbot, window, "ST6", "Mine")
    window.view.setFocus()
    path = window.own.export_all(str(tmp_path / "mine.pointmap.json"), ask=False)
    shared = sharing.read_shared(tmp_path / "mine.pointmap.json")
    assert path and [p.draft.title for p in shared.protocols] == ["Protocol from ST6"]
    assert [(n.point, n.text) for n in shared.notes] == [("ST6", "Mine")]


def test_an_export_that_would_carry_markup_says_which_note_and_writes_nothing(qtbot, window, tmp_path):
    type_note(qtbot, window, "ST6", "see <b>this</b>")
    window.view.setFocus()
    seen: list[str] = []
    answer_next_dialog(qtbot, "OK", seen)
    assert window.own.export_all(str(tmp_path / "x.json"), ask=False) is None
    assert "the note on ST6 contains markup" in seen[0] and not (tmp_path / "x.json").exists()


# -- codes the reference no longer holds ------------------------------------------------------------------


def test_records_naming_points_the_data_lacks_are_listed_at_start_and_kept(qtbot, reference, tmp_path):
    folder = Config.from_environment().user_dir
    store = open_store(folder / "userdata.db", folder / "backups", now=NOW).store
    notes.set_note(store, "XX99", "A retired point.", NOW)
    notes.set_note(store, "TB5", "Under its old code.", NOW)
    store.close()
    window = make_window(qtbot, reference, tmp_path)

    def told():  # this window's message (another test's window may be saying something else meanwhile)
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and "XX99" in w.text()]

    qtbot.waitUntil(lambda: bool(told()))
    box = told()[0]
    assert "XX99 (note)" in box.text() and "nothing was deleted" in box.text()
    box.close()
    window.state.select("TE5")
    assert window.own.note_editor.edit.toPlainText() == "Under its old code."
    assert on_disk(window, "SELECT point_code FROM point_notes ORDER BY 1") == [("TE5",), ("XX99",)]


def test_share_exports_the_chosen_protocol_alone_to_the_file_named(qtbot, window, tmp_path, monkeypatch):
    make_jaw(qtbot, window)
    type_note(qtbot, window, "ST6", "Private")
    window.view.setFocus()
    asked: list[str] = []

    def save_as(parent, caption, suggested, kinds):
        asked.append(suggested)
        return str(tmp_path / "for the class"), kinds

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    qtbot.mouseClick(window.protocol_panel.share_button, Qt.MouseButton.LeftButton)
    assert asked[0].endswith("Protocol from ST6.pointmap.json")
    shared = sharing.read_shared(tmp_path / "for the class.pointmap.json")
    assert [p.draft.title for p in shared.protocols] == ["Protocol from ST6"] and shared.notes == ()


def test_the_export_choice_lists_your_protocols_and_what_is_ticked_is_exported(qtbot, window):
    make_jaw(qtbot, window)
    window.protocol_panel.new_empty()
    dialog = ExportChoice(window.user)
    qtbot.addWidget(dialog)
    assert dialog.notes.isChecked() and dialog.protocols.count() == 2
    dialog.protocols.item(1).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.chosen_uids() == [ops.own_protocols(window.user)[0].uid]


def test_a_title_typed_in_pauses_is_one_step_of_undo(qtbot, window):
    make_jaw(qtbot, window)
    editor = window.protocol_panel.editor
    editor.title.setFocus()
    editor.title.selectAll()
    QTest.keyClicks(editor.title, "Jaw")
    qtbot.wait(700)  # a pause: saved
    assert ops.own_protocol(window.user, editor.uid).title == "Jaw"
    QTest.keyClicks(editor.title, " tension")
    window.view.setFocus()
    assert ops.own_protocol(window.user, editor.uid).title == "Jaw tension"
    undo(window)
    assert ops.own_protocol(window.user, editor.uid).title == "Protocol from ST6"
    assert editor.title.text() == "Protocol from ST6"


def test_an_emptied_title_comes_back_when_the_person_leaves_it(qtbot, window):
    make_jaw(qtbot, window)
    editor = window.protocol_panel.editor
    editor.title.setFocus()
    editor.title.selectAll()
    QTest.keyClick(editor.title, Qt.Key.Key_Delete)
    qtbot.wait(700)
    window.view.setFocus()
    assert editor.title.text() == "Protocol from ST6"
    assert ops.own_protocol(window.user, editor.uid).title == "Protocol from ST6"


def test_without_records_nothing_pretends_to_save_and_the_reason_is_shown(qtbot, reference, tmp_path):
    folder = Config.from_environment().user_dir
    folder.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(folder / "userdata.db")
    conn.execute("PRAGMA application_id = 1347245380")  # PointMap's, from a newer version
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    window = make_window(qtbot, reference, tmp_path)
    for box in [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]:
        box.close()
    window.state.select("ST6")
    editor = window.own.note_editor
    assert not editor.edit.isEnabled() and "newer PointMap" in editor.status.text()
    assert not window.own.pane.star.isEnabled() and not window.protocol_panel.new_button.isEnabled()


def test_long_protocol_titles_wrap_and_the_yours_heading_reads_as_text(qtbot, window):
    """The Protocols tab showed long titles cut off under a sideways scroll bar, and its 'Yours' heading
    in the grey of a disabled row."""
    make_jaw(qtbot, window)
    panel = window.protocol_panel
    window.details_dock.raise_()
    panel.show()
    panel.list.resize(260, 400)
    QApplication.processEvents()
    assert not panel.list.horizontalScrollBar().isVisible()
    row = next(r for r in range(panel.list.count()) if panel.list.item(r).text().startswith("Eye area"))
    item = panel.list.item(row)
    line = panel.list.fontMetrics().height()
    assert panel.list.fontMetrics().horizontalAdvance(item.text()) > panel.list.viewport().width()
    assert panel.list.visualItemRect(item).height() >= 2 * line - 2  # on two lines, whole
    heading = next(panel.list.item(r) for r in range(panel.list.count()) if panel.list.item(r).text() == "Yours")
    assert heading.foreground().color() == panel.list.palette().color(
        panel.list.palette().ColorGroup.Active, panel.list.palette().ColorRole.WindowText
    )
