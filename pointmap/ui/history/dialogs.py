"""Small dialogs of the history: an amendment to a record (added, never rewriting it) and the
confirmation of a delete of records past the retention period."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox, QPlainTextEdit, QVBoxLayout, QWidget

from pointmap.core import sessions as rules
from pointmap.core.errors import PointMapError


def _label(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class AmendDialog(QDialog):
    """What to add to a record: plain text, kept with the time it was added."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Add to the record")
        self.text = QPlainTextEdit(accessibleName="Amendment")
        self.text.setPlaceholderText("What to add: a correction, something noticed later, a call from the client…")
        self.text.setTabChangesFocus(True)
        self.problem = _label("")
        self.problem.setStyleSheet("color: #c62828; font-weight: 600;")
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add to the record")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            _label(f"{title}. The record stays as it was closed; this is added below it, with today's time.")
        )
        layout.addWidget(self.text)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(520, 300)

    def accept(self) -> None:
        try:
            words = rules.text(self.text.toPlainText(), "amendment")
            if not words:
                raise PointMapError("Write what to add first.")
        except PointMapError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return
        super().accept()


def confirm_delete(parent: QWidget | None, text: str, count: int) -> bool:
    """Ask before deleting records: Cancel is the default (Enter and Esc keep them)."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Delete records", text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    delete = box.addButton(
        f"Delete {count:,} record{'s' if count != 1 else ''}", QMessageBox.ButtonRole.DestructiveRole
    )
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is delete
