"""The window's side of sharing a person's own content: choose what to export and where, and before an
import, show what it will add, change or skip and ask; each failure is one sentence and changes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from pointmap.core import sharing
from pointmap.core.errors import PointMapError
from pointmap.core.reference import Reference
from pointmap.state.operations import own as ops
from pointmap.state.userdata import UserData
from pointmap.ui import messages
from pointmap.ui.undo import History

UID_ROLE = Qt.ItemDataRole.UserRole + 1
FILTER = "PointMap exports (*.json);;All files (*)"
SHOWN_LINES = 14  # lines of the plan in the question; all of them under "Show Details…"


class ExportChoice(QDialog):
    """What to export: the notes, the favourites, and which of the person's protocols."""

    def __init__(self, user: UserData, chosen: list[str] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export your notes, favourites and protocols")
        self.notes = QCheckBox(f"Your notes ({len(ops.notes_by_code(user))})")
        self.favourites = QCheckBox(f"Your favourites ({len(ops.favourites(user))})")
        self.protocols = QListWidget(accessibleName="Protocols to export")
        for p in ops.own_protocols(user):
            item = QListWidgetItem(p.title)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            on = chosen is None or p.uid in chosen
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            item.setData(UID_ROLE, p.uid)
            self.protocols.addItem(item)
        whole = chosen is None
        self.notes.setChecked(whole)
        self.favourites.setChecked(whole)
        label = QLabel("Your protocols:" if self.protocols.count() else "You have no protocols of your own yet.")
        label.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Export…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notes)
        layout.addWidget(self.favourites)
        layout.addWidget(label)
        layout.addWidget(self.protocols, 1)
        layout.addWidget(buttons)

    def chosen_uids(self) -> list[str]:
        return [
            self.protocols.item(r).data(UID_ROLE)
            for r in range(self.protocols.count())
            if self.protocols.item(r).checkState() == Qt.CheckState.Checked
        ]


def export_own(
    parent: QWidget,
    user: UserData,
    path: str | None = None,
    *,
    uids: list[str] | None = None,
    notes: bool = True,
    favourites: bool = True,
    ask: bool = True,
) -> str | None:
    """Export to a file, asking what (when ``ask``) and where (when ``path`` is None); the path, or None."""
    if ask:
        dialog = ExportChoice(user, uids, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        notes, favourites, uids = dialog.notes.isChecked(), dialog.favourites.isChecked(), dialog.chosen_uids()
    if path is None:
        suggested = str(Path.home() / f"PointMap notes and protocols {date.today().isoformat()}{sharing.SUFFIX}")
        if uids is not None and len(uids) == 1 and (p := ops.own_protocol(user, uids[0])) is not None:
            from pointmap.core.fileio import safe_file_stem

            suggested = str(Path.home() / f"{safe_file_stem(p.title, 'protocol')}{sharing.SUFFIX}")
        path, _ = QFileDialog.getSaveFileName(parent, "Export your notes and protocols", suggested, FILTER)
        if not path:
            return None
        if not path.lower().endswith(".json"):
            path += sharing.SUFFIX
    try:
        data = ops.export_to(user, Path(path), notes=notes, favourites=favourites, protocol_uids=uids)
    except PointMapError as exc:
        messages.warn(parent, "Nothing was exported", str(exc))
        return None
    _status(
        parent,
        f"Exported {len(data['notes'])} note(s), {len(data['favourites'])} favourite(s) and "
        f"{len(data['protocols'])} protocol(s) to {path}",
    )
    return path


def import_own(parent: QWidget, user: UserData, reference: Reference, history: History, path: str | None = None):
    """Import a file after showing what it will do and asking; the Plan done, or None."""
    if path is None:
        path, _ = QFileDialog.getOpenFileName(parent, "Import notes and protocols", str(Path.home()), FILTER)
        if not path:
            return None
    try:
        shared, planned = ops.plan_import(user, reference, Path(path))
    except PointMapError as exc:
        messages.warn(parent, "Nothing was imported", str(exc))
        return None
    name = Path(path).name
    lines = planned.lines()
    listed = "\n".join(f"• {line}" for line in lines[:SHOWN_LINES])
    if len(lines) > SHOWN_LINES:
        listed += f"\n… and {len(lines) - SHOWN_LINES} more (Show Details…)"
    if not planned.changes_anything:
        box = _box(
            parent,
            QMessageBox.Icon.Information,
            "Nothing to import",
            f"Everything in {name} is already in your records, or cannot be used.\n\n{listed}",
            QMessageBox.StandardButton.Ok,
            QMessageBox.StandardButton.Ok,
        )
        box.exec()
        return None
    box = _box(
        parent,
        QMessageBox.Icon.Question,
        "Import notes and protocols",
        f"Importing {name}: {planned.summary()}\n\n{listed}\n\nYour own notes are kept; all of this is "
        "imported, or none of it. Undo (Ctrl+Z) takes it back.",
        QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    go = box.addButton("Import", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(go)
    if len(lines) > SHOWN_LINES:
        box.setDetailedText("\n".join(lines))
    box.exec()
    if box.clickedButton() is not go:
        return None
    try:
        done, edit = ops.apply_import(user, reference, shared, name)
    except PointMapError as exc:
        messages.warn(parent, "Nothing was imported", str(exc))
        return None
    history.record(edit)
    _status(parent, f"Imported {name}: {done.summary()} Undo (Ctrl+Z) takes it back.")
    return done


def _box(parent: QWidget, icon, title: str, text: str, buttons, default) -> QMessageBox:
    """A message box whose text is shown exactly as written (file names and titles are never markup)."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setDefaultButton(default)
    box.setObjectName("pointmapMessage")
    return box


def _status(parent: QWidget, text: str) -> None:
    window = parent.window()
    bar = getattr(window, "statusBar", None)
    if bar is not None:
        bar().showMessage(text, 10000)
