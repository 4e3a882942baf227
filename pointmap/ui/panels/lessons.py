"""The Lessons tab: the built-in lessons and the trainer's own; a lesson made from the chosen meridian or
protocol, or copied from a built-in; its steps with the trainer's note on each, reordered, removed, or
the selected point added as a step; Present (F5) starts it; lessons shared in a file. Every change is one
operation (state/operations/lessons.py), recorded for undo.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pointmap.core import lessons as rules
from pointmap.core import sharing
from pointmap.core.errors import PointMapError
from pointmap.core.fileio import safe_file_stem
from pointmap.core.lessons import Lesson
from pointmap.core.sequences import MERIDIAN, PROTOCOL
from pointmap.core.userdata import own
from pointmap.state.operations import lessons as ops
from pointmap.ui import messages
from pointmap.ui.richtext import plain_tooltip

if TYPE_CHECKING:
    from pointmap.ui.main_window import MainWindow

FILTER = "PointMap lessons (*.pointmap.json *.json)"


class LessonList(QListWidget):
    """The lessons. Focus alone never chooses one: Qt makes the first row current when a list without a
    current row gets the keyboard focus (as when the button that had it is disabled), and a lesson
    chosen that way would replace the protocol or meridian being stepped through."""

    def focusInEvent(self, event) -> None:
        if self.currentRow() >= 0:
            super().focusInEvent(event)
            return
        self.blockSignals(True)
        try:
            super().focusInEvent(event)
            self.setCurrentRow(-1)
        finally:
            self.blockSignals(False)


class LessonPanel(QWidget):
    def __init__(self, window: MainWindow):
        super().__init__()
        self.window = window
        self.reference = window.reference
        self.state = window.state
        self.user = window.user
        self.history = window.actions.history
        self.lessons: list[Lesson] = []
        layout = QVBoxLayout(self)
        self.list = LessonList(self)
        self.list.setAccessibleName("Lessons")
        self.list.currentRowChanged.connect(self._chosen)
        self.list.itemActivated.connect(self.present)
        layout.addWidget(QLabel("Lessons (built-in ones are marked ★)"))
        layout.addWidget(self.list, 2)
        buttons = QGridLayout()
        self.present_button = self._button("Present (F5)", self.present, "Present the chosen lesson full screen")
        self.new_button = self._button(
            "New from the chosen…", self.new_from_sequence, "A lesson of the chosen meridian or protocol"
        )
        self.copy_button = self._button("Copy", self.copy, "A copy of this lesson that you can change")
        self.delete_button = self._button("Delete", self.delete, "Delete this lesson of yours (Undo brings it back)")
        self.export_button = self._button("Export…", self.export, "This lesson in a file for others to import")
        self.import_button = self._button("Import…", self.import_file, "Lessons from a file; you see what first")
        for n, b in enumerate(
            (
                self.present_button,
                self.new_button,
                self.copy_button,
                self.delete_button,
                self.export_button,
                self.import_button,
            )
        ):
            buttons.addWidget(b, n // 2, n % 2)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("Steps"))
        self.steps = QListWidget(self)
        self.steps.setAccessibleName("Steps of the lesson")
        self.steps.currentRowChanged.connect(self._step_chosen)
        layout.addWidget(self.steps, 2)
        step_buttons = QGridLayout()
        self.up_button = self._button("Up", lambda: self.move(-1), "Move the step up")
        self.down_button = self._button("Down", lambda: self.move(1), "Move the step down")
        self.add_button = self._button("Add selected point", self.add_point, "The selected point as a new step")
        self.remove_button = self._button("Remove step", self.remove_step, "Remove this step")
        for n, b in enumerate((self.up_button, self.down_button, self.add_button, self.remove_button)):
            step_buttons.addWidget(b, n // 2, n % 2)
        layout.addLayout(step_buttons)
        layout.addWidget(QLabel("Trainer's note (seen on the presenter's screen only)"))
        self.note = QPlainTextEdit(self)
        self.note.setAccessibleName("Trainer's note for the step")
        self.note.installEventFilter(self)
        layout.addWidget(self.note, 1)
        self.user.changed.connect(self._user_changed)
        self.refresh()

    def _button(self, text: str, slot, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(plain_tooltip(tip))
        button.setAccessibleName(tip)
        button.clicked.connect(slot)
        return button

    # -- what is listed --------------------------------------------------------------------------------

    def current(self) -> Lesson | None:
        row = self.list.currentRow()
        return self.lessons[row] if 0 <= row < len(self.lessons) else None

    def refresh(self) -> None:
        chosen = self.current().uid if self.current() else None
        self.lessons = ops.all_lessons(self.user, self.reference)
        self.list.blockSignals(True)
        self.list.clear()
        for lesson in self.lessons:
            item = QListWidgetItem(("★ " if lesson.builtin else "") + f"{lesson.title} ({len(lesson.steps)} steps)")
            item.setToolTip(plain_tooltip(lesson.summary))
            self.list.addItem(item)
        rows = [n for n, lesson in enumerate(self.lessons) if lesson.uid == chosen]
        self.list.setCurrentRow(rows[0] if rows else -1)
        self.list.blockSignals(False)
        self._show_steps()

    def _user_changed(self, changes) -> None:
        if changes.touches(own.LESSONS, own.LESSON_STEPS):
            self.refresh()
            self.state.refresh_sequence()

    def select_lesson(self, uid: str) -> None:
        rows = [n for n, lesson in enumerate(self.lessons) if lesson.uid == uid]
        if rows:
            self.list.setCurrentRow(rows[0])

    def _chosen(self, _row: int) -> None:
        lesson = self.current()
        if lesson is not None:
            self.state.choose_sequence(ops.LESSON, lesson.uid)
        self._show_steps()

    def _show_steps(self) -> None:
        lesson = self.current()
        row = self.steps.currentRow()
        self.steps.blockSignals(True)
        self.steps.clear()
        for n, step in enumerate(lesson.steps if lesson else (), start=1):
            view = self.reference.diagrams[step.view].title if step.view in self.reference.diagrams else "its view"
            more = f" +{len(step.points) - 1}" if len(step.points) > 1 else ""
            zoom = f", zoom {step.zoom:g}" if step.zoom > 1 else ""
            self.steps.addItem(f"{n}. {step.point or '—'}{more} on {view}{zoom}")
        self.steps.setCurrentRow(min(row, self.steps.count() - 1) if row >= 0 else (0 if self.steps.count() else -1))
        self.steps.blockSignals(False)
        mine = lesson is not None and not lesson.builtin
        for b in (self.delete_button, self.up_button, self.down_button, self.add_button, self.remove_button):
            b.setEnabled(mine)
        self.export_button.setEnabled(mine)
        self.copy_button.setEnabled(lesson is not None)
        self.present_button.setEnabled(lesson is not None)
        self.note.setReadOnly(not mine)
        self._step_chosen(self.steps.currentRow())

    def _step_chosen(self, row: int) -> None:
        lesson = self.current()
        step = lesson.steps[row] if lesson and 0 <= row < len(lesson.steps) else None
        self.note.setPlainText(step.note if step else "")

    # -- intents ------------------------------------------------------------------------------------------

    def _run(self, what):
        try:
            return what()
        except PointMapError as exc:
            messages.warn(self, "Lessons", str(exc))
            return None

    def present(self) -> None:
        lesson = self.current()
        if lesson is not None:
            self.state.choose_sequence(ops.LESSON, lesson.uid)
            self.window.presentation_mode.enter()

    def new_from_sequence(self) -> None:
        sequence = self.state.sequence
        if sequence is None:
            messages.tell(self, "Lessons", "Choose a meridian or a protocol first; its points become the steps.")
            return
        if sequence.kind == MERIDIAN:
            made = self._run(lambda: rules.from_meridian(self.reference, sequence.key))
        elif sequence.kind == PROTOCOL:
            made = self._run(lambda: rules.from_protocol(self.reference, sequence.key))
        else:
            made = rules.from_codes(self.reference, sequence.title, sequence.codes, f"{sequence.kind}:{sequence.key}")
        if made is None:
            return
        result = self._run(lambda: ops.create(self.user, self.reference, made))
        if result is not None:
            self.history.record(result[1])
            self.refresh()
            self.select_lesson(result[0].uid)

    def copy(self) -> None:
        lesson = self.current()
        result = self._run(lambda: ops.copy_builtin(self.user, self.reference, lesson.uid)) if lesson else None
        if result is not None:
            self.history.record(result[1])
            self.refresh()
            self.select_lesson(result[0].uid)

    def delete(self) -> None:
        lesson = self.current()
        if lesson is not None and not lesson.builtin:
            self.history.record(self._run(lambda: ops.delete(self.user, lesson.uid)))

    def move(self, delta: int) -> None:
        lesson, row = self.current(), self.steps.currentRow()
        if lesson is None or row < 0:
            return
        edit = self._run(lambda: ops.move_step(self.user, self.reference, lesson.uid, row, row + delta))
        self.history.record(edit)
        self.steps.setCurrentRow(max(0, min(self.steps.count() - 1, row + delta)))

    def add_point(self) -> None:
        lesson, code = self.current(), self.state.selected_code
        if lesson is None or code is None:
            return
        layers = tuple(name for name in rules.LAYERS if getattr(self.state.layers, name))
        step = rules.LessonStep(self.state.diagram, (code,), "all", layers, 1.0, "")
        row = self.steps.currentRow()
        self.history.record(self._run(lambda: ops.add_step(self.user, self.reference, lesson.uid, step, row + 1)))

    def remove_step(self) -> None:
        lesson, row = self.current(), self.steps.currentRow()
        if lesson is not None and row >= 0:
            self.history.record(self._run(lambda: ops.remove_step(self.user, self.reference, lesson.uid, row)))

    def save_note(self) -> None:
        lesson, row = self.current(), self.steps.currentRow()
        if lesson is None or lesson.builtin or not 0 <= row < len(lesson.steps):
            return
        text = self.note.toPlainText()
        if text != lesson.steps[row].note:
            self.history.record(self._run(lambda: ops.set_note(self.user, self.reference, lesson.uid, row, text)))

    def eventFilter(self, watched, event) -> bool:
        if watched is self.note and event.type() == QEvent.Type.FocusOut:
            self.save_note()
        return super().eventFilter(watched, event)

    def export(self, path: str | None = None) -> str | None:
        lesson = self.current()
        if lesson is None or lesson.builtin:
            return None
        if path is None:
            suggested = str(Path.home() / f"{safe_file_stem(lesson.title, 'lesson')}{sharing.SUFFIX}")
            path, _ = QFileDialog.getSaveFileName(self, "Export the lesson", suggested, FILTER)
            if not path:
                return None
        if self._run(lambda: ops.export_lessons(self.user, Path(path), [lesson.uid])) is None:
            return None
        self.window.statusBar().showMessage(f"Exported the lesson '{lesson.title}' to {path}", 10000)
        return path

    def import_file(self, path: str | None = None):
        from pointmap.ui.panels.sharing import import_own

        return import_own(self, self.user, self.reference, self.history, path)
