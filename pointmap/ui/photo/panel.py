"""The Photo tab: where a client's face photo is opened (and what PointMap does with it, said
there), the landmark steps with a small picture of where each lies, keeping or forgetting the
photo, moving points, and the points moved so far."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pointmap.core.geometry import Vec

PRIVACY = (
    "A face photo identifies your client. PointMap reads it into memory and writes it nowhere unless "
    "you tick “Keep with this session’s record”: then it is saved without its metadata in your user "
    "data folder, readable by you alone, linked to this session’s client reference, never put in an "
    "export unless you choose, and deleted with the session."
)
PICTURE = 150  # pixels: the small picture of where a landmark lies


def landmark_picture(svg_path: Path, at: Vec, span: float = 260.0, size: int = PICTURE) -> QPixmap:
    """The face drawing around a landmark (``at``, SVG units), with a ring where it lies."""
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg_path))
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    box = renderer.viewBoxF()
    scale = size / span
    # the whole drawing, placed so that the landmark sits in the middle of the picture
    target = QRectF(
        size / 2 - (at.x - box.left()) * scale,
        size / 2 - (at.y - box.top()) * scale,
        box.width() * scale,
        box.height() * scale,
    )
    renderer.render(painter, target)
    for color, width in ((QColor(255, 255, 255), 5.0), (QColor("#d81b60"), 2.5)):
        pen = QPen(color)
        pen.setWidthF(width)
        painter.setPen(pen)
        painter.drawEllipse(QPointF(size / 2, size / 2), 9, 9)
    painter.setPen(QColor("#777777"))
    painter.drawRect(0, 0, size - 1, size - 1)
    painter.end()
    return QPixmap.fromImage(image)


class PhotoPanel(QWidget):
    open_requested = Signal()
    back_requested = Signal()
    next_requested = Signal()
    done_requested = Signal()
    restart_requested = Signal()
    keep_toggled = Signal(bool)
    move_toggled = Signal(bool)
    landmarks_toggled = Signal(bool)
    forget_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Client's photo")
        layout = QVBoxLayout(self)
        self.privacy = QLabel(PRIVACY, wordWrap=True)
        self.privacy.setTextFormat(Qt.TextFormat.PlainText)
        self.privacy.setAccessibleName("What PointMap does with the photo")
        self.privacy.setStyleSheet(
            "QLabel { color: palette(text); background: palette(alternate-base); padding: 6px; }"
        )
        layout.addWidget(self.privacy)
        self.open_button = QPushButton("Open face photo…")
        self.open_button.setToolTip("A frontal photo of the client's face, eyes open, looking at the camera")
        self.open_button.clicked.connect(self.open_requested)
        layout.addWidget(self.open_button)
        self.status = QLabel("Open a treatment session, then a face photo (or drop one on the window).", wordWrap=True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.status)

        self.steps = QGroupBox("Landmarks, one at a time")
        steps = QVBoxLayout(self.steps)
        self.step_title = QLabel()
        self.step_title.setTextFormat(Qt.TextFormat.PlainText)
        self.step_name = QLabel(wordWrap=True)
        self.step_name.setTextFormat(Qt.TextFormat.PlainText)
        font = self.step_name.font()
        font.setBold(True)
        self.step_name.setFont(font)
        self.picture = QLabel()
        self.picture.setFixedSize(PICTURE, PICTURE)
        self.picture.setAccessibleName("Where the landmark lies, on the drawing")
        hint = QLabel("Click on the photo where it lies, or Next to take the guess shown; drag any cross later.")
        hint.setWordWrap(True)
        hint.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QHBoxLayout()
        self.back_button = QPushButton("Back")
        self.next_button = QPushButton("Next")
        self.next_button.setDefault(True)
        self.done_button = QPushButton("Done")
        self.done_button.setToolTip("Take the guesses for the rest")
        for button, signal in (
            (self.back_button, self.back_requested),
            (self.next_button, self.next_requested),
            (self.done_button, self.done_requested),
        ):
            button.clicked.connect(signal)
            buttons.addWidget(button)
        for widget in (self.step_title, self.step_name, self.picture, hint):
            steps.addWidget(widget)
        steps.addLayout(buttons)
        layout.addWidget(self.steps)

        self.tools = QGroupBox("On the photo")
        tools = QVBoxLayout(self.tools)
        self.keep = QCheckBox("Keep with this session’s record")
        self.keep.toggled.connect(self.keep_toggled)
        # Short, so the dock never needs more width than a laptop's screen gives it; the rest is the tip.
        self.move = QCheckBox("Move points by dragging")
        self.move.setToolTip(
            "Drag a point to where you palpate it (Shift+drag works without this); the move is kept in cun"
        )
        self.move.toggled.connect(self.move_toggled)
        self.show_landmarks = QCheckBox("Show landmarks (drag to adjust)")
        self.show_landmarks.toggled.connect(self.landmarks_toggled)
        self.restart = QPushButton("Place the landmarks again")
        self.restart.clicked.connect(self.restart_requested)
        self.forget = QPushButton("Close the photo")
        self.forget.setToolTip("Close it; a kept photo is deleted")
        self.forget.clicked.connect(self.forget_requested)
        self.moved = QLabel(wordWrap=True)
        self.moved.setTextFormat(Qt.TextFormat.PlainText)
        self.moved.setAccessibleName("Points moved on this client")
        for widget in (self.keep, self.move, self.show_landmarks, self.restart, self.forget, self.moved):
            tools.addWidget(widget)
        layout.addWidget(self.tools)
        layout.addStretch(1)
        self.show_photo(False)

    def show_photo(self, open_: bool, session_open: bool = True) -> None:
        self.open_button.setEnabled(session_open)
        self.steps.setVisible(False)
        self.tools.setVisible(open_)

    def show_step(self, number: int, total: int, name: str, picture: QPixmap | None) -> None:
        self.steps.setVisible(True)
        self.step_title.setText(f"Landmark {number} of {total}")
        self.step_name.setText(name)
        if picture is not None:
            self.picture.setPixmap(picture)
        self.back_button.setEnabled(number > 1)
        self.next_button.setText("Next" if number < total else "Finish")

    def end_steps(self) -> None:
        self.steps.setVisible(False)

    def set_quietly(self, box: QCheckBox, on: bool) -> None:
        box.blockSignals(True)
        box.setChecked(on)
        box.blockSignals(False)
