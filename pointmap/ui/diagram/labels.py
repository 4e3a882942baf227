"""Label placement: each point's label goes where it fits beside its marker, or further off at the
end of a leader line; then the cun grid's numbers go where no label is.

Labels are placed in screen pixels, most important first: the selected point, the chosen
meridian's or protocol's points, then the rest, the most crowded first (they have the fewest
places left). A label never covers another label or a marker (a greyed label never covers anything;
a chosen one may lie over a greyed marker), nor a session's needle pin or a second location's ring
(the scene's ``label_obstacles()``), and stays in the view. Only when nowhere within reach
is free does a label stay hidden, greyed ones first."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF

if TYPE_CHECKING:
    from PySide6.QtWidgets import QGraphicsView

    from pointmap.ui.diagram.items import PointItem
    from pointmap.ui.diagram.scene import DiagramScene

LEADER_REACH = (16.0, 28.0, 42.0, 58.0, 76.0, 96.0)  # how far a label may go from its marker (px)
DIRECTIONS = 16  # directions tried at each distance
CROWD = 40.0  # markers closer than this (px) make a marker crowded


def layout_labels(scene: DiagramScene, view: QGraphicsView) -> None:
    """Place every label of ``scene`` as it is seen in ``view`` (see the module's docstring), then
    the grid's numbers."""
    items = scene.markers()
    view_rect = QRectF(view.viewport().rect())
    labels = _RectIndex()  # labels placed so far
    markers = _RectIndex()  # every marker
    strong = _RectIndex()  # markers that are not greyed out
    leaders: list[tuple[QPointF, QPointF]] = []
    anchors: dict[int, QPointF] = {}
    for item in items:
        p = QPointF(view.mapFromScene(item.pos()))
        anchors[id(item)] = p
        rect = _marker_rect(item, p)
        markers.add(rect)
        if not item.look()[1]:
            strong.add(rect)
    # a session's needle pins and second-location rings cover the diagram as markers do
    for obstacle, rects, dimmed in getattr(scene, "label_obstacles", list)():
        p = QPointF(view.mapFromScene(obstacle.pos()))
        for rect in rects:
            placed = rect.translated(p)
            markers.add(placed)
            if not dimmed:
                strong.add(placed)
    if scene.layers.labels and scene.concealed is None:  # study mode names no point
        crowd = {id(item): markers.count_near(anchors[id(item)], CROWD) for item in items}

        def rank(item: PointItem) -> tuple:
            selected, dimmed, emphasized = item.look()
            return (not selected, not emphasized, dimmed, -crowd[id(item)], item.code)

        for item in sorted(items, key=rank):
            anchor = anchors[id(item)]
            if not view_rect.contains(anchor):
                item.label.setVisible(False)
                continue
            dimmed = item.look()[1]
            obstacles = markers if dimmed else strong  # a greyed label avoids every marker
            own = _marker_rect(item, anchor)
            spot = _find_place(item, anchor, own, view_rect, labels, obstacles, leaders)
            if spot is None:
                selected = item.look()[0]
                item.label.setVisible(selected)
                if selected:
                    item.label.place(0)
                continue
            placement, rect = spot
            if isinstance(placement, int):
                item.label.place(placement)
            else:
                item.label.place_at(placement)
                leaders.append(_leader_ends(anchor, rect))
            item.label.setVisible(True)
            labels.add(rect)
    else:
        for item in items:
            item.label.setVisible(False)
    if scene.layers.grid:
        _place_grid_numbers(scene, view, view_rect, labels, markers)


def _marker_rect(item: PointItem, p: QPointF) -> QRectF:
    r = item.radius + 1
    return QRectF(p.x() - r, p.y() - r, 2 * r, 2 * r)


def _find_place(item, anchor, own, view_rect, labels, obstacles, leaders):
    """(placement, rect in the view): an int for a place beside the marker, or the plate's top-left
    corner (relative to the marker) for one further off; None when nothing within reach is free."""

    def free(rect: QRectF) -> bool:
        return (
            view_rect.contains(rect)
            and not labels.intersects(rect)
            and not obstacles.intersects(rect, ignore=own)
            and not _crosses_leader(rect, leaders)
        )

    for placement in range(8):
        rect = item.label.local_rect(placement).translated(anchor)
        if free(rect):
            return placement, rect
    w, h = item.label.size()
    for distance in LEADER_REACH:
        reach = item.radius + distance
        for k in range(DIRECTIONS):
            angle = 2 * math.pi * k / DIRECTIONS
            dx, dy = math.cos(angle), math.sin(angle)
            # the plate lies beyond the leader's end, its nearest side or corner there
            px, py = reach * dx, reach * dy
            x = px if dx > 0.3 else px - w if dx < -0.3 else px - w / 2
            y = py if dy > 0.3 else py - h if dy < -0.3 else py - h / 2
            top_left = QPointF(x, y)
            rect = QRectF(anchor.x() + top_left.x(), anchor.y() + top_left.y(), w, h)
            if not free(rect):
                continue
            ends = _leader_ends(anchor, rect)
            if obstacles.crosses(ends[0], ends[1], ignore=own) or _crosses_leader_line(ends, leaders):
                continue
            return top_left, rect
    return None


def _leader_ends(anchor: QPointF, rect: QRectF) -> tuple[QPointF, QPointF]:
    near = QPointF(min(max(anchor.x(), rect.left()), rect.right()), min(max(anchor.y(), rect.top()), rect.bottom()))
    return anchor, near


def _crosses_leader(rect: QRectF, leaders) -> bool:
    return any(_segment_hits_rect(a, b, rect) for a, b in leaders)


def _crosses_leader_line(ends, leaders) -> bool:
    a, b = ends
    return any(_segments_cross(a, b, c, d) for c, d in leaders)


def _segments_cross(a: QPointF, b: QPointF, c: QPointF, d: QPointF) -> bool:
    def side(p, q, r) -> float:
        return (q.x() - p.x()) * (r.y() - p.y()) - (q.y() - p.y()) * (r.x() - p.x())

    return side(a, b, c) * side(a, b, d) < 0 and side(c, d, a) * side(c, d, b) < 0


def _segment_hits_rect(a: QPointF, b: QPointF, rect: QRectF) -> bool:
    """Whether the segment a-b passes through ``rect`` (sampled: leaders are short)."""
    steps = max(2, int(math.hypot(b.x() - a.x(), b.y() - a.y()) / 4))
    for i in range(1, steps):
        t = i / steps
        if rect.contains(QPointF(a.x() + (b.x() - a.x()) * t, a.y() + (b.y() - a.y()) * t)):
            return True
    return False


def _place_grid_numbers(scene, view, view_rect: QRectF, labels, markers) -> None:
    """Each cun number just beyond one end of its rung (the outer one first), where no label or
    marker is; hidden when neither end is free."""
    placed = _RectIndex()
    for tick in scene.grid_items:
        rung = tick.data(0)
        rect = tick.boundingRect()
        w, h = rect.width(), rect.height()
        start = QPointF(view.mapFromScene(QPointF(*rung.start)))
        end = QPointF(view.mapFromScene(QPointF(*rung.end)))
        length = math.hypot(end.x() - start.x(), end.y() - start.y()) or 1.0
        ux, uy = (end.x() - start.x()) / length, (end.y() - start.y()) / length
        chosen = None
        for tip, sign in ((end, 1.0), (start, -1.0)):
            for push in (4.0, 10.0):
                cx, cy = tip.x() + sign * ux * (push + w / 2), tip.y() + sign * uy * (push + h / 2)
                box = QRectF(cx - w / 2, cy - h / 2, w, h)
                clear = box.adjusted(-1, -1, 1, 1)  # a pixel of air: never touching a label's plate
                if view_rect.contains(box) and not (
                    labels.intersects(clear) or markers.intersects(clear) or placed.intersects(box)
                ):
                    chosen = box
                    break
            if chosen is not None:
                break
        if chosen is None:
            tick.setVisible(False)
            continue
        tick.setVisible(True)
        # mapToScene takes whole pixels only: rounding could push a number half a pixel onto a label
        tick.setPos(view.viewportTransform().inverted()[0].map(chosen.topLeft()))
        placed.add(chosen)


class _RectIndex:
    """Rectangles bucketed on a coarse grid, for fast overlap tests."""

    CELL = 64.0

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[QRectF]] = {}

    def _keys(self, rect: QRectF):
        x0, x1 = int(rect.left() // self.CELL), int(rect.right() // self.CELL)
        y0, y1 = int(rect.top() // self.CELL), int(rect.bottom() // self.CELL)
        for gx in range(x0, x1 + 1):
            for gy in range(y0, y1 + 1):
                yield gx, gy

    def add(self, rect: QRectF) -> None:
        for key in self._keys(rect):
            self.cells.setdefault(key, []).append(rect)

    def intersects(self, rect: QRectF, ignore: QRectF | None = None) -> bool:
        for key in self._keys(rect):
            for other in self.cells.get(key, ()):
                if other is ignore or (ignore is not None and other == ignore):
                    continue
                if other.intersects(rect):
                    return True
        return False

    def count_near(self, p: QPointF, distance: float) -> int:
        area = QRectF(p.x() - distance, p.y() - distance, 2 * distance, 2 * distance)
        seen: set[int] = set()
        for key in self._keys(area):
            for other in self.cells.get(key, ()):
                if id(other) not in seen and other.intersects(area):
                    seen.add(id(other))
        return len(seen)

    def crosses(self, a: QPointF, b: QPointF, ignore: QRectF | None = None) -> bool:
        """Whether the segment a-b passes through a rectangle (other than ``ignore``)."""
        box = QRectF(a, b).normalized().adjusted(-1, -1, 1, 1)
        for key in self._keys(box):
            for other in self.cells.get(key, ()):
                if ignore is not None and other == ignore:
                    continue
                if other.intersects(box) and _segment_hits_rect(a, b, other):
                    return True
        return False
