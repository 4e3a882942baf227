"""The details pane with what a person adds to a point: a star (favourites) and their own note, plain text
saved as they type (a moment after the last key, when the editor loses the focus, when another point is
chosen and when the window closes), with the date it last changed."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pointmap.core.errors import PointMapError
from pointmap.core.userdata.notes import MAX_NOTE
from pointmap.state.app_state import AppState, Selection
from pointmap.state.operations import own as ops
from pointmap.state.userdata import Changes, UserData
from pointmap.ui.panels.details import PointDetails
from pointmap.ui.undo import History

SAVE_DELAY_MS = 400  # after the last key: a kill -9 can cost at most this much typing
STAR_ON, STAR_OFF = "★", "☆"


def when(stamp: str) -> str:
    """'1 Dec 2026, 14:20' for a stored time; the stored text itself when it cannot be read."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    return f"{moment.day} {moment:%b %Y, %H:%M}"


class StarButton(QToolButton):
    """A star that adds the selected point to the favourites, or takes it out."""

    def __init__(self, state: AppState, user: UserData, history: History, parent=None):
        super().__init__(parent)
        self.state, self.user, self.history = state, user, history
        self.setCheckable(True)
        self.setAutoRaise(True)
        self.setAccessibleName("Favourite")
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.clicked.connect(self.toggle_star)
        state.selection_changed.connect(self.refresh)
        user.changed.connect(self._changed)
        self.refresh()

    def _changed(self, changes: Changes) -> None:
        if changes.touches(*ops.FAVOURITES_TABLES):
            self.refresh()

    def refresh(self, *_args) -> None:
        code = self.state.selected_code
        on = code is not None and ops.is_favourite(self.user, code)
        self.setEnabled(code is not None and self.user.is_open)
        self.setChecked(on)
        self.setText(f"{STAR_ON} Favourite" if on else f"{STAR_OFF} Add to favourites")
        tip = "Take this point out of your favourites" if on else "Add this point to your favourites"
        self.setToolTip(f"{tip} (Ctrl+D)")

    def toggle_star(self) -> None:
        code = self.state.selected_code
        if code is None:
            return
        try:
            self.history.record(ops.toggle_favourite(self.user, code))
        except PointMapError as exc:
            from pointmap.ui import messages

            messages.warn(self.window(), "The favourite was not recorded", str(exc))
        self.refresh()


class NoteEditor(QWidget):
    """Your note on the selected point. What is typed is saved a moment after the last key; the line under
    it says when it is on disk ("Saved"), so a person knows what a crash could not take."""

    def __init__(self, state: AppState, user: UserData, history: History, parent=None):
        super().__init__(parent)
        self.state, self.user, self.history = state, user, history
        self.code: str | None = None
        self._dirty = False
        self._loading = False
        self._session = 0  # keystrokes of one visit to the editor undo as one step
        self.heading = QLabel("Your note", accessibleName="Your note heading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.edit = QPlainTextEdit(accessibleName="Your note on this point")
        self.edit.setTabChangesFocus(True)
        self.edit.setToolTip("Plain text, saved as you type. Found by the search box as “your note”.")
        self.status = QLabel(accessibleName="Your note saved")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.status)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save)
        self.edit.textChanged.connect(self._typed)
        self.edit.installEventFilter(self)
        state.selection_changed.connect(self._selection_changed)
        user.changed.connect(self._changed)
        self._selection_changed(state.selection)

    # -- following the selection and the records ------------------------------------------------------

    def _selection_changed(self, selection: Selection | None) -> None:
        self.save()  # the note being typed is kept before another point's is shown
        self.code = selection.code if selection else None
        self._session += 1
        self.load()

    def _changed(self, changes: Changes) -> None:
        if changes.touches(*ops.NOTES) and not self._dirty:
            self.load()  # undone, redone, imported, or written by another PointMap

    def load(self) -> None:
        """Show the note on the selected point as the records hold it."""
        usable = self.code is not None and self.user.is_open
        self.edit.setEnabled(usable)
        note = ops.note(self.user, self.code) if usable else None
        text = note.text if note else ""
        if self.edit.toPlainText() != text:
            self._loading = True
            try:
                self.edit.setPlainText(text)
                self.edit.moveCursor(self.edit.textCursor().MoveOperation.End)
            finally:
                self._loading = False
        self._dirty = False
        if self.code is None:
            self.edit.setPlaceholderText("Choose a point to write your note on it.")
            self.status.setText("")
        elif not self.user.is_open:
            self.edit.setPlaceholderText("")
            self.status.setText(self.user.unavailable or "Opening your records…")
        else:
            self.edit.setPlaceholderText(f"Your note on {self.code}: saved as you type.")
            self.status.setText(f"Last changed {when(note.updated_at)}" if note else "No note yet.")
        self.status.setStyleSheet("")

    # -- saving ---------------------------------------------------------------------------------------

    def _typed(self) -> None:
        if self._loading or self.code is None:
            return
        self._dirty = True
        self.status.setText("Saving…")
        self.status.setStyleSheet("")
        self._timer.start()

    @property
    def pending(self) -> bool:
        """Typed but not yet on disk."""
        return self._dirty

    def save(self) -> bool:
        """Write what is typed now (if anything changed); True when it is on disk."""
        self._timer.stop()
        if not self._dirty or self.code is None:
            return True
        text = self.edit.toPlainText()
        if len(text) > MAX_NOTE:
            self._fail(f"A note holds at most {MAX_NOTE:,} characters; this one has {len(text):,}. Shorten it.")
            return False
        try:
            edit = ops.save_note(self.user, self.code, text, merge_key=f"note:{self.code}:{self._session}")
        except PointMapError as exc:
            self._fail(f"Not saved: {exc}")
            return False
        self._dirty = False
        self.history.record(edit)
        note = ops.note(self.user, self.code)
        self.status.setText(f"Saved · last changed {when(note.updated_at)}" if note else "Saved · no note now.")
        return True

    def _fail(self, sentence: str) -> None:
        self.status.setText(sentence)
        self.status.setStyleSheet("color: #c62828; font-weight: 600;")

    def eventFilter(self, watched, event) -> bool:
        if watched is getattr(self, "edit", None):  # getattr: events may come while it is torn down
            if event.type() == QEvent.Type.FocusOut:
                self.save()
                self._session += 1
            elif event.type() == QEvent.Type.FocusIn:
                self._session += 1
        return super().eventFilter(watched, event)


class DetailsPane(QWidget):
    """The details of the selected point, its star, and your note under them."""

    def __init__(self, details: PointDetails, state: AppState, user: UserData, history: History, parent=None):
        super().__init__(parent)
        self.details = details
        self.star = StarButton(state, user, history)
        self.note = NoteEditor(state, user, history)
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 0)
        bar.addStretch(1)
        bar.addWidget(self.star)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(details)
        split.addWidget(self.note)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
