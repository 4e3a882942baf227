"""The editor of one of the person's own protocols: title, region, purpose and notes (saved as typed), and
its points in order, each with a note, reordered by drag or with Alt+Up / Alt+Down, added from the point
selected on the diagram, removed with Delete. Every change is one step of undo."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pointmap.core.errors import PointMapError
from pointmap.core.reference import Reference
from pointmap.core.userdata.protocols import MAX_STEPS, MAX_TITLE, Draft, OwnProtocol, Step
from pointmap.state.app_state import AppState, Selection
from pointmap.state.operations import own as ops
from pointmap.state.undo import Edit
from pointmap.state.userdata import Changes, UserData
from pointmap.ui.richtext import plain_tooltip
from pointmap.ui.undo import History

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
INDEX_ROLE = Qt.ItemDataRole.UserRole + 2  # the row's place when the list was filled: a drop's new order
SAVE_DELAY_MS = 500


class StepList(QListWidget):
    """The protocol's points; a drop reorders them and reports the rows' former places in the new order."""

    def __init__(self, moved: Callable[[list[int]], None], parent=None):
        super().__init__(parent)
        self._moved = moved
        self.setAccessibleName("Points of your protocol, in order")
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)  # a step's note wraps under its point instead of running off the edge
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setToolTip("Drag to reorder, or Alt+Up / Alt+Down; Delete removes the point")

    def order(self) -> list[int]:
        return [self.item(r).data(INDEX_ROLE) for r in range(self.count())]

    def dropEvent(self, event) -> None:
        super().dropEvent(event)
        self._moved(self.order())


class ProtocolEditor(QWidget):
    def __init__(self, reference: Reference, state: AppState, user: UserData, history: History, parent=None):
        super().__init__(parent)
        self.reference, self.state, self.user, self.history = reference, state, user, history
        self.uid: str | None = None
        self.protocol: OwnProtocol | None = None
        self._dirty = False
        self._loading = False
        self._session = 0
        self.mine = QLabel("Your protocol: change anything; it is saved as you go.", accessibleName="Whose protocol")
        self.mine.setTextFormat(Qt.TextFormat.PlainText)
        self.mine.setWordWrap(True)
        self.title = QLineEdit(accessibleName="Protocol title", maxLength=MAX_TITLE)
        self.region = QComboBox(accessibleName="Protocol region")
        self.region.addItem("Several regions", "")
        for key, region in reference.regions.items():
            self.region.addItem(region.title, key)
        self.purpose = QPlainTextEdit(accessibleName="Protocol purpose")
        self.notes = QPlainTextEdit(accessibleName="Protocol notes")
        for box in (self.purpose, self.notes):
            box.setTabChangesFocus(True)
            box.setFixedHeight(box.fontMetrics().lineSpacing() * 3 + 12)
        self.steps = StepList(self._dropped)
        self.step_note = QLineEdit(accessibleName="Note on this point of the protocol")
        self.step_note.setPlaceholderText("A note on this point (side, depth, order…)")
        self.add_button = QPushButton("Add the selected point")
        self.remove_button = QPushButton("Remove")
        self.up_button = QPushButton("▲")
        self.down_button = QPushButton("▼")
        self.up_button.setAccessibleName("Move the point up")
        self.down_button.setAccessibleName("Move the point down")
        self.up_button.setToolTip("Move the point earlier (Alt+Up)")
        self.down_button.setToolTip("Move the point later (Alt+Down)")
        self.remove_button.setToolTip("Take the point out of the protocol (Delete)")
        form = QFormLayout()
        form.addRow("Title:", self.title)
        form.addRow("Region:", self.region)
        form.addRow("Purpose:", self.purpose)
        form.addRow("Notes:", self.notes)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button, 1)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.mine)
        layout.addLayout(form)
        layout.addWidget(self.steps, 1)
        layout.addWidget(self.step_note)
        layout.addLayout(buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save_text)
        self.title.textEdited.connect(self._typed)
        self.purpose.textChanged.connect(self._typed)
        self.notes.textChanged.connect(self._typed)
        self.step_note.textEdited.connect(self._typed)
        self.region.currentIndexChanged.connect(self._region_chosen)
        self.steps.currentRowChanged.connect(self._step_chosen)
        self.add_button.clicked.connect(self.add_selected)
        self.remove_button.clicked.connect(self.remove_current)
        self.up_button.clicked.connect(self.move_up)
        self.down_button.clicked.connect(self.move_down)
        for key, slot in (("Alt+Up", self.move_up), ("Alt+Down", self.move_down), ("Delete", self.remove_current)):
            shortcut = QShortcut(QKeySequence(key), self.steps)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        for field in (self.title, self.purpose, self.notes, self.step_note):
            field.installEventFilter(self)
        state.selection_changed.connect(self._selection_changed)
        user.changed.connect(self._changed)

    # -- showing --------------------------------------------------------------------------------------

    def show_protocol(self, uid: str | None) -> None:
        """Edit another protocol (what was typed in this one is saved first); the same one: nothing to do."""
        if uid == self.uid and self.protocol is not None:
            return
        self.save_text(final=True)
        self.uid = uid
        self._session += 1
        self.refresh()

    def _changed(self, changes: Changes) -> None:
        if changes.touches(*ops.PROTOCOLS) and not self._dirty:
            self.refresh()

    def refresh(self) -> None:
        """Show the protocol as the records hold it."""
        self.protocol = ops.own_protocol(self.user, self.uid) if self.uid else None
        p = self.protocol
        self._loading = True
        try:
            d = p.draft if p else Draft("")
            if self.title.text() != d.title:
                self.title.setText(d.title)
            self.region.setCurrentIndex(max(0, self.region.findData(d.region)))
            for box, text in ((self.purpose, d.purpose), (self.notes, d.notes)):
                if box.toPlainText() != text:
                    box.setPlainText(text)
            row = self.steps.currentRow()
            self.steps.clear()
            for n, step in enumerate(d.steps, start=1):
                self.steps.addItem(self._row(n, step))
            if self.steps.count():
                self.steps.setCurrentRow(max(0, min(row, self.steps.count() - 1)))
            self._show_step_note()
        finally:
            self._loading = False
        self._dirty = False
        self._enable()

    def _row(self, n: int, step: Step) -> QListWidgetItem:
        point = self.reference.points.get(step.point_code)
        name = f"{point.pinyin}  {point.hanzi}" if point else "not in PointMap's data"
        text = f"{n}.  {step.point_code}   {name}" + (f"  —  {step.note}" if step.note else "")
        item = QListWidgetItem(text)
        item.setData(CODE_ROLE, step.point_code)
        item.setData(INDEX_ROLE, n - 1)
        item.setToolTip(plain_tooltip(f"{step.point_code}: {point.english if point else 'unknown point'}"))
        return item

    def _show_step_note(self) -> None:
        step = self._current_step()
        if self.step_note.text() != (step.note if step else ""):
            self.step_note.setText(step.note if step else "")
        self.step_note.setEnabled(step is not None)

    def _current_step(self) -> Step | None:
        row = self.steps.currentRow()
        if self.protocol is None or not 0 <= row < len(self.protocol.steps):
            return None
        return self.protocol.steps[row]

    def _enable(self) -> None:
        code = self.state.selected_code
        have = self.protocol is not None
        for w in (self.title, self.region, self.purpose, self.notes, self.steps):
            w.setEnabled(have)
        inside = have and code in self.protocol.codes  # type: ignore[union-attr]
        full = have and len(self.protocol.steps) >= MAX_STEPS  # type: ignore[union-attr]
        self.add_button.setEnabled(have and code is not None and not inside and not full)
        self.add_button.setText(f"Add {code}" if code else "Add the selected point")
        self.add_button.setToolTip(
            "Choose a point on the diagram or in the list first"
            if code is None
            else (f"{code} is in this protocol already" if inside else f"Add {code} at the end of the protocol")
        )
        row = self.steps.currentRow()
        self.remove_button.setEnabled(have and row >= 0)
        self.up_button.setEnabled(have and row > 0)
        self.down_button.setEnabled(have and 0 <= row < self.steps.count() - 1)

    def _selection_changed(self, selection: Selection | None) -> None:
        self._enable()
        if selection is not None and self.protocol is not None and selection.code in self.protocol.codes:
            index = self.protocol.codes.index(selection.code)
            if index != self.steps.currentRow():
                self.steps.setCurrentRow(index)

    def _step_chosen(self, row: int) -> None:
        if self._loading:
            return
        self.save_text()
        self._show_step_note()
        self._enable()
        step = self._current_step()
        if step is not None and step.point_code in self.reference.points:
            self.state.select(step.point_code)

    # -- editing --------------------------------------------------------------------------------------

    def _draft_from_fields(self) -> Draft | None:
        if self.protocol is None:
            return None
        steps = list(self.protocol.steps)
        row = self.steps.currentRow()
        if 0 <= row < len(steps):
            steps[row] = Step(steps[row].point_code, self.step_note.text())
        return Draft(
            self.title.text(),
            self.region.currentData() or "",
            self.purpose.toPlainText(),
            self.notes.toPlainText(),
            tuple(steps),
            self.protocol.draft.based_on,
        )

    def _typed(self) -> None:
        if self._loading or self.protocol is None:
            return
        self._dirty = True
        self._timer.start()

    def save_text(self, final: bool = False) -> bool:
        """Save what is typed in the fields now; True when it is on disk (or nothing was pending).
        ``final``: the person left the fields; an emptied title then gets the saved one back."""
        self._timer.stop()
        if not self._dirty:
            return True
        draft = self._draft_from_fields()
        if draft is None:
            return False
        if not draft.title.strip():  # a protocol keeps its title until a new one is typed
            if not final or self.protocol is None:
                return False
            self._loading = True
            self.title.setText(self.protocol.title)
            self._loading = False
            draft = self._draft_from_fields()
        ok = self._save(lambda: ops.save_protocol(self.user, self.uid, draft, merge_key=self._merge_key()))
        self._dirty = not ok
        if ok:
            self._relabel_current()
        return ok

    def _merge_key(self) -> str:
        return f"protocol:{self.uid}:{self._session}"

    def _relabel_current(self) -> None:
        """The saved step note shown in its row, without rebuilding the list under the person's keys."""
        self.protocol = ops.own_protocol(self.user, self.uid) if self.uid else None
        row = self.steps.currentRow()
        if self.protocol is not None and 0 <= row < len(self.protocol.steps):
            self.steps.item(row).setText(self._row(row + 1, self.protocol.steps[row]).text())

    def _save(self, write: Callable[[], Edit | None]) -> bool:
        try:
            self.history.record(write())
        except PointMapError as exc:
            from pointmap.ui import messages

            messages.warn(self.window(), "Your protocol was not saved", str(exc))
            self.refresh()
            return False
        return True

    def _region_chosen(self) -> None:
        if not self._loading and self.protocol is not None:
            self._dirty = True
            self.save_text()

    def _save_steps(self, steps: list[Step], what: str) -> None:
        self.save_text()
        if self.protocol is None or self.uid is None:
            return
        draft = self.protocol.draft.with_steps(steps)
        self._save(lambda: ops.save_protocol(self.user, self.uid, draft, what))
        self.refresh()

    def add_selected(self) -> None:
        code = self.state.selected_code
        if self.protocol is None or code is None or code in self.protocol.codes:
            return
        self._save_steps([*self.protocol.steps, Step(code)], "Add a point to")
        self.steps.setCurrentRow(self.steps.count() - 1)

    def remove_current(self) -> None:
        row = self.steps.currentRow()
        if self.protocol is None or not 0 <= row < len(self.protocol.steps):
            return
        steps = list(self.protocol.steps)
        del steps[row]
        self._save_steps(steps, "Remove a point from")
        self.steps.setCurrentRow(min(row, self.steps.count() - 1))

    def move(self, delta: int) -> None:
        row = self.steps.currentRow()
        if self.protocol is None or not 0 <= row < len(self.protocol.steps):
            return
        to = row + delta
        if not 0 <= to < len(self.protocol.steps):
            return
        self.save_text()
        self._save(lambda: ops.move_step(self.user, self.uid, row, to))
        self.refresh()
        self.steps.setCurrentRow(to)
        self.steps.setFocus(Qt.FocusReason.OtherFocusReason)

    def move_up(self) -> None:
        self.move(-1)

    def move_down(self) -> None:
        self.move(1)

    def _dropped(self, order: list[int]) -> None:
        """A drag put the rows in a new order: save the steps (with their notes) in it."""
        if self.protocol is None or sorted(order) != list(range(len(self.protocol.steps))):
            self.refresh()  # not a reorder of what is recorded (it changed meanwhile): show the records
            return
        moved_to = self.steps.currentRow()
        self._save_steps([self.protocol.steps[i] for i in order], "Reorder")
        self.steps.setCurrentRow(moved_to)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.FocusOut and getattr(self, "_session", None) is not None:
            self.save_text(final=True)
            self._session += 1
        return super().eventFilter(watched, event)
