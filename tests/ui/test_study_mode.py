"""Study mode in the window: nothing names a point while a question is open, a click is measured in
cun and recorded, a typed name and a chosen fact are judged, an empty deck says so, everything comes
back when the mode ends; progress, the exam sheet and the Anki deck."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt
from PySide6.QtTest import QTest

from pointmap.core.study.scheduler import CORRECT
from pointmap.core.userdata import study
from pointmap.state.app_state import Mode
from pointmap.state.operations import sessions as session_ops
from pointmap.state.operations import study as ops
from pointmap.ui.main_window import MainWindow
from pointmap.ui.modes.study import OUTSIDE
from pointmap.ui.panels.study import EMPTY, QUESTION


def open_window(qtbot, reference, tmp_path):
    w = MainWindow(reference, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: bool(w._panels))
    return w


@pytest.fixture
def window(qtbot, reference, tmp_path):
    w = open_window(qtbot, reference, tmp_path)
    yield w
    w.session_mode.may_close_app = lambda: True
    w.close()
    w.deleteLater()


def study_deck(window, codes, kinds=("locate",)):
    """Choose a hand-picked deck and start, as a person would on the Study tab."""
    mode = window.study_mode
    chosen = replace(ops.settings(window.user), deck=("picked", "set"), picked=tuple(codes), kinds=tuple(kinds))
    ops.save_settings(window.user, chosen)
    mode.show_setup()
    mode.panel.start.click()
    return mode


def click_scene(window, spot: QPointF):
    window.view.centerOn(spot)
    QTest.mouseClick(
        window.view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        window.view.mapFromScene(spot),
    )


def true_spot(window, code, side="right"):
    diagram = window.reference.diagrams[window.state.diagram]
    (p,) = [p for p in window.reference.positions_of(code, diagram.id) if p.side == side]
    return QPointF(p.x * diagram.width, p.y * diagram.height)


def test_nothing_names_a_point_while_a_question_is_open_and_all_comes_back_after(window, qtbot):
    scene = window.current_scene()
    assert any(i.label.isVisible() for i in scene.all_point_items())
    mode = study_deck(window, ["ST6", "CV12"])
    assert window.state.mode == Mode.STUDY and mode.question.kind == "locate"
    scene = window.current_scene()
    items = scene.all_point_items()
    assert not any(i.isVisible() or i.label.isVisible() for i in items)  # no marker, no label
    assert all(i.toolTip() == "" for i in items)
    docks = (window.points_dock, window.details_dock, window.meridian_dock, window.protocol_dock)
    assert not any(d.isVisible() for d in docks)
    assert not window.search.isEnabled() and "off" in window.search.placeholderText()
    hovered = []
    window.scenes.point_hovered.connect(hovered.append)
    scene.report_hovered("ST6")
    scene.report_activated("ST6", "right")
    assert hovered == [] and window.statusBar().currentMessage() == "" and window.state.selection is None
    QTest.keyClick(window, Qt.Key.Key_L)  # the labels toggle is off while studying
    window.view.layout_labels()
    assert not any(i.label.isVisible() for i in items)
    assert not window.actions.find.isEnabled() and not window.actions.next.isEnabled()
    window.state.set_layer("paths", True)  # even a path layer switched on draws no meridian course
    assert scene.shown_paths() == []
    window.state.set_layer("paths", False)

    mode.panel.stop_requested.emit()
    assert window.state.mode == Mode.BROWSE
    window.view.layout_labels()
    assert any(i.label.isVisible() for i in scene.all_point_items())
    assert all(i.isVisible() and i.toolTip() for i in scene.all_point_items())
    assert all(d.toggleViewAction().isChecked() for d in docks) and window.points_dock.isVisible()
    assert window.search.isEnabled() and window.actions.find.isEnabled()


def test_a_locate_click_is_measured_in_cun_recorded_and_drawn(window):
    mode = study_deck(window, ["ST6"])
    assert mode.panel.prompt_label.text() == "Where is ST6?"
    frame = mode.frames.frame(window.reference.positions_of("ST6", "face")[0])
    target = true_spot(window, "ST6")
    click_scene(window, target + QPointF(0, 0.3 * frame.long_unit))  # 0.3 cun below it
    assert "Correct" in mode.panel.verdict.text() and "0.3 cun too far inferior" in mode.panel.verdict.text()
    assert "How to find it:" in mode.panel.details.text() and "Depth:" in mode.panel.details.text()
    (kept,) = study.reviews(window.user.store)
    assert (kept.point_code, kept.kind, kept.outcome, kept.diagram) == ("ST6", "locate", CORRECT, "face")
    assert kept.error_cun == pytest.approx(0.3, abs=0.02)
    assert mode.marks.items and mode.marks.scene is window.current_scene()  # the click, the line, the point
    assert window.study_mode.button.text() == "Study · 1 due"  # a new card comes back within the day
    click_scene(window, target)  # after the verdict a click is no second answer
    assert len(study.reviews(window.user.store)) == 1


def test_a_click_off_the_diagram_or_a_drag_is_no_answer(window, qtbot):
    mode = study_deck(window, ["CV12"])
    window.view.fit()
    window.view.zoom_by(0.5)
    corner = QPoint(3, 3)
    assert not window.current_scene().sceneRect().contains(window.view.mapToScene(corner))
    QTest.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, corner)
    assert mode.panel.note.text() == OUTSIDE and mode.panel.note.isVisible()
    spot = window.view.mapFromScene(true_spot(window, "CV12", "midline"))
    viewport = window.view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, spot)
    QTest.mouseMove(viewport, spot + QPoint(40, 30))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, spot + QPoint(40, 30))
    assert study.reviews(window.user.store) == [] and not mode.question.answered


def test_a_typed_name_is_matched_like_the_search_box(window):
    mode = study_deck(window, ["TE5", "PC6"], kinds=("name",))
    first = mode.question.code
    assert mode.panel.prompt_label.text() == "Which point is marked?"
    visible = {i.code for i in window.current_scene().all_point_items() if i.isVisible()}
    assert visible == {first} and not any(i.label.isVisible() for i in window.current_scene().all_point_items())
    alias = {"TE5": "sj 5", "PC6": "neiguan"}[first]
    QTest.keyClicks(mode.panel.name_field, alias)
    QTest.keyClick(mode.panel.name_field, Qt.Key.Key_Return)
    assert mode.panel.verdict.text().startswith("Correct")
    mode.panel.next_button.click()
    second = mode.question.code
    assert second != first
    QTest.keyClicks(mode.panel.name_field, "ST6")
    QTest.keyClick(mode.panel.name_field, Qt.Key.Key_Return)
    assert "is ST6" in mode.panel.verdict.text() and second in mode.panel.verdict.text()
    assert [(r.point_code, r.outcome, r.answer) for r in study.reviews(window.user.store)] == [
        (first, "correct", alias),
        (second, "wrong", "ST6"),
    ]


def test_facts_are_asked_as_multiple_choice(window):
    mode = study_deck(window, ["ST6"], kinds=("facts",))
    choice = mode.question.choice
    assert mode.panel.prompt_label.text() == choice.question and len(mode.panel.option_buttons) == len(choice.options)
    mode.panel.option_buttons[choice.answer].click()
    assert mode.panel.verdict.text() == "Correct."
    assert [b.isEnabled() for b in mode.panel.option_buttons] == [
        n == choice.answer for n in range(len(choice.options))
    ]
    (kept,) = study.reviews(window.user.store)
    assert kept.outcome == "correct" and kept.answer == choice.right[:200]


def test_an_empty_deck_says_so_and_changes_nothing(window):
    mode = study_deck(window, [])
    assert mode.panel.page == EMPTY and "has no cards" in mode.panel.empty_title.text()
    assert "Choose the points of your set" in mode.panel.empty_text.text()
    assert window.state.mode == Mode.BROWSE and window.points_dock.isVisible() and window.search.isEnabled()


def test_a_treatment_session_ends_study_and_brings_the_names_back(window):
    mode = study_deck(window, ["ST6"])
    assert mode.panel.page == QUESTION
    session = session_ops.start(window.user, "C-1")
    assert window.state.mode == Mode.SESSION and not mode.studying
    assert window.points_dock.isVisible() and window.search.isEnabled()
    assert all(i.isVisible() for i in window.current_scene().all_point_items())
    session_ops.close(window.user, session.id)


def test_closing_the_window_while_studying_keeps_the_layout_from_before(qtbot, reference, tmp_path):
    first = open_window(qtbot, reference, tmp_path)
    study_deck(first, ["ST6"])
    assert not first.points_dock.isVisible()
    first.close()
    again = open_window(qtbot, reference, tmp_path)
    try:
        assert again.points_dock.isVisible() and again.state.mode == Mode.BROWSE
    finally:
        again.close()


def test_progress_shows_the_streak_the_groups_and_the_chart(window):
    for code, error in (("ST6", 0.3), ("CV12", 1.5)):
        ops.answer(window.user, code, "locate", CORRECT if error < 0.5 else "wrong", diagram="face", error_cun=error)
    progress = window.study_mode.show_progress()
    assert progress.headline.text().startswith("Streak: 1 day · due today: 2")
    assert "mean locate error 0.90 cun" in progress.summary.text()
    titles = [progress.table.item(r, 0).text() for r in range(progress.table.rowCount())]
    assert titles[:3] == ["Arm", "Face", "Abdomen"] or {"Face", "Abdomen"} <= set(titles)
    face = titles.index("Face")
    assert progress.table.item(face, 5).text() == "0.30 cun"
    assert "0.90 cun" in progress.chart.accessibleDescription()
    image = progress.chart.grab().toImage()
    reds = sum(
        1
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if image.pixelColor(x, y).red() > 180 and image.pixelColor(x, y).green() < 90
    )
    assert reds > 10  # the error line's dots are drawn
    # No card is mastered after one day: the chart says why its green series is empty.
    assert "No card mastered yet" in progress.chart.accessibleDescription()
    greens = sum(
        1
        for x in range(0, image.width(), 2)
        for y in range(image.height() // 2, image.height(), 2)
        if image.pixelColor(x, y).green() > 100 and image.pixelColor(x, y).red() < 80
    )
    assert greens > 10  # the note is written in the bars' green, in the plot
    ops.answer(window.user, "LI4", "locate", "wrong", diagram="hand-dorsal", error_cun=2.0)
    assert "answered today: 3" in progress.headline.text()  # it follows new answers while open
    progress.close()


def test_an_exam_sheet_and_an_anki_deck_of_the_chosen_deck(window, tmp_path):
    chosen = replace(ops.settings(window.user), deck=("picked", "set"), picked=("ST6", "CV12", "LI4"))
    ops.save_settings(window.user, chosen)
    window.study_mode.show_setup()
    pdf = tmp_path / "exam.pdf"
    assert window.study_mode.export_exam_sheet(str(pdf)) == str(pdf)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", data)) == 4  # 3 views and the key
    apkg = tmp_path / "deck.apkg"
    assert window.study_mode.export_anki(str(apkg)) == str(apkg)
    archive = zipfile.ZipFile(io.BytesIO(apkg.read_bytes()))
    names = set(__import__("json").loads(archive.read("media")).values())
    assert {n for n in names if n.endswith(".jpg")} == {
        "pointmap-ST6-face.jpg",
        "pointmap-CV12-abdomen.jpg",
        "pointmap-LI4-hand-dorsal.jpg",  # the hand is drawn on the hand views
    }
    assert len([n for n in names if n.endswith(".png")]) == 3  # a blank diagram per view
    assert window.current_scene().concealed is None  # the window's own scenes were not touched


def test_the_deck_line_above_a_question_is_quieter_than_the_prompt_but_readable(window):
    """It was drawn in palette(mid): light grey on light grey (a contrast of about 1.8 to 1), as if disabled."""
    from PySide6.QtGui import QColor

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())

    from PySide6.QtWidgets import QApplication

    window.state.set_theme("light")  # whatever theme an earlier test left on the application
    mode = study_deck(window, ["ST6"])
    QApplication.processEvents()
    assert mode.panel.header.isVisible() and mode.panel.header.text()
    image = mode.panel.header.grab().toImage()
    ground = image.pixelColor(0, 0)
    ink = min(
        (image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())),
        key=luminance,
    )
    light, dark = sorted((luminance(ground), luminance(ink)), reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= 3.0
