"""The items drawn over the artwork: a point's marker, its label (beside it, or further off at the
end of a leader line) and, for the selected point, the alternative locations its data keeps."""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsSimpleTextItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from pointmap.core.geometry import MARKER_DIAMETER
from pointmap.core.reference import Alternative, Point, Position
from pointmap.ui.richtext import plain_tooltip

Z_ART, Z_GRID, Z_POINT, Z_SELECTED = 0, 3, 10, 20


def _report_hovered(item: QGraphicsItem, code: str) -> None:
    """Tell the item's scene which point the mouse is over ("" when it leaves): a marker and a second
    location's ring report the same way."""
    report = getattr(item.scene(), "report_hovered", None)
    if report is not None:
        report(code)


def _report_activated(item: QGraphicsItem, code: str, side: str) -> None:
    """Tell the item's scene that a point was clicked (on its marker or on its second location's ring)."""
    report = getattr(item.scene(), "report_activated", None)
    if report is not None:
        report(code, side)


class PointItem(QGraphicsItem):
    """A point marker drawn at a constant size on screen, with a larger hit area. A click or a
    hover is reported through the scene's signals (the item knows no widget).

    Points that truly share a place (PC9 and the middle finger's Shixuan) are drawn as one marker:
    the first of them (the ``lead``) paints a disc split between their colours, its label names
    them all, and a click on it lets the scene offer each; the others (its ``companions``) are
    hidden and follow it."""

    RADIUS = MARKER_DIAMETER / 2  # the build's check keeps two points' markers this far apart and more

    def __init__(self, point: Point, position: Position, color: QColor, scale: float = 1.0, font: QFont | None = None):
        super().__init__()
        self.code = point.code
        self.position = position
        self.color = color
        self.scale_factor = scale
        self.selected = False
        self.dimmed = False
        self.emphasized = False
        self.companions: list[PointItem] = []  # other points drawn by this marker (it leads them)
        self.lead: PointItem | None = None  # the marker that draws this point, when it shares a place
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setZValue(Z_POINT)
        self.tip = f"{point.code}  {point.pinyin}  {point.hanzi}\n{point.english}" + (
            f" ({position.site_label})" if position.site_label else ""
        )
        self.tooltip = plain_tooltip(self.tip)  # shown as text, never as markup
        self.concealed = False  # study mode: nothing tells this marker apart
        self.setToolTip(self.tooltip)
        # The line to a label placed further off is made when a label first needs one: a frame with
        # every label beside its marker (the first frame, before the labels are placed) draws none.
        self._leader: LeaderItem | None = None
        self._leader_color = QColor(LeaderItem.COLOR)
        self._leader_dimmed = False
        self.label = LabelItem(point.code, self, font)

    @property
    def leader(self) -> LeaderItem:
        """The leader line from this marker to its label (made on first use)."""
        if self._leader is None:
            self._leader = LeaderItem(self)
            self._leader.set_color(self._leader_color)
            self._leader.set_dimmed(self._leader_dimmed)
        return self._leader

    def has_leader(self) -> bool:
        """Whether the leader line was ever made (one never made is not drawn)."""
        return self._leader is not None

    def set_leader_color(self, color: QColor) -> None:
        self._leader_color = QColor(color)
        if self._leader is not None:
            self._leader.set_color(color)

    # -- a place shared with other points ------------------------------------------------------

    def share_with(self, others: list[PointItem]) -> None:
        """Draw ``others`` (at this marker's place) with this marker, and hide their own."""
        self.companions = others
        for other in others:
            other.lead = self
            other.setVisible(False)
        self.label.setText(" · ".join(item.code for item in self.members()))
        self.tooltip = plain_tooltip("\n\n".join(item.tip for item in self.members()) + "\n\nClick to choose one")
        self.setToolTip(self.tooltip)

    def set_cached(self) -> None:
        """Keep this marker and its label as pixmaps at screen resolution, so a frame copies them
        instead of drawing them again (see DiagramScene.cache_items)."""
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.label.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def members(self) -> list[PointItem]:
        return [self, *self.companions]

    def codes(self) -> list[str]:
        return [item.code for item in self.members()]

    def look(self) -> tuple[bool, bool, bool]:
        """(selected, dimmed, emphasized) as drawn: for a shared marker, any member selected or
        emphasised makes it so, and it is greyed only when every member is."""
        members = self.members()
        selected = any(m.selected for m in members)
        return selected, all(m.dimmed for m in members) and not selected, any(m.emphasized for m in members)

    # -- drawing -------------------------------------------------------------------------------

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
        selected, dimmed, emphasized = self.look()
        r = self.radius
        colors = [QColor(m.color) for m in (self.members() if not self.concealed else [self])]
        if dimmed:
            for color in colors:
                color.setAlphaF(0.28)
        if selected:
            halo = QColor(self.color)
            halo.setAlphaF(0.35)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(halo)
            painter.drawEllipse(QPointF(0, 0), r + 7, r + 7)
            r += 1.5
        ring = QColor("#ffffff") if not dimmed else QColor(255, 255, 255, 90)
        pen = QPen(ring)  # not QPen(colour, width): that overload wraps QGradient's enums at start-up
        pen.setWidthF(1.6 * self.scale_factor if selected else 1.2 * self.scale_factor)
        disc = QRectF(-r, -r, 2 * r, 2 * r)
        if len(colors) == 1:
            painter.setPen(pen)
            painter.setBrush(colors[0])
            painter.drawEllipse(QPointF(0, 0), r, r)
        else:  # a shared place: the disc split between the points' colours
            painter.setPen(Qt.PenStyle.NoPen)
            span = 360 * 16 // len(colors)
            for n, color in enumerate(colors):
                painter.setBrush(color)
                painter.drawPie(disc, 90 * 16 + n * span, span)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(0, 0), r, r)
        if selected or emphasized:
            painter.setPen(QPen(QColor("#111111"), 1.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(0, 0), r + 1.5, r + 1.5)

    def set_concealed(self, concealed: bool, visible: bool) -> None:
        """Study mode: shown or not, and without a tooltip, a hand cursor or a shared marker's split
        colours that would tell it apart. Out of it, a point a shared marker draws stays hidden."""
        self.concealed = concealed
        self.setVisible(visible and (concealed or self.lead is None))
        self.setToolTip("" if concealed else self.tooltip)
        self.update()
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
        (self.lead or self).restyle()

    def restyle(self) -> None:
        """Show the state of this marker (and of the points it draws)."""
        selected, dimmed, _emphasized = self.look()
        self.setZValue(Z_SELECTED if selected else Z_POINT)
        self.label.set_dimmed(dimmed)
        self._leader_dimmed = dimmed
        if self._leader is not None:
            self._leader.set_dimmed(dimmed)
        self.update()

    # -- clicks and hovers ---------------------------------------------------------------------

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            scene = self.scene()
            if self.companions and hasattr(scene, "report_choice"):
                scene.report_choice(self.codes(), self.position.side, event.screenPos())
            else:
                _report_activated(self, self.code, self.position.side)
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
        _report_hovered(self, self.code)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event) -> None:
        _report_hovered(self, "")
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

    def obstacles(self) -> list[QRectF]:
        """Where the ring covers the diagram (item coordinates, screen pixels): labels keep clear."""
        r = self.radius + 1
        return [QRectF(-r, -r, 2 * r, 2 * r)]

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
            _report_activated(self, self.code, self.position.side)
            event.accept()
            return
        super().mousePressEvent(event)

    def hoverEnterEvent(self, event) -> None:
        _report_hovered(self, self.code)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event) -> None:
        _report_hovered(self, "")
        super().hoverLeaveEvent(event)


class LabelItem(QGraphicsSimpleTextItem):
    """A point's code beside its marker (or further off, joined to it by a leader line), on a soft
    plate so it reads over the artwork. Placed by labels.layout_labels, in screen pixels from the
    marker's centre."""

    def __init__(self, text: str, parent: PointItem, font: QFont | None = None):
        super().__init__(parent)
        if font is not None:  # the scene's label font, known when the scene is made: laid out once
            self.setFont(font)
        self.setText(text)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        self.plate = QColor(255, 255, 255, 200)
        self.text_color = QColor("#1b1b1b")
        self._dimmed = False
        self.placement = 0
        self.offset: QPointF | None = None  # a free place (top-left corner of the plate), with a leader

    def set_style(self, font: QFont, text_color: QColor, plate: QColor) -> None:
        if font != self.font():  # a new font lays the text out again
            self.setFont(font)
        self.text_color = text_color
        self.plate = plate
        self.setBrush(text_color)
        if self.offset is None:
            self.place(self.placement)

    def set_dimmed(self, dimmed: bool) -> None:
        if dimmed != self._dimmed:
            self._dimmed = dimmed
            self.setOpacity(0.35 if dimmed else 1.0)

    def _gap(self) -> float:
        parent = self.parentItem()
        return (parent.radius if isinstance(parent, PointItem) else 6) + 4

    def size(self) -> tuple[float, float]:
        """The plate's width and height, in screen pixels."""
        rect = super().boundingRect()
        return rect.width() + 4, rect.height() + 2

    # the eight places beside the marker: right, left, above, below, then the four corners
    def _beside(self, placement: int, w: float, h: float) -> tuple[float, float]:
        gap = self._gap()
        diagonal = gap * 0.8
        return (
            (gap, -h / 2),
            (-gap - w, -h / 2),
            (-w / 2, -gap - h),
            (-w / 2, gap),
            (diagonal, -diagonal - h),
            (-diagonal - w, -diagonal - h),
            (diagonal, diagonal),
            (-diagonal - w, diagonal),
        )[placement]

    def place(self, placement: int) -> None:
        """Beside the marker: 0 right, 1 left, 2 above, 3 below, 4-7 the corners (upper right,
        upper left, lower right, lower left). No leader line."""
        self.placement = placement
        self.offset = None
        w, h = self.size()
        x, y = self._beside(placement, w, h)
        self.setPos(x + 2, y + 1)
        self._leader(None)

    def place_at(self, top_left: QPointF, leader: bool = True) -> None:
        """Further off, its plate's top-left corner at ``top_left`` (screen pixels from the marker),
        joined to the marker by a leader line (or, with ``leader`` False, close enough to need none)."""
        self.offset = QPointF(top_left) if leader else None
        self.setPos(top_left.x() + 2, top_left.y() + 1)
        w, h = self.size()
        self._leader(QRectF(top_left.x(), top_left.y(), w, h) if leader else None)

    def _leader(self, plate: QRectF | None) -> None:
        parent = self.parentItem()
        if isinstance(parent, PointItem) and (plate is not None or parent.has_leader()):
            parent.leader.join(plate, parent.radius + 1.5)

    def local_rect(self, placement: int) -> QRectF:
        """Where the plate would be beside the marker (screen pixels from its centre)."""
        w, h = self.size()
        x, y = self._beside(placement, w, h)
        return QRectF(x, y, w, h)

    def setVisible(self, visible: bool) -> None:  # the leader comes and goes with its label
        super().setVisible(visible)
        parent = self.parentItem()
        if isinstance(parent, PointItem) and parent.has_leader():
            parent.leader.setVisible(visible and self.offset is not None)

    def boundingRect(self) -> QRectF:
        return super().boundingRect().adjusted(-2, -1, 2, 1)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.plate)
        painter.drawRoundedRect(self.boundingRect(), 3, 3)
        super().paint(painter, option, widget)


class LeaderItem(QGraphicsLineItem):
    """The thin line from a marker's edge to its label, when the label had to go further off."""

    COLOR = "#be282828"  # #AARRGGBB: dark grey, slightly see-through (the scene's style sets its own)

    def __init__(self, parent: PointItem):
        super().__init__(parent)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setVisible(False)
        pen = QPen(QColor(self.COLOR))
        pen.setWidthF(1.0)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        self.setPen(pen)

    def set_color(self, color: QColor) -> None:
        pen = self.pen()
        pen.setColor(color)
        self.setPen(pen)

    def set_dimmed(self, dimmed: bool) -> None:
        self.setOpacity(0.35 if dimmed else 1.0)

    def join(self, plate: QRectF | None, marker_radius: float) -> None:
        if plate is None:
            self.setVisible(False)
            return
        # from the plate's point nearest the marker to the marker's edge
        near = QPointF(min(max(0.0, plate.left()), plate.right()), min(max(0.0, plate.top()), plate.bottom()))
        length = math.hypot(near.x(), near.y()) or 1.0
        edge = QPointF(near.x() / length * marker_radius, near.y() / length * marker_radius)
        self.setLine(QLineF(edge, near))
        self.setVisible(True)
