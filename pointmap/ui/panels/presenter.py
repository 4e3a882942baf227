"""The presenter window, on the trainer's laptop while the projector shows the class the diagram: the
current and the next step, the trainer's note for the step, the answer during a class quiz, the time
since the start, and a small copy of what the class sees. It takes the same keys as the audience window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import QGraphicsView, QGridLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from pointmap.core import presenting as rules

if TYPE_CHECKING:
    from pointmap.core.presenting import Slide
    from pointmap.ui.modes.presentation import PresentationMode


class PresenterWindow(QWidget):
    def __init__(self, mode: PresentationMode):
        super().__init__(None, Qt.WindowType.Window)
        self.mode = mode
        self.reference = mode.window.reference
        self.setObjectName("presenterWindow")
        self.setWindowTitle("Presenter — PointMap")
        self.setStyleSheet("QWidget#presenterWindow { background: #111; } QLabel { color: #eee; }")
        grid = QGridLayout(self)
        self.title = self._label(18, bold=True)
        self.clock = self._label(28, bold=True)
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.clock.setAccessibleName("Time since the start")
        self.now = self._label(26, bold=True)
        self.now_location = self._label(15)
        self.answer = self._label(22, bold=True)
        self.answer.setStyleSheet("color: #ffd600;")
        self.answer.setAccessibleName("Quiz answer")
        self.next = self._label(16)
        self.next.setStyleSheet("color: #9ecbff;")
        self.note = QPlainTextEdit(self)
        self.note.setReadOnly(True)
        self.note.setAccessibleName("Trainer's note")
        self.note.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        font = QFont(self.note.font())
        font.setPointSizeF(18)
        self.note.setFont(font)
        self.note.setStyleSheet("QPlainTextEdit { background: #1d1d1d; color: #fff; border: none; }")
        self.keys = self._label(11)
        self.keys.setText(
            "] / PageDown / → next   [ / PageUp / ← back   Q quiz, Space reveals   B blank   L labels   "
            "G grid   M draw the meridian   Z zoom   Esc end"
        )
        self.keys.setStyleSheet("color: #aaa;")
        self.mirror = QGraphicsView(self)
        self.mirror.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.mirror.setInteractive(False)
        self.mirror.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.mirror.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.mirror.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.mirror.setAccessibleName("What the class sees")
        left = QVBoxLayout()
        for widget in (self.now, self.now_location, self.answer, self.note, self.next):
            left.addWidget(widget)
        left.setStretch(3, 1)
        grid.addWidget(self.title, 0, 0)
        grid.addWidget(self.clock, 0, 1)
        grid.addLayout(left, 1, 0)
        grid.addWidget(self.mirror, 1, 1)
        grid.addWidget(self.keys, 2, 0, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        self.resize(1280, 800)
        self.timer = QTimer(self, interval=1000)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _label(self, points: float, bold: bool = False) -> QLabel:
        label = QLabel(self)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(label.font())
        font.setPointSizeF(points)
        font.setBold(bold)
        label.setFont(font)
        return label

    def _tick(self) -> None:
        self.clock.setText(rules.clock(self.mode.presentation.elapsed()))

    def _describe(self, slide: Slide | None) -> str:
        if slide is None or not slide.point:
            return "—"
        point = self.reference.points[slide.point]
        others = f" (with {', '.join(slide.points[1:])})" if len(slide.points) > 1 else ""
        view = self.reference.diagrams[slide.view].title if slide.view in self.reference.diagrams else ""
        return f"{point.code} {point.pinyin} · {point.english}{others}" + (f" — {view}" if view else "")

    def follow(self) -> None:
        p = self.mode.presentation
        total = len(p.deck.slides)
        self.title.setText(
            f"{p.deck.title} — step {p.stand.index + 1} of {total}"
            if total
            else "No sequence chosen: pick a meridian, protocol or lesson"
        )
        slide = p.slide
        self.now.setText("Now: " + self._describe(slide) if slide else "Press ] or PageDown to begin")
        point = self.reference.points.get(slide.point) if slide and slide.point else None
        self.now_location.setText(rules.first_sentence(point.location, 300) if point else "")
        quizzing = p.stand.quiz and not p.stand.revealed and point is not None
        self.answer.setVisible(quizzing or p.stand.blank)
        if p.stand.blank:
            self.answer.setText("The class sees a blank screen (B brings it back)")
        elif quizzing:
            self.answer.setText(f"Quiz answer: {point.code} {point.pinyin} ({point.english}) — Space reveals")
        self.note.setPlainText(slide.note if slide else "")
        self.next.setText("Next: " + self._describe(p.next_slide) if p.next_slide else "Next: (the end)")
        scene = self.mode.window.current_scene()
        if self.mirror.scene() is not scene:
            self.mirror.setScene(scene)
        view = self.mode.view
        self.mirror.fitInView(
            view.mapToScene(view.viewport().rect()).boundingRect(), Qt.AspectRatioMode.KeepAspectRatio
        )
        self._tick()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self, self.follow)

    def closeEvent(self, event) -> None:
        self.timer.stop()
        super().closeEvent(event)
