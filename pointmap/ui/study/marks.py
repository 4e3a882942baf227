"""What study mode draws over the diagram: the point asked about (a name or facts question), and
after a locate answer the click, the true position with its code, and a dashed line between them."""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsLineItem, QGraphicsScene, QStyleOptionGraphicsItem, QWidget

Z_MARKS = 40
OUTCOME_COLOURS = {"correct": "#2e7d32", "close": "#ef6c00", "wrong": "#c62828"}


class Marker(QGraphicsItem):
    """A ring of constant screen size (the point asked about, or the true position), with an optional
    text beside it; a cross for the student's click."""

    def __init__(self, colour: str, text: str = "", cross: bool = False, radius: float = 11.0):
        super().__init__()
        self.colour = QColor(colour)
        self.text = text
        self.cross = cross
        self.radius = radius
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        self.setZValue(Z_MARKS)

    def boundingRect(self) -> QRectF:
        r = self.radius + 4
        return QRectF(-r, -r, 2 * r + (12 + 9 * len(self.text) if self.text else 0), 2 * r)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = self.radius
        halo = QPen(QColor(255, 255, 255, 230))
        halo.setWidthF(5.0)
        pen = QPen(self.colour)
        pen.setWidthF(2.6)
        for stroke in (halo, pen):
            painter.setPen(stroke)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            if self.cross:
                painter.drawLine(QPointF(-r * 0.7, -r * 0.7), QPointF(r * 0.7, r * 0.7))
                painter.drawLine(QPointF(-r * 0.7, r * 0.7), QPointF(r * 0.7, -r * 0.7))
            else:
                painter.drawEllipse(QPointF(0, 0), r, r)
        if not self.cross:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.colour)
            painter.drawEllipse(QPointF(0, 0), 3.0, 3.0)
        if self.text:
            font = QFont()
            font.setBold(True)
            font.setPointSizeF(10.5)
            painter.setFont(font)
            metrics = painter.fontMetrics()
            box = QRectF(
                r + 5, -metrics.height() / 2 - 2, metrics.horizontalAdvance(self.text) + 8, metrics.height() + 4
            )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(255, 255, 255, 225))
            painter.drawRoundedRect(box, 3, 3)
            painter.setPen(QColor("#1b1b1b"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self.text)


class AnswerMarks:
    """The marks of one question on one scene; ``clear`` takes them all away."""

    def __init__(self) -> None:
        self.items: list[QGraphicsItem] = []
        self.scene: QGraphicsScene | None = None

    def _add(self, scene: QGraphicsScene, item: QGraphicsItem) -> None:
        if self.scene is not scene:
            self.clear()
            self.scene = scene
        scene.addItem(item)
        self.items.append(item)

    def asked(self, scene: QGraphicsScene, spots: list[QPointF]) -> None:
        """The point a name or facts question is about (each side it is drawn on)."""
        for spot in spots:
            ring = Marker("#1565c0", radius=13.0)
            ring.setPos(spot)
            self._add(scene, ring)

    def answer(self, scene: QGraphicsScene, click: QPointF, true: QPointF, outcome: str, text: str) -> None:
        """A locate answer: the click, the true position labelled, and a line from one to the other."""
        colour = OUTCOME_COLOURS.get(outcome, "#c62828")
        line = QGraphicsLineItem(QLineF(click, true))
        pen = QPen(QColor(colour))
        pen.setCosmetic(True)
        pen.setWidthF(2.0)
        pen.setStyle(Qt.PenStyle.DashLine)
        line.setPen(pen)
        line.setZValue(Z_MARKS - 1)
        self._add(scene, line)
        cross = Marker(colour, cross=True, radius=9.0)
        cross.setPos(click)
        self._add(scene, cross)
        ring = Marker("#2e7d32", text)
        ring.setPos(true)
        self._add(scene, ring)

    def shown(self, scene: QGraphicsScene, spots: list[QPointF], text: str) -> None:
        """The true position(s) of the point, labelled (after a name or facts answer, or 'show me')."""
        for spot in spots:
            ring = Marker("#2e7d32", text)
            ring.setPos(spot)
            self._add(scene, ring)

    def clear(self) -> None:
        for item in self.items:
            if item.scene() is not None:
                item.scene().removeItem(item)
        self.items = []
        self.scene = None
