"""The face view drawn on a client's photo: the photo as the background, the face points placed
from the photo's landmarks (core/geometry/photo.py), with labels, meridian paths and the cun grid
over it; landmarks as crosses that can be dragged; points that can be dragged to where palpation
finds them (with "Move points" on, or Shift held), shown as moved.

It is a DiagramScene: selection, sequences, search, stepping, needles and caution rings work on it
as on the drawing. Its rendering is never kept on disk (the drawings' cache is; a face photo is not).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsLineItem, QGraphicsScene, QStyleOptionGraphicsItem, QWidget

from pointmap.core.geometry import Vec
from pointmap.core.geometry.grid import Rung, grid_rungs
from pointmap.core.geometry.photo import FacePlan, LandmarkKey, PhotoPlacement
from pointmap.core.reference import Position, Reference
from pointmap.core.userdata.photos import Correction
from pointmap.ui.diagram.background import Background, SvgCache
from pointmap.ui.diagram.items import PointItem
from pointmap.ui.diagram.scene import DiagramScene
from pointmap.ui.richtext import plain_tooltip

Z_LANDMARK, Z_MOVED = 30, 9


class PhotoReference:
    """The reference as the photo view sees it: the face view the size of the photo, with the photo's
    landmarks and the points placed on it; everything else is the reference's own."""

    def __init__(self, base: Reference, plan: FacePlan, landmarks: dict, width: int, height: int, placement):
        self._base = base
        diagram = plan.as_diagram(landmarks, width, height)
        self.diagrams = {**base.diagrams, diagram.id: diagram}
        self.positions = {**base.positions, diagram.id: placement.positions(diagram.id, width, height)}
        alternatives = placement.alternative_positions(diagram.id, width, height)
        points = dict(base.points)
        for (code, number), spots in alternatives.items():
            point = points[code]
            points[code] = point._replace(
                alternatives=tuple(
                    alt._replace(positions=tuple(spots)) if alt.number == number else alt for alt in point.alternatives
                )
            )
        self.points = points
        self._grid = plan.grid_on_photo(landmarks)

    def grid_segments(self, diagram_id: str):
        return self._grid

    def __getattr__(self, name: str):
        return getattr(self._base, name)


class PhotoBackground(Background):
    """The photo in place of the artwork; the grid and the paths from the photo's landmarks."""

    def __init__(self, reference, diagram, svg_cache: SvgCache, image: QImage):
        self.image = image
        super().__init__(reference, diagram, svg_cache, cache_dir=None)  # never on disk

    @property
    def outlines(self):
        return []  # the grid is not cut to a drawing's outline on a photo

    def anatomy_art(self):
        return None

    def art_pixmap(self, scale: float, wait: bool = True):
        # The photo is copied, not an SVG rendered: made at once here, never on the thread pool
        # (whose renderer draws the SVG artwork).
        return super().art_pixmap(scale, True)

    def render_art(self, painter: QPainter, target: QRectF) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(target, self.image)
        painter.restore()

    def replace(self, reference, diagram) -> None:
        """The landmarks moved: new paths and grid (the photo itself stays rendered)."""
        self.reference = reference
        self.diagram = diagram
        self.meridian_paths = self.paths_of(reference, diagram)
        self._rungs = None
        self._grid_path = None
        self._with_paths = None
        if self.grid:
            self._art_pixmaps.clear()  # the rungs are drawn into the rendering

    @property
    def rungs(self) -> list[Rung]:
        if self._rungs is None:
            self._rungs = grid_rungs(self.diagram, self.reference.grid_segments(self.diagram.id), [])
        return self._rungs


class LandmarkItem(QGraphicsItem):
    """A landmark on the photo: a cross in a ring, dragged to where it lies."""

    SIZE = 9.0

    def __init__(self, key: LandmarkKey, label: str):
        super().__init__()
        self.key = key
        self.current = False
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)
        self.setCursor(Qt.CursorShape.SizeAllCursor)
        self.setZValue(Z_LANDMARK)
        self.setToolTip(plain_tooltip(f"{label}\nDrag it to where it lies on this face"))
        self._dragging = False

    def boundingRect(self) -> QRectF:
        r = self.SIZE + 4
        return QRectF(-r, -r, 2 * r, 2 * r)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = self.SIZE + (2 if self.current else 0)
        for color, width in (
            (QColor(255, 255, 255, 220), 3.2),
            (QColor("#d81b60" if self.current else "#1565c0"), 1.4),
        ):
            pen = QPen(color)
            pen.setWidthF(width)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(0, 0), r * 0.6, r * 0.6)
            painter.drawLine(QPointF(-r, 0), QPointF(-r * 0.25, 0))
            painter.drawLine(QPointF(r * 0.25, 0), QPointF(r, 0))
            painter.drawLine(QPointF(0, -r), QPointF(0, -r * 0.25))
            painter.drawLine(QPointF(0, r * 0.25), QPointF(0, r))

    def set_current(self, on: bool) -> None:
        if on != self.current:
            self.current = on
            self.update()

    def itemChange(self, change, value):
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged and self._dragging:
            scene = self.scene()
            if isinstance(scene, PhotoScene):
                scene.landmark_dragged(self.key, self.pos())
        return super().itemChange(change, value)

    def mousePressEvent(self, event) -> None:
        self._dragging = True
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        self._dragging = False
        scene = self.scene()
        if isinstance(scene, PhotoScene):
            scene.landmark_released(self.key)


class MovedMark(QGraphicsLineItem):
    """From a point's computed place to where it was moved: a dashed line and a ring at the computed place."""

    def __init__(self, words: str):
        super().__init__()
        pen = QPen(QColor("#ffffff"))
        pen.setWidthF(1.6)
        pen.setStyle(Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.setZValue(Z_MOVED)
        self.setToolTip(plain_tooltip(f"Moved from its computed place: {words}"))

    def paint(self, painter: QPainter, option, widget=None) -> None:
        super().paint(painter, option, widget)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor("#ffffff"))
        pen.setCosmetic(True)
        pen.setWidthF(1.4)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        scale = painter.worldTransform().m11() or 1.0
        painter.drawEllipse(self.line().p1(), 4 / scale, 4 / scale)


class PhotoScene(DiagramScene):
    """The face view on the client's photo (coordinates: the photo's pixels)."""

    landmark_moved = Signal(object)  # LandmarkKey, while dragged (the points follow)
    landmark_dropped = Signal(object)  # LandmarkKey, when let go (saved, if the photo is kept)
    landmark_clicked = Signal(object)  # QPointF on the photo, while a landmark is being asked for
    point_dragged = Signal(str, str, int, QPointF)  # code, side, site, where it was let go

    def __init__(
        self,
        reference: Reference,
        plan: FacePlan,
        image: QImage,
        landmarks: dict[LandmarkKey, Vec],
        svg_cache: SvgCache,
        parent=None,
    ):
        self.base_reference = reference
        self.plan = plan
        self.image = image
        self.photo_size = (image.width(), image.height())
        self.landmarks = dict(landmarks)
        self.placement: PhotoPlacement = plan.place(self.landmarks)
        self.corrections: dict[tuple[str, str, int], Correction] = {}
        self.moved_marks: dict[tuple[str, str, int], MovedMark] = {}
        self.asking: LandmarkKey | None = None  # the landmark the steps ask for (a click places it)
        self.moving_points = False  # drag a point to where palpation finds it
        self._drag: PointItem | None = None
        photo_reference = self._photo_reference()
        self._photo_background_image = image
        super().__init__(photo_reference, photo_reference.diagrams[plan.diagram.id], svg_cache, None, parent)
        self.landmark_items: dict[LandmarkKey, LandmarkItem] = {}
        for key in plan.landmarks:
            item = LandmarkItem(key, plan.label(key))
            item.setPos(QPointF(self.landmarks[key].x, self.landmarks[key].y))
            item.setVisible(False)
            self.addItem(item)
            self.landmark_items[key] = item

    def _photo_reference(self) -> PhotoReference:
        w, h = self.photo_size
        return PhotoReference(self.base_reference, self.plan, self.landmarks, w, h, self.placement)

    @property
    def background(self) -> Background:
        return self._background

    @background.setter
    def background(self, value: Background) -> None:
        # DiagramScene makes an SVG background; the photo takes its place.
        if not isinstance(value, PhotoBackground):
            value = PhotoBackground(value.reference, value.diagram, value.svg_cache, self._photo_background_image)
        self._background = value

    # -- landmarks -------------------------------------------------------------------------------

    def show_landmarks(self, on: bool) -> None:
        for item in self.landmark_items.values():
            item.setVisible(on)

    def landmarks_shown(self) -> bool:
        return any(item.isVisible() for item in self.landmark_items.values())

    def ask_for(self, key: LandmarkKey | None) -> None:
        """Mark the landmark the steps ask for; a click on the photo then places it."""
        self.asking = key
        for k, item in self.landmark_items.items():
            item.set_current(k == key)

    def set_landmarks(self, landmarks: dict[LandmarkKey, Vec]) -> None:
        """Put every landmark where given and place the points again."""
        self.landmarks = dict(landmarks)
        for key, item in self.landmark_items.items():
            if key in landmarks:
                item.setPos(QPointF(landmarks[key].x, landmarks[key].y))
        self.replace_points()

    def landmark_dragged(self, key: LandmarkKey, pos: QPointF) -> None:
        self.landmarks[key] = Vec(pos.x(), pos.y())
        self.replace_points()
        self.landmark_moved.emit(key)

    def landmark_released(self, key: LandmarkKey) -> None:
        self.landmark_dropped.emit(key)

    def landmark_fractions(self) -> dict[LandmarkKey, tuple[float, float]]:
        w, h = self.photo_size
        return {k: (p.x / w, p.y / h) for k, p in self.landmarks.items()}

    # -- placing the points ------------------------------------------------------------------------

    def replace_points(self) -> None:
        """Place every face point from the landmarks as they are now, and move the markers, their
        alternatives, needles, caution rings, paths and grid with them (the benchmark's figure)."""
        self.placement = self.plan.place(self.landmarks)
        reference = self._photo_reference()
        self.reference = reference
        self.diagram = reference.diagrams[self.diagram.id]
        spots = self.placement.spots
        w, h = self.photo_size
        for code, items in self.points.items():
            for item in items:
                side, site = item.position.side, item.position.site
                spot = self._shown_spot(code, side, site)
                if spot is None:
                    continue
                item.position = Position(
                    code, self.diagram.id, side, spot.x / w, spot.y / h, site, item.position.site_label
                )
                item.setPos(spot.x, spot.y)
            for ring in self.alternatives.get(code, []):
                found = spots.get((code, 0, ring.alternative_number, ring.position.side))
                if found is not None:
                    ring.setPos(found.x, found.y)
        for site, needle in self.needles.items():
            marker = self.item_at_site(site)
            if marker is not None:
                needle.setPos(marker.pos())
        for code, rings in self.cautions.items():
            for ring, marker in zip(rings, self.points.get(code, []), strict=False):
                ring.setPos(marker.pos())
        self._place_moved_marks()
        self.background.replace(reference, self.diagram)
        if self._grid_built:
            for tick in self.grid_items:
                self.removeItem(tick)
            self.grid_items = []
            self._build_grid_numbers()
        self.invalidate(self.sceneRect(), QGraphicsScene.SceneLayer.BackgroundLayer)

    def _shown_spot(self, code: str, side: str, site: int) -> Vec | None:
        """Where a point is drawn: moved by the practitioner, else where it is computed."""
        moved = self.corrections.get((code, side, site))
        if (code, site, 0, side) not in self.placement.spots:
            return None
        if moved is not None and moved.moved:
            return self.placement.spot_at(code, side, moved.superior_cun, moved.lateral_cun, site)
        return self.placement.spots[(code, site, 0, side)]

    # -- points moved where palpation finds them ---------------------------------------------------

    def set_corrections(self, corrections: dict[tuple[str, str, int], Correction]) -> None:
        self.corrections = dict(corrections)
        self.replace_points()

    def _place_moved_marks(self) -> None:
        for key in [k for k in self.moved_marks if k not in self.corrections or not self.corrections[k].moved]:
            self.removeItem(self.moved_marks.pop(key))
        for key, moved in self.corrections.items():
            code, side, site = key
            if not moved.moved or (code, site, 0, side) not in self.placement.spots:
                continue
            mark = self.moved_marks.get(key)
            if mark is None:
                mark = MovedMark(moved.words())
                self.addItem(mark)
                self.moved_marks[key] = mark
            mark.setToolTip(plain_tooltip(f"{code}: moved from its computed place, {moved.words()}"))
            computed = self.placement.spots[(code, site, 0, side)]
            shown = self._shown_spot(code, side, site) or computed
            mark.setLine(computed.x, computed.y, shown.x, shown.y)

    def offset_of(self, code: str, side: str, site: int, pos: QPointF) -> tuple[float, float]:
        """A spot's offset in cun (superior, lateral) from the point's computed place."""
        return self.placement.offset_cun(code, side, Vec(pos.x(), pos.y()), site)

    # -- the mouse ---------------------------------------------------------------------------------

    def _marker_at(self, pos: QPointF) -> PointItem | None:
        for item in self.items(pos):
            if isinstance(item, PointItem) and item.isVisible():
                return item
        return None

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            grabbed = self.itemAt(event.scenePos(), self.views()[0].transform()) if self.views() else None
            if isinstance(grabbed, LandmarkItem):
                super().mousePressEvent(event)
                return
            if self.asking is not None:
                self.landmark_clicked.emit(event.scenePos())
                event.accept()
                return
            moving = self.moving_points or bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            marker = self._marker_at(event.scenePos()) if moving and self.concealed is None else None
            if marker is not None:
                self._drag = marker
                event.accept()
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._drag is not None:
            self._drag.setPos(event.scenePos())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._drag is not None:
            item, self._drag = self._drag, None
            self.point_dragged.emit(item.code, item.position.side, item.position.site, item.pos())
            event.accept()
            return
        super().mouseReleaseEvent(event)
