"""The undo stack of the window: a QUndoStack of the edits of notes, favourites and own protocols.

An operation has already written its edit when it is recorded here, so a command's first redo (the one
QUndoStack.push calls) does nothing; later undos and redos put the edit's snapshots back through the
state layer. Keystrokes in one note merge into one step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack

from pointmap.core.errors import PointMapError

if TYPE_CHECKING:  # the stack is made with the window; what it holds arrives after the first frame
    from pointmap.state.undo import Edit
    from pointmap.state.userdata import UserData

_MERGING = 0x504D  # QUndoCommand.id() of edits that may merge; others return -1


class EditCommand(QUndoCommand):
    def __init__(self, history: History, edit: Edit):
        super().__init__(edit.text)
        self.history = history
        self.edit = edit
        self._done = True  # the operation wrote it before it was pushed

    def id(self) -> int:
        return _MERGING if self.edit.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditCommand) or other.edit.merge_key != self.edit.merge_key:
            return False
        self.edit = self.edit.merged_with(other.edit)
        self.setText(self.edit.text)
        self.setObsolete(self.edit.changes_nothing)  # typed and rubbed out again: no step left to undo
        return True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self.history.run(False, self.edit)

    def undo(self) -> None:
        self.history.run(True, self.edit)


class History(QObject):
    """The stack, its Undo and Redo actions, and a signal with a sentence when putting something back failed
    (the database closed, the disk full): what is recorded stays as it is."""

    problem = Signal(str)

    def __init__(self, user: UserData, parent: QObject | None = None):
        super().__init__(parent)
        self.user = user
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(500)

    def record(self, edit: Edit | None) -> None:
        """Keep an edit an operation has just written (None: it changed nothing)."""
        if edit is not None and not edit.changes_nothing:
            self.stack.push(EditCommand(self, edit))

    def run(self, backwards: bool, edit: Edit) -> None:
        from pointmap.state import undo as edits

        try:
            (edits.undo if backwards else edits.redo)(self.user, edit)
        except PointMapError as exc:
            self.problem.emit(f"“{edit.text}” could not be undone or redone: {exc}")

    def make_actions(self, parent: QObject) -> tuple[QAction, QAction]:
        """Undo and Redo for the Edit menu, with the platform's keys (Ctrl+Z, Ctrl+Shift+Z or Ctrl+Y)."""
        undo = self.stack.createUndoAction(parent, "Undo")
        redo = self.stack.createRedoAction(parent, "Redo")
        undo.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
        redo.setShortcuts(
            [*QKeySequence.keyBindings(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Shift+Z")]
            if QKeySequence("Ctrl+Shift+Z") not in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
            else QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        )
        undo.setStatusTip("Undo the last change to your notes, favourites or protocols")
        redo.setStatusTip("Redo what was undone")
        return undo, redo
