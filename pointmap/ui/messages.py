"""Message boxes whose text is shown exactly as written (never rich text, no link that opens),
with the sentence from a PointMapError or a fixed question."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from pointmap import __version__

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget

# QMessageBox is imported where a message is shown: PySide6 wraps a class's enums when the class is
# first imported, and the first frame shows no message.


def _box(parent: QWidget | None, icon, title: str, text: str, buttons, default) -> QMessageBox:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setDefaultButton(default)
    box.setObjectName("pointmapMessage")
    return box


def warn(parent: QWidget | None, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    ok = QMessageBox.StandardButton.Ok
    _box(parent, QMessageBox.Icon.Warning, title, text, ok, ok).exec()


def error(parent: QWidget | None, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    ok = QMessageBox.StandardButton.Ok
    _box(parent, QMessageBox.Icon.Critical, title, text, ok, ok).exec()


def ask(parent: QWidget | None, title: str, text: str, yes: str = "Close") -> bool:
    """True when the person chose ``yes`` (the name of a standard button: Close, Discard, Yes…);
    Cancel is the default, so Enter and Esc keep things as they are."""
    from PySide6.QtWidgets import QMessageBox

    buttons = QMessageBox.StandardButton
    chosen, cancel = getattr(buttons, yes), buttons.Cancel
    box = _box(parent, QMessageBox.Icon.Warning, title, text, chosen | cancel, cancel)
    box.setEscapeButton(cancel)
    return box.exec() == chosen


def tell(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    """A message that does not stop the event loop (the window stays live behind it)."""
    from PySide6.QtWidgets import QMessageBox

    ok = QMessageBox.StandardButton.Ok
    box = _box(parent, QMessageBox.Icon.Information, title, text, ok, ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def about(parent: QWidget | None) -> None:
    """The About box: what PointMap is, the standard its locations follow, and that it is not
    medical advice (said once, here and in the README)."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.about(
        parent,
        "About PointMap",
        f"<h3>PointMap {__version__}</h3>"
        "<p>A reference of acupuncture points on the face, the arm, the abdomen and the lower leg and foot, "
        "with meridian notes, cosmetic-acupuncture protocols and clean-needle checklists.</p>"
        "<p>Point locations follow the WHO Standard Acupuncture Point Locations (2008), by "
        "proportional bone cun; extra points say which standard they follow.</p>"
        "<p><b>PointMap is a reference for trained practitioners and students. It is not medical "
        "advice and does not replace training, supervision or clinical judgement.</b></p>"
        "<p>It works offline and stores no patient names; your own records stay in a database "
        "in your user folder.</p>",
    )
