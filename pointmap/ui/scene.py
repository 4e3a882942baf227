"""The diagram scene: SVG artwork, point markers, labels, meridian paths and the cun grid.

Items never talk to widgets: a click on a point makes the scene emit ``point_activated(code)``
and the main window decides what to do (the orange-canvas pattern).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPaintEngine, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from pointmap.core import paths
from pointmap.core.reference import Diagram, Point, Position, Reference
from pointmap.ui import artcache
from pointmap.ui.richtext import plain_tooltip

if TYPE_CHECKING:
    from PySide6.QtSvg import QSvgRenderer

Z_ART, Z_GRID, Z_POINT, Z_SELECTED = 0, 3, 10, 20
PATH_WIDTH, CHOSEN_PATH_WIDTH, DIMMED_PATH_OPACITY = 2.2, 3.6, 0.25


def fill(painter: QPainter, rect: QRectF, color: QColor) -> None:
    """painter.fillRect(rect, color), without fillRect's overload resolution: that goes through
    the QGradient overloads and makes PySide6 wrap QGradient's enums during the first frame."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # solid spans: the fast path
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawRect(rect)
    painter.restore()


@dataclass
class Layers:
    labels: bool = True
    paths: bool = False
    grid: bool = False


class SvgCache:
    """One QSvgRenderer per asset file, shared by every scene that shows it."""

    def __init__(self) -> None:
        self._renderers: dict[str, QSvgRenderer] = {}

    @staticmethod
    def path(asset: str, high_contrast: bool) -> Path:
        path = paths.asset_path(asset)
        if high_contrast:
            hc = path.with_name(f"{path.stem}.hc.svg")
            if hc.is_file():
                return hc
        return path

    def renderer(self, asset: str, high_contrast: bool) -> QSvgRenderer:
        key = str(self.path(asset, high_contrast))
        if key not in self._renderers:
            from PySide6.QtSvg import QSvgRenderer  # only when the artwork is not in the disk cache

            self._renderers[key] = QSvgRenderer(key)
        return self._renderers[key]


class PointItem(QGraphicsItem):
    """A point marker drawn at a constant size on screen, with a larger hit area."""

    RADIUS = 6.0

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
        self.setToolTip(plain_tooltip(f"{point.code}  {point.pinyin}  {point.hanzi}\n{point.english}{where}"))
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
        pen = QPen(ring)  # not QPen(colour, width): see fill()
        pen.setWidthF(1.6 * self.scale_factor if self.selected else 1.2 * self.scale_factor)
        painter.setPen(pen)
        painter.setBrush(color)
        painter.drawEllipse(QPointF(0, 0), r, r)
        if self.selected or self.emphasized:
            painter.setPen(QPen(QColor("#111111"), 1.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(0, 0), r + 1.5, r + 1.5)

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
            scene = self.scene()
            if isinstance(scene, DiagramScene):
                scene.point_activated.emit(self.code)
            event.accept()
            return
        super().mousePressEvent(event)

    def hoverEnterEvent(self, event) -> None:
        scene = self.scene()
        if isinstance(scene, DiagramScene):
            scene.point_hovered.emit(self.code)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event) -> None:
        scene = self.scene()
        if isinstance(scene, DiagramScene):
            scene.point_hovered.emit("")
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

    def place(self, placement: int) -> None:
        """0 right, 1 left, 2 above, 3 below the marker."""
        self.placement = placement
        parent = self.parentItem()
        gap = (parent.radius if isinstance(parent, PointItem) else 6) + 4
        rect = super().boundingRect()
        w, h = rect.width(), rect.height()
        offsets = ((gap, -h / 2), (-gap - w, -h / 2), (-w / 2, -gap - h), (-w / 2, gap))
        self.setPos(*offsets[placement])

    def local_rect(self, placement: int) -> QRectF:
        parent = self.parentItem()
        gap = (parent.radius if isinstance(parent, PointItem) else 6) + 4
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


class DiagramScene(QGraphicsScene):
    """One diagram with its points. Coordinates are the SVG's user units."""

    point_activated = Signal(str)
    point_hovered = Signal(str)

    def __init__(self, reference: Reference, diagram: Diagram, svg_cache: SvgCache, parent=None):
        super().__init__(parent)
        self.reference = reference
        self.diagram = diagram
        self.svg_cache = svg_cache
        self.layers = Layers()
        self.high_contrast = False
        self.label_scale = 1.0
        self.selected_code: str | None = None
        self.meridian: str | None = None
        self.sequence: set[str] | None = None  # codes emphasised by a chosen meridian or protocol
        self.setSceneRect(0, 0, diagram.width, diagram.height)
        # The artwork is the scene's background, so exports (scene.render) draw it too; meridian
        # paths and the grid's rungs are drawn with it, into one cached rendering per scale.
        self.art_path = svg_cache.path(diagram.asset, False)
        self.ground = QColor("#ffffff")
        self.preferred_scale = 0.0  # the view's fit scale: renderings at it are kept on disk
        self._art_pixmaps: list[tuple[tuple[float, bool], QPixmap]] = []  # ((scale, grid), pixmap), newest last
        self._with_paths: tuple[tuple, QPixmap] | None = None  # the artwork with the paths shown now
        self._background_drawn: tuple | None = None  # _background_state() last drawn
        self.points: dict[str, list[PointItem]] = {}
        self._build_points()
        # Meridian paths, one polyline per side, joining the points in channel order.
        self.meridian_paths: dict[str, list[QPainterPath]] = {}
        self._build_paths()
        # The grid's rungs are drawn with the artwork (one cached background); its cun numbers
        # are items, so they keep their size at any zoom.
        self.grid_items: list[QGraphicsItem] = []
        self.grid_path = QPainterPath()
        self.grid_pen = QPen()
        self._build_grid()
        self.apply_layers(self.layers)

    # -- building ------------------------------------------------------------------------------

    def to_scene(self, pos: Position) -> QPointF:
        return QPointF(pos.x * self.diagram.width, pos.y * self.diagram.height)

    def _build_points(self) -> None:
        for pos in self.reference.positions.get(self.diagram.id, []):
            point = self.reference.points[pos.point_code]
            item = PointItem(point, pos, QColor(self.reference.color_of(point)), self.label_scale)
            item.setPos(self.to_scene(pos))
            self.addItem(item)
            self.points.setdefault(point.code, []).append(item)

    def _build_paths(self) -> None:
        for code in self.reference.meridians:
            sequence = [p for p in self.reference.meridian_sequence(code) if p.code in self.points]
            if len(sequence) < 2:
                continue
            paths = []
            for side in ("right", "left", "midline"):
                spots = []
                for p in sequence:
                    for item in self.points[p.code]:
                        if item.position.side == side and item.position.site in (0, 1):
                            spots.append(item.pos())
                if len(spots) < 2:
                    continue
                path = QPainterPath(spots[0])
                for spot in spots[1:]:
                    path.lineTo(spot)
                paths.append(path)
            if paths:
                self.meridian_paths[code] = paths

    def shown_paths(self) -> list[str]:
        """The meridians whose paths are drawn now: all with the paths layer on, else only a
        chosen meridian's."""
        return [code for code in self.meridian_paths if self.layers.paths or code == self.meridian]

    def _background_state(self) -> tuple:
        """What the background shows besides the artwork: the grid, the chosen meridian and the
        shown paths. A change repaints it; the cached copy with the paths is keyed by it."""
        return (bool(self.layers.grid), self.meridian, tuple(self.shown_paths()))

    def _draw_paths(self, painter: QPainter) -> None:
        """The shown paths, in scene coordinates: a chosen meridian's wider, the others faded."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for code in self.shown_paths():
            pen = QPen(QColor(self.reference.meridians[code].color))
            pen.setWidthF(CHOSEN_PATH_WIDTH if code == self.meridian else PATH_WIDTH)
            pen.setCosmetic(True)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            painter.setOpacity(1.0 if self.meridian in (None, code) else DIMMED_PATH_OPACITY)
            for path in self.meridian_paths[code]:
                painter.drawPath(path)
        painter.restore()

    def _build_grid(self) -> None:
        """Rungs at every cun along each proportional segment the diagram declares."""
        d = self.diagram
        pen = QPen(QColor(90, 120, 160, 150), 1.0, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self.grid_pen = pen
        for segment in self.reference.grid_segments(d.id):
            for side in ("right", "left") if d.sides == "both" else ("right",):
                start = d.landmark(segment.start, side) if ":" not in segment.start else None
                end = d.landmark(segment.end, side) if ":" not in segment.end else None
                if start is None:
                    start = _landmark_ref(d, segment.start, side)
                if end is None:
                    end = _landmark_ref(d, segment.end, side)
                if start is None or end is None:
                    continue
                if side == "left" and start.side == "midline" and end.side == "midline":
                    continue  # midline segments are drawn once
                if side == "left" and ":left" in segment.end:
                    continue  # a segment that spans both sides is drawn once
                a = QPointF(start.x * d.width, start.y * d.height)
                b = QPointF(end.x * d.width, end.y * d.height)
                length = math.hypot(b.x() - a.x(), b.y() - a.y())
                if length == 0:
                    continue
                ux, uy = (b.x() - a.x()) / length, (b.y() - a.y()) / length
                nx, ny = -uy, ux
                lo, hi = segment.reach
                path = self.grid_path
                for fraction, k in segment.rungs():
                    t = length * fraction
                    cx, cy = a.x() + ux * t, a.y() + uy * t
                    path.moveTo(cx + nx * lo, cy + ny * lo)
                    path.lineTo(cx + nx * hi, cy + ny * hi)
                    if k == 0:
                        continue  # the origin is a landmark everyone can see; it needs no number
                    tick = QGraphicsSimpleTextItem(str(k))
                    tick.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
                    tick.setBrush(QColor(60, 90, 140))
                    font = tick.font()
                    font.setPointSizeF(7.5 * self.label_scale)
                    tick.setFont(font)
                    tick.setPos(cx + nx * hi, cy + ny * hi)
                    tick.setZValue(Z_GRID)
                    self.addItem(tick)
                    self.grid_items.append(tick)

    # -- state ---------------------------------------------------------------------------------

    def apply_layers(self, layers: Layers) -> None:
        self.layers = layers
        background = self._background_state()
        if background != self._background_drawn:
            self._background_drawn = background
            self.invalidate(self.sceneRect(), QGraphicsScene.SceneLayer.BackgroundLayer)
        for items in self.points.values():
            for item in items:
                item.label.setVisible(layers.labels)
        for item in self.grid_items:
            item.setVisible(layers.grid)

    def set_high_contrast(self, on: bool) -> None:
        self.high_contrast = on
        self.art_path = self.svg_cache.path(self.diagram.asset, on)
        self._art_pixmaps.clear()
        self._with_paths = None
        self.invalidate(self.sceneRect(), QGraphicsScene.SceneLayer.BackgroundLayer)

    @property
    def art(self) -> QSvgRenderer:
        """The SVG renderer, parsed on first use (a start with cached renderings never needs it)."""
        return self.svg_cache.renderer(self.diagram.asset, self.high_contrast)

    def set_ground(self, color: QColor) -> None:
        """The colour around and behind the artwork."""
        if color != self.ground:
            self.ground = QColor(color)
            self._art_pixmaps.clear()
            self._with_paths = None
            self.invalidate(self.sceneRect(), QGraphicsScene.SceneLayer.BackgroundLayer)

    MAX_ART_PIXELS = 40_000_000  # beyond this (deep zoom) the SVG is drawn directly, not cached
    ART_CACHE_SIZE = 2

    def art_pixmap(self, scale: float) -> QPixmap | None:
        """The artwork rendered at ``scale`` device pixels per scene unit, kept for reuse (a view
        switch or a repaint then costs a blit, not an SVG rendering)."""
        grid = bool(self.layers.grid and not self.grid_path.isEmpty())
        for (cached_scale, cached_grid), pixmap in self._art_pixmaps:
            if abs(cached_scale - scale) < 1e-4 and cached_grid == grid:
                return pixmap
        width, height = round(self.diagram.width * scale), round(self.diagram.height * scale)
        if width * height > self.MAX_ART_PIXELS or width < 1 or height < 1:
            return None
        persist = abs(scale - self.preferred_scale) < 1e-4
        name = artcache.key(self.art_path, width, height, f"{int(grid)}-{self.ground.name()[1:]}") if persist else ""
        image = artcache.load(name, width, height) if persist else None
        if image is None:
            image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(self.ground)  # opaque: drawn later by a plain copy, without blending
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self.art.render(painter, QRectF(0, 0, width, height))
            if grid:
                painter.scale(scale, scale)
                self._draw_grid(painter)
            painter.end()
            if persist:
                artcache.save(name, image)
        pixmap = QPixmap.fromImage(image)
        self._art_pixmaps = [*self._art_pixmaps, ((scale, grid), pixmap)][-self.ART_CACHE_SIZE :]
        return pixmap

    MAX_COMPOSED_PIXELS = 16_000_000  # a deeper zoom strokes the paths each frame instead

    def background_pixmap(self, scale: float, ratio: float) -> tuple[QPixmap | None, bool]:
        """The artwork at ``scale`` for ``ratio`` device pixels per logical pixel, and whether the
        shown meridian paths are already drawn on it. They are, on a copy kept until the paths or
        the scale change, so a frame with every path on costs one copy however many lines it
        carries (at 4K, stroking them every frame took a third of the frame). Only one such copy
        is kept per scene, none while no path is shown, and none beyond MAX_COMPOSED_PIXELS."""
        art = self.art_pixmap(scale)
        state = self._background_state()
        *_, shown = state
        if art is None or not shown or art.width() * art.height() > self.MAX_COMPOSED_PIXELS:
            self._with_paths = None
            return art, not shown
        key = (scale, ratio, *state)
        if self._with_paths is not None and self._with_paths[0] == key:
            return self._with_paths[1], True
        self._with_paths = None  # let the old copy go before the new one is made
        pixmap = art.copy()
        pixmap.setDevicePixelRatio(ratio)  # lines as wide as the view would draw them
        painter = QPainter(pixmap)
        painter.scale(scale / ratio, scale / ratio)
        self._draw_paths(painter)
        painter.end()
        self._with_paths = (key, pixmap)
        return pixmap, True

    def _draw_grid(self, painter: QPainter) -> None:
        painter.setPen(self.grid_pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.grid_path)

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        self.draw_background(painter, rect, ground_filled=False)

    def draw_background(self, painter: QPainter, rect: QRectF, ground_filled: bool) -> None:
        """The ground and the artwork. ``ground_filled``: the device already shows the ground
        colour (a view's viewport fills itself), so only the artwork is drawn: at 4K that spares
        a few million pixels of fill a frame."""
        scene_rect = self.sceneRect()
        if not ground_filled and not scene_rect.contains(rect):
            # Ground around the artwork: up to four plain rectangles (fast fills).
            for part in (
                QRectF(rect.left(), rect.top(), rect.width(), scene_rect.top() - rect.top()),
                QRectF(rect.left(), scene_rect.bottom(), rect.width(), rect.bottom() - scene_rect.bottom()),
                QRectF(rect.left(), scene_rect.top(), scene_rect.left() - rect.left(), scene_rect.height()),
                QRectF(scene_rect.right(), scene_rect.top(), rect.right() - scene_rect.right(), scene_rect.height()),
            ):
                if part.width() > 0 and part.height() > 0:
                    fill(painter, part, self.ground)
        transform = painter.deviceTransform()
        engine = painter.paintEngine()
        vector = engine is not None and engine.type() in (QPaintEngine.Type.Pdf, QPaintEngine.Type.Picture)
        world = painter.worldTransform()
        ratio = transform.m11() / world.m11() if world.m11() else 1.0
        pixmap, paths_drawn = None, False
        if not vector and not transform.isRotating():
            pixmap, paths_drawn = self.background_pixmap(round(transform.m11(), 4), ratio)
        if pixmap is None:  # print and PDF stay vector; so does a very deep zoom
            fill(painter, scene_rect, self.ground)
            self.art.render(painter, scene_rect)
            if self.layers.grid:
                self._draw_grid(painter)
            self._draw_paths(painter)
            return
        # Rendered at exactly this scale: copy it pixel for pixel. Positions are computed with the
        # world transform (what resetTransform removes); the device pixel ratio does the rest.
        pixmap.setDevicePixelRatio(ratio)
        top_left = world.map(scene_rect.topLeft())
        painter.save()
        painter.resetTransform()
        painter.drawPixmap(QPointF(round(top_left.x() * ratio) / ratio, round(top_left.y() * ratio) / ratio), pixmap)
        painter.restore()
        if not paths_drawn:
            self._draw_paths(painter)

    def set_label_style(self, font: QFont, text: QColor, plate: QColor, scale: float) -> None:
        self.label_scale = scale
        for items in self.points.values():
            for item in items:
                item.prepareGeometryChange()
                item.scale_factor = scale
                item.label.set_style(font, text, plate)

    def set_selected(self, code: str | None) -> None:
        if self.selected_code in self.points:
            for item in self.points[self.selected_code]:
                item.set_state(selected=False)
        self.selected_code = code
        for item in self.points.get(code or "", []):
            item.set_state(selected=True)

    def set_sequence(self, meridian: str | None, codes: set[str] | None) -> None:
        """Emphasise a meridian's (or a protocol's) points and dim the rest; None clears."""
        self.meridian = meridian
        self.sequence = codes
        for code, items in self.points.items():
            in_seq = codes is None or code in codes
            for item in items:
                item.set_state(dimmed=not in_seq, emphasized=codes is not None and in_seq)
        self.apply_layers(self.layers)  # the paths are part of the background

    def selected_items(self) -> list[PointItem]:
        return list(self.points.get(self.selected_code or "", []))

    def all_point_items(self) -> list[PointItem]:
        return [item for items in self.points.values() for item in items]


def _landmark_ref(d: Diagram, ref: str, side: str):
    name, _, explicit = ref.partition(":")
    return d.landmark(name, explicit or side)
