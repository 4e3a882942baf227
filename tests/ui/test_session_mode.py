"""Treatment sessions in the window: needles marked on the diagram, counted out, and a session
that closes as complete only when every needle is accounted for."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF, QSettings, Qt
from PySide6.QtTest import QTest

from pointmap.state.app_state import Mode
from pointmap.ui.dialogs.session import AllOutDialog, IncidentDialog, StartSessionDialog
from pointmap.ui.main_window import MainWindow
from tests.conftest import act_on_next_dialog, answer_next_dialog


def open_window(qtbot, reference, tmp_path, opened=None):
    w = MainWindow(reference, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    if opened is not None:
        opened.append(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: bool(w._panels))
    return w


@pytest.fixture
def opened():
    """Windows a test opens; closed at the end without the questions a person would be asked
    (needles left in on purpose), which pytest-qt's own closing could not answer."""
    windows: list = []
    yield windows
    for w in windows:
        if w._panels:
            w.session_mode.may_close_app = lambda: True
            w.checklist_panel.may_close = lambda: True
        w.close()
        w.deleteLater()


@pytest.fixture
def window(qtbot, reference, tmp_path, opened):
    return open_window(qtbot, reference, tmp_path, opened)


def start_session(qtbot, window, client="C-104"):
    def fill(dialog):
        dialog.client.setText(client)
        for group, _detail in dialog.answers.values():
            group.buttons()[0].setChecked(True)  # "No" to every screening question
        dialog.accept()

    act_on_next_dialog(qtbot, fill, StartSessionDialog)
    window.session_mode.new_action.trigger()
    assert window.session_mode.session is not None
    window.activateWindow()  # the offscreen platform does not give it back after a dialog, as a desktop does
    qtbot.waitUntil(window.isActiveWindow)


def click_point(window, code, side="right"):
    scene = window.current_scene()
    item = next(i for i in scene.points[code] if i.position.side == side)
    window.view.centerOn(item)
    spot = window.view.mapFromScene(item.scenePos())
    QTest.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, spot)


def click_needle(window, code, side="right"):
    scene = window.current_scene()
    needle = next(n for site, n in scene.needles.items() if site.point_code == code and site.side == side)
    window.view.centerOn(needle)
    head = window.view.mapFromScene(needle.scenePos()) + needle.head().toPoint()
    QTest.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, head)


def test_without_a_session_a_click_only_selects(window):
    click_point(window, "ST6")
    assert window.state.mode == Mode.BROWSE and not window.current_scene().needles


def test_a_click_in_a_session_marks_a_needle_and_a_click_on_its_pin_marks_it_out(qtbot, window):
    start_session(qtbot, window)
    assert window.state.mode == Mode.SESSION
    click_point(window, "ST6", "right")
    click_point(window, "ST6", "right")
    click_point(window, "ST6", "left")
    scene = window.current_scene()
    counts = {(s.point_code, s.side): item.count for s, item in scene.needles.items()}
    assert counts == {("ST6", "right"): 2, ("ST6", "left"): 1}
    assert "3 in, 0 out, 3 still in" in window.session_mode.count_label.text()
    assert window.session_mode.count_label.isVisible()
    assert not window.session_mode.panel.visibleRegion().isEmpty()  # the Session tab came forward
    panel = window.session_mode.panel
    assert "still in 3" in panel.counts.text() and panel.still_in.count() == 2
    click_needle(window, "ST6", "right")
    assert scene.needles[next(s for s in scene.needles if s.side == "right")].count == 1
    assert "still in 2" in panel.counts.text()


def test_undo_last_mark_takes_a_mistaken_needle_away(qtbot, window):
    start_session(qtbot, window)
    click_point(window, "ST4")
    window.session_mode.undo_action.trigger()
    assert not window.current_scene().needles
    assert window.session_mode.session.tally().inserted == 0
    assert window.session_mode.session.needles[0].voided_at is not None  # kept in the record


def test_all_out_with_the_right_count_lets_the_session_close_as_complete(qtbot, window):
    start_session(qtbot, window)
    for code in ("ST6", "ST4", "LI20"):
        click_point(window, code)
    act_on_next_dialog(qtbot, lambda d: (d.counted.setValue(3), d.accept()), AllOutDialog)
    window.session_mode.all_out_action.trigger()
    assert not window.current_scene().needles
    answer_next_dialog(qtbot, "Close")
    window.session_mode.close_action.trigger()
    assert window.session_mode.session is None and window.state.mode == Mode.BROWSE


def test_one_needle_missing_runs_the_procedure_and_records_an_incident(qtbot, window):
    from pointmap.core.userdata import sessions

    start_session(qtbot, window)
    for code in ("ST6", "ST4", "LI20"):
        click_point(window, code)
    said = []
    act_on_next_dialog(qtbot, lambda d: (d.counted.setValue(2), d.accept()), AllOutDialog)
    answer_next_dialog(qtbot, "OK", said)
    window.session_mode.all_out_action.trigger()
    assert said and "1 needle fewer in hand (2) than were still in (3)" in said[0]
    assert len(window.current_scene().needles) == 3  # which one is missing is unknown: all still shown

    def report(dialog):
        assert dialog.steps.count() > 3  # the missing-needle checklist, step by step
        dialog.steps.item(0).setCheckState(Qt.CheckState.Checked)
        dialog.where.setText("not found; couch, floor and clothing searched")
        dialog.action.setPlainText("Client told; incident form completed")
        dialog.accept()

    act_on_next_dialog(qtbot, report, IncidentDialog)
    window.session_mode.close_action.trigger()
    assert window.session_mode.session is None
    record = sessions.get(window.user.store, sessions.summaries(window.user.store)[0].id)
    assert record.outcome == "incident" and record.incidents[0].kind == "needle-unaccounted"
    runs = sessions.checklist_runs(window.user.store, record.id)
    assert any(r.checklist_id == "incident-missing-needle" and r.ticked == {1} for r in runs)


def test_an_open_session_carries_on_after_the_app_is_closed(qtbot, reference, tmp_path, opened):
    first = open_window(qtbot, reference, tmp_path, opened)
    start_session(qtbot, first)
    click_point(first, "ST6")
    asked = []
    answer_next_dialog(qtbot, "Close", asked)
    assert first.close()
    assert asked and "1 needle is still marked in for client C-104" in asked[0]
    second = open_window(qtbot, reference, tmp_path, opened)
    assert second.state.mode == Mode.SESSION and second.session_mode.session.client_ref == "C-104"
    assert len(second.current_scene().needles) == 1


def test_a_client_reference_is_checked_in_the_dialog(qtbot, window):
    seen = []

    def fill(dialog):
        dialog.client.setText("Mrs <b>Smith</b>")
        dialog.accept()  # refused: the dialog stays open and says why
        seen.append(dialog.problem.text())
        dialog.reject()

    act_on_next_dialog(qtbot, fill, StartSessionDialog)
    window.session_mode.new_action.trigger()
    assert seen and "letters, digits" in seen[0]
    assert window.session_mode.session is None


def test_a_point_the_screening_concerns_carries_a_ring_and_asks_before_a_needle(qtbot, window):
    def fill(dialog):
        dialog.client.setText("C-300")
        for question_id, (group, _detail) in dialog.answers.items():
            group.buttons()[1 if question_id == "pregnant" else 0].setChecked(True)
        dialog.accept()

    act_on_next_dialog(qtbot, fill, StartSessionDialog)
    window.session_mode.new_action.trigger()
    panel = window.session_mode.panel
    assert panel.cautions.isVisible() and "Pregnant" in panel.cautions.text()
    window.state.set_diagram("hand-dorsal")
    scene = window.current_scene()
    assert "LI4" in scene.cautions and "TE5" not in scene.cautions
    asked = []
    answer_next_dialog(qtbot, "Cancel", asked)
    click_point(window, "LI4")
    assert asked and "LI4" in asked[0] and not scene.needles  # Cancel (the default): no needle
    answer_next_dialog(qtbot, "Yes")
    click_point(window, "LI4")
    (needle,) = window.session_mode.session.needles
    assert needle.confirmed_caution and needle.site.point_code == "LI4"
    click_point(window, "TE5")  # no question at a point the answers do not concern
    assert len(window.session_mode.session.needles) == 2


def test_search_and_enter_marks_a_needle_asking_which_side(qtbot, window):
    start_session(qtbot, window)
    window.actions.find.trigger()
    QTest.keyClicks(window.search, "st6")
    answer_next_dialog(qtbot, "Both")
    QTest.keyClick(window.search, Qt.Key.Key_Return)
    sides = sorted(n.site.side for n in window.session_mode.session.needles)
    assert sides == ["left", "right"]
    window.actions.find.trigger()
    QTest.keyClicks(window.search, "cv24")  # midline: no question
    QTest.keyClick(window.search, Qt.Key.Key_Return)
    assert window.session_mode.session.tally().inserted == 3


def test_a_protocol_is_applied_point_by_point_with_the_keyboard(qtbot, window):
    from pointmap.core.sequences import protocol_sequence

    start_session(qtbot, window)
    window.protocol_panel.choose("forehead-brow")
    codes = protocol_sequence(window.reference, "forehead-brow").codes
    window.view.setFocus()
    assert codes[0] == "EX-HN3" and codes[1] == "BL2"
    QTest.keyClick(window.view, Qt.Key.Key_BracketRight)
    QTest.keyClick(window.view, Qt.Key.Key_N)  # a midline point: no question
    QTest.keyClick(window.view, Qt.Key.Key_BracketRight)
    answer_next_dialog(qtbot, "Right")  # a point on both sides asks which
    QTest.keyClick(window.view, Qt.Key.Key_N)
    marked = [(n.site.point_code, n.site.side) for n in window.session_mode.session.needles]
    assert marked == [("EX-HN3", "midline"), ("BL2", "right")]


def test_notes_typed_in_a_session_are_kept_when_the_field_is_left(qtbot, window):
    from pointmap.core.userdata import sessions

    start_session(qtbot, window)
    panel = window.session_mode.panel
    window.session_dock.raise_()
    panel.notes.setFocus()
    QTest.keyClicks(panel.notes, "Client relaxed; <b>no</b> bruising")
    window.view.setFocus()  # leaving the field hands the notes over at once
    qtbot.waitUntil(lambda: sessions.open_session(window.user.store).notes.startswith("Client relaxed"))
    assert sessions.open_session(window.user.store).notes == "Client relaxed; <b>no</b> bruising"


def test_needles_stand_out_in_every_theme(qtbot, window):
    from PySide6.QtGui import QColor, QImage, QPainter

    from pointmap.ui.diagram.needles import NEEDLE_FILL

    start_session(qtbot, window)
    click_point(window, "ST6")
    cyan = QColor(NEEDLE_FILL)
    for theme in ("light", "dark", "projector"):
        window.state.set_theme(theme)
        image = QImage(window.view.viewport().size(), QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        window.view.render(painter)
        painter.end()
        found = sum(
            1
            for y in range(0, image.height(), 2)
            for x in range(0, image.width(), 2)
            if abs(image.pixelColor(x, y).red() - cyan.red()) < 30
            and abs(image.pixelColor(x, y).green() - cyan.green()) < 30
            and abs(image.pixelColor(x, y).blue() - cyan.blue()) < 30
        )
        assert found > 10, theme


def test_a_count_that_does_not_match_stays_on_screen_until_it_is_resolved(qtbot, window):
    start_session(qtbot, window)
    for code in ("ST6", "ST4"):
        click_point(window, code)
    act_on_next_dialog(qtbot, lambda d: (d.counted.setValue(1), d.accept()), AllOutDialog)
    answer_next_dialog(qtbot, "OK")
    window.session_mode.all_out_action.trigger()
    panel = window.session_mode.panel
    window.session_dock.raise_()
    assert panel.problem.isVisible() and "fewer in hand (1) than were still in (2)" in panel.problem.text()
    click_needle(window, "ST4")  # found at ST4 and marked out there
    click_needle(window, "ST6")
    assert not panel.problem.isVisible() and "still in 0" in panel.counts.text()
    assert window.session_mode.session.closing().complete


def _in_view(view, item, rect):
    return item.deviceTransform(view.viewportTransform()).mapRect(rect)


def _pins_in_view(window):
    from pointmap.ui.diagram.needles import HEAD

    view, scene = window.view, window.current_scene()
    found = []
    for pin in scene.needles.values():
        r = (pin.ring_radius() + 2 * pin.scale_factor) if pin.attention else HEAD * pin.scale_factor
        head = pin.head()
        found.append(_in_view(view, pin, QRectF(head.x() - r, head.y() - r, 2 * r, 2 * r)))
        if pin.attention:
            found.append(_in_view(view, pin, pin.badge_rect()))
    return found


def _covered_labels(window):
    scene = window.current_scene()
    pins = _pins_in_view(window)
    covered = []
    for item in scene.markers():
        if item.label.isVisible():
            plate = _in_view(window.view, item.label, item.label.boundingRect())
            if any(pin.intersects(plate) for pin in pins):
                covered.append(item.code)
    return covered


BROW_AND_CHIN = [("EX-HN3", "midline"), ("BL2", "right"), ("BL2", "left"), ("CV24", "midline")]


def test_labels_make_room_for_needle_pins_and_move_when_needles_change(qtbot, window):
    """EX-HN3's label read "EX-H" between the brow needles, CV24's "CV2": pins cover no label."""
    from pointmap.core.sessions import Site
    from pointmap.state.operations import sessions as ops

    start_session(qtbot, window)
    window.state.set_diagram("face")
    window.view.fit()
    session = window.session_mode.session
    for code, side in BROW_AND_CHIN:
        ops.mark_in(window.user, session.id, Site(code, side), "face")
    scene = window.current_scene()
    assert len(scene.needles) == 4
    qtbot.waitUntil(lambda: not window.view._label_timer.isActive())  # placed again by itself
    shown = {item.code for item in scene.markers() if item.label.isVisible()}
    assert {"EX-HN3", "CV24", "BL2"} <= shown
    assert _covered_labels(window) == []
    ops.mark_out(window.user, session.id, Site("BL2", "left"))  # removal: the pins grow a warning ring
    qtbot.waitUntil(lambda: not window.view._label_timer.isActive())
    assert all(pin.attention for pin in scene.needles.values())
    assert _covered_labels(window) == []


def _warning_pixels(image, colour, box):
    return sum(
        1
        for y in range(max(0, box.top()), min(image.height(), box.bottom()))
        for x in range(max(0, box.left()), min(image.width(), box.right()))
        if abs(image.pixelColor(x, y).red() - colour.red()) < 40
        and abs(image.pixelColor(x, y).green() - colour.green()) < 40
        and abs(image.pixelColor(x, y).blue() - colour.blue()) < 40
    )


def test_the_needles_left_in_stand_out_while_the_others_come_out_in_every_theme(qtbot, window):
    """Forgotten needles: once removal has begun, the pins still in get a warning ring and a badge
    in the theme's warning colour; before that (all in) they are ordinary pins."""
    from PySide6.QtGui import QImage, QPainter

    start_session(qtbot, window)
    for code in ("ST6", "ST4", "ST3"):
        click_point(window, code)
    scene = window.current_scene()
    assert not any(pin.attention for pin in scene.needles.values())  # treatment: nothing to warn of
    click_needle(window, "ST6")
    click_needle(window, "ST4")
    left = next(pin for site, pin in scene.needles.items() if site.point_code == "ST3")
    assert left.attention and "Still in" in left.toolTip()
    window.view.centerOn(left)
    for theme in ("light", "dark", "projector"):
        window.state.set_theme(theme)
        warning = window.look.diagram_style().warning
        assert scene.warning == warning and left.warning == warning
        image = QImage(window.view.viewport().size(), QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        window.view.render(painter)
        painter.end()
        box = _in_view(window.view, left, left.boundingRect()).toRect()
        assert _warning_pixels(image, warning, box) > 60, theme  # a thick ring and a badge, not a hint
        assert left.badge_text() == "1 in"


def test_a_short_all_out_count_makes_the_needles_still_in_stand_out(qtbot, window):
    start_session(qtbot, window)
    for code in ("ST6", "ST4"):
        click_point(window, code)
    act_on_next_dialog(qtbot, lambda d: (d.counted.setValue(1), d.accept()), AllOutDialog)
    answer_next_dialog(qtbot, "OK")
    window.session_mode.all_out_action.trigger()
    assert all(pin.attention for pin in window.current_scene().needles.values())


def test_a_broken_needle_is_recorded_and_its_procedure_opens_in_the_hygiene_tab(qtbot, window):
    from pointmap.ui.dialogs.session import AdverseEventDialog

    start_session(qtbot, window)
    click_point(window, "ST6")

    def record(dialog):
        dialog.kind.setCurrentIndex(dialog.kind.findData("broken needle"))
        dialog.site.setCurrentIndex(dialog.site.findData("ST6 (right)"))
        dialog.action.setPlainText("fragment above the skin, removed with forceps")
        dialog.accept()

    act_on_next_dialog(qtbot, record, AdverseEventDialog)
    window.session_mode.adverse_event()
    (event,) = window.session_mode.session.adverse_events
    assert (event.kind, event.point_code) == ("broken needle", "ST6")
    assert window.checklist_panel.current().id == "incident-broken-needle"
    assert window.checklist_dock.isVisible()
    assert "Broken needle" in window.statusBar().currentMessage()


def test_a_view_of_one_side_asks_which_side_a_needle_is_in_and_lists_the_other(qtbot, window):
    """The inner view draws the right leg only: a needle in the left SP6 must still be recordable."""
    start_session(qtbot, window)
    window.state.set_diagram("leg-medial")
    seen = []
    answer_next_dialog(qtbot, "Left", seen)
    click_point(window, "SP6")
    assert "shows the right side only" in seen[0]
    answer_next_dialog(qtbot, None)  # Enter: the side drawn
    click_point(window, "SP6")
    session = window.session_mode.session
    assert sorted(n.site.side for n in session.needles) == ["left", "right"]
    assert session.tally().in_place == 2  # both counted: the session cannot close with either still in
    answer_next_dialog(qtbot, "Cancel")
    click_point(window, "KI3")
    assert window.session_mode.session.tally().inserted == 2
    window.state.set_diagram("leg-anterior")  # a view of both legs does not ask
    click_point(window, "ST36", "left")
    assert window.session_mode.session.tally().inserted == 3
    window.state.set_diagram("leg-lateral")  # search and Enter asks the same on a view of one side
    answer_next_dialog(qtbot, "Left")
    window.session_mode.mark_from_search("GB34")
    assert [(n.site.point_code, n.site.side) for n in window.session_mode.session.needles][-1] == ("GB34", "left")
