"""The needles of a treatment session on the diagram: a pin beside each site that holds needles,
with their number, and a caution ring on points a screening answer concerns. Drawn the same in
every theme (dark outline and light fill), above the point markers; a click on a pin reports the
site through the scene (the item knows no widget).

While needles are being taken out (some already out, or an "all out" count fell short), the pins of
the needles still in are drawn for attention: a thick ring in the theme's warning colour round the
head and a badge saying how many are still in there, so a needle left in is not forgotten.

Labels are placed around the pins (``obstacles()``: where a pin covers the diagram)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from pointmap.ui.diagram.scene import WARNING  # the attention ring and badge, when the theme gives no colour
from pointmap.ui.richtext import plain_tooltip

if TYPE_CHECKING:
    from pointmap.core.sessions import Site

Z_CAUTION, Z_NEEDLE = 15, 30
PIN = QPointF(14, -19)  # where the pin's head sits, from the point, in screen pixels
HEAD = 8.0
NEEDLE_FILL = "#00e5ff"  # cyan: apart from every meridian colour, readable on skin, dark and black grounds
CAUTION = "#ff6d00"
ATTENTION_RING = 5.0  # how far the attention ring lies outside the head (screen pixels, scaled)


class NeedleItem(QGraphicsItem):
    """One site holding ``count`` needles: a shaft from the point to a round head, a number when
    there is more than one. Constant size on screen."""

    def __init__(self, site: Site, count: int, scale: float = 1.0):
        super().__init__()
        self.site = site
        self.count = count
        self.scale_factor = scale
        self.attention = False  # removal under way: this site's needles are still in
        self.warning = QColor(WARNING)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setZValue(Z_NEEDLE)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.update_tip()

    def update_tip(self) -> None:
        many = f"{self.count} needles" if self.count != 1 else "a needle"
        still = "\nStill in while the others come out: take it out" if self.attention else ""
        self.setToolTip(plain_tooltip(f"{self.site.label()}: {many} in{still}\nClick to mark one out"))

    def set_count(self, count: int) -> None:
        if count != self.count:
            self.count = count
            self.update_tip()
            self.update()

    def set_attention(self, attention: bool, warning: QColor | None = None) -> None:
        """Drawn for attention (a warning ring and a badge) or as an ordinary pin."""
        colour = QColor(warning) if warning is not None else self.warning
        if attention != self.attention or colour != self.warning:
            self.prepareGeometryChange()
            self.attention = attention
            self.warning = colour
            self.update_tip()
            self.update()

    def set_scale(self, scale: float) -> None:
        if scale != self.scale_factor:
            self.prepareGeometryChange()
            self.scale_factor = scale
            self.update()

    def head(self) -> QPointF:
        return QPointF(PIN.x() * self.scale_factor, PIN.y() * self.scale_factor)

    def ring_radius(self) -> float:
        """The attention ring's radius (round the head)."""
        return (HEAD + ATTENTION_RING) * self.scale_factor

    def badge_font(self) -> QFont:
        font = QFont()
        font.setPointSizeF(8.0 * self.scale_factor)
        font.setBold(True)
        return font

    def badge_text(self) -> str:
        return f"{self.count} in"

    def badge_rect(self) -> QRectF:
        """The attention badge, above the ring, away from the point's own neighbours (item coordinates)."""
        h = self.head()
        metrics = QFontMetricsF(self.badge_font())
        w = metrics.horizontalAdvance(self.badge_text()) + 8 * self.scale_factor
        height = metrics.height() + 2 * self.scale_factor
        return QRectF(h.x() - w / 2, h.y() - self.ring_radius() - height + 1 * self.scale_factor, w, height)

    def boundingRect(self) -> QRectF:
        h = self.head()
        r = (self.ring_radius() + 3 * self.scale_factor if self.attention else HEAD * self.scale_factor) + 10
        rect = QRectF(-4, h.y() - r, h.x() + r + 4, -h.y() + r + 4)
        if self.attention:
            rect = rect.united(self.badge_rect().adjusted(-3, -3, 3, 3))
        return rect

    def obstacles(self) -> list[QRectF]:
        """Where the pin covers the diagram (item coordinates, screen pixels): its head (with the
        attention ring and badge when drawn) and its shaft, which labels must keep clear of."""
        h = self.head()
        r = (self.ring_radius() + 2 * self.scale_factor if self.attention else HEAD * self.scale_factor) + 1
        rects = [QRectF(h.x() - r, h.y() - r, 2 * r, 2 * r)]
        if self.attention:
            rects.append(self.badge_rect().adjusted(-1, -1, 1, 1))
        half = 2.0 * self.scale_factor
        for t in (0.35, 0.6, 0.85):  # the shaft, as small squares along it (clear of the marker)
            x, y = h.x() * t, h.y() * t
            rects.append(QRectF(x - half, y - half, 2 * half, 2 * half))
        return rects

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
        if self.attention:
            self._paint_attention(painter, h)
        ring = QPen(QColor("#000000"))
        ring.setWidthF(1.6 * self.scale_factor)
        painter.setPen(ring)
        painter.setBrush(QColor(NEEDLE_FILL))
        painter.drawEllipse(h, r, r)
        if self.count > 1 and not self.attention:
            font = QFont()
            font.setPointSizeF(8.5 * self.scale_factor)
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(QColor("#000000"))
            painter.drawText(QRectF(h.x() - r, h.y() - r, 2 * r, 2 * r), Qt.AlignmentFlag.AlignCenter, str(self.count))

    def _paint_attention(self, painter: QPainter, h: QPointF) -> None:
        """A thick ring in the warning colour between two dark outlines, and the badge."""
        s = self.scale_factor
        rr = self.ring_radius()
        painter.setBrush(Qt.BrushStyle.NoBrush)
        outline = QPen(QColor("#000000"))
        outline.setWidthF(6.4 * s)
        painter.setPen(outline)
        painter.drawEllipse(h, rr, rr)
        ring = QPen(self.warning)
        ring.setWidthF(4.0 * s)
        painter.setPen(ring)
        painter.drawEllipse(h, rr, rr)
        badge = self.badge_rect()
        edge = QPen(QColor("#000000"))
        edge.setWidthF(1.4 * s)
        painter.setPen(edge)
        painter.setBrush(self.warning)
        painter.drawRoundedRect(badge, badge.height() / 2, badge.height() / 2)
        painter.setFont(self.badge_font())
        painter.setPen(QColor("#000000") if self.warning.lightnessF() > 0.55 else QColor("#ffffff"))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, self.badge_text())

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
