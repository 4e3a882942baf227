"""The items drawn over the artwork: a point's marker and its label."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsSimpleTextItem, QStyleOptionGraphicsItem, QWidget

from pointmap.core.geometry import MARKER_DIAMETER
from pointmap.core.reference import Alternative, Point, Position
from pointmap.ui.richtext import plain_tooltip

Z_ART, Z_GRID, Z_POINT, Z_SELECTED = 0, 3, 10, 20


class PointItem(QGraphicsItem):
    """A point marker drawn at a constant size on screen, with a larger hit area. A click or a
    hover is reported through the scene's signals (the item knows no widget)."""

    RADIUS = MARKER_DIAMETER / 2  # the build's check keeps two points' markers this far apart and more

    def __init__(self, point: Point, position: Position, color: QColor, scale: float = 1.0):
        super().__init__()
        self.code = point.code
        self.position = position
        self.color = color
        self.scale_factor = scale
        self.selected = False
        self.dimmed = False
        self.emphasized = False
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setZValue(Z_POINT)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        where = f" ({position.site_label})" if position.site_label else ""
        self.tip = plain_tooltip(f"{point.code}  {point.pinyin}  {point.hanzi}\n{point.english}{where}")
        self.setToolTip(self.tip)
        self.label = LabelItem(point.code, self)

    @property
    def radius(self) -> float:
        return self.RADIUS * self.scale_factor

    def boundingRect(self) -> QRectF:
        r = self.radius + 8
        return QRectF(-r, -r, 2 * r, 2 * r)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        r = self.radius + 4  # a little larger than what is painted: easier to hit
        path.addEllipse(QPointF(0, 0), r, r)
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = self.radius
        color = QColor(self.color)
        if self.dimmed and not self.selected:
            color.setAlphaF(0.28)
        if self.selected:
            halo = QColor(self.color)
            halo.setAlphaF(0.35)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(halo)
            painter.drawEllipse(QPointF(0, 0), r + 7, r + 7)
            r += 1.5
        ring = QColor("#ffffff") if not self.dimmed or self.selected else QColor(255, 255, 255, 90)
        pen = QPen(ring)  # not QPen(colour, width): that overload wraps QGradient's enums at start-up
        pen.setWidthF(1.6 * self.scale_factor if self.selected else 1.2 * self.scale_factor)
        painter.setPen(pen)
        painter.setBrush(color)
        painter.drawEllipse(QPointF(0, 0), r, r)
        if self.selected or self.emphasized:
            painter.setPen(QPen(QColor("#111111"), 1.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(0, 0), r + 1.5, r + 1.5)

    def set_concealed(self, concealed: bool, visible: bool) -> None:
        """Study mode: shown or not, and without a tooltip or a hand cursor that would tell it apart."""
        self.setVisible(visible)
        self.setToolTip("" if concealed else self.tip)
        if concealed:
            self.setCursor(Qt.CursorShape.CrossCursor)
        else:
            self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_state(
        self,
        *,
        selected: bool | None = None,
        dimmed: bool | None = None,
        emphasized: bool | None = None,
    ) -> None:
        old = (self.selected, self.dimmed, self.emphasized)
        if selected is not None:
            self.selected = selected
        if dimmed is not None:
            self.dimmed = dimmed
        if emphasized is not None:
            self.emphasized = emphasized
        if (self.selected, self.dimmed, self.emphasized) == old:
            return  # unchanged: keep the cached rendering
        self.setZValue(Z_SELECTED if self.selected else Z_POINT)
        self.label.set_dimmed(self.dimmed and not self.selected)
        self.update()

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            report = getattr(self.scene(), "report_activated", None)
            if report is not None:
                report(self.code, self.position.side)
            event.accept()
            return
        super().mousePressEvent(event)

    def contextMenuEvent(self, event) -> None:
        report = getattr(self.scene(), "report_menu", None)
        if report is not None:
            report(self.code, self.position.side, event.screenPos())
            event.accept()
            return
        super().contextMenuEvent(event)

    def hoverEnterEvent(self, event) -> None:
        report = getattr(self.scene(), "report_hovered", None)
        if report is not None:
            report(self.code)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event) -> None:
        report = getattr(self.scene(), "report_hovered", None)
        if report is not None:
            report("")
        super().hoverLeaveEvent(event)


class AlternativeItem(QGraphicsItem):
    """A point's second location, where its standard keeps two (WHO 2008: LI19, LI20, GV26, PC8,
    PC9): a ring in the point's colour, as wide as its marker and without a label. A click or a
    hover reports the point itself, as its marker does."""

    def __init__(self, point: Point, alternative: Alternative, position: Position, color: QColor, scale: float = 1.0):
        super().__init__()
        self.code = point.code
        self.position = position
        self.color = color
        self.scale_factor = scale
        self.selected = False
        self.dimmed = False
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setZValue(Z_POINT)
        label = f": {alternative.label}" if alternative.label else ""
        self.setToolTip(
            plain_tooltip(f"{point.code}  {point.pinyin}, alternative location{label}\n{alternative.source}")
        )

    @property
    def radius(self) -> float:
        return PointItem.RADIUS * self.scale_factor

    def boundingRect(self) -> QRectF:
        r = self.radius + 4
        return QRectF(-r, -r, 2 * r, 2 * r)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(QPointF(0, 0), self.radius + 3, self.radius + 3)
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = self.radius - 1
        color = QColor(self.color)
        halo = QColor("#ffffff")
        if self.dimmed and not self.selected:
            color.setAlphaF(0.28)
            halo.setAlphaF(0.35)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        outline = QPen(halo)
        outline.setWidthF((4.2 if self.selected else 3.4) * self.scale_factor)
        painter.setPen(outline)
        painter.drawEllipse(QPointF(0, 0), r, r)
        ring = QPen(color)
        ring.setWidthF((2.4 if self.selected else 1.8) * self.scale_factor)
        painter.setPen(ring)
        painter.drawEllipse(QPointF(0, 0), r, r)

    def set_state(self, *, selected: bool | None = None, dimmed: bool | None = None) -> None:
        old = (self.selected, self.dimmed)
        if selected is not None:
            self.selected = selected
        if dimmed is not None:
            self.dimmed = dimmed
        if (self.selected, self.dimmed) != old:
            self.setZValue(Z_SELECTED if self.selected else Z_POINT)
            self.update()

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            report = getattr(self.scene(), "report_activated", None)
            if report is not None:
                report(self.code, self.position.side)
            event.accept()
            return
        super().mousePressEvent(event)

    def hoverEnterEvent(self, event) -> None:
        report = getattr(self.scene(), "report_hovered", None)
        if report is not None:
            report(self.code)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event) -> None:
        report = getattr(self.scene(), "report_hovered", None)
        if report is not None:
            report("")
        super().hoverLeaveEvent(event)


class LabelItem(QGraphicsSimpleTextItem):
    """A point's code beside its marker, on a soft plate so it reads over the artwork."""

    def __init__(self, text: str, parent: PointItem):
        super().__init__(text, parent)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.plate = QColor(255, 255, 255, 200)
        self.text_color = QColor("#1b1b1b")
        self._dimmed = False
        self.placement = 0

    def set_style(self, font: QFont, text_color: QColor, plate: QColor) -> None:
        self.setFont(font)
        self.text_color = text_color
        self.plate = plate
        self.setBrush(text_color)
        self.place(self.placement)

    def set_dimmed(self, dimmed: bool) -> None:
        if dimmed != self._dimmed:
            self._dimmed = dimmed
            self.setOpacity(0.35 if dimmed else 1.0)

    def _gap(self) -> float:
        parent = self.parentItem()
        return (parent.radius if isinstance(parent, PointItem) else 6) + 4

    def place(self, placement: int) -> None:
        """0 right, 1 left, 2 above, 3 below the marker."""
        self.placement = placement
        gap = self._gap()
        rect = super().boundingRect()
        w, h = rect.width(), rect.height()
        offsets = ((gap, -h / 2), (-gap - w, -h / 2), (-w / 2, -gap - h), (-w / 2, gap))
        self.setPos(*offsets[placement])

    def local_rect(self, placement: int) -> QRectF:
        gap = self._gap()
        rect = super().boundingRect()
        w, h = rect.width() + 4, rect.height() + 2
        offsets = ((gap, -h / 2), (-gap - w, -h / 2), (-w / 2, -gap - h), (-w / 2, gap))
        return QRectF(offsets[placement][0], offsets[placement][1], w, h)

    def boundingRect(self) -> QRectF:
        return super().boundingRect().adjusted(-2, -1, 2, 1)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.plate)
        painter.drawRoundedRect(self.boundingRect(), 3, 3)
        super().paint(painter, option, widget)
