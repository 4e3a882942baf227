"""The needles of a treatment session on the diagram: a pin beside each site that holds needles,
with their number, and a caution ring on points a screening answer concerns. Drawn the same in
every theme (dark outline and light fill), above the point markers; a click on a pin reports the
site through the scene (the item knows no widget)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from pointmap.core.sessions import Site
from pointmap.ui.richtext import plain_tooltip

Z_CAUTION, Z_NEEDLE = 15, 30
PIN = QPointF(14, -19)  # where the pin's head sits, from the point, in screen pixels
HEAD = 8.0
NEEDLE_FILL = "#00e5ff"  # cyan: apart from every meridian colour, readable on skin, dark and black grounds
CAUTION = "#ff6d00"


class NeedleItem(QGraphicsItem):
    """One site holding ``count`` needles: a shaft from the point to a round head, a number when
    there is more than one. Constant size on screen."""

    def __init__(self, site: Site, count: int, scale: float = 1.0):
        super().__init__()
        self.site = site
        self.count = count
        self.scale_factor = scale
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setZValue(Z_NEEDLE)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.update_tip()

    def update_tip(self) -> None:
        many = f"{self.count} needles" if self.count != 1 else "a needle"
        self.setToolTip(plain_tooltip(f"{self.site.label()}: {many} in\nClick to mark one out"))

    def set_count(self, count: int) -> None:
        if count != self.count:
            self.count = count
            self.update_tip()
            self.update()

    def head(self) -> QPointF:
        return QPointF(PIN.x() * self.scale_factor, PIN.y() * self.scale_factor)

    def boundingRect(self) -> QRectF:
        h = self.head()
        r = HEAD * self.scale_factor + 10
        return QRectF(-4, h.y() - r, h.x() + r + 4, -h.y() + r + 4)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        r = HEAD * self.scale_factor + 3  # the head, a little larger than drawn: easy to hit
        path.addEllipse(self.head(), r, r)
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        h = self.head()
        r = HEAD * self.scale_factor
        outline = QPen(QColor("#000000"))
        outline.setWidthF(3.2 * self.scale_factor)
        painter.setPen(outline)
        painter.drawLine(QPointF(0, 0), h)
        shaft = QPen(QColor("#ffffff"))
        shaft.setWidthF(1.4 * self.scale_factor)
        painter.setPen(shaft)
        painter.drawLine(QPointF(0, 0), h)
        ring = QPen(QColor("#000000"))
        ring.setWidthF(1.6 * self.scale_factor)
        painter.setPen(ring)
        painter.setBrush(QColor(NEEDLE_FILL))
        painter.drawEllipse(h, r, r)
        if self.count > 1:
            font = QFont()
            font.setPointSizeF(8.5 * self.scale_factor)
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(QColor("#000000"))
            painter.drawText(QRectF(h.x() - r, h.y() - r, 2 * r, 2 * r), Qt.AlignmentFlag.AlignCenter, str(self.count))

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            report = getattr(self.scene(), "report_needle", None)
            if report is not None:
                report(self.site)
            event.accept()
            return
        super().mousePressEvent(event)


class CautionRing(QGraphicsItem):
    """A dashed ring round a point that a screening answer concerns (marking a needle there asks again)."""

    def __init__(self, reason: str, scale: float = 1.0):
        super().__init__()
        self.scale_factor = scale
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setZValue(Z_CAUTION)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setToolTip(plain_tooltip(reason))

    def boundingRect(self) -> QRectF:
        r = 13 * self.scale_factor
        return QRectF(-r, -r, 2 * r, 2 * r)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = 11 * self.scale_factor
        pen = QPen(QColor("#000000"))
        pen.setWidthF(4 * self.scale_factor)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QPointF(0, 0), r, r)
        pen = QPen(QColor(CAUTION))
        pen.setWidthF(2.4 * self.scale_factor)
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawEllipse(QPointF(0, 0), r, r)
